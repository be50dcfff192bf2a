//! Explaining a finished run (issue 22): how its output moves with one input (partial
//! dependence and ICE curves), and which test rows it gets most wrong. Works for every model
//! that predicts on the prepared matrix — networks and every learner family — through the same
//! outputs as the test evaluation ([`super::importance`]).
//!
//! # Partial dependence and ICE
//! On `m = min(n, MAX_ROWS)` of the `n` test rows, evenly spaced (rows `⌊i·n/m⌋`), for input
//! `j` and the grid `v₁ … v_G` of [`crate::validate::feature_grid`] with its defaults (the
//! feature's distinct values when fewer than 100, else 100 values evenly spaced from the 5th to
//! the 95th percentile of those rows, as scikit-learn), the ICE curve of row `i` is
//! `ICEᵢ(v) = f(xᵢ with x_ij := v)` and the partial dependence `PD(v) = (1/m) Σᵢ ICEᵢ(v)`
//! ([`crate::validate::partial_dependence`]). `f` is the probability of one class for a
//! classifier (default: class 1 of two, else the first class) or the predicted value in the
//! target's units for a regressor. At most [`ICE_LINES`] curves are kept, a seeded sample of
//! the `m` rows ([`crate::rng::Stream::Dependence`]); the mean is over all `m`. The grid is
//! reported in the table's units (`z·scale + center`, [`units::feature_units`]).
//!
//! # The rows it gets wrong
//! Classification: the test rows whose predicted class (the evaluation's: the most probable,
//! the lowest class on ties) is not the actual one, most confident first — sorted by the
//! probability of the predicted (wrong) class, descending, ties in row order. Regression: the
//! rows with the largest absolute error `|actual − predicted|` in the target's units. At most
//! [`MAX_CASES`] are listed, each with its values in the table's units.

pub mod units;

use super::evaluation::predicted_labels;
use super::importance::outputs;
use super::Trainer;
use crate::data::Task;
use crate::error::{Error, Result};
use crate::learn::Matrix;
use crate::order::{by_numbers, Direction};
use crate::validate::{dependence::sample_rows, partial_dependence, DependenceSettings};
use serde::{Deserialize, Serialize};

/// At most this many test rows are averaged for the partial dependence (it predicts
/// `rows × grid` rows: 50 000 at most with the 100-value grid).
pub const MAX_ROWS: usize = 500;
/// The budget never takes the rows below this many (or all the test rows, if fewer).
pub const MIN_ROWS: usize = 50;
/// Time allowed for the curves' predictions, in the nanoseconds of
/// [`super::importance::work_per_row`] (half a second natively, when the estimate is right).
pub const WORK_BUDGET: f64 = 5e8;
/// At most this many ICE curves are kept.
pub const ICE_LINES: usize = 50;
/// At most this many wrong rows are listed.
pub const MAX_CASES: usize = 50;

/// Partial dependence and ICE curves of one input, in the table's units.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FeatureDependence {
    /// The input (column of the prepared matrix).
    pub feature: usize,
    /// Its name in the table's terms (`petal_length`, `colour = red`).
    pub name: String,
    /// What the curves show: `probability of setosa`, `predicted price`.
    pub output: String,
    /// The grid values, in the table's units.
    pub grid: Vec<f64>,
    /// The partial dependence at each grid value.
    pub average: Vec<f64>,
    /// The ICE curves kept (at most [`ICE_LINES`]), one value per grid value.
    pub ice: Vec<Vec<f64>>,
    /// Test rows averaged.
    pub rows: usize,
    /// Test rows there were.
    pub test_rows: usize,
}

/// Which rows [`Cases`] lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseKind {
    /// Classification: the predicted class is wrong.
    Misclassified,
    /// Regression: the largest absolute errors.
    Worst,
}

/// One test row the model gets wrong.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Case {
    /// Its position among the test rows.
    pub row: usize,
    /// The actual class name or value.
    pub actual: String,
    /// The predicted class name or value.
    pub predicted: String,
    /// The sort key: the probability of the predicted class, or the absolute error.
    pub score: f64,
    /// Each class's probability (classification; empty for regression).
    pub probabilities: Vec<f64>,
    /// The row's values, one per [`Cases::columns`].
    pub values: Vec<String>,
}

