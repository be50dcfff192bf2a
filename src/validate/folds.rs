//! Cross-validation folds: which rows each fold trains on and which it tests on.
//!
//! One split of the rows into training and test is one sample of what the model would score on
//! new data; on a small table the test score moves by a lot from one split to the next. k-fold
//! cross-validation cuts the rows into `k` disjoint test blocks and trains `k` times, each time
//! on every row outside the block, so every row is tested exactly once and the `k` scores show
//! the spread as well as the level.
//!
//! Four ways to cut, as scikit-learn's splitters (`sklearn.model_selection`):
//! - [`k_fold`] (`KFold`): contiguous blocks of the rows in order, or of a seeded permutation of
//!   them. The first `n mod k` folds get `⌊n/k⌋ + 1` rows, the others `⌊n/k⌋`.
//! - [`stratified_k_fold`] (`StratifiedKFold`): every fold gets each class in the proportion of
//!   the whole table — each fold's count of class `c` is `⌊n_c/k⌋` or `⌈n_c/k⌉` — and the fold
//!   sizes are within one row of each other. Classes are numbered by first appearance; the rows
//!   sorted by that number are dealt round-robin to the folds (row `i` of the sorted order to
//!   fold `i mod k`), which fixes how many rows of each class each fold gets; then each class's
//!   rows, in table order, fill its folds in fold order (shuffled: in a seeded random order).
//! - [`group_k_fold`] (`GroupKFold`): rows sharing a group value (a patient, a site, a day) are
//!   never split across folds, so no fold is tested on a group it trained on. Groups are placed
//!   largest first, each on the fold with the fewest rows so far (the longest-processing-time
//!   rule), which balances the fold sizes.
//! - [`time_series_split`] (`TimeSeriesSplit`): for rows in time order, fold `i` tests on a block
//!   of `test_size` rows (default `⌊n/(k+1)⌋`) and trains on every row before it — optionally
//!   leaving out the `gap` rows just before the block, and at most `max_train` rows — so the
//!   model never sees the future. The `k` test blocks are the last `k·test_size` rows; the first
//!   rows are never tested. [`time_series_split_by`] orders the rows by a time column first.
//!
//! # Where this differs from scikit-learn
//! Unshuffled, the folds are scikit-learn's, row for row (checked by `tests/validate_reference.rs`).
//! Shuffled folds draw from [`Stream::Folds`] of the experiment seed, not from NumPy's
//! generator, so they are different folds with the same properties. Shuffled group k-fold places
//! the groups, in a seeded random order, each on the fold with the fewest rows so far;
//! scikit-learn's `GroupKFold(shuffle=True)` deals a permutation of the groups into `k` runs of
//! equal *group counts*, whatever their sizes, which can make one fold several times larger than
//! another. Stratified k-fold refuses a class with fewer rows than folds (scikit-learn only
//! warns, unless every class is that small): some test folds would then lack that class.
//! In every [`Fold`], train and test rows are listed in ascending order (scikit-learn lists a
//! shuffled `KFold`'s test rows in permuted order).

use super::error::{ValidateError, ValidateResult};
use crate::rng::{SeededRng, Stream};
use serde::{Deserialize, Serialize};

/// One fold: the rows to train on and the rows to test on, disjoint; each list ascending (in
/// time order for [`time_series_split_by`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fold {
    /// Training rows.
    pub train: Vec<usize>,
    /// Test rows.
    pub test: Vec<usize>,
}

/// How to cut the rows into folds: the setting a spec keeps; [`make_folds`] applies it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Folding {
    /// [`k_fold`].
    KFold {
        /// Number of folds (≥ 2).
        k: usize,
        /// Shuffle the rows (with the seed) before cutting.
        shuffle: bool,
    },
    /// [`stratified_k_fold`] by class.
    Stratified {
        /// Number of folds (≥ 2).
        k: usize,
        /// Deal each class's rows to its folds in a seeded random order.
        shuffle: bool,
    },
    /// [`group_k_fold`] on a group column.
    Group {
        /// Number of folds (≥ 2).
        k: usize,
        /// Place the groups in a seeded random order instead of largest first.
        shuffle: bool,
    },
    /// [`time_series_split`] on rows in time order.
    TimeSeries(SeriesSettings),
}

