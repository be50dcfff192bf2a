//! A single decision tree (CART): classification with the Gini or entropy criterion, regression
//! with squared error, grown depth-first on binned features (`tree::grow`).
//!
//! A node is split at the threshold that most decreases the weighted impurity of its children,
//! unless it is pure, at `max_depth`, has fewer than `min_samples_split` rows, or no split
//! leaves `min_samples_leaf` rows on each side (scikit-learn's rules; a split that gains nothing
//! is still taken, as there). A leaf predicts its class mix (probabilities; the class is the
//! most frequent, the lowest index on ties) or its mean.

use super::binning::BinMapper;
use super::matrix::{check_targets, classes, Matrix};
use super::tree::grow::{grow, Limits, Rule, Targets};
use super::tree::{normalised, Tree};
use super::{argmax_rows, Predictor};
use crate::data::Task;
use crate::error::{Error, Result};
use crate::rng::{SeededRng, Stream};
use serde::{Deserialize, Serialize};

/// What a split minimises.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Criterion {
    /// Gini impurity `1 − Σp²` (classification).
    Gini,
    /// Entropy `−Σp·log₂p` (classification).
    Entropy,
    /// Variance of the target (regression).
    SquaredError,
}

/// How many features each split may consider (drawn at random at each node when fewer than
/// all; scikit-learn's `max_features`). At least 1, at most all.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MaxFeatures {
    /// Every feature (no randomness).
    All,
    /// `⌊√width⌋` (forest classification default).
    Sqrt,
    /// `⌊log₂ width⌋`.
    Log2,
    /// `⌊fraction · width⌋`, `0 < fraction ≤ 1`.
    Fraction(f64),
    /// A fixed number.
    Count(usize),
}

impl MaxFeatures {
    /// The number of features for `width` columns (scikit-learn's rounding).
    pub fn count(self, width: usize) -> usize {
        let n = match self {
            MaxFeatures::All => width,
            MaxFeatures::Sqrt => libm::sqrt(width as f64) as usize,
            MaxFeatures::Log2 => libm::log2(width.max(1) as f64) as usize,
            MaxFeatures::Fraction(f) => (f * width as f64) as usize,
            MaxFeatures::Count(c) => c,
        };
        n.clamp(1, width.max(1))
    }
}

/// Settings of a tree (also each tree of a forest).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TreeSettings {
    /// Gini or entropy for classification, squared error for regression.
    pub criterion: Criterion,
    /// Deepest node depth (root 0); `None`: grow until leaves are pure or too small.
    pub max_depth: Option<usize>,
    /// Fewest rows in a leaf (≥ 1).
    pub min_samples_leaf: usize,
    /// Fewest rows a node needs to be split (≥ 2).
    pub min_samples_split: usize,
    /// Features each split considers.
    pub max_features: MaxFeatures,
    /// Bins per feature, 2–256 ([`super::binning`]).
    pub max_bins: usize,
    /// Seed of the feature sampling (only used when `max_features` is below the width).
    pub seed: u64,
}

impl TreeSettings {
    /// scikit-learn's defaults for `task`: Gini or squared error, unlimited depth, leaves of
    /// one row, all features; 255 bins.
    pub fn for_task(task: Task) -> Self {
        TreeSettings {
            criterion: if task.is_classification() { Criterion::Gini } else { Criterion::SquaredError },
            max_depth: None,
            min_samples_leaf: 1,
            min_samples_split: 2,
            max_features: MaxFeatures::All,
            max_bins: 255,
            seed: 0,
        }
    }

    /// Errs on a setting out of range or a criterion of the other task.
    pub fn check(&self, task: Task) -> Result<()> {
        let regression_criterion = self.criterion == Criterion::SquaredError;
        if regression_criterion == task.is_classification() {
            let (what, ok) = if task.is_classification() {
                ("classification", "gini or entropy")
            } else {
                ("regression", "squared_error")
            };
            return Err(Error::spec("criterion", format!("{what} needs the criterion {ok}")));
        }
        if self.min_samples_leaf == 0 {
            return Err(Error::spec("min_samples_leaf", "must be at least 1"));
        }
        if self.min_samples_split < 2 {
            return Err(Error::spec("min_samples_split", "must be at least 2"));
        }
        if !(2..=256).contains(&self.max_bins) {
            return Err(Error::spec("max_bins", "must be between 2 and 256"));
        }
        match self.max_features {
            MaxFeatures::Fraction(f) if !(f > 0.0 && f <= 1.0) => {
                Err(Error::spec("max_features", "a fraction must be above 0 and at most 1"))
            }
            MaxFeatures::Count(0) => Err(Error::spec("max_features", "must be at least 1")),
            _ => Ok(()),
        }
    }

