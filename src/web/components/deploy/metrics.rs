//! The model's metrics on labelled new rows next to its original test metrics: the same
//! metrics, each with the baseline that ignores the features (fitted on the training rows in
//! both cases), so a drop on new data shows at a glance.

use crate::compare::format::metric;
use crate::compare::metric_info;
use crate::compare::record::scores_of;
use crate::deploy::LabelledEvaluation;
use crate::train::Evaluation;
use leptos::prelude::*;

/// The table; `testid` names it for tests, `region` is the name of its scrolling region (each
/// region on the page has its own).
pub fn metrics_table(
    testid: &'static str,
    region: &'static str,
    new: &LabelledEvaluation,
    test: &Evaluation,
) -> impl IntoView {
    let test_scores = scores_of(test);
    let rows = scores_of(&new.evaluation)
        .into_iter()
        .map(|s| {
            let t = test_scores.iter().find(|t| t.name == s.name);
            let baseline = |v: Option<f64>| v.map_or("—".to_string(), metric);
            view! {
                <tr data-metric=s.name.clone()>
                    <th scope="row">{metric_info(&s.name).map_or(s.name.clone(), |m| m.title.to_string())}</th>
                    <td class="new">{metric(s.value)}</td>
                    <td class="muted">{baseline(s.baseline)}</td>
                    <td class="test">{t.map_or("—".to_string(), |t| metric(t.value))}</td>
                    <td class="muted">{baseline(t.and_then(|t| t.baseline))}</td>
                </tr>
            }
        })
        .collect_view();
    let unlabelled = if new.unlabelled > 0 {
        format!(" ({} rows without a value are not counted)", new.unlabelled)
    } else {
        String::new()
    };
    // In a focusable scrolling region: on a phone the five columns may be wider than the screen.
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label=region>
        <table class="evaluation-table deploy-metrics" data-testid=testid>
            <caption>{format!("The model on the {} labelled new rows{unlabelled}, next to its test set", new.labelled)}</caption>
            <thead>
                <tr>
                    <th scope="col">"metric"</th>
                    <th scope="col">"new rows"</th>
                    <th scope="col">"baseline"</th>
                    <th scope="col">"test set"</th>
                    <th scope="col">"baseline"</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
        </div>
    }
}