/// The settings of a time-series split.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeriesSettings {
    /// Number of folds (≥ 2).
    pub k: usize,
    /// Rows left out between the end of training and the test block (0: none).
    #[serde(default)]
    pub gap: usize,
    /// Test rows per fold; `None`: `⌊n/(k+1)⌋`.
    #[serde(default)]
    pub test_size: Option<usize>,
    /// At most this many training rows (the latest ones); `None`: all the past.
    #[serde(default)]
    pub max_train: Option<usize>,
}

impl Folding {
    /// The usual choice: `k` stratified folds for a classification target, `k` folds otherwise,
    /// shuffled with the seed (a table sorted by its target would otherwise give folds that
    /// each miss part of its range).
    pub fn standard(k: usize, classification: bool) -> Self {
        if classification {
            Folding::Stratified { k, shuffle: true }
        } else {
            Folding::KFold { k, shuffle: true }
        }
    }

    /// The number of folds.
    pub fn k(&self) -> usize {
        match *self {
            Folding::KFold { k, .. } | Folding::Stratified { k, .. } | Folding::Group { k, .. } => k,
            Folding::TimeSeries(s) => s.k,
        }
    }
}

/// The folds of `rows` rows as `folding` says. `labels` (class index per row) is needed by
/// [`Folding::Stratified`], `groups` (a group code per row) by [`Folding::Group`]; a time series
/// takes the rows in the given order. Shuffles draw from [`Stream::Folds`] of `seed`.
///
/// # Errors
/// As the splitter it calls; [`ValidateError::Setting`] when `labels` or `groups` is needed but
/// absent.
pub fn make_folds(
    folding: &Folding,
    rows: usize,
    labels: Option<&[usize]>,
    groups: Option<&[u64]>,
    seed: u64,
) -> ValidateResult<Vec<Fold>> {
    let shuffled = |on: bool| on.then_some(seed);
    match *folding {
        Folding::KFold { k, shuffle } => k_fold(rows, k, shuffled(shuffle)),
        Folding::Stratified { k, shuffle } => {
            let labels = labels.ok_or_else(|| {
                ValidateError::Setting("stratified folds need a class target: use plain k-fold for regression".into())
            })?;
            check_len("class labels", labels.len(), rows)?;
            stratified_k_fold(labels, k, shuffled(shuffle))
        }
        Folding::Group { k, shuffle } => {
            let groups =
                groups.ok_or_else(|| ValidateError::Setting("group folds need a group column: choose one".into()))?;
            check_len("group values", groups.len(), rows)?;
            group_k_fold(groups, k, shuffled(shuffle))
        }
        Folding::TimeSeries(s) => time_series_split(rows, s),
    }
}

fn check_len(what: &'static str, found: usize, rows: usize) -> ValidateResult<()> {
    if found == rows {
        Ok(())
    } else {
        Err(ValidateError::LengthMismatch { what, found, rows })
    }
}

fn check_k(k: usize, rows: usize) -> ValidateResult<()> {
    if k < 2 {
        return Err(ValidateError::TooFewFolds { k });
    }
    if k > rows {
        return Err(ValidateError::MoreFoldsThanRows { k, rows });
    }
    Ok(())
}

/// The folds from each row's test fold (`fold_of[i] < k`): fold `f` tests on the rows with
/// `fold_of[i] == f` and trains on the others, both ascending.
pub fn folds_from_assignment(fold_of: &[usize], k: usize) -> Vec<Fold> {
    (0..k)
        .map(|f| {
            let (test, train): (Vec<usize>, Vec<usize>) = (0..fold_of.len()).partition(|&i| fold_of[i] == f);
            Fold { train, test }
        })
        .collect()
}

/// Each row's test fold (`None` for a row no fold tests, as the first rows of a time series),
/// for a chart of the folds.
pub fn test_fold_of_rows(folds: &[Fold], rows: usize) -> Vec<Option<usize>> {
    let mut out = vec![None; rows];
    for (f, fold) in folds.iter().enumerate() {
        for &i in &fold.test {
            if let Some(slot) = out.get_mut(i) {
                *slot = Some(f);
            }
        }
    }
    out
}

