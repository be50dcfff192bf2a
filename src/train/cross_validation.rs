//! k-fold cross-validation of an experiment on a table: the usable rows are cut into `k` folds
//! (stratified by class for classification, seeded by the experiment's seed through
//! [`crate::rng::Stream::Folds`]); each fold in turn is the test set, and the other rows are
//! split into training and validation rows in the experiment's proportions (the validation
//! share of what is left, for early stopping). The preparation — imputation, scaling, one-hot
//! encoding, a regression target's scaling — is fitted on each fold's training rows only, so no
//! test row leaks into training, and the model trains with the experiment's own settings and
//! seed, as a single run would.
//!
//! One number per fold and metric, then the mean and the sample standard deviation over the
//! folds ([`crate::validate::summarise`]): a single split of a small table moves by several
//! points from one seed to the next, the spread over folds says how much.

use super::evaluation::{ClassificationReport, RegressionReport};
use super::trainer::{Evaluation, Trainer};
use crate::data::prepare::{build, select, stratified_split, Prepared, SplitFractions};
use crate::data::Table;
use crate::error::{Error, Result};
use crate::spec::{DataSpec, ExperimentSpec, FoldBy, FoldSpec};
use crate::validate::{
    group_k_fold, k_fold, stratified_k_fold, summarise, time_series_split_by, CvSummary, SeriesSettings,
};
use serde::Serialize;

/// Fewest and most folds.
pub const FOLDS: std::ops::RangeInclusive<usize> = 2..=20;

/// One fold's run.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FoldRun {
    /// Rows it trained, validated and was tested on.
    pub rows: [usize; 3],
    /// Epochs (trees, rounds) it trained.
    pub epochs: usize,
    /// The headline test metrics ([`headline`]).
    pub test: Vec<(&'static str, f64)>,
}

/// A cross-validation's result.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CrossValidation {
    /// Number of folds.
    pub k: usize,
    /// Whether the folds keep the class proportions (classification).
    pub stratified: bool,
    /// Each fold's run, in fold order.
    pub folds: Vec<FoldRun>,
    /// Per metric: every fold's value, their mean and sample standard deviation.
    pub summary: Vec<(&'static str, CvSummary)>,
}

/// The test metrics a cross-validation reports: accuracy, balanced accuracy, macro F1, log loss
/// and ROC AUC for classes; RMSE, MAE and R² for numbers (in the target's units).
pub fn headline(evaluation: &Evaluation) -> Vec<(&'static str, f64)> {
    match evaluation {
        Evaluation::Classification(ClassificationReport {
            accuracy,
            balanced_accuracy,
            macro_f1,
            log_loss,
            roc_auc,
            ..
        }) => vec![
            ("accuracy", *accuracy),
            ("balanced_accuracy", *balanced_accuracy),
            ("macro_f1", *macro_f1),
            ("log_loss", *log_loss),
            ("roc_auc", *roc_auc),
        ],
        Evaluation::Regression(RegressionReport { rmse, mae, r2, .. }) => {
            vec![("rmse", *rmse), ("mae", *mae), ("r2", *r2)]
        }
    }
}

