//! Feature importance of a finished run (issue 18): which of the model's inputs it relies on,
//! measured two ways.
//!
//! - **Permutation importance**, for every kind of model (networks too): on test rows, how much
//!   the score drops when one input column is shuffled, which breaks that column's link with the
//!   target and keeps its distribution ([`crate::learn::permutation_importance`]). For feature
//!   `j` and shuffle `r`, `drop_{j,r} = s(X) − s(X with column j permuted)`; the result is the
//!   mean over the `R` shuffles and their population standard deviation
//!   `√((1/R)·Σ_r (drop_{j,r} − mean_j)²)`. The score `s` is the test evaluation's own:
//!   accuracy, with the predicted class chosen as the evaluation chooses it (the most probable,
//!   the lowest class on ties), or R² in the target's units. A drop near 0 means the model does
//!   not need the column (or another column carries the same information); a negative drop is
//!   noise.
//! - **Impurity-based importance**, for the tree models only (tree, forest, boosting): the gains
//!   of every split on a feature, summed and normalised to sum to 1 (a forest normalises each
//!   tree's first and averages them, as scikit-learn's `feature_importances_`). It is computed
//!   on the training rows, so it also credits splits that only fit noise, and it favours
//!   features with many distinct values (more thresholds to choose from).
//!
//! The features are the model's inputs as prepared ([`crate::data::Dataset::features`]: one-hot
//! columns, derived features), named as the decision map names them.
//!
//! # The bound on the work
//! Permutation importance predicts `m·(1 + d·R)` rows (`m` test rows, `d` features, `R`
//! repeats). With `c` the estimated time of one row's prediction in nanoseconds natively
//! ([`work_per_row`]) and `B` = [`WORK_BUDGET`] (one second of it):
//!
//! - `m = min(n, MAX_ROWS, max(MIN_ROWS, ⌊B / ((1 + d·R₀)·c)⌋))` of the `n` test rows, evenly
//!   spaced: rows `⌊i·n/m⌋` for `i = 0 … m−1` (the split already shuffled them);
//! - `R = min(R₀, max(1, ⌊(B/(m·c) − 1)/d⌋))` with `R₀` = [`REPEATS`].
//!
//! Everything is deterministic: the rows by position, the shuffles from the seed's
//! [`crate::rng::Stream::Permutation`], features in column order.

use super::evaluation::predicted_labels;
use super::Trainer;
use crate::data::Task;
use crate::error::Result;
use crate::learn::{self, Matrix, Model, Predictor, Tree};
use crate::model::Mlp;
use serde::{Deserialize, Serialize};

/// Shuffles per feature when the budget allows them.
pub const REPEATS: usize = 5;
/// At most this many test rows are permuted.
pub const MAX_ROWS: usize = 2_000;
/// The budget never takes the rows below this many (or all the test rows, if fewer).
pub const MIN_ROWS: usize = 100;
/// Time allowed for the permutations, in the nanoseconds of [`work_per_row`]: about a second
/// natively, when the estimate is right (`examples/importance_speed.rs` measures it).
pub const WORK_BUDGET: f64 = 1e9;

/// What the permutation's score is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportanceScore {
    /// Share of test rows whose class is right.
    Accuracy,
    /// Coefficient of determination, in the target's units.
    R2,
}

impl ImportanceScore {
    /// Its name in words: `"accuracy"`, `"R²"`.
    pub fn label(self) -> &'static str {
        match self {
            ImportanceScore::Accuracy => "accuracy",
            ImportanceScore::R2 => "R²",
        }
    }
}

/// The importance of each input of a finished run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Importance {
    /// The model's inputs, in column order.
    pub features: Vec<String>,
    /// The score the permutations change.
    pub score: ImportanceScore,
    /// The score on the permuted rows with nothing shuffled.
    pub baseline: f64,
    /// Mean score drop per feature over the repeats.
    pub mean: Vec<f64>,
    /// Population standard deviation of the drop over the repeats, per feature.
    pub std: Vec<f64>,
    /// Impurity-based importance per feature (sums to 1, or all 0 for a tree without a split);
    /// `None` for models that are not trees.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub impurity: Option<Vec<f64>>,
    /// Test rows permuted.
    pub rows: usize,
    /// Test rows there were.
    pub test_rows: usize,
    /// Shuffles per feature.
    pub repeats: usize,
}

