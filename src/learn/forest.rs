//! Random forest (Breiman 2001): many decision trees, each grown on a bootstrap sample of the
//! rows (n draws with replacement; a row drawn twice weighs twice) and considering a random
//! subset of `max_features` features at each split, then averaged. Averaging decorrelated trees
//! keeps their low bias and cuts their variance.
//!
//! Predictions: the mean of the trees' class probabilities (the class is its largest, lowest
//! index on ties), or the mean of their values — scikit-learn's `RandomForest*`.
//!
//! Fitting is incremental ([`ForestGrower::add_tree`]): each call grows one tree and reports the
//! out-of-bag score so far — every training row is predicted by the trees whose bootstrap sample
//! left it out (about 37 % of them), an estimate of the test score that needs no held-out rows —
//! and the score on validation rows if given. Tree `t` draws from its own generator, seeded by
//! the `t`-th number of the forest's stream, so a forest grown a tree at a time is the forest
//! grown at once.

use super::binning::{BinMapper, Binned};
use super::decision_tree::{add_proba, Criterion, MaxFeatures, TreeSettings, TreeTargets};
use super::matrix::{check_targets, classes, score, Matrix};
use super::output_cache::OutputCache;
use super::tree::grow::grow;
use super::tree::{normalised, Tree};
use super::{argmax_rows, Predictor};
use crate::data::Task;
use crate::error::{Error, Result};
use crate::rng::{SeededRng, Stream};
use serde::{Deserialize, Serialize};

/// Settings of a forest.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ForestSettings {
    /// Number of trees (≥ 1).
    pub n_trees: usize,
    /// Split criterion of every tree.
    pub criterion: Criterion,
    /// Deepest node depth; `None`: unlimited.
    pub max_depth: Option<usize>,
    /// Fewest rows in a leaf.
    pub min_samples_leaf: usize,
    /// Fewest rows a node needs to be split.
    pub min_samples_split: usize,
    /// Features each split considers.
    pub max_features: MaxFeatures,
    /// Grow each tree on a bootstrap sample (else on all rows: then only the feature sampling
    /// makes trees differ, and there is no out-of-bag score).
    pub bootstrap: bool,
    /// Bins per feature.
    pub max_bins: usize,
    /// Seed of the bootstrap samples and feature draws.
    pub seed: u64,
}

impl ForestSettings {
    /// scikit-learn's defaults: 100 trees, unlimited depth, `√width` features per split for
    /// classification and all of them for regression, bootstrap.
    pub fn for_task(task: Task) -> Self {
        let t = TreeSettings::for_task(task);
        ForestSettings {
            n_trees: 100,
            criterion: t.criterion,
            max_depth: None,
            min_samples_leaf: 1,
            min_samples_split: 2,
            max_features: if task.is_classification() { MaxFeatures::Sqrt } else { MaxFeatures::All },
            bootstrap: true,
            max_bins: t.max_bins,
            seed: 0,
        }
    }

    fn tree_settings(&self) -> TreeSettings {
        TreeSettings {
            criterion: self.criterion,
            max_depth: self.max_depth,
            min_samples_leaf: self.min_samples_leaf,
            min_samples_split: self.min_samples_split,
            max_features: self.max_features,
            max_bins: self.max_bins,
            seed: self.seed,
        }
    }
}

/// The scores after a tree was added.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct ForestProgress {
    /// Trees so far.
    pub trees: usize,
    /// Out-of-bag accuracy or R² over the rows left out by at least one tree (`None` without
    /// bootstrap or before any row has been left out).
    pub oob_score: Option<f64>,
    /// Accuracy or R² on the validation rows, if any.
    pub validation_score: Option<f64>,
}

/// Rows held out for scoring, with the forest's summed predictions on them so far.
struct Held {
    x: Vec<f32>,
    y: Vec<f32>,
    sum: Vec<f64>,
}

