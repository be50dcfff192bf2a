//! The held-out evaluation of a finished (or stopped) run.

use super::Trainer;
use crate::data::{Dataset, Task};
use crate::error::Result;
use crate::train::evaluation::{classification_report, regression_report, ClassificationReport, RegressionReport};
use serde::{Deserialize, Serialize};

/// The held-out evaluation of a run, next to its baseline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "task", rename_all = "snake_case")]
pub enum Evaluation {
    /// Classification metrics on the test set, with the majority-class baseline.
    Classification(ClassificationReport),
    /// Regression metrics on the test set in the target's own units, with the mean baseline.
    Regression(RegressionReport),
}

impl Evaluation {
    /// This evaluation with its curves thinned for the page's charts
    /// ([`CHART_RESOLUTION`](crate::train::evaluation::CHART_RESOLUTION)): what the worker sends
    /// the page. The metrics (AUC and average precision included) were computed on the full
    /// curves and are unchanged.
    pub fn for_charts(self) -> Self {
        use crate::train::evaluation::CHART_RESOLUTION;
        match self {
            Evaluation::Classification(mut r) => {
                r.roc_curves = r.roc_curves.iter().map(|c| c.thinned(CHART_RESOLUTION)).collect();
                r.pr_curves = r.pr_curves.iter().map(|c| c.thinned(CHART_RESOLUTION)).collect();
                Evaluation::Classification(r)
            }
            regression => regression,
        }
    }
}

impl Trainer {
    /// Evaluates the current model on the test set (never seen in training).
    pub fn evaluate_test(&self) -> Result<Evaluation> {
        let test = &self.split.test;
        // The model's outputs: a network's logits (row-major), or a learner's probabilities
        // (rows × classes) or values.
        let (z, learned) = match &self.learner {
            Some(l) => (None, Some(l.test_output(test)?.unwrap_or_default())),
            None => (Some(self.model.forward(&self.x_test)?), None),
        };
        Ok(match self.task {
            Task::Classification { classes } => {
                let probs: Vec<f32> = match (&z, learned) {
                    // Two classes: the probability of class 1, as a network's sigmoid gives it.
                    (_, Some(p)) if classes <= 2 => p.chunks_exact(2).map(|p| p[1] as f32).collect(),
                    (_, Some(p)) => p.into_iter().map(|v| v as f32).collect(),
                    (Some(z), None) if classes > 2 => candle_nn::ops::softmax_last_dim(z)?.flatten_all()?.to_vec1()?,
                    (Some(z), None) => candle_nn::ops::sigmoid(z)?.flatten_all()?.to_vec1()?,
                    (None, None) => Vec::new(),
                };
                let labels = |d: &Dataset| d.y.iter().map(|&v| v as u32).collect::<Vec<_>>();
                Evaluation::Classification(classification_report(
                    &labels(test),
                    &probs,
                    classes,
                    &labels(&self.split.train),
                ))
            }
            Task::Regression => {
                // Back to the target's units (tables standardise it for training).
                let decode = |v: &[f32]| -> Vec<f32> {
                    v.iter()
                        .map(|&x| self.fitted.as_ref().map_or(f64::from(x), |f| f.target.decode(f64::from(x))) as f32)
                        .collect()
                };
                let raw: Vec<f32> = match (&z, learned) {
                    (_, Some(values)) => values.into_iter().map(|v| v as f32).collect(),
                    (Some(z), None) => z.flatten_all()?.to_vec1()?,
                    (None, None) => Vec::new(),
                };
                let predicted = decode(&raw);
                Evaluation::Regression(regression_report(&decode(&test.y), &predicted, &decode(&self.split.train.y)))
            }
        })
    }
}
