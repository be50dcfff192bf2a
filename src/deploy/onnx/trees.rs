//! The tree families as one `TreeEnsembleRegressor` (ai.onnx.ml 3) on the prepared features.
//!
//! Lantern's trees send a row left when `x[feature] ≤ threshold`: `BRANCH_LEQ` with the left
//! child as the true branch, node ids as in [`crate::learn::Tree`]. The regressor (rather
//! than the classifier, whose outputs for two classes differ between runtimes) sums, per
//! target, the weights of the leaves reached (`SUM`, plus `base_values`):
//!
//! - a decision tree or a forest: each leaf's class weights over their sum (its probability
//!   per class), divided by the number of trees — the forest's mean probability — or, for two
//!   classes, of class 1 only; for regression its mean over the number of trees;
//! - boosting: each round's raw score per class, `base_values` = the constant `F₀`: the raw
//!   scores `F(x)`, then the logit path of [`super::network::outputs`].
//!
//! k-nearest neighbours and naive Bayes have no ONNX form: [`check`] refuses them.

use super::graph::{Graph, ML};
use super::network::Scores;
use super::proto::{attr_floats, attr_int, attr_ints, attr_string, attr_strings};
use crate::data::Task;
use crate::error::{Error, Result};
use crate::learn::{Model, Tree};

/// Refuses a model ONNX cannot express, naming it.
///
/// # Errors
/// [`Error::OnnxUnsupported`] for k-NN and naive Bayes.
pub fn check(model: &Model) -> Result<()> {
    let what = match model {
        Model::Tree(_) | Model::Forest(_) | Model::Boosting(_) => return Ok(()),
        Model::Knn(_) => {
            "a k-nearest-neighbours model (it keeps the training rows and lets the nearest vote; \
                          ONNX has no neighbour search)"
        }
        Model::Bayes(_) => "a Gaussian naive Bayes model (ONNX has no operator for it)",
    };
    Err(Error::OnnxUnsupported {
        what: what.into(),
        todo: "Export a network (linear, logistic, mlp) or a tree, forest or boosting model instead, or use the \
               model bundle with `lantern predict`"
            .into(),
    })
}

/// Attribute lists of one `TreeEnsembleRegressor`.
#[derive(Default)]
struct Ensemble {
    tree_ids: Vec<i64>,
    node_ids: Vec<i64>,
    features: Vec<i64>,
    modes: Vec<String>,
    thresholds: Vec<f32>,
    true_ids: Vec<i64>,
    false_ids: Vec<i64>,
    target_tree: Vec<i64>,
    target_node: Vec<i64>,
    target_id: Vec<i64>,
    target_weight: Vec<f32>,
}

impl Ensemble {
    /// Adds `tree` as tree number `id`; `leaf(values)` gives a leaf's `(target, weight)` pairs.
    fn add(&mut self, id: i64, tree: &Tree, leaf: impl Fn(&[f64]) -> Vec<(i64, f64)>) {
        for (i, node) in tree.nodes.iter().enumerate() {
            self.tree_ids.push(id);
            self.node_ids.push(i as i64);
            match &node.split {
                Some(s) => {
                    self.features.push(i64::from(s.feature));
                    self.modes.push("BRANCH_LEQ".into());
                    self.thresholds.push(s.threshold);
                    self.true_ids.push(i64::from(s.left));
                    self.false_ids.push(i64::from(s.right));
                }
                None => {
                    self.features.push(0);
                    self.modes.push("LEAF".into());
                    self.thresholds.push(0.0);
                    self.true_ids.push(0);
                    self.false_ids.push(0);
                    for (target, weight) in leaf(tree.node_value(i)) {
                        self.target_tree.push(id);
                        self.target_node.push(i as i64);
                        self.target_id.push(target);
                        self.target_weight.push(weight as f32);
                    }
                }
            }
        }
    }
}

/// A leaf's class probabilities (its weights over their sum), times `scale`; for two classes
/// only class 1's, as target 0.
fn probabilities(values: &[f64], scale: f64) -> Vec<(i64, f64)> {
    let total: f64 = values.iter().sum();
    if total <= 0.0 {
        return Vec::new();
    }
    let p = values.iter().map(|w| w / total * scale);
    if values.len() == 2 {
        p.skip(1).map(|v| (0, v)).collect()
    } else {
        p.enumerate().map(|(c, v)| (c as i64, v)).collect()
    }
}

/// The ensemble's node on the features `x`: returns its output (`[N, targets]` float) and what
/// it holds.
///
/// # Errors
/// As [`check`].
pub fn ensemble(g: &mut Graph, model: &Model, x: &str) -> Result<(String, Scores)> {
    check(model)?;
    let mut e = Ensemble::default();
    let (targets, base, kind) = match model {
        Model::Tree(t) => {
            let k = targets(t.task);
            match t.task {
                Task::Regression => e.add(0, &t.tree, |v| vec![(0, v[0])]),
                Task::Classification { .. } => e.add(0, &t.tree, |v| probabilities(v, 1.0)),
            }
            (k, Vec::new(), Scores::Probabilities)
        }
        Model::Forest(f) => {
            let n = f.trees.len().max(1) as f64;
            for (id, tree) in f.trees.iter().enumerate() {
                match f.task {
                    Task::Regression => e.add(id as i64, tree, |v| vec![(0, v[0] / n)]),
                    Task::Classification { .. } => e.add(id as i64, tree, |v| probabilities(v, 1.0 / n)),
                }
            }
            (targets(f.task), Vec::new(), Scores::Probabilities)
        }
        Model::Boosting(b) => {
            let mut id = 0;
            for round in &b.rounds {
                for (class, tree) in round.iter().enumerate() {
                    e.add(id, tree, |v| vec![(class as i64, v[0])]);
                    id += 1;
                }
            }
            let base: Vec<f32> = b.base.iter().map(|&v| v as f32).collect();
            (b.base.len(), base, Scores::Logits)
        }
        Model::Knn(_) | Model::Bayes(_) => unreachable_checked()?,
    };
    let out = g.fresh("scores");
    let mut attributes = vec![
        attr_string("aggregate_function", "SUM"),
        attr_int("n_targets", targets as i64),
        attr_ints("nodes_falsenodeids", e.false_ids),
        attr_ints("nodes_featureids", e.features),
        attr_strings("nodes_modes", &e.modes),
        attr_ints("nodes_nodeids", e.node_ids),
        attr_ints("nodes_treeids", e.tree_ids),
        attr_ints("nodes_truenodeids", e.true_ids),
        attr_floats("nodes_values", e.thresholds),
        attr_string("post_transform", "NONE"),
        attr_ints("target_ids", e.target_id),
        attr_ints("target_nodeids", e.target_node),
        attr_ints("target_treeids", e.target_tree),
        attr_floats("target_weights", e.target_weight),
    ];
    if !base.is_empty() {
        attributes.push(attr_floats("base_values", base));
    }
    g.node_in(ML, "TreeEnsembleRegressor", &[x], &[&out], attributes);
    Ok((out, kind))
}

/// Targets of a tree or forest: 1 for regression or two classes (P(class 1)), else `k`.
fn targets(task: Task) -> usize {
    match task {
        Task::Classification { classes } if classes > 2 => classes,
        _ => 1,
    }
}

/// Never reached: [`check`] refused these models first.
fn unreachable_checked() -> Result<(usize, Vec<f32>, Scores)> {
    Err(Error::data("this model has no ONNX form"))
}
