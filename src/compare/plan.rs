//! Plans of runs to compare, each a list of [`Job`]s built from the current experiment:
//!
//! - [`seed_repeats`]: the same experiment with `n` seeds (its own first), so that a lucky seed
//!   is not taken for a better model.
//! - [`grid`]: every combination of the values of one or two hyper-parameters ([`Param`]),
//!   at most [`MAX_GRID_RUNS`] runs.
//! - [`algorithm_presets`]: a linear model, MLP(32), MLP(64, 64) and the families that are not
//!   networks (tree, forest, boosting, k-NN, naive Bayes) on the same split and seed.
//!
//! Every planned spec is validated; an error names the value that makes it invalid.

use super::record::model_name;
use super::Job;
use crate::choice::Choice;
use crate::data::Task;
use crate::error::{Error, Result};
use crate::rng::{SeededRng, Stream};
use crate::spec::learner::{BayesSpec, BoostingSpec, FeatureShare, ForestSpec, KnnSpec, LearnerSpec, TreeSpec};
use crate::spec::{Activation, ExperimentSpec, Optimizer};

/// Most runs in one grid search.
pub const MAX_GRID_RUNS: usize = 36;

/// Most seeds in one repeat.
pub const MAX_SEED_REPEATS: usize = 20;

/// Derived seeds are drawn from `0 .. SEED_RANGE` (short enough to read and type).
const SEED_RANGE: usize = 1_000_000;

/// The experiment with `n` seeds: its own seed first, then seeds drawn from the
/// [`Stream::Repeats`] stream of its seed (so the same experiment always gets the same seeds),
/// skipping repeats. Labels are "seed 7 (1/3)".
///
/// # Errors
/// [`Error::Plan`] unless `2 ≤ n ≤` [`MAX_SEED_REPEATS`].
pub fn seed_repeats(spec: &ExperimentSpec, n: usize) -> Result<Vec<Job>> {
    if !(2..=MAX_SEED_REPEATS).contains(&n) {
        return Err(Error::Plan(format!(
            "repeat over 2 to {MAX_SEED_REPEATS} seeds (one seed says nothing about the spread), got {n}"
        )));
    }
    spec.validate()?;
    let mut rng = SeededRng::new(spec.seed, Stream::Repeats);
    let mut seeds = vec![spec.seed];
    while seeds.len() < n {
        let s = rng.below(SEED_RANGE) as u64;
        if !seeds.contains(&s) {
            seeds.push(s);
        }
    }
    Ok(seeds
        .iter()
        .enumerate()
        .map(|(i, &seed)| Job {
            label: format!("seed {seed} ({}/{n})", i + 1),
            spec: ExperimentSpec { seed, ..spec.clone() },
            group: None,
        })
        .collect())
}

/// The `k` folds of a cross-validation of `spec` (a table), cut the standard way or as `by`
/// says, labelled "fold 1/5": each run tests on one fold and trains on the others (see [`crate::train::cross_validation`]); together
/// they test every usable row once.
///
/// # Errors
/// [`Error::Plan`] unless `2 ≤ k ≤ 20`, or for generated data.
pub fn folds(spec: &ExperimentSpec, k: usize, by: Option<&crate::spec::FoldBy>) -> Result<Vec<Job>> {
    let range = crate::train::cross_validation::FOLDS;
    if !range.contains(&k) {
        return Err(Error::Plan(format!("cross-validate with {} to {} folds, got {k}", range.start(), range.end())));
    }
    if spec.data.generator().is_some() {
        return Err(Error::Plan("cross-validation folds a table: open one (generated points have none)".into()));
    }
    spec.validate()?;
    Ok((0..k)
        .map(|index| {
            let mut s = spec.clone();
            s.data.fold = Some(crate::spec::FoldSpec { k, index, by: by.cloned() });
            Job { label: format!("fold {}/{k}", index + 1), spec: s, group: None }
        })
        .collect())
}

