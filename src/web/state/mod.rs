//! The page's state: the experiment being edited, what the worker reported, and the commands
//! that change them. Components read the signals and call these methods; they never train.

use super::glue::worker_client::WorkerClient;
use crate::data::Split;
use crate::data::Task;
use crate::error::Error;
use crate::spec::ExperimentSpec;
use crate::train::{load_data, BatchProgress, Command, DecisionGrid, EpochMetrics, Event, LiveChange};
use std::sync::Arc;

mod defaults;
mod deploy;
mod files;
mod queue;
mod records;
mod run;
mod share;
mod teach;
pub use crate::compare::MAX_WORKERS;
pub use deploy::{BatchView, DeployState, DeployedModel, DriftView};
pub use files::{Reading, UserFile};
use leptos::prelude::*;
pub use queue::{QueueProgress, QueueState};
pub use records::RecordsState;
pub use share::{LinkSize, ShareState, Supplied, Verdict};
pub use teach::{TeachState, PRESENT_FLAG};

/// Sets `signal` to `value` only if that changes it: every progress report carries the run's
/// status and flags, and setting a signal to the value it holds still re-runs everything that
/// reads it (status line, buttons, the teaching locks).
fn set_changed<T: PartialEq + Send + Sync + 'static>(signal: RwSignal<T>, value: T) {
    if signal.with_untracked(|now| *now != value) {
        signal.set(value);
    }
}

/// Adds `text` to the notice line, after what it already says (at start, the saved experiment
/// and the saved runs may both have been set aside: the user reads both).
fn add_notice(notice: RwSignal<Option<String>>, text: String) {
    notice.update(|n| *n = Some(n.take().map_or_else(|| text.clone(), |old| format!("{old} {text}"))));
}

pub use crate::page::run::WEIGHT_SNAPSHOTS;

/// Where the worker's script is (`www/worker_loader.js`, copied by Trunk; it runs the app's
/// own wasm module, see [`crate::web::glue::worker_client`]).
pub const WORKER_URL: &str = "./worker_loader.js";

/// How long the worker may take to load before the page says it did not start.
const WORKER_START_LIMIT: std::time::Duration = std::time::Duration::from_secs(20);

/// The table behind the experiment (bundled or the user's file), as the data view shows it.
#[derive(Clone, Debug)]
pub struct TableView {
    /// File or dataset name.
    pub name: String,
    /// The cells.
    pub table: crate::data::Table,
    /// How the file was read (`None` for bundled tables, which are plain CSV).
    pub format: Option<crate::data::csv::DetectedFormat>,
    /// What the reader noticed (renamed headers, junk cells …).
    pub notices: Vec<crate::data::csv::Notice>,
    /// One summary per column, in table order.
    pub summaries: Vec<crate::data::schema::ColumnSummary>,
    /// The correlation heat map's matrix.
    pub correlation: crate::data::distribution::Correlation,
}

impl TableView {
    /// Summarises a loaded file (a bundled table: small, read on this thread).
    pub fn from_loaded(name: String, loaded: crate::data::csv::Loaded) -> Self {
        use crate::data::distribution::{Correlation, CORRELATED_COLUMNS};
        let summaries = crate::data::schema::summarize_table(&loaded.table);
        let correlation = Correlation::of(&loaded.table, CORRELATED_COLUMNS);
        Self { name, table: loaded.table, format: Some(loaded.format), notices: loaded.notices, summaries, correlation }
    }

    /// A user's file as the worker read and summarised it, with its table.
    pub fn from_digest(digest: crate::train::FileDigest, table: crate::data::Table) -> Self {
        Self {
            name: digest.name,
            table,
            format: Some(digest.format),
            notices: digest.notices,
            summaries: digest.summaries,
            correlation: digest.correlation,
        }
    }
}

pub use crate::page::run::RunStatus;
use crate::page::run::{Effect, RunView};

