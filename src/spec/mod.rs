//! The experiment specification: everything that determines a run, and nothing else.
//!
//! A spec plus its seed reproduces a run exactly: the data, the initial weights, the batch
//! order and so every per-epoch number. UI-only state (open panels, playback) lives in the
//! web layer, never here. Specs are plain serde data: JSON files for the CLI, and the payload
//! of shared links.

use crate::choice::Choice;
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};

pub mod class_weight;
mod data;
pub mod learner;
pub mod lesson;
pub mod link;
pub mod stage;
pub mod table_defaults;
mod validate;

pub use class_weight::ClassWeight;
pub use data::{DataSource, DataSpec, FoldBy, FoldSpec};

/// Current spec format version. Older versions must keep loading.
pub const SPEC_VERSION: u32 = 1;

/// Limits that keep a run inside what a browser tab handles comfortably.
pub mod limits {
    /// Most hidden layers.
    pub const MAX_LAYERS: usize = 8;
    /// Most units in one hidden layer.
    pub const MAX_UNITS: usize = 512;
    /// Most trainable numbers in one network (about 4 MB of weights, plus optimizer state).
    pub const MAX_PARAMETERS: usize = 1_000_000;
    /// Highest dropout rate.
    pub const MAX_DROPOUT: f64 = 0.9;
    /// Fewest and most generated points.
    pub const POINTS: (usize, usize) = (10, 5000);
    /// Most epochs in one run.
    pub const MAX_EPOCHS: usize = 100_000;
    /// Largest mini-batch.
    pub const MAX_BATCH: usize = 4096;
}

/// One experiment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExperimentSpec {
    /// Format version ([`SPEC_VERSION`]).
    #[serde(default = "default_version")]
    pub version: u32,
    /// The one seed all randomness derives from.
    #[serde(default = "default_seed")]
    pub seed: u64,
    /// Where the data comes from.
    #[serde(default)]
    pub data: DataSpec,
    /// The network.
    #[serde(default)]
    pub model: ModelSpec,
    /// How it learns.
    #[serde(default)]
    pub training: TrainingSpec,
}

fn default_version() -> u32 {
    SPEC_VERSION
}
fn default_seed() -> u64 {
    7
}

/// Hidden-layer nonlinearity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Activation {
    /// max(0, x)
    Relu,
    /// tanh(x)
    Tanh,
    /// 1 / (1 + e^−x)
    Sigmoid,
    /// x (the network stays linear)
    Linear,
    /// max(0.01·x, x): like ReLU, but a small slope below 0 keeps units from dying
    LeakyRelu,
    /// x·Φ(x) with Φ the standard normal CDF (tanh approximation)
    Gelu,
}

crate::choices!(Activation, "model.activation", {
    Relu => "relu", "relu";
    Tanh => "tanh", "tanh";
    Sigmoid => "sigmoid", "sigmoid";
    Linear => "linear", "linear";
    LeakyRelu => "leaky_relu", "leaky_relu";
    Gelu => "gelu", "gelu";
});

/// A multi-layer perceptron: inputs → hidden layers → one output per class (or one value).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ModelSpec {
    /// Units per hidden layer; empty means a linear (or logistic) model.
    pub hidden: Vec<usize>,
    /// Nonlinearity after each hidden layer.
    pub activation: Activation,
    /// Dropout rate p after each hidden layer while training (0 = off): each hidden unit is
    /// zeroed with probability p in every step, which keeps units from co-adapting.
    pub dropout: f64,
    /// A model that is not a network (a tree, a forest, boosting, k-NN, naive Bayes), with its
    /// settings; `None`: the network above. Absent from the JSON of a network, so the specs and
    /// links of networks are as they always were.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub learner: Option<Box<learner::LearnerSpec>>,
}

impl Default for ModelSpec {
    fn default() -> Self {
        Self { hidden: vec![8, 8], activation: Activation::Tanh, dropout: 0.0, learner: None }
    }
}

/// A model family, as the command line's `--model` names it: a network with hidden layers, or
/// one without, whose task it then fixes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ModelFamily {
    /// Hidden layers as the spec (or `--hidden`) says.
    Mlp,
    /// No hidden layer, classification: logistic (2 classes) or softmax regression.
    Logistic,
    /// No hidden layer, regression: linear regression.
    Linear,
    /// One decision tree.
    Tree,
    /// A random forest.
    Forest,
    /// Gradient-boosted trees.
    Boosting,
    /// k-nearest neighbours.
    Knn,
    /// Gaussian naive Bayes.
    Bayes,
}

crate::choices!(ModelFamily, "model", {
    Mlp => "mlp", "network with hidden layers (MLP)";
    Logistic => "logistic", "logistic or softmax regression (no hidden layer)";
    Linear => "linear", "linear regression (no hidden layer)";
    Tree => "tree", "decision tree";
    Forest => "forest", "random forest";
    Boosting => "boosting", "gradient-boosted trees";
    Knn => "knn", "k-nearest neighbours";
    Bayes => "bayes", "Gaussian naive Bayes";
});

