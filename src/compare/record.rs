//! One run as the Compare view keeps it: what was trained (the spec), how it went (the
//! per-epoch metrics of the run log), how good it is (test metrics next to the baseline's),
//! what it cost (training time, trainable numbers), and its fingerprint.

use super::RunGroup;
use crate::choice::Choice;
use crate::data::Task;
use crate::spec::link::Fingerprint;
use crate::spec::{DataSource, ExperimentSpec, Schedule};
use crate::train::{EpochMetrics, Evaluation};
use serde::{Deserialize, Deserializer, Serialize};

/// How a test metric is shown and sorted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MetricInfo {
    /// Machine name, as in a [`Score`] and the CLI's `--json` `test` object.
    pub name: &'static str,
    /// Column title.
    pub title: &'static str,
    /// Whether a larger value is better (accuracy) or worse (log loss, RMSE).
    pub higher_is_better: bool,
}

/// The test metrics a record keeps, in column order: classification first, then regression.
pub const METRICS: [MetricInfo; 8] = [
    MetricInfo { name: "accuracy", title: "accuracy", higher_is_better: true },
    MetricInfo { name: "balanced_accuracy", title: "balanced accuracy", higher_is_better: true },
    MetricInfo { name: "macro_f1", title: "macro F1", higher_is_better: true },
    MetricInfo { name: "log_loss", title: "log loss", higher_is_better: false },
    MetricInfo { name: "roc_auc", title: "ROC AUC", higher_is_better: true },
    MetricInfo { name: "r2", title: "R²", higher_is_better: true },
    MetricInfo { name: "rmse", title: "RMSE", higher_is_better: false },
    MetricInfo { name: "mae", title: "MAE", higher_is_better: false },
];

/// The description of metric `name`, if it is one of [`METRICS`].
pub fn metric_info(name: &str) -> Option<&'static MetricInfo> {
    METRICS.iter().find(|m| m.name == name)
}

/// `null` (how serde_json writes NaN) reads back as NaN.
fn nan_if_null<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    Ok(Option::<f64>::deserialize(d)?.unwrap_or(f64::NAN))
}

/// One test metric of a run, and the same metric of the baseline that ignores the features
/// (majority class, or training mean) on the same test rows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Score {
    /// Machine name (see [`METRICS`]).
    pub name: String,
    /// The model's value (NaN when undefined, e.g. an AUC without positives).
    #[serde(deserialize_with = "nan_if_null")]
    pub value: f64,
    /// The baseline's value, when the evaluation has one for this metric.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<f64>,
}

impl Score {
    fn new(name: &str, value: f64, baseline: Option<f64>) -> Self {
        Self { name: name.to_string(), value, baseline: baseline.filter(|b| b.is_finite()) }
    }
}

/// The headline test metrics of an evaluation, in [`METRICS`] order, each with its baseline.
pub fn scores_of(evaluation: &Evaluation) -> Vec<Score> {
    match evaluation {
        Evaluation::Classification(r) => {
            let b = &r.baseline;
            vec![
                Score::new("accuracy", r.accuracy, Some(b.accuracy)),
                Score::new("balanced_accuracy", r.balanced_accuracy, Some(b.balanced_accuracy)),
                Score::new("macro_f1", r.macro_f1, Some(b.macro_f1)),
                Score::new("log_loss", r.log_loss, Some(b.log_loss)),
                // A constant score ranks nothing: its AUC is 0.5 by definition.
                Score::new("roc_auc", r.roc_auc, Some(0.5)),
            ]
        }
        Evaluation::Regression(r) => {
            let b = &r.baseline;
            vec![
                Score::new("r2", r.r2, Some(b.r2)),
                Score::new("rmse", r.rmse, Some(b.rmse)),
                Score::new("mae", r.mae, Some(b.mae)),
            ]
        }
    }
}

/// The model's name: "logistic regression" (two classes), "softmax regression" (more),
/// "linear regression" without hidden layers; "MLP 8-8 tanh" with them ("dropout 0.2" added
/// when set). Without a known task a model with no hidden layer is a "linear model".
pub fn model_name(spec: &ExperimentSpec, task: Option<Task>) -> String {
    let m = &spec.model;
    if let Some(learner) = &m.learner {
        return learner.describe();
    }
    if m.hidden.is_empty() {
        return match task {
            Some(Task::Regression) => "linear regression",
            Some(Task::Classification { classes }) if classes > 2 => "softmax regression",
            Some(Task::Classification { .. }) => "logistic regression",
            None => "linear model",
        }
        .to_string();
    }
    let layers: Vec<String> = m.hidden.iter().map(usize::to_string).collect();
    let mut name = format!("MLP {} {}", layers.join("-"), m.activation.name());
    if m.dropout > 0.0 {
        name += &format!(" dropout {}", m.dropout);
    }
    name
}

