//! Gradient-boosted trees (Friedman 2001) with Newton leaf values (XGBoost, LightGBM,
//! scikit-learn's `HistGradientBoosting*`).
//!
//! The model is a raw score per output, `F(x) = F₀ + Σ_rounds tree(x)`, turned into a prediction
//! by the loss's link:
//! - squared error (regression): `F` is the value; loss `(y − F)²` (reported as the mean squared
//!   error), gradient `g = F − y`, hessian `h = 1` (of `½(y − F)²`);
//! - binary log-loss: `p = σ(F)`; loss `−y·ln p − (1−y)·ln(1−p)`, `g = p − y`, `h = p(1 − p)`;
//! - multi-class softmax: one raw score and one tree per class and round, `p = softmax(F)`;
//!   loss `−ln p_y`, `g_k = p_k − [y = k]`, `h_k = p_k(1 − p_k)` (the diagonal of the Hessian).
//!
//! `F₀` is the best constant: the mean, the log-odds of the positive share, or the log of each
//! class's share (centred). Each round fits a tree to the second-order expansion of the loss at
//! the current scores: a leaf with gradient sum `G` and hessian sum `H` gets the value
//! `−η·G/(H + λ)` (η the learning rate, λ the L2 penalty on leaf values), and a split gains
//! `½[G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ)]` (`tree::grow`). Trees grow depth-wise to
//! `max_depth` or leaf-wise (best-first) to `max_leaves` leaves (LightGBM's growth; scikit-learn's
//! default of 31 leaves); a leaf needs `min_samples_leaf` rows and a hessian sum of at least
//! 10⁻³, and a split must gain more than 0.
//!
//! Fitting is incremental: [`Booster::fit_round`] adds one round and returns the mean training
//! and validation losses. With early stopping, fitting ends once the validation loss has not
//! improved by more than `tol` for `patience` rounds, and the model keeps the rounds up to the
//! best one.

use super::binning::{BinMapper, Binned};
use super::matrix::{check_targets, Matrix};
use super::output_cache::OutputCache;
use super::tree::grow::{grow, Limits, Rule, Targets};
use super::tree::Tree;
use crate::data::Task;
use crate::error::{Error, Result};
use crate::rng::{SeededRng, Stream};
use serde::{Deserialize, Serialize};

mod loss;
mod model;

use loss::{Fit, Objective};
pub use model::BoostedTrees;
use model::{add_round, output_of, raw_scores, start_scores};

/// How each tree grows.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Growth {
    /// Every node splits (when it gains) down to `max_depth`: up to `2^max_depth` leaves.
    Depth {
        /// Deepest node depth (root 0).
        max_depth: usize,
    },
    /// The leaf whose split gains most splits next, until `max_leaves` leaves.
    Leaves {
        /// Most leaves per tree (≥ 2).
        max_leaves: usize,
        /// Optional depth limit as well.
        max_depth: Option<usize>,
    },
}

/// Settings of gradient boosting.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BoostSettings {
    /// Most boosting rounds (each adds one tree per class, or one tree).
    pub n_rounds: usize,
    /// Shrinkage η of every leaf value (0 < η ≤ 1 is usual).
    pub learning_rate: f64,
    /// Depth-wise or leaf-wise growth.
    pub growth: Growth,
    /// Fewest rows in a leaf.
    pub min_samples_leaf: usize,
    /// L2 penalty λ on leaf values (≥ 0).
    pub l2: f64,
    /// Bins per feature, 2–256.
    pub max_bins: usize,
    /// Stop when the validation loss has not improved for this many rounds (needs validation
    /// rows); `None`: fit all rounds.
    pub early_stopping: Option<usize>,
    /// The least decrease of the validation loss that counts as an improvement.
    pub tol: f64,
}

impl BoostSettings {
    /// scikit-learn's `HistGradientBoosting*` defaults: 100 rounds, η = 0.1, 31 leaves, 20 rows
    /// per leaf, no L2, 255 bins, no early stopping.
    pub fn new() -> Self {
        BoostSettings {
            n_rounds: 100,
            learning_rate: 0.1,
            growth: Growth::Leaves { max_leaves: 31, max_depth: None },
            min_samples_leaf: 20,
            l2: 0.0,
            max_bins: 255,
            early_stopping: None,
            tol: 1e-7,
        }
    }