/// k-fold: `k` contiguous blocks of the rows (of a permutation drawn with `shuffle = Some(seed)`),
/// the first `rows mod k` one row larger.
///
/// # Errors
/// [`ValidateError::TooFewFolds`] for `k < 2`, [`ValidateError::MoreFoldsThanRows`] for `k > rows`.
pub fn k_fold(rows: usize, k: usize, shuffle: Option<u64>) -> ValidateResult<Vec<Fold>> {
    check_k(k, rows)?;
    let mut order: Vec<usize> = (0..rows).collect();
    if let Some(seed) = shuffle {
        SeededRng::new(seed, Stream::Folds).shuffle(&mut order);
    }
    let mut fold_of = vec![0; rows];
    let mut start = 0;
    for f in 0..k {
        let size = rows / k + usize::from(f < rows % k);
        for &i in &order[start..start + size] {
            fold_of[i] = f;
        }
        start += size;
    }
    Ok(folds_from_assignment(&fold_of, k))
}

/// Stratified k-fold on class labels (any `usize` values; see the module doc for the method).
///
/// # Errors
/// As [`k_fold`]; [`ValidateError::ClassTooSmall`] when a class has fewer than `k` rows.
pub fn stratified_k_fold(labels: &[usize], k: usize, shuffle: Option<u64>) -> ValidateResult<Vec<Fold>> {
    check_k(k, labels.len())?;
    // Classes numbered by first appearance (scikit-learn's `y_encoded`).
    let mut seen: Vec<usize> = Vec::new();
    let mut number: std::collections::BTreeMap<usize, usize> = std::collections::BTreeMap::new();
    let encoded: Vec<usize> = labels
        .iter()
        .map(|&l| {
            *number.entry(l).or_insert_with(|| {
                seen.push(l);
                seen.len() - 1
            })
        })
        .collect();
    let mut counts = vec![0usize; seen.len()];
    for &c in &encoded {
        counts[c] += 1;
    }
    if let Some((c, &count)) = counts.iter().enumerate().find(|(_, &n)| n < k) {
        return Err(ValidateError::ClassTooSmall { class: seen[c], count, k });
    }
    // Round robin over the rows sorted by class: class c holds sorted positions
    // start_c .. start_c + n_c, and fold f gets those ≡ f (mod k).
    let mut rng = shuffle.map(|seed| SeededRng::new(seed, Stream::Folds));
    let mut rows_of: Vec<Vec<usize>> = vec![Vec::new(); seen.len()];
    for (i, &c) in encoded.iter().enumerate() {
        rows_of[c].push(i);
    }
    let mut fold_of = vec![0; labels.len()];
    let mut start = 0;
    for (c, rows) in rows_of.iter().enumerate() {
        let mut folds_for_class: Vec<usize> = Vec::with_capacity(counts[c]);
        for f in 0..k {
            let in_fold = (start..start + counts[c]).filter(|p| p % k == f).count();
            folds_for_class.extend(std::iter::repeat_n(f, in_fold));
        }
        if let Some(rng) = rng.as_mut() {
            rng.shuffle(&mut folds_for_class);
        }
        for (&i, &f) in rows.iter().zip(&folds_for_class) {
            fold_of[i] = f;
        }
        start += counts[c];
    }
    Ok(folds_from_assignment(&fold_of, k))
}

/// Group k-fold: the rows of a group value all land in the same fold.
///
/// Unshuffled: distinct groups in ascending order, then ordered by size, largest first (equal
/// sizes: the larger group value first, as scikit-learn's reversed stable sort), each placed on
/// the fold with the fewest rows so far (the lowest fold on ties). Shuffled: the groups in a
/// seeded random order instead, placed the same way.
///
/// # Errors
/// [`ValidateError::TooFewFolds`] for `k < 2`, [`ValidateError::TooFewGroups`] when there are fewer
/// distinct groups than `k`.
pub fn group_k_fold<G: Ord>(groups: &[G], k: usize, shuffle: Option<u64>) -> ValidateResult<Vec<Fold>> {
    if k < 2 {
        return Err(ValidateError::TooFewFolds { k });
    }
    // Distinct groups ascending, and each row's group number.
    let mut sorted: Vec<usize> = (0..groups.len()).collect();
    sorted.sort_by(|&a, &b| groups[a].cmp(&groups[b]));
    let mut group_of = vec![0usize; groups.len()];
    let mut sizes: Vec<usize> = Vec::new();
    for (p, &i) in sorted.iter().enumerate() {
        if p == 0 || groups[sorted[p - 1]] != groups[i] {
            sizes.push(0);
        }
        let g = sizes.len() - 1;
        group_of[i] = g;
        sizes[g] += 1;
    }
    if sizes.len() < k {
        return Err(ValidateError::TooFewGroups { groups: sizes.len(), k });
    }
    let mut order: Vec<usize> = (0..sizes.len()).collect();
    match shuffle {
        Some(seed) => SeededRng::new(seed, Stream::Folds).shuffle(&mut order),
        None => {
            order.sort_by_key(|&g| sizes[g]); // stable, ascending
            order.reverse();
        }
    }
    let mut load = vec![0usize; k];
    let mut fold_of_group = vec![0usize; sizes.len()];
    for &g in &order {
        let lightest = (0..k).fold(0, |best, f| if load[f] < load[best] { f } else { best });
        load[lightest] += sizes[g];
        fold_of_group[g] = lightest;
    }
    let fold_of: Vec<usize> = group_of.iter().map(|&g| fold_of_group[g]).collect();
    Ok(folds_from_assignment(&fold_of, k))
}

