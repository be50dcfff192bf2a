//! Fitted gradient-boosted trees ([`BoostedTrees`]) and the sums every boosted model makes: raw
//! scores round by round, and the link from raw scores to outputs (see [`super`]).

use super::loss::{sigmoid, softmax, Objective};
use super::{BoostSettings, Booster};
use crate::data::Task;
use crate::error::{Error, Result};
use crate::learn::matrix::Matrix;
use crate::learn::tree::{normalised, Tree};
use crate::learn::{argmax_rows, Predictor};
use serde::{Deserialize, Serialize};

/// Fitted gradient-boosted trees.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BoostedTrees {
    /// What it predicts.
    pub task: Task,
    /// Number of features.
    pub width: usize,
    /// The settings it was fitted with.
    pub settings: BoostSettings,
    /// The constant raw scores `F₀` (one, or one per class).
    pub base: Vec<f64>,
    /// The trees of each round (one, or one per class).
    pub rounds: Vec<Vec<Tree>>,
}

impl BoostedTrees {
    /// Fits all rounds at once (see [`Booster::new`]).
    ///
    /// # Errors
    /// As [`Booster::new`].
    pub fn fit(
        x: Matrix,
        y: &[f32],
        task: Task,
        settings: &BoostSettings,
        validation: Option<(Matrix, &[f32])>,
    ) -> Result<Self> {
        let mut b = Booster::new(x, y, task, settings, validation)?;
        while b.fit_round().is_some() {}
        Ok(b.model())
    }

    /// The raw scores `F(x)` of each row (`base.len()` per row).
    pub fn raw(&self, x: Matrix) -> Result<Vec<f64>> {
        x.expect_width(self.width)?;
        Ok(raw_scores(&self.base, &self.rounds, x))
    }

    /// Importance of each feature: the objective's gain summed over all splits on it,
    /// normalised to sum to 1 (LightGBM's "gain" importance).
    pub fn feature_importances(&self) -> Vec<f64> {
        let mut v = vec![0.0; self.width];
        self.rounds.iter().flatten().for_each(|t| t.add_gains(&mut v));
        normalised(v)
    }
}

impl Predictor for BoostedTrees {
    fn task(&self) -> Task {
        self.task
    }

    fn width(&self) -> usize {
        self.width
    }

    fn predict(&self, x: Matrix) -> Result<Vec<f32>> {
        match self.task {
            Task::Regression => Ok(self.raw(x)?.into_iter().map(|v| v as f32).collect()),
            Task::Classification { classes } => Ok(argmax_rows(&self.predict_proba(x)?, classes)),
        }
    }

    fn predict_proba(&self, x: Matrix) -> Result<Vec<f64>> {
        match Objective::of(self.task) {
            Objective::Squared => Err(Error::data("a regression model has no class probabilities")),
            objective => Ok(output_of(objective, &self.raw(x)?)),
        }
    }
}

/// The raw scores `F(x) = F₀ + Σ rounds` of each row of `x` (`base.len()` per row), summed
/// round by round from the base, as fitting added them.
pub(super) fn raw_scores(base: &[f64], rounds: &[Vec<Tree>], x: Matrix) -> Vec<f64> {
    let mut raw = start_scores(base, x.rows());
    rounds.iter().for_each(|round| add_round(round, x, &mut raw));
    raw
}

/// `F₀` for each of `rows` rows.
pub(super) fn start_scores(base: &[f64], rows: usize) -> Vec<f64> {
    base.iter().copied().cycle().take(rows * base.len()).collect()
}

/// Adds one round's trees (one per raw score) to the raw scores of the rows of `x`.
pub(super) fn add_round(round: &[Tree], x: Matrix, raw: &mut [f64]) {
    let k = round.len().max(1);
    for (i, f) in raw.chunks_exact_mut(k).enumerate() {
        for (c, tree) in round.iter().enumerate() {
            f[c] += tree.value(x.row(i))[0];
        }
    }
}

/// The output from raw scores: class probabilities (rows × classes: `1 − p, p` for two
/// classes, the softmax for more) or, for regression, the raw scores themselves.
pub(super) fn output_of(objective: Objective, raw: &[f64]) -> Vec<f64> {
    match objective {
        Objective::Squared => raw.to_vec(),
        Objective::Binary => raw
            .iter()
            .flat_map(|&f| {
                let p = sigmoid(f);
                [1.0 - p, p]
            })
            .collect(),
        Objective::Softmax(k) => {
            let mut out = vec![0.0; raw.len()];
            for (f, o) in raw.chunks_exact(k).zip(out.chunks_exact_mut(k)) {
                softmax(f, o);
            }
            out
        }
    }
}
