//! A fitted decision tree in the user's words, a part at a time: what the page draws (the
//! tree diagram, issue 18) and the command line prints, and the training rows behind a node.
//!
//! When a tree's run is done the worker sends it once, with what names its features
//! ([`TreeSource`]: the model as exported, the preparation, the feature and class names). A tree
//! grown without a depth limit on a large table has thousands of nodes, so the page never draws it
//! whole: a [`TreeView`] is the part below one node (the view's *top*), as many levels as fit
//! [`VIEW_LEAVES`] nodes across, at most [`VIEW_LEVELS`] below the top; a node whose children are
//! not shown says how many nodes hang below it, and a view from that node shows them. So a
//! depth-12 tree is explored a few levels at a time. Views are built where they are drawn (the
//! diagram's wasm chunk): the worker's part of it is only serialising what it already exports.
//!
//! Tables are prepared before training (numbers standardised, categories one-hot encoded), so a
//! split's threshold is in prepared units. The view undoes the preparation: `x ≤ t` on a scaled
//! number reads `column ≤ t·scale + center` in the column's own units, and a one-hot feature's
//! `≤ 0.5` reads `column ≠ category`. Regression means and impurities are in the target's units.

use super::trainer::Trainer;
use crate::data::prepare::{FeatureStep, FittedPreparation, TargetEncoding};
use crate::data::{Table, Task};
use crate::error::{Error, Result};
use crate::learn::{Criterion, DecisionTree, Matrix, Model};
use serde::{Deserialize, Serialize};

/// Most levels a view shows below its top node.
pub const VIEW_LEVELS: usize = 4;

/// Most nodes across the bottom of a view: a level is shown only if the view stays this narrow.
pub const VIEW_LEAVES: usize = 8;

/// Most training rows of a node sent to the page ([`NodeRows::cells`]).
pub const ROWS_SHOWN: usize = 100;

/// One node of a view.
#[derive(Clone, Debug, PartialEq)]
pub struct TreeNodeView {
    /// The node's index in the tree (what [`crate::train::Command::NodeRows`] names).
    pub id: u32,
    /// Depth in the whole tree (root 0).
    pub depth: u32,
    /// A split's test in the user's words: what sends a row left ("yes", `petal_length ≤
    /// 2.45`, `island ≠ Biscoe`) and right ("no", `petal_length > 2.45`); `None` for a leaf.
    pub split: Option<(String, String)>,
    /// Training rows that reach the node.
    pub samples: u32,
    /// Gini or entropy of its class mix, or the variance of its target (in the target's
    /// units squared).
    pub impurity: f64,
    /// Rows of each class (classification), or `[mean]` in the target's units.
    pub value: Vec<f64>,
    /// Where its two children are in [`TreeView::nodes`], when they are shown.
    pub children: Option<(u32, u32)>,
    /// Nodes below it that this view does not show (0 when its children are shown, or a leaf).
    pub hidden: u32,
}

impl TreeNodeView {
    /// The class with the most rows (the lowest on ties), what a leaf predicts; `None` for
    /// regression.
    pub fn majority(&self) -> Option<usize> {
        if self.value.len() < 2 {
            return None;
        }
        Some(self.value.iter().enumerate().fold(0, |best, (k, &v)| if v > self.value[best] { k } else { best }))
    }

    /// The share of rows in each class (empty for regression).
    pub fn shares(&self) -> Vec<f64> {
        let total: f64 = self.value.iter().sum();
        if self.value.len() < 2 || total <= 0.0 {
            return Vec::new();
        }
        self.value.iter().map(|v| v / total).collect()
    }
}

/// The part of a tree below one node, in the user's words.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TreeView {
    /// The tests on the way from the root to the view's top node, each with the node it
    /// belongs to: what every row of the view satisfies.
    pub path: Vec<(u32, String)>,
    /// The view's top node first, then every shown node, each before its children (left
    /// subtree first).
    pub nodes: Vec<TreeNodeView>,
    /// Nodes in the whole tree.
    pub size: u32,
    /// Depth of the whole tree (a lone root: 0).
    pub depth: u32,
    /// Leaves in the whole tree.
    pub leaves: u32,
    /// Class names by index (empty for regression).
    pub classes: Vec<String>,
    /// The predicted column's name.
    pub target: String,
    /// The impurity measured: `gini`, `entropy` or `squared error`.
    pub criterion: String,
    /// Regression: the smallest and largest node mean of the whole tree (the colour scale).
    pub range: (f64, f64),
}

impl TreeView {
    /// The view's top node's id (0 for an empty view).
    pub fn top(&self) -> u32 {
        self.nodes.first().map_or(0, |n| n.id)
    }

