//! The model and its training as scikit-learn code: one estimator per Lantern family, every
//! setting of the experiment mapped to its scikit-learn parameter (or refused when scikit-learn
//! has none), with a comment per line saying which Lantern setting it is.

use super::literal::{boolean, float, optional, string};
use crate::choice::Choice;
use crate::data::Task;
use crate::error::{Error, Result};
use crate::spec::learner::{FeatureShare, KnnDistance, KnnWeighting, LearnerSpec, SplitCriterion};
use crate::spec::{Activation, ExperimentSpec, Optimizer, RegressionLoss, Schedule};

/// The model's code: the estimator, how it is fitted, and what differs from Lantern.
pub struct ModelCode {
    /// The cell that builds the estimator (`model = …`).
    pub build: String,
    /// The cell that fits it on the training rows.
    pub fit: String,
    /// Where scikit-learn's model is the nearest to Lantern's rather than the same, in words.
    pub notes: Vec<String>,
}

fn unsupported(what: impl Into<String>, todo: impl Into<String>) -> Error {
    Error::PythonUnsupported { what: what.into(), todo: todo.into() }
}

/// The scikit-learn code of `spec`'s model for `task`.
///
/// # Errors
/// [`Error::PythonUnsupported`] for a setting scikit-learn has no equivalent of (dropout, an
/// L1 penalty, gradient clipping, a regression loss other than squared error, naive Bayes on a
/// regression).
pub fn model_code(spec: &ExperimentSpec, task: Task) -> Result<ModelCode> {
    match spec.model.learner.as_deref() {
        None => network(spec, task),
        Some(learner) => Ok(learner_code(learner, task, spec.seed)?),
    }
}

fn classifier(task: Task) -> bool {
    task.is_classification()
}

/// `Classifier` or `Regressor`.
fn kind(task: Task) -> &'static str {
    if classifier(task) {
        "Classifier"
    } else {
        "Regressor"
    }
}

const FIT_PLAIN: &str = "model.fit(X[TRAIN], y[TRAIN])\n";