/// A forest being grown, one tree per [`ForestGrower::add_tree`].
pub struct ForestGrower {
    task: Task,
    width: usize,
    settings: ForestSettings,
    x: Vec<f32>,
    y: Vec<f32>,
    mapper: BinMapper,
    binned: Binned,
    targets: TreeTargets,
    seeds: SeededRng,
    trees: Vec<Tree>,
    oob_sum: Vec<f64>,
    oob_count: Vec<u32>,
    validation: Option<Held>,
    /// Rows whose summed outputs are kept up to date tree by tree ([`ForestGrower::watch`]).
    watched: Vec<Held>,
    history: Vec<ForestProgress>,
    /// [`ForestGrower::output`]'s last small input (a decision map's cells) and its sums.
    cache: OutputCache,
}

impl ForestGrower {
    /// Prepares to grow a forest on `x` and `y` (bins the features once).
    ///
    /// # Errors
    /// [`Error::Spec`] for a bad setting, [`Error::Data`] for targets that do not fit the task.
    pub fn new(x: Matrix, y: &[f32], task: Task, settings: &ForestSettings) -> Result<Self> {
        settings.tree_settings().check(task)?;
        if settings.n_trees == 0 {
            return Err(Error::spec("n_trees", "a forest needs at least one tree"));
        }
        check_targets(y, x.rows(), task)?;
        let mapper = BinMapper::fit(x, settings.max_bins);
        let binned = mapper.transform(x);
        let outputs = classes(task).max(1);
        Ok(ForestGrower {
            task,
            width: x.width(),
            settings: settings.clone(),
            x: x.values().to_vec(),
            y: y.to_vec(),
            mapper,
            binned,
            targets: TreeTargets::new(y, task),
            seeds: SeededRng::new(settings.seed, Stream::Trees),
            trees: Vec::new(),
            oob_sum: vec![0.0; x.rows() * outputs],
            oob_count: vec![0; x.rows()],
            validation: None,
            watched: Vec::new(),
            history: Vec::new(),
            cache: OutputCache::default(),
        })
    }

    /// Also scores the forest on `x`, `y` after each tree.
    ///
    /// # Errors
    /// [`Error::Data`] for a width or targets that do not fit.
    pub fn with_validation(mut self, x: Matrix, y: &[f32]) -> Result<Self> {
        x.expect_width(self.width)?;
        check_targets(y, x.rows(), self.task)?;
        let outputs = classes(self.task).max(1);
        self.validation = Some(Held { x: x.values().to_vec(), y: y.to_vec(), sum: vec![0.0; x.rows() * outputs] });
        Ok(self)
    }

    /// Keeps the forest's output on the rows `x` up to date as trees are added (a trainer's
    /// training, validation and test rows: each tree adds its output once, instead of the whole
    /// forest predicting again after every tree); read with [`ForestGrower::watched_output`].
    ///
    /// # Errors
    /// [`Error::Data`] for rows of another width.
    pub fn watch(&mut self, x: Matrix) -> Result<usize> {
        x.expect_width(self.width)?;
        let (k, outputs) = (classes(self.task), classes(self.task).max(1));
        let mut sum = vec![0.0; x.rows() * outputs];
        for tree in &self.trees {
            for (i, out) in sum.chunks_exact_mut(outputs).enumerate() {
                add_prediction(tree, x.row(i), k, out);
            }
        }
        self.watched.push(Held { x: x.values().to_vec(), y: Vec::new(), sum });
        Ok(self.watched.len() - 1)
    }

    /// The forest's output on watched rows `id`, as [`RandomForest`] gives it: class
    /// probabilities (rows × classes) or values (one per row); `None` for an unknown `id`.
    pub fn watched_output(&self, id: usize) -> Option<Vec<f64>> {
        let held = self.watched.get(id)?;
        let n = self.trees.len().max(1) as f64;
        Some(held.sum.iter().map(|v| v / n).collect())
    }

    /// Whether all `n_trees` trees are grown.
    pub fn is_done(&self) -> bool {
        self.trees.len() >= self.settings.n_trees
    }