/// Signals and commands, provided to all components by context. `Copy`, like signals.
#[derive(Clone, Copy)]
pub struct AppState {
    /// The experiment as edited.
    pub spec: RwSignal<ExperimentSpec>,
    /// Synthetic 2-D data, generated on this thread too, to draw it before training
    /// (`None` for tables, which have no plane to draw).
    pub points: Memo<Option<Split>>,
    /// What the worker said about the data (rows dropped, columns left out …).
    pub notices: RwSignal<Vec<String>>,
    /// The fitted preparation steps, in words.
    pub preparation: RwSignal<Vec<String>>,
    /// The table behind the experiment, for the data view (`None` for synthetic data).
    pub table: RwSignal<Option<std::sync::Arc<TableView>>>,
    /// The user's last opened file, to come back to after trying another dataset (the worker
    /// keeps its copy too).
    last_file: StoredValue<Option<Arc<TableView>>>,
    /// Metrics of every epoch of the current run.
    pub history: RwSignal<Vec<EpochMetrics>>,
    /// The model's output over the plane, latest.
    pub grid: RwSignal<Option<DecisionGrid>>,
    /// Run status.
    pub status: RwSignal<RunStatus>,
    /// The error to show, if any.
    pub error: RwSignal<Option<String>>,
    /// Trainable numbers in the model.
    pub parameters: RwSignal<usize>,
    /// When early stopping ended the run: the epoch whose weights were kept.
    pub stopped_at: RwSignal<Option<usize>>,
    /// Test-set evaluation of the finished run, next to its baseline.
    pub evaluation: RwSignal<Option<crate::train::Evaluation>>,
    /// The finished run's feature importance (permutation, and impurity for tree models).
    pub importance: RwSignal<Option<crate::train::Importance>>,
    /// What the current run predicts (known once the worker has set it up).
    pub task: RwSignal<Option<Task>>,
    /// Class names of the current run, by index (empty for regression).
    pub classes: RwSignal<Vec<String>>,
    /// Batches per epoch of the current run.
    pub batches: RwSignal<usize>,
    /// After a single batch step: where the run stands inside its epoch (cleared when an
    /// epoch completes).
    pub batch: RwSignal<Option<BatchProgress>>,
    /// Set when the user's Stop ended the run.
    pub stopped_by_user: RwSignal<bool>,
    /// The plane the decision map shows (axes, feature names, points), from the worker.
    pub plane: RwSignal<Option<crate::train::PlaneView>>,
    /// The latest weights of the model.
    pub weights: RwSignal<Option<Vec<crate::model::LayerWeights>>>,
    /// What each unit computes over the plane (with the weights; small networks only).
    pub unit_maps: RwSignal<Option<Vec<Vec<f32>>>>,
    /// Weights recorded over the run, thinned to at most [`WEIGHT_SNAPSHOTS`], for the
    /// weight histograms.
    pub weight_history: RwSignal<Vec<crate::viz::WeightSnapshot>>,
    /// Regression, once done: the test rows' actual and predicted targets.
    pub predictions: RwSignal<Option<(Vec<f32>, Vec<f32>)>>,
    /// The fitted decision tree (a tree's runs, once fitted), as the worker's JSON text: the
    /// diagram decodes it.
    pub tree: RwSignal<Option<crate::train::Encoded<crate::train::TreeSource>>>,
    /// The training rows of the decision tree's chosen node (JSON text, likewise).
    pub node_rows: RwSignal<Option<crate::train::Encoded<crate::train::NodeRows>>>,
    /// The worker's explanation of one input of the finished run (JSON text, likewise).
    pub explained: RwSignal<Option<String>>,
    /// Settings changed while the run was training.
    pub changes: RwSignal<Vec<LiveChange>>,
    /// Milliseconds the worker has spent training the current run.
    pub train_ms: RwSignal<Option<f64>>,
    /// The finished run's fingerprint (the worker sends it when a run is done).
    pub fingerprint: RwSignal<Option<crate::spec::link::Fingerprint>>,
    /// The worker's answer to the last [`Command::Export`]: the model's zip, or why not (the
    /// Deploy panel takes it from here).
    pub exported: RwSignal<Option<Result<Arc<Vec<u8>>, String>>>,
    /// Settings a replayed link changes at given steps (sent with every fresh run of it).
    pub replay: RwSignal<Vec<crate::spec::link::ReplayChange>>,
    /// The spec the current run started from (before any live change).
    pub run_spec: StoredValue<ExperimentSpec>,
    /// The user's last opened file, for the workers and share links.
    pub user_file: StoredValue<Option<UserFile>, LocalStorage>,
    /// The file the worker is reading, and how far it has got (the progress bar).
    pub reading: RwSignal<Option<Reading>>,
    /// The file sent to the worker and not read yet.
    pending_file: StoredValue<Option<files::PendingFile>, LocalStorage>,
    /// The defaults last chosen for a table, with the data source they were chosen for (see
    /// `state/defaults.rs`).
    pub table_defaults: RwSignal<Option<(crate::spec::DataSource, crate::spec::table_defaults::TableDefaults)>>,
    /// The run's state machine (`crate::page::run`): the signals above show what its effects say.
    run: StoredValue<RunView>,
    /// Counts the fresh runs asked for: a bundled table that arrives after another run was
    /// asked for starts nothing (see [`Self::start_fresh`]).
    load_requests: StoredValue<u64>,
    worker: StoredValue<Option<WorkerClient>, LocalStorage>,
}

