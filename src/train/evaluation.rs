//! Evaluation on held-out data: pure functions over plain slices (no candle), and the
//! serde reports that bundle them with naive baselines.
//!
//! # Conventions
//!
//! * Classification labels are `u32` in `0..k`. Probabilities are row-major `&[f32]`, either
//!   `n × k`, or — for `k = 2` only — `n × 1` holding P(class 1) (the row is then `[1 − p, p]`).
//!   All arithmetic is done in `f64`.
//! * Every row of probabilities is normalised to sum to 1 before use. A row is *unusable* when
//!   any entry is non-finite or negative, when its sum is not positive, or (`n × 1` form) when
//!   `p ∉ [0, 1]`. Rows that are unusable, or whose actual label is `≥ k`, are **skipped** by every
//!   metric; reports count them in `skipped`.
//! * The predicted label of a row is the arg-max of its probabilities, the lowest class winning
//!   ties (NumPy's `argmax`); in the `n × 1` form that means class 1 iff `p > 0.5`.
//! * Undefined values are `NaN`: a metric over zero usable rows, an AUC for a class that has no
//!   positives or no negatives, and so on. Ratios that scikit-learn resolves with
//!   `zero_division=0` (precision, recall, F1 with a zero denominator) are 0 instead.
//!   Nothing here panics on empty, mismatched or non-finite input; a probability slice whose
//!   length fits neither layout makes every row unusable.
//! * Regression pairs `(actual, predicted)` with a non-finite member are skipped; slices of
//!   different lengths are paired up to the shorter one.
//! * In JSON, non-finite numbers are written as `null` (serde_json's behaviour); the reports
//!   read `null` back as `NaN`, except ROC thresholds, where it is the leading `+∞`.

use serde::{Deserialize, Deserializer, Serialize};

/// Probabilities are clipped to `[PROB_CLIP, 1 − PROB_CLIP]` inside the log loss.
///
/// This is scikit-learn's historical `eps=1e-15` (up to 1.2). Since 1.3 scikit-learn clips to
/// the dtype's machine epsilon instead (`2.2e-16` for `float64`), which only matters for
/// probabilities below `1e-15`: there a zero probability costs `−ln 1e-15 ≈ 34.54` here.
pub const PROB_CLIP: f64 = 1e-15;

// ---------------------------------------------------------------------------------------------
// Serde helpers: serde_json writes NaN/±∞ as `null`; read it back instead of failing.

fn nan_if_null<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    Ok(Option::<f64>::deserialize(d)?.unwrap_or(f64::NAN))
}

fn vec_nan_if_null<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<f64>, D::Error> {
    Ok(Vec::<Option<f64>>::deserialize(d)?.into_iter().map(|v| v.unwrap_or(f64::NAN)).collect())
}

fn vec_inf_if_null<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<f64>, D::Error> {
    Ok(Vec::<Option<f64>>::deserialize(d)?.into_iter().map(|v| v.unwrap_or(f64::INFINITY)).collect())
}

// ---------------------------------------------------------------------------------------------
// Probabilities

/// Normalised probability rows (`n × k`, each `Some` row summing to 1), `None` for unusable
/// rows (see the module conventions). A slice whose length is neither `n·k` nor (for `k = 2`)
/// `n` makes every row unusable.
pub fn probability_rows(probs: &[f32], n: usize, k: usize) -> Vec<Option<Vec<f64>>> {
    if k == 0 {
        return vec![None; n];
    }
    if k == 2 && probs.len() == n && n * k != probs.len() {
        return probs
            .iter()
            .map(|&p| {
                let p = f64::from(p);
                (p.is_finite() && (0.0..=1.0).contains(&p)).then(|| vec![1.0 - p, p])
            })
            .collect();
    }
    if probs.len() != n * k {
        return vec![None; n];
    }
    probs
        .chunks_exact(k)
        .map(|row| {
            let row: Vec<f64> = row.iter().map(|&v| f64::from(v)).collect();
            if row.iter().any(|v| !v.is_finite() || *v < 0.0) {
                return None;
            }
            let sum: f64 = row.iter().sum();
            (sum > 0.0 && sum.is_finite()).then(|| row.iter().map(|v| v / sum).collect())
        })
        .collect()
}

/// Arg-max of a row, lowest index winning ties.
fn argmax(row: &[f64]) -> u32 {
    let mut best = 0;
    for (i, &v) in row.iter().enumerate() {
        if v > row[best] {
            best = i;
        }
    }
    best as u32
}

/// Predicted labels (arg-max, lowest class on ties); `None` for unusable rows.
pub fn predicted_labels(probs: &[f32], n: usize, k: usize) -> Vec<Option<u32>> {
    probability_rows(probs, n, k).iter().map(|r| r.as_deref().map(argmax)).collect()
}