    fn check(&self) -> Result<()> {
        if self.n_rounds == 0 {
            return Err(Error::spec("n_rounds", "must be at least 1"));
        }
        if !(self.learning_rate > 0.0 && self.learning_rate.is_finite()) {
            return Err(Error::spec("learning_rate", "must be a positive number"));
        }
        if !(self.l2 >= 0.0 && self.l2.is_finite()) {
            return Err(Error::spec("l2", "must be 0 or more"));
        }
        if self.min_samples_leaf == 0 {
            return Err(Error::spec("min_samples_leaf", "must be at least 1"));
        }
        if !(2..=256).contains(&self.max_bins) {
            return Err(Error::spec("max_bins", "must be between 2 and 256"));
        }
        if matches!(self.growth, Growth::Leaves { max_leaves, .. } if max_leaves < 2) {
            return Err(Error::spec("max_leaves", "must be at least 2"));
        }
        if self.early_stopping == Some(0) || !(self.tol >= 0.0 && self.tol.is_finite()) {
            return Err(Error::spec("early_stopping", "patience must be at least 1 round and tol 0 or more"));
        }
        Ok(())
    }

    fn limits(&self, width: usize) -> Limits {
        let (max_depth, max_leaves) = match self.growth {
            Growth::Depth { max_depth } => (Some(max_depth), None),
            Growth::Leaves { max_leaves, max_depth } => (max_depth, Some(max_leaves)),
        };
        Limits {
            rule: Rule::Newton { l2: self.l2, min_hessian: MIN_HESSIAN, learning_rate: self.learning_rate },
            max_depth,
            max_leaves,
            min_samples_leaf: self.min_samples_leaf,
            min_samples_split: 2,
            max_features: width,
        }
    }
}

impl Default for BoostSettings {
    fn default() -> Self {
        Self::new()
    }
}

/// Least hessian sum on each side of a split (scikit-learn's `min_hessian_to_split`).
const MIN_HESSIAN: f64 = 1e-3;

/// The mean losses after one round.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoundLosses {
    /// 1-based round.
    pub round: usize,
    /// Mean loss on the training rows (log-loss with probabilities clamped to 10⁻¹⁵, or mean
    /// squared error).
    pub train_loss: f64,
    /// Mean loss on the validation rows, if any.
    pub validation_loss: Option<f64>,
}

/// Validation rows and their raw scores so far.
struct Held {
    x: Vec<f32>,
    y: Vec<f32>,
    raw: Vec<f64>,
}

/// Gradient boosting being fitted, one round per [`Booster::fit_round`].
pub struct Booster {
    task: Task,
    width: usize,
    settings: BoostSettings,
    objective: Objective,
    mapper: BinMapper,
    binned: Binned,
    y: Vec<f32>,
    base: Vec<f64>,
    raw: Vec<f64>,
    /// Gradients and hessians at `raw` (output-major), for the next round.
    g: Vec<f64>,
    h: Vec<f64>,
    /// The model's output on the training rows at `raw` (probabilities or values).
    train_output: Vec<f64>,
    /// How the training rows' outputs fit at `raw`.
    train_fit: Fit,
    rounds: Vec<Vec<Tree>>,
    validation: Option<Held>,
    /// Rows whose raw scores are kept up to date round by round ([`Booster::watch`]).
    watched: Vec<Held>,
    history: Vec<RoundLosses>,
    /// The round (count) with the lowest validation loss so far, and that loss.
    best: Option<(usize, f64)>,
    stopped: bool,
    /// [`Booster::output`]'s last small input (a decision map's cells) and its raw scores.
    cache: OutputCache,
}

