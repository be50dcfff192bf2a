//! The one training loop. The CLI, the web worker and the tests all drive this type.

use super::evaluation::r2;
use super::inputs::{load_data, RunData};
use super::loss::{loss, weighted_loss};
use super::metrics::{accuracy, EpochMetrics};
use super::optim::{params, OptimizerState};
use crate::data::prepare::FittedPreparation;
use crate::data::{Dataset, Split, Table, Task};
use crate::error::{Error, Result};
use crate::model::{LayerWeights, Mlp};
use crate::rng::{SeededRng, Stream};
use crate::spec::ExperimentSpec;
use candle_core::Tensor;

/// A run in progress: data, model, optimizer state and the history so far.
///
/// Everything random was drawn from the spec's seed, so two trainers built from the same spec
/// produce bit-identical histories on the same platform.
#[derive(Debug)]
pub struct Trainer {
    spec: ExperimentSpec,
    split: Split,
    validation: Dataset,
    fitted: Option<FittedPreparation>,
    /// Table rows of the training set (empty for generated data).
    train_rows: Vec<usize>,
    task: Task,
    model: Mlp,
    optimizer: OptimizerState,
    shuffle: SeededRng,
    x_train: Tensor,
    y_train: Tensor,
    x_test: Tensor,
    y_test: Tensor,
    x_validation: Tensor,
    y_validation: Tensor,
    steps: u64,
    history: Vec<EpochMetrics>,
    /// Early stopping: the best validation loss so far, its epoch and the weights then.
    best: Option<(f64, usize, Vec<LayerWeights>)>,
    /// Set when early stopping (or the user, with a validation set) ended the run: the epoch
    /// whose weights were restored.
    stopped_at: Option<usize>,
    /// Set when the user stopped the run.
    stopped_by_user: bool,
    /// The epoch in progress, when stepping batch by batch left it unfinished.
    cursor: Option<EpochCursor>,
    /// Dropout masks (a stream of its own, so that dropout leaves the batch order unchanged).
    dropout: SeededRng,
    /// Settings changed while training, in order (a replay must apply them at the same steps).
    changes: Vec<LiveChange>,
    /// Each feature's mean over the training rows (the decision map and unit maps hold the
    /// features off the plane there), computed once: the rows never change during a run.
    feature_means: std::sync::OnceLock<Vec<f32>>,
    /// A model that is not a network ([`crate::spec::ModelSpec::learner`]), being fitted;
    /// `model` is then an untrained placeholder never shown ([`Trainer::model`] is `None`).
    learner: Option<LearnerRun>,
    /// Each training row's class weight (`training.class_weight`), multiplying its loss term
    /// in the gradient steps ([`weighted_loss`]); `None` = unweighted. The losses reported per
    /// epoch stay unweighted means, comparable with runs without weights.
    row_weights: Option<Vec<f32>>,
}

/// The epoch in progress: its shuffled row order and how many rows are done.
#[derive(Debug)]
struct EpochCursor {
    order: Vec<u32>,
    done: usize,
}

/// What one gradient step did.
#[derive(Clone, Debug, PartialEq)]
pub struct BatchOutcome {
    /// The epoch (1-based) the batch belongs to.
    pub epoch: usize,
    /// The batch's number within its epoch (1-based).
    pub batch: usize,
    /// Batches per epoch.
    pub batches: usize,
    /// The mini-batch's training loss before the step (with dropout, if any).
    pub loss: f64,
    /// The epoch's metrics, when this batch was its last.
    pub finished: Option<EpochMetrics>,
}

/// The loss beyond which a still-finite run counts as diverged: no prepared target (standardised
/// regression targets, 0/1 classes) gets anywhere near it unless the weights have exploded.
pub const EXPLODED_LOSS: f64 = 1e10;

mod evaluate;
mod learner;
mod live;
mod outputs;
mod rows;
mod run;

use rows::{gather, gather_weights, matrix};

