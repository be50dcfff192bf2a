//! Metrics for imbalanced classes, and a decision threshold chosen on the precision-recall curve.
//!
//! Accuracy misleads when one class dominates: predicting the majority always scores its share.
//! `train::evaluation` already has balanced accuracy (the mean recall over classes,
//! [`crate::train::evaluation::balanced_accuracy`]), each class's average precision
//! (`ClassificationReport::average_precision_per_class`) and the ROC AUC; this file adds the
//! PR AUC as one number ([`pr_auc`], beside [`crate::train::evaluation::roc_auc`]), and, for a
//! binary task, the threshold on P(positive) that a person wants instead of 0.5.
//!
//! The ROC AUC counts true negatives, which are plentiful when positives are rare, so it stays
//! high while most predicted positives are wrong; average precision `AP = Σₙ (Rₙ − Rₙ₊₁)·Pₙ` (the
//! step-wise area under the precision-recall curve) does not, and a classifier that ranks at
//! random scores the positives' share on it, not 0.5.
//!
//! # Choosing the threshold
//! A row is predicted positive when its score is `≥ t`. Every distinct score is a candidate `t`
//! (a point of the PR curve); [`choose_threshold`] picks one:
//! - [`ThresholdGoal::MaxF1`]: the largest `F1 = 2PR/(P + R)`;
//! - [`ThresholdGoal::Precision`]`(p)`: precision at least `p` with the largest recall — "when it
//!   says positive, be right at least p of the time";
//! - [`ThresholdGoal::Recall`]`(r)`: recall at least `r` with the largest precision — "find at
//!   least r of the positives".
//!
//! Ties go to the higher threshold (fewer rows flagged). [`metrics_at`] gives the confusion counts
//! and metrics at any threshold. The threshold is chosen on the rows given: choose it on
//! validation rows (or out-of-fold predictions), not on the test rows it is then judged on.

use super::error::{ValidateError, ValidateResult};
use crate::train::evaluation::{pr_curve, pr_curve_for_class, probability_rows, ratio0, PrCurve};
use serde::{Deserialize, Serialize};

/// PR AUC (average precision) of a classifier, as [`crate::train::evaluation::roc_auc`] for ROC.
/// Binary (`k = 2`): the AP of P(class 1) for class 1 (scikit-learn's
/// `average_precision_score(y, p1)`). Multi-class: the unweighted mean of the one-vs-rest APs
/// over the classes that occur in `actual` (scikit-learn's `average="macro"` on the binarised
/// labels, which is the same number when every class occurs). NaN without a positive.
/// Probabilities follow the conventions of `train::evaluation` (`n × k`, or `n × 1` for `k = 2`).
pub fn pr_auc(actual: &[u32], probs: &[f32], k: usize) -> f64 {
    let present = |c: usize| actual.iter().any(|&a| a as usize == c);
    let aps: Vec<f64> = (0..k)
        .filter(|&c| present(c) && (k != 2 || c == 1))
        .map(|c| pr_curve_for_class(actual, probs, k, c as u32).average_precision())
        .filter(|ap| ap.is_finite())
        .collect();
    if aps.is_empty() {
        f64::NAN
    } else {
        aps.iter().sum::<f64>() / aps.len() as f64
    }
}

/// `(is positive, P(class 1))` of the usable rows of a binary classifier's probabilities
/// (`n × 2` or `n × 1`), skipping rows with a label `≥ 2` or unusable probabilities.
pub fn binary_scores(actual: &[u32], probs: &[f32]) -> (Vec<bool>, Vec<f64>) {
    actual
        .iter()
        .zip(probability_rows(probs, actual.len(), 2))
        .filter_map(|(&a, row)| row.filter(|_| a < 2).map(|r| (a == 1, r[1])))
        .unzip()
}

/// What the threshold should achieve.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "goal", content = "value", rename_all = "snake_case")]
pub enum ThresholdGoal {
    /// The largest F1.
    MaxF1,
    /// At least this precision (0–1), then the largest recall.
    Precision(f64),
    /// At least this recall (0–1), then the largest precision.
    Recall(f64),
}

/// The confusion counts and metrics of predicting positive when the score is `≥ threshold`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ThresholdMetrics {
    /// The threshold.
    pub threshold: f64,
    /// Positives predicted positive.
    pub tp: u64,
    /// Negatives predicted positive.
    pub fp: u64,
    /// Negatives predicted negative.
    pub tn: u64,
    /// Positives predicted negative.
    pub fn_: u64,
    /// `TP / (TP + FP)`, 0 when nothing is predicted positive.
    pub precision: f64,
    /// `TP / (TP + FN)`, 0 without positives.
    pub recall: f64,
    /// `2TP / (2TP + FP + FN)`, 0 when that is 0/0.
    pub f1: f64,
    /// `(TP + TN) / n`.
    pub accuracy: f64,
    /// Mean of the recalls of the classes present: `(TP/(TP+FN) + TN/(TN+FP)) / 2`.
    pub balanced_accuracy: f64,
}

/// The metrics of the rule "positive iff score `≥ threshold`" (pairs with a non-finite score
/// skipped, as the curves skip them).
pub fn metrics_at(positive: &[bool], scores: &[f64], threshold: f64) -> ThresholdMetrics {
    let (mut tp, mut fp, mut tn, mut fn_) = (0u64, 0u64, 0u64, 0u64);
    for (&p, &s) in positive.iter().zip(scores).filter(|(_, s)| s.is_finite()) {
        match (p, s >= threshold) {
            (true, true) => tp += 1,
            (false, true) => fp += 1,
            (false, false) => tn += 1,
            (true, false) => fn_ += 1,
        }
    }
    counts_metrics(threshold, tp, fp, tn, fn_)
}

