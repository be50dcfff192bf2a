//! The stages: a tab list to move between them (a menu on phones), one panel per stage, and
//! under the shown stage the way on. Which stage is shown is [`ShareState::stage`], kept in
//! the address ([`crate::page::address`]); presentation mode always shows Model & train.
//!
//! Every stage stays mounted (what was typed or picked on a stage is there when coming back)
//! but only the shown one is laid out, and charts on hidden stages draw nothing
//! ([`StageShown`]).

use crate::choice::Choice;
use crate::spec::stage::Stage;
use crate::web::components::common::chart::StageShown;
use crate::web::components::common::help_tip::{described_by, HelpTip};
use crate::web::glue::teach;
use crate::web::state::{ShareState, TeachState};
use leptos::context::Provider;
use leptos::prelude::*;

/// The stage on screen: presentation mode shows Model & train whatever the address says.
fn on_screen(share: ShareState, teach: TeachState) -> Memo<Stage> {
    Memo::new(move |_| if teach.present.get() { Stage::Train } else { share.stage.get() })
}

/// `id` of a stage's tab.
fn tab_id(stage: Stage) -> String {
    format!("stage-tab-{}", stage.name())
}

/// `id` of a stage's panel.
fn panel_id(stage: Stage) -> String {
    format!("stage-panel-{}", stage.name())
}

/// The stage tabs (ARIA tab list: arrow keys, Home and End move and show; the shown tab is the
/// one Tab reaches) and, on phones, the same choice as a menu.
#[component]
pub fn StageNav() -> impl IntoView {
    let share = expect_context::<ShareState>();
    let shown = share.stage;
    // A stage opens at its top, like a page of its own.
    let go = move |stage: Stage| {
        if shown.get_untracked() != stage {
            share.show_stage(stage);
            teach::scroll_to_top();
        }
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let now = shown.get_untracked();
        let next = match teach::key(&ev).as_str() {
            "ArrowRight" => now.next().unwrap_or_else(Stage::first),
            "ArrowLeft" => now.previous().unwrap_or_else(Stage::last),
            "Home" => Stage::first(),
            "End" => Stage::last(),
            _ => return,
        };
        ev.prevent_default();
        go(next);
        teach::focus(&tab_id(next));
    };
    let tabs = Stage::ALL
        .iter()
        .copied()
        .map(|stage| {
            let selected = move || shown.get() == stage;
            view! {
                <button
                    type="button"
                    role="tab"
                    class="stage-tab"
                    id=tab_id(stage)
                    data-testid=format!("stage-{}", stage.name())
                    aria-selected=move || selected().to_string()
                    aria-controls=panel_id(stage)
                    aria-describedby=described_by("stages")
                    tabindex=move || if selected() { "0" } else { "-1" }
                    title=stage.purpose()
                    on:click=move |_| go(stage)
                >
                    <span class="stage-number" aria-hidden="true">{stage.index() + 1}</span>
                    {stage.label()}
                </button>
            }
        })
        .collect_view();
    let options = Stage::ALL
        .iter()
        .copied()
        .map(
            |stage| view! { <option value=stage.name() selected=move || shown.get() == stage>{stage.label()}</option> },
        )
        .collect_view();
    let pick = move |ev: leptos::ev::Event| match Stage::parse(&event_target_value(&ev)) {
        Ok(stage) => go(stage),
        Err(e) => share.notice.set(Some(e.to_string())),
    };
    view! {
        <nav class="stage-nav" aria-label="Stages">
            <div class="stage-tabs" role="tablist" aria-label="Stages" on:keydown=on_key>
                {tabs}
            </div>
            <label class="stage-menu">
                <span class="field-label" id="label-stage-menu">"Stage"</span>
                <select data-testid="stage-menu" aria-labelledby="label-stage-menu" aria-describedby=described_by("stages")
                    prop:value=move || shown.get().name() on:change=pick>
                    {options}
                </select>
            </label>
            <HelpTip ids=vec!["stages"] about="the stages" />
        </nav>
    }
}

/// One stage's panel: laid out only while its stage is on screen; its charts draw only then.
#[component]
pub fn StagePanel(
    /// The stage.
    stage: Stage,
    /// What the stage shows.
    children: Children,
) -> impl IntoView {
    let share = expect_context::<ShareState>();
    let teach = expect_context::<TeachState>();
    let screen = on_screen(share, teach);
    let shown = Signal::derive(move || screen.get() == stage);
    view! {
        <section
            class=format!("stage stage-{}", stage.name())
            role="tabpanel"
            id=panel_id(stage)
            data-stage=stage.name()
            aria-labelledby=tab_id(stage)
            hidden=move || !shown.get()
        >
            <p class="stage-purpose">{stage.purpose()}</p>
            // Each stage's own context (a component is no reactive owner of its own).
            <Provider value=StageShown(shown)>{children()}</Provider>
        </section>
    }
}

/// The way on, under the stage shown: what the next stage is for and a button to it (none after
/// the last stage). One for the page, so its explanation is on the page once.
#[component]
pub fn StageFoot() -> impl IntoView {
    let share = expect_context::<ShareState>();
    let teach = expect_context::<TeachState>();
    let screen = on_screen(share, teach);
    move || {
        screen.get().next().map(|after| {
            view! {
                <p class="stage-foot">
                    <span class="caption">{format!("Next: {}", after.purpose())}</span>
                    <button type="button" class="stage-next" data-testid="stage-next" aria-describedby=described_by("stage-next")
                        on:click=move |_| {
                            share.show_stage(after);
                            teach::scroll_to_top();
                            teach::focus(&tab_id(after));
                        }>
                        {format!("{} ›", after.label())}
                    </button>
                    <HelpTip ids=vec!["stage-next"] about="the next stage" />
                </p>
            }
        })
    }
}
