//! The instructor's choice of controls to hide or lock in a shared link: every control of the
//! page by its human name, grouped by panel, each with a Hide and a Lock box.
//!
//! The link keeps storing the controls' `data-testid`s (`teaching.hidden` / `teaching.locked`,
//! format unchanged). Ids that are not in [`CONTROLS`] (a link made with the command line or
//! by hand) are kept and listed under "Other", so editing such a link does not drop them.

use leptos::prelude::*;

/// A control the instructor may hide or lock: its `data-testid` and its name on screen.
pub struct Control {
    /// The `data-testid` the link stores.
    pub id: &'static str,
    /// What the reader sees it as.
    pub name: &'static str,
}

const fn c(id: &'static str, name: &'static str) -> Control {
    Control { id, name }
}

/// Every control that can be hidden or locked, grouped as the panels show them. Some exist
/// only for some data: table preparation for tables, noise and points for generated data, the
/// loss for regression.
pub const CONTROLS: &[(&str, &[Control])] = &[
    (
        "Run",
        &[
            c("train", "Play / pause (▶)"),
            c("step", "One epoch (+1)"),
            c("step-batch", "One batch (+b)"),
            c("stop", "Stop (■)"),
            c("reset", "Start again (↺)"),
        ],
    ),
    (
        "Data",
        &[
            c("dataset-select", "Dataset"),
            c("file-loader", "Own data (open, paste, web address)"),
            c("train-ratio", "Training share"),
            c("validation-share", "Validation share"),
            c("noise", "Noise"),
            c("points", "Number of points"),
            c("seed", "Seed"),
            c("regenerate", "Regenerate"),
        ],
    ),
    (
        "Table preparation",
        &[
            c("target-select", "Target"),
            c("task-select", "Task"),
            c("feature-picker", "Features used"),
            c("derived-features", "Derived features"),
            c("numeric-missing", "Missing numbers"),
            c("categorical-missing", "Missing categories"),
            c("scaling", "Scaling"),
        ],
    ),
    (
        "Model",
        &[
            c("add-layer", "Add a layer"),
            c("remove-layer", "Remove a layer"),
            c("layers", "Layer sizes"),
            c("activation", "Activation"),
            c("dropout", "Dropout"),
        ],
    ),
    (
        "Training",
        &[
            c("optimizer", "Optimizer"),
            c("learning-rate", "Learning rate"),
            c("schedule", "Learning-rate schedule"),
            c("l2", "L2 regularisation"),
            c("l1", "L1 regularisation"),
            c("loss", "Loss (regression)"),
            c("batch-size", "Batch size"),
            c("clip-norm", "Gradient clipping"),
            c("patience", "Early stopping patience"),
            c("epochs", "Epochs"),
        ],
    ),
    ("Page", &[c("share-panel", "Share panel")]),
];

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

/// One row: the control's name and its two boxes.
fn row(id: String, name: String, hide: RwSignal<Vec<String>>, lock: RwSignal<Vec<String>>) -> impl IntoView {
    let (hid, lid) = (id.clone(), id.clone());
    let (hid2, lid2) = (id.clone(), id.clone());
    view! {
        <tr data-control=id.clone()>
            <th scope="row">{name.clone()}</th>
            <td><input type="checkbox" data-testid=format!("hide-{id}") aria-label=format!("Hide {name}")
                prop:checked=move || hide.with(|v| v.contains(&hid))
                on:change=move |ev| set(hide, &hid2, event_target_checked(&ev)) /></td>
            <td><input type="checkbox" data-testid=format!("lock-{id}") aria-label=format!("Lock {name}")
                prop:checked=move || lock.with(|v| v.contains(&lid))
                on:change=move |ev| set(lock, &lid2, event_target_checked(&ev)) /></td>
        </tr>
    }
}

/// The table of controls with a Hide and a Lock box each, folded under a summary that counts
/// the choices.
#[component]
pub fn ControlPicker(
    /// Ids of the controls to hide.
    hide: RwSignal<Vec<String>>,
    /// Ids of the controls to lock.
    lock: RwSignal<Vec<String>>,
) -> impl IntoView {
    let mut other: Vec<String> = Vec::new();
    for id in hide.get_untracked().into_iter().chain(lock.get_untracked()) {
        if !known(&id) && !other.contains(&id) {
            other.push(id);
        }
    }
    let groups = CONTROLS
        .iter()
        .map(|(group, list)| (group.to_string(), list.iter().map(|c| (c.id.to_string(), c.name.to_string())).collect::<Vec<_>>()))
        .chain((!other.is_empty()).then(|| ("Other".to_string(), other.iter().map(|id| (id.clone(), id.clone())).collect())))
        .map(|(group, rows)| {
            view! {
                <tbody>
                    <tr class="group"><th colspan="3" scope="colgroup">{group}</th></tr>
                    {rows.into_iter().map(|(id, name)| row(id, name, hide, lock)).collect_view()}
                </tbody>
            }
        })
        .collect_view();
    view! {
        <details class="control-picker" data-testid="control-picker">
            <summary>{move || format!(
                "Hide or lock controls ({} hidden, {} locked)",
                hide.with(Vec::len),
                lock.with(Vec::len)
            )}</summary>
            <p class="caption">"Hidden controls are not shown to whoever opens the link; locked ones are shown but cannot be changed."</p>
            <table>
                <thead><tr><th scope="col">"Control"</th><th scope="col">"Hide"</th><th scope="col">"Lock"</th></tr></thead>
                {groups}
            </table>
        </details>
    }
}
