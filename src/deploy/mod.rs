//! # Deploy and monitor
//!
//! A trained model leaves Lantern as an exported **bundle** and comes back to predict, to be
//! checked against new data, and to be retrained. Everything here is plain core code (no web
//! or CLI crate): the page and the command line call the same functions.
//!
//! - [`ModelBundle`] (`bundle`, `build`): the model card ([`card::ModelCard`], `model.json`)
//!   and the weights ([`weights`], `model.safetensors`) — or a tree model's trees ([`trees`],
//!   `model.trees.safetensors`), k-NN's or naive Bayes's JSON — as a folder's files or one zip;
//!   [`ModelBundle::from_trainer`] makes one from a finished run. Reading refuses, with a
//!   typed [`crate::error::BundleError`], files that are not a Lantern model, of a newer format,
//!   or whose weights do not belong to the card.
//! - [`Predictor`] (`predict`, `output`): predictions for one form row
//!   ([`Predictor::predict_row`]), a table or a CSV file ([`Predictor::predict_csv`], read with
//!   the app's CSV reader), written back as CSV with the predictions appended
//!   ([`BatchPrediction::to_csv`]), also a slice of rows at a time ([`batch`], for a host with
//!   one thread); with the target column present, the evaluation on those
//!   rows next to the card's test evaluation. New rows are brought into the training shape by
//!   `conform`: missing columns and cells that are not numbers are refused with
//!   the column named, missing cells are filled and unseen categories encoded as in training
//!   (all zeros), with notices.
//! - [`drift`](mod@drift): per input column, PSI and the Kolmogorov–Smirnov test (numeric) or category
//!   share shifts (categorical) against the training statistics kept in the card
//!   ([`reference`](mod@reference)), flagged above documented thresholds, with the data for an overlaid
//!   chart ([`crate::viz::ShareOverlay`]); the statistics themselves are in [`stats`].
//! - [`retrain`]: the table (old and new rows, or new only) and the experiment that retrains
//!   the model the same way; the old table and the retraining run's test rows.
//! - [`onnx`]: the bundle as one ONNX file holding the whole pipeline (raw columns in,
//!   label and probabilities or value out), for any ONNX runtime ([`onnx::to_onnx`]); an
//!   ONNX file given back to import is refused, naming its producer ([`onnx::import_refusal`]).
//! - [`embed`]: the web predictor, a folder for any web site — an ES module wrapping
//!   onnxruntime-web (`load`, `predict`, `predictBatch`), the ONNX file and a README
//!   ([`embed::web_predictor`]).
//! - [`python`]: a `train.py` (and the same as a notebook) that reproduces the run with numpy
//!   and scikit-learn: same table, fitted preparation, rows, model and settings.
//! - [`form`]: a prediction form's fields (pre-filled with a typical training row) and the
//!   card in a few lines.
//!
//! Layering: this module sits on top of the core (it uses `data`, `spec`, `model`, `train`,
//! `compare` for model names, and `viz`); nothing else in the core uses it.

pub mod batch;
pub mod build;
pub mod bundle;
pub mod card;
pub mod conform;
pub mod drift;
pub mod embed;
pub mod form;
pub mod onnx;
pub mod output;
pub mod predict;
pub mod python;
pub mod reference;
pub mod retrain;
pub mod stats;
pub mod trees;
pub mod weights;
pub mod zip;

pub use batch::BatchJob;
pub use build::export_zip;
pub use bundle::ModelBundle;
pub use card::{InputColumn, InputKind, ModelCard};
pub use drift::{drift, drift_csv, ColumnDrift, DriftLevel, DriftReport};
pub use form::{card_summary, file_stem, form_fields, typical_row, FormField};
pub use output::table_to_csv;
pub use predict::{BatchPrediction, LabelledEvaluation, Prediction, Predictor, RowPrediction};
pub use retrain::{old_table, retrain_plan, test_rows, RetrainPlan, RetrainRows};
