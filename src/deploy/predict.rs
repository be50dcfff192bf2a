//! Predictions of an exported model on new rows: one form row, a table, or CSV bytes read
//! with the app's CSV reader; and, when the rows carry the target, the model's evaluation on
//! them (the same report as the training's test evaluation).

use super::card::{BaselineFit, ModelCard};
use super::conform::{parse_number, read_options};
use super::ModelBundle;
use crate::data::csv::numbers::{is_missing, trim};
use crate::data::csv::ReadOptions;
use crate::data::table::{Column, Table};
use crate::data::Task;
use crate::error::{Error, Result};
use crate::model::Mlp;
use crate::train::evaluation::{classification_report, regression_report_with_mean};
use crate::train::Evaluation;
use candle_core::{Device, Tensor};
use serde::{Deserialize, Serialize};

/// The prediction for one row.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Prediction {
    /// Classification: the most probable class (lowest index on ties) and every class's
    /// probability (in class order, summing to 1).
    Class {
        /// Class name.
        class: String,
        /// Class index (into [`ModelCard::class_names`]).
        index: usize,
        /// Probability of each class.
        probabilities: Vec<f64>,
    },
    /// Regression: the predicted value in the target's units.
    Value {
        /// The value.
        value: f64,
    },
}

/// The model's evaluation on new rows that carry the target.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LabelledEvaluation {
    /// Rows with a target value (evaluated, except classes the model does not know).
    pub labelled: usize,
    /// Rows without a target value (not evaluated).
    pub unlabelled: usize,
    /// The report, with the baseline fitted on the training rows, as in training.
    pub evaluation: Evaluation,
}

/// Predictions for a batch of rows.
#[derive(Clone, Debug)]
pub struct BatchPrediction {
    /// The model's target column name.
    pub target: String,
    /// The model's class names (empty for regression).
    pub class_names: Vec<String>,
    /// The rows as given (every column, for writing them back with the predictions).
    pub table: Table,
    /// One prediction per row, in order.
    pub predictions: Vec<Prediction>,
    /// What the user should know: how the file was read, cells filled in, unseen categories.
    pub notices: Vec<String>,
    /// The evaluation, when the rows carry the target column.
    pub evaluation: Option<LabelledEvaluation>,
}

/// The prediction for one row given as text, with what was filled in.
#[derive(Clone, Debug, PartialEq)]
pub struct RowPrediction {
    /// The prediction.
    pub prediction: Prediction,
    /// Notices (a missing value filled, an unseen category).
    pub notices: Vec<String>,
}

/// An exported model ready to predict.
#[derive(Debug)]
pub struct Predictor {
    bundle: ModelBundle,
    /// The network (`None` when the bundle's model is not one: [`ModelBundle::learner`]).
    model: Option<Mlp>,
}

impl Predictor {
    /// Builds the network of `bundle`.
    ///
    /// # Errors
    /// Tensor errors (a bug: the bundle was checked when read).
    pub fn new(bundle: ModelBundle) -> Result<Self> {
        let model = bundle.model()?;
        Ok(Self { bundle, model })
    }

    /// The model card.
    pub fn card(&self) -> &ModelCard {
        &self.bundle.card
    }

    /// The bundle.
    pub fn bundle(&self) -> &ModelBundle {
        &self.bundle
    }

    /// How CSV files of new rows are read (see [`read_options`]).
    pub fn read_options(&self) -> ReadOptions {
        read_options(self.card())
    }

    /// Predicts every row of a CSV file with (at least) the original input columns, read like
    /// the app reads files.
    ///
    /// # Errors
    /// The reader's refusals ([`Error::Data`] with line and column, including a cell that is not
    /// a number in a numeric input), and as [`Predictor::predict_table`].
    pub fn predict_csv(&self, bytes: &[u8]) -> Result<BatchPrediction> {
        let mut job = self.start_csv(bytes)?;
        self.advance(&mut job, usize::MAX)?;
        self.finish(job)
    }

    /// Predicts every row of `table`. Columns the model does not read are ignored; the target
    /// column, when present, is used to evaluate the model.
    ///
    /// # Errors
    /// [`Error::MissingColumns`]; [`Error::Data`] for a cell that is not a number in a
    /// numeric input.
    pub fn predict_table(&self, table: &Table) -> Result<BatchPrediction> {
        let mut job = self.start_batch(table.clone(), Vec::new())?;
        self.advance(&mut job, usize::MAX)?;
        self.finish(job)
    }

