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

/// `num / den`, 0 when `den` is 0 (a precision with nothing predicted, a recall with no support).
pub(crate) fn ratio0(num: u64, den: u64) -> f64 {
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
    let order = crate::order::by_numbers(scores, crate::order::Direction::Ascending);
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

mod curves;
pub use curves::*;

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
    /// One-vs-rest average precision of each class ([`PrCurve::average_precision`] of the
    /// full curve; `NaN` where undefined). Absent from reports written before it was added.
    #[serde(default, deserialize_with = "vec_nan_if_null")]
    pub average_precision_per_class: Vec<f64>,
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
    let curve_inputs: Vec<(Vec<bool>, Vec<f64>)> =
        (0..k).map(|c| rows.iter().map(|(a, r)| (*a as usize == c, r[c])).unzip()).collect();
    let roc_auc_per_class: Vec<f64> = curve_inputs.iter().map(|(p, s)| binary_roc_auc(p, s)).collect();
    let roc_auc = if k == 2 {
        roc_auc_per_class[1]
    } else {
        mean_or_nan(&roc_auc_per_class.iter().copied().filter(|v| !v.is_nan()).collect::<Vec<_>>())
    };
    let pr_curves: Vec<PrCurve> = curve_inputs.iter().map(|(p, s)| pr_curve(p, s)).collect();
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
        average_precision_per_class: pr_curves.iter().map(PrCurve::average_precision).collect(),
        pr_curves,
        baseline: majority_baseline(&rows, k, train_labels),
        confusion: cm,
    }
}

mod regression;
pub use regression::*;

#[cfg(test)]
mod tests;
