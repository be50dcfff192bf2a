//! Fingerprinting a run: [`Fingerprint::of`] hashes every epoch's metrics and the final weights,
//! so two runs compare equal only when they are bit-identical. The type itself (and
//! [`Fingerprint::compare`]) lives with the share link that carries it.

use super::{EpochMetrics, Trainer};
use crate::error::Result;
use crate::model::LayerWeights;
use crate::spec::link::{checkpoint_epochs, loss_to_hex, Checkpoint};
use sha2::{Digest, Sha256};

pub use crate::spec::link::{Fingerprint, Reproduction};

/// The first 16 hex digits of a SHA-256.
fn short(digest: &[u8]) -> String {
    digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// Hash input of one epoch: epoch and steps as `u64`, then each number's `f64` bits in field
/// order, an absent optional one as a 0 byte and a present one as a 1 byte and its bits (all
/// little-endian).
fn hash_epoch(h: &mut Sha256, m: &EpochMetrics) {
    h.update((m.epoch as u64).to_le_bytes());
    h.update(m.steps.to_le_bytes());
    h.update(m.train_loss.to_bits().to_le_bytes());
    h.update(m.test_loss.to_bits().to_le_bytes());
    for v in [
        m.train_accuracy,
        m.test_accuracy,
        m.train_r2,
        m.test_r2,
        m.validation_loss,
        m.validation_accuracy,
        m.validation_r2,
    ] {
        match v {
            None => h.update([0u8]),
            Some(v) => {
                h.update([1u8]);
                h.update(v.to_bits().to_le_bytes());
            }
        }
    }
}

/// Hash input of the weights: per layer, its shape as two `u64`, then the `f32` bits of `w`
/// and of `b` (little-endian).
fn hash_weights(h: &mut Sha256, layers: &[LayerWeights]) {
    for l in layers {
        h.update((l.inputs as u64).to_le_bytes());
        h.update((l.outputs as u64).to_le_bytes());
        for v in l.w.iter().chain(&l.b) {
            h.update(v.to_bits().to_le_bytes());
        }
    }
}

impl Fingerprint {
    /// The fingerprint of `trainer`'s run so far (normally once it is done).
    ///
    /// # Errors
    /// Only if reading the weights out of candle fails.
    pub fn of(trainer: &Trainer) -> Result<Self> {
        let history = trainer.history();
        let mut metrics = Sha256::new();
        for m in history {
            hash_epoch(&mut metrics, m);
        }
        let mut weights = Sha256::new();
        match (trainer.model(), trainer.learner().and_then(|l| l.model())) {
            (Some(network), _) => hash_weights(&mut weights, &network.weights()?),
            // A learner's model is its serde form: every split, threshold and leaf value.
            (None, Some(model)) => weights.update(serde_json::to_vec(&model).unwrap_or_default()),
            (None, None) => {}
        }
        let (metrics_hash, weights_hash) = (short(&metrics.finalize()), short(&weights.finalize()));
        let mut both = Sha256::new();
        both.update(metrics_hash.as_bytes());
        both.update(weights_hash.as_bytes());
        let checkpoints = checkpoint_epochs(history.len())
            .into_iter()
            .map(|epoch| Checkpoint { epoch, train_loss: loss_to_hex(history[epoch - 1].train_loss) })
            .collect();
        Ok(Fingerprint {
            epochs: history.len(),
            steps: trainer.steps(),
            final_train_loss: loss_to_hex(history.last().map_or(f64::NAN, |m| m.train_loss)),
            checkpoints,
            metrics_hash,
            weights_hash,
            hash: short(&both.finalize()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::ExperimentSpec;

    fn trained(seed: u64, epochs: usize) -> Trainer {
        let mut spec = ExperimentSpec { seed, ..ExperimentSpec::default() };
        spec.training.epochs = epochs;
        let mut t = Trainer::new(&spec).unwrap();
        while !t.is_done() {
            t.run_epoch().unwrap();
        }
        t
    }

    #[test]
    fn same_run_twice_is_exact_and_another_seed_differs_from_epoch_1() {
        let a = Fingerprint::of(&trained(7, 20)).unwrap();
        let b = Fingerprint::of(&trained(7, 20)).unwrap();
        assert_eq!(a, b);
        assert_eq!(a.compare(&b), Reproduction::Exact);
        assert_eq!(a.epochs, 20);
        assert_eq!(a.checkpoints.iter().map(|c| c.epoch).collect::<Vec<_>>(), [1, 2, 4, 8, 16, 20]);
        a.validate().unwrap();
        let c = Fingerprint::of(&trained(8, 20)).unwrap();
        match a.compare(&c) {
            Reproduction::Differs { first_epoch: Some(1), detail } => {
                assert!(detail.contains("epoch 1") && detail.contains("original"), "{detail}")
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_shorter_run_and_other_weights_are_told_apart() {
        let a = Fingerprint::of(&trained(7, 6)).unwrap();
        let short_run = Fingerprint::of(&trained(7, 5)).unwrap();
        match a.compare(&short_run) {
            Reproduction::Differs { first_epoch: Some(6), detail } => assert!(detail.contains("6 epochs"), "{detail}"),
            other => panic!("{other:?}"),
        }
        let mut weights_only = a.clone();
        weights_only.weights_hash = "0123456789abcdef".into();
        weights_only.hash = "fedcba9876543210".into();
        match a.compare(&weights_only) {
            Reproduction::Differs { first_epoch: None, detail } => {
                assert!(detail.contains("final weights"), "{detail}")
            }
            other => panic!("{other:?}"),
        }
    }
}
