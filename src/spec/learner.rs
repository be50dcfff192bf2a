//! The model families beside the networks ([`crate::learn`]), as an experiment states them:
//! `"model": {"learner": {"family": "forest", "trees": 100}}`. A spec without `learner` is a
//! network (`hidden`, `activation`, `dropout`), so every link made before stays as it was.
//!
//! The settings are the user's words for [`crate::learn`]'s: one name per knob, defaults as
//! scikit-learn's (the reference the tests compare with), checked here with messages that name
//! the setting's path and what to do.

use crate::data::Task;
use crate::error::{Error, Result};
use crate::learn::{self, BayesSettings, BoostSettings, Criterion, ForestSettings, Growth, KnnSettings, TreeSettings};
use serde::{Deserialize, Serialize};

/// A model that is not a network, with its settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "family", rename_all = "snake_case", deny_unknown_fields)]
pub enum LearnerSpec {
    /// One decision tree (CART).
    Tree(TreeSpec),
    /// A random forest: trees on bootstrap samples, each split among a random subset of the
    /// features; the forest averages them.
    Forest(ForestSpec),
    /// Gradient-boosted trees: each round fits trees to the gradient of the loss so far.
    Boosting(BoostingSpec),
    /// k-nearest neighbours: the training rows nearest to a row vote (or average).
    Knn(KnnSpec),
    /// Gaussian naive Bayes: per class, each feature normal and independent of the others.
    Bayes(BayesSpec),
}

/// How a tree measures a split's quality (classification; regression always uses the squared
/// error).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SplitCriterion {
    /// Gini impurity `1 − Σ p²`.
    #[default]
    Gini,
    /// Entropy `−Σ p log p`.
    Entropy,
}

/// A decision tree's settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TreeSpec {
    /// Deepest level a node may reach (the root is 0); `None`: grow until the leaves are pure
    /// or too small.
    pub max_depth: Option<usize>,
    /// Fewest training rows in a leaf.
    pub min_samples_leaf: usize,
    /// Split quality for classes.
    pub criterion: SplitCriterion,
}

impl Default for TreeSpec {
    fn default() -> Self {
        Self { max_depth: None, min_samples_leaf: 1, criterion: SplitCriterion::Gini }
    }
}

/// How many features each split of a forest's tree may choose from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FeatureShare {
    /// √(features) for classification, all of them for regression (scikit-learn's defaults).
    #[default]
    Auto,
    /// √(features).
    Sqrt,
    /// All the features (bagged trees).
    All,
    /// This share of the features (0–1].
    Fraction(f64),
}

impl FeatureShare {
    /// The share as the CLI and the Model panel write it: `auto`, `sqrt`, `all` or a number.
    pub fn text(self) -> String {
        match self {
            FeatureShare::Auto => "auto".into(),
            FeatureShare::Sqrt => "sqrt".into(),
            FeatureShare::All => "all".into(),
            FeatureShare::Fraction(s) => s.to_string(),
        }
    }

    /// Reads [`FeatureShare::text`]'s forms (`0.5` is half the features).
    ///
    /// # Errors
    /// [`Error::Spec`] for anything else, or a share outside (0, 1].
    pub fn parse(text: &str) -> Result<Self> {
        let share = match text.trim().to_lowercase().as_str() {
            "auto" => FeatureShare::Auto,
            "sqrt" => FeatureShare::Sqrt,
            "all" => FeatureShare::All,
            other => match other.parse::<f64>() {
                Ok(s) if s > 0.0 && s <= 1.0 => FeatureShare::Fraction(s),
                _ => {
                    return Err(Error::spec(
                        "model.learner.max_features",
                        format!("`{text}` is not auto, sqrt, all or a share above 0 and at most 1 (e.g. 0.5)"),
                    ))
                }
            },
        };
        Ok(share)
    }
}

