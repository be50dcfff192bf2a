//! Regression metrics on held-out predictions and the mean baseline.

use super::{mean_or_nan, nan_if_null};
use serde::{Deserialize, Serialize};

/// Finite `(actual, predicted)` pairs in `f64` (rows where either is missing are skipped).
pub(crate) fn finite_regression_pairs(actual: &[f32], predicted: &[f32]) -> Vec<(f64, f64)> {
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

/// [`r2`] over pairs already filtered to finite ones; `NaN` when there are none.
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

/// The coefficient of determination `R² = 1 − Σ(yᵢ − ŷᵢ)² / Σ(yᵢ − ȳ)²` of predictions `ŷ`
/// (`predicted`) for targets `y` (`actual`), over the finite pairs, in `f64` throughout. The one
/// R² of Lantern: the trainer's per-epoch metric and every evaluation report use it.
///
/// The order is `(actual, predicted)`, as for every regression metric here; it matters, since
/// `ȳ` is the mean of the *actual* values (R² is not symmetric, unlike RMSE and MAE).
///
/// A constant target (`Σ(yᵢ − ȳ)² = 0`) would divide by zero: it gives 1 when the fit is exact
/// and 0 otherwise (scikit-learn's `r2_score` with `force_finite=True`). No finite pairs give
/// `NaN`.
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
    regression_report_with_mean(actual, predicted, training_mean(train_targets))
}

/// Mean of the finite training targets, as the baseline uses it (`NaN` when there are none).
pub fn training_mean(train_targets: &[f32]) -> f64 {
    let train: Vec<f64> = train_targets.iter().map(|&v| f64::from(v)).filter(|v| v.is_finite()).collect();
    mean_or_nan(&train)
}

/// As [`regression_report`], with the baseline's training mean given (an exported model keeps
/// the mean, not the training targets).
pub fn regression_report_with_mean(actual: &[f32], predicted: &[f32], mean: f64) -> RegressionReport {
    let pairs = finite_regression_pairs(actual, predicted);
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
