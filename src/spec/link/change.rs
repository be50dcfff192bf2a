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
///
/// Its variants are *the* list of live settings: what the page lets change during a run
/// without a reset, what [`crate::train::Trainer::tune`] accepts, and what a link's replay
/// carries all come from [`TrainingChange::all_of`] (and [`TrainingSpec::with_live_settings_of`]
/// and [`TrainingSpec::differs_only_in_live_settings`], built on it). The optimizer, the batch
/// size and the loss shape the run itself (its optimizer state, its batches, what it
/// minimises), and the data and model fix its weights: those need a new run.
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
    /// Every live setting of `training`, with its value there, in a fixed order (learning rate,
    /// schedule, L2, L1, clipping, epochs, patience). Adding a variant without listing it here
    /// fails the `every_live_setting_is_listed` test.
    pub fn all_of(training: &TrainingSpec) -> [TrainingChange; 7] {
        [
            TrainingChange::LearningRate(training.learning_rate),
            TrainingChange::Schedule(training.schedule),
            TrainingChange::L2(training.l2),
            TrainingChange::L1(training.l1),
            TrainingChange::ClipNorm(training.clip_norm),
            TrainingChange::Epochs(training.epochs),
            TrainingChange::Patience(training.patience),
        ]
    }

    /// Whether `training` holds this value already.
    pub fn is_set_in(&self, training: &TrainingSpec) -> bool {
        let mut after = training.clone();
        self.apply(&mut after);
        after == *training
    }

    /// The value as text, for people (`0.01`, `StepDecay { every: 50, factor: 0.5 }`).
    pub fn value_text(&self) -> String {
        match self {
            TrainingChange::LearningRate(v)
            | TrainingChange::L2(v)
            | TrainingChange::L1(v)
            | TrainingChange::ClipNorm(v) => v.to_string(),
            TrainingChange::Schedule(s) => format!("{s:?}"),
            TrainingChange::Epochs(n) | TrainingChange::Patience(n) => n.to_string(),
        }
    }

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
        TrainingChange::all_of(new)
            .into_iter()
            .filter(|c| !c.is_set_in(old))
            .map(|set| ReplayChange { steps, set })
            .collect()
    }
}

impl TrainingSpec {
    /// These settings with the live ones ([`TrainingChange::all_of`]) taken from `other`.
    pub fn with_live_settings_of(&self, other: &TrainingSpec) -> TrainingSpec {
        let mut out = self.clone();
        for c in TrainingChange::all_of(other) {
            c.apply(&mut out);
        }
        out
    }

    /// Whether `other` differs from these settings in live ones only (or not at all), so that a
    /// run in progress can take it on without a reset.
    pub fn differs_only_in_live_settings(&self, other: &TrainingSpec) -> bool {
        self.with_live_settings_of(other) == *other
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::{Optimizer, RegressionLoss};

    /// A spec whose every live setting differs from the default's.
    fn all_live_changed() -> TrainingSpec {
        TrainingSpec {
            learning_rate: 0.1,
            schedule: Schedule::Cosine,
            l2: 0.01,
            l1: 0.001,
            clip_norm: 1.0,
            epochs: 20,
            patience: 3,
            ..TrainingSpec::default()
        }
    }

    #[test]
    fn every_live_setting_is_listed() {
        // Exhaustive: a new variant must be numbered here, and then listed by `all_of`.
        let index = |c: &TrainingChange| match c {
            TrainingChange::LearningRate(_) => 0,
            TrainingChange::Schedule(_) => 1,
            TrainingChange::L2(_) => 2,
            TrainingChange::L1(_) => 3,
            TrainingChange::ClipNorm(_) => 4,
            TrainingChange::Epochs(_) => 5,
            TrainingChange::Patience(_) => 6,
        };
        let listed: Vec<usize> = TrainingChange::all_of(&TrainingSpec::default()).iter().map(index).collect();
        assert_eq!(listed, (0..7).collect::<Vec<_>>());
        // Each is a different field, and each change of `all_live_changed` is one live change.
        let (old, new) = (TrainingSpec::default(), all_live_changed());
        let changes = ReplayChange::between(5, &old, &new);
        let fields: Vec<&str> = changes.iter().map(|c| c.set.field()).collect();
        assert_eq!(fields, ["learning_rate", "schedule", "l2", "l1", "clip_norm", "epochs", "patience"]);
        assert!(changes.iter().all(|c| c.steps == 5));
    }

    #[test]
    fn live_settings_are_taken_over_and_the_others_kept() {
        let old = TrainingSpec::default();
        let other = TrainingSpec { optimizer: Optimizer::Sgd, batch_size: 3, ..all_live_changed() };
        let merged = old.with_live_settings_of(&other);
        assert_eq!(merged, TrainingSpec { optimizer: old.optimizer, batch_size: old.batch_size, ..all_live_changed() });
        assert!(old.differs_only_in_live_settings(&all_live_changed()));
        assert!(old.differs_only_in_live_settings(&old));
        for not_live in [
            TrainingSpec { optimizer: Optimizer::Sgd, ..old.clone() },
            TrainingSpec { batch_size: 3, ..old.clone() },
            TrainingSpec { loss: RegressionLoss::Mae, ..old.clone() },
        ] {
            assert!(!old.differs_only_in_live_settings(&not_live), "{not_live:?}");
        }
    }

    #[test]
    fn between_then_apply_gives_the_live_settings_of_the_new_spec() {
        let (old, new) = (TrainingSpec::default(), TrainingSpec { l2: 0.5, epochs: 9, ..TrainingSpec::default() });
        let changes = ReplayChange::between(0, &old, &new);
        assert_eq!(changes.len(), 2);
        let mut replayed = old.clone();
        changes.iter().for_each(|c| c.set.apply(&mut replayed));
        assert_eq!(replayed, new);
        assert!(changes.iter().all(|c| c.set.is_set_in(&new) && !c.set.is_set_in(&old)));
        assert_eq!(TrainingChange::L2(0.5).value_text(), "0.5");
        assert_eq!(TrainingChange::Schedule(Schedule::Cosine).value_text(), "Cosine");
    }
}
