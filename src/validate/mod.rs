//! Trusting a result: cross-validation folds, summaries over folds, class weights, metrics for
//! imbalanced classes, partial dependence and ICE curves, and hyper-parameter search.
//!
//! Pure building blocks (no candle, no UI, no Trainer): they take row counts, labels, scores and
//! prediction closures, and return plain (serde) data, so the same code runs natively and in
//! WebAssembly and a driver — the Trainer, the CLI, the page's worker pool — composes them. All
//! randomness comes from [`crate::rng::SeededRng`]: [`crate::rng::Stream::Folds`] for shuffled
//! folds, [`crate::rng::Stream::Search`] for proposed settings, [`crate::rng::Stream::Dependence`]
//! for the rows sampled for ICE curves. docs/validation.md describes the maths and where it
//! differs from scikit-learn; `tests/validate_reference.rs` checks it against scikit-learn.
//!
//! Layering: this module uses `error`, `rng`, `order`, `learn` (the [`crate::learn::Matrix`]
//! view and [`crate::learn::Predictor`]) and `train::evaluation` (the PR curve), and nothing
//! above them, so `compare` and the drivers may use it.
//!
//! - [`folds`]: k-fold, stratified, group and time-series folds ([`make_folds`] from a
//!   [`Folding`] setting), each row's fold for a chart.
//! - [`summary`]: mean ± sample standard deviation, min and max of fold scores; runs ranked by
//!   them; out-of-fold predictions put back in row order.
//! - [`class_weight`]: balanced or custom class weights, and each row's weight.
//! - [`imbalance`]: PR AUC, and a binary decision threshold chosen on the PR curve.
//! - [`dependence`]: partial dependence and ICE curves for any model.
//! - [`search`]: parameter ranges, random search and TPE, and a [`Tuner`] that proposes and
//!   observes.
//!
//! # How a driver uses it
//! Cross-validation (the preparation — imputation, scaling, one-hot — must be fitted on each
//! fold's training rows only, or the test rows leak into training):
//!
//! ```text
//! let labels = class_labels(&data.y, classes)?;                       // classification only
//! let folds = make_folds(&folding, data.rows(), Some(&labels), groups, spec.seed)?;
//! for fold in &folds {
//!     let train_labels: Vec<usize> = fold.train.iter().map(|&i| labels[i]).collect();
//!     let w = sample_weights(&train_labels, &weighting.weights(&train_labels, classes)?)?;
//!     // fit preparation + model on fold.train (weighted by w), predict fold.test
//!     scores.push(metric_on_test_rows);  test_probs.push(probabilities);
//! }
//! let cv = summarise(&scores);                       // mean ± std, min, max
//! let oof = out_of_fold(&folds, &test_probs, data.rows(), classes, f32::NAN)?;
//! ```
//!
//! Search, bit-exact whatever the number of workers (a fixed batch size, all of a batch observed
//! before the next is proposed):
//!
//! ```text
//! let mut tuner = Tuner::new(space, Method::Tpe(TpeSettings::default()), Better::Higher, spec.seed)?;
//! while tuner.history().len() < budget {
//!     let batch = tuner.propose_batch(BATCH.min(budget - tuner.history().len()));
//!     // run every (index, setting) of the batch on the pool, in any order, then:
//!     for ((index, setting), score) in results { tuner.observe(index, setting, score) }
//! }
//! let best = tuner.best();
//! ```

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
