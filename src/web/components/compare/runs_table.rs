//! The table of recorded runs: one row per run (label, model, test metrics with the
//! baseline's value under them, epochs, training time, trainable numbers, training settings,
//! seed, data),
//! sortable by clicking (or pressing Enter on) any column header, a checkbox per run to select
//! it, a mean ± std row per seed group, and deleting runs.

use super::format;
use super::CompareUi;
use crate::compare::{group_summaries, sorted_ids, MetricInfo, RunRecord, SortKey, METRICS};
use crate::web::components::common::help_tip::{described_by, HelpTip};
use crate::web::state::RecordsState;
use leptos::prelude::*;

/// Metrics shown as columns (when any run has them): balanced accuracy stays in the records.
const SHOWN: [&str; 7] = ["accuracy", "macro_f1", "log_loss", "roc_auc", "r2", "rmse", "mae"];

/// A column of the table.
#[derive(Clone, Debug, PartialEq)]
enum Col {
    Id,
    Label,
    Model,
    Data,
    Settings,
    Seed,
    Metric(&'static MetricInfo),
    Epochs,
    TrainMs,
    Params,
}

impl Col {
    fn id(&self) -> &'static str {
        match self {
            Col::Id => "id",
            Col::Label => "label",
            Col::Model => "model",
            Col::Data => "data",
            Col::Settings => "settings",
            Col::Seed => "seed",
            Col::Metric(m) => m.name,
            Col::Epochs => "epochs",
            Col::TrainMs => "train_ms",
            Col::Params => "parameters",
        }
    }

    fn title(&self) -> &'static str {
        match self {
            Col::Id => "#",
            Col::Label => "run",
            Col::Model => "model",
            Col::Data => "data",
            Col::Settings => "training",
            Col::Seed => "seed",
            Col::Metric(m) => m.title,
            Col::Epochs => "epochs",
            Col::TrainMs => "train time",
            Col::Params => "parameters",
        }
    }

    fn key(&self) -> SortKey {
        match self {
            Col::Id => SortKey::Id,
            Col::Label => SortKey::Label,
            Col::Model => SortKey::Model,
            Col::Data => SortKey::Data,
            Col::Settings => SortKey::Settings,
            Col::Seed => SortKey::Seed,
            Col::Metric(m) => SortKey::Metric(m.name.to_string()),
            Col::Epochs => SortKey::Epochs,
            Col::TrainMs => SortKey::TrainMs,
            Col::Params => SortKey::Parameters,
        }
    }

    /// The first click sorts best first for metrics (and fastest / smallest first otherwise).
    fn first_descending(&self) -> bool {
        matches!(self, Col::Metric(m) if m.higher_is_better)
    }

    fn numeric(&self) -> bool {
        matches!(self, Col::Id | Col::Seed | Col::Metric(_) | Col::Epochs | Col::TrainMs | Col::Params)
    }

    /// The cell of `r` in this column, as text, with the baseline's value for metrics.
    fn cell(&self, r: &RunRecord) -> (String, Option<String>) {
        match self {
            Col::Id => (r.id.to_string(), None),
            Col::Label => (r.label.clone(), None),
            Col::Model => (r.model(), None),
            Col::Data => (r.data(), None),
            Col::Settings => (r.settings(), None),
            Col::Seed => (r.spec.seed.to_string(), None),
            Col::Metric(m) => match r.score(m.name) {
                Some(s) => (format::metric(s.value), s.baseline.map(|b| format!("baseline {}", format::metric(b)))),
                None => ("—".into(), None),
            },
            Col::Epochs => (r.epochs.to_string(), None),
            Col::TrainMs => (r.train_ms.map_or("—".into(), format::duration), None),
            Col::Params => (r.parameters.map_or("—".into(), crate::text::thousands), None),
        }
    }
}