/// The usable rows: `(actual, normalised probabilities)` for rows with `actual < k` and a
/// usable probability row.
fn usable_rows(actual: &[u32], probs: &[f32], k: usize) -> Vec<(u32, Vec<f64>)> {
    actual
        .iter()
        .zip(probability_rows(probs, actual.len(), k))
        .filter_map(|(&a, row)| ((a as usize) < k).then_some(()).and(row).map(|r| (a, r)))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Label metrics

/// Confusion matrix `C` (`k × k`): `C[a][p]` counts rows whose actual class is `a` and whose
/// predicted class is `p` (rows = actual, columns = predicted, as scikit-learn). Pairs with a
/// label `≥ k` are skipped; slices are paired up to the shorter one.
pub fn confusion_matrix(actual: &[u32], predicted: &[u32], k: usize) -> Vec<Vec<u64>> {
    let mut m = vec![vec![0u64; k]; k];
    for (&a, &p) in actual.iter().zip(predicted) {
        if (a as usize) < k && (p as usize) < k {
            m[a as usize][p as usize] += 1;
        }
    }
    m
}

/// Accuracy `= trace(C) / ΣC`; `NaN` for an empty matrix.
pub fn accuracy(confusion: &[Vec<u64>]) -> f64 {
    let total: u64 = confusion.iter().flatten().sum();
    let hits: u64 = confusion.iter().enumerate().map(|(i, r)| r.get(i).copied().unwrap_or(0)).sum();
    if total == 0 {
        f64::NAN
    } else {
        hits as f64 / total as f64
    }
}

/// Precision, recall and F1 of one class, one-vs-rest.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClassMetrics {
    /// The class.
    pub class: u32,
    /// Rows whose actual class is this one (`Σ_p C[c][p]`).
    pub support: u64,
    /// Rows predicted as this class (`Σ_a C[a][c]`).
    pub predicted: u64,
    /// `TP / (TP + FP)`, 0 when nothing was predicted as this class.
    pub precision: f64,
    /// `TP / (TP + FN)`, 0 when the class has no support.
    pub recall: f64,
    /// `2·TP / (2·TP + FP + FN)` (the harmonic mean of precision and recall), 0 when `TP + FP
    /// + FN = 0`.
    pub f1: f64,
}

fn ratio0(num: u64, den: u64) -> f64 {
    if den == 0 {
        0.0
    } else {
        num as f64 / den as f64
    }
}

/// Per-class precision / recall / F1 from a confusion matrix, with `0/0 = 0`
/// (scikit-learn's `zero_division=0`).
pub fn per_class(confusion: &[Vec<u64>]) -> Vec<ClassMetrics> {
    let k = confusion.len();
    (0..k)
        .map(|c| {
            let tp = confusion[c].get(c).copied().unwrap_or(0);
            let support: u64 = confusion[c].iter().sum();
            let predicted: u64 = confusion.iter().map(|r| r.get(c).copied().unwrap_or(0)).sum();
            let (fn_, fp) = (support - tp, predicted - tp);
            ClassMetrics {
                class: c as u32,
                support,
                predicted,
                precision: ratio0(tp, predicted),
                recall: ratio0(tp, support),
                f1: ratio0(2 * tp, 2 * tp + fp + fn_),
            }
        })
        .collect()
}

/// Balanced accuracy: the mean recall over classes with support > 0 (scikit-learn's
/// `balanced_accuracy_score`); `NaN` when no class has support.
pub fn balanced_accuracy(confusion: &[Vec<u64>]) -> f64 {
    let recalls: Vec<f64> = per_class(confusion).iter().filter(|m| m.support > 0).map(|m| m.recall).collect();
    mean_or_nan(&recalls)
}

/// Macro averages `(precision, recall, F1)`: unweighted means over the classes that occur in
/// the actual or the predicted labels (scikit-learn's `average="macro"` with `labels=None`);
/// `NaN` when there are none.
pub fn macro_averages(confusion: &[Vec<u64>]) -> (f64, f64, f64) {
    let present: Vec<ClassMetrics> =
        per_class(confusion).into_iter().filter(|m| m.support > 0 || m.predicted > 0).collect();
    let p: Vec<f64> = present.iter().map(|m| m.precision).collect();
    let r: Vec<f64> = present.iter().map(|m| m.recall).collect();
    let f: Vec<f64> = present.iter().map(|m| m.f1).collect();
    (mean_or_nan(&p), mean_or_nan(&r), mean_or_nan(&f))
}

fn mean_or_nan(v: &[f64]) -> f64 {
    if v.is_empty() {
        f64::NAN
    } else {
        v.iter().sum::<f64>() / v.len() as f64
    }
}

// ---------------------------------------------------------------------------------------------
// Probability metrics

/// `−ln q_y` for one normalised row: the row is clipped to `[PROB_CLIP, 1 − PROB_CLIP]` and
/// normalised again (scikit-learn ≤ 1.2's `log_loss`), then the actual class is looked up.
fn row_log_loss(row: &[f64], actual: u32) -> f64 {
    let clipped: Vec<f64> = row.iter().map(|v| v.clamp(PROB_CLIP, 1.0 - PROB_CLIP)).collect();
    let sum: f64 = clipped.iter().sum();
    -(clipped[actual as usize] / sum).ln()
}

