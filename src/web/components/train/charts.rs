//! Training charts: loss curves (linear or log scale) and the accuracy / R² curves, with the
//! current (or kept) epoch marked. The decision map is in `boundary_chart`, the network in
//! `network_chart`, the results in `result_charts`.

use crate::data::Task;
use crate::train::EpochMetrics;
use crate::viz::{describe_loss_curves, describe_metric_curves, draw_loss_curves, draw_metric_curves, Metric, Theme};
use crate::web::components::common::chart::Chart;
use crate::web::components::common::help_tip::{described_by, HelpTip};
use crate::web::state::AppState;
use leptos::prelude::*;

/// Least time between two redraws of a curve chart while training, ms: four a second follow
/// the curves well, and each redraw (text-heavy axes and legend, a canvas the compositor
/// copies) costs the page's main thread several milliseconds that the decision map needs more.
const CURVES_INTERVAL_MS: f64 = 250.0;

/// What a curve chart draws: the history and the epoch to mark.
#[derive(Clone)]
struct Curves {
    history: Vec<EpochMetrics>,
    marker: Option<usize>,
    log_y: bool,
}

/// The epoch to mark: the kept one when a stop restored earlier weights, else the latest.
fn marker(state: AppState) -> Option<usize> {
    state.stopped_at.get().or_else(|| state.history.with(|h| h.last().map(|m| m.epoch)))
}

/// Train, validation and test loss per epoch, on a linear or logarithmic axis.
#[component]
pub fn LossChart() -> impl IntoView {
    let state = expect_context::<AppState>();
    let log_y = RwSignal::new(false);
    let label = Signal::derive(move || {
        let text = state.history.with(|h| describe_loss_curves(h, marker(state)));
        if log_y.get() {
            format!("{text} (logarithmic axis)")
        } else {
            text
        }
    });
    view! {
        <Chart
            label=label
            width=420
            height=240
            testid="loss-chart"
            name="loss"
            data=move || Curves { history: state.history.get(), marker: marker(state), log_y: log_y.get() }
            paint=crate::painter!(|area, c: &Curves| draw_loss_curves(area, &c.history, c.log_y, c.marker, &Theme::default()))
            min_interval_ms=CURVES_INTERVAL_MS
        />
        <span class="field-row">
            <label class="inline">
                <input type="checkbox" data-testid="loss-log" aria-describedby=described_by("loss-log")
                    prop:checked=move || log_y.get() on:change=move |ev| log_y.set(event_target_checked(&ev)) />
                " log scale"
            </label>
            <HelpTip ids=vec!["loss-log"] about="the log scale" />
        </span>
    }
}

/// Accuracy (classification) or R² (regression) per epoch on train, validation and test.
#[component]
pub fn MetricChart() -> impl IntoView {
    let state = expect_context::<AppState>();
    let metric = move || match state.task.get() {
        Some(Task::Regression) => Metric::R2,
        _ => Metric::Accuracy,
    };
    let label = Signal::derive(move || state.history.with(|h| describe_metric_curves(h, metric(), marker(state))));
    view! {
        <Chart
            label=label
            width=420
            height=240
            testid="metric-chart"
            name="metric"
            data=move || (Curves { history: state.history.get(), marker: marker(state), log_y: false }, metric())
            paint=crate::painter!(|area, c: &(Curves, Metric)| draw_metric_curves(area, &c.0.history, c.1, c.0.marker, &Theme::default()))
            min_interval_ms=CURVES_INTERVAL_MS
        />
    }
}
