//! Checks of a fitted model read from a file: everything predicting, drawing or explaining it
//! indexes is in range, so a damaged or hand-edited model is refused with what is wrong instead
//! of panicking later. Every model Lantern fits passes them.
//!
//! A tree: at least one node; `values` holds `outputs ≥ 1` numbers per node; every split's
//! feature is below the model's width; its two children are distinct nodes after it (so walking
//! from the root always ends at a leaf), each the child of no other node; every node but the
//! root is some node's child; depths count from 0 at the root, one more per level.

use super::tree::Tree;
use super::Model;
use crate::data::Task;

/// Values per node of a decision tree's or forest's trees: one weight per class, or the mean.
fn tree_outputs(task: Task) -> usize {
    match task {
        Task::Classification { classes } => classes,
        Task::Regression => 1,
    }
}

/// Raw scores (and so trees per round) of boosting: one for regression and two classes, else
/// one per class.
fn boosting_outputs(task: Task) -> usize {
    match task {
        Task::Classification { classes } if classes > 2 => classes,
        _ => 1,
    }
}

impl Tree {
    /// Checks the structure of a tree read from a file (see the module documentation), for a
    /// model reading `width` features.
    ///
    /// # Errors
    /// What is wrong, in words.
    pub fn check(&self, width: usize) -> Result<(), String> {
        let n = self.nodes.len();
        if n == 0 {
            return Err("it has no node".into());
        }
        if self.outputs == 0 || self.values.len() != n.saturating_mul(self.outputs) {
            return Err(format!("it has {} values for {n} nodes of {} outputs each", self.values.len(), self.outputs));
        }
        if self.nodes[0].depth != 0 {
            return Err("its root is not at depth 0".into());
        }
        let mut has_parent = vec![false; n];
        for (i, node) in self.nodes.iter().enumerate() {
            let Some(s) = &node.split else { continue };
            if s.feature as usize >= width {
                return Err(format!("node {i} tests feature {}, of a model reading {width}", s.feature));
            }
            let (l, r) = (s.left as usize, s.right as usize);
            if l == r || l <= i || r <= i || l >= n || r >= n {
                return Err(format!("node {i} has children {l} and {r}: they must be two nodes after it, below {n}"));
            }
            for c in [l, r] {
                if std::mem::replace(&mut has_parent[c], true) {
                    return Err(format!("node {c} is the child of two nodes"));
                }
            }
        }
        if let Some(orphan) = has_parent.iter().skip(1).position(|&p| !p) {
            return Err(format!("node {} is nobody's child", orphan + 1));
        }
        // Every node but the root has one parent, before it: the depths are those of a tree.
        for node in &self.nodes {
            let Some(s) = &node.split else { continue };
            for c in [s.left, s.right].map(|c| &self.nodes[c as usize]) {
                if c.depth != node.depth.saturating_add(1) {
                    return Err(format!("a node is at depth {}, its parent at {}", c.depth, node.depth));
                }
            }
        }
        Ok(())
    }
}

impl Model {
    /// Checks a model read from a file: its trees ([`Tree::check`]) and their outputs, boosting's
    /// rounds, k-NN's rows and targets, naive Bayes's statistics, against its task and width.
    ///
    /// # Errors
    /// What is wrong, in words.
    pub fn check(&self) -> Result<(), String> {
        let trees = |trees: &[&Tree], width: usize, outputs: usize| -> Result<(), String> {
            for (t, tree) in trees.iter().enumerate() {
                let label =
                    |m: String| if trees.len() == 1 { format!("the tree: {m}") } else { format!("tree {t}: {m}") };
                tree.check(width).map_err(label)?;
                if tree.outputs != outputs {
                    return Err(label(format!("{} values per node, not {outputs}", tree.outputs)));
                }
            }
            Ok(())
        };
        match self {
            Model::Tree(m) => trees(&[&m.tree], m.width, tree_outputs(m.task)),
            Model::Forest(m) if m.trees.is_empty() => Err("the forest has no tree".into()),
            Model::Forest(m) => trees(&m.trees.iter().collect::<Vec<_>>(), m.width, tree_outputs(m.task)),
            Model::Boosting(m) => {
                let k = boosting_outputs(m.task);
                if m.base.len() != k {
                    return Err(format!("{} base scores, not {k}", m.base.len()));
                }
                if let Some(r) = m.rounds.iter().position(|r| r.len() != k) {
                    return Err(format!("round {r} has {} trees, not {k}", m.rounds[r].len()));
                }
                trees(&m.rounds.iter().flatten().collect::<Vec<_>>(), m.width, 1)
            }
            Model::Knn(m) => {
                let classes = tree_outputs(m.task);
                if m.settings.k == 0 {
                    return Err("k-NN with k = 0".into());
                }
                if m.x.len() != m.y.len().saturating_mul(m.width) || m.y.is_empty() {
                    return Err(format!("{} numbers for {} rows of {} features", m.x.len(), m.y.len(), m.width));
                }
                let bad = |y: f32| y.fract() != 0.0 || !(0.0..classes as f32).contains(&y);
                match m.y.iter().position(|&y| m.task.is_classification() && bad(y)) {
                    Some(i) => Err(format!("row {i}'s class {} is not one of the {classes} classes", m.y[i])),
                    None => Ok(()),
                }
            }
            Model::Bayes(m) => {
                let (k, d) = (tree_outputs(m.task), m.width);
                let shapes = [m.priors.len(), m.means.len(), m.variances.len()];
                if !m.task.is_classification() || shapes != [k, k.saturating_mul(d), k.saturating_mul(d)] {
                    return Err(format!("statistics of shapes {shapes:?} for {k} classes of {d} features"));
                }
                Ok(())
            }
        }
    }
}
