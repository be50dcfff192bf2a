//! The model's output sampled on a regular grid over the data plane, for decision-boundary
//! heat maps. Numbers only: drawing is in [`crate::viz`].

use serde::{Deserialize, Serialize};

/// Model output on a `resolution × resolution` grid of cell centres.
///
/// Cell `(i, j)` (column `i` along x1, row `j` along x2, both from the low end) has its centre
/// at `x1 = x_min + (i + 0.5)·(x_max − x_min)/resolution`, likewise for x2, and its value at
/// `values[j * resolution + i]`. For classification the value is the probability of class 1;
/// for regression it is the predicted target.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DecisionGrid {
    /// Cells per side.
    pub resolution: usize,
    /// Range of the first feature (x1).
    pub x_range: (f64, f64),
    /// Range of the second feature (x2).
    pub y_range: (f64, f64),
    /// Row-major values, `resolution²` of them.
    pub values: Vec<f32>,
    /// For more than two classes: the predicted class's probability per cell (`values` then
    /// holds the class index), so a map can shade by confidence. Empty otherwise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub confidence: Vec<f32>,
}

impl DecisionGrid {
    /// Centres of all cells, as row-major `[x1, x2]` pairs in the order of `values`.
    pub fn cell_centres(resolution: usize, x_range: (f64, f64), y_range: (f64, f64)) -> Vec<f32> {
        let mut out = Vec::with_capacity(resolution * resolution * 2);
        let dx = (x_range.1 - x_range.0) / resolution as f64;
        let dy = (y_range.1 - y_range.0) / resolution as f64;
        for j in 0..resolution {
            for i in 0..resolution {
                out.push((x_range.0 + (i as f64 + 0.5) * dx) as f32);
                out.push((y_range.0 + (j as f64 + 0.5) * dy) as f32);
            }
        }
        out
    }

    /// The value of cell `(i, j)`.
    pub fn at(&self, i: usize, j: usize) -> f32 {
        self.values[j * self.resolution + i]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn centres_by_hand() {
        let c = DecisionGrid::cell_centres(2, (-1.0, 1.0), (0.0, 4.0));
        assert_eq!(c, vec![-0.5, 1.0, 0.5, 1.0, -0.5, 3.0, 0.5, 3.0]);
    }
}
