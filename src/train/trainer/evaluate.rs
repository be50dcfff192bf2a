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
        let z = self.model.forward(&self.x_test)?;
        Ok(match self.task {
            Task::Classification { classes } => {
                let probs: Vec<f32> = if classes > 2 {
                    candle_nn::ops::softmax_last_dim(&z)?.flatten_all()?.to_vec1()?
                } else {
                    candle_nn::ops::sigmoid(&z)?.flatten_all()?.to_vec1()?
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
                let predicted = decode(&z.flatten_all()?.to_vec1::<f32>()?);
                Evaluation::Regression(regression_report(&decode(&test.y), &predicted, &decode(&self.split.train.y)))
            }
        })
    }
}