/// The ways to cut `table` into folds, as a menu offers them: `(value, label)` — the standard
/// cut (`""`), then [`crate::spec::FoldBy`]'s text: the table's order in time (`"time"`), by
/// each column's groups (`"group:<column>"`) and by each numeric column in time
/// (`"time:<column>"`), the target left out. [`fold_by`] reads a value back.
pub fn fold_choices(table: &crate::data::Table, target: Option<&str>) -> Vec<(String, String)> {
    let mut out = vec![
        (String::new(), "shuffled (stratified for classes)".to_string()),
        ("time".to_string(), "in the table's order (time)".to_string()),
    ];
    for c in table.columns.iter().filter(|c| Some(c.name.as_str()) != target) {
        out.push((format!("group:{}", c.name), format!("groups of {}", c.name)));
        if matches!(c.data, crate::data::table::ColumnData::Numeric { .. }) {
            out.push((format!("time:{}", c.name), format!("in time by {}", c.name)));
        }
    }
    out
}

/// The folds a [`fold_choices`] value names (`None`: the standard cut, or text that names none).
pub fn fold_by(value: &str) -> Option<crate::spec::FoldBy> {
    crate::spec::FoldBy::try_from(value.to_string()).ok()
}

/// Most workers the page's queue runs at once.
pub const MAX_WORKERS: usize = 8;

/// Workers for queued runs on a machine with `cores` logical cores: all but one (the page's and
/// its interactive run's), at least one, at most [`MAX_WORKERS`].
pub fn workers_for(cores: usize) -> usize {
    cores.saturating_sub(1).clamp(1, MAX_WORKERS)
}

/// A hyper-parameter a grid search can vary.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Param {
    /// `training.learning_rate`
    LearningRate,
    /// `training.batch_size`
    BatchSize,
    /// `training.epochs`
    Epochs,
    /// `training.l2`
    L2,
    /// `training.l1`
    L1,
    /// `model.dropout`
    Dropout,
    /// `training.optimizer`
    Optimizer,
    /// `model.hidden`: the hidden layers ("none" is the linear / logistic model).
    Hidden,
    /// `model.activation`
    Activation,
    /// `model.learner.trees` (a forest)
    Trees,
    /// `model.learner.rounds` (boosting)
    Rounds,
    /// `model.learner.max_depth` (trees, forests, boosting; "none" for no limit)
    MaxDepth,
    /// `model.learner.min_samples_leaf` (trees, forests, boosting)
    MinSamplesLeaf,
    /// `model.learner.max_leaves` (boosting)
    MaxLeaves,
    /// `model.learner.max_features` (a forest)
    MaxFeatures,
    /// `model.learner.k` (k-NN)
    Neighbours,
    /// `model.learner.var_smoothing` (naive Bayes)
    VarSmoothing,
}

crate::choices!(Param, "grid.parameter", {
    LearningRate => "learning_rate", "learning rate";
    BatchSize => "batch_size", "batch size";
    Epochs => "epochs", "epochs";
    L2 => "l2", "L2";
    L1 => "l1", "L1";
    Dropout => "dropout", "dropout";
    Optimizer => "optimizer", "optimizer";
    Hidden => "hidden", "hidden layers";
    Activation => "activation", "activation";
    Trees => "trees", "trees";
    Rounds => "rounds", "rounds";
    MaxDepth => "max_depth", "maximum depth";
    MinSamplesLeaf => "min_samples_leaf", "rows per leaf";
    MaxLeaves => "max_leaves", "leaves per tree";
    MaxFeatures => "max_features", "features per split";
    Neighbours => "k", "neighbours (k)";
    VarSmoothing => "var_smoothing", "variance smoothing";
});

