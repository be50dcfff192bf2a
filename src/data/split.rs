//! Seeded train/test split.

use super::Dataset;
use crate::rng::{SeededRng, Stream};
use serde::{Deserialize, Serialize};

/// A dataset divided into a training part and a held-out test part.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Split {
    /// Rows the model learns from.
    pub train: Dataset,
    /// Rows kept aside to measure generalisation.
    pub test: Dataset,
}

/// Shuffles the rows with the experiment seed and puts the first `round(train_fraction · n)`
/// into the training set (at least one row in each part when `n ≥ 2`).
pub fn split_rows(data: &Dataset, train_fraction: f64, seed: u64) -> Split {
    let n = data.rows();
    let mut order: Vec<usize> = (0..n).collect();
    SeededRng::new(seed, Stream::Split).shuffle(&mut order);
    let mut n_train = (train_fraction * n as f64).round() as usize;
    if n >= 2 {
        n_train = n_train.clamp(1, n - 1);
    } else {
        n_train = n;
    }
    Split { train: data.select(&order[..n_train]), test: data.select(&order[n_train..]) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Task;

    fn table(n: usize) -> Dataset {
        Dataset {
            features: vec!["a".into()],
            x: (0..n).map(|i| i as f32).collect(),
            y: (0..n).map(|i| (i % 2) as f32).collect(),
            task: Task::Classification { classes: 2 },
        }
    }

    #[test]
    fn sizes_and_disjoint_cover() {
        let s = split_rows(&table(10), 0.7, 1);
        assert_eq!(s.train.rows(), 7);
        assert_eq!(s.test.rows(), 3);
        let mut all: Vec<f32> = s.train.x.iter().chain(&s.test.x).copied().collect();
        all.sort_by(f32::total_cmp);
        assert_eq!(all, (0..10).map(|i| i as f32).collect::<Vec<_>>());
    }

    #[test]
    fn keeps_one_row_each_side() {
        assert_eq!(split_rows(&table(5), 1.0, 1).test.rows(), 1);
        assert_eq!(split_rows(&table(5), 0.0, 1).train.rows(), 1);
    }

    #[test]
    fn seeded() {
        assert_eq!(split_rows(&table(50), 0.5, 3), split_rows(&table(50), 0.5, 3));
        assert_ne!(split_rows(&table(50), 0.5, 3), split_rows(&table(50), 0.5, 4));
    }
}
