//! Ending a run early and changing its settings while it trains.

use super::Trainer;
use crate::error::{Error, Result};
use crate::spec::link::TrainingChange;
use crate::spec::TrainingSpec;
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
    /// The setting and its new value (what a link's replay applies at `steps`).
    pub set: TrainingChange,
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

    /// Changes the settings that can change while training (the live settings,
    /// [`TrainingChange::all_of`]: learning rate, schedule, L2, L1, clipping, epochs, patience)
    /// without a reset, and records each change (see [`Trainer::changes`]). Returns the changes
    /// made.
    ///
    /// # Errors
    /// [`Error::Spec`] when another setting differs (the optimizer, batch size or loss shape the
    /// run itself: those need a new run), naming it, or a value is out of range.
    pub fn tune(&mut self, training: &TrainingSpec) -> Result<Vec<LiveChange>> {
        let old = self.spec.training.clone();
        if !old.differs_only_in_live_settings(training) {
            let field = first_difference(&old.with_live_settings_of(training), training);
            return Err(Error::spec(
                format!("training.{field}"),
                "cannot change while training: reset to start a run with it",
            ));
        }
        let mut next = self.spec.clone();
        next.training = training.clone();
        next.validate()?;
        let (epoch, steps) = (self.history.len(), self.steps);
        let made: Vec<LiveChange> = TrainingChange::all_of(&old)
            .into_iter()
            .zip(TrainingChange::all_of(training))
            .filter(|(_, new)| !new.is_set_in(&old))
            .map(|(was, set)| LiveChange {
                epoch,
                steps,
                field: set.field().into(),
                set,
                from: was.value_text(),
                to: set.value_text(),
            })
            .collect();
        self.spec = next;
        self.changes.extend(made.iter().cloned());
        Ok(made)
    }
}

/// The name of the first field in which `a` and `b` differ (as in their JSON), for an error.
fn first_difference(a: &TrainingSpec, b: &TrainingSpec) -> String {
    let (a, b) = (serde_json::to_value(a).unwrap_or_default(), serde_json::to_value(b).unwrap_or_default());
    let (Some(a), Some(b)) = (a.as_object(), b.as_object()) else { return "settings".into() };
    a.iter().find(|(k, v)| b.get(*k) != Some(v)).map_or_else(|| "settings".into(), |(k, _)| k.clone())
}