impl Param {
    /// Short name for run labels ("lr 0.1").
    pub(crate) fn short(self) -> &'static str {
        match self {
            Param::LearningRate => "lr",
            Param::BatchSize => "batch",
            Param::Hidden => "hidden",
            Param::MaxDepth => "depth",
            Param::MinSamplesLeaf => "leaf rows",
            Param::MaxLeaves => "leaves",
            Param::MaxFeatures => "features",
            Param::VarSmoothing => "smoothing",
            p => p.label(),
        }
    }

    /// Whether this parameter is a setting of the model `learner` names (`None`: a network):
    /// a grid varies only the chosen model's own settings. Boosting takes the learning rate
    /// (its shrinkage) and L2 (its penalty on leaf values) as its own.
    pub fn fits(self, learner: Option<&LearnerSpec>) -> bool {
        use Param as P;
        match learner {
            None => matches!(
                self,
                P::LearningRate
                    | P::BatchSize
                    | P::Epochs
                    | P::L2
                    | P::L1
                    | P::Dropout
                    | P::Optimizer
                    | P::Hidden
                    | P::Activation
            ),
            Some(LearnerSpec::Tree(_)) => matches!(self, P::MaxDepth | P::MinSamplesLeaf),
            Some(LearnerSpec::Forest(_)) => matches!(self, P::Trees | P::MaxDepth | P::MinSamplesLeaf | P::MaxFeatures),
            Some(LearnerSpec::Boosting(_)) => {
                matches!(self, P::Rounds | P::LearningRate | P::MaxLeaves | P::MaxDepth | P::MinSamplesLeaf | P::L2)
            }
            Some(LearnerSpec::Knn(_)) => self == P::Neighbours,
            Some(LearnerSpec::Bayes(_)) => self == P::VarSmoothing,
        }
    }

    /// Example values, as typed.
    pub fn example(self) -> &'static str {
        match self {
            Param::LearningRate => "0.01, 0.03, 0.1",
            Param::BatchSize => "8, 16, 32",
            Param::Epochs => "100, 300",
            Param::L2 | Param::L1 => "0, 0.001, 0.01",
            Param::Dropout => "0, 0.2, 0.5",
            Param::Optimizer => "sgd, adam",
            Param::Hidden => "none, 8, 8-8, 32-32",
            Param::Activation => "relu, tanh",
            Param::Trees => "10, 50, 100",
            Param::Rounds => "50, 100, 200",
            Param::MaxDepth => "2, 4, 8, none",
            Param::MinSamplesLeaf => "1, 5, 20",
            Param::MaxLeaves => "7, 15, 31",
            Param::MaxFeatures => "sqrt, 0.5, all",
            Param::Neighbours => "1, 5, 15",
            Param::VarSmoothing => "1e-9, 0.001, 0.1",
        }
    }

    /// Parses typed values: numbers or names separated by commas, semicolons or spaces; for
    /// hidden layers, values separated by commas or semicolons, each "none" or units joined by
    /// `-` or `x` ("8-8"). Returns them normalised ("0.10" → "0.1").
    ///
    /// # Errors
    /// [`Error::Plan`] for an empty list, a value of the wrong kind, or a value given twice.
    pub fn parse_values(self, text: &str) -> Result<Vec<String>> {
        let separators: &[char] = if self == Param::Hidden { &[',', ';'] } else { &[',', ';', ' ', '\t'] };
        let mut out: Vec<String> = Vec::new();
        for raw in text.split(separators).map(str::trim).filter(|v| !v.is_empty()) {
            let v = self.normalise(raw)?;
            if out.contains(&v) {
                return Err(Error::Plan(format!("{} `{raw}` is listed twice", self.label())));
            }
            out.push(v);
        }
        if out.is_empty() {
            return Err(Error::Plan(format!("give at least one value for {}, e.g. {}", self.label(), self.example())));
        }
        Ok(out)
    }

    fn normalise(self, raw: &str) -> Result<String> {
        let bad = |what: &str| Error::Plan(format!("{} `{raw}` is not {what} (e.g. {})", self.label(), self.example()));
        Ok(match self {
            Param::LearningRate | Param::L2 | Param::L1 | Param::Dropout | Param::VarSmoothing => {
                let v = raw.parse::<f64>().ok().filter(|v| v.is_finite()).ok_or_else(|| bad("a number"))?;
                v.to_string()
            }
            Param::BatchSize
            | Param::Epochs
            | Param::Trees
            | Param::Rounds
            | Param::MinSamplesLeaf
            | Param::MaxLeaves
            | Param::Neighbours => raw.parse::<usize>().map_err(|_| bad("a whole number"))?.to_string(),
            Param::MaxDepth => match raw.to_lowercase().as_str() {
                "none" | "0" => "none".to_string(),
                _ => raw.parse::<usize>().map_err(|_| bad("a whole number or none"))?.to_string(),
            },
            Param::MaxFeatures => FeatureShare::parse(raw).map_err(|_| bad("auto, sqrt, all or a share"))?.text(),
            Param::Optimizer => choice_name::<Optimizer>(raw).ok_or_else(|| bad(&one_of::<Optimizer>()))?,
            Param::Activation => choice_name::<Activation>(raw).ok_or_else(|| bad(&one_of::<Activation>()))?,
            Param::Hidden => {
                let layers = parse_layers(raw).ok_or_else(|| bad("\"none\" or units per layer joined by -"))?;
                show_layers(&layers)
            }
        })
    }

    /// Sets this parameter of `spec` to a value returned by [`Param::parse_values`].
    ///
    /// # Errors
    /// [`Error::Plan`] for a value that does not parse.
    pub fn apply(self, spec: &mut ExperimentSpec, value: &str) -> Result<()> {
        let v = self.normalise(value)?;
        let number = || v.parse::<f64>().unwrap_or(f64::NAN);
        let count = || v.parse::<usize>().unwrap_or(0);
        if !self.fits(spec.model.learner.as_deref()) {
            let model = spec.model.learner.as_ref().map_or("network".to_string(), |l| l.describe());
            return Err(Error::Plan(format!(
                "{} is not a setting of a {model}: vary one of its own settings, or choose another model",
                self.label()
            )));
        }
        if let Some(learner) = spec.model.learner.as_deref_mut() {
            learner_apply(learner, self, &v);
            return Ok(());
        }
        let (m, t) = (&mut spec.model, &mut spec.training);
        match self {
            Param::LearningRate => t.learning_rate = number(),
            Param::BatchSize => t.batch_size = count(),
            Param::Epochs => t.epochs = count(),
            Param::L2 => t.l2 = number(),
            Param::L1 => t.l1 = number(),
            Param::Dropout => m.dropout = number(),
            Param::Optimizer => t.optimizer = Optimizer::parse(&v)?,
            Param::Hidden => m.hidden = parse_layers(&v).unwrap_or_default(),
            Param::Activation => m.activation = Activation::parse(&v)?,
            _ => {}
        }
        Ok(())
    }
}