impl ModelFamily {
    /// The task a family without hidden layers fixes (`None` for an MLP and the families that
    /// are not networks, which fit either task).
    pub fn task(self) -> Option<crate::data::prepare::TaskChoice> {
        use crate::data::prepare::TaskChoice;
        match self {
            ModelFamily::Mlp
            | ModelFamily::Tree
            | ModelFamily::Forest
            | ModelFamily::Boosting
            | ModelFamily::Knn
            | ModelFamily::Bayes => None,
            ModelFamily::Logistic => Some(TaskChoice::Classification),
            ModelFamily::Linear => Some(TaskChoice::Regression),
        }
    }
}

/// Optimisation algorithm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Optimizer {
    /// Plain stochastic gradient descent: w ← w − η·g.
    Sgd,
    /// SGD with momentum μ = 0.9 (PyTorch form): v ← μv + g, w ← w − η·v.
    Momentum,
    /// Nesterov momentum, μ = 0.9: v ← μv + g, w ← w − η·(g + μv).
    Nesterov,
    /// RMSprop, ρ = 0.9, ε = 1e-8: s ← ρs + (1−ρ)g², w ← w − η·g/(√s + ε).
    RmsProp,
    /// Adam (Kingma & Ba 2015) with β₁ = 0.9, β₂ = 0.999, ε = 1e-8.
    Adam,
    /// AdamW (Loshchilov & Hutter 2019): Adam with decoupled weight decay; the `l2` setting is
    /// the decay λ, applied as w ← w − η·λ·w instead of being added to the gradient.
    AdamW,
}

crate::choices!(Optimizer, "training.optimizer", {
    Sgd => "sgd", "sgd";
    Momentum => "momentum", "momentum";
    Nesterov => "nesterov", "nesterov";
    RmsProp => "rmsprop", "rmsprop";
    Adam => "adam", "adam";
    AdamW => "adamw", "adamw";
});

/// Training hyper-parameters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TrainingSpec {
    /// Update rule.
    pub optimizer: Optimizer,
    /// Step size η.
    pub learning_rate: f64,
    /// Rows per gradient step.
    pub batch_size: usize,
    /// L2 penalty λ: adds λ·w to each weight's gradient (λ/2·‖w‖² to the loss); biases are not
    /// penalised.
    pub l2: f64,
    /// L1 penalty α: adds α·sign(w) to each weight's gradient (α·‖w‖₁ to the loss), driving
    /// small weights to zero; biases are not penalised.
    pub l1: f64,
    /// Number of passes over the training set.
    pub epochs: usize,
    /// How the learning rate changes over the epochs.
    pub schedule: Schedule,
    /// Largest allowed global gradient norm ‖g‖₂ per step (0 = no clipping).
    pub clip_norm: f64,
    /// Stop when the validation loss has not improved for this many epochs, and keep the best
    /// weights (0 = off; needs a validation share).
    pub patience: usize,
    /// Loss minimised for regression targets (classification always uses cross-entropy
    /// from logits).
    pub loss: RegressionLoss,
    /// Class weights for a classifier's training loss ([`ClassWeight`]); absent = every row
    /// weighs 1 (and the spec's JSON is as before the setting existed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub class_weight: Option<ClassWeight>,
}

/// The loss of a regression model, on residuals `r = z − y`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RegressionLoss {
    /// Mean squared error `mean(r²)`: the usual choice; large errors dominate.
    #[default]
    Mse,
    /// Mean absolute error `mean(|r|)`: robust to outliers, predicts the median.
    Mae,
    /// Huber: `½r²` for `|r| ≤ δ`, `δ(|r| − ½δ)` beyond: squared near 0, absolute for outliers.
    Huber {
        /// The threshold δ (> 0), in units of the (standardised) target.
        delta: f64,
    },
}

/// What a loss menu picks: the kind of [`RegressionLoss`]; Huber's δ comes from the spec, or
/// is [`RegressionLoss::DEFAULT_HUBER_DELTA`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LossKind {
    /// [`RegressionLoss::Mse`]
    Mse,
    /// [`RegressionLoss::Mae`]
    Mae,
    /// [`RegressionLoss::Huber`]
    Huber,
}

crate::choices!(LossKind, "training.loss", {
    Mse => "mse", "mean squared error";
    Mae => "mae", "mean absolute error";
    Huber => "huber", "Huber";
});

impl RegressionLoss {
    /// Huber's δ when none is given (a menu, `--loss huber`): 1, in units of the standardised
    /// target — about one standard deviation, so only clear outliers are treated linearly.
    pub const DEFAULT_HUBER_DELTA: f64 = 1.0;

    /// Its kind.
    pub fn kind(self) -> LossKind {
        match self {
            RegressionLoss::Mse => LossKind::Mse,
            RegressionLoss::Mae => LossKind::Mae,
            RegressionLoss::Huber { .. } => LossKind::Huber,
        }
    }

