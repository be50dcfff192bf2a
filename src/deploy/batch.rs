//! Predicting a batch of rows a slice at a time: a host with a single thread (the page) runs
//! [`Predictor::advance`] for a few thousand rows, yields to its event loop, and goes on, so a
//! big file never makes one long task. [`Predictor::predict_table`] is the same three steps with
//! one slice of every row, so both give the same predictions.
//!
//! The slices are independent: row `r`'s prepared features depend only on row `r` and the
//! fitted preparation, and row `r` of `x·W + b` only on row `r` of `x`, so slicing does not
//! change a bit (checked in `tests/deploy_page.rs` against the whole batch at once).

use super::conform::conform;
use super::predict::{BatchPrediction, Prediction, Predictor};
use crate::data::csv::read_csv;
use crate::data::table::Table;
use crate::data::Task;
use crate::error::{Error, Result};
use crate::train::evaluation::{predicted_labels, probability_rows};

/// A batch being predicted (see the module documentation).
#[derive(Clone, Debug)]
pub struct BatchJob {
    /// The rows as given (every column, written back with the predictions).
    table: Table,
    /// The input columns (and the target) typed as in training.
    conformed: Table,
    /// How the file was read, cells filled in, unseen categories.
    notices: Vec<String>,
    /// Model outputs of the rows done so far: per row one probability per class (one, P(class
    /// 1), for two classes) or one standardised value.
    outputs: Vec<f32>,
    /// Rows done.
    done: usize,
}

impl BatchJob {
    /// Rows in the batch.
    pub fn rows(&self) -> usize {
        self.table.rows()
    }

    /// Rows predicted so far.
    pub fn done(&self) -> usize {
        self.done
    }

    /// True when every row is predicted.
    pub fn is_done(&self) -> bool {
        self.done >= self.rows()
    }

    /// The rows as given.
    pub fn table(&self) -> &Table {
        &self.table
    }
}

impl Predictor {
    /// Reads a CSV file of new rows (as [`Predictor::predict_csv`] does) and starts predicting
    /// them; the reader's notices come first.
    ///
    /// # Errors
    /// The reader's refusals, and as [`Predictor::start_batch`].
    pub fn start_csv(&self, bytes: &[u8]) -> Result<BatchJob> {
        let loaded = read_csv(bytes, &self.read_options())?;
        self.start_batch(loaded.table, loaded.notices.into_iter().map(|n| n.message).collect())
    }

    /// Checks `table` against the model's inputs and starts predicting it, after `notices`.
    ///
    /// # Errors
    /// [`Error::MissingColumns`] naming every missing input; [`Error::Data`] for a cell that is
    /// not a number in a numeric input (with its row and column).
    pub fn start_batch(&self, table: Table, mut notices: Vec<String>) -> Result<BatchJob> {
        let conformed = conform(self.card(), &table, true)?;
        notices.extend(conformed.notices);
        Ok(BatchJob { table, conformed: conformed.table, notices, outputs: Vec::new(), done: 0 })
    }

    /// Predicts the next `rows` rows of `job` (fewer at its end).
    ///
    /// # Errors
    /// Tensor errors (a bug: the rows were checked when the job started).
    pub fn advance(&self, job: &mut BatchJob, rows: usize) -> Result<()> {
        let end = job.done.saturating_add(rows).min(job.rows());
        if end == job.done {
            return Ok(());
        }
        let slice: Vec<usize> = (job.done..end).collect();
        let x = self.card().preparation.transform_rows(&job.conformed, &slice)?;
        let (outputs, _) = self.forward(&x, slice.len())?;
        job.outputs.extend(outputs);
        job.done = end;
        Ok(())
    }

    /// The predictions of a finished job and, when its rows carry the target, the evaluation.
    ///
    /// # Errors
    /// [`Error::Data`] if the job is not finished, or naming the first row whose outputs are
    /// not finite (no class can be given).
    pub fn finish(&self, job: BatchJob) -> Result<BatchPrediction> {
        if !job.is_done() {
            return Err(Error::data(format!("only {} of {} rows are predicted yet", job.done, job.rows())));
        }
        let card = self.card();
        let n = job.rows();
        let task = card.task;
        let outputs = &job.outputs;
        let predictions = match task {
            Task::Classification { classes } => {
                let labels = predicted_labels(outputs, n, classes);
                let probs = probability_rows(outputs, n, classes);
                labels
                    .into_iter()
                    .zip(probs)
                    .enumerate()
                    .map(|(r, (label, p))| match (label, p) {
                        (Some(index), Some(probabilities)) => Ok(Prediction::Class {
                            class: card.class_names.get(index as usize).cloned().unwrap_or_default(),
                            index: index as usize,
                            probabilities,
                        }),
                        _ => Err(Error::data(format!(
                            "row {}: the model's outputs are not finite, so it gives no prediction. Check the \
                             row's values against the training ranges",
                            r + 1
                        ))),
                    })
                    .collect::<Result<Vec<_>>>()?
            }
            Task::Regression => {
                let target = &card.preparation.target;
                outputs.iter().map(|&z| Prediction::Value { value: target.decode(f64::from(z)) }).collect()
            }
        };
        let evaluation = self.evaluate(&job.conformed, outputs, task);
        Ok(BatchPrediction {
            target: card.target.clone(),
            class_names: card.class_names.clone(),
            table: job.table,
            predictions,
            notices: job.notices,
            evaluation,
        })
    }
}