/// The columns for these records: the run and its model, the metrics any of them has, the
/// cost, then the longer descriptions (the numbers stay in view on narrow screens).
fn columns(records: &[RunRecord]) -> Vec<Col> {
    let mut cols = vec![Col::Id, Col::Label, Col::Model];
    cols.extend(
        METRICS
            .iter()
            .filter(|m| SHOWN.contains(&m.name) && records.iter().any(|r| r.score(m.name).is_some()))
            .map(Col::Metric),
    );
    cols.extend([Col::Epochs, Col::TrainMs, Col::Params, Col::Settings, Col::Seed, Col::Data]);
    cols
}

/// The sortable header cell of `col`.
fn header(col: Col, ui: CompareUi) -> impl IntoView {
    let key = col.key();
    let (k1, k2) = (key.clone(), key.clone());
    let sorted = Signal::derive(move || ui.sort.with(|(k, d)| (*k == k1).then_some(*d)));
    let aria = move || match sorted.get() {
        Some(true) => "descending",
        Some(false) => "ascending",
        None => "none",
    };
    let arrow = move || match sorted.get() {
        Some(true) => " ▼",
        Some(false) => " ▲",
        None => "",
    };
    let first = col.first_descending();
    let click = move |_| {
        ui.sort.update(|(k, d)| {
            if *k == k2 {
                *d = !*d;
            } else {
                *k = k2.clone();
                *d = first;
            }
        })
    };
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
fn row(r: &RunRecord, cols: &[Col], ui: CompareUi, records: RecordsState) -> impl IntoView {
    let id = r.id;
    let name = format!("#{id} {}", r.label);
    let cells = cols
        .iter()
        .map(|c| {
            let (text, baseline) = c.cell(r);
            let title = match c {
                Col::Label => [r.failure.clone().map(|f| format!("failed: {f}")), Some(r.notes.join("; "))]
                    .into_iter()
                    .flatten()
                    .filter(|t| !t.is_empty())
                    .collect::<Vec<_>>()
                    .join("; "),
                _ => baseline.clone().unwrap_or_default(),
            };
            let failed = (*c == Col::Label)
                .then(|| r.failure.as_ref().map(|_| view! { <span class="failed">" (failed)"</span> }));
            view! {
                <td data-col=c.id() class:num=c.numeric() title=title>
                    <span class="value">{text}</span>
                    {failed}
                    {baseline.map(|b| view! { <span class="baseline">{b}</span> })}
                </td>
            }
        })
        .collect_view();
    view! {
        <tr data-testid=format!("run-row-{id}") class:selected=move || ui.is_selected(id) class:failed=r.failure.is_some()>
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

/// The mean ± std rows of the seed groups: the label spans the model's column too.
fn group_rows(records: &[RunRecord], cols: &[Col]) -> impl IntoView {
    let spanned = [Col::Model];
    let span = 1 + cols.iter().filter(|c| spanned.contains(c)).count();
    group_summaries(records)
        .into_iter()
        .map(|g| {
            let cells = cols
                .iter()
                .filter(|c| !spanned.contains(c))
                .map(|c| {
                    let text = match c {
                        Col::Label => format!("mean ± std over {} ({} runs)", g.group.title, g.members.len()),
                        Col::Metric(_) | Col::TrainMs => g.metrics.iter().find(|m| m.name == c.id()).map_or(String::new(), |m| {
                            if *c == Col::TrainMs {
                                format!("{} ± {}", format::duration(m.mean), format::duration(m.std))
                            } else {
                                format::mean_std(m.mean, m.std)
                            }
                        }),
                        Col::Id => "∑".into(),
                        _ => String::new(),
                    };
                    let colspan = if *c == Col::Label { span } else { 1 };
                    view! { <td data-col=c.id() class:num=c.numeric() colspan=colspan>{text}</td> }
                })
                .collect_view();
            view! { <tr class="group-row" data-testid=format!("group-row-{}", g.group.id)><td></td>{cells}<td></td></tr> }
        })
        .collect_view()
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
            let cols = columns(recs);
            let (key, descending) = ui.sort.get();
            let rows = sorted_ids(recs, &key, descending)
                .into_iter()
                .filter_map(|id| s.get(id))
                .map(|r| row(r, &cols, ui, records))
                .collect_view();
            let headers = cols.iter().cloned().map(|c| header(c, ui)).collect_view();
            let groups = group_rows(recs, &cols);
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