fn learner_code(learner: &LearnerSpec, task: Task, seed: u64) -> Result<ModelCode> {
    let k = kind(task);
    let criterion = |c: SplitCriterion| match (task, c) {
        (Task::Regression, _) => "\"squared_error\"",
        (_, SplitCriterion::Gini) => "\"gini\"",
        (_, SplitCriterion::Entropy) => "\"entropy\"",
    };
    let binned = "Lantern's trees split each feature at the edges of at most 255 bins of its training values; \
                  scikit-learn's trees try every threshold between training values"
        .to_string();
    let mut fit = FIT_PLAIN.to_string();
    let (build, notes) = match learner {
        LearnerSpec::Tree(t) => (
            format!(
                "from sklearn.tree import DecisionTree{k}\n\n\
                 model = DecisionTree{k}(\n    \
                 criterion={},  # Lantern: criterion\n    \
                 max_depth={},  # Lantern: max_depth (the root is depth 0)\n    \
                 min_samples_leaf={},  # Lantern: min_samples_leaf\n    \
                 random_state={seed},  # Lantern: the experiment's seed\n)\n",
                criterion(t.criterion),
                optional(t.max_depth),
                t.min_samples_leaf,
            ),
            vec![binned],
        ),
        LearnerSpec::Forest(f) => {
            let max_features = match (f.max_features, task) {
                (FeatureShare::Auto, Task::Regression) | (FeatureShare::All, _) => "1.0".to_string(),
                (FeatureShare::Auto | FeatureShare::Sqrt, _) => "\"sqrt\"".to_string(),
                (FeatureShare::Fraction(s), _) => float(s),
            };
            (
                format!(
                    "from sklearn.ensemble import RandomForest{k}\n\n\
                     model = RandomForest{k}(\n    \
                     n_estimators={},  # Lantern: trees\n    \
                     criterion={},  # Lantern: criterion\n    \
                     max_depth={},  # Lantern: max_depth\n    \
                     min_samples_leaf={},  # Lantern: min_samples_leaf\n    \
                     max_features={max_features},  # Lantern: max_features ({})\n    \
                     bootstrap={},  # Lantern: bootstrap\n    \
                     random_state={seed},  # Lantern: the experiment's seed (the draws differ)\n    \
                     n_jobs=-1,\n)\n",
                    f.trees,
                    criterion(f.criterion),
                    optional(f.max_depth),
                    f.min_samples_leaf,
                    f.max_features.text(),
                    boolean(f.bootstrap),
                ),
                vec![binned],
            )
        }
        LearnerSpec::Boosting(b) => {
            if let Some(p) = b.early_stopping {
                fit = format!(
                    "if len(VALIDATION):\n    \
                     # Lantern: early_stopping = {p} rounds, scored on the validation rows\n    \
                     model.set_params(early_stopping=True, n_iter_no_change={p}, validation_fraction=None)\n    \
                     model.fit(X[TRAIN], y[TRAIN], X_val=X[VALIDATION], y_val=y[VALIDATION])\n\
                     else:\n    \
                     model.fit(X[TRAIN], y[TRAIN])\n"
                );
            }
            (
                format!(
                    "from sklearn.ensemble import HistGradientBoosting{k}\n\n\
                     model = HistGradientBoosting{k}(\n    \
                     max_iter={},  # Lantern: rounds\n    \
                     learning_rate={},  # Lantern: learning_rate (shrinkage)\n    \
                     max_leaf_nodes={},  # Lantern: max_leaves\n    \
                     max_depth={},  # Lantern: max_depth\n    \
                     min_samples_leaf={},  # Lantern: min_samples_leaf\n    \
                     l2_regularization={},  # Lantern: l2\n    \
                     max_bins=255,  # as Lantern\n    \
                     early_stopping=False,  # Lantern: early_stopping (set below when it is on)\n    \
                     tol=1e-7,  # as Lantern\n    \
                     random_state={seed},\n)\n",
                    b.rounds,
                    float(b.learning_rate),
                    b.max_leaves,
                    optional(b.max_depth),
                    b.min_samples_leaf,
                    float(b.l2),
                ),
                Vec::new(),
            )
        }
        LearnerSpec::Knn(n) => {
            let metric = match n.distance {
                KnnDistance::Euclidean => "euclidean",
                KnnDistance::Manhattan => "manhattan",
            };
            let weights = match n.weighting {
                KnnWeighting::Uniform => "uniform",
                KnnWeighting::Distance => "distance",
            };
            (
                format!(
                    "from sklearn.neighbors import KNeighbors{k}\n\n\
                     model = KNeighbors{k}(\n    \
                     n_neighbors=min({}, len(TRAIN)),  # Lantern: k (at most the training rows)\n    \
                     metric=\"{metric}\",  # Lantern: distance\n    \
                     weights=\"{weights}\",  # Lantern: weighting\n)\n",
                    n.k
                ),
                vec!["ties between equally distant neighbours may be broken differently".to_string()],
            )
        }
        LearnerSpec::Bayes(b) => {
            if !classifier(task) {
                return Err(unsupported("naive Bayes on a number to predict", "Naive Bayes predicts classes only."));
            }
            (
                format!(
                    "from sklearn.naive_bayes import GaussianNB\n\n\
                     model = GaussianNB(var_smoothing={})  # Lantern: var_smoothing\n",
                    float(b.var_smoothing)
                ),
                Vec::new(),
            )
        }
    };
    Ok(ModelCode { build, fit, notes })
}

