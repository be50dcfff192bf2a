//! The current run as the page follows it: a plain-Rust state machine that takes the worker's
//! [`Event`]s and the user's intents (▶, +1, +b, ■, ↺, a fresh run) and returns what to do —
//! [`Effect`]s: commands for the worker, and what to show. The page's signals are only wiring
//! that applies the effects (`crate::web::state`), so every rule here is tested natively.
//!
//! What the page shows of a run (curves, maps, weights, evaluation …) is sent out as effects,
//! not kept here: the page keeps it once, in its signals. This keeps only what decides what
//! happens next: the status, whether the user wants training to run, whether reports of an old
//! run are still arriving, and how far the run has come.

use crate::data::Task;
use crate::model::LayerWeights;
use crate::spec::link::Fingerprint;
use crate::spec::ExperimentSpec;
use crate::train::{
    BatchProgress, Command, DecisionGrid, Encoded, EpochMetrics, Evaluation, Event, Importance, LiveChange, NodeRows,
    PlaneView, TreeSource,
};
use crate::viz::WeightSnapshot;

/// Most weight snapshots kept for the weight histograms.
pub const WEIGHT_SNAPSHOTS: usize = 48;

/// What the run is doing, as shown on the play button and the status line.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RunStatus {
    /// Waiting for the worker to set up the run.
    #[default]
    Loading,
    /// Ready; not training.
    Paused,
    /// Training continuously.
    Playing,
    /// All epochs done (or stopped with ■).
    Done,
    /// Stopped by an error.
    Failed,
}

/// Something for the page to do.
// `Send` holds a whole command (a spec with its class weights and folds: ~400 bytes); effects
// are made a few at a time per event and used at once, so boxing it would only add a step.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    /// Send this command to the worker.
    Send(Command),
    /// Start the experiment again from epoch 0 (the page knows its spec and a link's replay).
    Restart,
    /// A fresh run was asked for: everything the old run showed goes (one list, in the page's
    /// wiring: every signal of the run back to empty).
    Clear,
    /// Show this status.
    Status(RunStatus),
    /// The new run is set up.
    Loaded {
        /// Trainable numbers in the model.
        parameters: usize,
        /// What it predicts.
        task: Task,
        /// Batches per epoch.
        batches: usize,
        /// Class names by index (empty for regression).
        classes: Vec<String>,
        /// The untrained model's decision grid (2-feature data).
        grid: Option<DecisionGrid>,
        /// What the user should know about the data.
        notices: Vec<String>,
        /// The fitted preparation, in words.
        preparation: Vec<String>,
    },
    /// The decision map's plane, with the model's output over it.
    Plane(Box<PlaneView>, DecisionGrid),
    /// Epochs completed: add them to the curves.
    Epochs(Vec<EpochMetrics>),
    /// The model's latest output over the plane.
    Grid(DecisionGrid),
    /// Where the run stands inside its epoch (`None` once an epoch completes).
    Batch(Option<BatchProgress>),
    /// The epoch whose weights early stopping (or ■) kept.
    StoppedAt(Option<usize>),
    /// Whether the user's ■ ended the run.
    StoppedByUser(bool),
    /// The finished run's test-set evaluation.
    Evaluation(Box<Evaluation>),
    /// The finished run's feature importance.
    Importance(Box<Importance>),
    /// The model's weights now, after `epoch` (and what each unit computes over the plane).
    Weights {
        /// The weights.
        weights: Vec<LayerWeights>,
        /// Unit maps (small networks only).
        units: Option<Vec<Vec<f32>>>,
        /// The epoch they were taken after.
        epoch: usize,
    },
    /// Regression, once done: the test rows' actual and predicted targets.
    Predictions(Vec<f32>, Vec<f32>),
    /// Milliseconds the worker has spent training the run.
    TrainMs(f64),
    /// The finished run's fingerprint.
    Fingerprint(Fingerprint),
    /// Settings changed while the run trained: add them to the list.
    Changes(Vec<LiveChange>),
    /// The fitted decision tree, to draw (decoded by the diagram).
    Tree(Encoded<TreeSource>),
    /// The training rows of a node of the decision tree (decoded by the diagram).
    NodeRows(Encoded<NodeRows>),
    /// The worker's explanation of an input ([`Event::Explained`]).
    Explained(String),
    /// The answer to an export: the model's zip, or why not.
    Exported(Result<Vec<u8>, String>),
    /// Show this error.
    Error(String),
}

