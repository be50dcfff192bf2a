//! Partial dependence and individual conditional expectation (ICE) curves: how a model's output
//! moves with one feature (Friedman 2001; Goldstein et al. 2015).
//!
//! For a feature `j` and a grid of values `v₁ … v_G`, the ICE curve of row `i` is the model's
//! output on that row with feature `j` set to each `v_g`, every other feature kept:
//! `ICEᵢ(v) = f(xᵢ with x_ij := v)`. The partial dependence is their mean,
//! `PD(v) = (1/n) Σᵢ ICEᵢ(v)` — what the model predicts on average when the feature is `v`.
//! Parallel ICE curves mean the feature acts alone (additively); crossing ones show
//! interactions that the mean hides. Both show the model, not the world: where features are
//! correlated, setting one alone makes rows that do not occur.
//!
//! The model is any closure `predict(values, rows) -> one output per row` over row-major `f32`
//! rows (the probability of a class, or the predicted value), so every model family works
//! ([`output_of`] makes one from a [`Predictor`]). It is called once per grid value on all the
//! rows, as scikit-learn's `method="brute"`.
//!
//! # The grid (scikit-learn's `_grid_from_X`)
//! A feature with fewer distinct values than the resolution (default 100) uses those values.
//! Otherwise the grid is `resolution` evenly spaced values from the 5th to the 95th percentile,
//! both included; the percentiles are `scipy.stats.mstats.mquantiles` (Hyndman–Fan with
//! `α = β = 0.4`): for the sorted values `x₁ ≤ … ≤ xₙ` and probability `p`,
//! `a = n·p + 0.4 + 0.2·p`, `k = ⌊clamp(a, 1, n − 1)⌋`, `γ = clamp(a − k, 0, 1)`,
//! `q = (1 − γ)·x_k + γ·x_{k+1}`. Values that are not finite are left out.
//!
//! # Where this differs from scikit-learn
//! - When the two percentiles coincide (a feature mostly equal to one value) the grid runs from
//!   the smallest to the largest value instead of refusing.
//! - The rows are `f32`, so a grid value is rounded to `f32` before the model sees it; the grid
//!   reported is the rounded one.
//! - [`DependenceSettings::sample`] computes the curves on a seeded sample of the rows
//!   ([`crate::rng::Stream::Dependence`]), for speed on big tables, and the mean is then over that
//!   sample (scikit-learn always averages over every row given). The grid still comes from every
//!   row. Without a sample, the numbers are scikit-learn's (`tests/validate_reference.rs`).

use super::error::ValidateError;
use crate::error::{Error, Result};
use crate::learn::{Matrix, Predictor};
use crate::rng::{SeededRng, Stream};
use serde::{Deserialize, Serialize};

/// Where the curves are evaluated.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum GridSpec {
    /// `resolution` values evenly spaced between two percentiles (fractions in `[0, 1]`), or the
    /// feature's distinct values when it has fewer than `resolution`.
    Percentiles {
        /// Lower percentile, e.g. 0.05.
        lo: f64,
        /// Upper percentile, e.g. 0.95.
        hi: f64,
        /// Number of grid values (≥ 2).
        resolution: usize,
    },
    /// These values (the feature's categories, or a range a person chose).
    Values {
        /// The values, used as given.
        values: Vec<f64>,
    },
}

impl Default for GridSpec {
    /// scikit-learn's default: 5th to 95th percentile, 100 values.
    fn default() -> Self {
        GridSpec::Percentiles { lo: 0.05, hi: 0.95, resolution: 100 }
    }
}

/// The settings of [`partial_dependence`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DependenceSettings {
    /// The grid.
    #[serde(default)]
    pub grid: GridSpec,
    /// Compute the curves on at most this many rows, drawn with the seed; `None`: every row.
    #[serde(default)]
    pub sample: Option<usize>,
    /// The seed of the sample.
    #[serde(default)]
    pub seed: u64,
}

/// Partial dependence and ICE curves of one feature.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Dependence {
    /// The feature (column index).
    pub feature: usize,
    /// The grid values, ascending for a percentile grid, as the model saw them (`f32`).
    pub grid: Vec<f64>,
    /// The rows the curves are of (ascending): every row, or the sample.
    pub rows: Vec<usize>,
    /// One curve per row of `rows`: the output at each grid value.
    pub ice: Vec<Vec<f64>>,
    /// The partial dependence: the mean of the curves at each grid value.
    pub average: Vec<f64>,
}

/// The quantile of probability `p` of sorted finite `x` (non-empty), as scipy's `mquantiles`
/// with `α = β = 0.4`.
pub fn mquantile(sorted: &[f64], p: f64) -> f64 {
    let n = sorted.len();
    if n == 1 {
        return sorted[0];
    }
    let m = 0.4 + p * (1.0 - 0.4 - 0.4);
    let aleph = n as f64 * p + m;
    let k = libm::floor(aleph.clamp(1.0, (n - 1) as f64)) as usize;
    let gamma = (aleph - k as f64).clamp(0.0, 1.0);
    (1.0 - gamma) * sorted[k - 1] + gamma * sorted[k]
}

/// `num` evenly spaced values from `start` to `stop`, both included (NumPy's `linspace`:
/// `start + i·step` with the last one exactly `stop`).
pub fn linspace(start: f64, stop: f64, num: usize) -> Vec<f64> {
    if num == 1 {
        return vec![start];
    }
    let step = (stop - start) / (num - 1) as f64;
    (0..num).map(|i| if i + 1 == num { stop } else { i as f64 * step + start }).collect()
}

fn setting(message: String) -> Error {
    ValidateError::Setting(message).into()
}

