//! The Compare panel: the recorded runs in a sortable table with mean ± std rows for seed
//! groups, their curves overlaid, the differences between their settings, and the queue that
//! trains more runs in the background (seeds, a grid search, every algorithm).
//!
//! One concern per file: `runs_table` (the table and deleting runs), `overlay_chart` (the
//! curves of the selected runs), `diff_view` (their differing settings), `queue_controls`
//! (planning runs and the queue's status), `search_panel` (random search and TPE over ranges);
//! numbers are written by `crate::compare::format`.

pub mod diff_view;
pub mod overlay_chart;
pub mod queue_controls;
pub mod runs_table;
pub mod search_panel;

use crate::compare::TableSort;
use crate::web::components::common::chart::stage_shown;
use crate::web::components::common::help_tip::{described_by, HelpTip};
use crate::web::components::common::lazy::LazyPart;
use crate::web::state::RecordsState;
use diff_view::SpecDiffView;
use leptos::prelude::*;
use overlay_chart::OverlayChart;
use queue_controls::{QueueControls, QueueStatus};
use runs_table::RunsTable;
use search_panel::SearchPanel;

/// What the user picked in the panel: the selected runs (in order of selection) and the
/// table's order.
#[derive(Clone, Copy)]
pub struct CompareUi {
    /// Ids of the selected runs.
    pub selected: RwSignal<Vec<u64>>,
    /// The table's order.
    pub sort: RwSignal<TableSort>,
}

impl CompareUi {
    /// Whether run `id` is selected (tracked).
    pub fn is_selected(&self, id: u64) -> bool {
        self.selected.with(|s| s.contains(&id))
    }

    /// Selects or unselects run `id`.
    pub fn set_selected(&self, id: u64, on: bool) {
        self.selected.update(|s| {
            s.retain(|&x| x != id);
            if on {
                s.push(id);
            }
        });
    }
}

/// The Compare panel's body: a wasm chunk of its own ([`LazyPart`]), fetched the first time
/// the Compare stage is shown.
#[allow(unsafe_code)] // the split point's extern "C" import/export pair (wasm_split_macros)
mod lazy_body {
    use super::*;
    use crate::web::components::common::lazy::Loaded;

    #[leptos::wasm_split::wasm_split(compare_body, wasm_split_path = ::leptos::wasm_split, fallible)]
    pub fn compare_body() -> Loaded {
        Ok(view! {
            <QueueControls />
            <SearchPanel />
            <RunsTable />
            <OverlayChart />
            <SpecDiffView />
        }
        .into_any())
    }
}

/// The Compare panel; its body is loaded and built the first time its stage is shown (the
/// page's first download stays light), and kept from then on.
#[component]
pub fn ComparePanel() -> impl IntoView {
    let records = expect_context::<RecordsState>();
    let ui = CompareUi { selected: RwSignal::new(Vec::new()), sort: RwSignal::new(TableSort::default()) };
    provide_context(ui);
    // Deleted runs leave the selection.
    Effect::new(move |_| {
        let ids: Vec<u64> = records.store.with(|s| s.records().iter().map(|r| r.id).collect());
        if ui.selected.with_untracked(|s| s.iter().any(|id| !ids.contains(id))) {
            ui.selected.update(|s| s.retain(|id| ids.contains(id)));
        }
    });
    let count = move || records.store.with(|s| s.records().len());
    view! {
        <section class="panel compare" aria-labelledby="compare-title" aria-describedby=described_by("compare") data-testid="compare">
            <div class="compare-head">
                <h2 id="compare-title">"Compare runs"</h2>
                <HelpTip ids=vec!["compare"] about="comparing runs" />
                <span class="caption" data-testid="compare-count">{move || format!("{} recorded runs", count())}</span>
            </div>
            <QueueStatus />
            <div id="compare-body" data-testid="compare-body">
                <LazyPart when=stage_shown() load=lazy_body::compare_body what="The Compare panel" />
            </div>
        </section>
    }
}
