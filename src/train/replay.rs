//! Replaying the settings a run changed while it trained: each [`ReplayChange`] is applied
//! with [`Trainer::tune`] once the run has taken its number of gradient steps, before the next
//! step — so the replay takes the very same steps. The CLI and the web worker's [`Session`]
//! both train through this one implementation.
//!
//! [`Session`]: super::Session

use super::metrics::EpochMetrics;
use super::trainer::{BatchOutcome, LiveChange, Trainer};
use crate::error::Result;
use crate::spec::link::ReplayChange;

/// The changes of a run still to apply, in step order.
#[derive(Clone, Debug, Default)]
pub struct Replay {
    changes: Vec<ReplayChange>,
    next: usize,
}

impl Replay {
    /// Changes to apply, in step order (as [`crate::spec::link::ShareLink::validate`] checks).
    pub fn new(changes: Vec<ReplayChange>) -> Self {
        Self { changes, next: 0 }
    }

    /// All the changes (applied or not).
    pub fn changes(&self) -> &[ReplayChange] {
        &self.changes
    }

    /// True when no change is left to apply.
    pub fn is_finished(&self) -> bool {
        self.next >= self.changes.len()
    }

    /// Applies every change due by now (its step count reached) and returns what changed.
    ///
    /// # Errors
    /// [`crate::error::Error::Spec`] when a change cannot apply to this run.
    pub fn apply_due(&mut self, trainer: &mut Trainer) -> Result<Vec<LiveChange>> {
        let mut made = Vec::new();
        while let Some(c) = self.changes.get(self.next).filter(|c| c.steps <= trainer.steps()) {
            let mut training = trainer.spec().training.clone();
            c.set.apply(&mut training);
            made.extend(trainer.tune(&training)?);
            self.next += 1;
        }
        Ok(made)
    }

    /// One gradient step after the changes due (see [`Trainer::run_batch`]).
    pub fn run_batch(&mut self, trainer: &mut Trainer, made: &mut Vec<LiveChange>) -> Result<BatchOutcome> {
        made.extend(self.apply_due(trainer)?);
        trainer.run_batch()
    }

    /// The rest of the epoch, step by step, applying changes as they fall due.
    pub fn run_epoch(&mut self, trainer: &mut Trainer, made: &mut Vec<LiveChange>) -> Result<EpochMetrics> {
        loop {
            if let Some(m) = self.run_batch(trainer, made)?.finished {
                return Ok(m);
            }
        }
    }

    /// Trains to the end, applying each change once the run has taken its number of steps, and
    /// calls `on_epoch` after each epoch. Without changes this is `run_epoch` until done.
    pub fn train(
        &mut self,
        trainer: &mut Trainer,
        mut on_epoch: impl FnMut(&Trainer, &EpochMetrics) -> Result<()>,
    ) -> Result<()> {
        let mut made = Vec::new();
        loop {
            // A change at the last step may add epochs to a finished run.
            self.apply_due(trainer)?;
            if trainer.is_done() {
                return Ok(());
            }
            if let Some(m) = self.run_batch(trainer, &mut made)?.finished {
                on_epoch(trainer, &m)?;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::link::{ShareLink, TrainingChange};
    use crate::spec::ExperimentSpec;
    use crate::train::{Fingerprint, Reproduction};

    fn spec() -> ExperimentSpec {
        let mut spec = ExperimentSpec::default();
        spec.training.epochs = 6;
        spec
    }

    /// A run tuned live mid-epoch, its link, and the replay of that link: bit-identical.
    #[test]
    fn replayed_link_reproduces_a_live_change_exactly() -> Result<()> {
        let spec = spec();
        let mut live = Trainer::new(&spec)?;
        live.run_epoch()?;
        live.run_batch()?;
        live.run_batch()?;
        let steps = live.steps();
        let mut tuned = live.spec().training.clone();
        tuned.learning_rate *= 0.25;
        tuned.l2 = 0.001;
        live.tune(&tuned)?;
        while !live.is_done() {
            live.run_epoch()?;
        }
        let changes = ReplayChange::between(steps, &spec.training, &tuned);
        assert_eq!(changes.len(), 2);
        let mut link = ShareLink::new(spec.clone());
        link.changes = changes;
        link.fingerprint = Some(Fingerprint::of(&live)?);
        let link = ShareLink::decode(&link.encode()?)?;

        let mut replayed = Trainer::new(&link.spec)?;
        let mut epochs = Vec::new();
        Replay::new(link.changes.clone()).train(&mut replayed, |_, m| {
            epochs.push(m.clone());
            Ok(())
        })?;
        assert_eq!(epochs, live.history());
        assert_eq!(replayed.changes(), live.changes());
        let verdict = link.fingerprint.as_ref().map(|f| f.compare(&Fingerprint::of(&replayed).unwrap()));
        assert_eq!(verdict, Some(Reproduction::Exact));

        // Without the change the run differs.
        let mut plain = Trainer::new(&link.spec)?;
        Replay::default().train(&mut plain, |_, _| Ok(()))?;
        assert_ne!(plain.history(), live.history());
        Ok(())
    }

    #[test]
    fn a_change_at_the_last_step_revives_a_finished_run() -> Result<()> {
        let spec = spec();
        let mut t = Trainer::new(&spec)?;
        let total = t.batches_per_epoch() as u64 * spec.training.epochs as u64;
        let mut r = Replay::new(vec![ReplayChange { steps: total, set: TrainingChange::Epochs(8) }]);
        r.train(&mut t, |_, _| Ok(()))?;
        assert_eq!(t.epoch(), 8);
        assert!(r.is_finished());
        Ok(())
    }
}
