//! The finished run's test-set scores next to a baseline that predicts without looking at the
//! features (the most frequent class, or the mean), so a useless model is visible as such.

use crate::train::evaluation::{ClassificationReport, RegressionReport};
use crate::train::Evaluation;
use crate::web::state::AppState;
use leptos::prelude::*;

fn cell(v: f64) -> String {
    if v.is_finite() {
        format!("{v:.4}")
    } else {
        "—".into()
    }
}

fn row(name: &'static str, help: &'static str, model: f64, baseline: Option<f64>) -> impl IntoView {
    view! {
        <tr title=help>
            <th scope="row">{name}</th>
            <td>{cell(model)}</td>
            <td>{baseline.map_or("—".to_string(), cell)}</td>
        </tr>
    }
}

fn classification(r: ClassificationReport) -> impl IntoView {
    let b = r.baseline.clone();
    view! {
        <tbody>
            {row("accuracy", "share of test rows classified correctly", r.accuracy, Some(b.accuracy))}
            {row("balanced accuracy", "mean recall over classes: not fooled by a majority class", r.balanced_accuracy, Some(b.balanced_accuracy))}
            {row("macro F1", "mean over classes of the harmonic mean of precision and recall", r.macro_f1, Some(b.macro_f1))}
            {row("log loss", "how well the predicted probabilities fit (lower is better)", r.log_loss, Some(b.log_loss))}
            {row("ROC AUC", "chance a random positive is scored above a random negative (one-vs-rest for more classes)", r.roc_auc, None)}
        </tbody>
    }
}

fn regression(r: RegressionReport) -> impl IntoView {
    let b = r.baseline.clone();
    view! {
        <tbody>
            {row("RMSE", "root mean squared error, in the target's units (lower is better)", r.rmse, Some(b.rmse))}
            {row("MAE", "mean absolute error, in the target's units (lower is better)", r.mae, Some(b.mae))}
            {row("R²", "share of the target's variance explained (1 is perfect, 0 is the mean)", r.r2, Some(b.r2))}
        </tbody>
    }
}

/// Test-set metrics of the finished run and its baseline.
#[component]
pub fn EvaluationPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        state.evaluation.get().map(|e| {
            let (caption, body) = match e {
                Evaluation::Classification(r) => (
                    format!("Test set: {} rows. Baseline: always predict the most frequent training class.", r.n),
                    classification(r).into_any(),
                ),
                Evaluation::Regression(r) => (
                    format!("Test set: {} rows. Baseline: always predict the training mean.", r.n),
                    regression(r).into_any(),
                ),
            };
            view! {
                <section class="panel evaluation" data-testid="evaluation" aria-labelledby="evaluation-title">
                    <h2 id="evaluation-title">"Evaluation on held-out data"</h2>
                    <table class="evaluation-table">
                        <caption>{caption}</caption>
                        <thead>
                            <tr><th scope="col">"metric"</th><th scope="col">"model"</th><th scope="col">"baseline"</th></tr>
                        </thead>
                        {body}
                    </table>
                </section>
            }
        })
    }
}
