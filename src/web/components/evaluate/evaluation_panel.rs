//! The finished run's test-set scores next to a baseline that predicts without looking at the
//! features (the most frequent class, or the mean), so a useless model is visible as such.

use crate::compare::format::metric;
use crate::train::evaluation::{ClassificationReport, RegressionReport};
use crate::train::Evaluation;
use crate::web::components::common::help_tip::Explain;
use crate::web::state::AppState;
use leptos::prelude::*;

fn row(name: &'static str, help: &'static str, model: f64, baseline: Option<f64>) -> impl IntoView {
    view! {
        <tr title=help>
            <th scope="row">{name}</th>
            <td>{metric(model)}</td>
            <td>{baseline.map_or("—".to_string(), metric)}</td>
        </tr>
    }
}

fn classification(r: ClassificationReport) -> impl IntoView {
    let b = r.baseline.clone();
    view! {
        <tbody>
            {row("accuracy", "share of test rows classified correctly", r.accuracy, Some(b.accuracy))}
            {row("balanced accuracy", "mean recall over classes: not fooled by a majority class", r.balanced_accuracy, Some(b.balanced_accuracy))}
            {row("macro precision", "mean over classes of: of the rows predicted as the class, the share that are", r.macro_precision, None)}
            {row("macro recall", "mean over classes of: of the rows of the class, the share found", r.macro_recall, None)}
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

/// Per-class precision, recall, F1 and support, and the confusion matrix, by class name.
fn class_details(r: &ClassificationReport, names: &[String]) -> impl IntoView {
    let name = |c: usize| names.get(c).cloned().unwrap_or_else(|| c.to_string());
    let per_class = r
        .per_class
        .iter()
        .map(|m| {
            view! {
                <tr>
                    <th scope="row">{name(m.class as usize)}</th>
                    <td>{metric(m.precision)}</td>
                    <td>{metric(m.recall)}</td>
                    <td>{metric(m.f1)}</td>
                    <td>{m.support}</td>
                </tr>
            }
        })
        .collect_view();
    let header = (0..r.classes).map(|c| view! { <th scope="col">{name(c)}</th> }).collect_view();
    let matrix = r
        .confusion
        .iter()
        .enumerate()
        .map(|(a, counts)| {
            let total: u64 = counts.iter().sum();
            let cells = counts
                .iter()
                .enumerate()
                .map(|(p, &n)| {
                    let share = if total > 0 { n as f64 / total as f64 } else { 0.0 };
                    let class = if a == p {
                        "hit"
                    } else if n > 0 {
                        "miss"
                    } else {
                        ""
                    };
                    view! { <td class=class title=format!("{:.0}% of actual {}", share * 100.0, name(a))>{n}</td> }
                })
                .collect_view();
            view! { <tr><th scope="row">{name(a)}</th>{cells}</tr> }
        })
        .collect_view();
    view! {
        // Each table in a focusable scrolling region: on a phone they may be wider than the screen.
        <div class="evaluation-details">
            <div class="table-scroll" tabindex="0" role="region" aria-label="Scores per class">
            <table class="evaluation-table" data-testid="per-class">
                <caption>"Per class (one class against the rest)"</caption>
                <thead><tr><th scope="col">"class"</th><th scope="col">"precision"</th><th scope="col">"recall"</th><th scope="col">"F1"</th><th scope="col">"rows"</th></tr></thead>
                <tbody>{per_class}</tbody>
            </table>
            </div>
            <div class="table-scroll" tabindex="0" role="region" aria-label="Confusion matrix">
            <table class="evaluation-table confusion" data-testid="confusion">
                <caption>"Confusion matrix: rows are the actual class, columns the predicted one"</caption>
                <thead><tr><th scope="col">"actual ＼ predicted"</th>{header}</tr></thead>
                <tbody>{matrix}</tbody>
            </table>
            </div>
        </div>
    }
}

/// The residuals' five-number summary, mean and spread.
fn residual_details(r: &RegressionReport) -> impl IntoView {
    let s = &r.residuals;
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label="Residual summary">
        <table class="evaluation-table" data-testid="residuals">
            <caption>"Residuals (actual − predicted), in the target's units"</caption>
            <thead><tr>{["mean", "sd", "min", "Q1", "median", "Q3", "max"].map(|h| view! { <th scope="col">{h}</th> }).collect_view()}</tr></thead>
            <tbody><tr>{[s.mean, s.sd, s.min, s.q1, s.median, s.q3, s.max].map(|v| view! { <td>{metric(v)}</td> }).collect_view()}</tr></tbody>
        </table>
        </div>
    }
}

/// Test-set metrics of the finished run and its baseline.
#[component]
pub fn EvaluationPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        state.evaluation.get().map(|e| {
            let names = state.classes.get();
            let (caption, body, details) = match e {
                Evaluation::Classification(r) => (
                    format!("Test set: {} rows. Baseline: always predict the most frequent training class.", r.n),
                    classification(r.clone()).into_any(),
                    class_details(&r, &names).into_any(),
                ),
                Evaluation::Regression(r) => (
                    format!("Test set: {} rows. Baseline: always predict the training mean.", r.n),
                    regression(r.clone()).into_any(),
                    residual_details(&r).into_any(),
                ),
            };
            view! {
                <section class="panel evaluation" data-testid="evaluation" aria-labelledby="evaluation-title">
                    <h2 id="evaluation-title">"Evaluation on held-out data"</h2>
                    <Explain id="evaluation" />
                    <table class="evaluation-table">
                        <caption>{caption}</caption>
                        <thead>
                            <tr><th scope="col">"metric"</th><th scope="col">"model"</th><th scope="col">"baseline"</th></tr>
                        </thead>
                        {body}
                    </table>
                    {details}
                </section>
            }
        })
    }
}

/// What the Evaluate stage says before a run has finished: how to get an evaluation.
#[component]
pub fn EvaluateEmpty() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <Show when=move || state.evaluation.with(Option::is_none)>
            <p class="panel stage-empty" data-testid="evaluate-empty">
                "Nothing to evaluate yet: the test rows are scored once the run has finished. Train to the last \
                 epoch with ▶ in the bar above, or press ■ to stop now and keep the best model; the scores, the \
                 confusion matrix, ROC and precision–recall curves (or the residuals) then appear here."
            </p>
        </Show>
    }
}
