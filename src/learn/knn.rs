//! k-nearest neighbours: a row is predicted from the `k` training rows closest to it.
//!
//! Distances are Euclidean `√Σ(a−b)²` or Manhattan `Σ|a−b|`, computed in `f64`. Neighbours are
//! the `k` smallest distances; among equal distances the lower training row wins (a NaN distance
//! counts as +∞). With uniform weighting every neighbour votes 1; with distance weighting it
//! votes `1/d`, and when some neighbours are at distance 0 only they vote (scikit-learn's rule).
//! Classification: the probability of a class is its share of the votes, the prediction its
//! largest (lowest class on ties); regression: the weighted mean of the neighbours' values.
//! A `k` above the number of training rows uses all of them.
//!
//! Brute force: each row is compared with every training row, keeping only the `k` best, so the
//! memory is `O(k)` per row whatever the sizes.

use super::matrix::{check_targets, classes, Matrix};
use super::{argmax_rows, Predictor};
use crate::data::Task;
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};

/// The distance between rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Distance {
    /// `√Σ(a−b)²`.
    Euclidean,
    /// `Σ|a−b|`.
    Manhattan,
}

/// How neighbours' votes are weighted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Weighting {
    /// Every neighbour counts the same.
    Uniform,
    /// A neighbour counts `1/distance`.
    Distance,
}

/// Settings of k-nearest neighbours.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KnnSettings {
    /// Number of neighbours (≥ 1).
    pub k: usize,
    /// Distance between rows.
    pub distance: Distance,
    /// Vote weighting.
    pub weighting: Weighting,
}

impl Default for KnnSettings {
    /// scikit-learn's defaults: 5 neighbours, Euclidean, uniform.
    fn default() -> Self {
        KnnSettings { k: 5, distance: Distance::Euclidean, weighting: Weighting::Uniform }
    }
}

/// A fitted k-nearest-neighbours model: its training rows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KNearest {
    /// What it predicts.
    pub task: Task,
    /// Number of features.
    pub width: usize,
    /// Its settings.
    pub settings: KnnSettings,
    /// The training rows, row-major.
    pub x: Vec<f32>,
    /// Their targets.
    pub y: Vec<f32>,
}

impl KNearest {
    /// Keeps the training rows.
    ///
    /// # Errors
    /// [`Error::Spec`] for `k = 0`, [`Error::Data`] for targets that do not fit the task.
    pub fn fit(x: Matrix, y: &[f32], task: Task, settings: &KnnSettings) -> Result<Self> {
        if settings.k == 0 {
            return Err(Error::spec("k", "must be at least 1"));
        }
        check_targets(y, x.rows(), task)?;
        Ok(KNearest { task, width: x.width(), settings: *settings, x: x.values().to_vec(), y: y.to_vec() })
    }

    /// Number of neighbours actually used: `k`, or every training row when there are fewer.
    pub fn k(&self) -> usize {
        self.settings.k.min(self.y.len())
    }

    /// The neighbours of each row: `k()` (training row, distance) pairs per row, nearest first.
    ///
    /// # Errors
    /// [`Error::Data`] for a wrong width.
    pub fn neighbours(&self, x: Matrix) -> Result<Vec<(u32, f64)>> {
        x.expect_width(self.width)?;
        let k = self.k();
        let train: Vec<f64> = self.x.iter().map(|&v| f64::from(v)).collect();
        let mut out = Vec::with_capacity(x.rows() * k);
        let mut row = vec![0.0; self.width];
        let (mut dist, mut idx) = (vec![0.0; k], vec![0u32; k]);
        for i in 0..x.rows() {
            row.iter_mut().zip(x.row(i)).for_each(|(r, &v)| *r = f64::from(v));
            self.nearest(&train, &row, &mut dist, &mut idx);
            out.extend(idx.iter().copied().zip(dist.iter().copied()));
        }
        Ok(out)
    }

