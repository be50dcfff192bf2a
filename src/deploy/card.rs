//! The model card: `model.json` of an exported model. Plain serde data, everything a reader
//! needs besides the weights: what the network is, which columns it reads and how they are
//! prepared, how it was trained, how well it did on its test set, and the statistics of the
//! training rows that drift monitoring compares new data with.

use super::reference::ColumnReference;
use crate::data::prepare::FittedPreparation;
use crate::data::Task;
use crate::spec::{Activation, ExperimentSpec};
use crate::train::{EpochMetrics, Evaluation};
use serde::{Deserialize, Serialize};

/// Value of [`ModelCard::format`]: marks a file as a Lantern model card.
pub const FORMAT: &str = "lantern-model";
/// The newest card format this build reads. Older versions must keep loading; a change that
/// old readers would misread gets a new number, and a bundle is written with the oldest number
/// whose readers read it right, so that builds that cannot read it say "made by a newer
/// Lantern" and builds that can still do:
///
/// | version | model | files |
/// |---|---|---|
/// | 1 ([`NETWORK_FORMAT_VERSION`]) | a network (every build reads it: its bytes are as they always were) | [`CARD_FILE`], [`WEIGHTS_FILE`] |
/// | 2 ([`LEARNER_JSON_FORMAT_VERSION`]) | k-NN, naive Bayes; before version 3, trees too | [`CARD_FILE`], [`LEARNER_FILE`] |
/// | 3 ([`LEARNER_FORMAT_VERSION`]) | a tree, a forest, boosting | [`CARD_FILE`], [`TREES_FILE`] |
///
/// Readers go by the file the card names (`weights.file`), so a version-2 bundle of trees in
/// JSON still loads.
pub const FORMAT_VERSION: u32 = 3;
/// The card version of a network's bundle.
pub const NETWORK_FORMAT_VERSION: u32 = 1;
/// The card version of a bundle whose model, not a network, is kept as JSON ([`LEARNER_FILE`]):
/// k-NN and naive Bayes, and the tree models of bundles written before version 3.
pub const LEARNER_JSON_FORMAT_VERSION: u32 = 2;
/// The card version of a bundle of a tree model kept as safetensors ([`TREES_FILE`]).
pub const LEARNER_FORMAT_VERSION: u32 = 3;
/// File name of the card in an exported folder or zip.
pub const CARD_FILE: &str = "model.json";
/// File name of the weights in an exported folder or zip.
pub const WEIGHTS_FILE: &str = "model.safetensors";
/// File name of a model that is not a network and not trees (its neighbours or class
/// statistics, as [`crate::learn::Model`]'s JSON; trees too in version 2) in an exported folder
/// or zip, in place of the weights.
pub const LEARNER_FILE: &str = "model.learner.json";
/// File name of a tree model (a tree, a forest, boosting: layout in [`super::trees`]) in an
/// exported folder or zip, in place of the weights.
pub const TREES_FILE: &str = "model.trees.safetensors";

/// Everything about an exported model except its weights (see the module documentation).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ModelCard {
    /// Always [`FORMAT`].
    pub format: String,
    /// [`FORMAT_VERSION`] of the Lantern that wrote it.
    pub format_version: u32,
    /// Version of the Lantern that wrote it (the crate version).
    pub lantern_version: String,
    /// When the model was exported (ISO 8601, UTC), if the exporting host has a clock: the page
    /// sets it; the command line leaves it out, so the same run exports the same bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<String>,
    /// Classification (with its number of classes) or regression.
    pub task: Task,
    /// Name of the predicted column (`label` or `y` for generated data).
    pub target: String,
    /// Class names by class index (empty for regression).
    pub class_names: Vec<String>,
    /// The network's shape.
    pub architecture: Architecture,
    /// The original columns the model reads, in the training table's order: one form field
    /// (or CSV column) each.
    pub inputs: Vec<InputColumn>,
    /// The fitted preparation: imputation values, categories, scaling statistics, target
    /// encoding. Generated data gets the identity (`(x − 0) / 1`, fill = training mean).
    pub preparation: FittedPreparation,
    /// The experiment that trained it (retraining starts from this).
    pub spec: ExperimentSpec,
    /// How the training went.
    pub training: TrainingSummary,
    /// The held-out test evaluation of the exported weights, with its baseline.
    pub test: Evaluation,
    /// What evaluating new labelled rows needs for the baseline.
    pub baseline: BaselineFit,
    /// Statistics of the training rows, per input column, for drift monitoring.
    pub reference: Vec<ColumnReference>,
    /// Where the weights (or the model that is not a network) are and what they hold.
    pub weights: WeightsInfo,
}

/// The network: `inputs → hidden… → outputs` dense layers (see [`crate::model`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Architecture {
    /// Number of prepared features (the width of the preparation's output).
    pub inputs: usize,
    /// Hidden layer widths (empty: linear or logistic regression).
    pub hidden: Vec<usize>,
    /// Outputs: 1 (a logit of class 1, or a standardised value) or one logit per class.
    pub outputs: usize,
    /// Nonlinearity after each hidden layer.
    pub activation: Activation,
    /// Trainable numbers.
    pub parameters: usize,
    /// Names of the prepared features, in input order (`bill_length_mm`, `island=Dream`, …).
    pub features: Vec<String>,
    /// For a model that is not a network, its family (`tree`, `forest`, `boosting`, `knn`,
    /// `bayes`: [`crate::spec::learner::LearnerSpec`]); `hidden` and `activation` are then
    /// unused and `parameters` counts its nodes (or kept numbers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family: Option<String>,
}

