//! Cross-validated scores in a few numbers, and runs ranked by them.
//!
//! A k-fold run gives one score per fold. [`summarise`] reports their mean — the
//! cross-validated score, an estimate of how the model trained on all rows would score on new
//! rows — and their sample standard deviation `s = √(Σ(xᵢ − x̄)² / (k − 1))` (Bessel's
//! correction, as `compare::stats::mean_std`), with the smallest and largest fold. The spread
//! says how much one split's score can be trusted; it is not a confidence interval for the
//! mean: the folds share most of their training rows, so their scores are correlated and no
//! unbiased estimate of the mean's variance exists (Bengio & Grandvalet, 2004). Non-finite
//! scores (a fold whose metric is undefined, a failed fold) are left out and counted apart.
//!
//! [`rank`] gives each run its rank by mean score as scikit-learn's `GridSearchCV` does
//! (`rank_test_score`: tied means share the best rank of the tie, "min" ranking; a run without a
//! finite mean ties with the worst), and [`best_first`] the order to list runs in.
//! [`out_of_fold`] puts each fold's test predictions back in row order (out-of-fold predictions:
//! every row predicted by a model that did not train on it), for a threshold chosen on them or
//! a table of the worst-predicted rows.

use super::error::{ValidateError, ValidateResult};
use super::folds::Fold;
use serde::{Deserialize, Serialize};

/// The fold scores of one metric, summarised.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CvSummary {
    /// Every fold's score, in fold order (non-finite ones included, as given).
    pub folds: Vec<f64>,
    /// How many were finite (the ones summarised).
    pub n: usize,
    /// Mean of the finite scores; NaN when there are none.
    pub mean: f64,
    /// Their sample standard deviation; NaN for fewer than two.
    pub std: f64,
    /// The smallest finite score; NaN when there are none.
    pub min: f64,
    /// The largest finite score; NaN when there are none.
    pub max: f64,
}

impl CvSummary {
    /// Folds left out because their score was not finite.
    pub fn failed(&self) -> usize {
        self.folds.len() - self.n
    }
}

/// Mean, sample standard deviation, min and max of the finite fold scores.
pub fn summarise(folds: &[f64]) -> CvSummary {
    let finite: Vec<f64> = folds.iter().copied().filter(|v| v.is_finite()).collect();
    let n = finite.len();
    let nan = f64::NAN;
    let (mean, std, min, max) = if n == 0 {
        (nan, nan, nan, nan)
    } else {
        let mean = finite.iter().sum::<f64>() / n as f64;
        let std = if n < 2 {
            nan
        } else {
            let ss: f64 = finite.iter().map(|v| (v - mean) * (v - mean)).sum();
            libm::sqrt(ss / (n - 1) as f64)
        };
        let min = finite.iter().copied().fold(f64::INFINITY, f64::min);
        let max = finite.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        (mean, std, min, max)
    };
    CvSummary { folds: folds.to_vec(), n, mean, std, min, max }
}

/// Which way a metric is better.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Better {
    /// Accuracy, R², AUC, F1 …
    Higher,
    /// Log loss, RMSE, MAE …
    Lower,
}

impl Better {
    /// `a` is strictly better than `b` (finite values).
    pub fn beats(self, a: f64, b: f64) -> bool {
        match self {
            Better::Higher => a > b,
            Better::Lower => a < b,
        }
    }

    /// The value as a "higher is better" key (negated when lower is better).
    fn key(self, v: f64) -> f64 {
        match self {
            Better::Higher => v,
            Better::Lower => -v,
        }
    }
}

/// The 1-based rank of each run by its mean score: 1 for the best; tied means share the
/// smallest rank of their tie (1, 2, 2, 4); runs whose mean is not finite all get the rank after
/// the worst finite one — scikit-learn's `rank_test_score`.
pub fn rank(means: &[f64], better: Better) -> Vec<usize> {
    let finite: Vec<f64> = means.iter().copied().filter(|m| m.is_finite()).collect();
    means
        .iter()
        .map(
            |&m| {
                if m.is_finite() {
                    1 + finite.iter().filter(|&&o| better.beats(o, m)).count()
                } else {
                    finite.len() + 1
                }
            },
        )
        .collect()
}

/// The runs' positions, best mean first; equal means: the smaller standard deviation first (the
/// steadier run), then the earlier run; runs without a finite mean last, in their order. A NaN
/// standard deviation (one fold) counts as the largest.
pub fn best_first(summaries: &[CvSummary], better: Better) -> Vec<usize> {
    use crate::order::{by_numbers, permute, Direction};
    let std_key: Vec<f64> = summaries.iter().map(|s| if s.std.is_finite() { s.std } else { f64::INFINITY }).collect();
    let mut order = by_numbers(&std_key, Direction::Ascending);
    // Stable sort on the primary key after the secondary one: by mean, non-finite last.
    let mean_key: Vec<f64> = order
        .iter()
        .map(|&i| {
            let m = summaries[i].mean;
            if m.is_finite() {
                better.key(m)
            } else {
                f64::NEG_INFINITY
            }
        })
        .collect();
    let by_mean = by_numbers(&mean_key, Direction::Descending);
    permute(&mut order, &by_mean);
    order
}

