//! Settings changed while a run trained, as a link carries them: a replay applies each one
//! just before the same gradient step, so it takes the very same steps.

use super::super::{ExperimentSpec, Schedule, TrainingSpec};
use super::limits;
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};

/// One setting changed during the run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReplayChange {
    /// Gradient steps taken when it changed: the replay applies it once it has taken this
    /// many steps, before the next one.
    pub steps: u64,
    /// The setting and its new value.
    pub set: TrainingChange,
}

/// A training setting that may change while training (the others need a new run), with its
/// new value. In JSON: `{"field": "learning_rate", "value": 0.01}`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "field", content = "value", rename_all = "snake_case")]
pub enum TrainingChange {
    /// `training.learning_rate`
    LearningRate(f64),
    /// `training.schedule`
    Schedule(Schedule),
    /// `training.l2`
    L2(f64),
    /// `training.l1`
    L1(f64),
    /// `training.clip_norm`
    ClipNorm(f64),
    /// `training.epochs`
    Epochs(usize),
    /// `training.patience`
    Patience(usize),
}

impl TrainingChange {
    /// The field's name within `training` (as in `Trainer::changes`).
    pub fn field(&self) -> &'static str {
        match self {
            TrainingChange::LearningRate(_) => "learning_rate",
            TrainingChange::Schedule(_) => "schedule",
            TrainingChange::L2(_) => "l2",
            TrainingChange::L1(_) => "l1",
            TrainingChange::ClipNorm(_) => "clip_norm",
            TrainingChange::Epochs(_) => "epochs",
            TrainingChange::Patience(_) => "patience",
        }
    }

    /// Sets the field in `training`.
    pub fn apply(&self, training: &mut TrainingSpec) {
        match *self {
            TrainingChange::LearningRate(v) => training.learning_rate = v,
            TrainingChange::Schedule(v) => training.schedule = v,
            TrainingChange::L2(v) => training.l2 = v,
            TrainingChange::L1(v) => training.l1 = v,
            TrainingChange::ClipNorm(v) => training.clip_norm = v,
            TrainingChange::Epochs(v) => training.epochs = v,
            TrainingChange::Patience(v) => training.patience = v,
        }
    }
}

impl ReplayChange {
    /// The changes that turn `old` into `new` after `steps` gradient steps, in a fixed order
    /// (the settings that cannot change while training are ignored).
    pub fn between(steps: u64, old: &TrainingSpec, new: &TrainingSpec) -> Vec<ReplayChange> {
        let candidates = [
            (old.learning_rate != new.learning_rate, TrainingChange::LearningRate(new.learning_rate)),
            (old.schedule != new.schedule, TrainingChange::Schedule(new.schedule)),
            (old.l2 != new.l2, TrainingChange::L2(new.l2)),
            (old.l1 != new.l1, TrainingChange::L1(new.l1)),
            (old.clip_norm != new.clip_norm, TrainingChange::ClipNorm(new.clip_norm)),
            (old.epochs != new.epochs, TrainingChange::Epochs(new.epochs)),
            (old.patience != new.patience, TrainingChange::Patience(new.patience)),
        ];
        candidates.into_iter().filter(|(changed, _)| *changed).map(|(_, set)| ReplayChange { steps, set }).collect()
    }
}

/// Checks the changes are in step order and leave a valid experiment after each one; the
/// error names the change (`changes[3].learning_rate`).
pub(super) fn validate(spec: &ExperimentSpec, changes: &[ReplayChange]) -> Result<()> {
    if changes.len() > limits::MAX_CHANGES {
        return Err(Error::spec(
            "changes",
            format!("at most {} changes during one run, got {}", limits::MAX_CHANGES, changes.len()),
        ));
    }
    let mut current = spec.clone();
    let mut last = 0;
    for (i, c) in changes.iter().enumerate() {
        let field = format!("changes[{i}].{}", c.set.field());
        if c.steps < last {
            return Err(Error::spec(
                field,
                format!("changes must be in step order: step {} after step {last}", c.steps),
            ));
        }
        last = c.steps;
        c.set.apply(&mut current.training);
        if let Err(e) = current.validate() {
            let why = match e {
                Error::Spec { message, .. } => message,
                other => other.to_string(),
            };
            return Err(Error::spec(field, why));
        }
    }
    Ok(())
}
