//! Seeded train / validation / test split, stratified by class when there are classes.

use crate::error::{Error, Result};
use crate::rng::{SeededRng, Stream};
use serde::{Deserialize, Serialize};

/// Shares of the rows for training and validation; the test set gets the rest.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct SplitFractions {
    /// Training share, 0.1 to 0.9.
    pub train: f64,
    /// Validation share, 0 to 0.5.
    pub validation: f64,
}

/// Splits row positions `0..n` into (train, validation, test), each sorted ascending.
///
/// With `strata` (one class index per row) each class is split in the same proportions, so a
/// rare class is not missing from the test set by chance. Every class contributes
/// `round(train·n_c)` rows to training and `round(validation·n_c)` to validation (capped by what
/// is left); overall at least one row goes to training and one to testing.
pub fn stratified_split(
    n: usize,
    strata: Option<&[usize]>,
    fractions: SplitFractions,
    seed: u64,
) -> Result<(Vec<usize>, Vec<usize>, Vec<usize>)> {
    if n < 2 {
        return Err(Error::data(format!("only {n} usable rows: at least 2 are needed to train and to test")));
    }
    let mut rng = SeededRng::new(seed, Stream::Split);
    let groups: Vec<Vec<usize>> = match strata {
        None => vec![(0..n).collect()],
        Some(s) => {
            let k = s.iter().copied().max().map_or(0, |m| m + 1);
            let mut g = vec![Vec::new(); k];
            for (i, &c) in s.iter().enumerate() {
                g[c].push(i);
            }
            g
        }
    };
    let (mut train, mut validation, mut test) = (Vec::new(), Vec::new(), Vec::new());
    for mut group in groups {
        rng.shuffle(&mut group);
        let m = group.len();
        let n_train = ((fractions.train * m as f64).round() as usize).min(m);
        let n_val = ((fractions.validation * m as f64).round() as usize).min(m - n_train);
        train.extend_from_slice(&group[..n_train]);
        validation.extend_from_slice(&group[n_train..n_train + n_val]);
        test.extend_from_slice(&group[n_train + n_val..]);
    }
    if test.is_empty() {
        if let Some(r) = validation.pop().or_else(|| train.pop()) {
            test.push(r);
        }
    }
    if train.is_empty() {
        if let Some(r) = validation.pop().or_else(|| if test.len() > 1 { test.pop() } else { None }) {
            train.push(r);
        }
    }
    train.sort_unstable();
    validation.sort_unstable();
    test.sort_unstable();
    Ok((train, validation, test))
}