    /// The id of the top node's parent (`None` at the root).
    pub fn parent(&self) -> Option<u32> {
        self.path.last().map(|(id, _)| *id)
    }
}

/// A fitted decision tree with what names its features: what the worker sends when a tree's run
/// is done, and what every [`TreeView`] is built from. Each field is serialised as the exported
/// model and its card already are, so sending it adds next to nothing to the worker's code.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TreeSource {
    /// The tree ([`Model::Tree`], as exported).
    pub model: Model,
    /// How the table was prepared (`None` for generated data, whose features are raw).
    #[serde(default)]
    pub preparation: Option<FittedPreparation>,
    /// The prepared features' names.
    pub features: Vec<String>,
    /// Class names by index (empty for regression).
    #[serde(default)]
    pub classes: Vec<String>,
}

/// The training rows that reach a node: how many, and the first [`ROWS_SHOWN`] of them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct NodeRows {
    /// The node.
    pub node: u32,
    /// Training rows that reach it (its sample count).
    pub count: usize,
    /// Whether [`NodeRows::numbers`] are the table's row numbers (else positions in the
    /// generated training set).
    pub table_rows: bool,
    /// The columns shown: the features' columns in their own units, then the target.
    pub columns: Vec<String>,
    /// Each listed row's number, from 1 (the data view's "Go to row" numbers).
    pub numbers: Vec<usize>,
    /// Each listed row's cells as text, one per column (empty when missing).
    pub cells: Vec<Vec<String>>,
}

/// A `T` as its JSON text, for the wire: the page keeps the text and decodes it only where it
/// is drawn (the tree diagram, whose code is a wasm chunk loaded on first use), so the first
/// download carries no decoder for it — the decoders of [`TreeSource`] and [`NodeRows`] would
/// cost several KiB of it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Encoded<T> {
    text: String,
    #[serde(skip)]
    kind: std::marker::PhantomData<T>,
}

impl<T: Serialize> Encoded<T> {
    /// `value`'s JSON text.
    pub fn new(value: &T) -> Self {
        Self { text: serde_json::to_string(value).unwrap_or_default(), kind: std::marker::PhantomData }
    }
}

impl<T: serde::de::DeserializeOwned> Encoded<T> {
    /// The value again.
    ///
    /// # Errors
    /// [`Error::Protocol`] for text that is not a `T`.
    pub fn decode(&self) -> Result<T> {
        crate::spec::link::decode_json(self.text.as_bytes()).map_err(|e| Error::Protocol(e.message))
    }
}

/// A number for reading: four significant digits (all of an integer part), trailing zeros
/// dropped (`2.45`, `0.0123`, `1235`).
pub fn number(v: f64) -> String {
    if !v.is_finite() || v == 0.0 {
        return format!("{}", if v == 0.0 { 0.0 } else { v });
    }
    let decimals = (3 - v.abs().log10().floor() as i32).clamp(0, 8) as usize;
    let text = format!("{v:.decimals$}");
    let text = if text.contains('.') { text.trim_end_matches('0').trim_end_matches('.') } else { &text };
    if text == "-0" { "0" } else { text }.to_string()
}

/// What a prepared feature is in the user's words.
enum Meaning {
    /// A number: `prepared · scale + center` in the column's units.
    Number { name: String, center: f64, scale: f64 },
    /// One category of a one-hot encoded column (1 when the row has it).
    Category { column: String, category: String },
}

/// The meaning of each prepared feature (`names` as they are when there is no preparation or
/// it does not describe them all).
fn meanings(names: &[String], prep: Option<&FittedPreparation>) -> Vec<Meaning> {
    let raw = || names.iter().map(|n| Meaning::Number { name: n.clone(), center: 0.0, scale: 1.0 }).collect();
    let Some(p) = prep else { return raw() };
    let mut out = Vec::with_capacity(names.len());
    for step in &p.steps {
        match step {
            FeatureStep::Numeric { center, scale, .. } | FeatureStep::Derived { center, scale, .. } => {
                let name = p.output_names.get(out.len()).cloned().unwrap_or_default();
                out.push(Meaning::Number { name, center: *center, scale: *scale });
            }
            FeatureStep::OneHot { column, categories, .. } => {
                out.extend(categories.iter().map(|c| Meaning::Category { column: column.clone(), category: c.clone() }))
            }
        }
    }
    if out.len() == names.len() {
        out
    } else {
        raw()
    }
}

