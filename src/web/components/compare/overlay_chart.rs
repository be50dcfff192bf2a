//! The selected runs' curves on one chart: a loss (linear or log scale) or the test /
//! validation accuracy or R², one line per run (see [`crate::viz::draw_run_curves`]), with
//! PNG / SVG downloads.

use super::CompareUi;
use crate::choice::Choice;
use crate::viz::{describe_run_curves, draw_run_curves, RunCurve, RunQuantity, Theme};
use crate::web::components::common::chart::Chart;
use crate::web::components::common::help_tip::{described_by, HelpTip};
use crate::web::glue::teach;
use crate::web::state::{AppState, RecordsState};
use leptos::prelude::*;

/// What the chart draws.
#[derive(Clone)]
struct Snapshot {
    runs: Vec<RunCurve>,
    quantity: RunQuantity,
    log_y: bool,
}

/// The overlaid curves of the selected runs.
#[component]
pub fn OverlayChart() -> impl IntoView {
    let records = expect_context::<RecordsState>();
    let ui = expect_context::<CompareUi>();
    let quantity = RwSignal::new(RunQuantity::TestLoss);
    let log_y = RwSignal::new(false);
    let runs = move || {
        let selected = ui.selected.get();
        records.store.with(|s| {
            selected
                .iter()
                .filter_map(|&id| s.get(id))
                .map(|r| RunCurve { label: format!("#{} {}", r.id, r.label), history: r.curves.clone() })
                .collect::<Vec<_>>()
        })
    };
    let label = Signal::derive(move || {
        let runs = runs();
        if runs.is_empty() {
            // What the empty chart waits for, with the runs there are to pick from.
            let recorded = records.store.with(|s| s.records().len());
            return format!(
                "{}: none of the {recorded} recorded runs is selected; tick runs in the table to draw their curves",
                quantity.get().label()
            );
        }
        let text = describe_run_curves(&runs, quantity.get());
        if log_y.get() && quantity.get().is_loss() {
            format!("{text} (logarithmic axis)")
        } else {
            text
        }
    });
    // Below 1,000 px (phones, tablets: the output column is then at most ~620 px wide) the wide
    // desktop chart would be shrunk until its labels are unreadable: it is drawn at the size of
    // the other charts instead, which shrink less.
    let narrow = (1.0..1000.0).contains(&teach::viewport_width());
    let (width, height) = if narrow { (420, 300) } else { (640, 320) };
    let state = expect_context::<AppState>();
    let options = RunQuantity::ALL.iter().map(|q| view! { <option value=q.name()>{q.label()}</option> }).collect_view();
    view! {
        <figure class="compare-chart">
            <div class="row">
                <label class="field">
                    <span class="field-label">"Curves of the selected runs"</span>
                    <select data-testid="compare-quantity" aria-describedby=described_by("compare-curves")
                        prop:value=move || quantity.get().name()
                        on:change=move |ev| {
                            match RunQuantity::parse(&event_target_value(&ev)) {
                                Ok(q) => quantity.set(q),
                                Err(e) => state.reject(e),
                            }
                        }>
                        {options}
                    </select>
                </label>
                <label class="inline">
                    <input type="checkbox" data-testid="compare-log" aria-describedby=described_by("compare-curves") prop:disabled=move || !quantity.get().is_loss()
                        prop:checked=move || log_y.get() on:change=move |ev| log_y.set(event_target_checked(&ev)) />
                    " log scale"
                </label>
                <HelpTip ids=vec!["compare-curves"] about="the curves of the selected runs" />
            </div>
            <Chart
                label=label
                width=width
                height=height
                testid="compare-chart"
                name="compare"
                data=move || Snapshot { runs: runs(), quantity: quantity.get(), log_y: log_y.get() }
                paint=crate::painter!(|area, s: &Snapshot| draw_run_curves(area, &s.runs, s.quantity, s.log_y, &Theme::default()))
            />
            <figcaption>"One line per selected run (colour, dash and marker differ); the legend names them by # and label."</figcaption>
        </figure>
    }
}
