//! What a trained model says about rows it is given: its outputs for rows of features, and the
//! decision map of 2-D data.

use super::{labels, Trainer};
use crate::data::{synthetic::EXTENT, Task};
use crate::error::Result;
use crate::train::grid::DecisionGrid;
use candle_core::{Device, Tensor};

impl Trainer {
    /// Model output for rows of features (`rows × width`, row-major): probability of class 1
    /// for binary classification, predicted class index for more classes, value for regression.
    pub fn predict(&self, x: &[f32]) -> Result<Vec<f32>> {
        let width = self.split.train.width();
        let rows = x.len() / width.max(1);
        if let Some(learner) = &self.learner {
            let out = learner.output(x, rows, width)?.unwrap_or_else(|| self.prior_output(rows));
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

    /// What a model that is not a network says of `rows` rows before its first step: the
    /// training rows' class shares for every row (rows × classes), or their mean target. The
    /// decision map of a tree, k-NN or naive Bayes before it is fitted is this prior, shown as
    /// the model's picture until the first step (never a value that is not a number).
    pub(crate) fn prior_output(&self, rows: usize) -> Vec<f64> {
        let y = &self.split.train.y;
        match self.task {
            Task::Classification { classes } => {
                let classes = classes.max(2);
                let mut shares = vec![0.0; classes];
                for &c in y {
                    if let Some(s) = shares.get_mut(c as usize) {
                        *s += 1.0;
                    }
                }
                let n = y.len().max(1) as f64;
                shares.iter_mut().for_each(|s| *s /= n);
                shares.repeat(rows)
            }
            Task::Regression => {
                let mean = y.iter().map(|&v| f64::from(v)).sum::<f64>() / y.len().max(1) as f64;
                vec![mean; rows]
            }
        }
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