/// Time-series split of `rows` rows in time order (see the module doc).
///
/// # Errors
/// [`ValidateError::TooFewFolds`] for `k < 2`; [`ValidateError::MoreFoldsThanRows`] when `k + 1 >
/// rows`; [`ValidateError::SeriesTooShort`] when `rows − gap − k·test_size ≤ 0`;
/// [`ValidateError::Setting`] for a test size of 0.
pub fn time_series_split(rows: usize, s: SeriesSettings) -> ValidateResult<Vec<Fold>> {
    let k = s.k;
    if k < 2 {
        return Err(ValidateError::TooFewFolds { k });
    }
    if k + 1 > rows {
        return Err(ValidateError::MoreFoldsThanRows { k: k + 1, rows });
    }
    let test_size = s.test_size.unwrap_or(rows / (k + 1));
    if test_size == 0 {
        return Err(ValidateError::Setting("the test block of a time-series fold needs at least 1 row".into()));
    }
    let needed = s.gap.saturating_add(test_size.saturating_mul(k));
    if needed >= rows {
        return Err(ValidateError::SeriesTooShort { rows, k, test_size, gap: s.gap });
    }
    let first_test = rows - k * test_size;
    Ok((0..k)
        .map(|f| {
            let test_start = first_test + f * test_size;
            let train_end = test_start - s.gap;
            let train_start = match s.max_train {
                Some(m) if m > 0 && m < train_end => train_end - m,
                _ => 0,
            };
            Fold { train: (train_start..train_end).collect(), test: (test_start..test_start + test_size).collect() }
        })
        .collect())
}

/// [`time_series_split`] of the rows ordered by `times` (ascending; equal times keep their row
/// order), with the folds' rows given as positions in the table (each list ascending by time,
/// then by row).
///
/// # Errors
/// [`ValidateError::NotFinite`] for a time that is not finite; as [`time_series_split`].
pub fn time_series_split_by(times: &[f64], s: SeriesSettings) -> ValidateResult<Vec<Fold>> {
    if let Some((row, &value)) = times.iter().enumerate().find(|(_, t)| !t.is_finite()) {
        return Err(ValidateError::NotFinite { what: "time", value, row });
    }
    let order = crate::order::by_numbers(times, crate::order::Direction::Ascending);
    let folds = time_series_split(times.len(), s)?;
    let map = |positions: Vec<usize>| positions.into_iter().map(|p| order[p]).collect();
    Ok(folds.into_iter().map(|f| Fold { train: map(f.train), test: map(f.test) }).collect())
}

/// Class indices of a classification target (`0.0, 1.0, …` as [`crate::data::Dataset::y`]).
///
/// # Errors
/// [`ValidateError::NotAClass`] for a value that is not a whole number in `0..classes`.
pub fn class_labels(y: &[f32], classes: usize) -> ValidateResult<Vec<usize>> {
    y.iter()
        .map(|&v| {
            if v >= 0.0 && v.fract() == 0.0 && (v as usize) < classes {
                Ok(v as usize)
            } else {
                Err(ValidateError::NotAClass { value: f64::from(v), max: classes.saturating_sub(1) })
            }
        })
        .collect()
}

#[cfg(test)]
mod tests;