/// Log loss (cross-entropy) `= −(1/n) Σ_i ln q_{i, y_i}` over usable rows, where `q_i` is row
/// `i` normalised, clipped to `[1e-15, 1 − 1e-15]` and normalised again. `NaN` without usable
/// rows.
pub fn log_loss(actual: &[u32], probs: &[f32], k: usize) -> f64 {
    let rows = usable_rows(actual, probs, k);
    let losses: Vec<f64> = rows.iter().map(|(a, r)| row_log_loss(r, *a)).collect();
    mean_or_nan(&losses)
}

/// Average ranks (1-based) of `scores`, tied values sharing the mean of their positions.
fn average_ranks(scores: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&a, &b| scores[a].total_cmp(&scores[b]));
    let mut ranks = vec![0.0; scores.len()];
    let mut start = 0;
    while start < order.len() {
        let mut end = start + 1;
        while end < order.len() && scores[order[end]] == scores[order[start]] {
            end += 1;
        }
        // Positions start+1 ..= end (1-based) share their mean.
        let rank = (start + 1 + end) as f64 / 2.0;
        for &i in &order[start..end] {
            ranks[i] = rank;
        }
        start = end;
    }
    ranks
}

/// Keeps the pairs with a finite score.
fn finite_pairs(positive: &[bool], scores: &[f64]) -> (Vec<bool>, Vec<f64>) {
    positive.iter().zip(scores).filter(|(_, s)| s.is_finite()).map(|(&p, &s)| (p, s)).unzip()
}

/// Area under the ROC curve of `scores` for the positives, by ranks (Mann–Whitney):
/// `AUC = (R₊ − n₊(n₊ + 1)/2) / (n₊ · n₋)`, where `R₊` is the sum of the positives' ranks among
/// all scores and tied scores take their average rank. This is the probability that a random
/// positive scores above a random negative, ties counting one half, and equals the trapezoidal
/// area under the full ROC curve (scikit-learn's `roc_auc_score`). Pairs with a non-finite
/// score are skipped; `NaN` without both a positive and a negative.
pub fn binary_roc_auc(positive: &[bool], scores: &[f64]) -> f64 {
    let (positive, scores) = finite_pairs(positive, scores);
    let n_pos = positive.iter().filter(|&&p| p).count() as f64;
    let n_neg = positive.len() as f64 - n_pos;
    if n_pos == 0.0 || n_neg == 0.0 {
        return f64::NAN;
    }
    let ranks = average_ranks(&scores);
    let r_pos: f64 = ranks.iter().zip(&positive).filter(|(_, &p)| p).map(|(r, _)| r).sum();
    (r_pos - n_pos * (n_pos + 1.0) / 2.0) / (n_pos * n_neg)
}

/// One-vs-rest AUC of every class: `AUC_c = binary_roc_auc(y = c, q_c)` over usable rows, `NaN`
/// for a class that is absent from (or is all of) the actual labels.
pub fn roc_auc_per_class(actual: &[u32], probs: &[f32], k: usize) -> Vec<f64> {
    let rows = usable_rows(actual, probs, k);
    (0..k)
        .map(|c| {
            let positive: Vec<bool> = rows.iter().map(|(a, _)| *a as usize == c).collect();
            let scores: Vec<f64> = rows.iter().map(|(_, r)| r[c]).collect();
            binary_roc_auc(&positive, &scores)
        })
        .collect()
}

/// ROC AUC of a classifier. Binary (`k = 2`): the AUC of P(class 1) for class 1 (scikit-learn's
/// `roc_auc_score(y, p1)`). Multi-class: the unweighted mean of the one-vs-rest AUCs
/// ([`roc_auc_per_class`]) over the classes where it is defined — scikit-learn's
/// `multi_class="ovr", average="macro"`, which is the same number whenever every class occurs
/// in `actual` (scikit-learn refuses otherwise). `NaN` when no AUC is defined.
pub fn roc_auc(actual: &[u32], probs: &[f32], k: usize) -> f64 {
    let per = roc_auc_per_class(actual, probs, k);
    if k == 2 {
        return per[1];
    }
    let defined: Vec<f64> = per.into_iter().filter(|v| !v.is_nan()).collect();
    mean_or_nan(&defined)
}

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
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]));
    let mut out = Vec::new();
    let (mut tp, mut fp) = (0u64, 0u64);
    for (j, &i) in order.iter().enumerate() {
        if positive[i] {
            tp += 1;
        } else {
            fp += 1;
        }
        let last_of_group = order.get(j + 1).map_or(true, |&next| scores[next] != scores[i]);
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

// ---------------------------------------------------------------------------------------------
// Classification report

/// The majority-class baseline: always predict the most frequent training class (the lowest
/// one on ties; scikit-learn's `DummyClassifier(strategy="most_frequent")`), with the training
/// class frequencies as its probabilities (`strategy="prior"`) for the log loss.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MajorityBaseline {
    /// The predicted class; `None` without training labels in `0..k` (then every metric is
    /// `NaN`).
    pub class: Option<u32>,
    /// Training class frequencies `count_c / n_train` (labels `≥ k` ignored).
    pub frequencies: Vec<f64>,
    /// Accuracy of the constant prediction on the test rows (= the share of that class).
    #[serde(deserialize_with = "nan_if_null")]
    pub accuracy: f64,
    /// Balanced accuracy (= 1 / number of classes present in the test rows, or 0 if the
    /// majority class is not among them).
    #[serde(deserialize_with = "nan_if_null")]
    pub balanced_accuracy: f64,
    /// Macro F1 of the constant prediction.
    #[serde(deserialize_with = "nan_if_null")]
    pub macro_f1: f64,
    /// Log loss with the training frequencies as every row's probabilities (a class absent from
    /// training gets probability 0, clipped to 1e-15).
    #[serde(deserialize_with = "nan_if_null")]
    pub log_loss: f64,
}

