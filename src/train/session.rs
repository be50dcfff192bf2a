//! A training session driven by messages: the state machine behind the web worker.
//!
//! The page sends [`Command`]s and receives [`Event`]s, both as JSON text. While playing, the
//! host calls [`Session::tick`] repeatedly with a time budget and yields to its event loop in
//! between, so pause and step commands are handled within one tick. Being plain Rust, the
//! whole protocol is tested natively.

use super::importance::Importance;
use super::inputs::{load_data, RunData};
use super::metrics::EpochMetrics;
use super::replay::Replay;
use super::trainer::{LiveChange, Trainer};
use super::views::Plane;
use crate::data::Table;
use crate::error::{Error, Result};
use crate::spec::link::{Fingerprint, ReplayChange};
use crate::spec::ExperimentSpec;
use std::sync::Arc;

mod file;
mod pictures;
mod protocol;
mod reports;
pub use file::FileDigest;
pub use pictures::{GRID_EVERY, GRID_RESOLUTION, UNIT_MAP_LIMIT, UNIT_MAP_RESOLUTION, WEIGHTS_PER_EVENT};
pub use protocol::{BatchProgress, Command, Event, Payload, PayloadKind};
use reports::Reports;
pub use reports::REPORT_MS;

/// Builds the exported model of a run — its current weights, and the user's table for a run
/// on a file — as zip bytes: the host's answer to [`Command::Export`]. The model format lives
/// above this layer ([`crate::deploy`]), so the host lends the function (natively and in the
/// worker alike, `deploy::build::export_zip` or a wrapper of it).
pub type Exporter = fn(&Trainer, Option<&Table>) -> Result<Vec<u8>>;

/// The worker's state: the current run and whether it is playing.
#[derive(Debug, Default)]
pub struct Session {
    trainer: Option<Trainer>,
    /// The user's table of the current run, kept for resets.
    table: Option<Arc<Table>>,
    playing: bool,
    failed: bool,
    /// The plane the decision map shows.
    plane: Option<Plane>,
    /// Progress events since the weights were last sent.
    since_weights: usize,
    /// Progress events since the decision grid was last sent.
    since_grid: usize,
    /// Epochs not reported yet and when the last report went (see [`REPORT_MS`]).
    reports: Reports,
    /// Settings the run changes at given steps (a replay), and what it was loaded with.
    replay: Replay,
    loaded: Option<ExperimentSpec>,
    /// Leave the pictures (grids, plane, weights, unit maps, predictions) out of events.
    quiet: bool,
    /// Milliseconds from the host's monotonic clock, if it has one (the core cannot read a
    /// clock that works natively and in the browser alike, so the host lends its own).
    clock: Option<fn() -> f64>,
    /// Time spent training the current run, ms (see [`Event::Progress`]'s `train_ms`).
    trained_ms: f64,
    /// Builds exported models ([`Command::Export`]), if the host can.
    exporter: Option<Exporter>,
    /// Matrices the host prepared itself (the benchmark page), used instead of the table.
    prepared: Option<RunData>,
    /// The finished run's feature importance and the (steps, epoch) it was measured at: a
    /// done run reports again (a step pressed after the end) without measuring again.
    importance: Option<((u64, usize), Box<Importance>)>,
    /// Set when a run in the page is done and its importance is still to be measured (on the
    /// next tick).
    importance_due: bool,
}

impl Session {
    /// An empty session; send [`Command::Load`] first.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty session that times its training with `now` (milliseconds from any fixed
    /// origin, never going back) and reports the total in each progress event.
    pub fn with_clock(now: fn() -> f64) -> Self {
        Self { clock: Some(now), ..Self::default() }
    }

    /// The same session, answering [`Command::Export`] with `exporter`'s zip.
    #[must_use]
    pub fn with_exporter(mut self, exporter: Exporter) -> Self {
        self.exporter = Some(exporter);
        self
    }

    /// The clock's reading, 0 without one.
    fn now(&self) -> f64 {
        self.clock.map_or(0.0, |now| now())
    }

    /// A clock reading `start` for the report timing, `None` without a clock (every tick then
    /// reports).
    fn stamp(&self, start: f64) -> Option<f64> {
        self.clock.map(|_| start)
    }

    /// Adds the time since `start` (a [`Session::now`] reading) to the run's training time.
    fn add_time_since(&mut self, start: f64) {
        self.trained_ms += (self.now() - start).max(0.0);
    }

    /// Makes `table` the user's file for runs whose data is a file.
    pub fn set_table(&mut self, table: Table) {
        self.prepared = None;
        self.table = Some(Arc::new(table));
    }