    /// Predicts one row given as `(column, text)` pairs, as a form sends them: numbers in the
    /// numeric inputs (a missing token or empty text is filled as in training), category names
    /// in the categorical ones.
    ///
    /// # Errors
    /// [`Error::MissingColumns`] when an input is absent; [`Error::Data`] naming the column
    /// for text that is not a number in a numeric input.
    pub fn predict_row<K: AsRef<str>, V: AsRef<str>>(&self, values: &[(K, V)]) -> Result<RowPrediction> {
        let card = self.card();
        let get = |name: &str| values.iter().find(|(k, _)| k.as_ref() == name).map(|(_, v)| v.as_ref());
        let missing: Vec<String> = card.input_names().into_iter().filter(|n| get(n).is_none()).collect();
        if !missing.is_empty() {
            return Err(Error::MissingColumns { missing, expected: card.input_names() });
        }
        let mut columns = Vec::new();
        for input in &card.inputs {
            let text = get(&input.name).unwrap_or_default();
            let column = if input.reads_numbers() {
                let v = parse_number(text).ok_or_else(|| Error::Data {
                    message: format!(
                        "`{}` is not a number: type a number (like {}), or leave it empty to fill it as in training",
                        text.trim(),
                        example(card, &input.name)
                    ),
                    line: None,
                    column: Some(input.name.clone()),
                })?;
                Column::numeric(input.name.clone(), vec![v])
            } else {
                let cell = (!is_missing(trim(text.as_bytes()))).then(|| text.trim());
                Column::text(input.name.clone(), &[cell])
            };
            columns.push(column);
        }
        let batch = self.predict_table(&Table { columns })?;
        let prediction = batch.predictions.into_iter().next().ok_or_else(|| Error::data("no prediction was made"))?;
        Ok(RowPrediction { prediction, notices: batch.notices })
    }

    /// Model outputs for `n` prepared rows: probabilities (`n × k`, or `n × 1` P(class 1) for
    /// two classes) or standardised values, computed exactly as the trainer's test evaluation.
    pub(super) fn forward(&self, x: &[f32], n: usize) -> Result<(Vec<f32>, Task)> {
        let task = self.card().task;
        let width = self.card().architecture.inputs;
        let Some(network) = &self.model else { return Ok((self.learner_outputs(x, n, width)?, task)) };
        let z = network.forward(&Tensor::from_slice(x, (n, width), &Device::Cpu)?)?;
        let out = match task {
            Task::Classification { classes } if classes > 2 => candle_nn::ops::softmax_last_dim(&z)?,
            Task::Classification { .. } => candle_nn::ops::sigmoid(&z)?,
            Task::Regression => z,
        };
        Ok((out.flatten_all()?.to_vec1()?, task))
    }

    /// [`Predictor::forward`] for a model that is not a network: the same outputs as the
    /// trainer's test evaluation takes from it.
    fn learner_outputs(&self, x: &[f32], n: usize, width: usize) -> Result<Vec<f32>> {
        use crate::learn::Predictor as _;
        let model = self.bundle.learner.as_ref().ok_or_else(|| Error::data("the bundle holds no model"))?;
        let m = crate::learn::Matrix::new(x, n, width)?;
        Ok(match self.card().task {
            Task::Regression => model.predict(m)?,
            Task::Classification { classes } if classes > 2 => {
                model.predict_proba(m)?.into_iter().map(|v| v as f32).collect()
            }
            Task::Classification { .. } => model.predict_proba(m)?.chunks_exact(2).map(|p| p[1] as f32).collect(),
        })
    }

    /// The evaluation on the rows whose target is present (`None` without a target column).
    pub(super) fn evaluate(&self, table: &Table, outputs: &[f32], task: Task) -> Option<LabelledEvaluation> {
        let card = self.card();
        let target = table.column(&card.target)?;
        let labelled: Vec<usize> = (0..target.len()).filter(|&r| !target.is_missing(r)).collect();
        let encoding = &card.preparation.target;
        let evaluation = match (task, &card.baseline) {
            (Task::Classification { classes }, BaselineFit::Classes { train_counts }) => {
                let width = if classes > 2 { classes } else { 1 };
                // A class the model does not know encodes as NaN: label u32::MAX, which the
                // report skips and counts.
                let actual: Vec<u32> = labelled
                    .iter()
                    .map(|&r| encoding.encode(target, r))
                    .map(|v| if v.is_nan() { u32::MAX } else { v as u32 })
                    .collect();
                let probs: Vec<f32> =
                    labelled.iter().flat_map(|&r| outputs[r * width..(r + 1) * width].to_vec()).collect();
                let train: Vec<u32> = train_counts
                    .iter()
                    .enumerate()
                    .flat_map(|(c, &n)| std::iter::repeat_n(c as u32, n as usize))
                    .collect();
                Evaluation::Classification(classification_report(&actual, &probs, classes, &train))
            }
            (Task::Regression, BaselineFit::Mean { mean }) => {
                // Through the same encode → decode → f32 path as the test evaluation, so that
                // the training's own test rows give the very same report.
                let decode = |v: f32| encoding.decode(f64::from(v)) as f32;
                let actual: Vec<f32> = labelled.iter().map(|&r| decode(encoding.encode(target, r))).collect();
                let predicted: Vec<f32> = labelled.iter().map(|&r| decode(outputs[r])).collect();
                Evaluation::Regression(regression_report_with_mean(&actual, &predicted, *mean))
            }
            _ => return None,
        };
        Some(LabelledEvaluation { labelled: labelled.len(), unlabelled: target.len() - labelled.len(), evaluation })
    }
}

/// A typical value of input `name` for messages: its training fill value.
fn example(card: &ModelCard, name: &str) -> String {
    match card.input(name).map(|c| &c.kind) {
        Some(super::card::InputKind::Numeric { fill, .. }) => crate::viz::compact_number(*fill),
        _ => "1.5".into(),
    }
}