/// Everything measured on a classifier's held-out predictions. Metrics are over the usable
/// rows (module conventions); the baseline is measured on the same rows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClassificationReport {
    /// Number of classes `k`.
    pub classes: usize,
    /// Rows evaluated.
    pub n: usize,
    /// Rows skipped: label `≥ k` or unusable probabilities.
    pub skipped: usize,
    /// Confusion matrix, rows = actual, columns = predicted.
    pub confusion: Vec<Vec<u64>>,
    /// Share of rows predicted correctly.
    #[serde(deserialize_with = "nan_if_null")]
    pub accuracy: f64,
    /// Mean recall over classes present in the test rows.
    #[serde(deserialize_with = "nan_if_null")]
    pub balanced_accuracy: f64,
    /// Per-class precision / recall / F1 (`0/0 = 0`).
    pub per_class: Vec<ClassMetrics>,
    /// Macro-averaged precision over classes in actual ∪ predicted.
    #[serde(deserialize_with = "nan_if_null")]
    pub macro_precision: f64,
    /// Macro-averaged recall over classes in actual ∪ predicted.
    #[serde(deserialize_with = "nan_if_null")]
    pub macro_recall: f64,
    /// Macro-averaged F1 over classes in actual ∪ predicted.
    #[serde(deserialize_with = "nan_if_null")]
    pub macro_f1: f64,
    /// Log loss (probabilities clipped to [1e-15, 1 − 1e-15]).
    #[serde(deserialize_with = "nan_if_null")]
    pub log_loss: f64,
    /// Binary: AUC of P(class 1); multi-class: one-vs-rest macro AUC. See [`roc_auc`].
    #[serde(deserialize_with = "nan_if_null")]
    pub roc_auc: f64,
    /// One-vs-rest AUC of each class (`NaN` where undefined).
    #[serde(deserialize_with = "vec_nan_if_null")]
    pub roc_auc_per_class: Vec<f64>,
    /// One-vs-rest ROC curve of each class (for binary charts, use class 1).
    pub roc_curves: Vec<RocCurve>,
    /// One-vs-rest precision-recall curve of each class.
    pub pr_curves: Vec<PrCurve>,
    /// The majority-class baseline on the same rows.
    pub baseline: MajorityBaseline,
}

fn majority_baseline(rows: &[(u32, Vec<f64>)], k: usize, train_labels: &[u32]) -> MajorityBaseline {
    let mut counts = vec![0u64; k];
    for &l in train_labels {
        if (l as usize) < k {
            counts[l as usize] += 1;
        }
    }
    let total: u64 = counts.iter().sum();
    let nan = MajorityBaseline {
        class: None,
        frequencies: vec![f64::NAN; k],
        accuracy: f64::NAN,
        balanced_accuracy: f64::NAN,
        macro_f1: f64::NAN,
        log_loss: f64::NAN,
    };
    if total == 0 {
        return nan;
    }
    let class = argmax(&counts.iter().map(|&c| c as f64).collect::<Vec<_>>());
    let frequencies: Vec<f64> = counts.iter().map(|&c| c as f64 / total as f64).collect();
    let actual: Vec<u32> = rows.iter().map(|(a, _)| *a).collect();
    let cm = confusion_matrix(&actual, &vec![class; actual.len()], k);
    let losses: Vec<f64> = actual.iter().map(|&a| row_log_loss(&frequencies, a)).collect();
    MajorityBaseline {
        class: Some(class),
        accuracy: accuracy(&cm),
        balanced_accuracy: balanced_accuracy(&cm),
        macro_f1: macro_averages(&cm).2,
        log_loss: mean_or_nan(&losses),
        frequencies,
    }
}