    /// Makes `data` the matrices of runs whose data is a file, as they are (no preparation, no
    /// split): the benchmark trains on the harness's very rows (see [`super::bench`]).
    pub fn set_prepared(&mut self, data: RunData) {
        self.prepared = Some(data);
    }

    /// True while training plays.
    pub fn is_playing(&self) -> bool {
        self.playing
    }

    /// True while the host should keep calling [`Session::tick`]: training plays, or a
    /// finished run's importance is still to be measured.
    pub fn has_work(&self) -> bool {
        self.playing || self.importance_due
    }

    /// The current run, if any.
    pub fn trainer(&self) -> Option<&Trainer> {
        self.trainer.as_ref()
    }

    /// Handles one command and returns the events to send back.
    pub fn handle(&mut self, command: Command) -> Vec<Event> {
        match self.try_handle(command) {
            Ok(events) => events,
            Err(e) => self.fail(e),
        }
    }

    fn try_handle(&mut self, command: Command) -> Result<Vec<Event>> {
        match command {
            Command::Load { spec, changes } => self.load(&spec, changes),
            // A replay starts again from its original spec, with its changes.
            Command::Reset => match (&self.loaded, self.trainer.as_ref()) {
                (Some(spec), _) if !self.replay.changes().is_empty() => {
                    let (spec, changes) = (spec.clone(), self.replay.changes().to_vec());
                    self.load(&spec, changes)
                }
                (_, Some(t)) => {
                    let spec = t.spec().clone();
                    self.load(&spec, Vec::new())
                }
                _ => Err(Error::Protocol("reset before any experiment was loaded".into())),
            },
            Command::Fingerprint => match self.trainer.as_ref() {
                Some(t) => Ok(vec![Event::Fingerprint { fingerprint: Fingerprint::of(t)? }]),
                None => Err(Error::Protocol("no experiment loaded yet".into())),
            },
            Command::Play => {
                self.ready_to_train()?;
                self.playing = !self.trainer.as_ref().is_some_and(Trainer::is_done);
                self.reports.restart();
                Ok(Vec::new())
            }
            // Epochs held back while playing, and the pictures as they are now.
            Command::Pause if self.playing => {
                self.playing = false;
                let start = self.now();
                self.progress(Vec::new(), None, start)
            }
            Command::Pause => Ok(Vec::new()),
            Command::Step => {
                self.ready_to_train()?;
                self.playing = false;
                self.run(|| false)
            }
            Command::StepBatch => {
                self.ready_to_train()?;
                self.playing = false;
                self.step_batch()
            }
            Command::Stop => {
                self.ready_to_train()?;
                self.playing = false;
                let start = self.now();
                let Some(trainer) = self.trainer.as_mut() else { return Ok(Vec::new()) };
                if trainer.is_done() {
                    return Ok(Vec::new());
                }
                trainer.stop()?;
                self.progress(Vec::new(), None, start)
            }
            Command::Export => Ok(vec![self.export()]),
            Command::File { name, describe, bytes } => Ok(self.read_file(&name, bytes, describe, &mut |_| {})),
            Command::Table { name, bytes } => crate::data::builtin::provide(&name, &bytes).map(|()| Vec::new()),
            Command::Bench { workload, x, y } => {
                let shape = workload.shape();
                self.set_prepared(super::bench::run_data(x, y, shape.width, shape.classes)?);
                self.load(&workload.spec(), Vec::new())
            }
            Command::Details { send } => {
                self.quiet = !send;
                Ok(Vec::new())
            }
            Command::Plane { plane } => {
                let Some(trainer) = self.trainer.as_ref() else {
                    return Err(Error::Protocol("no experiment loaded yet".into()));
                };
                let view = trainer.plane_view(plane)?;
                let grid = trainer.plane_grid(plane, GRID_RESOLUTION)?;
                self.plane = Some(plane);
                Ok(vec![Event::Plane { view: Box::new(view), grid }])
            }
            Command::NodeRows { node } => {
                let Some(trainer) = self.trainer.as_ref() else { return Ok(Vec::new()) };
                let table = match &trainer.spec().data.source {
                    crate::spec::DataSource::Builtin { name } => Some(Arc::new(super::inputs::builtin_table(name)?)),
                    _ => self.table.clone(),
                };
                let rows = trainer.node_rows(node as usize, table.as_deref())?;
                Ok(rows.map(|rows| Event::NodeRows { rows: super::Encoded::new(&rows) }).into_iter().collect())
            }
            // The worker answers it (its code is a chunk of the page's module); a session alone
            // has nothing to say.
            Command::Explain { .. } => Ok(Vec::new()),
            Command::Tune { training } => {
                let Some(trainer) = self.trainer.as_mut() else {
                    return Err(Error::Protocol("no experiment loaded yet".into()));
                };
                let changes = trainer.tune(&training)?;
                let mut events = vec![Event::Tuned { changes }];
                // More epochs can revive a finished run; fewer can end a running one.
                if trainer.is_done() && self.playing {
                    self.playing = false;
                    let start = self.now();
                    events.extend(self.progress(Vec::new(), None, start)?);
                }
                Ok(events)
            }
        }
    }