/// One run, finished or failed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunRecord {
    /// Unique within its [`super::RunStore`], increasing in order of recording.
    pub id: u64,
    /// Shown in the table and the chart's legend.
    pub label: String,
    /// The experiment (after any settings changed during the run: see `notes`).
    pub spec: ExperimentSpec,
    /// What the model predicted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task: Option<Task>,
    /// Per-epoch metrics (the run log), thinned to at most [`super::MAX_CURVE_POINTS`] epochs
    /// when stored, the first and last always kept.
    #[serde(default)]
    pub curves: Vec<EpochMetrics>,
    /// Epochs completed.
    #[serde(default)]
    pub epochs: usize,
    /// When early stopping or Stop kept an earlier epoch's weights: that epoch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stopped_at: Option<usize>,
    /// Test metrics with the baseline's (empty for a failed run).
    #[serde(default)]
    pub scores: Vec<Score>,
    /// Milliseconds spent training.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub train_ms: Option<f64>,
    /// Trainable numbers in the model.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameters: Option<usize>,
    /// Hash of the run's metrics and weights (see [`crate::train::Fingerprint::of`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fingerprint: Option<Fingerprint>,
    /// The runs it was queued with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<RunGroup>,
    /// Why the run failed (it then has no scores).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure: Option<String>,
    /// Anything else worth knowing (settings changed mid-run …).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

impl RunRecord {
    /// A record of `spec` with nothing measured yet (id 0 until stored).
    pub fn new(label: impl Into<String>, spec: ExperimentSpec) -> Self {
        Self {
            id: 0,
            label: label.into(),
            spec,
            task: None,
            curves: Vec::new(),
            epochs: 0,
            stopped_at: None,
            scores: Vec::new(),
            train_ms: None,
            parameters: None,
            fingerprint: None,
            group: None,
            failure: None,
            notes: Vec::new(),
        }
    }

    /// Sets the curves (epochs whose losses are not finite are left out: JSON cannot hold
    /// them) and the number of epochs completed.
    pub fn set_curves(&mut self, curves: Vec<EpochMetrics>) {
        self.epochs = curves.last().map_or(0, |m| m.epoch);
        self.curves = curves.into_iter().filter(|m| m.train_loss.is_finite() && m.test_loss.is_finite()).collect();
    }

    /// Sets the scores from the test evaluation.
    pub fn set_evaluation(&mut self, evaluation: &Evaluation) {
        self.scores = scores_of(evaluation);
    }

    /// The score named `name`, if recorded.
    pub fn score(&self, name: &str) -> Option<&Score> {
        self.scores.iter().find(|s| s.name == name)
    }

    /// The value of score `name`, NaN when missing.
    pub fn value(&self, name: &str) -> f64 {
        self.score(name).map_or(f64::NAN, |s| s.value)
    }

    /// See [`model_name`].
    pub fn model(&self) -> String {
        model_name(&self.spec, self.task)
    }

    /// The data in a few words: "circle (400 points, noise 0.1)", "iris", "prices.csv → price".
    pub fn data(&self) -> String {
        let d = &self.spec.data;
        let base = match &d.source {
            DataSource::Synthetic { generator, points, noise } => {
                format!("{} ({points} points, noise {noise})", generator.name())
            }
            DataSource::Builtin { name } | DataSource::File { name } => name.clone(),
        };
        match (&d.source, &d.prepare.target) {
            (DataSource::Synthetic { .. }, _) | (_, None) => base,
            (_, Some(target)) => format!("{base} → {target}"),
        }
    }