/// Each row's out-of-fold prediction: `per_fold[f]` holds `width` values for each test row of
/// `folds[f]`, in that fold's test order; row `i` gets the values of the fold that tested it
/// (`width` per row, row-major), and `missing` when no fold tests it (the first rows of a time
/// series).
///
/// # Errors
/// [`ValidateError::LengthMismatch`] when there are not as many predictions as folds, or a fold's
/// predictions are not `width` per test row, or a test row is not below `rows`.
pub fn out_of_fold<T: Copy>(
    folds: &[Fold],
    per_fold: &[Vec<T>],
    rows: usize,
    width: usize,
    missing: T,
) -> ValidateResult<Vec<T>> {
    if per_fold.len() != folds.len() {
        return Err(ValidateError::LengthMismatch {
            what: "folds' predictions",
            found: per_fold.len(),
            rows: folds.len(),
        });
    }
    let mut out = vec![missing; rows * width];
    for (fold, values) in folds.iter().zip(per_fold) {
        if values.len() != fold.test.len() * width {
            let what = "predicted values for a fold's test rows";
            return Err(ValidateError::LengthMismatch { what, found: values.len(), rows: fold.test.len() * width });
        }
        for (&row, chunk) in fold.test.iter().zip(values.chunks(width.max(1))) {
            let slot = out.get_mut(row * width..(row + 1) * width).ok_or(ValidateError::LengthMismatch {
                what: "test rows",
                found: row + 1,
                rows,
            })?;
            slot.copy_from_slice(chunk);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn out_of_fold_puts_predictions_back() {
        let folds = crate::validate::folds::k_fold(5, 2, Some(1)).unwrap();
        // Each fold "predicts" 10·row and 10·row + 1 for its test rows.
        let per: Vec<Vec<f64>> = folds
            .iter()
            .map(|f| f.test.iter().flat_map(|&r| [10.0 * r as f64, 10.0 * r as f64 + 1.0]).collect())
            .collect();
        let oof = out_of_fold(&folds, &per, 5, 2, f64::NAN).unwrap();
        assert_eq!(oof, vec![0.0, 1.0, 10.0, 11.0, 20.0, 21.0, 30.0, 31.0, 40.0, 41.0]);
        let s = crate::validate::SeriesSettings { k: 2, gap: 0, test_size: None, max_train: None };
        let ts = crate::validate::time_series_split(6, s).unwrap();
        let oof = out_of_fold(&ts, &[vec![1u8, 1], vec![2, 2]], 6, 1, 0).unwrap();
        assert_eq!(oof, vec![0, 0, 1, 1, 2, 2]);
        assert!(out_of_fold(&ts, &[vec![1u8, 1]], 6, 1, 0).is_err());
        assert!(out_of_fold(&ts, &[vec![1u8], vec![2, 2]], 6, 1, 0).is_err());
        assert!(out_of_fold(&ts, &[vec![1u8, 1], vec![2, 2]], 5, 1, 0).is_err());
    }

    #[test]
    fn summary_by_hand() {
        let s = summarise(&[0.8, 0.9, 0.7, f64::NAN, 1.0]);
        assert_eq!((s.n, s.failed()), (4, 1));
        assert!((s.mean - 0.85).abs() < 1e-15);
        // Σ(x − 0.85)² = 0.0025 + 0.0025 + 0.0225 + 0.0225 = 0.05; / 3; √ = 0.129099…
        assert!((s.std - (0.05f64 / 3.0).sqrt()).abs() < 1e-15);
        assert_eq!((s.min, s.max), (0.7, 1.0));
        let one = summarise(&[0.5]);
        assert_eq!((one.mean, one.n), (0.5, 1));
        assert!(one.std.is_nan());
        let none = summarise(&[f64::NAN]);
        assert!(none.mean.is_nan() && none.min.is_nan() && none.max.is_nan());
        assert_eq!(summarise(&[]).n, 0);
    }

    #[test]
    fn ranks_as_scikit_learn() {
        assert_eq!(rank(&[0.8, 0.9, 0.8, f64::NAN, 0.7], Better::Higher), vec![2, 1, 2, 5, 4]);
        assert_eq!(rank(&[0.8, 0.9, 0.8, f64::NAN, 0.7], Better::Lower), vec![2, 4, 2, 5, 1]);
        assert_eq!(rank(&[f64::NAN, f64::NAN], Better::Higher), vec![1, 1]);
    }

    #[test]
    fn best_first_breaks_ties_by_spread_then_position() {
        let runs = [
            summarise(&[0.75, 0.75]),         // mean 0.75, std 0
            summarise(&[0.5, 1.0]),           // mean 0.75, std 0.35
            summarise(&[f64::NAN]),           // no score
            summarise(&[0.875, 0.9375, 1.0]), // best
            summarise(&[0.75]),               // mean 0.75, std NaN
            summarise(&[0.5, 0.75]),
        ];
        assert_eq!(best_first(&runs, Better::Higher), vec![3, 0, 1, 4, 5, 2]);
        assert_eq!(best_first(&runs, Better::Lower), vec![5, 0, 1, 4, 3, 2]);
    }
}