/// The run's state machine (see the module's documentation).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RunView {
    status: RunStatus,
    /// Whether the user wants training to run (the worker's reports may lag behind).
    wants_play: bool,
    /// Set when a fresh run was asked for: reports of the old run are ignored until it is set up.
    awaiting_load: bool,
    /// The last completed epoch (0 before the first).
    epoch: usize,
    /// After a single batch step: where the run stands inside its epoch.
    batch: Option<BatchProgress>,
}

impl RunView {
    /// The state before the first run is set up (loading, not playing).
    pub fn new() -> Self {
        Self { awaiting_load: true, ..Self::default() }
    }

    /// The status shown.
    pub fn status(&self) -> RunStatus {
        self.status
    }

    /// The last completed epoch.
    pub fn epoch(&self) -> usize {
        self.epoch
    }

    /// True once the current run has taken a step (an epoch, or a single batch).
    pub fn has_started(&self) -> bool {
        self.epoch > 0 || self.batch.is_some()
    }

    /// Whether ▶, +1, +b and ■ apply: a run is set up and not finished.
    fn in_progress(&self) -> bool {
        matches!(self.status, RunStatus::Paused | RunStatus::Playing)
    }

    /// Whether changing the experiment from `current` to `next` can go to the run in progress
    /// without a reset: a run has started and is not finished, and only the settings a run
    /// takes on mid-way differ (the core's one list,
    /// [`crate::spec::TrainingSpec::with_live_settings_of`]).
    pub fn can_tune_live(&self, current: &ExperimentSpec, next: &ExperimentSpec) -> bool {
        if !self.has_started() || !self.in_progress() {
            return false;
        }
        let mut same = current.clone();
        same.training = same.training.with_live_settings_of(&next.training);
        same == *next
    }

    /// A fresh run of `command` (a [`Command::Load`]) was asked for: the old run's reports are
    /// ignored from now on, and whether the user wants to train is kept.
    pub fn start_fresh(&mut self, command: Command) -> Vec<Effect> {
        *self = Self { wants_play: self.wants_play, ..Self::new() };
        vec![Effect::Clear, Effect::Status(RunStatus::Loading), Effect::Send(command)]
    }

    /// Waiting for a fresh run's data (a bundled table being fetched) before it can be sent.
    pub fn wait_for_data(&mut self) -> Vec<Effect> {
        self.awaiting_load = true;
        self.status = RunStatus::Loading;
        vec![Effect::Status(RunStatus::Loading)]
    }

    /// The run failed (or could not start): training stops and `message` is shown.
    pub fn fail(&mut self, message: String) -> Vec<Effect> {
        self.wants_play = false;
        self.status = RunStatus::Failed;
        vec![Effect::Status(RunStatus::Failed), Effect::Error(message)]
    }

    /// A worker restarted after a crash: the run must be set up again before anything counts.
    pub fn worker_restarted(&mut self, message: String) -> Vec<Effect> {
        self.awaiting_load = true;
        self.fail(message)
    }

    /// ▶ / ❚❚: pause a playing run, play a paused one, start a finished or failed one again, or
    /// play as soon as a loading run is set up.
    pub fn toggle_play(&mut self) -> Vec<Effect> {
        match self.status {
            RunStatus::Playing => {
                self.wants_play = false;
                self.status = RunStatus::Paused;
                vec![Effect::Send(Command::Pause), Effect::Status(RunStatus::Paused)]
            }
            RunStatus::Failed | RunStatus::Done => {
                self.wants_play = true;
                vec![Effect::Restart]
            }
            RunStatus::Loading => {
                self.wants_play = true;
                Vec::new()
            }
            RunStatus::Paused => {
                self.wants_play = true;
                self.status = RunStatus::Playing;
                vec![Effect::Send(Command::Play), Effect::Status(RunStatus::Playing)]
            }
        }
    }

    /// +1, +b and ■: `command` goes to the worker when it applies (■ only once the run has
    /// taken a step); training then pauses after it.
    pub fn transport(&mut self, command: Command) -> Vec<Effect> {
        let applies = match command {
            Command::Step | Command::StepBatch => self.in_progress(),
            Command::Stop => self.in_progress() && self.has_started(),
            _ => false,
        };
        if !applies {
            return Vec::new();
        }
        self.wants_play = false;
        vec![Effect::Send(command)]
    }