    /// The scores after each tree so far.
    pub fn history(&self) -> &[ForestProgress] {
        &self.history
    }

    /// Grows the next tree and returns the scores with it, or `None` when the forest is complete.
    pub fn add_tree(&mut self) -> Option<ForestProgress> {
        if self.is_done() {
            return None;
        }
        let n = self.y.len();
        let mut rng = SeededRng::new(self.seeds.next_u64(), Stream::Trees);
        let mut weight = vec![if self.settings.bootstrap { 0.0 } else { 1.0 }; n];
        if self.settings.bootstrap {
            for _ in 0..n {
                weight[rng.below(n)] += 1.0;
            }
        }
        let rows = (0..n as u32).filter(|&r| weight[r as usize] > 0.0).collect();
        let limits = self.settings.tree_settings().limits(self.width);
        let targets = self.targets.with_weights(&weight);
        let tree = grow(&self.binned, &self.mapper, &targets, rows, limits, &mut rng).tree;
        let k = classes(self.task);
        let outputs = k.max(1);
        if self.settings.bootstrap {
            for i in (0..n).filter(|&i| weight[i] == 0.0) {
                let row = &self.x[i * self.width..(i + 1) * self.width];
                add_prediction(&tree, row, k, &mut self.oob_sum[i * outputs..(i + 1) * outputs]);
                self.oob_count[i] += 1;
            }
        }
        for v in self.validation.iter_mut().chain(&mut self.watched) {
            for (i, out) in v.sum.chunks_exact_mut(outputs).enumerate() {
                add_prediction(&tree, &v.x[i * self.width..(i + 1) * self.width], k, out);
            }
        }
        self.trees.push(tree);
        let progress = ForestProgress {
            trees: self.trees.len(),
            oob_score: self.oob_score(),
            validation_score: self.validation.as_ref().map(|v| {
                let counts = vec![self.trees.len() as u32; v.y.len()];
                score(self.task, &from_sums(&v.sum, &counts, k), &v.y)
            }),
        };
        self.history.push(progress);
        Some(progress)
    }

    fn oob_score(&self) -> Option<f64> {
        let k = classes(self.task);
        let outputs = k.max(1);
        let seen: Vec<usize> = (0..self.y.len()).filter(|&i| self.oob_count[i] > 0).collect();
        if seen.is_empty() {
            return None;
        }
        let sums: Vec<f64> =
            seen.iter().flat_map(|&i| self.oob_sum[i * outputs..(i + 1) * outputs].iter().copied()).collect();
        let counts: Vec<u32> = seen.iter().map(|&i| self.oob_count[i]).collect();
        let actual: Vec<f32> = seen.iter().map(|&i| self.y[i]).collect();
        Some(score(self.task, &from_sums(&sums, &counts, k), &actual))
    }

    /// What the trees grown so far say of the rows of `x`, without copying them: class
    /// probabilities (rows × classes) or values, as [`RandomForest`] predicts them. Asked
    /// again about the same (small) rows, it adds only the trees grown since (same bits).
    ///
    /// # Errors
    /// [`Error::Data`] when `x` does not have the training data's width.
    pub fn output(&self, x: Matrix) -> Result<Vec<f64>> {
        x.expect_width(self.width)?;
        let (k, outputs) = (classes(self.task), classes(self.task).max(1));
        let zeros = |x: Matrix| vec![0.0; x.rows() * outputs];
        let add = |t: usize, x: Matrix, sums: &mut [f64]| {
            for (i, out) in sums.chunks_exact_mut(outputs).enumerate() {
                add_prediction(&self.trees[t], x.row(i), k, out);
            }
        };
        let mut p = self.cache.sums(x, self.trees.len(), zeros, add);
        let n = self.trees.len().max(1) as f64;
        p.iter_mut().for_each(|v| *v /= n);
        Ok(p)
    }

    /// The forest of the trees grown so far.
    pub fn forest(&self) -> RandomForest {
        RandomForest { task: self.task, width: self.width, settings: self.settings.clone(), trees: self.trees.clone() }
    }

