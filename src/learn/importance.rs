//! Permutation importance (Breiman 2001; scikit-learn's `permutation_importance`): how much a
//! model's score drops when one feature's column is shuffled, which breaks its link with the
//! target while keeping its distribution. It works for any model (a closure that predicts), on
//! held-out rows, so it measures what the model uses to generalise — unlike impurity-based
//! importance (`feature_importances` of the tree models), which is computed on training rows and
//! favours features with many distinct values.
//!
//! For each feature and each of `repeats` shuffles, importance = baseline score − score with the
//! column shuffled; the result is the mean over repeats and its standard deviation (population,
//! as scikit-learn). Shuffles draw from [`Stream::Permutation`] of the seed, one permutation per
//! (feature, repeat) in that order, so the numbers are the same on every run.

use super::matrix::Matrix;
use crate::error::{Error, Result};
use crate::rng::{SeededRng, Stream};
use serde::{Deserialize, Serialize};

/// Permutation importances of every feature.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PermutationImportance {
    /// The score with no column shuffled.
    pub baseline: f64,
    /// Mean score drop per feature.
    pub mean: Vec<f64>,
    /// Standard deviation of the drop over the repeats, per feature.
    pub std: Vec<f64>,
    /// Every drop: `repeats` per feature.
    pub drops: Vec<Vec<f64>>,
}

/// Permutation importance of each column of `x` for a model.
///
/// `predict(values, rows)` predicts row-major `values` (`rows × x.width()`); `score(predicted,
/// actual)` scores predictions against `y` (higher is better: [`super::accuracy`],
/// [`super::r2`]).
///
/// # Errors
/// [`Error::Data`] when `y` does not have a value per row, or `repeats` is 0.
pub fn permutation_importance(
    x: Matrix,
    y: &[f32],
    predict: impl Fn(&[f32], usize) -> Vec<f32>,
    score: impl Fn(&[f32], &[f32]) -> f64,
    repeats: usize,
    seed: u64,
) -> Result<PermutationImportance> {
    if y.len() != x.rows() {
        return Err(Error::data(format!("there are {} rows but {} target values", x.rows(), y.len())));
    }
    if repeats == 0 {
        return Err(Error::spec("repeats", "must be at least 1"));
    }
    let (n, d) = (x.rows(), x.width());
    let baseline = score(&predict(x.values(), n), y);
    let mut work = x.values().to_vec();
    let mut rng = SeededRng::new(seed, Stream::Permutation);
    let mut order: Vec<usize> = (0..n).collect();
    let mut drops = Vec::with_capacity(d);
    for j in 0..d {
        let mut per = Vec::with_capacity(repeats);
        for _ in 0..repeats {
            order.iter_mut().enumerate().for_each(|(i, o)| *o = i);
            rng.shuffle(&mut order);
            for (i, &o) in order.iter().enumerate() {
                work[i * d + j] = x.get(o, j);
            }
            per.push(baseline - score(&predict(&work, n), y));
        }
        for i in 0..n {
            work[i * d + j] = x.get(i, j);
        }
        drops.push(per);
    }
    let mean: Vec<f64> = drops.iter().map(|v| v.iter().sum::<f64>() / repeats as f64).collect();
    let std = drops
        .iter()
        .zip(&mean)
        .map(|(v, m)| (v.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / repeats as f64).sqrt())
        .collect();
    Ok(PermutationImportance { baseline, mean, std, drops })
}
