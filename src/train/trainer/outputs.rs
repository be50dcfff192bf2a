//! What a trained model says about rows it is given: its outputs for rows of features, and the
//! decision map of 2-D data.

use super::{labels, Trainer};
use crate::data::{synthetic::EXTENT, Task};
use crate::error::Result;
use crate::train::grid::DecisionGrid;
use candle_core::{Device, Tensor};

/// What a model that has learned nothing yet (a one-step family before its step) outputs for
/// `rows` rows: every class equally likely, or 0 (the prepared target's mean). Not NaN: the
/// page's decision map shows it as undecided, and JSON has no NaN.
pub(crate) fn undecided(task: Task, rows: usize) -> Vec<f64> {
    match task {
        Task::Classification { classes } => vec![1.0 / classes.max(1) as f64; rows * classes],
        Task::Regression => vec![0.0; rows],
    }
}

impl Trainer {
    /// Model output for rows of features (`rows × width`, row-major): probability of class 1
    /// for binary classification, predicted class index for more classes, value for regression.
    pub fn predict(&self, x: &[f32]) -> Result<Vec<f32>> {
        let width = self.split.train.width();
        let rows = x.len() / width.max(1);
        if let Some(learner) = &self.learner {
            let out = learner.output(x, rows, width)?.unwrap_or_else(|| undecided(self.task, rows));
            return Ok(match self.task {
                Task::Regression => out.into_iter().map(|v| v as f32).collect(),
                Task::Classification { classes } if classes > 2 => crate::learn::argmax_rows(&out, classes),
                Task::Classification { .. } => out.chunks_exact(2).map(|p| p[1] as f32).collect(),
            });
        }
        let xt = Tensor::from_slice(x, (rows, width), &Device::Cpu)?;
        let z = self.model.forward(&xt)?;
        Ok(match self.task {
            Task::Regression => z.flatten_all()?.to_vec1()?,
            Task::Classification { classes } if classes > 2 => {
                labels(&z, self.task)?.into_iter().map(|c| c as f32).collect()
            }
            Task::Classification { .. } => candle_nn::ops::sigmoid(&z)?.flatten_all()?.to_vec1()?,
        })
    }

    /// The model's output over the plane `[−6, 6]²` at `resolution × resolution` cells, for
    /// data with exactly two features (`None` otherwise).
    pub fn decision_grid(&self, resolution: usize) -> Result<Option<DecisionGrid>> {
        if self.split.train.width() != 2 {
            return Ok(None);
        }
        let range = (-EXTENT, EXTENT);
        let centres = DecisionGrid::cell_centres(resolution, range, range);
        let values = self.predict(&centres)?;
        Ok(Some(DecisionGrid { resolution, x_range: range, y_range: range, values, confidence: Vec::new() }))
    }
}
