//! Charts of a finished run's test-set results: the confusion matrix, ROC and
//! precision-recall curves (one-vs-rest for more classes) for a classifier; predicted against
//! actual and the residuals for a regression; for two classes, the decision-threshold readout
//! (`threshold.rs`); the inputs' importance for every model.

use crate::train::evaluation::ClassificationReport;
use crate::train::Evaluation;
use crate::train::Importance;
use crate::viz::importance::{footnote, importance_height};
use crate::viz::{
    describe_confusion_matrix, describe_importance, describe_pr_curves, describe_predicted_vs_actual,
    describe_residuals, describe_roc_curves, draw_confusion_matrix, draw_importance, draw_pr_curves,
    draw_predicted_vs_actual, draw_residuals, draw_roc_curves, Theme,
};
use crate::web::components::common::chart::{stage_shown, Chart};
use crate::web::components::common::lazy::LazyPart;
use crate::web::state::AppState;
use leptos::prelude::*;

const SIZE: (u32, u32) = (400, 320);
/// The importance chart spans the stage (two panels side by side).
const WIDE_WIDTH: u32 = 720;

/// A classification report with the class names, as the charts take them.
#[derive(Clone)]
struct Classes {
    report: ClassificationReport,
    names: Vec<String>,
    /// Binary runs show the curve of class 1 only; more classes show one per class.
    shown: Vec<usize>,
}

impl Classes {
    fn roc(&self) -> (Vec<crate::train::evaluation::RocCurve>, Vec<String>, Vec<f64>) {
        let r = &self.report;
        (
            self.shown.iter().filter_map(|&c| r.roc_curves.get(c).cloned()).collect(),
            self.shown.iter().map(|&c| self.names.get(c).cloned().unwrap_or_else(|| c.to_string())).collect(),
            self.shown.iter().map(|&c| r.roc_auc_per_class.get(c).copied().unwrap_or(f64::NAN)).collect(),
        )
    }

    fn pr(&self) -> (Vec<crate::train::evaluation::PrCurve>, Vec<String>, Vec<f64>) {
        let r = &self.report;
        let curves: Vec<_> = self.shown.iter().filter_map(|&c| r.pr_curves.get(c).cloned()).collect();
        // Of the full curves (the ones shown are thinned).
        let ap =
            self.shown.iter().map(|&c| r.average_precision_per_class.get(c).copied().unwrap_or(f64::NAN)).collect();
        (curves, self.roc().1, ap)
    }
}

fn classes(state: AppState) -> Option<Classes> {
    match state.evaluation.get()? {
        Evaluation::Classification(report) => {
            let shown = if report.classes == 2 { vec![1] } else { (0..report.classes).collect() };
            Some(Classes { report, names: state.classes.get(), shown })
        }
        Evaluation::Regression(_) => None,
    }
}

/// Name of the predicted column, for axis titles.
fn target_name(state: AppState) -> String {
    state
        .spec
        .with(|s| s.data.prepare.target.clone())
        .filter(|_| state.plane.with(Option::is_some) || state.table.with(Option::is_some))
        .unwrap_or_else(|| "y".into())
}

/// The result charts of the finished run (nothing before it is done); their code (the charts'
/// drawing) is a wasm chunk of its own ([`LazyPart`]), fetched the first time the Evaluate
/// stage is shown.
#[component]
pub fn ResultCharts() -> impl IntoView {
    view! { <LazyPart when=stage_shown() load=lazy_charts::result_charts what="The result charts" /> }
}

/// The split point of the result charts.
#[allow(unsafe_code)] // the split point's extern "C" import/export pair (wasm_split_macros)
mod lazy_charts {
    use crate::web::components::common::lazy::Loaded;
    use leptos::prelude::*;

    #[leptos::wasm_split::wasm_split(result_charts, wasm_split_path = ::leptos::wasm_split, fallible)]
    pub fn result_charts() -> Loaded {
        Ok(super::result_charts_view().into_any())
    }
}