/// A random forest's settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ForestSpec {
    /// Number of trees.
    pub trees: usize,
    /// Deepest level a node may reach; `None`: no limit.
    pub max_depth: Option<usize>,
    /// Fewest training rows in a leaf.
    pub min_samples_leaf: usize,
    /// Features each split chooses from.
    pub max_features: FeatureShare,
    /// Whether each tree sees a bootstrap sample (rows drawn with replacement) instead of all
    /// the rows.
    pub bootstrap: bool,
    /// Split quality for classes.
    pub criterion: SplitCriterion,
}

impl Default for ForestSpec {
    fn default() -> Self {
        Self {
            trees: 100,
            max_depth: None,
            min_samples_leaf: 1,
            max_features: FeatureShare::Auto,
            bootstrap: true,
            criterion: SplitCriterion::Gini,
        }
    }
}

/// Gradient boosting's settings (scikit-learn's `HistGradientBoosting*` defaults).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BoostingSpec {
    /// Most rounds.
    pub rounds: usize,
    /// Shrinkage η of each round's trees.
    pub learning_rate: f64,
    /// Most leaves per tree (trees grow leaf by leaf, best split first).
    pub max_leaves: usize,
    /// Deepest level a node may reach; `None`: only `max_leaves` limits a tree.
    pub max_depth: Option<usize>,
    /// Fewest training rows in a leaf.
    pub min_samples_leaf: usize,
    /// L2 penalty λ on leaf values.
    pub l2: f64,
    /// Stop after this many rounds without a better validation loss, and keep the best round
    /// (needs a validation share); `None`: fit every round.
    pub early_stopping: Option<usize>,
}

impl Default for BoostingSpec {
    fn default() -> Self {
        Self {
            rounds: 100,
            learning_rate: 0.1,
            max_leaves: 31,
            max_depth: None,
            min_samples_leaf: 20,
            l2: 0.0,
            early_stopping: None,
        }
    }
}

/// How k-NN measures distance.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KnnDistance {
    /// √Σ (a − b)².
    #[default]
    Euclidean,
    /// Σ |a − b|.
    Manhattan,
}

/// How k-NN's neighbours count.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KnnWeighting {
    /// Each neighbour counts the same.
    #[default]
    Uniform,
    /// Each counts 1 / distance (an exact match wins outright).
    Distance,
}

/// k-nearest neighbours' settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct KnnSpec {
    /// Neighbours that vote.
    pub k: usize,
    /// Distance between rows (of prepared, i.e. scaled, features).
    pub distance: KnnDistance,
    /// How the votes are weighted.
    pub weighting: KnnWeighting,
}

impl Default for KnnSpec {
    fn default() -> Self {
        Self { k: 5, distance: KnnDistance::Euclidean, weighting: KnnWeighting::Uniform }
    }
}

crate::choices!(SplitCriterion, "model.learner.criterion", {
    Gini => "gini", "Gini impurity";
    Entropy => "entropy", "entropy (information gain)";
});

crate::choices!(KnnDistance, "model.learner.distance", {
    Euclidean => "euclidean", "Euclidean (straight line)";
    Manhattan => "manhattan", "Manhattan (sum of differences)";
});

crate::choices!(KnnWeighting, "model.learner.weighting", {
    Uniform => "uniform", "each neighbour the same";
    Distance => "distance", "nearer neighbours count more";
});

/// Gaussian naive Bayes' settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BayesSpec {
    /// Added to every variance, as a share of the largest feature variance (keeps a constant
    /// feature from dividing by zero).
    pub var_smoothing: f64,
}

impl Default for BayesSpec {
    fn default() -> Self {
        Self { var_smoothing: 1e-9 }
    }
}