pub use evaluate::Evaluation;
pub use learner::LearnerRun;
pub use live::LiveChange;
pub use run::{run, run_with};

/// Number of model outputs the task needs.
pub fn outputs_for(task: Task) -> usize {
    match task {
        Task::Classification { classes } if classes > 2 => classes,
        _ => 1,
    }
}

impl Trainer {
    /// Validates the spec, builds its data (generated or bundled) and a fresh model.
    pub fn new(spec: &ExperimentSpec) -> Result<Self> {
        Self::with_table(spec, None)
    }

    /// As [`Trainer::new`], with the user's `table` for a spec whose data is a file.
    pub fn with_table(spec: &ExperimentSpec, table: Option<&Table>) -> Result<Self> {
        spec.validate()?;
        Self::with_data(spec, load_data(spec, table)?)
    }

    /// A trainer on already prepared data (the spec's data section is not used).
    pub fn with_data(spec: &ExperimentSpec, data: RunData) -> Result<Self> {
        spec.validate()?;
        let RunData { split, validation, fitted, train_rows, .. } = data;
        let task = split.train.task;
        if split.train.rows() == 0 || split.test.rows() == 0 {
            return Err(Error::spec("data", "both the training and the test set need at least one row"));
        }
        let learner = match &spec.model.learner {
            Some(l) => Some(LearnerRun::new(l, spec.seed, &split.train, &split.test, &validation)?),
            None => None,
        };
        let hidden: &[usize] = if learner.is_some() { &[] } else { &spec.model.hidden };
        let mut widths = vec![split.train.width()];
        widths.extend_from_slice(hidden);
        widths.push(outputs_for(task));
        let parameters: usize = widths.windows(2).map(|w| w[0] * w[1] + w[1]).sum();
        if parameters > crate::spec::limits::MAX_PARAMETERS {
            return Err(Error::spec(
                "model.hidden",
                format!(
                    "this network would have {parameters} trainable numbers ({} inputs); the limit is {}: \
                     use fewer or narrower layers, or fewer features",
                    split.train.width(),
                    crate::spec::limits::MAX_PARAMETERS
                ),
            ));
        }
        let model = Mlp::new(split.train.width(), hidden, outputs_for(task), spec.model.activation, spec.seed)?;
        let optimizer = OptimizerState::new(spec.training.optimizer, &model)?;
        let (x_train, y_train) = matrix(&split.train)?;
        let (x_test, y_test) = matrix(&split.test)?;
        let (x_validation, y_validation) = matrix(&validation)?;
        let mut me = Self {
            spec: spec.clone(),
            split,
            validation,
            fitted,
            train_rows,
            task,
            model,
            optimizer,
            shuffle: SeededRng::new(spec.seed, Stream::Shuffle),
            x_train,
            y_train,
            x_test,
            y_test,
            x_validation,
            y_validation,
            steps: 0,
            history: Vec::new(),
            best: None,
            stopped_at: None,
            stopped_by_user: false,
            cursor: None,
            dropout: SeededRng::new(spec.seed, Stream::Dropout),
            changes: Vec::new(),
            feature_means: std::sync::OnceLock::new(),
            learner,
            row_weights: None,
        };
        let names = me.class_names();
        me.row_weights =
            super::class_weights::row_weights(spec.training.class_weight.as_ref(), &me.split.train, &names)?;
        Ok(me)
    }

    /// The spec this run follows.
    pub fn spec(&self) -> &ExperimentSpec {
        &self.spec
    }

    /// The data, split.
    pub fn split(&self) -> &Split {
        &self.split
    }

    /// Validation rows (may be empty).
    pub fn validation(&self) -> &Dataset {
        &self.validation
    }

    /// How the table was prepared, if it was one.
    pub fn preparation(&self) -> Option<&FittedPreparation> {
        self.fitted.as_ref()
    }

