//! The run's transport commands: play/pause, epoch and batch steps, stop, reset, and the
//! settings that change without a reset.

use super::{AppState, RunStatus};
use crate::spec::ExperimentSpec;
use crate::train::Command;
use leptos::prelude::*;

impl AppState {
    /// Play/pause toggle. Playing a finished run starts it again.
    pub fn toggle_play(&self) {
        match self.status.get_untracked() {
            RunStatus::Playing => {
                self.wants_play.set(false);
                self.send(&Command::Pause);
                self.status.set(RunStatus::Paused);
            }
            // A failed run (diverged, or its worker crashed and was restarted) starts again.
            RunStatus::Failed | RunStatus::Done => {
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
        // A replayed link starts again with its changes; after live changes, the edited spec.
        let changes = self.replay.get_untracked();
        let spec = if changes.is_empty() { self.spec.get_untracked() } else { self.run_spec.get_value() };
        self.start_fresh(Command::Load { spec, changes });
    }

    /// Takes one gradient step on the next mini-batch.
    pub fn step_batch(&self) {
        if matches!(self.status.get_untracked(), RunStatus::Paused | RunStatus::Playing) {
            self.wants_play.set(false);
            self.send(&Command::StepBatch);
        }
    }

    /// Ends the run now, keeping the best model (the best validation epoch's weights when
    /// there is a validation set, else the current ones), and evaluates it.
    pub fn stop(&self) {
        if self.has_started() && matches!(self.status.get_untracked(), RunStatus::Paused | RunStatus::Playing) {
            self.wants_play.set(false);
            self.send(&Command::Stop);
        }
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
    /// takes on without a reset (the core's one list: [`crate::spec::link::TrainingChange::all_of`]),
    /// and a run is in progress.
    pub(super) fn can_tune_live(&self, next: &ExperimentSpec) -> bool {
        if !self.has_started() || !matches!(self.status.get_untracked(), RunStatus::Paused | RunStatus::Playing) {
            return false;
        }
        let mut same = self.spec.get_untracked();
        same.training = same.training.with_live_settings_of(&next.training);
        same == *next
    }
}
