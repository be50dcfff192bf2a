//! The learners' input: a borrowed row-major `f32` matrix, the checks on targets, and the two
//! scores the learners report (accuracy, R²).

use crate::data::Task;
use crate::error::{Error, Result};

/// A borrowed row-major matrix: `rows × width` values, row `i` at `x[i·width .. (i+1)·width]`.
#[derive(Clone, Copy, Debug)]
pub struct Matrix<'a> {
    x: &'a [f32],
    rows: usize,
    width: usize,
}

impl<'a> Matrix<'a> {
    /// A view of `x` as `rows × width`.
    ///
    /// # Errors
    /// [`Error::Data`] when `x.len() != rows · width`.
    pub fn new(x: &'a [f32], rows: usize, width: usize) -> Result<Self> {
        if rows.checked_mul(width) != Some(x.len()) {
            return Err(Error::data(format!(
                "the feature matrix has {} values, not {rows} rows × {width} columns",
                x.len()
            )));
        }
        Ok(Matrix { x, rows, width })
    }

    /// A view of a [`crate::data::Dataset`]'s features.
    pub fn of(data: &'a crate::data::Dataset) -> Result<Self> {
        Matrix::new(&data.x, data.rows(), data.width())
    }

    /// Number of rows.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Number of columns.
    pub fn width(&self) -> usize {
        self.width
    }

    /// Row `i` (panics if `i ≥ rows`, like slice indexing).
    pub fn row(&self, i: usize) -> &'a [f32] {
        &self.x[i * self.width..(i + 1) * self.width]
    }

    /// Value at row `i`, column `j`.
    pub fn get(&self, i: usize, j: usize) -> f32 {
        self.x[i * self.width + j]
    }

    /// The values, row-major.
    pub fn values(&self) -> &'a [f32] {
        self.x
    }

    /// Errs unless the matrix has `width` columns (a model fitted on `width` features).
    pub(crate) fn expect_width(&self, width: usize) -> Result<()> {
        if self.width != width {
            return Err(Error::data(format!(
                "the model was fitted on {width} features but the rows have {}",
                self.width
            )));
        }
        Ok(())
    }
}

/// Number of classes of a classification task, 0 for regression.
pub(crate) fn classes(task: Task) -> usize {
    match task {
        Task::Classification { classes } => classes,
        Task::Regression => 0,
    }
}

/// Checks targets before a fit: one per row, at least one row, class indices that are whole
/// numbers below the class count (classification), finite values (regression).
pub(crate) fn check_targets(y: &[f32], rows: usize, task: Task) -> Result<()> {
    if y.len() != rows {
        return Err(Error::data(format!("there are {rows} rows but {} target values", y.len())));
    }
    if rows == 0 {
        return Err(Error::data("there are no training rows: a model needs at least one"));
    }
    if u32::try_from(rows).is_err() {
        return Err(Error::data(format!("{rows} rows is more than a model can be fitted on (4,294,967,295)")));
    }
    match task {
        Task::Classification { classes } => {
            if classes == 0 {
                return Err(Error::data("a classification task needs at least one class"));
            }
            if let Some(v) = y.iter().find(|&&v| !(v >= 0.0 && v.fract() == 0.0 && (v as usize) < classes)) {
                return Err(Error::data(format!(
                    "target {v} is not a class index between 0 and {} (classification targets are \
                     encoded as 0, 1, 2, …)",
                    classes - 1
                )));
            }
        }
        Task::Regression => {
            if let Some(v) = y.iter().find(|v| !v.is_finite()) {
                return Err(Error::data(format!(
                    "target {v} is not a number: fill or remove rows with a missing target"
                )));
            }
        }
    }
    Ok(())
}

/// Share of rows whose predicted class equals the actual one; 0 for no rows.
pub fn accuracy(predicted: &[f32], actual: &[f32]) -> f64 {
    if actual.is_empty() {
        return 0.0;
    }
    predicted.iter().zip(actual).filter(|(p, a)| p == a).count() as f64 / actual.len() as f64
}

/// Coefficient of determination `1 − Σ(y − ŷ)² / Σ(y − ȳ)²` in `f64` (scikit-learn's
/// `r2_score`: 1 for a perfect fit of a constant target, 0 for an imperfect one); 0 for no rows.
pub fn r2(predicted: &[f32], actual: &[f32]) -> f64 {
    if actual.is_empty() {
        return 0.0;
    }
    let n = actual.len() as f64;
    let mean = actual.iter().map(|&v| f64::from(v)).sum::<f64>() / n;
    let total: f64 = actual.iter().map(|&v| (f64::from(v) - mean) * (f64::from(v) - mean)).sum();
    let residual: f64 = predicted
        .iter()
        .zip(actual)
        .map(|(&p, &a)| {
            let d = f64::from(a) - f64::from(p);
            d * d
        })
        .sum();
    if total == 0.0 {
        return if residual == 0.0 { 1.0 } else { 0.0 };
    }
    1.0 - residual / total
}

/// The score a model of `task` reports: accuracy or R².
pub(crate) fn score(task: Task, predicted: &[f32], actual: &[f32]) -> f64 {
    if task.is_classification() {
        accuracy(predicted, actual)
    } else {
        r2(predicted, actual)
    }
}