/// The grid of a feature's values (`column`: one value per row) for `spec`.
///
/// # Errors
/// [`Error::Plan`] for percentiles outside `0 ≤ lo < hi ≤ 1`, a resolution below 2, or an empty
/// value list; [`Error::Data`] when the column has no finite value.
pub fn feature_grid(column: &[f64], spec: &GridSpec) -> Result<Vec<f64>> {
    let (lo, hi, resolution) = match spec {
        GridSpec::Values { values } => {
            if values.is_empty() || values.iter().any(|v| !v.is_finite()) {
                return Err(setting("a grid needs at least one value, each a finite number".into()));
            }
            return Ok(values.clone());
        }
        GridSpec::Percentiles { lo, hi, resolution } => (*lo, *hi, *resolution),
    };
    if !(0.0 <= lo && lo < hi && hi <= 1.0) {
        return Err(setting(format!("grid percentiles must satisfy 0 ≤ low < high ≤ 1, not {lo} and {hi}")));
    }
    if resolution < 2 {
        return Err(setting(format!("a grid needs at least 2 values, not {resolution}")));
    }
    let mut sorted: Vec<f64> = column.iter().copied().filter(|v| v.is_finite()).collect();
    if sorted.is_empty() {
        return Err(Error::data("the feature has no value that is a number, so it has no partial dependence"));
    }
    sorted.sort_by(f64::total_cmp);
    let mut distinct = sorted.clone();
    distinct.dedup();
    if distinct.len() < resolution {
        return Ok(distinct);
    }
    let (mut a, mut b) = (mquantile(&sorted, lo), mquantile(&sorted, hi));
    // NumPy's allclose(a, b): |a − b| ≤ 1e-8 + 1e-5·|b|.
    if (a - b).abs() <= 1e-8 + 1e-5 * b.abs() {
        (a, b) = (sorted[0], sorted[sorted.len() - 1]);
    }
    Ok(linspace(a, b, resolution))
}

/// `m` of `0..n` rows without replacement (partial Fisher–Yates), ascending; every row when `m ≥ n`.
pub fn sample_rows(n: usize, m: Option<usize>, seed: u64) -> Vec<usize> {
    let mut rows: Vec<usize> = (0..n).collect();
    let Some(m) = m.filter(|&m| m < n) else {
        return rows;
    };
    let mut rng = SeededRng::new(seed, Stream::Dependence);
    for i in 0..m {
        let j = i + rng.below(n - i);
        rows.swap(i, j);
    }
    rows.truncate(m);
    rows.sort_unstable();
    rows
}

/// Partial dependence and ICE curves of `feature` for the model `predict` on the rows of `x`.
///
/// # Errors
/// [`Error::Plan`] for a feature outside the matrix, a sample of 0 rows or a bad grid;
/// [`Error::Data`] for a matrix without rows or a `predict` that does not give one finite-or-NaN
/// value per row; whatever `predict` returns.
pub fn partial_dependence(
    x: Matrix,
    feature: usize,
    predict: impl Fn(&[f32], usize) -> Result<Vec<f64>>,
    settings: &DependenceSettings,
) -> Result<Dependence> {
    let (n, d) = (x.rows(), x.width());
    if feature >= d {
        return Err(setting(format!("feature {feature} does not exist: the rows have {d} feature(s)")));
    }
    if n == 0 {
        return Err(Error::data("there are no rows to compute the partial dependence on"));
    }
    if settings.sample == Some(0) {
        return Err(setting("a sample of 0 rows has no curves: sample at least 1 row".into()));
    }
    let column: Vec<f64> = (0..n).map(|i| f64::from(x.get(i, feature))).collect();
    let grid: Vec<f32> = feature_grid(&column, &settings.grid)?.into_iter().map(|v| v as f32).collect();
    let rows = sample_rows(n, settings.sample, settings.seed);
    let m = rows.len();
    let mut work: Vec<f32> = Vec::with_capacity(m * d);
    for &r in &rows {
        work.extend_from_slice(x.row(r));
    }
    let mut ice = vec![Vec::with_capacity(grid.len()); m];
    let mut average = Vec::with_capacity(grid.len());
    for &v in &grid {
        for i in 0..m {
            work[i * d + feature] = v;
        }
        let out = predict(&work, m)?;
        if out.len() != m {
            return Err(Error::data(format!("the model gave {} outputs for {m} rows", out.len())));
        }
        for (curve, &o) in ice.iter_mut().zip(&out) {
            curve.push(o);
        }
        average.push(out.iter().sum::<f64>() / m as f64);
    }
    Ok(Dependence { feature, grid: grid.into_iter().map(f64::from).collect(), rows, ice, average })
}

/// The output a dependence curve follows for a fitted learner: the probability of `class` for
/// a classifier (`Some(class)`), the predicted value for a regressor (`None`).
pub fn output_of<'a, P: Predictor + ?Sized>(
    model: &'a P,
    class: Option<usize>,
) -> impl Fn(&[f32], usize) -> Result<Vec<f64>> + 'a {
    move |values: &[f32], rows: usize| {
        let x = Matrix::new(values, rows, model.width())?;
        match class {
            Some(c) => {
                let k = crate::learn::matrix::classes(model.task());
                if c >= k {
                    return Err(setting(format!("class {c} does not exist: the model has {k} class(es)")));
                }
                Ok(model.predict_proba(x)?.chunks_exact(k).map(|p| p[c]).collect())
            }
            None => Ok(model.predict(x)?.into_iter().map(f64::from).collect()),
        }
    }
}

#[cfg(test)]
mod tests;