    /// The forest, without copying its trees.
    pub fn into_forest(self) -> RandomForest {
        RandomForest { task: self.task, width: self.width, settings: self.settings, trees: self.trees }
    }
}

/// Adds a tree's prediction for `row` to `out`: its class probabilities (`k` classes) or value.
fn add_prediction(tree: &Tree, row: &[f32], k: usize, out: &mut [f64]) {
    let v = tree.value(row);
    if k > 0 {
        add_proba(v, out, 1.0);
    } else {
        out[0] += v[0];
    }
}

/// The sum of `trees`' outputs for each row of `x` (`outputs` per row).
fn tree_sums(trees: &[Tree], task: Task, width: usize, x: Matrix) -> Result<Vec<f64>> {
    x.expect_width(width)?;
    let k = classes(task);
    let outputs = k.max(1);
    let mut out = vec![0.0; x.rows() * outputs];
    for (i, o) in out.chunks_exact_mut(outputs).enumerate() {
        for t in trees {
            add_prediction(t, x.row(i), k, o);
        }
    }
    Ok(out)
}

/// The mean of `trees`' outputs: class probabilities (rows × classes) or values.
fn forest_output(trees: &[Tree], task: Task, width: usize, x: Matrix) -> Result<Vec<f64>> {
    let mut p = tree_sums(trees, task, width, x)?;
    let n = trees.len().max(1) as f64;
    p.iter_mut().for_each(|v| *v /= n);
    Ok(p)
}

/// Predictions from summed tree outputs: the largest summed probability, or the mean value.
fn from_sums(sums: &[f64], counts: &[u32], k: usize) -> Vec<f32> {
    if k > 0 {
        argmax_rows(sums, k)
    } else {
        sums.iter().zip(counts).map(|(s, &c)| (s / f64::from(c)) as f32).collect()
    }
}

/// A fitted random forest.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RandomForest {
    /// What it predicts.
    pub task: Task,
    /// Number of features.
    pub width: usize,
    /// The settings it was grown with.
    pub settings: ForestSettings,
    /// The trees.
    pub trees: Vec<Tree>,
}

impl RandomForest {
    /// Grows all `n_trees` trees at once.
    ///
    /// # Errors
    /// As [`ForestGrower::new`].
    pub fn fit(x: Matrix, y: &[f32], task: Task, settings: &ForestSettings) -> Result<Self> {
        let mut g = ForestGrower::new(x, y, task, settings)?;
        while g.add_tree().is_some() {}
        Ok(g.into_forest())
    }

    /// Impurity-based importance: each tree's normalised impurity decreases, averaged over the
    /// trees and normalised again (scikit-learn's `feature_importances_`).
    pub fn feature_importances(&self) -> Vec<f64> {
        let mut sum = vec![0.0; self.width];
        for t in &self.trees {
            let mut v = vec![0.0; self.width];
            t.add_gains(&mut v);
            sum.iter_mut().zip(normalised(v)).for_each(|(s, v)| *s += v);
        }
        normalised(sum)
    }

    /// The sum of the trees' outputs for each row (`outputs` per row).
    fn sums(&self, x: Matrix) -> Result<Vec<f64>> {
        tree_sums(&self.trees, self.task, self.width, x)
    }
}

impl Predictor for RandomForest {
    fn task(&self) -> Task {
        self.task
    }

    fn width(&self) -> usize {
        self.width
    }

    fn predict(&self, x: Matrix) -> Result<Vec<f32>> {
        let sums = self.sums(x)?;
        let counts = vec![self.trees.len().max(1) as u32; x.rows()];
        Ok(from_sums(&sums, &counts, classes(self.task)))
    }

    fn predict_proba(&self, x: Matrix) -> Result<Vec<f64>> {
        if !self.task.is_classification() {
            return Err(Error::data("a regression model has no class probabilities"));
        }
        forest_output(&self.trees, self.task, self.width, x)
    }
}