impl LearnerSpec {
    /// The family's name as `--model` and the spec write it.
    pub fn family(&self) -> &'static str {
        match self {
            LearnerSpec::Tree(_) => "tree",
            LearnerSpec::Forest(_) => "forest",
            LearnerSpec::Boosting(_) => "boosting",
            LearnerSpec::Knn(_) => "knn",
            LearnerSpec::Bayes(_) => "bayes",
        }
    }

    /// The model in a few words, as Compare's table and the Model panel name it: `random forest
    /// (100 trees)`, `gradient boosting (100 rounds, 31 leaves)`, `k-NN (k = 5)` …
    pub fn describe(&self) -> String {
        let depth = |d: Option<usize>| d.map(|d| format!(", depth ≤ {d}")).unwrap_or_default();
        match self {
            LearnerSpec::Tree(t) => match t.max_depth {
                Some(d) => format!("decision tree (depth ≤ {d})"),
                None => "decision tree".to_string(),
            },
            LearnerSpec::Forest(f) => format!("random forest ({} trees{})", f.trees, depth(f.max_depth)),
            LearnerSpec::Boosting(b) => {
                format!("gradient boosting ({} rounds, {} leaves{})", b.rounds, b.max_leaves, depth(b.max_depth))
            }
            LearnerSpec::Knn(k) => format!("k-NN (k = {})", k.k),
            LearnerSpec::Bayes(_) => "naive Bayes".to_string(),
        }
    }

    /// The family with its default settings, by `--model` name.
    pub fn default_of(family: &str) -> Option<Self> {
        Some(match family {
            "tree" => LearnerSpec::Tree(TreeSpec::default()),
            "forest" => LearnerSpec::Forest(ForestSpec::default()),
            "boosting" => LearnerSpec::Boosting(BoostingSpec::default()),
            "knn" => LearnerSpec::Knn(KnnSpec::default()),
            "bayes" => LearnerSpec::Bayes(BayesSpec::default()),
            _ => return None,
        })
    }

    /// Refuses settings no model can be fitted with, naming the setting.
    ///
    /// # Errors
    /// [`Error::Spec`] with the path of the setting (`model.learner.trees` …) and what to do.
    pub fn validate(&self) -> Result<()> {
        let at_least = |path: &str, value: usize, least: usize| {
            if value < least {
                return Err(Error::spec(
                    format!("model.learner.{path}"),
                    format!("must be at least {least}, got {value}"),
                ));
            }
            Ok(())
        };
        let depth = |d: Option<usize>| d.map_or(Ok(()), |d| at_least("max_depth", d, 1));
        match self {
            LearnerSpec::Tree(t) => {
                depth(t.max_depth)?;
                at_least("min_samples_leaf", t.min_samples_leaf, 1)
            }
            LearnerSpec::Forest(f) => {
                at_least("trees", f.trees, 1)?;
                if f.trees > MAX_TREES {
                    return Err(Error::spec(
                        "model.learner.trees",
                        format!("at most {MAX_TREES} trees, got {}", f.trees),
                    ));
                }
                depth(f.max_depth)?;
                at_least("min_samples_leaf", f.min_samples_leaf, 1)?;
                match f.max_features {
                    FeatureShare::Fraction(s) if !(s > 0.0 && s <= 1.0) => Err(Error::spec(
                        "model.learner.max_features",
                        format!("a share of the features must be above 0 and at most 1, got {s}"),
                    )),
                    _ => Ok(()),
                }
            }
            LearnerSpec::Boosting(b) => {
                at_least("rounds", b.rounds, 1)?;
                if b.rounds > MAX_ROUNDS {
                    return Err(Error::spec(
                        "model.learner.rounds",
                        format!("at most {MAX_ROUNDS} rounds, got {}", b.rounds),
                    ));
                }
                if !(b.learning_rate.is_finite() && b.learning_rate > 0.0 && b.learning_rate <= 1.0) {
                    return Err(Error::spec(
                        "model.learner.learning_rate",
                        format!("must be above 0 and at most 1, got {}", b.learning_rate),
                    ));
                }
                at_least("max_leaves", b.max_leaves, 2)?;
                depth(b.max_depth)?;
                at_least("min_samples_leaf", b.min_samples_leaf, 1)?;
                if !(b.l2.is_finite() && b.l2 >= 0.0) {
                    return Err(Error::spec("model.learner.l2", format!("must be 0 or more, got {}", b.l2)));
                }
                b.early_stopping.map_or(Ok(()), |p| at_least("early_stopping", p, 1))
            }
            LearnerSpec::Knn(k) => at_least("k", k.k, 1),
            LearnerSpec::Bayes(b) => {
                if !(b.var_smoothing.is_finite() && b.var_smoothing >= 0.0) {
                    return Err(Error::spec(
                        "model.learner.var_smoothing",
                        format!("must be 0 or more, got {}", b.var_smoothing),
                    ));
                }
                Ok(())
            }
        }
    }

    /// The steps a run takes ("epochs" on the charts): one per tree of a forest, one per
    /// round of boosting, one for the families fitted at once.
    pub fn steps(&self) -> usize {
        match self {
            LearnerSpec::Forest(f) => f.trees,
            LearnerSpec::Boosting(b) => b.rounds,
            _ => 1,
        }
    }
}