/// The test rows a model gets most wrong.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Cases {
    /// Misclassified or worst-predicted.
    pub kind: CaseKind,
    /// The table's columns of [`Case::values`].
    pub columns: Vec<String>,
    /// Class names (classification; empty for regression).
    pub classes: Vec<String>,
    /// The rows, worst first (at most [`MAX_CASES`]).
    pub cases: Vec<Case>,
    /// Misclassified test rows in all (classification), or rows ranked (regression).
    pub total: usize,
    /// Test rows there were.
    pub test_rows: usize,
}

/// The answer to [`crate::train::Command::Explain`]: one input's curves and the wrong rows,
/// or why they could not be computed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Explanation {
    /// The model's inputs, for the page's picker.
    pub features: Vec<String>,
    /// The curves of the input asked for.
    pub dependence: Option<FeatureDependence>,
    /// The test rows it gets most wrong.
    pub cases: Option<Cases>,
    /// What went wrong, if anything.
    pub error: Option<String>,
    /// Milliseconds it took, when the host has a clock.
    pub ms: Option<f64>,
}

impl Trainer {
    /// [`Trainer::explain_feature`] and [`Trainer::explain_cases`] together, as the worker
    /// answers the page.
    pub fn explain(&self, feature: usize, class: Option<usize>) -> Explanation {
        let features = self.split().test.features.clone();
        match self.explain_feature(feature, class).and_then(|d| Ok((d, self.explain_cases()?))) {
            Ok((d, c)) => Explanation { features, dependence: Some(d), cases: Some(c), error: None, ms: None },
            Err(e) => Explanation { features, dependence: None, cases: None, error: Some(e.to_string()), ms: None },
        }
    }

    /// The class a dependence curve follows by default: 1 of two classes, else the first;
    /// `None` for regression.
    pub fn default_explain_class(&self) -> Option<usize> {
        match self.split().test.task {
            Task::Classification { classes } if classes <= 2 => Some(1),
            Task::Classification { .. } => Some(0),
            Task::Regression => None,
        }
    }

    /// What the model says of `rows` rows of `x`: each class's probability (`rows × k`,
    /// `k = max(classes, 2)`), or the predicted value in the target's units.
    fn explain_outputs(&self, x: &[f32], rows: usize) -> Result<Vec<f64>> {
        let Some(fitted) = self.fitted() else {
            return Err(Error::data("the model has not been fitted yet: train it for at least one step"));
        };
        let test = &self.split().test;
        let out = outputs(&fitted, test.task, x, rows, test.width())?;
        Ok(match test.task {
            Task::Regression => {
                let decode = |v: f32| self.preparation().map_or(f64::from(v), |f| f.target.decode(f64::from(v)));
                out.into_iter().map(decode).collect()
            }
            Task::Classification { classes } if classes > 2 => out.into_iter().map(f64::from).collect(),
            Task::Classification { .. } => out.into_iter().flat_map(|p| [1.0 - f64::from(p), f64::from(p)]).collect(),
        })
    }