/// The prepared matrices of fold `fold.index` of `fold.k` of `table` per `data` (its
/// preparation and validation share; the training fraction is replaced by the folds): what
/// [`crate::train::load_data`] gives a spec with `data.fold`.
///
/// The folds: standard (stratified for classes, shuffled from the seed), by group, or in time
/// order ([`FoldBy`]). Of the rows a fold trains on, the experiment's validation share of
/// train + validation validates: drawn from the seed (stratified for classes), except for time
/// folds, where it is the latest of them (validating on the past would not say how the model
/// does on what comes next).
///
/// # Errors
/// [`Error::Data`] when a class has fewer rows than folds, the groups are fewer than the folds,
/// a time-series fold would have no training rows, the fold's column is missing (or, for time,
/// not numbers or with a missing value), or as preparing fails.
pub fn prepare_fold(table: &Table, data: &DataSpec, seed: u64, fold: &FoldSpec) -> Result<Prepared> {
    let FoldSpec { k, index, by } = fold;
    let (k, index) = (*k, *index);
    let selection = select(table, &data.prepare)?;
    let positions = selection.rows.len();
    let refused = |e: crate::validate::ValidateError| Error::data(format!("{e}: use fewer folds"));
    let column = |name: &str| {
        table.column(name).ok_or_else(|| {
            Error::spec("data.fold.by.column", format!("the table has no column `{name}`: name one of its columns"))
        })
    };
    // Each usable row's time, in table order when there is no time column.
    let mut times: Option<Vec<f64>> = None;
    let folds = match by {
        None => match &selection.strata {
            Some(classes) => stratified_k_fold(classes, k, Some(seed)),
            None => k_fold(positions, k, Some(seed)),
        }
        .map_err(refused)?,
        Some(FoldBy::Group { column: name }) => {
            let c = column(name)?;
            let groups: Vec<Option<String>> = selection.rows.iter().map(|&r| c.display(r)).collect();
            group_k_fold(&groups, k, Some(seed)).map_err(refused)?
        }
        Some(FoldBy::Time { column: name }) => {
            let t: Vec<f64> = match name {
                None => (0..positions).map(|p| p as f64).collect(),
                Some(name) => {
                    let c = column(name)?;
                    let crate::data::table::ColumnData::Numeric { values } = &c.data else {
                        return Err(Error::data(format!(
                            "`{name}` is not a column of numbers: time-series folds order the rows by a number \
                             (a year, a day count, a timestamp), or by the table's order"
                        )));
                    };
                    selection.rows.iter().map(|&r| values[r]).collect()
                }
            };
            let settings = SeriesSettings { k, gap: 0, test_size: None, max_train: None };
            let folds = time_series_split_by(&t, settings).map_err(|e| match e {
                crate::validate::ValidateError::NotFinite { .. } => {
                    Error::data(format!("{e} in the time column: fill or remove the rows without a time"))
                }
                e => refused(e),
            })?;
            times = Some(t);
            folds
        }
    };
    let fold = folds.get(index).ok_or_else(|| Error::spec("data.fold", format!("no fold {index} of {k}")))?;
    // Of the rows a fold trains on, the experiment's validation share of train + validation.
    let kept = data.train_fraction + data.validation_fraction;
    let validation = if kept > 0.0 { data.validation_fraction / kept } else { 0.0 };
    let (mut train, val) = match &times {
        // The latest rows validate (ties in time keep table order).
        Some(t) => {
            let mut past = fold.train.clone();
            past.sort_by(|&a, &b| t[a].total_cmp(&t[b]).then(a.cmp(&b)));
            let n_val = (validation * past.len() as f64).round() as usize;
            let val = past.split_off(past.len() - n_val.min(past.len().saturating_sub(1)));
            (past, val)
        }
        None => {
            let strata: Option<Vec<usize>> =
                selection.strata.as_ref().filter(|_| by.is_none()).map(|s| fold.train.iter().map(|&r| s[r]).collect());
            let inner = SplitFractions { train: 1.0 - validation, validation };
            let (train, val, rest) = stratified_split(fold.train.len(), strata.as_deref(), inner, seed)?;
            // Rounding may leave a row or two outside both parts: they train.
            let train = train.into_iter().chain(rest).map(|j| fold.train[j]).collect();
            (train, val.into_iter().map(|j| fold.train[j]).collect())
        }
    };
    train.sort_unstable();
    let mut test = fold.test.clone();
    test.sort_unstable();
    build(table, &data.prepare, &selection, (train, val, test))
        .map_err(|e| Error::data(format!("fold {} of {k}: {e}", index + 1)))
}

/// Cross-validates `spec` on `table` (its data section's preparation and validation share;
/// its training fraction is replaced by the folds) with `k` folds, cut as `by` says
/// ([`prepare_fold`]): `k` runs of `spec` with
/// `data.fold` set, each trained to the end. `each(fold, trainer)` is
/// called after each fold has trained (for progress).
///
/// # Errors
/// [`Error::Spec`] for `k` outside [`FOLDS`]; [`Error::Data`] when a class has fewer rows than
/// folds or a fold cannot be prepared; as training fails.
pub fn cross_validate(
    spec: &ExperimentSpec,
    table: &Table,
    k: usize,
    by: Option<&FoldBy>,
    mut each: impl FnMut(usize, &Trainer),
) -> Result<CrossValidation> {
    if !FOLDS.contains(&k) {
        return Err(Error::spec(
            "cv",
            format!("cross-validate with {} to {} folds, got {k}", FOLDS.start(), FOLDS.end()),
        ));
    }
    let mut runs = Vec::with_capacity(k);
    // Standard folds of classes are stratified (prepare_fold).
    let mut stratified = false;
    for index in 0..k {
        let mut fold_spec = spec.clone();
        fold_spec.data.fold = Some(FoldSpec { k, index, by: by.cloned() });
        let mut trainer = Trainer::with_table(&fold_spec, Some(table))?;
        while !trainer.is_done() {
            trainer.run_epoch()?;
        }
        stratified = by.is_none() && trainer.split().train.task.is_classification();
        each(index, &trainer);
        runs.push(FoldRun {
            rows: [trainer.split().train.rows(), trainer.validation().rows(), trainer.split().test.rows()],
            epochs: trainer.epoch(),
            test: headline(&trainer.evaluate_test()?),
        });
    }
    let names: Vec<&'static str> = runs.first().map(|r| r.test.iter().map(|(n, _)| *n).collect()).unwrap_or_default();
    let summary = names
        .iter()
        .enumerate()
        .map(|(m, &name)| (name, summarise(&runs.iter().map(|r| r.test[m].1).collect::<Vec<f64>>())))
        .collect();
    Ok(CrossValidation { k, stratified, folds: runs, summary })
}

#[cfg(test)]
#[path = "cross_validation_tests.rs"]
mod tests;