    /// The rows of the table (bundled or the user's) that form the training set, in the order
    /// of [`Split::train`]'s rows; empty for generated data.
    pub fn training_rows(&self) -> &[usize] {
        &self.train_rows
    }

    /// Names of the classes, by index (the table's category names; `0` and `1` for generated
    /// data); empty for regression.
    pub fn class_names(&self) -> Vec<String> {
        let Task::Classification { classes } = self.task else { return Vec::new() };
        match self.fitted.as_ref().map(|f| &f.target) {
            Some(crate::data::prepare::TargetEncoding::Classes { names }) => names.clone(),
            _ => (0..classes).map(|c| c.to_string()).collect(),
        }
    }

    /// The network being trained; `None` when the model is not a network ([`Trainer::learner`]).
    pub fn model(&self) -> Option<&Mlp> {
        self.learner.is_none().then_some(&self.model)
    }

    /// The model's size: a network's trainable numbers, or a learner's ([`LearnerRun::size`]).
    pub fn size(&self) -> usize {
        self.learner.as_ref().map_or_else(|| self.model.parameter_count(), LearnerRun::size)
    }

    /// The model being fitted when it is not a network (a tree, a forest …).
    pub fn learner(&self) -> Option<&LearnerRun> {
        self.learner.as_ref()
    }

    /// Completed epochs.
    pub fn epoch(&self) -> usize {
        self.history.len()
    }

    /// Metrics of every completed epoch.
    pub fn history(&self) -> &[EpochMetrics] {
        &self.history
    }

    /// True once the spec's number of epochs has run, or early stopping or the user ended the run.
    pub fn is_done(&self) -> bool {
        if let Some(learner) = &self.learner {
            return self.stopped_by_user || learner.is_done();
        }
        self.stopped_by_user || self.stopped_at.is_some() || self.epoch() >= self.spec.training.epochs
    }

    /// When early stopping (or the user's stop, with a validation set) ended the run: the
    /// epoch with the best validation loss, whose weights the model now holds.
    pub fn stopped_at(&self) -> Option<usize> {
        self.learner.as_ref().map_or(self.stopped_at, LearnerRun::stopped_at)
    }

    /// True when the user ended the run with [`Trainer::stop`].
    pub fn stopped_by_user(&self) -> bool {
        self.stopped_by_user
    }

    /// Batches per epoch.
    pub fn batches_per_epoch(&self) -> usize {
        if self.learner.is_some() {
            return 1;
        }
        self.split.train.rows().div_ceil(self.spec.training.batch_size)
    }

    /// Batches done in the unfinished epoch (0 between epochs).
    pub fn batches_into_epoch(&self) -> usize {
        self.cursor.as_ref().map_or(0, |c| c.done.div_ceil(self.spec.training.batch_size))
    }

    /// Gradient steps taken so far.
    pub fn steps(&self) -> u64 {
        self.steps
    }

    /// Settings changed during the run, in order.
    pub fn changes(&self) -> &[LiveChange] {
        &self.changes
    }

    /// Each feature's mean over the training rows, `Σᵣ x[r][f] / n` summed in f64 from row 0
    /// and rounded to f32 (computed on first use, then kept).
    pub fn feature_means(&self) -> &[f32] {
        self.feature_means.get_or_init(|| {
            let train = &self.split.train;
            let (w, n) = (train.width(), train.rows().max(1) as f64);
            let mut sums = vec![0f64; w];
            for row in train.x.chunks_exact(w.max(1)) {
                for (s, &v) in sums.iter_mut().zip(row) {
                    *s += f64::from(v);
                }
            }
            sums.into_iter().map(|s| (s / n) as f32).collect()
        })
    }

    /// One pass over the training set in shuffled mini-batches, then evaluation. When batch
    /// steps left an epoch half done, this finishes that epoch.
    ///
    /// # Errors
    /// [`Error::Diverged`] when a loss is no longer finite: the run cannot continue.
    pub fn run_epoch(&mut self) -> Result<EpochMetrics> {
        loop {
            if let Some(m) = self.run_batch()?.finished {
                return Ok(m);
            }
        }
    }

