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
use super::inputs::RunData;
use super::trainer::{Evaluation, Trainer};
use crate::data::prepare::{build, select, stratified_split, SplitFractions};
use crate::data::Table;
use crate::error::{Error, Result};
use crate::spec::ExperimentSpec;
use crate::validate::{k_fold, stratified_k_fold, summarise, CvSummary};
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

/// Cross-validates `spec` on `table` (its data section's preparation and validation share;
/// its training fraction is replaced by the folds) with `k` folds. `each(fold, trainer)` is
/// called after each fold has trained (for progress).
///
/// # Errors
/// [`Error::Spec`] for `k` outside [`FOLDS`]; [`Error::Data`] when a class has fewer rows than
/// folds or a fold cannot be prepared; as training fails.
pub fn cross_validate(
    spec: &ExperimentSpec,
    table: &Table,
    k: usize,
    mut each: impl FnMut(usize, &Trainer),
) -> Result<CrossValidation> {
    if !FOLDS.contains(&k) {
        return Err(Error::spec(
            "cv",
            format!("cross-validate with {} to {} folds, got {k}", FOLDS.start(), FOLDS.end()),
        ));
    }
    spec.validate()?;
    let d = &spec.data;
    let selection = select(table, &d.prepare)?;
    let n = selection.rows.len();
    let folds = match &selection.strata {
        Some(classes) => stratified_k_fold(classes, k, Some(spec.seed)),
        None => k_fold(n, k, Some(spec.seed)),
    }
    .map_err(|e| Error::data(format!("{e}: use fewer folds")))?;
    // Of the rows a fold trains on, the experiment's validation share of train + validation.
    let kept = d.train_fraction + d.validation_fraction;
    let validation = if kept > 0.0 { d.validation_fraction / kept } else { 0.0 };
    let mut runs = Vec::with_capacity(k);
    for (i, fold) in folds.iter().enumerate() {
        let strata: Option<Vec<usize>> = selection.strata.as_ref().map(|s| fold.train.iter().map(|&r| s[r]).collect());
        let inner = SplitFractions { train: 1.0 - validation, validation };
        let (train, val, rest) = stratified_split(fold.train.len(), strata.as_deref(), inner, spec.seed)?;
        // Rounding may leave a row or two outside both parts: they train.
        let mut train: Vec<usize> = train.into_iter().chain(rest).map(|j| fold.train[j]).collect();
        train.sort_unstable();
        let val: Vec<usize> = val.into_iter().map(|j| fold.train[j]).collect();
        let p = build(table, &d.prepare, &selection, (train, val, fold.test.clone()))
            .map_err(|e| Error::data(format!("fold {} of {k}: {e}", i + 1)))?;
        let data = RunData {
            split: p.split,
            validation: p.validation,
            fitted: Some(p.fitted),
            notices: p.notices,
            train_rows: p.rows.0,
        };
        let mut trainer = Trainer::with_data(spec, data)?;
        while !trainer.is_done() {
            trainer.run_epoch()?;
        }
        each(i, &trainer);
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
    Ok(CrossValidation { k, stratified: selection.strata.is_some(), folds: runs, summary })
}

#[cfg(test)]
#[path = "cross_validation_tests.rs"]
mod tests;
