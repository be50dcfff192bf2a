//! Metrics: pure functions over slices, and the per-epoch record.

use serde::{Deserialize, Serialize};

/// What one epoch measured. Losses are evaluated on the full train and test sets after the
/// epoch's last step, without the L2 penalty, so train and test losses are comparable.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EpochMetrics {
    /// 1-based epoch number.
    pub epoch: usize,
    /// Gradient steps taken so far in the run.
    pub steps: u64,
    /// Mean loss over the training set.
    pub train_loss: f64,
    /// Mean loss over the test set.
    pub test_loss: f64,
    /// Share of training rows classified correctly (classification only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub train_accuracy: Option<f64>,
    /// Share of test rows classified correctly (classification only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub test_accuracy: Option<f64>,
    /// Coefficient of determination on the training set (regression only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub train_r2: Option<f64>,
    /// Coefficient of determination on the test set (regression only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub test_r2: Option<f64>,
    /// Mean loss over the validation set (when there is one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validation_loss: Option<f64>,
    /// Validation accuracy (classification with a validation set).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validation_accuracy: Option<f64>,
    /// Validation R² (regression with a validation set).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validation_r2: Option<f64>,
}

impl EpochMetrics {
    /// `name: value` pairs for display, in a fixed order: losses, accuracies, R² — each as
    /// train, validation, test — listing only those present.
    pub fn pairs(&self) -> Vec<(&'static str, f64)> {
        [
            ("train_loss", Some(self.train_loss)),
            ("validation_loss", self.validation_loss),
            ("test_loss", Some(self.test_loss)),
            ("train_accuracy", self.train_accuracy),
            ("validation_accuracy", self.validation_accuracy),
            ("test_accuracy", self.test_accuracy),
            ("train_r2", self.train_r2),
            ("validation_r2", self.validation_r2),
            ("test_r2", self.test_r2),
        ]
        .into_iter()
        .filter_map(|(name, v)| v.map(|v| (name, v)))
        .collect()
    }
}

/// Share of positions where `predicted == actual`. Empty input gives 0.
pub fn accuracy(predicted: &[u32], actual: &[u32]) -> f64 {
    if actual.is_empty() {
        return 0.0;
    }
    let hits = predicted.iter().zip(actual).filter(|(p, a)| p == a).count();
    hits as f64 / actual.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accuracy_by_hand() {
        assert_eq!(accuracy(&[0, 1, 1, 0], &[0, 1, 0, 0]), 0.75);
        assert_eq!(accuracy(&[], &[]), 0.0);
    }

    #[test]
    fn pairs_list_only_present_metrics() {
        let m = EpochMetrics {
            epoch: 1,
            steps: 10,
            train_loss: 0.5,
            test_loss: 0.6,
            train_accuracy: Some(0.9),
            test_accuracy: Some(0.8),
            train_r2: None,
            test_r2: None,
            validation_loss: None,
            validation_accuracy: None,
            validation_r2: None,
        };
        let names: Vec<_> = m.pairs().into_iter().map(|(n, _)| n).collect();
        assert_eq!(names, ["train_loss", "test_loss", "train_accuracy", "test_accuracy"]);
    }
}