    pub(crate) fn limits(&self, width: usize) -> Limits {
        Limits {
            rule: match self.criterion {
                Criterion::Gini => Rule::Gini,
                Criterion::Entropy => Rule::Entropy,
                Criterion::SquaredError => Rule::SquaredError,
            },
            max_depth: self.max_depth,
            max_leaves: None,
            min_samples_leaf: self.min_samples_leaf,
            min_samples_split: self.min_samples_split,
            max_features: self.max_features.count(width),
        }
    }
}

/// Targets in the form the grower takes: class indices or `f64` values, and unit weights.
pub(crate) struct TreeTargets {
    pub class: Vec<u32>,
    pub y: Vec<f64>,
    pub classes: usize,
}

impl TreeTargets {
    pub fn new(y: &[f32], task: Task) -> Self {
        match task {
            Task::Classification { classes } => {
                TreeTargets { class: y.iter().map(|&v| v as u32).collect(), y: Vec::new(), classes }
            }
            Task::Regression => {
                TreeTargets { class: Vec::new(), y: y.iter().map(|&v| f64::from(v)).collect(), classes: 0 }
            }
        }
    }

    pub fn with_weights<'a>(&'a self, weight: &'a [f64]) -> Targets<'a> {
        if self.classes > 0 {
            Targets::Classes { class: &self.class, classes: self.classes, weight }
        } else {
            Targets::Values { y: &self.y, weight }
        }
    }
}

/// A fitted decision tree.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DecisionTree {
    /// What it predicts.
    pub task: Task,
    /// Number of features.
    pub width: usize,
    /// The settings it was fitted with.
    pub settings: TreeSettings,
    /// The tree.
    pub tree: Tree,
}

impl DecisionTree {
    /// Fits a tree on `x` (rows × width) and targets `y`.
    ///
    /// # Errors
    /// [`Error::Spec`] for a bad setting, [`Error::Data`] for targets that do not fit the task.
    pub fn fit(x: Matrix, y: &[f32], task: Task, settings: &TreeSettings) -> Result<Self> {
        settings.check(task)?;
        check_targets(y, x.rows(), task)?;
        let mapper = BinMapper::fit(x, settings.max_bins);
        let binned = mapper.transform(x);
        let targets = TreeTargets::new(y, task);
        let weight = vec![1.0; x.rows()];
        let rows = (0..x.rows() as u32).collect();
        let mut rng = SeededRng::new(settings.seed, Stream::Trees);
        let grown = grow(&binned, &mapper, &targets.with_weights(&weight), rows, settings.limits(x.width()), &mut rng);
        Ok(DecisionTree { task, width: x.width(), settings: settings.clone(), tree: grown.tree })
    }

    /// Impurity-based importance of each feature: the weighted impurity decrease of its splits,
    /// normalised to sum to 1 (all zeros for a tree with no split).
    pub fn feature_importances(&self) -> Vec<f64> {
        let mut v = vec![0.0; self.width];
        self.tree.add_gains(&mut v);
        normalised(v)
    }
}

/// Class probabilities from a node's class weights (`out` gets them over their sum).
pub(crate) fn add_proba(weights: &[f64], out: &mut [f64], scale: f64) {
    let total: f64 = weights.iter().sum();
    if total > 0.0 {
        out.iter_mut().zip(weights).for_each(|(o, w)| *o += w / total * scale);
    }
}

impl Predictor for DecisionTree {
    fn task(&self) -> Task {
        self.task
    }

    fn width(&self) -> usize {
        self.width
    }

    fn predict(&self, x: Matrix) -> Result<Vec<f32>> {
        x.expect_width(self.width)?;
        match self.task {
            Task::Classification { classes } => Ok(argmax_rows(&self.predict_proba(x)?, classes)),
            Task::Regression => Ok((0..x.rows()).map(|i| self.tree.value(x.row(i))[0] as f32).collect()),
        }
    }

    fn predict_proba(&self, x: Matrix) -> Result<Vec<f64>> {
        x.expect_width(self.width)?;
        let k = classes(self.task);
        if k == 0 {
            return Err(Error::data("a regression model has no class probabilities"));
        }
        let mut out = vec![0.0; x.rows() * k];
        for (i, o) in out.chunks_exact_mut(k).enumerate() {
            add_proba(self.tree.value(x.row(i)), o, 1.0);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests;