/// The charts themselves.
fn result_charts_view() -> impl IntoView {
    let state = expect_context::<AppState>();
    let is_classification = move || state.evaluation.with(|e| matches!(e, Some(Evaluation::Classification(_))));
    let has_predictions = move || state.predictions.with(Option::is_some);
    let has_importance = move || state.importance.with(Option::is_some);
    let inputs = Memo::new(move |_| state.importance.with(|i| i.as_ref().map_or(0, |i| i.features.len())));
    let importance_note = move || state.importance.with(|i| i.as_ref().map(footnote).unwrap_or_default());
    view! {
        <Show when=is_classification>
            <section class="panel charts" aria-label="Classification results on the test set">
                <figure>
                    <Chart
                        label=Signal::derive(move || classes(state).map_or(String::new(), |c| describe_confusion_matrix(&c.report.confusion, &c.names)))
                        width=SIZE.0 height=SIZE.1 testid="confusion-chart" name="confusion-matrix"
                        data=move || classes(state)
                        paint=crate::painter!(|area, c: &Option<Classes>| match c {
                            Some(c) => draw_confusion_matrix(area, &c.report.confusion, &c.names, &Theme::default()),
                            None => Ok(()),
                        })
                    />
                    <figcaption>"Confusion matrix: counts and the share of each actual class (row)."</figcaption>
                </figure>
                <figure>
                    <Chart
                        label=Signal::derive(move || classes(state).map_or(String::new(), |c| { let (r, n, a) = c.roc(); describe_roc_curves(&r, &n, &a) }))
                        width=SIZE.0 height=SIZE.1 testid="roc-chart" name="roc"
                        data=move || classes(state)
                        paint=crate::painter!(|area, c: &Option<Classes>| match c {
                            Some(c) => { let (r, n, a) = c.roc(); draw_roc_curves(area, &r, &n, &a, &Theme::default()) }
                            None => Ok(()),
                        })
                    />
                    <figcaption>"ROC curves (one class against the rest), area under each in the legend."</figcaption>
                </figure>
                <figure>
                    <Chart
                        label=Signal::derive(move || classes(state).map_or(String::new(), |c| { let (r, n, a) = c.pr(); describe_pr_curves(&r, &n, &a) }))
                        width=SIZE.0 height=SIZE.1 testid="pr-chart" name="precision-recall"
                        data=move || classes(state)
                        paint=crate::painter!(|area, c: &Option<Classes>| match c {
                            Some(c) => { let (r, n, a) = c.pr(); draw_pr_curves(area, &r, &n, &a, &Theme::default()) }
                            None => Ok(()),
                        })
                    />
                    <figcaption>"Precision against recall as the threshold moves; average precision in the legend."</figcaption>
                </figure>
            </section>
            {move || classes(state).map(|c| super::threshold::threshold_readout(&c.report))}
        </Show>
        <Show when=has_predictions>
            <section class="panel charts" aria-label="Regression results on the test set">
                <figure>
                    <Chart
                        label=Signal::derive(move || state.predictions.with(|p| p.as_ref().map_or(String::new(), |(a, p)| describe_predicted_vs_actual(a, p, &target_name(state)))))
                        width=SIZE.0 height=SIZE.1 testid="predicted-chart" name="predicted-vs-actual"
                        data=move || (state.predictions.get().unwrap_or_default(), target_name(state))
                        paint=crate::painter!(|area, d: &((Vec<f32>, Vec<f32>), String)| draw_predicted_vs_actual(area, &d.0 .0, &d.0 .1, &d.1, &Theme::default()))
                    />
                    <figcaption>"Predicted against actual on the test set; on the dashed line the prediction is exact."</figcaption>
                </figure>
                <figure>
                    <Chart
                        label=Signal::derive(move || state.predictions.with(|p| p.as_ref().map_or(String::new(), |(a, p)| describe_residuals(a, p, &target_name(state)))))
                        width=SIZE.0 height=SIZE.1 testid="residuals-chart" name="residuals"
                        data=move || (state.predictions.get().unwrap_or_default(), target_name(state))
                        paint=crate::painter!(|area, d: &((Vec<f32>, Vec<f32>), String)| draw_residuals(area, &d.0 .0, &d.0 .1, &d.1, &Theme::default()))
                    />
                    <figcaption>"Residuals (actual − predicted) against the prediction: a pattern means the model misses something."</figcaption>
                </figure>
            </section>
        </Show>
        <Show when=has_importance>
            <section class="panel charts" aria-label="Feature importance">
                <figure class="wide">
                    // Sized to the inputs: a new canvas when their number changes.
                    {move || {
                        let height = importance_height(inputs.get(), &Theme::default());
                        view! {
                            <Chart
                                label=Signal::derive(move || state.importance.with(|i| i.as_ref().map(describe_importance).unwrap_or_default()))
                                width=WIDE_WIDTH height=height testid="importance-chart" name="feature-importance"
                                data=move || state.importance.get()
                                paint=crate::painter!(|area, i: &Option<Importance>| match i {
                                    Some(i) => draw_importance(area, i, &Theme::default()),
                                    None => Ok(()),
                                })
                            />
                        }
                    }}
                    <figcaption>
                        "Feature importance. Left: how much the test score drops when one input's values are shuffled among the test rows (bar: mean; line: ± one standard deviation over the shuffles). Right, for tree models: the input's share of the gains of all the splits made on it in training. "
                        {importance_note}
                    </figcaption>
                </figure>
            </section>
            {super::explain::explain_view()}
        </Show>
    }
}