/// Evaluates a classifier's held-out probabilities (`n × k`, or `n × 1` P(class 1) when
/// `k = 2`; `n = actual.len()`) and the majority-class baseline fitted on `train_labels`.
pub fn classification_report(
    actual: &[u32],
    predicted_probs: &[f32],
    k: usize,
    train_labels: &[u32],
) -> ClassificationReport {
    let rows = usable_rows(actual, predicted_probs, k);
    let labels: Vec<u32> = rows.iter().map(|(a, _)| *a).collect();
    let predicted: Vec<u32> = rows.iter().map(|(_, r)| argmax(r)).collect();
    let cm = confusion_matrix(&labels, &predicted, k);
    let (macro_precision, macro_recall, macro_f1) = macro_averages(&cm);
    let losses: Vec<f64> = rows.iter().map(|(a, r)| row_log_loss(r, *a)).collect();
    let curve_inputs: Vec<(Vec<bool>, Vec<f64>)> = (0..k)
        .map(|c| rows.iter().map(|(a, r)| (*a as usize == c, r[c])).unzip())
        .collect();
    let roc_auc_per_class: Vec<f64> = curve_inputs.iter().map(|(p, s)| binary_roc_auc(p, s)).collect();
    let roc_auc = if k == 2 {
        roc_auc_per_class[1]
    } else {
        mean_or_nan(&roc_auc_per_class.iter().copied().filter(|v| !v.is_nan()).collect::<Vec<_>>())
    };
    ClassificationReport {
        classes: k,
        n: rows.len(),
        skipped: actual.len() - rows.len(),
        accuracy: accuracy(&cm),
        balanced_accuracy: balanced_accuracy(&cm),
        per_class: per_class(&cm),
        macro_precision,
        macro_recall,
        macro_f1,
        log_loss: mean_or_nan(&losses),
        roc_auc,
        roc_auc_per_class,
        roc_curves: curve_inputs.iter().map(|(p, s)| roc_curve(p, s)).collect(),
        pr_curves: curve_inputs.iter().map(|(p, s)| pr_curve(p, s)).collect(),
        baseline: majority_baseline(&rows, k, train_labels),
        confusion: cm,
    }
}

// ---------------------------------------------------------------------------------------------
// Regression

/// Finite `(actual, predicted)` pairs in `f64`.
fn finite_regression_pairs(actual: &[f32], predicted: &[f32]) -> Vec<(f64, f64)> {
    actual
        .iter()
        .zip(predicted)
        .map(|(&a, &p)| (f64::from(a), f64::from(p)))
        .filter(|(a, p)| a.is_finite() && p.is_finite())
        .collect()
}

fn rmse_pairs(pairs: &[(f64, f64)]) -> f64 {
    mean_or_nan(&pairs.iter().map(|(a, p)| (a - p).powi(2)).collect::<Vec<_>>()).sqrt()
}

fn mae_pairs(pairs: &[(f64, f64)]) -> f64 {
    mean_or_nan(&pairs.iter().map(|(a, p)| (a - p).abs()).collect::<Vec<_>>())
}

/// `metrics::r2`'s formula and constant-target rule, in `f64` throughout; `NaN` when empty.
fn r2_pairs(pairs: &[(f64, f64)]) -> f64 {
    if pairs.is_empty() {
        return f64::NAN;
    }
    let mean = pairs.iter().map(|(a, _)| a).sum::<f64>() / pairs.len() as f64;
    let ss_tot: f64 = pairs.iter().map(|(a, _)| (a - mean).powi(2)).sum();
    let ss_res: f64 = pairs.iter().map(|(a, p)| (a - p).powi(2)).sum();
    if ss_tot == 0.0 {
        return if ss_res == 0.0 { 1.0 } else { 0.0 };
    }
    1.0 - ss_res / ss_tot
}

/// Root mean squared error `√((1/n) Σ (yᵢ − ŷᵢ)²)` over finite pairs; `NaN` when none.
pub fn rmse(actual: &[f32], predicted: &[f32]) -> f64 {
    rmse_pairs(&finite_regression_pairs(actual, predicted))
}

/// Mean absolute error `(1/n) Σ |yᵢ − ŷᵢ|` over finite pairs; `NaN` when none.
pub fn mae(actual: &[f32], predicted: &[f32]) -> f64 {
    mae_pairs(&finite_regression_pairs(actual, predicted))
}

/// R² `= 1 − Σ(y − ŷ)² / Σ(y − ȳ)²` over finite pairs, with [`super::metrics::r2`]'s rule for
/// a constant target (1 if the fit is exact, else 0) — scikit-learn's `r2_score` with
/// `force_finite=True`. Unlike `metrics::r2`, no pairs give `NaN` rather than 0.
pub fn r2(actual: &[f32], predicted: &[f32]) -> f64 {
    r2_pairs(&finite_regression_pairs(actual, predicted))
}

/// Summary of residuals `rᵢ = yᵢ − ŷᵢ` (actual minus predicted).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResidualSummary {
    /// Number of residuals.
    pub n: usize,
    /// `(1/n) Σ rᵢ`.
    #[serde(deserialize_with = "nan_if_null")]
    pub mean: f64,
    /// Population standard deviation `√((1/n) Σ (rᵢ − r̄)²)` (NumPy's `std`, `ddof = 0`).
    #[serde(deserialize_with = "nan_if_null")]
    pub sd: f64,
    /// Smallest residual.
    #[serde(deserialize_with = "nan_if_null")]
    pub min: f64,
    /// First quartile.
    #[serde(deserialize_with = "nan_if_null")]
    pub q1: f64,
    /// Median.
    #[serde(deserialize_with = "nan_if_null")]
    pub median: f64,
    /// Third quartile.
    #[serde(deserialize_with = "nan_if_null")]
    pub q3: f64,
    /// Largest residual.
    #[serde(deserialize_with = "nan_if_null")]
    pub max: f64,
}