impl Importance {
    /// Features from most to least important: by mean permutation drop, then by impurity
    /// importance, then in column order (a NaN drop counts as the least).
    pub fn order(&self) -> Vec<usize> {
        use crate::order::{by_numbers, Direction};
        let key = |v: Option<&f64>| v.copied().filter(|v| !v.is_nan()).unwrap_or(f64::NEG_INFINITY);
        let mut order: Vec<usize> = (0..self.features.len()).collect();
        if let Some(imp) = &self.impurity {
            let keys: Vec<f64> = order.iter().map(|&j| key(imp.get(j))).collect();
            order = by_numbers(&keys, Direction::Descending);
        }
        let keys: Vec<f64> = order.iter().map(|&j| key(self.mean.get(j))).collect();
        by_numbers(&keys, Direction::Descending).into_iter().map(|k| order[k]).collect()
    }

    /// Whether fewer rows or repeats than the test rows and [`REPEATS`] were used.
    pub fn is_bounded(&self) -> bool {
        self.rows < self.test_rows || self.repeats < REPEATS
    }
}

/// Test rows and repeats for `n` test rows of `d` features and a model costing `work` per
/// row (see the module docs).
pub fn plan(n: usize, d: usize, work: f64) -> (usize, usize) {
    let work = if work.is_finite() { work.max(1.0) } else { f64::MAX };
    let per_row = (1 + d * REPEATS) as f64 * work;
    let afford = (WORK_BUDGET / per_row).floor().min(MAX_ROWS as f64) as usize;
    let rows = n.min(MAX_ROWS).min(afford.max(MIN_ROWS));
    let repeats = if rows == 0 || d == 0 {
        REPEATS
    } else {
        let r = ((WORK_BUDGET / (rows as f64 * work) - 1.0) / d as f64).floor();
        (r.max(1.0) as usize).min(REPEATS)
    };
    (rows, repeats)
}

/// Estimated time of predicting one row, in nanoseconds natively (measured on a large table by
/// `examples/importance_speed.rs`): a network's weights (about 1 ns per multiply-add in a
/// batch), k-NN's training values (one subtract-multiply-add each), naive Bayes's means and
/// variances, or the node visits of the training rows summed over the trees at
/// [`visit_cost`] each.
pub fn work_per_row(model: Option<&Model>, parameters: usize) -> f64 {
    let trees = |trees: &[&Tree]| {
        let nodes: usize = trees.iter().map(|t| t.nodes.len()).sum();
        let outputs = trees.first().map_or(1, |t| t.outputs);
        trees.iter().map(|t| visits(t)).sum::<f64>() * visit_cost(nodes, outputs)
    };
    match model {
        None => parameters as f64 + 1.0,
        Some(Model::Tree(t)) => trees(&[&t.tree]),
        Some(Model::Forest(f)) => trees(&f.trees.iter().collect::<Vec<_>>()),
        Some(Model::Boosting(b)) => trees(&b.rounds.iter().flatten().collect::<Vec<_>>()),
        Some(Model::Knn(k)) => k.x.len() as f64 + 1.0,
        Some(Model::Bayes(b)) => 2.0 * b.means.len() as f64 + 1.0,
    }
}

/// Nanoseconds of one node visit in trees of `nodes` nodes with `outputs` values each
/// (`40 + 8·outputs` bytes a node): 10 while they fit in 4 MiB of cache, growing in proportion
/// to their size up to 100 (a memory access per visit) for forests of 40 MiB and more.
pub fn visit_cost(nodes: usize, outputs: usize) -> f64 {
    let bytes = nodes as f64 * (40.0 + 8.0 * outputs as f64);
    10.0 * (bytes / 4_194_304.0).clamp(1.0, 10.0)
}

/// Nodes a training row visits on average: `Σ_leaves samples·(depth + 1) / root samples`.
fn visits(tree: &Tree) -> f64 {
    let root = tree.nodes.first().map_or(0, |n| n.samples).max(1);
    let sum: f64 =
        tree.nodes.iter().filter(|n| n.split.is_none()).map(|n| f64::from(n.samples) * f64::from(n.depth + 1)).sum();
    (sum / f64::from(root)).max(1.0)
}

/// A score of predictions against targets (higher is better).
type Scorer = fn(&[f32], &[f32]) -> f64;

/// The fitted model, held once for the many predictions.
pub(super) enum Fitted<'a> {
    Network(&'a Mlp),
    Learner(Model),
}

