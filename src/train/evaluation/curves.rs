//! ROC and precision-recall curves, for charts.

use super::*;

/// Points of a ROC curve, in order of decreasing threshold.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RocCurve {
    /// False-positive rate `FP(t) / N₋` at each threshold.
    #[serde(deserialize_with = "vec_nan_if_null")]
    pub fpr: Vec<f64>,
    /// True-positive rate `TP(t) / N₊` at each threshold (`NaN` when there are no positives).
    #[serde(deserialize_with = "vec_nan_if_null")]
    pub tpr: Vec<f64>,
    /// Thresholds `t`: a row counts as positive when its score is `≥ t`. The first is `+∞`
    /// (the point (0, 0)); then every distinct score, decreasing.
    #[serde(deserialize_with = "vec_inf_if_null")]
    pub thresholds: Vec<f64>,
}

/// Cumulative `(threshold, TP, FP)` at each distinct score, decreasing (scikit-learn's
/// `_binary_clf_curve`). Pairs with a non-finite score are skipped.
fn threshold_counts(positive: &[bool], scores: &[f64]) -> Vec<(f64, u64, u64)> {
    let (positive, scores) = finite_pairs(positive, scores);
    let order = crate::order::by_numbers(&scores, crate::order::Direction::Descending);
    let mut out = Vec::new();
    let (mut tp, mut fp) = (0u64, 0u64);
    for (j, &i) in order.iter().enumerate() {
        if positive[i] {
            tp += 1;
        } else {
            fp += 1;
        }
        let last_of_group = order.get(j + 1).is_none_or(|&next| scores[next] != scores[i]);
        if last_of_group {
            out.push((scores[i], tp, fp));
        }
    }
    out
}

/// The full ROC curve of `scores` for the positives: the point (0, 0) at threshold `+∞`, then
/// one point per distinct score (scikit-learn's `roc_curve(…, drop_intermediate=False)`).
/// Pairs with a non-finite score are skipped; no scores give an empty curve. A rate whose
/// denominator is 0 is `NaN`, as in scikit-learn.
pub fn roc_curve(positive: &[bool], scores: &[f64]) -> RocCurve {
    let counts = threshold_counts(positive, scores);
    let Some(&(_, p, n)) = counts.last() else {
        return RocCurve { fpr: vec![], tpr: vec![], thresholds: vec![] };
    };
    let rate = |x: u64, total: u64| if total == 0 { f64::NAN } else { x as f64 / total as f64 };
    let mut curve = RocCurve { fpr: vec![0.0], tpr: vec![rate(0, p)], thresholds: vec![f64::INFINITY] };
    for &(t, tp, fp) in &counts {
        curve.fpr.push(rate(fp, n));
        curve.tpr.push(rate(tp, p));
        curve.thresholds.push(t);
    }
    curve
}

/// Points of a precision-recall curve, in scikit-learn's order (increasing threshold).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PrCurve {
    /// `TP(t) / (TP(t) + FP(t))` for each threshold, then a final 1.
    pub precision: Vec<f64>,
    /// `TP(t) / N₊` for each threshold (1 everywhere if there are no positives), then a final 0.
    pub recall: Vec<f64>,
    /// Every distinct score, increasing; one fewer than the points.
    pub thresholds: Vec<f64>,
}

/// The precision-recall curve of `scores` for the positives, exactly as scikit-learn's
/// `precision_recall_curve` (≥ 1.3, `drop_intermediate=False`): one point per distinct score
/// `t` (rows with score `≥ t` predicted positive) in increasing order of `t`, followed by the
/// point (recall 0, precision 1) without a threshold. Pairs with a non-finite score are skipped;
/// no scores give an empty curve.
pub fn pr_curve(positive: &[bool], scores: &[f64]) -> PrCurve {
    let counts = threshold_counts(positive, scores);
    let Some(&(_, p, _)) = counts.last() else {
        return PrCurve { precision: vec![], recall: vec![], thresholds: vec![] };
    };
    let mut curve = PrCurve { precision: vec![], recall: vec![], thresholds: vec![] };
    for &(t, tp, fp) in counts.iter().rev() {
        curve.precision.push(ratio0(tp, tp + fp));
        curve.recall.push(if p == 0 { 1.0 } else { tp as f64 / p as f64 });
        curve.thresholds.push(t);
    }
    curve.precision.push(1.0);
    curve.recall.push(0.0);
    curve
}