impl Booster {
    /// Prepares boosting on `x`, `y` (bins the features once), with optional validation rows
    /// scored after every round (and needed for early stopping).
    ///
    /// # Errors
    /// [`Error::Spec`] for a bad setting or early stopping without validation rows,
    /// [`Error::Data`] for targets or widths that do not fit.
    pub fn new(
        x: Matrix,
        y: &[f32],
        task: Task,
        settings: &BoostSettings,
        validation: Option<(Matrix, &[f32])>,
    ) -> Result<Self> {
        settings.check()?;
        check_targets(y, x.rows(), task)?;
        if settings.early_stopping.is_some() && validation.is_none_or(|(v, _)| v.rows() == 0) {
            return Err(Error::spec("early_stopping", "needs validation rows to watch"));
        }
        let objective = Objective::of(task);
        let base = objective.base(y);
        let validation = match validation {
            Some((vx, vy)) => {
                vx.expect_width(x.width())?;
                if vx.rows() > 0 {
                    check_targets(vy, vx.rows(), task)?;
                }
                let raw = base.iter().copied().cycle().take(vx.rows() * base.len()).collect();
                Some(Held { x: vx.values().to_vec(), y: vy.to_vec(), raw })
            }
            None => None,
        };
        let mapper = BinMapper::fit(x, settings.max_bins);
        let binned = mapper.transform(x);
        let cells = x.rows() * base.len();
        let mut booster = Booster {
            task,
            width: x.width(),
            settings: settings.clone(),
            objective,
            mapper,
            binned,
            y: y.to_vec(),
            raw: start_scores(&base, x.rows()),
            base,
            g: vec![0.0; cells],
            h: vec![0.0; cells],
            train_output: vec![0.0; x.rows() * objective.output_width()],
            train_fit: Fit { loss: 0.0, correct: 0 },
            rounds: Vec::new(),
            validation,
            watched: Vec::new(),
            history: Vec::new(),
            best: None,
            stopped: false,
            cache: OutputCache::default(),
        };
        booster.score_training_rows();
        Ok(booster)
    }

    /// Keeps the model's raw scores on the rows `x` up to date as rounds are added (a
    /// trainer's training, validation and test rows: each round adds its trees' outputs once);
    /// read with [`Booster::watched_output`].
    ///
    /// # Errors
    /// [`Error::Data`] for rows of another width.
    pub fn watch(&mut self, x: Matrix) -> Result<usize> {
        x.expect_width(self.width)?;
        let raw = raw_scores(&self.base, &self.rounds, x);
        self.watched.push(Held { x: x.values().to_vec(), y: Vec::new(), raw });
        Ok(self.watched.len() - 1)
    }

    /// The output of every round fitted so far on watched rows `id`, as [`BoostedTrees`] gives
    /// it: class probabilities (rows × classes) or values; `None` for an unknown `id`.
    /// [`Booster::TRAINING_ROWS`] reads the training rows, whose scores fitting keeps anyway.
    pub fn watched_output(&self, id: usize) -> Option<Vec<f64>> {
        if id == Self::TRAINING_ROWS {
            return Some(self.train_output.clone());
        }
        if id == Self::VALIDATION_ROWS {
            return self.validation.as_ref().map(|held| output_of(self.objective, &held.raw));
        }
        self.watched.get(id).map(|held| output_of(self.objective, &held.raw))
    }

    /// The id of the training rows for [`Booster::watched_output`]: each round adds its leaf
    /// values to the rows of each leaf, the very sums [`Booster::watch`] would keep by walking
    /// every tree again (a row's bin and its value fall on the same side of every threshold),
    /// so a trainer watching its training rows this way saves a walk of them per round.
    pub const TRAINING_ROWS: usize = usize::MAX;

    /// The id of the validation rows given to [`Booster::new`] (scored every round for early
    /// stopping) for [`Booster::watched_output`]: `None` when there are none.
    pub const VALIDATION_ROWS: usize = usize::MAX - 1;

    /// Whether fitting has ended (all rounds, or early stopping).
    pub fn is_done(&self) -> bool {
        self.stopped || self.rounds.len() >= self.settings.n_rounds
    }

    /// The losses after each round so far.
    pub fn history(&self) -> &[RoundLosses] {
        &self.history
    }

    /// The round (1-based) with the lowest validation loss, when there are validation rows.
    pub fn best_round(&self) -> Option<usize> {
        self.best.map(|(r, _)| r)
    }