    /// The current run's model as [`Event::Exported`], or why not as [`Event::ExportFailed`]
    /// (the run goes on either way).
    fn export(&self) -> Event {
        let zip = match (self.trainer.as_ref(), self.exporter) {
            (None, _) => Err(Error::Protocol("no run to export yet: load an experiment and train it first".into())),
            (Some(_), None) => Err(Error::Protocol("this host cannot export models".into())),
            (Some(trainer), Some(export)) => export(trainer, self.table.as_deref()),
        };
        match zip {
            Ok(zip) => Event::Exported { zip },
            Err(e) => Event::ExportFailed { message: format!("The model was not exported: {e}") },
        }
    }

    fn ready_to_train(&self) -> Result<()> {
        if self.trainer.is_none() {
            return Err(Error::Protocol("no experiment loaded yet".into()));
        }
        if self.failed {
            return Err(Error::Protocol("this run has failed: press Reset to start it again".into()));
        }
        Ok(())
    }

    fn load(&mut self, spec: &ExperimentSpec, changes: Vec<ReplayChange>) -> Result<Vec<Event>> {
        self.playing = false;
        self.failed = false;
        self.trainer = None;
        self.importance = None;
        self.importance_due = false;
        spec.validate()?;
        self.loaded = Some(spec.clone());
        self.replay = Replay::new(changes);
        let data = match (&spec.data.source, &self.prepared) {
            (crate::spec::DataSource::File { .. }, Some(prepared)) => prepared.clone(),
            _ => load_data(spec, self.table.as_deref())?,
        };
        let notices = data.notices.clone();
        let trainer = Trainer::with_data(spec, data)?;
        self.plane = trainer.default_plane();
        self.since_weights = 0;
        self.since_grid = 0;
        self.reports.restart();
        self.trained_ms = 0.0;
        let plane_event = match self.plane {
            Some(p) if !self.quiet => Some(Event::Plane {
                view: Box::new(trainer.plane_view(p)?),
                grid: trainer.plane_grid(p, GRID_RESOLUTION)?,
            }),
            _ => None,
        };
        let event = Event::Loaded {
            parameters: trainer.size(),
            task: trainer.split().train.task,
            batches: trainer.batches_per_epoch(),
            classes: trainer.class_names(),
            grid: self.grid(&trainer)?,
            notices,
            preparation: trainer.preparation().map(|f| f.describe()).unwrap_or_default(),
        };
        let mut events = vec![event];
        events.extend(plane_event);
        if !self.quiet {
            events.push(self.initial_details(&trainer)?);
        }
        self.trainer = Some(trainer);
        Ok(events)
    }

    /// While playing: trains at least one epoch, then more while `keep_going()` says so (the
    /// host's time budget), and reports them in one progress event — or, for a session with
    /// a clock whose last report is under [`REPORT_MS`] old, holds them for a later one.
    pub fn tick(&mut self, keep_going: impl FnMut() -> bool) -> Vec<Event> {
        if !self.playing {
            return match self.measure_importance() {
                Ok(events) => events,
                Err(e) => self.fail(e),
            };
        }
        match self.run(keep_going) {
            Ok(events) => events,
            Err(e) => self.fail(e),
        }
    }

    fn run(&mut self, mut keep_going: impl FnMut() -> bool) -> Result<Vec<Event>> {
        let start = self.now();
        let Some(trainer) = self.trainer.as_mut() else { return Ok(Vec::new()) };
        let mut epochs = Vec::new();
        let mut made = self.replay.apply_due(trainer)?;
        while !trainer.is_done() {
            epochs.push(self.replay.run_epoch(trainer, &mut made)?);
            made.extend(self.replay.apply_due(trainer)?);
            if !keep_going() {
                break;
            }
        }
        let mut events = tuned(made);
        if self.playing && !trainer.is_done() && !self.reports.due(self.stamp(start)) {
            self.reports.hold(epochs);
            self.add_time_since(start);
        } else {
            events.extend(self.progress(epochs, None, start)?);
        }
        Ok(events)
    }