impl Trainer {
    /// The importance of each input of the current model (see the module docs): permutation
    /// importance on (at most [`MAX_ROWS`] of) the test rows, seeded by the spec's seed, and the
    /// tree models' impurity-based importance; `None` before a learner's first step (a run
    /// stopped before it, which has no model to measure).
    ///
    /// # Errors
    /// A network's tensor errors, and a learner's prediction errors.
    pub fn importance(&self) -> Result<Option<Importance>> {
        let Some(fitted) = self.fitted() else { return Ok(None) };
        let model = match &fitted {
            Fitted::Learner(m) => Some(m),
            Fitted::Network(_) => None,
        };
        let test = &self.split().test;
        let (n, d) = (test.rows(), test.width());
        let (rows, repeats) = plan(n, d, work_per_row(model, self.size()));
        let picked: Vec<usize> = (0..rows).map(|i| i * n / rows.max(1)).collect();
        let x: Vec<f32> = picked.iter().flat_map(|&i| test.x[i * d..(i + 1) * d].iter().copied()).collect();
        let task = test.task;
        let decode = |v: f32| self.preparation().map_or(v, |f| f.target.decode(f64::from(v)) as f32);
        let y: Vec<f32> = picked
            .iter()
            .map(|&i| match task {
                Task::Regression => decode(test.y[i]),
                Task::Classification { .. } => test.y[i],
            })
            .collect();
        // The first failure of a prediction; its rows score NaN meanwhile.
        let failed = std::cell::RefCell::new(None);
        let predict = |values: &[f32], rows: usize| match outputs(&fitted, task, values, rows, d) {
            Ok(out) if task == Task::Regression => out.into_iter().map(decode).collect(),
            Ok(out) => labels(&out, rows, task),
            Err(e) => {
                failed.borrow_mut().get_or_insert(e);
                vec![f32::NAN; rows]
            }
        };
        let (score, scorer): (ImportanceScore, Scorer) = match task {
            Task::Classification { .. } => (ImportanceScore::Accuracy, learn::accuracy),
            Task::Regression => (ImportanceScore::R2, learn::r2),
        };
        let p =
            learn::permutation_importance(Matrix::new(&x, rows, d)?, &y, predict, scorer, repeats, self.spec().seed)?;
        if let Some(e) = failed.into_inner() {
            return Err(e);
        }
        let impurity = match model {
            Some(Model::Tree(t)) => Some(t.feature_importances()),
            Some(Model::Forest(f)) => Some(f.feature_importances()),
            Some(Model::Boosting(b)) => Some(b.feature_importances()),
            _ => None,
        };
        Ok(Some(Importance {
            features: test.features.clone(),
            score,
            baseline: p.baseline,
            mean: p.mean,
            std: p.std,
            impurity,
            rows,
            test_rows: n,
            repeats,
        }))
    }
}

impl Trainer {
    /// The fitted network or learner; `None` before a learner's first step.
    pub(super) fn fitted(&self) -> Option<Fitted<'_>> {
        match (self.model(), self.learner().map(super::trainer::LearnerRun::model)) {
            (Some(net), _) => Some(Fitted::Network(net)),
            (None, Some(Some(model))) => Some(Fitted::Learner(model)),
            _ => None,
        }
    }
}

/// What the test evaluation reads from the model for `rows` rows: class probabilities as `f32`
/// (binary: class 1's only; more classes: each class's, row by row), or values before the
/// target is decoded — the network's sigmoid or softmax, or the learner's probabilities.
pub(super) fn outputs(fitted: &Fitted, task: Task, x: &[f32], rows: usize, d: usize) -> Result<Vec<f32>> {
    let classes = match task {
        Task::Classification { classes } => classes,
        Task::Regression => 0,
    };
    match fitted {
        Fitted::Network(net) => {
            let xt = candle_core::Tensor::from_slice(x, (rows, d), &candle_core::Device::Cpu)?;
            let z = net.forward(&xt)?;
            let out = match task {
                Task::Regression => z,
                Task::Classification { .. } if classes > 2 => candle_nn::ops::softmax_last_dim(&z)?,
                Task::Classification { .. } => candle_nn::ops::sigmoid(&z)?,
            };
            Ok(out.flatten_all()?.to_vec1()?)
        }
        Fitted::Learner(model) => {
            let m = Matrix::new(x, rows, d)?;
            Ok(match task {
                Task::Regression => model.predict(m)?,
                Task::Classification { .. } if classes > 2 => {
                    model.predict_proba(m)?.into_iter().map(|p| p as f32).collect()
                }
                Task::Classification { .. } => model.predict_proba(m)?.chunks_exact(2).map(|p| p[1] as f32).collect(),
            })
        }
    }
}

/// The evaluation's predicted class of each row (NaN for a row it cannot score).
fn labels(probs: &[f32], rows: usize, task: Task) -> Vec<f32> {
    let Task::Classification { classes } = task else { return Vec::new() };
    predicted_labels(probs, rows, classes).into_iter().map(|l| l.map_or(f32::NAN, |c| c as f32)).collect()
}

#[cfg(test)]
mod tests;
