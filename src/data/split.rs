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

/// Splits `data` three ways: training as [`split_rows`], then the first
/// `round(validation_fraction · n)` of the held-out rows for validation (at least one row stays
/// for testing). With `validation_fraction = 0` this is exactly [`split_rows`].
pub fn split_rows_with_validation(
    data: &Dataset,
    train_fraction: f64,
    validation_fraction: f64,
    seed: u64,
) -> (Split, Dataset) {
    let split = split_rows(data, train_fraction, seed);
    let held = split.test.rows();
    let n_val = ((validation_fraction * data.rows() as f64).round() as usize).min(held.saturating_sub(1));
    let validation: Vec<usize> = (0..n_val).collect();
    let test: Vec<usize> = (n_val..held).collect();
    let out = Split { train: split.train, test: split.test.select(&test) };
    (out, split.test.select(&validation))
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
    fn validation_comes_from_the_held_out_rows() {
        let plain = split_rows(&table(20), 0.6, 3);
        let (s, v) = split_rows_with_validation(&table(20), 0.6, 0.25, 3);
        assert_eq!((s.train.rows(), v.rows(), s.test.rows()), (12, 5, 3));
        assert_eq!(s.train, plain.train, "the training rows do not depend on the validation share");
        let mut held: Vec<f32> = v.x.iter().chain(&s.test.x).copied().collect();
        let mut want = plain.test.x.clone();
        held.sort_by(f32::total_cmp);
        want.sort_by(f32::total_cmp);
        assert_eq!(held, want);
        let (s0, v0) = split_rows_with_validation(&table(20), 0.6, 0.0, 3);
        assert_eq!((s0, v0.rows()), (plain, 0));
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