/// One original column the model reads.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InputColumn {
    /// Column name, as in the training file's header.
    pub name: String,
    /// Numbers or categories.
    #[serde(flatten)]
    pub kind: InputKind,
}

/// What an input column holds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum InputKind {
    /// A number; a missing one is filled with `fill`.
    Numeric {
        /// Value used for a missing cell (the training mean or median).
        fill: f64,
        /// Smallest training value (`NaN`, written `null`, when there was none).
        #[serde(deserialize_with = "nan_if_null")]
        min: f64,
        /// Largest training value.
        #[serde(deserialize_with = "nan_if_null")]
        max: f64,
    },
    /// One of the training categories; a missing one is filled with `fill`, an unseen one
    /// becomes all zeros (as in training).
    Categorical {
        /// The training categories, in the order of the one-hot features.
        categories: Vec<String>,
        /// Category used for a missing cell.
        fill: String,
        /// True when the training column held numbers used as categories (a code such as
        /// `sex` = 1 or 2): new values are read as numbers and written the way Lantern writes
        /// numbers (`2`, not `2.0`).
        numeric_codes: bool,
    },
}

impl InputColumn {
    /// True for a column read as numbers (numeric, or numeric category codes).
    pub fn reads_numbers(&self) -> bool {
        match &self.kind {
            InputKind::Numeric { .. } => true,
            InputKind::Categorical { numeric_codes, .. } => *numeric_codes,
        }
    }
}

/// How training went.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrainingSummary {
    /// Epochs completed.
    pub epochs: usize,
    /// Gradient steps taken.
    pub steps: u64,
    /// When early stopping (or a stop with a validation set) restored an earlier epoch's
    /// weights: that epoch.
    pub stopped_at: Option<usize>,
    /// Rows in each part of the split.
    pub rows: RowCounts,
    /// Metrics of the last epoch.
    pub last_epoch: Option<EpochMetrics>,
}

/// Rows per part of the split.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowCounts {
    /// Training rows.
    pub train: usize,
    /// Validation rows.
    pub validation: usize,
    /// Test rows.
    pub test: usize,
}

/// What the baseline of an evaluation on new rows is fitted from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BaselineFit {
    /// Classification: training rows per class (the majority class and the prior).
    Classes {
        /// Count per class index.
        train_counts: Vec<u64>,
    },
    /// Regression: the training mean of the target, in its units.
    Mean {
        /// The mean (`NaN`, written `null`, without training targets).
        #[serde(deserialize_with = "nan_if_null")]
        mean: f64,
    },
}

/// The weights file: safetensors, little-endian `f32`, one pair of tensors per dense layer
/// `k` (input side first): `layers.k.weight` of shape `(inputs, outputs)` — the model computes
/// `y = x·W + b` with `x` of shape `(rows, inputs)`, so this is the transpose of PyTorch's
/// `nn.Linear.weight` — and `layers.k.bias` of shape `(outputs,)`. A model that is not a
/// network has its own file in place of the weights: [`TREES_FILE`] or [`LEARNER_FILE`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WeightsInfo {
    /// File name ([`WEIGHTS_FILE`], [`TREES_FILE`] or [`LEARNER_FILE`]).
    pub file: String,
    /// SHA-256 of the file (hex): a card only opens with its own weights.
    pub sha256: String,
    /// Tensor names and shapes, in layer order (a tree model's in the order of
    /// [`super::trees`]; none for [`LEARNER_FILE`]).
    pub tensors: Vec<TensorInfo>,
}

/// One tensor of the weights file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TensorInfo {
    /// Name in the safetensors header.
    pub name: String,
    /// Shape.
    pub shape: Vec<usize>,
}

/// serde_json writes NaN as `null`: read it back as NaN.
pub(crate) fn nan_if_null<'de, D: serde::Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    Ok(Option::<f64>::deserialize(d)?.unwrap_or(f64::NAN))
}

impl ModelCard {
    /// Names of the input columns, in order.
    pub fn input_names(&self) -> Vec<String> {
        self.inputs.iter().map(|c| c.name.clone()).collect()
    }

    /// The input column called `name`.
    pub fn input(&self, name: &str) -> Option<&InputColumn> {
        self.inputs.iter().find(|c| c.name == name)
    }

    /// The headline test metrics as `(name, value)` pairs, for printing next to the metrics
    /// on new data: accuracy, balanced accuracy, macro F1, log loss, ROC AUC; or RMSE, MAE, R².
    pub fn headline(evaluation: &Evaluation) -> Vec<(&'static str, f64)> {
        match evaluation {
            Evaluation::Classification(r) => vec![
                ("accuracy", r.accuracy),
                ("balanced_accuracy", r.balanced_accuracy),
                ("macro_f1", r.macro_f1),
                ("log_loss", r.log_loss),
                ("roc_auc", r.roc_auc),
            ],
            Evaluation::Regression(r) => vec![("rmse", r.rmse), ("mae", r.mae), ("r2", r.r2)],
        }
    }
}
