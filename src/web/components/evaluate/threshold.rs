//! For a binary classifier: PR AUC beside ROC AUC, and the decision threshold with the largest
//! F1 on the test rows' precision-recall curve ([`max_f1_on_curve`]) against the model's own
//! rule (P(positive) ≥ 0.5): the confusion counts, precision, recall and F1 of each. Part of the
//! lazily loaded result charts (`result_charts.rs`), so it adds nothing to the first load.

use crate::compare::format::metric;
use crate::train::evaluation::ClassificationReport;
use crate::validate::imbalance::{counts_metrics, max_f1_on_curve, ThresholdMetrics};
use leptos::prelude::*;

/// The readout's numbers: PR AUC, ROC AUC, the rule at 0.5 and the largest-F1 threshold.
struct Readout {
    pr_auc: f64,
    roc_auc: f64,
    at_half: ThresholdMetrics,
    best: Option<ThresholdMetrics>,
}

/// `None` unless the report is binary.
fn readout(r: &ClassificationReport) -> Option<Readout> {
    if r.classes != 2 || r.confusion.len() != 2 {
        return None;
    }
    let (neg, pos) = (&r.confusion[0], &r.confusion[1]);
    let (tn, fp, fn_, tp) = (neg[0], neg[1], pos[0], pos[1]);
    let best = r.pr_curves.get(1).and_then(|c| max_f1_on_curve(c, tp + fn_, tn + fp));
    Some(Readout {
        pr_auc: r.average_precision_per_class.get(1).copied().unwrap_or(f64::NAN),
        roc_auc: r.roc_auc,
        at_half: counts_metrics(0.5, tp, fp, tn, fn_),
        best,
    })
}

fn row(name: &'static str, m: &ThresholdMetrics) -> impl IntoView {
    let cells = [m.tp, m.fp, m.fn_, m.tn].map(|n| view! { <td>{n}</td> }).collect_view();
    view! {
        <tr>
            <th scope="row">{name}</th>
            <td>{format!("{:.3}", m.threshold)}</td>
            {cells}
            <td>{metric(m.precision)}</td>
            <td>{metric(m.recall)}</td>
            <td>{metric(m.f1)}</td>
        </tr>
    }
}

/// The readout (nothing for a multi-class report).
pub fn threshold_readout(report: &ClassificationReport) -> impl IntoView {
    readout(report).map(|r| {
        let heads = ["rule", "threshold", "TP", "FP", "FN", "TN", "precision", "recall", "F1"]
            .map(|h| view! { <th scope="col">{h}</th> })
            .collect_view();
        view! {
            <section class="panel" data-testid="threshold-readout" aria-label="Decision threshold">
                <h3>"Decision threshold"</h3>
                <p data-testid="pr-auc">{format!("PR AUC {} · ROC AUC {}", metric(r.pr_auc), metric(r.roc_auc))}</p>
                <div class="table-scroll" tabindex="0" role="region" aria-label="Confusion at two thresholds">
                    <table class="evaluation-table">
                        <thead><tr>{heads}</tr></thead>
                        <tbody>
                            {row("P ≥ 0.5", &r.at_half)}
                            {r.best.as_ref().map(|b| row("largest F1", b))}
                        </tbody>
                    </table>
                </div>
                <p class="hint">
                    "Rows with P(positive) at or above the threshold are predicted positive. The largest-F1 \
                     threshold is chosen on these test rows, so its scores are optimistic: choose it on \
                     validation rows before relying on it."
                </p>
            </section>
        }
    })
}