impl AppState {
    /// Creates the state and starts the worker; the caller loads the first experiment (see
    /// [`ShareState::start`]).
    pub fn new(spec: ExperimentSpec) -> Self {
        let spec_signal = RwSignal::new(spec.clone());
        let state = Self {
            spec: spec_signal,
            points: Memo::new(move |_| {
                let spec = spec_signal.read();
                spec.data.generator().and_then(|_| load_data(&spec, None).ok()).map(|d| d.split)
            }),
            notices: RwSignal::new(Vec::new()),
            preparation: RwSignal::new(Vec::new()),
            table: RwSignal::new(None),
            last_file: StoredValue::new(None),
            history: RwSignal::new(Vec::new()),
            grid: RwSignal::new(None),
            status: RwSignal::new(RunStatus::Loading),
            error: RwSignal::new(None),
            parameters: RwSignal::new(0),
            evaluation: RwSignal::new(None),
            importance: RwSignal::new(None),
            stopped_at: RwSignal::new(None),
            task: RwSignal::new(None),
            batches: RwSignal::new(0),
            classes: RwSignal::new(Vec::new()),
            batch: RwSignal::new(None),
            stopped_by_user: RwSignal::new(false),
            changes: RwSignal::new(Vec::new()),
            tree: RwSignal::new(None),
            node_rows: RwSignal::new(None),
            explained: RwSignal::new(None),
            plane: RwSignal::new(None),
            weights: RwSignal::new(None),
            unit_maps: RwSignal::new(None),
            weight_history: RwSignal::new(Vec::new()),
            predictions: RwSignal::new(None),
            train_ms: RwSignal::new(None),
            fingerprint: RwSignal::new(None),
            exported: RwSignal::new(None),
            replay: RwSignal::new(Vec::new()),
            run_spec: StoredValue::new(spec.clone()),
            user_file: StoredValue::new_local(None),
            reading: RwSignal::new(None),
            pending_file: StoredValue::new_local(None),
            table_defaults: RwSignal::new(None),
            run: StoredValue::new(RunView::new()),
            load_requests: StoredValue::new(0),
            worker: StoredValue::new_local(None),
        };
        state.spawn_worker();
        // A worker whose script or wasm fails to load may never report anything: say so.
        set_timeout(
            move || {
                let started = state.worker.with_value(|w| w.as_ref().is_none_or(WorkerClient::is_ready));
                if !started && state.error.get_untracked().is_none() {
                    state.fail(
                        "The training worker did not start within 20 s. Check that the browser allows \
                         Web Workers and WebAssembly, then reload the page."
                            .into(),
                    );
                }
            },
            WORKER_START_LIMIT,
        );
        state
    }

    /// Starts a training worker (replacing, and so ending, any previous one).
    fn spawn_worker(&self) {
        let state = *self;
        let url = crate::web::glue::test_hooks::worker_url(WORKER_URL);
        match WorkerClient::spawn(&url, move |event| state.on_event(event)) {
            Ok(client) => self.worker.set_value(Some(client)),
            Err(message) => self.fail(message),
        }
    }