    fn step_batch(&mut self) -> Result<Vec<Event>> {
        let start = self.now();
        let Some(trainer) = self.trainer.as_mut() else { return Ok(Vec::new()) };
        let mut made = self.replay.apply_due(trainer)?;
        if trainer.is_done() {
            let mut events = tuned(made);
            events.extend(self.progress(Vec::new(), None, start)?);
            return Ok(events);
        }
        let b = self.replay.run_batch(trainer, &mut made)?;
        let batch =
            BatchProgress { epoch: b.epoch, batch: b.batch, batches: b.batches, loss: b.loss, steps: trainer.steps() };
        let mut events = tuned(made);
        events.extend(self.progress(b.finished.into_iter().collect(), Some(batch), start)?);
        Ok(events)
    }

    /// The progress event after `epochs` (and maybe a single batch): grid, and the test
    /// evaluation once the run is done. The work since `start` (a clock reading) counts as
    /// training time, the report included. Epochs held back while playing go first (see
    /// [`REPORT_MS`]).
    fn progress(&mut self, epochs: Vec<EpochMetrics>, batch: Option<BatchProgress>, start: f64) -> Result<Vec<Event>> {
        let epochs = self.reports.take(epochs, self.stamp(start));
        let Some(trainer) = self.trainer.take() else { return Ok(Vec::new()) };
        let result = self.progress_of(&trainer, epochs, batch, start);
        self.trainer = Some(trainer);
        result
    }

    fn progress_of(
        &mut self,
        trainer: &Trainer,
        epochs: Vec<EpochMetrics>,
        batch: Option<BatchProgress>,
        start: f64,
    ) -> Result<Vec<Event>> {
        let done = trainer.is_done();
        if done {
            self.playing = false;
        }
        let grid = self.grid_if_due(trainer, done || !self.playing)?;
        // The page draws the curves: thinned, the message stays small however many rows were tested.
        let evaluation = if done { Some(Box::new(trainer.evaluate_test()?.for_charts())) } else { None };
        let importance = if done && !self.quiet { self.measured_importance(trainer) } else { None };
        self.importance_due = done && !self.quiet && importance.is_none();
        let (weights, units) = self.details(trainer, done || !self.playing)?;
        let predictions = if done && !self.quiet && trainer.split().train.task == crate::data::Task::Regression {
            Some(trainer.test_predictions()?)
        } else {
            None
        };
        let mut events = vec![Event::Progress {
            epochs,
            grid,
            playing: self.playing,
            done,
            stopped_at: trainer.stopped_at(),
            evaluation,
            importance,
            stopped_by_user: trainer.stopped_by_user(),
            batch,
            weights,
            units,
            predictions,
            train_ms: self.clock.map(|_| {
                self.add_time_since(start);
                self.trained_ms
            }),
        }];
        if done {
            events.push(Event::Fingerprint { fingerprint: Fingerprint::of(trainer)? });
            if !self.quiet {
                events.extend(trainer.tree_source().map(|t| Event::Tree { tree: super::Encoded::new(&t) }));
            }
        }
        Ok(events)
    }

    /// The finished run's feature importance if it was measured at the run's (steps, epoch).
    fn measured_importance(&self, trainer: &Trainer) -> Option<Box<Importance>> {
        let at = (trainer.steps(), trainer.epoch());
        self.importance.as_ref().filter(|(when, _)| *when == at).map(|(_, imp)| imp.clone())
    }

    /// Measures the finished run's feature importance when it is due (a run in the
    /// page, once it is done): at most about a second of work, so that it goes in a tick of
    /// its own after the progress that said done.
    fn measure_importance(&mut self) -> Result<Vec<Event>> {
        if !std::mem::take(&mut self.importance_due) {
            return Ok(Vec::new());
        }
        let Some(trainer) = self.trainer.as_ref() else { return Ok(Vec::new()) };
        let at = (trainer.steps(), trainer.epoch());
        let Some(imp) = trainer.importance()? else { return Ok(Vec::new()) };
        let imp = Box::new(imp);
        self.importance = Some((at, imp.clone()));
        Ok(vec![Event::Importance { importance: imp }])
    }

    fn fail(&mut self, e: Error) -> Vec<Event> {
        self.playing = false;
        self.importance_due = false;
        if matches!(e, Error::Diverged { .. } | Error::Tensor(_)) {
            self.failed = true;
        }
        // The epochs held back before the failure still belong on the curves.
        let mut events: Vec<Event> = self.reports.bare_progress().into_iter().collect();
        events.push(Event::Failed { message: e.to_string() });
        events
    }
}

/// A [`Event::Tuned`] for the changes a replay made, if any.
fn tuned(made: Vec<LiveChange>) -> Vec<Event> {
    if made.is_empty() {
        Vec::new()
    } else {
        vec![Event::Tuned { changes: made }]
    }
}
