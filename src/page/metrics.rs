//! What the run bar writes about the run: its metrics line (the kept epoch after early stopping or ■).

use crate::train::EpochMetrics;

/// The run bar's metrics line for the epochs trained so far (`history`, in order). After early
/// stopping or a stop the model holds the weights of epoch `stopped_at`: the line shows that
/// epoch's numbers, not the last one trained, and says so ("kept epoch 7: …"). Each metric is
/// `name: value` with 4 decimals ([`EpochMetrics::pairs`] order), two spaces apart; before the
/// first epoch it invites the user to train.
pub fn metrics_line(history: &[EpochMetrics], stopped_at: Option<usize>) -> String {
    let shown = stopped_at.and_then(|e| history.iter().find(|m| m.epoch == e)).or(history.last());
    let Some(m) = shown else { return "no epochs yet: press ▶ to train".to_string() };
    let pairs = m.pairs().into_iter().map(|(name, v)| format!("{name}: {v:.4}")).collect::<Vec<_>>().join("  ");
    if stopped_at.is_some() {
        format!("kept epoch {}: {pairs}", m.epoch)
    } else {
        pairs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn epoch(epoch: usize, train_loss: f64, test_accuracy: Option<f64>) -> EpochMetrics {
        EpochMetrics { epoch, train_loss, test_loss: train_loss + 0.1, test_accuracy, ..Default::default() }
    }

    #[test]
    fn the_last_epoch_or_the_kept_one() {
        assert_eq!(metrics_line(&[], None), "no epochs yet: press ▶ to train");
        let h = [epoch(1, 0.5, Some(0.75)), epoch(2, 0.25, Some(0.875)), epoch(3, 0.125, Some(0.9))];
        assert_eq!(metrics_line(&h, None), "train_loss: 0.1250  test_loss: 0.2250  test_accuracy: 0.9000");
        assert_eq!(
            metrics_line(&h, Some(2)),
            "kept epoch 2: train_loss: 0.2500  test_loss: 0.3500  test_accuracy: 0.8750"
        );
        // A kept epoch not in the history (thinned away): the last one, still marked as kept.
        assert_eq!(
            metrics_line(&h[..1], Some(9)),
            "kept epoch 1: train_loss: 0.5000  test_loss: 0.6000  test_accuracy: 0.7500"
        );
        assert_eq!(metrics_line(&[], Some(2)), "no epochs yet: press ▶ to train");
        assert_eq!(metrics_line(&[epoch(1, 0.5, None)], None), "train_loss: 0.5000  test_loss: 0.6000");
    }
}