    /// Stable machine name (`mse`, `mae`, `huber`): its kind's.
    pub fn name(self) -> &'static str {
        self.kind().name()
    }

    /// This loss if it is of `kind` (keeping its δ), else the loss of `kind` with the default δ.
    pub fn with_kind(self, kind: LossKind) -> Self {
        match kind {
            _ if self.kind() == kind => self,
            LossKind::Mse => RegressionLoss::Mse,
            LossKind::Mae => RegressionLoss::Mae,
            LossKind::Huber => RegressionLoss::Huber { delta: Self::DEFAULT_HUBER_DELTA },
        }
    }
}

impl Default for TrainingSpec {
    fn default() -> Self {
        Self {
            optimizer: Optimizer::Adam,
            learning_rate: 0.03,
            batch_size: 16,
            l2: 0.0,
            l1: 0.0,
            epochs: 500,
            schedule: Schedule::Constant,
            clip_norm: 0.0,
            patience: 0,
            loss: RegressionLoss::Mse,
            class_weight: None,
        }
    }
}

/// Learning-rate schedule: the rate used in epoch `e` (0-based) of `E`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Schedule {
    /// `η`
    #[default]
    Constant,
    /// `η · factor^⌊e / every⌋`
    StepDecay {
        /// Epochs between drops.
        every: usize,
        /// Multiplier at each drop (0 < factor ≤ 1).
        factor: f64,
    },
    /// `η · ½(1 + cos(π·e/E))`, from η down towards 0.
    Cosine,
}

/// What a schedule menu picks: the kind of [`Schedule`]; step decay's parameters come from the
/// spec, or are [`Schedule::DEFAULT_STEP_DECAY`]'s.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScheduleKind {
    /// [`Schedule::Constant`]
    Constant,
    /// [`Schedule::StepDecay`]
    StepDecay,
    /// [`Schedule::Cosine`]
    Cosine,
}

crate::choices!(ScheduleKind, "training.schedule", {
    Constant => "constant", "constant";
    StepDecay => "step_decay", "step decay";
    Cosine => "cosine", "cosine to 0";
});

impl Schedule {
    /// Step decay when only the kind is chosen (a menu, `--schedule step_decay`): halve the
    /// rate every 50 epochs, `η · 0.5^⌊e/50⌋` (η/512 in the last of the default 500 epochs).
    pub const DEFAULT_STEP_DECAY: Schedule = Schedule::StepDecay { every: 50, factor: 0.5 };

    /// Its kind.
    pub fn kind(self) -> ScheduleKind {
        match self {
            Schedule::Constant => ScheduleKind::Constant,
            Schedule::StepDecay { .. } => ScheduleKind::StepDecay,
            Schedule::Cosine => ScheduleKind::Cosine,
        }
    }

    /// This schedule if it is of `kind` (keeping its parameters), else the schedule of `kind`
    /// with the default parameters.
    pub fn with_kind(self, kind: ScheduleKind) -> Self {
        match kind {
            _ if self.kind() == kind => self,
            ScheduleKind::Constant => Schedule::Constant,
            ScheduleKind::StepDecay => Self::DEFAULT_STEP_DECAY,
            ScheduleKind::Cosine => Schedule::Cosine,
        }
    }

    /// The learning rate for epoch `epoch` (0-based) of `epochs`, from base rate `lr`.
    pub fn rate(self, lr: f64, epoch: usize, epochs: usize) -> f64 {
        match self {
            Schedule::Constant => lr,
            Schedule::StepDecay { every, factor } => lr * factor.powi((epoch / every.max(1)) as i32),
            Schedule::Cosine => {
                lr * 0.5 * (1.0 + libm::cos(std::f64::consts::PI * epoch as f64 / epochs.max(1) as f64))
            }
        }
    }
}

impl Default for ExperimentSpec {
    fn default() -> Self {
        Self {
            version: SPEC_VERSION,
            seed: default_seed(),
            data: DataSpec::default(),
            model: ModelSpec::default(),
            training: TrainingSpec::default(),
        }
    }
}

impl ExperimentSpec {
    /// Reads a spec from JSON text, filling unspecified fields with defaults, and validates it.
    pub fn from_json(text: &str) -> Result<Self> {
        let spec: ExperimentSpec = link::decode_json(text.as_bytes()).map_err(|e| Error::SpecFormat(e.message))?;
        spec.validate()?;
        Ok(spec)
    }

    /// The epochs a run of this spec takes at most: a network's `training.epochs`, or a model
    /// that is not one's steps (a forest's trees, boosting's rounds, 1 for the others).
    pub fn planned_epochs(&self) -> usize {
        self.model.learner.as_ref().map_or(self.training.epochs, |l| l.steps())
    }

    /// Pretty JSON text of this spec.
    pub fn to_json(&self) -> String {
        // A spec holds only plain numbers, strings and enums: serialising cannot fail.
        crate::spec::link::to_pretty_json(self).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests;