    /// One worker event: what to show and send.
    pub fn on_event(&mut self, event: Event) -> Vec<Effect> {
        match event {
            // The user's file is the page's data, not the run's (see `web::state::files`).
            Event::Ready | Event::Reading { .. } | Event::FileRead { .. } | Event::FileRefused { .. } => Vec::new(),
            Event::Loaded { parameters, task, batches, classes, grid, notices, preparation } => {
                self.awaiting_load = false;
                self.epoch = 0;
                self.batch = None;
                let mut out = vec![
                    Effect::Loaded { parameters, task, batches, classes, grid, notices, preparation },
                    Effect::Batch(None),
                ];
                if self.wants_play {
                    self.status = RunStatus::Playing;
                    out.push(Effect::Send(Command::Play));
                } else {
                    self.status = RunStatus::Paused;
                }
                out.push(Effect::Status(self.status));
                out
            }
            _ if self.awaiting_load && !matches!(event, Event::Exported { .. } | Event::ExportFailed { .. }) => {
                // A report of the run before the one asked for (or a failure of it): ignored.
                match event {
                    Event::Failed { message } => self.fail(message),
                    _ => Vec::new(),
                }
            }
            Event::Plane { view, grid } => vec![Effect::Plane(view, grid)],
            Event::Progress {
                epochs,
                grid,
                playing: _,
                done,
                stopped_at,
                evaluation,
                importance,
                stopped_by_user,
                batch,
                weights,
                units,
                predictions,
                train_ms,
            } => {
                let mut out = Vec::new();
                if let Some(ms) = train_ms {
                    out.push(Effect::TrainMs(ms));
                }
                let epoch = epochs.last().map_or(self.epoch, |m| m.epoch);
                if let Some(weights) = weights {
                    out.push(Effect::Weights { weights, units, epoch });
                }
                if let Some((actual, predicted)) = predictions {
                    out.push(Effect::Predictions(actual, predicted));
                }
                out.push(Effect::StoppedAt(stopped_at));
                out.push(Effect::StoppedByUser(stopped_by_user));
                // A batch step says where it stands; a completed epoch clears that.
                if batch.is_some() || !epochs.is_empty() {
                    self.batch = batch.clone();
                    out.push(Effect::Batch(batch));
                }
                if let Some(e) = evaluation {
                    out.push(Effect::Evaluation(e));
                }
                if let Some(i) = importance {
                    out.push(Effect::Importance(i));
                }
                self.epoch = epoch;
                if !epochs.is_empty() {
                    out.push(Effect::Epochs(epochs));
                }
                // While playing, the worker sends the grid with some reports only.
                if let Some(g) = grid {
                    out.push(Effect::Grid(g));
                }
                if done {
                    self.wants_play = false;
                }
                self.status = if done {
                    RunStatus::Done
                } else if self.wants_play {
                    RunStatus::Playing
                } else {
                    RunStatus::Paused
                };
                out.push(Effect::Status(self.status));
                out
            }
            Event::Tuned { changes } => vec![Effect::Changes(changes)],
            Event::Importance { importance } => vec![Effect::Importance(importance)],
            Event::Fingerprint { fingerprint } => vec![Effect::Fingerprint(fingerprint)],
            Event::Tree { tree } => vec![Effect::Tree(tree)],
            Event::NodeRows { rows } => vec![Effect::NodeRows(rows)],
            Event::Explained { explanation } => vec![Effect::Explained(explanation)],
            Event::Exported { zip } => vec![Effect::Exported(Ok(zip))],
            Event::ExportFailed { message } => vec![Effect::Exported(Err(message))],
            Event::Failed { message } => self.fail(message),
        }
    }
}

/// Adds the weights after `epoch` to the weight histograms' history: a snapshot at the same
/// epoch is replaced, and a full history ([`WEIGHT_SNAPSHOTS`]) is halved by dropping every
/// other snapshot (the first and the newest are kept), so it spans the whole run.
pub fn record_weights(history: &mut Vec<WeightSnapshot>, weights: &[LayerWeights], epoch: usize) {
    let snapshot = WeightSnapshot { epoch, layers: weights.iter().map(|l| l.w.clone()).collect() };
    if history.last().is_some_and(|s| s.epoch == epoch) {
        history.pop();
    }
    history.push(snapshot);
    if history.len() > WEIGHT_SNAPSHOTS {
        let mut k = 0;
        history.retain(|_| {
            k += 1;
            k % 2 == 1
        });
    }
}

#[cfg(test)]
#[path = "run_tests.rs"]
mod tests;