    /// The training settings in a line: "adam lr 0.03 · batch 16 · 500 epochs", with L2, L1,
    /// the schedule, clipping and patience when set.
    pub fn settings(&self) -> String {
        let t = &self.spec.training;
        let mut parts = vec![
            format!("{} lr {}", t.optimizer.name(), t.learning_rate),
            format!("batch {}", t.batch_size),
            format!("{} epochs", t.epochs),
        ];
        if t.l2 > 0.0 {
            parts.push(format!("L2 {}", t.l2));
        }
        if t.l1 > 0.0 {
            parts.push(format!("L1 {}", t.l1));
        }
        match t.schedule {
            Schedule::Constant => {}
            Schedule::Cosine => parts.push("cosine".into()),
            Schedule::StepDecay { every, factor } => parts.push(format!("step {every}×{factor}")),
        }
        if t.clip_norm > 0.0 {
            parts.push(format!("clip {}", t.clip_norm));
        }
        if t.patience > 0 {
            parts.push(format!("patience {}", t.patience));
        }
        parts.join(" · ")
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::spec::Activation;
    use crate::train::evaluation::regression_report;

    #[test]
    fn model_names() {
        let mut s = ExperimentSpec::default();
        assert_eq!(model_name(&s, None), "MLP 8-8 tanh");
        s.model.dropout = 0.2;
        s.model.activation = Activation::Relu;
        assert_eq!(model_name(&s, None), "MLP 8-8 relu dropout 0.2");
        s.model.hidden.clear();
        assert_eq!(model_name(&s, Some(Task::Classification { classes: 2 })), "logistic regression");
        assert_eq!(model_name(&s, Some(Task::Classification { classes: 3 })), "softmax regression");
        assert_eq!(model_name(&s, Some(Task::Regression)), "linear regression");
        assert_eq!(model_name(&s, None), "linear model");
    }

    #[test]
    fn regression_scores_and_text() {
        // Actual 1, 2, 3 predicted 1, 2, 4: RMSE √(1/3), MAE 1/3, R² = 1 − 1/2 = 0.5.
        // Training mean 2: baseline RMSE √(2/3), MAE 2/3, R² 0.
        let r = regression_report(&[1.0, 2.0, 3.0], &[1.0, 2.0, 4.0], &[1.0, 3.0]);
        let scores = scores_of(&Evaluation::Regression(r));
        let names: Vec<&str> = scores.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["r2", "rmse", "mae"]);
        assert!((scores[0].value - 0.5).abs() < 1e-12 && scores[0].baseline == Some(0.0));
        assert!((scores[1].value - (1.0f64 / 3.0).sqrt()).abs() < 1e-12);
        assert!((scores[1].baseline.unwrap() - (2.0f64 / 3.0).sqrt()).abs() < 1e-12);
        assert!((scores[2].value - 1.0 / 3.0).abs() < 1e-12);
        let mut rec = RunRecord::new("a", ExperimentSpec::default());
        rec.scores = scores;
        assert!(rec.value("accuracy").is_nan());
        assert_eq!(rec.settings(), "adam lr 0.03 · batch 16 · 500 epochs");
        assert_eq!(rec.data(), "circle (400 points, noise 0)");
        rec.spec.data.source = DataSource::File { name: "p.csv".into() };
        rec.spec.data.prepare.target = Some("price".into());
        rec.spec.training.l2 = 0.001;
        rec.spec.training.schedule = Schedule::Cosine;
        assert_eq!(rec.data(), "p.csv → price");
        assert_eq!(rec.settings(), "adam lr 0.03 · batch 16 · 500 epochs · L2 0.001 · cosine");
    }

    #[test]
    fn curves_drop_non_finite_epochs_and_count_all() {
        let m = |epoch, loss| EpochMetrics { epoch, train_loss: loss, test_loss: 0.5, ..Default::default() };
        let mut rec = RunRecord::new("a", ExperimentSpec::default());
        rec.set_curves(vec![m(1, 0.9), m(2, f64::NAN), m(3, 0.4)]);
        assert_eq!(rec.epochs, 3);
        assert_eq!(rec.curves.iter().map(|m| m.epoch).collect::<Vec<_>>(), [1, 3]);
    }

    #[test]
    fn nan_scores_survive_json() {
        let s = Score::new("roc_auc", f64::NAN, Some(f64::NAN));
        let text = serde_json::to_string(&s).unwrap();
        assert_eq!(text, r#"{"name":"roc_auc","value":null}"#);
        let back: Score = serde_json::from_str(&text).unwrap();
        assert!(back.value.is_nan() && back.baseline.is_none());
    }
}