    /// One gradient step on the next mini-batch of the current epoch (starting a new epoch,
    /// with a fresh shuffle, when none is in progress). After the epoch's last batch the epoch
    /// is evaluated and its metrics returned in [`BatchOutcome::finished`].
    ///
    /// Batch by batch or epoch by epoch, the same seed takes the same steps in the same order.
    ///
    /// # Errors
    /// [`Error::Diverged`] as soon as the batch loss or the gradient norm is not finite, or the
    /// loss exceeds [`EXPLODED_LOSS`].
    pub fn run_batch(&mut self) -> Result<BatchOutcome> {
        if self.learner.is_some() {
            return self.learner_step();
        }
        let mut cursor = match self.cursor.take() {
            Some(c) => c,
            None => {
                let mut order: Vec<u32> = (0..self.split.train.rows() as u32).collect();
                self.shuffle.shuffle(&mut order);
                EpochCursor { order, done: 0 }
            }
        };
        let t = &self.spec.training;
        let epoch = self.history.len() + 1;
        let lr = t.schedule.rate(t.learning_rate, self.history.len(), t.epochs);
        let end = (cursor.done + t.batch_size).min(cursor.order.len());
        let chunk = &cursor.order[cursor.done..end];
        let (xb, yb) = gather(&self.split.train, chunk)?;
        let z = self.model.forward_train(&xb, self.spec.model.dropout, &mut self.dropout)?;
        let wb = gather_weights(self.row_weights.as_deref(), chunk);
        let batch_loss = weighted_loss(&z, &yb, self.task, t.loss, wb.as_deref())?;
        let value = f64::from(batch_loss.to_scalar::<f32>()?);
        let step = self.steps + 1;
        if !value.is_finite() || value > EXPLODED_LOSS {
            return Err(Error::Diverged { epoch, step, what: "mini-batch training loss".into(), value: value as f32 });
        }
        let mut grads = batch_loss.backward()?;
        if t.clip_norm > 0.0 {
            let norm = OptimizerState::clip(&params(&self.model), &mut grads, t.clip_norm)?;
            if !norm.is_finite() {
                return Err(Error::Diverged { epoch, step, what: "gradient norm".into(), value: norm as f32 });
            }
        }
        self.optimizer.step(&self.model, &grads, lr, t.l2, t.l1)?;
        self.steps = step;
        let batch = end.div_ceil(t.batch_size);
        let batches = self.batches_per_epoch();
        cursor.done = end;
        let finished = if end == cursor.order.len() {
            Some(self.finish_epoch()?)
        } else {
            self.cursor = Some(cursor);
            None
        };
        Ok(BatchOutcome { epoch, batch, batches, loss: value, finished })
    }

    /// One step of a model that is not a network (a tree grown, a round fitted, or the whole
    /// fit), scored and recorded as an epoch.
    fn learner_step(&mut self) -> Result<BatchOutcome> {
        let epoch = self.epoch() + 1;
        let learner = self.learner.as_mut().ok_or_else(|| Error::Protocol("no learner to step".into()))?;
        let (train, test, validation) =
            learner.step(self.spec.seed, &self.split.train, &self.split.test, &self.validation)?;
        self.steps += 1;
        let m = self.record_epoch(train, test, validation)?;
        Ok(BatchOutcome { epoch, batch: 1, batches: 1, loss: m.train_loss, finished: Some(m) })
    }