/// A split `x[feature] ≤ threshold` in words: the left ("yes") and right ("no") tests.
fn split_words(meaning: Option<&Meaning>, threshold: f32) -> (String, String) {
    let t = f64::from(threshold);
    match meaning {
        Some(Meaning::Category { column, category }) if (0.0..1.0).contains(&t) => {
            (format!("{column} ≠ {category}"), format!("{column} = {category}"))
        }
        Some(Meaning::Number { name, center, scale }) => {
            let v = number(t * scale + center);
            (format!("{name} ≤ {v}"), format!("{name} > {v}"))
        }
        Some(Meaning::Category { column, category }) => {
            (format!("{column}={category} ≤ {}", number(t)), format!("{column}={category} > {}", number(t)))
        }
        None => (format!("feature ≤ {}", number(t)), format!("feature > {}", number(t))),
    }
}

/// The levels below `top` to show: the most (up to `levels`) that keep the view at most
/// `leaves` nodes across.
fn levels_shown(tree: &DecisionTree, top: usize, levels: usize, leaves: usize) -> usize {
    let nodes = &tree.tree.nodes;
    let (mut level, mut ended, mut shown) = (vec![top], 0, 0);
    while shown < levels {
        let next: Vec<usize> = level
            .iter()
            .filter_map(|&i| nodes[i].split.map(|s| [s.left as usize, s.right as usize]))
            .flatten()
            .collect();
        ended += level.len() - next.len() / 2;
        if next.is_empty() || ended + next.len() > leaves {
            break;
        }
        level = next;
        shown += 1;
    }
    shown
}

impl TreeSource {
    /// The tree.
    ///
    /// # Errors
    /// [`Error::Data`] when the model is not a decision tree.
    pub fn tree(&self) -> Result<&DecisionTree> {
        match &self.model {
            Model::Tree(t) => Ok(t),
            _ => Err(Error::data("the model is not a decision tree")),
        }
    }

    /// The part of the tree below node `top` (see [`TreeView`]): at most `levels` levels, as many
    /// as keep it at most `leaves` nodes across.
    ///
    /// # Errors
    /// [`Error::Data`] when the tree has no node `top`, or the model is not a tree.
    pub fn view(&self, top: usize, levels: usize, leaves: usize) -> Result<TreeView> {
        let tree = self.tree()?;
        let nodes = &tree.tree.nodes;
        if top >= nodes.len() {
            return Err(Error::data(format!("the tree has no node {top}: it has {}", nodes.len())));
        }
        let meanings = meanings(&self.features, self.preparation.as_ref());
        let words = |f: u32, t: f32| split_words(meanings.get(f as usize), t);
        let (center, scale) = match self.preparation.as_ref().map(|p| &p.target) {
            Some(TargetEncoding::Value { center, scale }) => (*center, *scale),
            _ => (0.0, 1.0),
        };
        let regression = tree.task == Task::Regression;
        let value = |i: usize| -> Vec<f64> {
            let v = tree.tree.node_value(i);
            if regression {
                v.iter().map(|m| m * scale + center).collect()
            } else {
                v.to_vec()
            }
        };
        // Nodes below each node: children have higher indices than their parents.
        let mut below = vec![0u32; nodes.len()];
        for i in (0..nodes.len()).rev() {
            if let Some(s) = nodes[i].split {
                below[i] = 2 + below[s.left as usize] + below[s.right as usize];
            }
        }
        let shown = levels_shown(tree, top, levels, leaves);
        let mut out: Vec<TreeNodeView> = Vec::new();
        // Depth-first, left first: (node, levels below the top, where its parent wants its position).
        let mut stack = vec![(top, 0usize, None::<(usize, bool)>)];
        while let Some((i, level, parent)) = stack.pop() {
            let n = &nodes[i];
            let at = out.len() as u32;
            if let Some((p, left)) = parent {
                let c = out[p].children.get_or_insert((0, 0));
                if left {
                    c.0 = at;
                } else {
                    c.1 = at;
                }
            }
            let open = level < shown;
            out.push(TreeNodeView {
                id: i as u32,
                depth: n.depth,
                split: n.split.map(|s| words(s.feature, s.threshold)),
                samples: n.samples,
                impurity: if regression { f64::from(n.impurity) * scale * scale } else { f64::from(n.impurity) },
                value: value(i),
                children: None,
                hidden: if open { 0 } else { below[i] },
            });
            if let Some(s) = n.split.filter(|_| open) {
                let p = out.len() - 1;
                stack.push((s.right as usize, level + 1, Some((p, false))));
                stack.push((s.left as usize, level + 1, Some((p, true))));
            }
        }
        let path = tree
            .tree
            .path(top)
            .into_iter()
            .filter_map(|(p, left)| {
                let s = nodes[p].split?;
                let (yes, no) = words(s.feature, s.threshold);
                Some((p as u32, if left { yes } else { no }))
            })
            .collect();
        let range = if regression {
            (0..nodes.len())
                .map(|i| value(i)[0])
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)))
        } else {
            (0.0, 0.0)
        };
        let target = self.preparation.as_ref().map_or_else(
            || if regression { "y".to_string() } else { "class".to_string() },
            |p| p.target_column.clone(),
        );
        Ok(TreeView {
            path,
            nodes: out,
            size: nodes.len() as u32,
            depth: tree.tree.depth() as u32,
            leaves: tree.tree.leaves() as u32,
            classes: self.classes.clone(),
            target,
            criterion: match tree.settings.criterion {
                Criterion::Gini => "gini",
                Criterion::Entropy => "entropy",
                Criterion::SquaredError => "squared error",
            }
            .into(),
            range,
        })
    }
}