/// Sets `param` of a model that is not a network to `v` (normalised, and a setting of its
/// family: [`Param::fits`]).
fn learner_apply(learner: &mut LearnerSpec, param: Param, v: &str) {
    let count = v.parse::<usize>().unwrap_or(0);
    let number = v.parse::<f64>().unwrap_or(f64::NAN);
    let depth = v.parse::<usize>().ok();
    match (learner, param) {
        (LearnerSpec::Forest(f), Param::Trees) => f.trees = count,
        (LearnerSpec::Forest(f), Param::MaxFeatures) => f.max_features = FeatureShare::parse(v).unwrap_or_default(),
        (LearnerSpec::Boosting(b), Param::Rounds) => b.rounds = count,
        (LearnerSpec::Boosting(b), Param::LearningRate) => b.learning_rate = number,
        (LearnerSpec::Boosting(b), Param::L2) => b.l2 = number,
        (LearnerSpec::Boosting(b), Param::MaxLeaves) => b.max_leaves = count,
        (LearnerSpec::Knn(k), Param::Neighbours) => k.k = count,
        (LearnerSpec::Bayes(b), Param::VarSmoothing) => b.var_smoothing = number,
        (LearnerSpec::Tree(t), Param::MaxDepth) => t.max_depth = depth,
        (LearnerSpec::Forest(f), Param::MaxDepth) => f.max_depth = depth,
        (LearnerSpec::Boosting(b), Param::MaxDepth) => b.max_depth = depth,
        (LearnerSpec::Tree(t), Param::MinSamplesLeaf) => t.min_samples_leaf = count,
        (LearnerSpec::Forest(f), Param::MinSamplesLeaf) => f.min_samples_leaf = count,
        (LearnerSpec::Boosting(b), Param::MinSamplesLeaf) => b.min_samples_leaf = count,
        _ => {}
    }
}

/// The stable name of the value `raw` names, in any case (`AdamW` → `adamw`).
fn choice_name<T: Choice>(raw: &str) -> Option<String> {
    T::parse(&raw.to_lowercase()).ok().map(|v| v.name().to_string())
}

/// "one of sgd, momentum, …": the names of `T`'s values.
fn one_of<T: Choice>() -> String {
    let names: Vec<&str> = T::ALL.iter().map(|v| v.name()).collect();
    format!("one of {}", names.join(", "))
}

/// "none" (or "0") → no hidden layer; "8-8", "8x8", "8" → units per layer.
fn parse_layers(text: &str) -> Option<Vec<usize>> {
    let t = text.trim().to_lowercase();
    if t == "none" || t == "0" {
        return Some(Vec::new());
    }
    t.split(['-', 'x', '×']).map(|u| u.trim().parse::<usize>().ok().filter(|&u| u > 0)).collect()
}

