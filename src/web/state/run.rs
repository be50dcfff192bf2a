//! The run's transport commands: play/pause, epoch and batch steps, stop, reset, and the
//! settings that change without a reset.

use super::AppState;
use crate::page::run::RunView;
use crate::spec::ExperimentSpec;
use crate::train::Command;
use leptos::prelude::*;

impl AppState {
    /// Play/pause toggle. Playing a finished or failed run starts it again.
    pub fn toggle_play(&self) {
        let effects = self.run.try_update_value(RunView::toggle_play).unwrap_or_default();
        self.apply(effects);
    }

    /// Trains exactly one epoch.
    pub fn step(&self) {
        self.transport(Command::Step);
    }

    /// Starts the same experiment again from epoch 0 (same seed, so the same numbers).
    pub fn reset(&self) {
        self.error.set(None);
        // A replayed link starts again with its changes; after live changes, the edited spec.
        let changes = self.replay.get_untracked();
        let spec = if changes.is_empty() { self.spec.get_untracked() } else { self.run_spec.get_value() };
        self.start_fresh(Command::Load { spec, changes });
    }

    /// Takes one gradient step on the next mini-batch.
    pub fn step_batch(&self) {
        self.transport(Command::StepBatch);
    }

    /// Ends the run now, keeping the best model (the best validation epoch's weights when
    /// there is a validation set, else the current ones), and evaluates it.
    pub fn stop(&self) {
        self.transport(Command::Stop);
    }

    fn transport(&self, command: Command) {
        let effects = self.run.try_update_value(|r| r.transport(command)).unwrap_or_default();
        self.apply(effects);
    }

    /// Shows the model over two other features (tables): the worker answers with the plane's
    /// axes, points and the model's output over it.
    pub fn choose_plane(&self, plane: crate::train::Plane) {
        if plane.x != plane.y {
            self.send(&Command::Plane { plane });
        }
    }

    /// True once the current run has taken a step.
    pub fn has_started(&self) -> bool {
        self.history.with(|h| !h.is_empty()) || self.batch.with(Option::is_some)
    }

    /// Whether `next` differs from the current experiment only in settings a run in progress
    /// takes on without a reset ([`RunView::can_tune_live`]).
    pub(super) fn can_tune_live(&self, next: &ExperimentSpec) -> bool {
        let current = self.spec.get_untracked();
        self.run.with_value(|r| r.can_tune_live(&current, next))
    }
}
