//! The page's state: the experiment being edited, what the worker reported, and the commands
//! that change them. Components read the signals and call these methods; they never train.

use super::glue::worker_client::WorkerClient;
use crate::data::Split;
use crate::error::Error;
use crate::spec::ExperimentSpec;
use crate::train::{load_data, Command, DecisionGrid, EpochMetrics, Event};
use leptos::prelude::*;

/// Where the worker's script is (Trunk's loader shim for the `worker` bin).
pub const WORKER_URL: &str = "./worker_loader.js";

/// How long the worker may take to load before the page says it did not start.
const WORKER_START_LIMIT: std::time::Duration = std::time::Duration::from_secs(20);

/// What the run is doing, as shown on the play button and status line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunStatus {
    /// Waiting for the worker to set up the run.
    Loading,
    /// Ready; not training.
    Paused,
    /// Training continuously.
    Playing,
    /// All epochs done.
    Done,
    /// Stopped by an error.
    Failed,
}

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
    /// Whether the user wants training to run (the worker's reports may lag behind).
    wants_play: RwSignal<bool>,
    /// Set when a fresh run was requested: reports of the old run are ignored until it starts.
    awaiting_load: RwSignal<bool>,
    worker: StoredValue<Option<WorkerClient>, LocalStorage>,
}

impl AppState {
    /// Creates the state, starts the worker and loads `spec`.
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
            history: RwSignal::new(Vec::new()),
            grid: RwSignal::new(None),
            status: RwSignal::new(RunStatus::Loading),
            error: RwSignal::new(None),
            parameters: RwSignal::new(0),
            wants_play: RwSignal::new(false),
            awaiting_load: RwSignal::new(true),
            worker: StoredValue::new_local(None),
        };
        match WorkerClient::spawn(WORKER_URL, move |event| state.on_event(event)) {
            Ok(client) => state.worker.set_value(Some(client)),
            Err(message) => state.fail(message),
        }
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
        state.send(&Command::Load { spec, table: None });
        state
    }

    fn send(&self, command: &Command) {
        self.worker.with_value(|w| {
            if let Some(w) = w {
                w.send(command);
            }
        });
    }

    fn fail(&self, message: String) {
        self.wants_play.set(false);
        self.status.set(RunStatus::Failed);
        self.error.set(Some(message));
    }

    /// Applies one worker event to the signals.
    pub fn on_event(&self, event: Event) {
        match event {
            Event::Ready => {}
            Event::Loaded { parameters, grid, notices, preparation } => {
                self.awaiting_load.set(false);
                self.parameters.set(parameters);
                self.history.set(Vec::new());
                self.grid.set(grid);
                self.notices.set(notices);
                self.preparation.set(preparation);
                self.status.set(RunStatus::Paused);
                if self.wants_play.get_untracked() {
                    self.send(&Command::Play);
                    self.status.set(RunStatus::Playing);
                }
            }
            Event::Progress { epochs, grid, playing: _, done } => {
                if self.awaiting_load.get_untracked() {
                    return;
                }
                self.history.update(|h| h.extend(epochs));
                self.grid.set(grid);
                if done {
                    self.wants_play.set(false);
                }
                let playing = self.wants_play.get_untracked();
                self.status.set(if done {
                    RunStatus::Done
                } else if playing {
                    RunStatus::Playing
                } else {
                    RunStatus::Paused
                });
            }
            Event::Failed { message } => self.fail(message),
        }
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
        self.spec.set(next.clone());
        self.start_fresh(Command::Load { spec: next, table: None });
    }

    /// Reports a value the user typed that could not be used.
    pub fn reject(&self, error: Error) {
        self.error.set(Some(error.to_string()));
    }

    fn start_fresh(&self, command: Command) {
        self.awaiting_load.set(true);
        self.status.set(RunStatus::Loading);
        self.history.set(Vec::new());
        self.send(&command);
    }

    /// Play/pause toggle. Playing a finished run starts it again.
    pub fn toggle_play(&self) {
        match self.status.get_untracked() {
            RunStatus::Playing => {
                self.wants_play.set(false);
                self.send(&Command::Pause);
                self.status.set(RunStatus::Paused);
            }
            RunStatus::Failed => {}
            RunStatus::Done => {
                self.wants_play.set(true);
                self.reset();
            }
            RunStatus::Loading => self.wants_play.set(true),
            RunStatus::Paused => {
                self.wants_play.set(true);
                self.send(&Command::Play);
                self.status.set(RunStatus::Playing);
            }
        }
    }

    /// Trains exactly one epoch.
    pub fn step(&self) {
        if matches!(self.status.get_untracked(), RunStatus::Paused | RunStatus::Playing) {
            self.wants_play.set(false);
            self.send(&Command::Step);
        }
    }

    /// Starts the same experiment again from epoch 0 (same seed, so the same numbers).
    pub fn reset(&self) {
        self.error.set(None);
        let spec = self.spec.get_untracked();
        self.start_fresh(Command::Load { spec, table: None });
    }

    /// Completed epochs.
    pub fn epoch(&self) -> usize {
        self.history.with(|h| h.last().map_or(0, |m| m.epoch))
    }
}