/// A network as `MLPClassifier` / `MLPRegressor`.
fn network(spec: &ExperimentSpec, task: Task) -> Result<ModelCode> {
    let m = &spec.model;
    let t = &spec.training;
    if m.dropout > 0.0 {
        return Err(unsupported(
            format!("dropout {} (scikit-learn's MLP has no dropout)", m.dropout),
            "Set dropout to 0 and retrain to export it.",
        ));
    }
    if t.class_weight.is_some() {
        return Err(unsupported(
            "class weights (scikit-learn's MLP takes no class_weight)",
            "Train without class weights to export it as a script; the ONNX file and the web predictor carry it.",
        ));
    }
    if t.l1 > 0.0 {
        return Err(unsupported(
            format!("the L1 penalty {} (scikit-learn's MLP has only an L2 penalty)", t.l1),
            "Set L1 to 0 (L2 has an equivalent) and retrain to export it.",
        ));
    }
    if t.clip_norm > 0.0 {
        return Err(unsupported(
            format!("gradient clipping at norm {} (scikit-learn's MLP does not clip)", t.clip_norm),
            "Set clip_norm to 0 and retrain to export it.",
        ));
    }
    let regression = !classifier(task);
    if regression && t.loss != RegressionLoss::Mse {
        return Err(unsupported(
            format!("the {} loss (scikit-learn's MLPRegressor minimises squared error only)", t.loss.name()),
            "Choose the mean squared error loss and retrain to export it.",
        ));
    }
    let mut notes = Vec::new();
    let activation = match m.activation {
        Activation::Relu => "relu",
        Activation::Tanh => "tanh",
        Activation::Sigmoid => "logistic",
        Activation::Linear => "identity",
        Activation::LeakyRelu | Activation::Gelu => {
            if !m.hidden.is_empty() {
                notes.push(format!(
                    "scikit-learn has no {} activation: its nearest, relu, is used",
                    m.activation.name()
                ));
            }
            "relu"
        }
    };
    // scikit-learn's squared error is half the mean square (its gradient half Lantern's):
    // plain and momentum SGD take twice the step to make the same updates; Adam is unchanged by
    // a gradient's scale.
    let sgd_family = matches!(t.optimizer, Optimizer::Sgd | Optimizer::Momentum | Optimizer::Nesterov);
    let lr_factor = if regression && sgd_family { 2.0 } else { 1.0 };
    // Lantern adds λ·w to the mean gradient; scikit-learn adds alpha·w / batch (halved with
    // its halved squared error).
    let alpha = t.l2 * t.batch_size as f64 / if regression { 2.0 } else { 1.0 };
    let (solver, momentum) = match t.optimizer {
        Optimizer::Sgd => ("sgd", Some((0.0, false))),
        Optimizer::Momentum => ("sgd", Some((0.9, false))),
        Optimizer::Nesterov => ("sgd", Some((0.9, true))),
        Optimizer::Adam => ("adam", None),
        Optimizer::RmsProp => {
            notes.push("scikit-learn has no RMSprop: Adam, its nearest (RMSprop with momentum), is used".into());
            ("adam", None)
        }
        Optimizer::AdamW => {
            if t.l2 > 0.0 {
                notes.push(
                    "scikit-learn has no AdamW: Adam with the same weight decay added to the gradient is used".into(),
                );
            }
            ("adam", None)
        }
    };
    let hidden = match m.hidden.as_slice() {
        [] => "()".to_string(),
        [one] => format!("({one},)"),
        many => format!("({})", many.iter().map(usize::to_string).collect::<Vec<_>>().join(", ")),
    };
    let what = if m.hidden.is_empty() {
        if regression {
            "no hidden layer: linear regression"
        } else {
            "no hidden layer: logistic (softmax) regression"
        }
    } else {
        "hidden layer widths"
    };
    let lr = t.learning_rate * lr_factor;
    let lr_comment = if lr_factor == 1.0 {
        "Lantern: learning_rate".to_string()
    } else {
        format!("Lantern's learning_rate {} × 2 (scikit-learn's squared error is halved)", float(t.learning_rate))
    };
    let mut build = format!(
        "from sklearn.neural_network import MLP{k}\n\n\
         model = MLP{k}(\n    \
         hidden_layer_sizes={hidden},  # Lantern: hidden ({what})\n    \
         activation=\"{activation}\",  # Lantern: activation {}\n    \
         solver=\"{solver}\",  # Lantern: optimizer {}\n    \
         learning_rate_init={},  # {lr_comment}\n    \
         learning_rate=\"constant\",  # the schedule, if any, is applied per epoch below\n    \
         batch_size={},  # Lantern: batch_size\n    \
         alpha={},  # Lantern: l2 {} (scikit-learn divides alpha by the batch size{})\n    \
         max_iter={},  # Lantern: epochs, every one of them run:\n    \
         tol=0.0,\n    \
         n_iter_no_change={},  # never stops early by itself\n    \
         shuffle=True,  # a new order of the training rows every epoch, as Lantern\n    \
         random_state={},  # Lantern: the experiment's seed (the draws differ)\n",
        m.activation.name(),
        t.optimizer.name(),
        float(lr),
        t.batch_size,
        float(alpha),
        float(t.l2),
        if regression { " and halves the squared error" } else { "" },
        t.epochs,
        t.epochs + 1,
        spec.seed,
        k = kind(task),
    );
    match momentum {
        Some((mu, nesterov)) => build.push_str(&format!(
            "    momentum={},  # Lantern: {}\n    nesterovs_momentum={},\n",
            float(mu),
            if mu == 0.0 { "plain SGD" } else { "μ = 0.9" },
            boolean(nesterov)
        )),
        None => build.push_str("    beta_1=0.9,  # as Lantern\n    beta_2=0.999,\n    epsilon=1e-8,\n"),
    }
    build.push_str(")\n");
    let fit = network_fit(spec, task, lr);
    Ok(ModelCode { build, fit, notes })
}

