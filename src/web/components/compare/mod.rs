//! The Compare panel: the recorded runs in a sortable table with mean ± std rows for seed
//! groups, their curves overlaid, the differences between their settings, and the queue that
//! trains more runs in the background (seeds, a grid search, linear vs MLP).
//!
//! One concern per file: `runs_table` (the table and deleting runs), `overlay_chart` (the
//! curves of the selected runs), `diff_view` (their differing settings), `queue_controls`
//! (planning runs and the queue's status); numbers are written by `crate::compare::format`.

pub mod diff_view;
pub mod overlay_chart;
pub mod queue_controls;
pub mod runs_table;

use crate::compare::TableSort;
use crate::web::components::common::chart::stage_shown;
use crate::web::components::common::help_tip::{described_by, HelpTip};
use crate::web::state::RecordsState;
use diff_view::SpecDiffView;
use leptos::prelude::*;
use overlay_chart::OverlayChart;
use queue_controls::{QueueControls, QueueStatus};
use runs_table::RunsTable;

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

/// The Compare panel's body: its code is a wasm chunk of its own (wasm-split), fetched the
/// first time the Compare stage is shown, so the page's first download does not carry it.
/// The view is built inside the chunk, under the panel's owner (its contexts).
#[allow(unsafe_code)] // the split point's extern "C" import/export pair (wasm_split_macros)
mod lazy_body {
    use super::*;
    use leptos::wasm_split::SplitLoaderError;

    #[leptos::wasm_split::wasm_split(compare_body, wasm_split_path = ::leptos::wasm_split, fallible)]
    pub fn compare_body() -> Result<AnyView, SplitLoaderError> {
        Ok(view! {
            <QueueControls />
            <RunsTable />
            <OverlayChart />
            <SpecDiffView />
        }
        .into_any())
    }
}

/// The Compare panel; its contents are loaded and built the first time its stage is shown
/// (the page's first load stays light), and kept from then on.
#[component]
pub fn ComparePanel() -> impl IntoView {
    let records = expect_context::<RecordsState>();
    let shown = stage_shown();
    // The body once its chunk has loaded; `open` flips when it is there to be taken.
    let open = RwSignal::new(false);
    let loading = StoredValue::new(false);
    let body: StoredValue<Option<AnyView>, LocalStorage> = StoredValue::new_local(None);
    let failed = RwSignal::new(None::<String>);
    // The body is built under the panel's owner (not the effect's, which a rerun disposes).
    let owner = Owner::current();
    Effect::new(move |_| {
        if shown.get() && !open.get_untracked() && !loading.get_value() {
            loading.set_value(true);
            let Some(owner) = &owner else { return };
            owner.with(|| leptos::task::spawn_local_scoped(async move {
                match lazy_body::compare_body().await {
                    Ok(view) => {
                        body.set_value(Some(view));
                        open.set(true);
                    }
                    Err(e) => failed.set(Some(format!("The Compare panel could not be loaded ({e}): reload the page."))),
                }
                loading.set_value(false);
            }));
        }
    });
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
                {move || if open.get() { body.try_update_value(Option::take).flatten() } else { None }}
                {move || failed.get().map(|m| view! { <p class="error" role="alert">{m}</p> })}
            </div>
        </section>
    }
}