/// The metrics of these confusion counts at `threshold`.
pub fn counts_metrics(threshold: f64, tp: u64, fp: u64, tn: u64, fn_: u64) -> ThresholdMetrics {
    let recalls: Vec<f64> =
        [(tp, tp + fn_), (tn, tn + fp)].iter().filter(|(_, d)| *d > 0).map(|&(t, d)| ratio0(t, d)).collect();
    ThresholdMetrics {
        threshold,
        tp,
        fp,
        tn,
        fn_,
        precision: ratio0(tp, tp + fp),
        recall: ratio0(tp, tp + fn_),
        f1: ratio0(2 * tp, 2 * tp + fp + fn_),
        accuracy: if tp + fp + tn + fn_ == 0 { f64::NAN } else { ratio0(tp + tn, tp + fp + tn + fn_) },
        balanced_accuracy: if recalls.is_empty() {
            f64::NAN
        } else {
            recalls.iter().sum::<f64>() / recalls.len() as f64
        },
    }
}

/// The largest-F1 threshold of a PR curve alone (no rows), for `positives` and `negatives`
/// rows: what the page has of a finished run (the curve thinned for its chart,
/// [`PrCurve::thinned`]). At a point, `TP = R·N₊` and `FP = TP/P − TP` (rounded), so on the
/// full curve this is [`choose_threshold`]`(…, MaxF1)` (ties to the higher threshold); on a
/// thinned curve, the best of the points kept. `None` when no point predicts a positive right.
pub fn max_f1_on_curve(curve: &PrCurve, positives: u64, negatives: u64) -> Option<ThresholdMetrics> {
    let mut best: Option<ThresholdMetrics> = None;
    for (i, &t) in curve.thresholds.iter().enumerate() {
        let (p, r) = (curve.precision[i], curve.recall[i]);
        let tp = (r * positives as f64).round() as u64;
        if tp == 0 || p <= 0.0 {
            continue;
        }
        let fp = ((tp as f64 / p - tp as f64).round() as u64).min(negatives);
        let m = counts_metrics(t, tp, fp, negatives - fp, positives.saturating_sub(tp));
        if best.as_ref().is_none_or(|b| m.f1 >= b.f1) {
            best = Some(m);
        }
    }
    best
}

/// The F1 score at each threshold of a PR curve (`curve.thresholds.len()` values).
pub fn f1_along(curve: &PrCurve) -> Vec<f64> {
    curve
        .thresholds
        .iter()
        .enumerate()
        .map(|(i, _)| {
            let (p, r) = (curve.precision[i], curve.recall[i]);
            if p + r > 0.0 {
                2.0 * p * r / (p + r)
            } else {
                0.0
            }
        })
        .collect()
}

/// The threshold that meets `goal` best among the distinct scores, with its metrics.
///
/// # Errors
/// [`ValidateError::Unreachable`] when there are no positives or no finite scores, or no threshold
/// reaches the precision asked for (the message gives the highest one reached);
/// [`ValidateError::Setting`] for a target outside `[0, 1]`.
pub fn choose_threshold(positive: &[bool], scores: &[f64], goal: ThresholdGoal) -> ValidateResult<ThresholdMetrics> {
    if let ThresholdGoal::Precision(v) | ThresholdGoal::Recall(v) = goal {
        if !(0.0..=1.0).contains(&v) {
            return Err(ValidateError::Setting(format!("a target precision or recall is between 0 and 1, not {v}")));
        }
    }
    let has_positive = positive.iter().zip(scores).any(|(&p, s)| p && s.is_finite());
    if !has_positive {
        return Err(ValidateError::Unreachable(
            "there is no positive row with a score, so no threshold can be chosen: use rows that contain the positive class".into(),
        ));
    }
    let curve = pr_curve(positive, scores);
    let f1 = f1_along(&curve);
    let (p, r) = (&curve.precision, &curve.recall);
    // Candidates in increasing threshold; a later (higher) one wins ties, hence `>=`.
    let mut best: Option<usize> = None;
    let better = |i: usize, j: usize| -> bool {
        match goal {
            ThresholdGoal::MaxF1 => f1[i] >= f1[j],
            ThresholdGoal::Precision(_) => r[i] > r[j] || (r[i] == r[j] && p[i] >= p[j]),
            ThresholdGoal::Recall(_) => p[i] >= p[j],
        }
    };
    for i in 0..curve.thresholds.len() {
        let admissible = match goal {
            ThresholdGoal::MaxF1 => true,
            ThresholdGoal::Precision(v) => p[i] >= v,
            ThresholdGoal::Recall(v) => r[i] >= v,
        };
        if admissible && best.is_none_or(|j| better(i, j)) {
            best = Some(i);
        }
    }
    match best {
        Some(i) => Ok(metrics_at(positive, scores, curve.thresholds[i])),
        None => {
            let top = (0..curve.thresholds.len()).fold(0, |b, i| if p[i] > p[b] { i } else { b });
            Err(ValidateError::Unreachable(format!(
                "no threshold reaches that: the highest precision is {:.3} (recall {:.3}); ask for at most that",
                p[top], r[top]
            )))
        }
    }
}

#[cfg(test)]
mod tests;
