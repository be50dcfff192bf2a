//! The instructor's choice of controls to hide or lock in a shared link (and, for a lesson
//! step, to highlight): every control of the page by its human name, grouped by panel as in
//! [`crate::web::catalogue`], each with a Hide and a Lock box (and a Highlight box).
//!
//! The link keeps storing the controls' `data-testid`s (`teaching.hidden` / `teaching.locked`,
//! format unchanged). Ids that are not in [`CONTROLS`] (a link made with the command line or
//! by hand) are kept and listed under "Other", so editing such a link does not drop them.

use crate::web::components::common::help_tip::{described_by, HelpTip};
use leptos::prelude::*;

use crate::web::catalogue;
pub use crate::web::catalogue::{Control, CONTROLS};

fn known(id: &str) -> bool {
    CONTROLS.iter().any(|(_, list)| list.iter().any(|c| c.id == id))
}

/// Adds `id` to `list` when `on`, removes it otherwise (keeping the order of the others).
fn set(list: RwSignal<Vec<String>>, id: &str, on: bool) {
    list.update(|v| {
        v.retain(|x| x != id);
        if on {
            v.push(id.to_string());
        }
    });
}

/// Where a row's boxes write: the three lists, the prefix of the boxes' `data-testid`s, and
/// whether the row is a chart or panel (highlight only).
#[derive(Clone, Copy)]
struct Boxes {
    hide: RwSignal<Vec<String>>,
    lock: RwSignal<Vec<String>>,
    mark: Option<RwSignal<Vec<String>>>,
    prefix: &'static str,
    /// The picker's `data-testid`, also the id of its explanation.
    help: &'static str,
}

/// A group of rows: its heading, (id, name) of each row, and whether it is highlight-only.
type Group = (String, Vec<(String, String)>, bool);

/// One checkbox writing `id` into `list`, described by the picker's explanation `help`.
fn check(list: RwSignal<Vec<String>>, id: &str, testid: String, label: String, help: &'static str) -> impl IntoView {
    let (a, b) = (id.to_string(), id.to_string());
    view! {
        <td><input type="checkbox" data-testid=testid aria-label=label aria-describedby=described_by(help)
            prop:checked=move || list.with(|v| v.contains(&a))
            on:change=move |ev| set(list, &b, event_target_checked(&ev)) /></td>
    }
}

/// One row: the name and its boxes (Highlight when asked, then Hide and Lock unless the row is
/// a chart or panel).
fn row(id: String, name: String, boxes: Boxes, highlight_only: bool) -> impl IntoView {
    let p = boxes.prefix;
    view! {
        <tr data-control=id.clone()>
            <th scope="row">{name.clone()}</th>
            {boxes.mark.map(|m| check(m, &id, format!("{p}highlight-{id}"), format!("Highlight {name}"), boxes.help))}
            {(!highlight_only).then(|| view! {
                {check(boxes.hide, &id, format!("{p}hide-{id}"), format!("Hide {name}"), boxes.help)}
                {check(boxes.lock, &id, format!("{p}lock-{id}"), format!("Lock {name}"), boxes.help)}
            })}
            {highlight_only.then(|| view! { <td></td><td></td> })}
        </tr>
    }
}

/// The table of controls with a Hide and a Lock box each (and, for a lesson step, a Highlight
/// box, with the charts and panels to highlight too), folded under a summary that counts the
/// choices.
#[component]
pub fn ControlPicker(
    /// Ids of the controls to hide.
    hide: RwSignal<Vec<String>>,
    /// Ids of the controls to lock.
    lock: RwSignal<Vec<String>>,
    /// Ids to highlight (a lesson step's); no Highlight column without it.
    #[prop(optional)]
    highlight: Option<RwSignal<Vec<String>>>,
    /// `data-testid` of the picker, also the id of its explanation in [`crate::web::help`].
    #[prop(default = "control-picker")]
    testid: &'static str,
    /// Prefix of the boxes' `data-testid`s (`hide-…`, `lock-…`, `highlight-…`), so that two
    /// pickers on one page stay apart.
    #[prop(default = "")]
    prefix: &'static str,
) -> impl IntoView {
    let boxes = Boxes { hide, lock, mark: highlight, prefix, help: testid };
    let mut other: Vec<String> = Vec::new();
    let marked = highlight.map(|h| h.get_untracked()).unwrap_or_default();
    for id in hide.get_untracked().into_iter().chain(lock.get_untracked()).chain(marked) {
        if !known(&id) && catalogue::name_of(&id).is_none() && !other.contains(&id) {
            other.push(id);
        }
    }
    let columns = if highlight.is_some() { "4" } else { "3" };
    let named = |list: &[Control]| list.iter().map(|c| (c.id.to_string(), c.name.to_string())).collect::<Vec<_>>();
    let mut groups: Vec<Group> = CONTROLS.iter().map(|(group, list)| (group.to_string(), named(list), false)).collect();
    if highlight.is_some() {
        groups.push(("Charts (highlight only)".into(), named(catalogue::CHARTS), true));
        groups.push(("Panels (highlight only)".into(), named(catalogue::VIEWS), true));
    }
    if !other.is_empty() {
        groups.push(("Other".into(), other.iter().map(|id| (id.clone(), id.clone())).collect(), false));
    }
    let groups = groups
        .into_iter()
        .map(|(group, rows, highlight_only)| {
            view! {
                <tbody>
                    <tr class="group"><th colspan=columns scope="colgroup">{group}</th></tr>
                    {rows.into_iter().map(|(id, name)| row(id, name, boxes, highlight_only)).collect_view()}
                </tbody>
            }
        })
        .collect_view();
    view! {
        <details class="control-picker" data-testid=testid>
            <summary aria-describedby=described_by(testid)>{move || match highlight {
                None => format!("Hide or lock controls ({} hidden, {} locked)", hide.with(Vec::len), lock.with(Vec::len)),
                Some(h) => format!(
                    "Highlight, hide or lock controls ({} highlighted, {} hidden, {} locked)",
                    h.with(Vec::len),
                    hide.with(Vec::len),
                    lock.with(Vec::len)
                ),
            }}</summary>
            <p class="caption">
                "Hidden controls are not shown to whoever opens the link; locked ones are shown but cannot be changed."
                " "<HelpTip ids=vec![testid] about="hiding and locking controls" />
            </p>
            <table>
                <thead><tr>
                    <th scope="col">"Control"</th>
                    {highlight.map(|_| view! { <th scope="col">"Highlight"</th> })}
                    <th scope="col">"Hide"</th><th scope="col">"Lock"</th>
                </tr></thead>
                {groups}
            </table>
        </details>
    }
}