impl Trainer {
    /// The decision tree of a run whose model is one, once fitted.
    pub fn decision_tree(&self) -> Option<&DecisionTree> {
        self.learner().and_then(|l| l.tree())
    }

    /// The fitted decision tree with its names (what the worker sends); `None` when the model is
    /// not a fitted decision tree.
    pub fn tree_source(&self) -> Option<TreeSource> {
        Some(TreeSource {
            model: Model::Tree(self.decision_tree()?.clone()),
            preparation: self.preparation().cloned(),
            features: self.feature_names().to_vec(),
            classes: self.class_names(),
        })
    }

    /// The part of the fitted tree below node `top` ([`TreeSource::view`]); `None` when the model
    /// is not a fitted decision tree.
    ///
    /// # Errors
    /// [`Error::Data`] when the tree has no node `top`.
    pub fn tree_view(&self, top: usize, levels: usize, leaves: usize) -> Result<Option<TreeView>> {
        self.tree_source().map(|s| s.view(top, levels, leaves)).transpose()
    }

    /// The training rows that reach `node` of the fitted tree: their number, and the first
    /// [`ROWS_SHOWN`] with their table row numbers and cells — the feature columns of `table`
    /// (the run's table: bundled or the user's) as the file has them, then the target. Generated
    /// data, which has no table, lists its features and class as they are. `None` when the model
    /// is not a fitted decision tree.
    ///
    /// # Errors
    /// [`Error::Data`] when the tree has no node `node`, or the run's table is not given.
    pub fn node_rows(&self, node: usize, table: Option<&Table>) -> Result<Option<NodeRows>> {
        let Some(tree) = self.decision_tree() else { return Ok(None) };
        if node >= tree.tree.nodes.len() {
            return Err(Error::data(format!("the tree has no node {node}")));
        }
        let train = &self.split().train;
        let reaching = tree.tree.rows_reaching(node, Matrix::of(train)?);
        let listed = &reaching[..reaching.len().min(ROWS_SHOWN)];
        let classes = self.class_names();
        let target = |r: usize| {
            let y = train.y[r];
            classes.get(y as usize).cloned().unwrap_or_else(|| number(f64::from(y)))
        };
        let Some(prep) = self.preparation() else {
            let mut columns = train.features.clone();
            columns.push(if classes.is_empty() { "y" } else { "class" }.into());
            let cells = listed
                .iter()
                .map(|&r| train.row(r).iter().map(|&v| number(f64::from(v))).chain([target(r)]).collect())
                .collect();
            let numbers = listed.iter().map(|&r| r + 1).collect();
            return Ok(Some(NodeRows {
                node: node as u32,
                count: reaching.len(),
                table_rows: false,
                columns,
                numbers,
                cells,
            }));
        };
        let table = table.ok_or_else(|| Error::data("the table this tree was trained on is no longer loaded"))?;
        let mut columns: Vec<String> = Vec::new();
        for step in &prep.steps {
            if let FeatureStep::Numeric { column, .. } | FeatureStep::OneHot { column, .. } = step {
                if !columns.contains(column) {
                    columns.push(column.clone());
                }
            }
        }
        columns.push(prep.target_column.clone());
        let found: Vec<&crate::data::Column> = columns
            .iter()
            .map(|c| table.column(c).ok_or_else(|| Error::data(format!("the table has no column `{c}` any more"))))
            .collect::<Result<_>>()?;
        let rows = self.training_rows();
        let mut numbers = Vec::with_capacity(listed.len());
        let mut cells = Vec::with_capacity(listed.len());
        for &r in listed {
            let row = *rows
                .get(r)
                .filter(|&&t| t < table.rows())
                .ok_or_else(|| Error::data("the table this tree was trained on has changed: train the tree again"))?;
            numbers.push(row + 1);
            cells.push(found.iter().map(|c| c.display(row).unwrap_or_default()).collect());
        }
        Ok(Some(NodeRows { node: node as u32, count: reaching.len(), table_rows: true, columns, numbers, cells }))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;
