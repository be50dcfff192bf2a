//! Why a validation building block refused its input. Every message says what is wrong and what
//! to do, because the page and the command line show it as it is.

use thiserror::Error;

/// Everything the `validate` module refuses.
#[derive(Clone, Debug, Error, PartialEq)]
pub enum ValidateError {
    /// Fewer than two folds.
    #[error("{k} fold(s): cross-validation needs at least 2 folds (5 or 10 are usual)")]
    TooFewFolds {
        /// The folds asked for.
        k: usize,
    },
    /// More folds than rows: some test fold would be empty.
    #[error("{k} folds but only {rows} rows: every fold needs at least one test row, so choose at most {rows} folds")]
    MoreFoldsThanRows {
        /// The folds asked for.
        k: usize,
        /// The rows there are.
        rows: usize,
    },
    /// A per-row input (labels, groups, times, weights) has the wrong length.
    #[error("there are {rows} rows but {found} {what}: give exactly one per row")]
    LengthMismatch {
        /// What was given, e.g. "class labels".
        what: &'static str,
        /// How many were given.
        found: usize,
        /// How many rows there are.
        rows: usize,
    },
    /// Stratified k-fold: a class has fewer rows than folds, so some test folds lack it.
    #[error(
        "class {class} has only {count} row(s), fewer than the {k} folds, so some test folds would not \
         contain it: choose at most {count} folds, merge or drop that class, or use k-fold without \
         stratification"
    )]
    ClassTooSmall {
        /// The class (its index).
        class: usize,
        /// Its rows.
        count: usize,
        /// The folds asked for.
        k: usize,
    },
    /// Group k-fold: fewer distinct groups than folds.
    #[error("the group column has {groups} distinct value(s), fewer than the {k} folds: a group stays in one fold, so choose at most {groups} folds or a column with more groups")]
    TooFewGroups {
        /// Distinct groups.
        groups: usize,
        /// The folds asked for.
        k: usize,
    },
    /// Time-series split: the rows do not leave a training block before the first test block.
    #[error(
        "{rows} rows cannot make {k} time-series folds of {test_size} test row(s) after a gap of {gap}: \
         nothing would be left to train the first fold on. Choose fewer folds, a smaller test block \
         or a smaller gap"
    )]
    SeriesTooShort {
        /// Rows.
        rows: usize,
        /// Folds asked for.
        k: usize,
        /// Test rows per fold.
        test_size: usize,
        /// Rows left out between training and test.
        gap: usize,
    },
    /// A value that must be a finite number is not (a time key, a weight, a score).
    #[error("{what} {value} (row {row}) is not a finite number: fill or remove it")]
    NotFinite {
        /// What it is.
        what: &'static str,
        /// The value.
        value: f64,
        /// Its position (0-based).
        row: usize,
    },
    /// A class label that is not a class index `0, 1, 2, …` below the class count.
    #[error("target {value} is not a class index between 0 and {max} (classes are encoded as 0, 1, 2, …)")]
    NotAClass {
        /// The value.
        value: f64,
        /// The largest class index allowed.
        max: usize,
    },
    /// Custom class weights that cannot be used.
    #[error("class weights: {0}")]
    ClassWeights(String),
    /// A setting out of its range; the message names it and says what is allowed.
    #[error("{0}")]
    Setting(String),
    /// A decision threshold that no threshold reaches.
    #[error("{0}")]
    Unreachable(String),
}

/// Shorthand for results of this module.
pub type ValidateResult<T> = std::result::Result<T, ValidateError>;

impl From<ValidateError> for crate::error::Error {
    /// A refusal of fold, weight or search settings becomes [`crate::Error::Plan`] (the runs cannot be
    /// planned); anything about the data itself becomes [`crate::Error::Data`].
    fn from(e: ValidateError) -> Self {
        match e {
            ValidateError::TooFewFolds { .. }
            | ValidateError::MoreFoldsThanRows { .. }
            | ValidateError::ClassTooSmall { .. }
            | ValidateError::TooFewGroups { .. }
            | ValidateError::SeriesTooShort { .. }
            | ValidateError::ClassWeights(_)
            | ValidateError::Setting(_) => crate::error::Error::Plan(e.to_string()),
            ValidateError::LengthMismatch { .. }
            | ValidateError::NotFinite { .. }
            | ValidateError::NotAClass { .. }
            | ValidateError::Unreachable(_) => crate::error::Error::data(e.to_string()),
        }
    }
}