/// The fit of a network: one `fit` call for a constant rate without early stopping; else one
/// `partial_fit` per epoch, with the epoch's rate and Lantern's early stopping on the
/// validation rows.
fn network_fit(spec: &ExperimentSpec, task: Task, lr: f64) -> String {
    let t = &spec.training;
    if t.schedule == Schedule::Constant && t.patience == 0 {
        return FIT_PLAIN.to_string();
    }
    let rate = match t.schedule {
        Schedule::Constant => float(lr),
        Schedule::StepDecay { every, factor } => {
            format!("{} * {} ** (epoch // {})  # Lantern: step decay", float(lr), float(factor), every.max(1))
        }
        Schedule::Cosine => {
            format!("{} * 0.5 * (1 + math.cos(math.pi * epoch / EPOCHS))  # Lantern: cosine", float(lr))
        }
    };
    let classes = if classifier(task) { ", classes=np.arange(len(CLASSES))" } else { "" };
    let loss = if classifier(task) {
        "    p = np.clip(model.predict_proba(X[VALIDATION]), 1e-12, 1.0)\n    \
         return float(-np.mean(np.log(p[np.arange(len(VALIDATION)), y[VALIDATION]])))\n"
    } else {
        "    return float(np.mean((model.predict(X[VALIDATION]) - y[VALIDATION]) ** 2))\n"
    };
    format!(
        "import copy\n\n\
         EPOCHS = {}\n\
         PATIENCE = {}  # Lantern: patience (0: off); early stopping needs validation rows\n\n\n\
         def rate(epoch):\n    \
         \"\"\"The learning rate of `epoch` (0-based), as Lantern's schedule.\"\"\"\n    \
         return {rate}\n\n\n\
         def validation_loss():\n    \
         \"\"\"Lantern's validation loss: cross-entropy, or the mean squared error.\"\"\"\n\
         {loss}\n\n\
         best, best_loss, waited = None, math.inf, 0\n\
         for epoch in range(EPOCHS):\n    \
         model.learning_rate_init = rate(epoch)\n    \
         if hasattr(model, \"_optimizer\"):  # scikit-learn keeps the step size here between calls\n        \
         model._optimizer.learning_rate_init = model._optimizer.learning_rate = rate(epoch)\n    \
         model.partial_fit(X[TRAIN], y[TRAIN]{classes})  # one epoch\n    \
         if PATIENCE and len(VALIDATION):\n        \
         loss = validation_loss()\n        \
         if loss < best_loss:\n            \
         best, best_loss, waited = copy.deepcopy(model), loss, 0\n        \
         else:\n            \
         waited += 1\n            \
         if waited >= PATIENCE:  # Lantern stops and keeps the best epoch's weights\n                \
         model = best\n                \
         break\n",
        t.epochs, t.patience,
    )
}

/// The name of an estimator family for the header (`MLPClassifier`, `RandomForestRegressor` …).
pub fn estimator_name(spec: &ExperimentSpec, task: Task) -> String {
    let k = kind(task);
    match spec.model.learner.as_deref() {
        None => format!("MLP{k}"),
        Some(LearnerSpec::Tree(_)) => format!("DecisionTree{k}"),
        Some(LearnerSpec::Forest(_)) => format!("RandomForest{k}"),
        Some(LearnerSpec::Boosting(_)) => format!("HistGradientBoosting{k}"),
        Some(LearnerSpec::Knn(_)) => format!("KNeighbors{k}"),
        Some(LearnerSpec::Bayes(_)) => "GaussianNB".to_string(),
    }
}

/// `s` as a Python string literal (re-exported for the cells' writers).
pub fn quoted(s: &str) -> String {
    string(s)
}