    pub(super) fn send(&self, command: &Command) {
        self.worker.with_value(|w| {
            if let Some(w) = w {
                w.send(command);
            }
        });
    }

    fn fail(&self, message: String) {
        let effects = self.run.try_update_value(|r| r.fail(message)).unwrap_or_default();
        self.apply(effects);
    }

    /// Applies one worker event: the run's state machine says what to show and send.
    pub fn on_event(&self, event: Event) {
        let mut event = Some(event);
        if self.on_file_event(&mut event) {
            return;
        }
        let Some(event) = event else { return };
        if let Event::Failed { message } = &event {
            let crashed = self.worker.with_value(|w| w.as_ref().is_some_and(|w| w.is_ready() && w.has_crashed()));
            if crashed {
                // After the handler that reported it has returned (it belongs to the old worker).
                let (state, message) = (*self, message.clone());
                set_timeout(move || state.restart_worker(message), std::time::Duration::ZERO);
                return;
            }
        }
        let effects = self.run.try_update_value(|r| r.on_event(event)).unwrap_or_default();
        self.apply(effects);
    }

    /// Does what the run's state machine says: sends commands and sets the signals that show
    /// the run. The only place the run's signals are written.
    pub(super) fn apply(&self, effects: Vec<Effect>) {
        for effect in effects {
            match effect {
                Effect::Send(command) => self.send(&command),
                Effect::Restart => self.reset(),
                Effect::Clear => self.clear_run(),
                Effect::Status(status) => set_changed(self.status, status),
                Effect::Loaded { parameters, task, batches, classes, grid, notices, preparation } => {
                    self.classes.set(classes);
                    self.parameters.set(parameters);
                    self.task.set(Some(task));
                    self.batches.set(batches);
                    self.changes.set(Vec::new());
                    self.stopped_by_user.set(false);
                    self.history.set(Vec::new());
                    self.evaluation.set(None);
                    self.tree.set(None);
                    self.node_rows.set(None);
                    self.explained.set(None);
                    self.importance.set(None);
                    self.grid.set(grid);
                    self.notices.set(notices);
                    self.preparation.set(preparation);
                }
                Effect::Plane(view, grid) => {
                    self.plane.set(Some(*view));
                    self.grid.set(Some(grid));
                }
                Effect::Epochs(epochs) => self.history.update(|h| h.extend(epochs)),
                Effect::Grid(grid) => self.grid.set(Some(grid)),
                Effect::Batch(batch) => set_changed(self.batch, batch),
                Effect::StoppedAt(at) => set_changed(self.stopped_at, at),
                Effect::StoppedByUser(by_user) => set_changed(self.stopped_by_user, by_user),
                Effect::Evaluation(e) => self.evaluation.set(Some(*e)),
                Effect::Importance(i) => {
                    self.explained.set(None);
                    self.importance.set(Some(*i));
                }
                Effect::Weights { weights, units, epoch } => {
                    self.weight_history.update(|h| crate::page::run::record_weights(h, &weights, epoch));
                    self.weights.set(Some(weights));
                    self.unit_maps.set(units);
                }
                Effect::Predictions(actual, predicted) => self.predictions.set(Some((actual, predicted))),
                Effect::TrainMs(ms) => self.train_ms.set(Some(ms)),
                Effect::Fingerprint(f) => self.fingerprint.set(Some(f)),
                Effect::Changes(changes) => self.changes.update(|c| c.extend(changes)),
                Effect::Tree(view) => self.tree.set(Some(view)),
                Effect::NodeRows(rows) => self.node_rows.set(Some(rows)),
                Effect::Explained(e) => self.explained.set(Some(e)),
                Effect::Exported(result) => self.exported.set(Some(result.map(Arc::new))),
                Effect::Error(message) => self.error.set(Some(message)),
            }
        }
    }

