//! How the selected runs' settings differ: one row per field whose value is not the same in
//! all of them (from the specs' JSON, see [`crate::compare::spec_diff_many`]), values that
//! differ from the first run's highlighted; optionally every field.

use super::CompareUi;
use crate::compare::diff::flatten;
use crate::compare::{show_value, spec_diff_many};
use crate::web::components::common::help_tip::{described_by, HelpTip};
use crate::web::state::RecordsState;
use leptos::prelude::*;

/// The settings of the selected runs, side by side.
#[component]
pub fn SpecDiffView() -> impl IntoView {
    let records = expect_context::<RecordsState>();
    let ui = expect_context::<CompareUi>();
    let ignore_seed = RwSignal::new(false);
    let show_all = RwSignal::new(false);
    let body = move || {
        let selected = ui.selected.get();
        records.store.with(|s| {
            let runs: Vec<_> = selected.iter().filter_map(|&id| s.get(id)).collect();
            if runs.len() < 2 {
                return view! { <p class="caption" data-testid="spec-diff-hint">"Select two or more runs to see how their settings differ."</p> }.into_any();
            }
            let specs: Vec<_> = runs.iter().map(|r| &r.spec).collect();
            let diffs = spec_diff_many(&specs, ignore_seed.get());
            let total = flatten(specs[0]).len();
            let summary = match diffs.len() {
                0 => "The selected runs have the same settings.".to_string(),
                1 => format!("1 of {total} settings differs."),
                n => format!("{n} of {total} settings differ."),
            };
            let rows: Vec<(String, Vec<String>, bool)> = if show_all.get() {
                let flat: Vec<_> = specs.iter().map(|s| flatten(s)).collect();
                let mut paths: Vec<&String> = flat.iter().flat_map(|f| f.keys()).collect();
                crate::order::sort_by_text(&mut paths, crate::order::Direction::Ascending, |p| p.as_str());
                paths.dedup();
                paths
                    .into_iter()
                    .map(|p| {
                        let values: Vec<String> = flat.iter().map(|f| show_value(&f.get(p).cloned())).collect();
                        let differs = diffs.iter().any(|d| &d.path == p);
                        (p.clone(), values, differs)
                    })
                    .collect()
            } else {
                diffs.iter().map(|d| (d.path.clone(), d.values.iter().map(show_value).collect(), true)).collect()
            };
            let heads = runs.iter().map(|r| view! { <th scope="col">{format!("#{} {}", r.id, r.label)}</th> }).collect_view();
            let rows = rows
                .into_iter()
                .map(|(path, values, differs)| {
                    let first = values.first().cloned().unwrap_or_default();
                    let cells = values
                        .into_iter()
                        .enumerate()
                        .map(|(k, v)| {
                            if differs && k > 0 && v != first {
                                view! { <td><mark>{v}</mark></td> }.into_any()
                            } else {
                                view! { <td>{v}</td> }.into_any()
                            }
                        })
                        .collect_view();
                    let shown = path.clone();
                    view! {
                        <tr class:differs=differs data-testid=if differs { "diff-row" } else { "same-row" } data-path=path>
                            <th scope="row">{shown}</th>
                            {cells}
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <p class="caption" data-testid="spec-diff-summary">{summary}</p>
                <div class="table-scroll">
                    <table class="spec-diff" data-testid="spec-diff">
                        <thead><tr><th scope="col">"setting"</th>{heads}</tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            }
            .into_any()
        })
    };
    view! {
        <div class="spec-diff-view">
            <h3>"Settings of the selected runs " <HelpTip ids=vec!["spec-diff"] about="the settings of the selected runs" /></h3>
            <div class="row">
                <label class="inline">
                    <input type="checkbox" data-testid="diff-ignore-seed" aria-describedby=described_by("spec-diff") prop:checked=move || ignore_seed.get()
                        on:change=move |ev| ignore_seed.set(event_target_checked(&ev)) />
                    " ignore the seed"
                </label>
                <label class="inline">
                    <input type="checkbox" data-testid="diff-show-all" aria-describedby=described_by("spec-diff") prop:checked=move || show_all.get()
                        on:change=move |ev| show_all.set(event_target_checked(&ev)) />
                    " show the settings that are the same too"
                </label>
            </div>
            {body}
        </div>
    }
}
