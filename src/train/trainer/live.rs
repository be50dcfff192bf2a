//! Ending a run early and changing its settings while it trains.

use super::Trainer;
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};

/// A training setting changed while the run was in progress.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LiveChange {
    /// Completed epochs at the time.
    pub epoch: usize,
    /// Gradient steps taken at the time.
    pub steps: u64,
    /// Which setting, e.g. `learning_rate`.
    pub field: String,
    /// Old value, as text.
    pub from: String,
    /// New value, as text.
    pub to: String,
}

impl Trainer {
    /// Ends the run now: with a validation set, the weights of the epoch with the best
    /// validation loss are restored (a half-done epoch is dropped); without one, the current
    /// weights are kept. The run then counts as done and can be evaluated.
    pub fn stop(&mut self) -> Result<()> {
        if self.is_done() {
            return Ok(());
        }
        self.cursor = None;
        if let Some((_, best_epoch, weights)) = &self.best {
            self.model.set_weights(weights)?;
            self.stopped_at = Some(*best_epoch);
        }
        self.stopped_by_user = true;
        Ok(())
    }

    /// Changes the settings that can change while training — learning rate, schedule, L1, L2,
    /// clipping, epochs, patience — without a reset, and records each change (see
    /// [`Trainer::changes`]). Returns the changes made.
    ///
    /// # Errors
    /// [`Error::Spec`] when another setting differs (the optimizer, batch size or loss shape the
    /// run itself: those need a new run) or a value is out of range.
    pub fn tune(&mut self, training: &crate::spec::TrainingSpec) -> Result<Vec<LiveChange>> {
        let old = self.spec.training.clone();
        for (field, same) in [
            ("training.optimizer", old.optimizer == training.optimizer),
            ("training.batch_size", old.batch_size == training.batch_size),
            ("training.loss", old.loss == training.loss),
        ] {
            if !same {
                return Err(Error::spec(field, "cannot change while training: reset to start a run with it"));
            }
        }
        let mut next = self.spec.clone();
        next.training = training.clone();
        next.validate()?;
        let mut made = Vec::new();
        let mut note = |field: &str, from: String, to: String| {
            if from != to {
                made.push(LiveChange { epoch: self.history.len(), steps: self.steps, field: field.into(), from, to });
            }
        };
        note("learning_rate", old.learning_rate.to_string(), training.learning_rate.to_string());
        note("schedule", format!("{:?}", old.schedule), format!("{:?}", training.schedule));
        note("l2", old.l2.to_string(), training.l2.to_string());
        note("l1", old.l1.to_string(), training.l1.to_string());
        note("clip_norm", old.clip_norm.to_string(), training.clip_norm.to_string());
        note("epochs", old.epochs.to_string(), training.epochs.to_string());
        note("patience", old.patience.to_string(), training.patience.to_string());
        self.spec = next;
        self.changes.extend(made.iter().cloned());
        Ok(made)
    }
}
