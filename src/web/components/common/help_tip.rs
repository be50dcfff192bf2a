//! Explanations in place (texts in [`crate::web::help`]):
//! - [`HelpTip`]: a "?" toggletip next to a control's label. It opens on click, Enter or Space,
//!   and closes on a second press, on Escape and when the focus leaves it. Each explanation has
//!   an `id` ([`help_id`]) that its control names in `aria-describedby`, so a screen reader reads
//!   it with the control even while the tip is closed.
//! - [`Explain`]: a "What is this?" disclosure under a chart or panel, whose text the chart's
//!   canvas also names in `aria-describedby`.

use crate::web::catalogue::name_of;
use crate::web::glue::teach;
use crate::web::help::{explain, Explanation};
use leptos::prelude::*;

pub use crate::web::help::help_id;

/// `help_id(id)` when `id` has an explanation, for a control's `aria-describedby`.
pub fn described_by(id: &str) -> Option<String> {
    explain(id).map(|_| help_id(id))
}

/// One explanation's text and formula, in an element with its [`help_id`]; with the
/// control's name in front when a tip explains several.
fn explanation(e: &'static Explanation, named: bool) -> impl IntoView {
    let name = named.then(|| name_of(e.id).map(|n| view! { <strong>{format!("{n}: ")}</strong> }));
    view! {
        <span class="tip-line" id=help_id(e.id)>
            {name}
            {e.text}
            {(!e.formula.is_empty()).then(|| view! { <span class="formula">{e.formula}</span> })}
        </span>
    }
}

/// A "?" button that shows the explanations of `ids` (a control's own id, or the buttons of a
/// group), then `children` (lines that depend on the experiment, each a `tip-line`); nothing
/// when none of `ids` is explained.
#[component]
pub fn HelpTip(
    /// Catalogue ids explained by this tip.
    #[prop(into)]
    ids: Vec<&'static str>,
    /// What the tip is about, for the button's name: "What is {about}?".
    about: &'static str,
    /// More lines under the explanations.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let found: Vec<&'static Explanation> = ids.iter().filter_map(|id| explain(id)).collect();
    let first = found.first()?.id;
    let open = RwSignal::new(false);
    let box_id = format!("tip-{first}");
    let named = found.len() > 1;
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if teach::key(&ev) == "Escape" && open.get_untracked() {
            open.set(false);
            ev.stop_propagation();
        }
    };
    Some(view! {
        <span class="tip" data-testid=format!("help-{first}")>
            <button
                type="button"
                class="tip-toggle"
                aria-label=format!("What is {about}?")
                aria-expanded=move || open.get().to_string()
                aria-controls=box_id.clone()
                on:click=move |ev| {
                    ev.prevent_default();
                    open.update(|o| *o = !*o);
                }
                on:keydown=on_key
                on:blur=move |_| open.set(false)
            >"?"</button>
            <span class="tip-box" id=box_id.clone() role="note" hidden=move || !open.get()>
                {found.into_iter().map(|e| explanation(e, named)).collect_view()}
                {children.map(|lines| lines())}
            </span>
        </span>
    })
}

/// "What is this?" under the chart or panel `id`; nothing when it has no explanation.
#[component]
pub fn Explain(
    /// The chart's or panel's `data-testid`.
    #[prop(into)]
    id: String,
) -> impl IntoView {
    let e = explain(&id)?;
    let name = name_of(&id).map_or_else(|| id.clone(), str::to_string);
    Some(view! {
        <details class="explain" data-testid=format!("explain-{id}")>
            <summary>"What is this?" <span class="sr-only">{format!(" ({name})")}</span></summary>
            <p>{explanation(e, false)}</p>
        </details>
    })
}
