//! The table of recorded runs: one row per run (label, model, test metrics with the
//! baseline's value under them, epochs, training time, trainable numbers, training settings,
//! seed, data),
//! sortable by clicking (or pressing Enter on) any column header, a checkbox per run to select
//! it, a mean ± std row per seed group, and deleting runs. The table's model (columns, cells,
//! order, group rows) is [`crate::compare::RunsTable`]; this file lays it out and binds it.

use super::CompareUi;
use crate::compare::table::{Column, GroupRow, Row};
use crate::compare::RunsTable as Model;
use crate::web::components::common::help_tip::{described_by, HelpTip};
use crate::web::state::RecordsState;
use leptos::prelude::*;

/// The sortable header cell of `col`.
fn header(col: Column, ui: CompareUi) -> impl IntoView {
    let aria = move || ui.sort.with(|s| s.aria_sort(col));
    let arrow = move || ui.sort.with(|s| s.arrow(col));
    let click = move |_| ui.sort.update(|s| *s = s.clicked(col));
    view! {
        <th scope="col" aria-sort=aria class:num=col.numeric()>
            <button class="sort" data-testid=format!("sort-{}", col.id()) aria-describedby=described_by("runs-table") on:click=click
                title=format!("Sort by {}", col.title())>
                {col.title()}{arrow}
            </button>
        </th>
    }
}

/// One run's row.
fn row(r: Row, ui: CompareUi, records: RecordsState) -> impl IntoView {
    let Row { id, name, failed, cells } = r;
    let cells = cells
        .into_iter()
        .map(|c| {
            let mark = (c.column == Column::Label && failed).then(|| view! { <span class="failed">" (failed)"</span> });
            view! {
                <td data-col=c.column.id() class:num=c.column.numeric() title=c.title>
                    <span class="value">{c.text}</span>
                    {mark}
                    {c.baseline.map(|b| view! { <span class="baseline">{b}</span> })}
                </td>
            }
        })
        .collect_view();
    view! {
        <tr data-testid=format!("run-row-{id}") class:selected=move || ui.is_selected(id) class:failed=failed>
            <td>
                <input type="checkbox" data-testid=format!("select-{id}") aria-label=format!("Select {name}")
                    aria-describedby=described_by("runs-table")
                    prop:checked=move || ui.is_selected(id)
                    on:change=move |ev| ui.set_selected(id, event_target_checked(&ev)) />
            </td>
            {cells}
            <td>
                <button class="link" data-testid=format!("delete-{id}") aria-label=format!("Delete {name}")
                    aria-describedby=described_by("runs-table")
                    on:click=move |_| records.remove(&[id])>"delete"</button>
            </td>
        </tr>
    }
}

/// A seed group's mean ± std row.
fn group_row(g: GroupRow) -> impl IntoView {
    let cells = g
        .cells
        .into_iter()
        .map(|c| view! { <td data-col=c.column.id() class:num=c.column.numeric() colspan=c.colspan>{c.text}</td> })
        .collect_view();
    view! { <tr class="group-row" data-testid=format!("group-row-{}", g.id)><td></td>{cells}<td></td></tr> }
}

/// The runs table with its selection and deletion controls.
#[component]
pub fn RunsTable() -> impl IntoView {
    let records = expect_context::<RecordsState>();
    let ui = expect_context::<CompareUi>();
    let confirm_clear = RwSignal::new(false);
    let all_ids = move || records.store.with(|s| s.records().iter().map(|r| r.id).collect::<Vec<_>>());
    let table = move || {
        records.store.with(|s| {
            let recs = s.records();
            if recs.is_empty() {
                return view! {
                    <p class="caption" data-testid="runs-empty">
                        "No runs recorded yet: train a run to the end (or press ■), or queue runs above."
                    </p>
                }
                .into_any();
            }
            let model = ui.sort.with(|sort| Model::new(recs, sort));
            let headers = model.columns.iter().map(|&c| header(c, ui)).collect_view();
            let rows = model.rows.into_iter().map(|r| row(r, ui, records)).collect_view();
            let groups = model.groups.into_iter().map(group_row).collect_view();
            view! {
                <div class="table-scroll">
                    <table class="runs-table" data-testid="runs-table">
                        <caption>"Recorded runs: test metrics of each run, with the baseline's under them. Click a column to sort."</caption>
                        <thead>
                            <tr>
                                <th scope="col">
                                    <input type="checkbox" data-testid="select-all" aria-label="Select all runs"
                                        aria-describedby=described_by("runs-table")
                                        prop:checked=move || { let ids = all_ids(); !ids.is_empty() && ids.iter().all(|&id| ui.is_selected(id)) }
                                        on:change=move |ev| ui.selected.set(if event_target_checked(&ev) { all_ids() } else { Vec::new() }) />
                                </th>
                                {headers}
                                <th scope="col"><span class="visually-hidden">"Delete"</span></th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                        <tbody class="groups">{groups}</tbody>
                    </table>
                </div>
            }
            .into_any()
        })
    };
    let selected = move || ui.selected.with(Vec::len);
    view! {
        {table}
        <div class="row compare-actions">
            <HelpTip ids=vec!["runs-table"] about="the table of runs" />
            <button data-testid="delete-selected" aria-describedby=described_by("runs-table") disabled=move || selected() == 0
                on:click=move |_| records.remove(&ui.selected.get_untracked())>
                {move || format!("Delete {} selected", selected())}
            </button>
            {move || if confirm_clear.get() {
                view! {
                    <span role="alert">"Delete every recorded run?"</span>
                    <button data-testid="clear-confirm" aria-describedby=described_by("runs-table")
                        on:click=move |_| { records.clear(); confirm_clear.set(false); }>"Yes, delete all"</button>
                    <button data-testid="clear-keep" aria-describedby=described_by("runs-table") on:click=move |_| confirm_clear.set(false)>"Keep them"</button>
                }.into_any()
            } else {
                view! {
                    <button data-testid="clear-runs" aria-describedby=described_by("runs-table") disabled=move || all_ids().is_empty()
                        on:click=move |_| confirm_clear.set(true)>"Delete all runs…"</button>
                }.into_any()
            }}
        </div>
    }
}