impl PrCurve {
    /// Average precision `AP = Σₙ (Rₙ − Rₙ₊₁)·Pₙ` over the points in this order (recall falling),
    /// the step-wise area under the curve — scikit-learn's `average_precision_score`. NaN for an
    /// empty curve.
    pub fn average_precision(&self) -> f64 {
        if self.recall.len() < 2 {
            return f64::NAN;
        }
        (0..self.recall.len() - 1).map(|i| (self.recall[i] - self.recall[i + 1]) * self.precision[i]).sum()
    }
}

/// The smallest move, in either coordinate of the unit square, that a curve thinned for the
/// page keeps. Its charts are a few hundred pixels wide, so a thinned curve looks the same, and
/// it has at most about `2 / step` points however many rows were tested: the full curves of a
/// 20,000-row test set with three classes were 7 MB of JSON, one 100 ms task on the page.
pub const CHART_RESOLUTION: f64 = 1e-3;

/// Indices of the points of the curve `(x, y)` worth drawing: the first, the last, and each
/// point at least `step` (in x or in y) from the last one kept, so every dropped point is
/// within `step` of the kept point before it. An undefined (NaN) coordinate counts as no move.
fn thin(x: &[f64], y: &[f64], step: f64) -> Vec<usize> {
    let n = x.len().min(y.len());
    let mut kept: Vec<usize> = Vec::new();
    for i in 0..n {
        let far = kept.last().is_none_or(|&j| (x[i] - x[j]).abs() >= step || (y[i] - y[j]).abs() >= step);
        if far || i + 1 == n {
            kept.push(i);
        }
    }
    kept
}

/// `values` at the indices `kept` (those it has).
fn pick(values: &[f64], kept: &[usize]) -> Vec<f64> {
    kept.iter().filter_map(|&i| values.get(i).copied()).collect()
}

impl RocCurve {
    /// This curve with only the points a chart tells apart at resolution `step` (see
    /// [`CHART_RESOLUTION`]); each kept point keeps its threshold.
    pub fn thinned(&self, step: f64) -> Self {
        let kept = thin(&self.fpr, &self.tpr, step);
        Self { fpr: pick(&self.fpr, &kept), tpr: pick(&self.tpr, &kept), thresholds: pick(&self.thresholds, &kept) }
    }
}

impl PrCurve {
    /// This curve with only the points a chart tells apart at resolution `step` (see
    /// [`CHART_RESOLUTION`]); the last point, which has no threshold, is always kept, so there
    /// is still one threshold fewer than points.
    pub fn thinned(&self, step: f64) -> Self {
        let kept = thin(&self.recall, &self.precision, step);
        let with_threshold: Vec<usize> = kept.iter().copied().filter(|&i| i < self.thresholds.len()).collect();
        Self {
            precision: pick(&self.precision, &kept),
            recall: pick(&self.recall, &kept),
            thresholds: pick(&self.thresholds, &with_threshold),
        }
    }
}

/// `(positive, score)` of class `class`, one-vs-rest, over the usable rows.
fn class_scores(actual: &[u32], probs: &[f32], k: usize, class: u32) -> (Vec<bool>, Vec<f64>) {
    usable_rows(actual, probs, k)
        .into_iter()
        .filter_map(|(a, r)| r.get(class as usize).map(|&s| (a == class, s)))
        .unzip()
}

/// ROC curve of class `class` one-vs-rest, scored by its normalised probability.
pub fn roc_curve_for_class(actual: &[u32], probs: &[f32], k: usize, class: u32) -> RocCurve {
    let (positive, scores) = class_scores(actual, probs, k, class);
    roc_curve(&positive, &scores)
}

/// Precision-recall curve of class `class` one-vs-rest, scored by its normalised probability.
pub fn pr_curve_for_class(actual: &[u32], probs: &[f32], k: usize, class: u32) -> PrCurve {
    let (positive, scores) = class_scores(actual, probs, k, class);
    pr_curve(&positive, &scores)
}
