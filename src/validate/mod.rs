//! Trusting a result: cross-validation folds, summaries over folds, class weights, metrics for
//! imbalanced classes, partial dependence, and hyper-parameter search.
//!
//! Pure building blocks (no candle, no UI, no Trainer): they take row counts, labels, scores and
//! prediction closures, and return plain data, so the same code runs natively and in WebAssembly
//! and a driver (the Trainer, the CLI, the page's worker pool) composes them. All randomness comes
//! from [`crate::rng::SeededRng`]: [`crate::rng::Stream::Folds`] for shuffled folds,
//! [`crate::rng::Stream::Search`] for proposed settings, [`crate::rng::Stream::Dependence`] for the
//! rows sampled for ICE curves. docs/validation.md describes the maths and where it differs from
//! scikit-learn.

pub mod class_weight;
pub mod dependence;
pub mod error;
pub mod folds;
pub mod imbalance;
pub mod search;
pub mod summary;

pub use class_weight::{balanced_weights, check_custom, sample_weights, ClassWeighting};
pub use dependence::{feature_grid, output_of, partial_dependence, Dependence, DependenceSettings, GridSpec};
pub use error::{ValidateError, ValidateResult};
pub use folds::{
    class_labels, folds_from_assignment, group_k_fold, k_fold, make_folds, stratified_k_fold, test_fold_of_rows,
    time_series_split, time_series_split_by, Fold, Folding, SeriesSettings,
};
pub use imbalance::{binary_scores, choose_threshold, metrics_at, pr_auc, ThresholdGoal, ThresholdMetrics};
pub use search::{check_space, propose, Method, Param, Range, Setting, TpeSettings, Trial, Tuner, Value};
pub use summary::{best_first, out_of_fold, rank, summarise, Better, CvSummary};