fn show_layers(layers: &[usize]) -> String {
    if layers.is_empty() {
        "none".into()
    } else {
        layers.iter().map(usize::to_string).collect::<Vec<_>>().join("-")
    }
}

/// One axis of a grid: a parameter and its values (as [`Param::parse_values`] returns them).
#[derive(Clone, Debug, PartialEq)]
pub struct GridAxis {
    /// The parameter varied.
    pub param: Param,
    /// Its values, in order.
    pub values: Vec<String>,
}

/// Every combination of `first`'s and `second`'s values applied to `spec` (the first axis
/// varies slowest), labelled "lr 0.1 · batch 32".
///
/// # Errors
/// [`Error::Plan`] if both axes vary the same parameter, an axis has no values, the grid has
/// more than [`MAX_GRID_RUNS`] runs, or a value makes an invalid experiment (named).
pub fn grid(spec: &ExperimentSpec, first: &GridAxis, second: Option<&GridAxis>) -> Result<Vec<Job>> {
    let axes: Vec<&GridAxis> = std::iter::once(first).chain(second).collect();
    if let Some(b) = second {
        if b.param == first.param {
            return Err(Error::Plan(format!("both axes vary {}: pick two different settings", first.param.label())));
        }
    }
    if let Some(a) = axes.iter().find(|a| a.values.is_empty()) {
        return Err(Error::Plan(format!("give at least one value for {}", a.param.label())));
    }
    let runs: usize = axes.iter().map(|a| a.values.len()).product();
    if runs > MAX_GRID_RUNS {
        let sizes: Vec<String> = axes.iter().map(|a| a.values.len().to_string()).collect();
        return Err(Error::Plan(format!(
            "a grid of {} = {runs} runs is more than {MAX_GRID_RUNS}: use fewer values",
            sizes.join(" × ")
        )));
    }
    let mut cells: Vec<Vec<(Param, &String)>> = vec![Vec::new()];
    for a in &axes {
        cells = cells
            .into_iter()
            .flat_map(|c| a.values.iter().map(move |v| [c.clone(), vec![(a.param, v)]].concat()))
            .collect();
    }
    cells
        .into_iter()
        .map(|cell| {
            let mut s = spec.clone();
            for (p, v) in &cell {
                p.apply(&mut s, v)?;
            }
            let label: Vec<String> = cell.iter().map(|(p, v)| format!("{} {v}", p.short())).collect();
            let label = label.join(" · ");
            s.validate().map_err(|e| Error::Plan(format!("{label}: {e}")))?;
            Ok(Job { label, spec: s, group: None })
        })
        .collect()
}

/// Logistic (or linear) regression, MLP(32) and MLP(64, 64) with the current activation, then a
/// decision tree, a random forest, gradient boosting, k-NN and (for classes) naive Bayes, all on
/// the same data, split and seed as `spec` (the linear model without dropout, which needs
/// hidden units). `task` names the linear model when known.
///
/// # Errors
/// The spec's own validation error.
pub fn algorithm_presets(spec: &ExperimentSpec, task: Option<Task>) -> Result<Vec<Job>> {
    spec.validate()?;
    let with = |hidden: Vec<usize>| {
        let mut s = spec.clone();
        if hidden.is_empty() {
            s.model.dropout = 0.0;
        }
        s.model.hidden = hidden;
        Job { label: model_name(&s, task), spec: s, group: None }
    };
    let mut jobs = vec![with(Vec::new()), with(vec![32]), with(vec![64, 64])];
    // The families that are not networks, with their defaults, on the same split and seed:
    // naive Bayes only for classes (when the task is known to be classification).
    let mut learners = vec![
        LearnerSpec::Tree(TreeSpec::default()),
        // Depth-limited, so that a forest of a big table stays a few megabytes.
        LearnerSpec::Forest(ForestSpec { trees: 50, max_depth: Some(12), ..ForestSpec::default() }),
        LearnerSpec::Boosting(BoostingSpec::default()),
        LearnerSpec::Knn(KnnSpec::default()),
    ];
    if task.is_some_and(|t| t.is_classification()) {
        learners.push(LearnerSpec::Bayes(BayesSpec::default()));
    }
    for learner in learners {
        let mut s = spec.clone();
        s.model.learner = Some(Box::new(learner));
        jobs.push(Job { label: model_name(&s, task), spec: s, group: None });
    }
    Ok(jobs)
}

#[cfg(test)]
#[path = "plan_tests.rs"]
mod tests;
