//! Gaussian naive Bayes (classification): each class is modelled as independent normal
//! features, and Bayes' rule gives the class probabilities.
//!
//! Fit: per class `c`, its share of the rows `π_c`, and per feature the mean `θ_cj` and the
//! population variance `σ²_cj` of its rows, plus `ε = var_smoothing · max_j Var(x_j)` (the
//! largest variance of any feature over all rows; scikit-learn's default factor 10⁻⁹), which
//! keeps a constant feature from dividing by zero. Predict: the joint log-likelihood
//! `ln π_c − ½Σ_j ln(2πσ²_cj) − ½Σ_j (x_j − θ_cj)²/σ²_cj`, normalised by log-sum-exp into
//! probabilities. All in `f64` with `libm`'s logarithm and exponential (the same bits everywhere);
//! this is scikit-learn's `GaussianNB`.
//!
//! A variance is never below the smallest positive `f64` (all features constant: ε = 0), and a
//! row no class can explain (a likelihood of 0 for every class) gets the priors.
//! A class of the task with no training row gets probability 0. Non-finite feature values carry
//! no evidence: they are left out of the means and variances, and a row's missing feature adds
//! nothing to any class's likelihood.

use super::matrix::{check_targets, classes, Matrix};
use super::{argmax_rows, Predictor};
use crate::data::Task;
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};

/// Settings of Gaussian naive Bayes.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct BayesSettings {
    /// Share of the largest feature variance added to every variance (≥ 0).
    pub var_smoothing: f64,
}

impl Default for BayesSettings {
    fn default() -> Self {
        BayesSettings { var_smoothing: 1e-9 }
    }
}

/// A fitted Gaussian naive Bayes model.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GaussianNb {
    /// The task (classification).
    pub task: Task,
    /// Number of features.
    pub width: usize,
    /// Its settings.
    pub settings: BayesSettings,
    /// Share of the training rows in each class.
    pub priors: Vec<f64>,
    /// Mean of each feature per class, `classes × width`.
    pub means: Vec<f64>,
    /// Variance (smoothed) of each feature per class, `classes × width`.
    pub variances: Vec<f64>,
}

/// Mean and population variance of the finite values, two passes (`(0, 0)` for none).
fn mean_var(values: impl Iterator<Item = f64> + Clone) -> (f64, f64) {
    let (n, sum) = values.clone().filter(|v| v.is_finite()).fold((0usize, 0.0), |(n, s), v| (n + 1, s + v));
    if n == 0 {
        return (0.0, 0.0);
    }
    let mean = sum / n as f64;
    let ss: f64 = values.filter(|v| v.is_finite()).map(|v| (v - mean) * (v - mean)).sum();
    (mean, ss / n as f64)
}

impl GaussianNb {
    /// Fits class priors, means and variances.
    ///
    /// # Errors
    /// [`Error::Spec`] for a negative smoothing, [`Error::Data`] for a regression task or
    /// targets that are not class indices.
    pub fn fit(x: Matrix, y: &[f32], task: Task, settings: &BayesSettings) -> Result<Self> {
        let k = classes(task);
        if k == 0 {
            return Err(Error::data("naive Bayes predicts classes: choose a classification target"));
        }
        if !(settings.var_smoothing >= 0.0 && settings.var_smoothing.is_finite()) {
            return Err(Error::spec("var_smoothing", "must be 0 or more"));
        }
        check_targets(y, x.rows(), task)?;
        let d = x.width();
        let column = |j: usize| (0..x.rows()).map(move |i| f64::from(x.get(i, j)));
        let largest = (0..d).map(|j| mean_var(column(j)).1).fold(0.0, f64::max);
        let epsilon = settings.var_smoothing * largest;
        let mut priors = vec![0.0; k];
        let mut means = vec![0.0; k * d];
        let mut variances = vec![1.0; k * d];
        for c in 0..k {
            let rows: Vec<usize> = (0..x.rows()).filter(|&i| y[i] as usize == c).collect();
            priors[c] = rows.len() as f64 / x.rows() as f64;
            if rows.is_empty() {
                continue;
            }
            for j in 0..d {
                let (m, v) = mean_var(rows.iter().map(|&i| f64::from(x.get(i, j))));
                means[c * d + j] = m;
                variances[c * d + j] = (v + epsilon).max(f64::MIN_POSITIVE);
            }
        }
        Ok(GaussianNb { task, width: d, settings: *settings, priors, means, variances })
    }

    /// The joint log-likelihood of each class for each row, `rows × classes`.
    ///
    /// # Errors
    /// [`Error::Data`] for a wrong width.
    pub fn log_likelihood(&self, x: Matrix) -> Result<Vec<f64>> {
        x.expect_width(self.width)?;
        let k = self.priors.len();
        let d = self.width;
        let mut out = Vec::with_capacity(x.rows() * k);
        for i in 0..x.rows() {
            let row = x.row(i);
            for c in 0..k {
                if self.priors[c] == 0.0 {
                    out.push(f64::NEG_INFINITY);
                    continue;
                }
                let mut norm = 0.0;
                let mut dev = 0.0;
                let (means, variances) = (&self.means[c * d..(c + 1) * d], &self.variances[c * d..(c + 1) * d]);
                for ((&v, &mean), &var) in row.iter().zip(means).zip(variances) {
                    let v = f64::from(v);
                    if !v.is_finite() {
                        continue;
                    }
                    norm += libm::log(2.0 * std::f64::consts::PI * var);
                    let z = v - mean;
                    dev += z * z / var;
                }
                out.push(libm::log(self.priors[c]) - 0.5 * norm - 0.5 * dev);
            }
        }
        Ok(out)
    }
}

impl Predictor for GaussianNb {
    fn task(&self) -> Task {
        self.task
    }

    fn width(&self) -> usize {
        self.width
    }

    fn predict(&self, x: Matrix) -> Result<Vec<f32>> {
        Ok(argmax_rows(&self.predict_proba(x)?, self.priors.len()))
    }

    fn predict_proba(&self, x: Matrix) -> Result<Vec<f64>> {
        let k = self.priors.len();
        let mut jll = self.log_likelihood(x)?;
        for row in jll.chunks_exact_mut(k.max(1)) {
            let mut m = row.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            if !m.is_finite() {
                // No class explains the row at all (a value far off a zero variance): the priors.
                row.iter_mut().zip(&self.priors).for_each(|(v, &p)| *v = libm::log(p));
                m = row.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            }
            let lse = m + libm::log(row.iter().map(|&v| libm::exp(v - m)).sum::<f64>());
            row.iter_mut().for_each(|v| *v = libm::exp(*v - lse));
        }
        Ok(jll)
    }
}

#[cfg(test)]
mod tests;
