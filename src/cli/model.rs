//! `--model` and the settings of the families that are not networks (`--trees`, `--rounds` …):
//! how the flags shape the spec's model.

use super::SpecArgs;
use crate::choice::Choice;
use crate::data::prepare::TaskChoice;
use crate::error::{Error, Result};
use crate::spec::learner::LearnerSpec;
use crate::spec::{ExperimentSpec, ModelFamily};

impl SpecArgs {
    /// `--model`: the family sets the hidden layers and, for tables, the task; a family that is
    /// not a network replaces the network, with its settings from the flags.
    pub(super) fn apply_model(&self, s: &mut ExperimentSpec, family: ModelFamily) -> Result<()> {
        if let Some(learner) = LearnerSpec::default_of(family.name()) {
            if self.hidden.is_some() {
                return Err(Error::spec(
                    "model.hidden",
                    format!("a {} model has no layers: drop --hidden, or use --model mlp", family.name()),
                ));
            }
            s.model.learner = Some(Box::new(self.learner_settings(learner)?));
            return Ok(());
        }
        self.refuse_learner_flags(family.name())?;
        s.model.learner = None;
        let Some(task) = family.task() else { return Ok(()) };
        let family = family.name();
        if self.hidden.as_deref().is_some_and(|h| !h.trim().is_empty()) {
            return Err(Error::spec(
                "model.hidden",
                format!("a {family} model has no hidden layer: drop --hidden, or use --model mlp"),
            ));
        }
        s.model.hidden.clear();
        match s.data.generator().filter(|_| self.data.is_none()) {
            // Generated data has a fixed task: check it instead of setting it.
            Some(g) => {
                let classification = g.task().is_classification();
                if classification != (task == TaskChoice::Classification) {
                    let fits = if classification { "logistic" } else { "linear" };
                    return Err(Error::spec(
                        "model",
                        format!("the `{}` dataset needs a {fits} model (or mlp), not {family}", g.name()),
                    ));
                }
            }
            None => s.data.prepare.task = task,
        }
        Ok(())
    }
}

impl SpecArgs {
    /// A learner's settings: its defaults, changed by the flags that apply to its family (a flag
    /// for another family is refused, saying which family it is for).
    pub(super) fn learner_settings(&self, mut learner: LearnerSpec) -> Result<LearnerSpec> {
        let family = learner.family();
        let refuse = |flag: &str, families: &str| {
            Error::spec("model", format!("--{flag} is for --model {families}, not {family}"))
        };
        let trees_only =
            |flag: &str, given: bool| if given { Err(refuse(flag, "tree, forest or boosting")) } else { Ok(()) };
        match &mut learner {
            LearnerSpec::Tree(t) => {
                t.max_depth = self.max_depth.or(t.max_depth);
                t.min_samples_leaf = self.min_samples_leaf.unwrap_or(t.min_samples_leaf);
                t.criterion = self.criterion.unwrap_or(t.criterion);
            }
            LearnerSpec::Forest(f) => {
                f.trees = self.trees.unwrap_or(f.trees);
                f.max_depth = self.max_depth.or(f.max_depth);
                f.min_samples_leaf = self.min_samples_leaf.unwrap_or(f.min_samples_leaf);
                f.criterion = self.criterion.unwrap_or(f.criterion);
                f.max_features = self.max_features.unwrap_or(f.max_features);
                f.bootstrap &= !self.no_bootstrap;
            }
            LearnerSpec::Boosting(b) => {
                b.rounds = self.rounds.unwrap_or(b.rounds);
                b.learning_rate = self.lr.unwrap_or(b.learning_rate);
                b.max_depth = self.max_depth.or(b.max_depth);
                b.max_leaves = self.max_leaves.unwrap_or(b.max_leaves);
                b.min_samples_leaf = self.min_samples_leaf.unwrap_or(b.min_samples_leaf);
                b.l2 = self.l2.unwrap_or(b.l2);
                // --patience: rounds without a better validation loss before stopping.
                b.early_stopping = self.patience.filter(|&p| p > 0).or(b.early_stopping);
            }
            LearnerSpec::Knn(k) => {
                k.k = self.k.unwrap_or(k.k);
                k.distance = self.distance.unwrap_or(k.distance);
                k.weighting = self.weighting.unwrap_or(k.weighting);
                trees_only("max-depth", self.max_depth.is_some())?;
                trees_only("min-samples-leaf", self.min_samples_leaf.is_some())?;
            }
            LearnerSpec::Bayes(_) => {
                trees_only("max-depth", self.max_depth.is_some())?;
                trees_only("min-samples-leaf", self.min_samples_leaf.is_some())?;
            }
        }
        let given = |flag: Option<usize>| flag.is_some();
        for (flag, value, families) in [
            ("trees", given(self.trees), ["forest"].as_slice()),
            ("rounds", given(self.rounds), &["boosting"]),
            ("max-leaves", given(self.max_leaves), &["boosting"]),
            ("k", given(self.k), &["knn"]),
            ("criterion", self.criterion.is_some(), &["tree", "forest"]),
            ("max-features", self.max_features.is_some(), &["forest"]),
            ("no-bootstrap", self.no_bootstrap, &["forest"]),
            ("distance", self.distance.is_some(), &["knn"]),
            ("weighting", self.weighting.is_some(), &["knn"]),
        ] {
            if value && !families.contains(&family) {
                return Err(refuse(flag, &families.join(" or ")));
            }
        }
        Ok(learner)
    }

    /// Refuses the flags of the families that are not networks with a network `family`.
    pub(super) fn refuse_learner_flags(&self, family: &str) -> Result<()> {
        let flags = [
            ("trees", self.trees.is_some()),
            ("rounds", self.rounds.is_some()),
            ("max-depth", self.max_depth.is_some()),
            ("max-leaves", self.max_leaves.is_some()),
            ("min-samples-leaf", self.min_samples_leaf.is_some()),
            ("k", self.k.is_some()),
            ("criterion", self.criterion.is_some()),
            ("max-features", self.max_features.is_some()),
            ("no-bootstrap", self.no_bootstrap),
            ("distance", self.distance.is_some()),
            ("weighting", self.weighting.is_some()),
        ];
        match flags.iter().find(|(_, given)| *given) {
            Some((flag, _)) => Err(Error::spec(
                "model",
                format!("--{flag} sets a tree, forest, boosting or k-NN model, not a {family} network: add --model"),
            )),
            None => Ok(()),
        }
    }
}