    /// Partial dependence and ICE curves of input `feature` (see the module docs), following
    /// the probability of `class` (classification; `None`: [`Trainer::default_explain_class`]).
    ///
    /// # Errors
    /// [`Error::Plan`] for an input or class that does not exist; [`Error::Data`] before the
    /// model is fitted; the model's prediction errors.
    pub fn explain_feature(&self, feature: usize, class: Option<usize>) -> Result<FeatureDependence> {
        let test = &self.split().test;
        let (n, d) = (test.rows(), test.width());
        let class = class.or(self.default_explain_class());
        let k = match test.task {
            Task::Classification { classes } => classes.max(2),
            Task::Regression => 1,
        };
        let names = self.class_names();
        let output = match (test.task, class) {
            (Task::Classification { .. }, Some(c)) if c < k => {
                format!("probability of {}", names.get(c).cloned().unwrap_or_else(|| c.to_string()))
            }
            (Task::Classification { .. }, c) => {
                return Err(Error::Plan(format!(
                    "class {} does not exist: choose a class from 0 to {}",
                    c.unwrap_or(k),
                    k - 1
                )))
            }
            (Task::Regression, _) => format!("predicted {}", self.preparation().map_or("value", |p| &p.target_column)),
        };
        let model = match self.fitted() {
            Some(super::importance::Fitted::Learner(m)) => Some(m),
            _ => None,
        };
        let work = super::importance::work_per_row(model.as_ref(), self.size()).max(1.0);
        let afford = (WORK_BUDGET / (100.0 * work)).floor().min(MAX_ROWS as f64) as usize;
        let m = n.min(afford.max(MIN_ROWS));
        let picked: Vec<usize> = (0..m).map(|i| i * n / m.max(1)).collect();
        let x: Vec<f32> = picked.iter().flat_map(|&i| test.row(i).iter().copied()).collect();
        let predict = |values: &[f32], rows: usize| -> Result<Vec<f64>> {
            let out = self.explain_outputs(values, rows)?;
            Ok(match (test.task, class) {
                (Task::Classification { .. }, Some(c)) => out.chunks_exact(k).map(|p| p[c]).collect(),
                _ => out,
            })
        };
        let dep = partial_dependence(Matrix::new(&x, m, d)?, feature, predict, &DependenceSettings::default())?;
        let keep = sample_rows(dep.rows.len(), Some(ICE_LINES), self.spec().seed);
        let (name, center, scale) = units::feature_units(self.preparation(), &test.features, feature);
        Ok(FeatureDependence {
            feature,
            name,
            output,
            grid: dep.grid.iter().map(|v| v * scale + center).collect(),
            average: dep.average,
            ice: keep.iter().filter_map(|&i| dep.ice.get(i).cloned()).collect(),
            rows: m,
            test_rows: n,
        })
    }

    /// The test rows the model gets most wrong (see the module docs).
    ///
    /// # Errors
    /// [`Error::Data`] before the model is fitted; the model's prediction errors.
    pub fn explain_cases(&self) -> Result<Cases> {
        let test = &self.split().test;
        let n = test.rows();
        let out = self.explain_outputs(&test.x, n)?;
        let prep = self.preparation();
        let columns = units::original_columns(prep, &test.features);
        let values = |i: usize| units::original_values(prep, test.row(i));
        let (kind, classes, mut rows, keys) = match test.task {
            Task::Classification { classes } => {
                let k = classes.max(2);
                let probs: Vec<f32> = out.iter().map(|&p| p as f32).collect();
                let predicted = predicted_labels(&probs, n, k);
                let names = self.class_names();
                let name = |c: usize| names.get(c).cloned().unwrap_or_else(|| c.to_string());
                let mut rows = Vec::new();
                for (i, p) in predicted.iter().enumerate() {
                    let actual = test.y[i];
                    match p {
                        Some(p) if actual.is_finite() && *p as f32 != actual => {
                            let pr = out[i * k..(i + 1) * k].to_vec();
                            let score = pr[*p as usize];
                            rows.push(Case {
                                row: i,
                                actual: name(actual as usize),
                                predicted: name(*p as usize),
                                score,
                                probabilities: pr,
                                values: values(i),
                            });
                        }
                        _ => {}
                    }
                }
                let keys: Vec<f64> = rows.iter().map(|c| c.score).collect();
                (CaseKind::Misclassified, names, rows, keys)
            }
            Task::Regression => {
                let decode = |v: f32| prep.map_or(f64::from(v), |f| f.target.decode(f64::from(v)));
                let rows: Vec<Case> = (0..n)
                    .map(|i| {
                        let (a, p) = (decode(test.y[i]), out[i]);
                        Case {
                            row: i,
                            actual: units::number(a),
                            predicted: units::number(p),
                            score: if (a - p).is_finite() { (a - p).abs() } else { f64::NEG_INFINITY },
                            probabilities: Vec::new(),
                            values: values(i),
                        }
                    })
                    .collect();
                let keys: Vec<f64> = rows.iter().map(|c| c.score).collect();
                (CaseKind::Worst, Vec::new(), rows, keys)
            }
        };
        let total = rows.len();
        let order = by_numbers(&keys, Direction::Descending);
        let mut slots: Vec<Option<Case>> = rows.drain(..).map(Some).collect();
        let cases = order.into_iter().take(MAX_CASES).filter_map(|i| slots[i].take()).collect();
        Ok(Cases { kind, columns, classes, cases, total, test_rows: n })
    }
}

#[cfg(test)]
mod tests;
