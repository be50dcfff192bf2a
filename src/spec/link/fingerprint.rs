//! The fingerprint of a finished run: small enough for a link, exact enough to tell a
//! bit-identical replay from one that differs, and where it starts to differ.
//!
//! It is computed from a trainer by `Fingerprint::of` (in `train::fingerprint`); this module
//! holds the data and the comparison, which need no trainer.

use super::{clip, is_hex};
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};

/// What a run produced, hashed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fingerprint {
    /// Completed epochs.
    pub epochs: usize,
    /// Gradient steps taken.
    pub steps: u64,
    /// The last epoch's training loss: its `f64` bits as 16 hex digits (exact, unlike decimal).
    pub final_train_loss: String,
    /// Training losses at epochs 1, 2, 4, 8, … and the last, to say where two runs part.
    pub checkpoints: Vec<Checkpoint>,
    /// SHA-256 (first 16 hex digits) over every epoch's metrics, in order.
    pub metrics_hash: String,
    /// SHA-256 (first 16 hex digits) over the final weights and biases.
    pub weights_hash: String,
    /// SHA-256 (first 16 hex digits) over both hashes: equal hashes, equal runs.
    pub hash: String,
}

/// The training loss after one epoch.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Checkpoint {
    /// 1-based epoch.
    pub epoch: usize,
    /// Its training loss, as the `f64` bits in 16 hex digits.
    pub train_loss: String,
}

/// Whether a replay reproduced the original run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reproduction {
    /// Every per-epoch metric and every final weight is bit-identical.
    Exact,
    /// Something differs.
    Differs {
        /// The first epoch known to differ (with sampled epochs, "by" this epoch), if the
        /// difference shows in the per-epoch numbers.
        first_epoch: Option<usize>,
        /// What differs, in words, with the two values.
        detail: String,
    },
}

/// The `f64` whose bits `hex` holds (NaN if it is not 16 hex digits).
pub fn loss_from_hex(hex: &str) -> f64 {
    u64::from_str_radix(hex, 16).map_or(f64::NAN, f64::from_bits)
}

/// 16 hex digits of the bits of `value`.
pub fn loss_to_hex(value: f64) -> String {
    format!("{:016x}", value.to_bits())
}

/// The epochs whose losses a fingerprint keeps: 1, 2, 4, 8, … below `epochs`, and `epochs`.
pub fn checkpoint_epochs(epochs: usize) -> Vec<usize> {
    let mut out: Vec<usize> =
        std::iter::successors(Some(1usize), |e| e.checked_mul(2)).take_while(|&e| e < epochs).collect();
    if epochs > 0 {
        out.push(epochs);
    }
    out
}

impl Fingerprint {
    /// The last epoch's training loss.
    pub fn final_train_loss(&self) -> f64 {
        loss_from_hex(&self.final_train_loss)
    }

    /// Compares the original run (`self`, e.g. from a link) with a replay (`replay`).
    pub fn compare(&self, replay: &Fingerprint) -> Reproduction {
        let same_hashes = self.hash == replay.hash
            && self.metrics_hash == replay.metrics_hash
            && self.weights_hash == replay.weights_hash;
        if same_hashes
            && self.epochs == replay.epochs
            && self.steps == replay.steps
            && self.final_train_loss == replay.final_train_loss
        {
            return Reproduction::Exact;
        }
        let mut agreed = 0;
        for c in &self.checkpoints {
            let Some(r) = replay.checkpoints.iter().find(|r| r.epoch == c.epoch) else { continue };
            if r.train_loss != c.train_loss {
                let (a, b) = (loss_from_hex(&c.train_loss), loss_from_hex(&r.train_loss));
                let relative = (a - b).abs() / a.abs().max(b.abs()).max(f64::MIN_POSITIVE);
                let when = if c.epoch == agreed + 1 {
                    format!("epoch {}", c.epoch)
                } else {
                    format!("by epoch {} (epoch {agreed} agreed)", c.epoch)
                };
                return Reproduction::Differs {
                    first_epoch: Some(c.epoch),
                    detail: format!(
                        "the training loss differs {when}: {a} in the original run, {b} in this replay \
                         (relative difference {relative:.1e})"
                    ),
                };
            }
            agreed = c.epoch;
        }
        if self.epochs != replay.epochs || self.steps != replay.steps {
            return Reproduction::Differs {
                first_epoch: Some(self.epochs.min(replay.epochs) + 1),
                detail: format!(
                    "the original run trained {} epochs ({} steps), this replay {} ({} steps)",
                    self.epochs, self.steps, replay.epochs, replay.steps
                ),
            };
        }
        let detail = if self.metrics_hash != replay.metrics_hash {
            "the sampled training losses agree, but other per-epoch metrics differ".to_string()
        } else if self.weights_hash != replay.weights_hash {
            "every per-epoch metric agrees; only the final weights differ".to_string()
        } else {
            "the fingerprints disagree with themselves (the link was edited)".to_string()
        };
        Reproduction::Differs { first_epoch: None, detail }
    }

    /// Checks the form of every field.
    pub fn validate(&self) -> Result<()> {
        let bad = |field: &str, v: &str| {
            Err(Error::spec(format!("fingerprint.{field}"), format!("`{}` is not 16 lower-case hex digits", clip(v))))
        };
        for (field, v) in [
            ("final_train_loss", &self.final_train_loss),
            ("metrics_hash", &self.metrics_hash),
            ("weights_hash", &self.weights_hash),
            ("hash", &self.hash),
        ] {
            if !is_hex(v, 16) {
                return bad(field, v);
            }
        }
        if self.epochs > crate::spec::limits::MAX_EPOCHS || self.checkpoints.len() > 64 {
            return Err(Error::spec("fingerprint.epochs", "more epochs or checkpoints than any run has"));
        }
        for c in &self.checkpoints {
            if !is_hex(&c.train_loss, 16) {
                return bad("checkpoints.train_loss", &c.train_loss);
            }
        }
        if self.checkpoints.windows(2).any(|w| w[0].epoch >= w[1].epoch) {
            return Err(Error::spec("fingerprint.checkpoints", "checkpoints must be in epoch order"));
        }
        Ok(())
    }
}