    /// Fits one more round and returns its losses, or `None` when fitting has ended.
    pub fn fit_round(&mut self) -> Option<RoundLosses> {
        if self.is_done() {
            return None;
        }
        let n = self.y.len();
        let k = self.objective.outputs();
        let (g, h) = (std::mem::take(&mut self.g), std::mem::take(&mut self.h));
        let limits = self.settings.limits(self.width);
        // Boosting draws nothing at random; the generator is only the grower's argument.
        let mut rng = SeededRng::new(0, Stream::Trees);
        let mut trees = Vec::with_capacity(k);
        for c in 0..k {
            let targets = Targets::Gradients { g: &g[c * n..(c + 1) * n], h: &h[c * n..(c + 1) * n] };
            let rows = (0..n as u32).collect();
            let grown = grow(&self.binned, &self.mapper, &targets, rows, limits, &mut rng);
            for (i, node) in grown.tree.nodes.iter().enumerate() {
                if node.split.is_none() {
                    let v = grown.tree.node_value(i)[0];
                    let (a, b) = grown.ranges[i];
                    for &r in &grown.rows[a..b] {
                        self.raw[r as usize * k + c] += v;
                    }
                }
            }
            for held in self.validation.iter_mut().chain(&mut self.watched) {
                for (i, raw) in held.raw.chunks_exact_mut(k).enumerate() {
                    raw[c] += grown.tree.value(&held.x[i * self.width..(i + 1) * self.width])[0];
                }
            }
            trees.push(grown.tree);
        }
        self.rounds.push(trees);
        (self.g, self.h) = (g, h);
        self.score_training_rows();
        let round = self.rounds.len();
        let train_loss = self.training_fit().0;
        let validation_loss =
            self.validation.as_ref().filter(|v| !v.y.is_empty()).map(|v| mean_loss(self.objective, &v.raw, &v.y));
        if let Some(loss) = validation_loss {
            match self.best {
                Some((_, best)) if loss >= best - self.settings.tol => {}
                _ => self.best = Some((round, loss)),
            }
            if let (Some(patience), Some((best_round, _))) = (self.settings.early_stopping, self.best) {
                if round - best_round >= patience {
                    self.stopped = true;
                }
            }
        }
        let losses = RoundLosses { round, train_loss, validation_loss };
        self.history.push(losses);
        Some(losses)
    }

    /// The gradients, outputs and fit at the training rows' current raw scores, in one pass
    /// ([`Objective::gradients_and_fit`]).
    fn score_training_rows(&mut self) {
        let (raw, y) = (&self.raw, &self.y);
        self.train_fit = self.objective.gradients_and_fit(raw, y, &mut self.g, &mut self.h, &mut self.train_output);
    }

    /// The mean training loss (squared error, or cross-entropy with probabilities clamped to
    /// 10⁻¹⁵) and, for classes, the training accuracy, of every round fitted so far: what a
    /// trainer scores the training rows by, without another pass over them.
    pub fn training_fit(&self) -> (f64, Option<f64>) {
        let n = self.y.len();
        // `+ 0.0`: a perfect fit's loss is −0 (every −ln 1), shown as 0.
        let loss = self.train_fit.loss / n.max(1) as f64 + 0.0;
        let accuracy = match self.objective {
            Objective::Squared => None,
            _ if n == 0 => Some(0.0),
            _ => Some(self.train_fit.correct as f64 / n as f64),
        };
        (loss, accuracy)
    }

    /// Rounds the model keeps: every round fitted, or with early stopping those up to the best.
    fn kept(&self) -> usize {
        match (self.settings.early_stopping, self.best) {
            (Some(_), Some((best, _))) => best,
            _ => self.rounds.len(),
        }
    }

    /// What [`Booster::model`] says of the rows of `x`, without copying its trees: class
    /// probabilities (rows × classes) or values. Asked again about the same (small) rows, it
    /// adds only the rounds fitted since (same bits as from scratch).
    ///
    /// # Errors
    /// [`Error::Data`] when `x` does not have the training data's width.
    pub fn output(&self, x: Matrix) -> Result<Vec<f64>> {
        x.expect_width(self.width)?;
        let base = |x: Matrix| start_scores(&self.base, x.rows());
        let raw = self.cache.sums(x, self.kept(), base, |r, x, raw| add_round(&self.rounds[r], x, raw));
        Ok(output_of(Objective::of(self.task), &raw))
    }

    /// The model: every round fitted, or with early stopping the rounds up to the best one.
    pub fn model(&self) -> BoostedTrees {
        let keep = self.kept();
        BoostedTrees {
            task: self.task,
            width: self.width,
            settings: self.settings.clone(),
            base: self.base.clone(),
            rounds: self.rounds[..keep].to_vec(),
        }
    }
}

fn mean_loss(objective: Objective, raw: &[f64], y: &[f32]) -> f64 {
    let k = objective.outputs();
    let total: f64 = raw.chunks_exact(k).zip(y).map(|(f, &t)| objective.loss(f, t)).sum();
    total / y.len().max(1) as f64
}

#[cfg(test)]
mod tests;
