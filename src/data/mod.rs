//! Datasets: a dense feature matrix with a target, split into train and test.
//!
//! Pure Rust: no candle, no DOM. Rows are stored row-major as `f32`, the dtype the models use.

pub mod builtin;
pub mod csv;
pub mod distribution;
pub mod parts;
pub mod prepare;
pub mod schema;
pub mod split;
pub mod synthetic;
pub mod table;

use serde::{Deserialize, Serialize};

pub use split::{split_rows, split_rows_with_validation, Split};
pub use synthetic::{generate, Generator};
pub use table::{Column, ColumnData, Table};

/// What is being predicted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Task {
    /// Predict one of `classes` labels, stored in the target as `0.0, 1.0, ...`.
    Classification {
        /// Number of classes (≥ 2).
        classes: usize,
    },
    /// Predict a real number.
    Regression,
}

impl Task {
    /// True for classification tasks.
    pub fn is_classification(self) -> bool {
        matches!(self, Task::Classification { .. })
    }
}

/// A table of numeric features and one target.
///
/// Shapes: `x` is `rows × features.len()` row-major, `y` has `rows` entries.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Dataset {
    /// Feature (column) names, in order.
    pub features: Vec<String>,
    /// Feature values, row-major.
    pub x: Vec<f32>,
    /// Target per row: class index for classification, value for regression.
    pub y: Vec<f32>,
    /// What the target is.
    pub task: Task,
}

impl Dataset {
    /// Number of rows.
    pub fn rows(&self) -> usize {
        self.y.len()
    }

    /// Number of features per row.
    pub fn width(&self) -> usize {
        self.features.len()
    }

    /// The features of row `i`.
    pub fn row(&self, i: usize) -> &[f32] {
        let d = self.width();
        &self.x[i * d..(i + 1) * d]
    }

    /// A new dataset made of the given rows, in that order.
    pub fn select(&self, rows: &[usize]) -> Dataset {
        let d = self.width();
        let mut x = Vec::with_capacity(rows.len() * d);
        let mut y = Vec::with_capacity(rows.len());
        for &r in rows {
            x.extend_from_slice(self.row(r));
            y.push(self.y[r]);
        }
        Dataset { features: self.features.clone(), x, y, task: self.task }
    }
}