/// Quantile `q` of sorted values by linear interpolation between order statistics (NumPy's
/// default, R's type 7): `h = (n − 1)·q`, `x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋ + 1] − x[⌊h⌋])`.
fn quantile_sorted(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let h = (sorted.len() - 1) as f64 * q;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

fn residual_summary_pairs(pairs: &[(f64, f64)]) -> ResidualSummary {
    let mut r: Vec<f64> = pairs.iter().map(|(a, p)| a - p).collect();
    r.sort_by(f64::total_cmp);
    let mean = mean_or_nan(&r);
    let sd = mean_or_nan(&r.iter().map(|v| (v - mean).powi(2)).collect::<Vec<_>>()).sqrt();
    ResidualSummary {
        n: r.len(),
        mean,
        sd,
        min: r.first().copied().unwrap_or(f64::NAN),
        q1: quantile_sorted(&r, 0.25),
        median: quantile_sorted(&r, 0.5),
        q3: quantile_sorted(&r, 0.75),
        max: r.last().copied().unwrap_or(f64::NAN),
    }
}

/// Residual summary over finite pairs; every statistic is `NaN` when there are none.
pub fn residual_summary(actual: &[f32], predicted: &[f32]) -> ResidualSummary {
    residual_summary_pairs(&finite_regression_pairs(actual, predicted))
}

/// The mean baseline: predict the training mean for every test row (scikit-learn's
/// `DummyRegressor(strategy="mean")`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MeanBaseline {
    /// Mean of the finite training targets (`NaN` when there are none, and then so is every
    /// metric).
    #[serde(deserialize_with = "nan_if_null")]
    pub mean: f64,
    /// RMSE of the constant prediction on the test rows.
    #[serde(deserialize_with = "nan_if_null")]
    pub rmse: f64,
    /// MAE of the constant prediction.
    #[serde(deserialize_with = "nan_if_null")]
    pub mae: f64,
    /// R² of the constant prediction (≤ 0 unless the training mean equals the test mean;
    /// 0 when it does).
    #[serde(deserialize_with = "nan_if_null")]
    pub r2: f64,
}

/// Everything measured on a regressor's held-out predictions, over the finite pairs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RegressionReport {
    /// Pairs evaluated.
    pub n: usize,
    /// Pairs skipped for a non-finite actual or predicted value.
    pub skipped: usize,
    /// Root mean squared error.
    #[serde(deserialize_with = "nan_if_null")]
    pub rmse: f64,
    /// Mean absolute error.
    #[serde(deserialize_with = "nan_if_null")]
    pub mae: f64,
    /// Coefficient of determination.
    #[serde(deserialize_with = "nan_if_null")]
    pub r2: f64,
    /// Summary of `actual − predicted`.
    pub residuals: ResidualSummary,
    /// The training-mean baseline on the same test rows.
    pub baseline: MeanBaseline,
}