    /// The `k` nearest training rows to `row`, sorted by (distance, row).
    fn nearest(&self, train: &[f64], row: &[f64], dist: &mut [f64], idx: &mut [u32]) {
        let k = dist.len();
        let d = self.width;
        let mut filled = 0;
        for j in 0..self.y.len() {
            let t = &train[j * d..(j + 1) * d];
            let mut s = match self.settings.distance {
                Distance::Euclidean => t.iter().zip(row).map(|(a, b)| (a - b) * (a - b)).sum::<f64>(),
                Distance::Manhattan => t.iter().zip(row).map(|(a, b)| (a - b).abs()).sum::<f64>(),
            };
            if s.is_nan() {
                s = f64::INFINITY;
            }
            if filled < k {
                filled += 1;
            } else if s >= dist[k - 1] {
                // (`s` is never NaN here.)
                continue;
            }
            // Insert after every entry not farther (equal distances keep the lower row first).
            let mut at = filled - 1;
            while at > 0 && dist[at - 1] > s {
                dist[at] = dist[at - 1];
                idx[at] = idx[at - 1];
                at -= 1;
            }
            dist[at] = s;
            idx[at] = j as u32;
        }
        if self.settings.distance == Distance::Euclidean {
            dist.iter_mut().for_each(|v| *v = v.sqrt());
        }
    }

    /// Each neighbour's vote (see the module's documentation).
    fn weights(&self, dist: &[f64], out: &mut [f64]) {
        let any_zero = dist.contains(&0.0);
        for (w, &d) in out.iter_mut().zip(dist) {
            *w = match self.settings.weighting {
                Weighting::Uniform => 1.0,
                Weighting::Distance if any_zero => f64::from(u8::from(d == 0.0)),
                Weighting::Distance => 1.0 / d,
            };
        }
        let total: f64 = out.iter().sum();
        if total.is_nan() || total <= 0.0 {
            out.iter_mut().for_each(|w| *w = 1.0);
        }
    }

    /// Per row: `k` summed votes per class (classification) or the weighted mean (regression).
    fn vote(&self, x: Matrix) -> Result<Vec<f64>> {
        let nb = self.neighbours(x)?;
        let k = self.k();
        let c = classes(self.task);
        let mut w = vec![0.0; k];
        let mut dist = vec![0.0; k];
        let mut out = Vec::with_capacity(x.rows() * c.max(1));
        for row in nb.chunks_exact(k.max(1)).take(x.rows()) {
            row.iter().zip(dist.iter_mut()).for_each(|(&(_, d), o)| *o = d);
            self.weights(&dist, &mut w);
            let total: f64 = w.iter().sum();
            if c > 0 {
                let start = out.len();
                out.resize(start + c, 0.0);
                for (&(j, _), &wj) in row.iter().zip(&w) {
                    out[start + self.y[j as usize] as usize] += wj;
                }
                out[start..].iter_mut().for_each(|v| *v /= total);
            } else {
                let s: f64 = row.iter().zip(&w).map(|(&(j, _), &wj)| wj * f64::from(self.y[j as usize])).sum();
                out.push(s / total);
            }
        }
        Ok(out)
    }
}

impl Predictor for KNearest {
    fn task(&self) -> Task {
        self.task
    }

    fn width(&self) -> usize {
        self.width
    }

    fn predict(&self, x: Matrix) -> Result<Vec<f32>> {
        let v = self.vote(x)?;
        match self.task {
            Task::Classification { classes } => Ok(argmax_rows(&v, classes)),
            Task::Regression => Ok(v.into_iter().map(|v| v as f32).collect()),
        }
    }

    fn predict_proba(&self, x: Matrix) -> Result<Vec<f64>> {
        if !self.task.is_classification() {
            return Err(Error::data("a regression model has no class probabilities"));
        }
        self.vote(x)
    }
}

#[cfg(test)]
mod tests;
