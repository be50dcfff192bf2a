//! The header's teaching tools: the "Lessons" menu (Lantern's own lessons, as share links that
//! can also be copied or opened in a new tab) and the presentation-mode switch.

use crate::spec::lesson::builtin::BUILTIN_LESSONS;
use crate::web::components::common::help_tip::{described_by, HelpTip};
use crate::web::glue::{teach, url};
use crate::web::state::{AppState, ShareState, TeachState};
use leptos::prelude::*;

/// The bundled lessons, each a link that opens it at its first step.
#[component]
pub fn LessonsMenu() -> impl IntoView {
    let state = expect_context::<AppState>();
    let share = expect_context::<ShareState>();
    let shown = RwSignal::new(false);
    let items = BUILTIN_LESSONS
        .iter()
        .filter_map(|b| {
            // Bundled lessons are checked by the native tests; one that failed would be left out.
            let link = b.link().ok()?;
            let fragment = link.to_fragment().ok()?;
            let title = link.lesson.as_ref().map(|l| l.title.clone())?;
            let steps = link.lesson.as_ref().map_or(0, |l| l.steps.len());
            let href = fragment.clone();
            let open = move |ev: leptos::ev::MouseEvent| {
                ev.prevent_default();
                url::push_fragment(&fragment);
                state.error.set(None);
                share.open(link.clone());
                shown.set(false);
            };
            Some(view! {
                <li>
                    <a href=href data-testid=format!("lesson-{}", b.name) aria-describedby=described_by("lessons-menu") on:click=open>{title}</a>
                    <span class="caption">{format!(" · {steps} steps")}</span>
                </li>
            })
        })
        .collect_view();
    view! {
        <details class="lessons-menu" data-testid="lessons-menu" prop:open=move || shown.get()
            on:toggle=move |ev| shown.set(event_target::<web_sys::HtmlElement>(&ev).has_attribute("open"))
            on:keydown=move |ev| if teach::key(&ev) == "Escape" && shown.get_untracked() {
                shown.set(false);
                ev.stop_propagation();
            }>
            <summary aria-describedby=described_by("lessons-menu")>"Lessons"</summary>
            <div class="menu-box">
                <p class="caption">"Guided lessons, step by step. Each is a link: copy it to share it."</p>
                <ul>{items}</ul>
            </div>
        </details>
        <HelpTip ids=vec!["lessons-menu"] about="the lessons" />
    }
}

/// Presentation mode on and off (Escape also leaves it; `?present` in the address opens it).
#[component]
pub fn PresentToggle() -> impl IntoView {
    let teach = expect_context::<TeachState>();
    view! {
        <button
            type="button"
            class="present-toggle"
            data-testid="present-toggle"
            aria-pressed=move || teach.present.get().to_string()
            aria-describedby=described_by("present-toggle")
            on:click=move |_| teach.present.update(|p| *p = !*p)
        >
            {move || if teach.present.get() { "Leave presentation (Esc)" } else { "Present" }}
        </button>
        <HelpTip ids=vec!["present-toggle"] about="presentation mode" />
    }
}