    /// Everything the old run showed goes: the one list of the run's signals, back to empty.
    fn clear_run(&self) {
        self.history.set(Vec::new());
        self.grid.set(None);
        self.parameters.set(0);
        self.stopped_at.set(None);
        self.evaluation.set(None);
        self.importance.set(None);
        self.task.set(None);
        self.classes.set(Vec::new());
        self.batches.set(0);
        self.batch.set(None);
        self.stopped_by_user.set(false);
        self.plane.set(None);
        self.weights.set(None);
        self.unit_maps.set(None);
        self.weight_history.set(Vec::new());
        self.predictions.set(None);
        self.changes.set(Vec::new());
        self.tree.set(None);
        self.node_rows.set(None);
        self.explained.set(None);
        self.train_ms.set(None);
        self.fingerprint.set(None);
        // What was said about the old run's data no longer holds (and a failed load must not
        // leave it on screen).
        self.notices.set(Vec::new());
        self.preparation.set(Vec::new());
    }

    /// After the worker crashed (a panic in its wasm): shows what happened, starts a new worker
    /// and gives it the user's file again. The experiment and the data stay as they were; ▶
    /// (or Reset) trains again, without a reload.
    fn restart_worker(&self, crash: String) {
        // The worker's own report of its panic, if it came first, says more than the crash.
        let what = self.error.get_untracked().unwrap_or(crash);
        self.spawn_worker();
        // A file the old worker was reading is lost with it: the user opens it again.
        self.pending_file.set_value(None);
        self.reading.set(None);
        self.resend_user_file(self.worker);
        for command in files::loaded_tables() {
            self.send(&command);
        }
        let message = format!(
            "{what} The training worker was restarted: your experiment and data are kept. Press ▶ (or ↺) to \
             train again."
        );
        let effects = self.run.try_update_value(|r| r.worker_restarted(message)).unwrap_or_default();
        self.apply(effects);
    }

    /// Changes the experiment. An invalid change is refused with a message naming the field;
    /// a valid one starts a fresh run (keeping play/pause as it was).
    pub fn edit(&self, change: impl FnOnce(&mut ExperimentSpec)) {
        let mut next = self.spec.get_untracked();
        change(&mut next);
        if next == self.spec.get_untracked() {
            return;
        }
        if let Err(e) = next.validate() {
            self.error.set(Some(e.to_string()));
            return;
        }
        self.error.set(None);
        if self.can_tune_live(&next) {
            self.spec.set(next.clone());
            self.send(&Command::Tune { training: next.training });
            return;
        }
        if next.data.source != self.spec.get_untracked().data.source {
            self.show_source_table(&next.data.source);
        }
        self.replay.set(Vec::new());
        self.spec.set(next.clone());
        self.start_fresh(Command::Load { spec: next, changes: Vec::new() });
    }

    /// Reports a value the user typed that could not be used.
    pub fn reject(&self, error: Error) {
        self.error.set(Some(error.to_string()));
    }

    pub(super) fn start_fresh(&self, command: Command) {
        self.load_requests.update_value(|n| *n += 1);
        // A bundled table is loaded on first use: the run starts once it is here.
        if let Some(table) = files::table_to_load(&command) {
            let effects = self.run.try_update_value(RunView::wait_for_data).unwrap_or_default();
            self.apply(effects);
            self.load_table(table, command);
            return;
        }
        if let Command::Load { spec, .. } = &command {
            self.run_spec.set_value(spec.clone());
        }
        let effects = self.run.try_update_value(|r| r.start_fresh(command)).unwrap_or_default();
        self.apply(effects);
    }

    /// Asks the worker for the training rows of the decision tree's node `node` (its answer
    /// replaces [`Self::node_rows`]).
    pub fn ask_node_rows(&self, node: u32) {
        self.send(&Command::NodeRows { node });
    }

    /// Asks the worker to explain input `feature` (its answer replaces [`Self::explained`]).
    pub fn ask_explain(&self, feature: u32) {
        self.send(&Command::Explain { feature });
    }

    /// Completed epochs.
    pub fn epoch(&self) -> usize {
        self.history.with(|h| h.last().map_or(0, |m| m.epoch))
    }
}