    /// Evaluates the model after an epoch's last step and records the epoch.
    fn finish_epoch(&mut self) -> Result<EpochMetrics> {
        let (train_loss, train_score) = self.evaluate(&self.x_train, &self.y_train, &self.split.train)?;
        let (test_loss, test_score) = self.evaluate(&self.x_test, &self.y_test, &self.split.test)?;
        let validation = if self.validation.rows() > 0 {
            Some(self.evaluate(&self.x_validation, &self.y_validation, &self.validation)?)
        } else {
            None
        };
        let m = self.record_epoch((train_loss, train_score), (test_loss, test_score), validation)?;
        self.watch_early_stopping(&m)?;
        Ok(m)
    }

    /// Records an epoch's losses and scores (accuracy or R²) on the training, test and
    /// validation rows, refusing a run whose loss is no longer finite.
    fn record_epoch(
        &mut self,
        (train_loss, train_score): (f64, f64),
        (test_loss, test_score): (f64, f64),
        validation: Option<(f64, f64)>,
    ) -> Result<EpochMetrics> {
        let epoch = self.epoch() + 1;
        for (what, value) in [("training loss", train_loss), ("test loss", test_loss)] {
            if !value.is_finite() || value > EXPLODED_LOSS {
                return Err(Error::Diverged { epoch, step: self.steps, what: what.into(), value: value as f32 });
            }
        }
        let classification = self.task.is_classification();
        let pick = |score: f64, want: bool| if want { Some(score) } else { None };
        let m = EpochMetrics {
            epoch,
            steps: self.steps,
            train_loss,
            test_loss,
            train_accuracy: pick(train_score, classification),
            test_accuracy: pick(test_score, classification),
            train_r2: pick(train_score, !classification),
            test_r2: pick(test_score, !classification),
            validation_loss: validation.map(|v| v.0),
            validation_accuracy: validation.and_then(|v| pick(v.1, classification)),
            validation_r2: validation.and_then(|v| pick(v.1, !classification)),
        };
        self.history.push(m.clone());
        Ok(m)
    }

    /// Keeps the weights of the best validation loss so far (whenever there is a validation
    /// set, so that a stop can restore them); with `patience` set, after that many epochs
    /// without a new best, restores them and ends the run.
    fn watch_early_stopping(&mut self, m: &EpochMetrics) -> Result<()> {
        let patience = self.spec.training.patience;
        let Some(val) = m.validation_loss else { return Ok(()) };
        match &self.best {
            Some((best, _, _)) if val >= *best => {}
            _ => self.best = Some((val, m.epoch, self.model.weights()?)),
        }
        if let Some((_, best_epoch, weights)) = self.best.as_ref().filter(|_| patience > 0) {
            if m.epoch - best_epoch >= patience {
                self.model.set_weights(weights)?;
                self.stopped_at = Some(*best_epoch);
            }
        }
        Ok(())
    }

    /// Mean loss and score (accuracy or R²) of the current model on one part of the data.
    fn evaluate(&self, x: &Tensor, y: &Tensor, data: &Dataset) -> Result<(f64, f64)> {
        let z = self.model.forward(x)?;
        let l = f64::from(loss(&z, y, self.task, self.spec.training.loss)?.to_scalar::<f32>()?);
        let score = match self.task {
            Task::Regression => {
                let predicted = z.flatten_all()?.to_vec1::<f32>()?;
                r2(&data.y, &predicted)
            }
            Task::Classification { .. } => {
                let predicted = labels(&z, self.task)?;
                let actual: Vec<u32> = data.y.iter().map(|&v| v as u32).collect();
                accuracy(&predicted, &actual)
            }
        };
        Ok((l, score))
    }
}

/// Predicted class per row from logits `(n, outputs)`.
fn labels(z: &Tensor, task: Task) -> Result<Vec<u32>> {
    Ok(match task {
        Task::Classification { classes } if classes > 2 => z.argmax(1)?.to_vec1::<u32>()?,
        // `z ≥ 0` (NaN counts as class 0), on the host: one pass instead of four tensor ops.
        _ => z.flatten_all()?.to_vec1::<f32>()?.into_iter().map(|v| u32::from(v >= 0.0)).collect(),
    })
}
