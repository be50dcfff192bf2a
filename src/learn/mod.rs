//! Other model families beside the networks: decision trees, random forests, gradient-boosted
//! trees, k-nearest neighbours and Gaussian naive Bayes, with feature importances.
//!
//! Pure Rust (no candle, no UI): the same code runs natively and in WebAssembly. Every learner
//! works on a row-major `f32` matrix ([`Matrix`]) and targets in the convention of
//! [`crate::data::Dataset`]: the class index (`0.0, 1.0, …`) for classification, the value for
//! regression. Each fitted learner implements [`Predictor`] (`predict`: class index or value per
//! row; `predict_proba`: rows × classes) and is serde data, so a model can be exported, imported
//! and replayed ([`Model`] holds any of them).
//!
//! # Determinism
//! All randomness comes from [`crate::rng::SeededRng`] (stream [`crate::rng::Stream::Trees`] for
//! bootstrap samples and feature sampling, [`crate::rng::Stream::Permutation`] for permutation
//! importance), sums run in a fixed order, ties are broken by position (first feature, lowest
//! bin, lowest row index), nothing iterates a hash map, and logarithms and exponentials come from
//! `libm`: the same seed gives bit-identical models natively and in the browser.
//!
//! # Trees on histograms
//! Tree learners do not sort feature values at every node (exact CART): each feature is binned
//! once into at most 256 bins ([`binning`], equal-frequency cuts of the training values, one bin
//! per distinct value when there are few), and a node's best split is found from per-bin sums in
//! one pass over its rows plus one pass over the bins — the method of LightGBM and of
//! scikit-learn's `HistGradientBoosting*`. Thresholds are placed half-way between the training
//! values on either side, so when a feature has at most `max_bins` distinct values the candidate
//! splits are exactly those of exact CART (scikit-learn's `DecisionTree*`).
//!
//! # Incremental fitting
//! [`Booster::fit_round`] and [`ForestGrower::add_tree`] fit one round (tree) per call and return
//! its losses (scores), so a worker can fit a few per tick, draw the curves and stop at any time.
//!
//! Module map: [`matrix`] (the input view, targets' checks, scores), [`binning`], [`tree`] (the
//! fitted tree structure and the histogram grower), [`decision_tree`], [`forest`], [`boosting`],
//! [`knn`], [`bayes`], [`importance`], `check` (a model read from a file).

pub mod bayes;
pub mod binning;
pub mod boosting;
mod check;
pub mod decision_tree;
pub mod forest;
pub mod importance;
pub mod knn;
pub mod matrix;
mod output_cache;
pub mod tree;

pub use bayes::{BayesSettings, GaussianNb};
pub use boosting::{BoostSettings, BoostedTrees, Booster, Growth, RoundLosses};
pub use decision_tree::{Criterion, DecisionTree, MaxFeatures, TreeSettings};
pub use forest::{ForestGrower, ForestProgress, ForestSettings, RandomForest};
pub use importance::{permutation_importance, PermutationImportance};
pub use knn::{Distance, KNearest, KnnSettings, Weighting};
pub use matrix::{accuracy, r2, Matrix};
pub use tree::{Node, Split, Tree};

use crate::data::Task;
use crate::error::Result;
use serde::{Deserialize, Serialize};

/// What every fitted learner answers.
pub trait Predictor {
    /// The task it was fitted for.
    fn task(&self) -> Task;

    /// Number of features a row must have.
    fn width(&self) -> usize;

    /// One prediction per row: the class index (as `f32`, like [`crate::data::Dataset::y`]) or
    /// the value.
    ///
    /// # Errors
    /// [`crate::Error::Data`] when `x` does not have [`Self::width`] columns.
    fn predict(&self, x: Matrix) -> Result<Vec<f32>>;

    /// Class probabilities, row-major `rows × classes` (each row sums to 1).
    ///
    /// # Errors
    /// [`crate::Error::Data`] for a regression model, or when `x` has the wrong width.
    fn predict_proba(&self, x: Matrix) -> Result<Vec<f64>>;
}

/// Any fitted learner, as exported and imported (`{"family": "forest", …}`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "family", rename_all = "snake_case")]
pub enum Model {
    /// A single decision tree.
    Tree(DecisionTree),
    /// A random forest.
    Forest(RandomForest),
    /// Gradient-boosted trees.
    Boosting(BoostedTrees),
    /// k-nearest neighbours (keeps its training rows).
    Knn(KNearest),
    /// Gaussian naive Bayes.
    Bayes(GaussianNb),
}

impl Model {
    fn inner(&self) -> &dyn Predictor {
        match self {
            Model::Tree(m) => m,
            Model::Forest(m) => m,
            Model::Boosting(m) => m,
            Model::Knn(m) => m,
            Model::Bayes(m) => m,
        }
    }
}

impl Predictor for Model {
    fn task(&self) -> Task {
        self.inner().task()
    }
    fn width(&self) -> usize {
        self.inner().width()
    }
    fn predict(&self, x: Matrix) -> Result<Vec<f32>> {
        self.inner().predict(x)
    }
    fn predict_proba(&self, x: Matrix) -> Result<Vec<f64>> {
        self.inner().predict_proba(x)
    }
}

/// The class of each row of row-major probabilities: the first largest (the lowest class index
/// on ties, as scikit-learn's `argmax`). A NaN never wins.
pub fn argmax_rows(proba: &[f64], classes: usize) -> Vec<f32> {
    if classes == 0 {
        return Vec::new();
    }
    proba.chunks_exact(classes).map(|p| argmax(p) as f32).collect()
}

/// The index of the first largest of `p` (a NaN never wins; 0 for all NaN).
pub(crate) fn argmax(p: &[f64]) -> usize {
    let mut best = 0;
    for (k, &v) in p.iter().enumerate() {
        if v > p[best] || (p[best].is_nan() && !v.is_nan()) {
            best = k;
        }
    }
    best
}

#[cfg(test)]
mod tests;