/// Evaluates a regressor's held-out predictions and the mean baseline fitted on
/// `train_targets` (non-finite training targets ignored). The baseline is scored on the same
/// test rows as the model.
pub fn regression_report(actual: &[f32], predicted: &[f32], train_targets: &[f32]) -> RegressionReport {
    let pairs = finite_regression_pairs(actual, predicted);
    let train: Vec<f64> = train_targets.iter().map(|&v| f64::from(v)).filter(|v| v.is_finite()).collect();
    let mean = mean_or_nan(&train);
    let base: Vec<(f64, f64)> = if mean.is_nan() { vec![] } else { pairs.iter().map(|&(a, _)| (a, mean)).collect() };
    RegressionReport {
        n: pairs.len(),
        skipped: actual.len().min(predicted.len()) - pairs.len(),
        rmse: rmse_pairs(&pairs),
        mae: mae_pairs(&pairs),
        r2: r2_pairs(&pairs),
        residuals: residual_summary_pairs(&pairs),
        baseline: MeanBaseline { mean, rmse: rmse_pairs(&base), mae: mae_pairs(&base), r2: r2_pairs(&base) },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    #[test]
    fn label_metrics_by_hand() {
        // actual    0 0 0 1 1 2
        // predicted 0 1 0 1 0 1  → C = [[2,1,0],[1,1,0],[0,1,0]]
        let cm = confusion_matrix(&[0, 0, 0, 1, 1, 2], &[0, 1, 0, 1, 0, 1], 3);
        assert_eq!(cm, vec![vec![2, 1, 0], vec![1, 1, 0], vec![0, 1, 0]]);
        // accuracy = (2 + 1) / 6 = 0.5
        assert!(close(accuracy(&cm), 0.5));
        let m = per_class(&cm);
        // class 0: TP 2, FP 1, FN 1 → P = 2/3, R = 2/3, F1 = 4/6
        assert!(close(m[0].precision, 2.0 / 3.0) && close(m[0].recall, 2.0 / 3.0) && close(m[0].f1, 4.0 / 6.0));
        // class 1: TP 1, FP 2, FN 1 → P = 1/3, R = 1/2, F1 = 2/(2+2+1) = 0.4
        assert!(close(m[1].precision, 1.0 / 3.0) && close(m[1].recall, 0.5) && close(m[1].f1, 0.4));
        // class 2: never predicted → P = 0/0 = 0, R = 0/1 = 0, F1 = 0/(0+0+1) = 0
        assert_eq!((m[2].precision, m[2].recall, m[2].f1, m[2].support, m[2].predicted), (0.0, 0.0, 0.0, 1, 0));
        // balanced accuracy = (2/3 + 1/2 + 0) / 3 = 7/18
        assert!(close(balanced_accuracy(&cm), 7.0 / 18.0));
        // macro over classes {0, 1, 2}: P = (2/3 + 1/3 + 0)/3 = 1/3, R = 7/18,
        // F1 = (2/3 + 0.4 + 0)/3 = 16/45
        let (p, r, f) = macro_averages(&cm);
        assert!(close(p, 1.0 / 3.0) && close(r, 7.0 / 18.0) && close(f, 16.0 / 45.0));
        // A class in neither actual nor predicted is left out of the macro average.
        let cm4 = confusion_matrix(&[0, 0, 0, 1, 1, 2], &[0, 1, 0, 1, 0, 1], 4);
        assert_eq!(macro_averages(&cm4), macro_averages(&cm));
        // Labels ≥ k are skipped.
        assert_eq!(confusion_matrix(&[0, 5], &[0, 0], 2), vec![vec![1, 0], vec![0, 0]]);
    }

    #[test]
    fn auc_by_hand_with_ties() {
        // scores 0.1(−) 0.4(−) 0.4(+) 0.8(+): ranks 1, 2.5, 2.5, 4 → R₊ = 6.5,
        // AUC = (6.5 − 2·3/2) / (2·2) = 3.5/4 = 0.875 (pairs: (0.4+,0.1−) 1, (0.4+,0.4−) ½,
        // (0.8+, both) 2 → 3.5 of 4).
        let pos = [false, false, true, true];
        let s = [0.1, 0.4, 0.4, 0.8];
        assert!(close(binary_roc_auc(&pos, &s), 0.875));
        // Trapezoids under the full curve give the same: points (0,0) (0,½) (½,1) (1,1):
        // ½·½·(½+1) + ½·1 = 0.375 + 0.5 = 0.875.
        let c = roc_curve(&pos, &s);
        assert_eq!(c.fpr, vec![0.0, 0.0, 0.5, 1.0]);
        assert_eq!(c.tpr, vec![0.0, 0.5, 1.0, 1.0]);
        assert_eq!(c.thresholds, vec![f64::INFINITY, 0.8, 0.4, 0.1]);
        let area: f64 = (1..c.fpr.len()).map(|i| (c.fpr[i] - c.fpr[i - 1]) * (c.tpr[i] + c.tpr[i - 1]) / 2.0).sum();
        assert!(close(area, 0.875));
        // PR: t = 0.1 → 2/4 precision, recall 1; t = 0.4 → 2/3, 1; t = 0.8 → 1/1, 1/2; then (1, 0).
        let pr = pr_curve(&pos, &s);
        assert_eq!(pr.thresholds, vec![0.1, 0.4, 0.8]);
        assert_eq!(pr.recall, vec![1.0, 1.0, 0.5, 0.0]);
        assert!(close(pr.precision[1], 2.0 / 3.0) && pr.precision[0] == 0.5 && pr.precision[2] == 1.0);
        // Only one class → undefined; a NaN score is skipped.
        assert!(binary_roc_auc(&[true, true], &[0.1, 0.2]).is_nan());
        assert!(close(binary_roc_auc(&[false, true, true], &[0.3, f64::NAN, 0.5]), 1.0));
    }

    #[test]
    fn log_loss_by_hand() {
        // Rows [0.75, 0.25] (actual 0), [0.5, 0.5] (actual 1) and unnormalised [1, 3] → [¼, ¾]
        // (actual 1): loss = −(ln 0.75 + ln 0.5 + ln 0.75)/3.
        let want = -(0.75f64.ln() + 0.5f64.ln() + 0.75f64.ln()) / 3.0;
        assert!(close(log_loss(&[0, 1, 1], &[0.75, 0.25, 0.5, 0.5, 1.0, 3.0], 2), want));
        // The n × 1 form: P(class 1) = 0.25, 0.5, 0.75 is the same thing.
        assert!(close(log_loss(&[0, 1, 1], &[0.25, 0.5, 0.75], 2), want));
        // A zero probability on the actual class costs −ln(1e-15 / (1e-15 + 1 − 1e-15)) ≈ 34.539.
        assert!((log_loss(&[0], &[0.0, 1.0], 2) - 34.538776394910684).abs() < 1e-6);
    }

    #[test]
    fn regression_by_hand() {
        // y = [1, 2, 3, 4], ŷ = [1, 2, 3, 5]: residuals [0, 0, 0, −1], RMSE = √(1/4) = 0.5,
        // MAE = 0.25, R² = 1 − 1/5 = 0.8 (as metrics::r2).
        let (y, yh) = ([1.0f32, 2.0, 3.0, 4.0], [1.0f32, 2.0, 3.0, 5.0]);
        assert!(close(rmse(&y, &yh), 0.5) && close(mae(&y, &yh), 0.25));
        assert!(close(r2(&y, &yh), super::super::metrics::r2(&yh, &y)));
        assert_eq!(r2(&[1.0, 1.0], &[1.0, 1.0]), 1.0);
        assert_eq!(r2(&[1.0, 1.0], &[0.0, 2.0]), 0.0);
        // sorted residuals [−1, 0, 0, 0]: mean −0.25, sd = √((0.5625 + 3·0.0625)/4) = √0.1875,
        // q1 at h = 0.75 → −1 + 0.75·1 = −0.25, median 0, q3 0.
        let s = residual_summary(&y, &yh);
        assert!(close(s.mean, -0.25) && close(s.sd, 0.1875f64.sqrt()) && close(s.q1, -0.25));
        assert_eq!((s.min, s.median, s.q3, s.max, s.n), (-1.0, 0.0, 0.0, 0.0, 4));
        // Mean baseline from train [0, 4] → 2: errors [1, 0, 1, 2] → RMSE √(6/4), MAE 1,
        // R² = 1 − 6/5 = −0.2.
        let r = regression_report(&y, &yh, &[0.0, 4.0, f32::NAN]);
        assert!(close(r.baseline.mean, 2.0) && close(r.baseline.rmse, 1.5f64.sqrt()));
        assert!(close(r.baseline.mae, 1.0) && close(r.baseline.r2, -0.2));
    }

    #[test]
    fn majority_baseline_by_hand() {
        // Train [0, 1, 1, 2] → class 1, frequencies [¼, ½, ¼]. Test actual [0, 1]:
        // accuracy ½, balanced (0 + 1)/2 = ½, F1: class 0 → 0, class 1 → 2/(2+1) = 2/3,
        // macro over {0, 1} = 1/3; log loss = −(ln ¼ + ln ½)/2.
        let r = classification_report(&[0, 1], &[0.9, 0.1, 0.0, 0.0, 0.2, 0.8, 0.0, 0.0][..6], 3, &[0, 1, 1, 2]);
        let b = &r.baseline;
        assert_eq!(b.class, Some(1));
        assert!(close(b.accuracy, 0.5) && close(b.balanced_accuracy, 0.5) && close(b.macro_f1, 1.0 / 3.0));
        assert!(close(b.log_loss, -(0.25f64.ln() + 0.5f64.ln()) / 2.0));
        assert_eq!(b.frequencies, vec![0.25, 0.5, 0.25]);
    }

    #[test]
    fn bad_input_does_not_panic() {
        // Empty everything.
        let r = classification_report(&[], &[], 3, &[]);
        assert_eq!((r.n, r.skipped), (0, 0));
        assert!(r.accuracy.is_nan() && r.log_loss.is_nan() && r.roc_auc.is_nan() && r.baseline.accuracy.is_nan());
        let r = classification_report(&[], &[], 0, &[]);
        assert!(r.accuracy.is_nan());
        // Non-finite / negative rows and out-of-range labels are skipped.
        let r = classification_report(&[0, 1, 1, 7], &[0.9, 0.1, f32::NAN, 0.5, -1.0, 2.0, 0.5, 0.5], 2, &[1]);
        assert_eq!((r.n, r.skipped), (1, 3));
        assert_eq!(r.accuracy, 1.0);
        // A probability slice of the wrong length skips every row.
        let r = classification_report(&[0, 1], &[0.5, 0.5, 0.5], 3, &[0]);
        assert_eq!((r.n, r.skipped), (0, 2));
        // Regression.
        let r = regression_report(&[], &[], &[]);
        assert!(r.rmse.is_nan() && r.r2.is_nan() && r.residuals.q1.is_nan() && r.baseline.mean.is_nan());
        let r = regression_report(&[1.0, f32::INFINITY, 3.0], &[1.0, 2.0, f32::NAN], &[f32::NAN]);
        assert_eq!((r.n, r.skipped), (1, 2));
        assert_eq!(r.rmse, 0.0);
        assert!(r.baseline.rmse.is_nan());
    }

    #[test]
    fn reports_round_trip_through_json_with_nan_and_infinity() {
        // One class only in the test set: AUCs and tpr are NaN, thresholds start with +∞.
        let r = classification_report(&[1, 1], &[0.2, 0.7], 2, &[0, 1]);
        assert!(r.roc_auc.is_nan() && r.roc_curves[0].tpr.iter().all(|v| v.is_nan()));
        let json = serde_json::to_string(&r).unwrap();
        let back: ClassificationReport = serde_json::from_str(&json).unwrap();
        // NaN ≠ NaN, so compare the JSON text.
        assert_eq!(serde_json::to_string(&back).unwrap(), json);
        assert_eq!(back.roc_curves[1].thresholds[0], f64::INFINITY);
        assert!(back.roc_auc.is_nan());
        let g = regression_report(&[1.0, 2.0], &[1.5, 2.0], &[3.0]);
        let back: RegressionReport = serde_json::from_str(&serde_json::to_string(&g).unwrap()).unwrap();
        assert_eq!(back, g);
    }
}