/// Most trees a forest may have (each tree of a big table holds thousands of nodes).
pub const MAX_TREES: usize = 2_000;
/// Most boosting rounds.
pub const MAX_ROUNDS: usize = 10_000;

fn criterion(c: SplitCriterion, task: Task) -> Criterion {
    match (task, c) {
        (Task::Regression, _) => Criterion::SquaredError,
        (_, SplitCriterion::Gini) => Criterion::Gini,
        (_, SplitCriterion::Entropy) => Criterion::Entropy,
    }
}

impl TreeSpec {
    /// [`crate::learn`]'s settings for `task`, drawing from `seed`.
    pub fn settings(&self, task: Task, seed: u64) -> TreeSettings {
        TreeSettings {
            criterion: criterion(self.criterion, task),
            max_depth: self.max_depth,
            min_samples_leaf: self.min_samples_leaf,
            seed,
            ..TreeSettings::for_task(task)
        }
    }
}

impl ForestSpec {
    /// [`crate::learn`]'s settings for `task`, drawing from `seed`.
    pub fn settings(&self, task: Task, seed: u64) -> ForestSettings {
        let max_features = match (self.max_features, task) {
            (FeatureShare::Auto, Task::Regression) | (FeatureShare::All, _) => learn::MaxFeatures::All,
            (FeatureShare::Auto | FeatureShare::Sqrt, _) => learn::MaxFeatures::Sqrt,
            (FeatureShare::Fraction(s), _) => learn::MaxFeatures::Fraction(s),
        };
        ForestSettings {
            n_trees: self.trees,
            criterion: criterion(self.criterion, task),
            max_depth: self.max_depth,
            min_samples_leaf: self.min_samples_leaf,
            max_features,
            bootstrap: self.bootstrap,
            seed,
            ..ForestSettings::for_task(task)
        }
    }
}

impl BoostingSpec {
    /// [`crate::learn`]'s settings.
    pub fn settings(&self) -> BoostSettings {
        BoostSettings {
            n_rounds: self.rounds,
            learning_rate: self.learning_rate,
            growth: Growth::Leaves { max_leaves: self.max_leaves, max_depth: self.max_depth },
            min_samples_leaf: self.min_samples_leaf,
            l2: self.l2,
            early_stopping: self.early_stopping,
            ..BoostSettings::new()
        }
    }
}

impl KnnSpec {
    /// [`crate::learn`]'s settings.
    pub fn settings(&self) -> KnnSettings {
        KnnSettings {
            k: self.k,
            distance: match self.distance {
                KnnDistance::Euclidean => learn::Distance::Euclidean,
                KnnDistance::Manhattan => learn::Distance::Manhattan,
            },
            weighting: match self.weighting {
                KnnWeighting::Uniform => learn::Weighting::Uniform,
                KnnWeighting::Distance => learn::Weighting::Distance,
            },
        }
    }
}

impl BayesSpec {
    /// [`crate::learn`]'s settings.
    pub fn settings(&self) -> BayesSettings {
        BayesSettings { var_smoothing: self.var_smoothing }
    }
}
