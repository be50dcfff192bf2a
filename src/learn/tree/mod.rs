//! A fitted binary tree as plain data: what the page draws, what predictions walk, what is
//! exported. The histogram grower that builds it is `grow`.
//!
//! Node 0 is the root. An internal node sends a row left when `x[feature] ≤ threshold` and right
//! otherwise (so NaN goes right, see [`super::binning`]); children always have higher indices
//! than their parent. Each node keeps its statistics, so a node clicked in the drawing can be
//! described without the data, and [`Tree::rows_reaching`] lists the rows of any matrix (the
//! training rows, typically) that reach it.

pub(crate) mod grow;

use super::matrix::Matrix;
use serde::{Deserialize, Serialize};

/// The test of an internal node.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Split {
    /// Column tested.
    pub feature: u32,
    /// Rows with `x[feature] ≤ threshold` go left.
    pub threshold: f32,
    /// Index of the left child.
    pub left: u32,
    /// Index of the right child.
    pub right: u32,
    /// What the split gained: the decrease in weighted impurity `W·i(node) − W_L·i(left) −
    /// W_R·i(right)` (CART), or the boosting objective's gain `½[G_L²/(H_L+λ) + G_R²/(H_R+λ) −
    /// G²/(H+λ)]`. Impurity-based feature importance sums it per feature.
    pub gain: f32,
}

/// One node. Descriptive statistics are `f32` (a fully grown forest on 100,000 rows has
/// millions of nodes); what predictions use is exact.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Node {
    /// The test, or `None` for a leaf.
    pub split: Option<Split>,
    /// Distinct training rows that reached the node (a bootstrap sample counts a row once).
    pub samples: u32,
    /// Their total weight (bootstrap multiplicities; = `samples` without bootstrap).
    pub weight: f32,
    /// Impurity: Gini or entropy (bits) of the class mix, the weighted variance of the target
    /// (regression), or 0 in boosting trees (whose nodes carry gradients, not targets).
    pub impurity: f32,
    /// Depth (root 0).
    pub depth: u32,
}

/// A fitted tree.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Tree {
    /// Node 0 is the root.
    pub nodes: Vec<Node>,
    /// Values per node ([`Tree::node_value`]).
    pub outputs: usize,
    /// What each node predicts, `outputs` values per node: the weight of each class
    /// (classification; probabilities are these over their sum), `[mean]` (regression), or
    /// `[raw score]` (boosting, learning rate included).
    pub values: Vec<f64>,
}

impl Tree {
    /// The leaf that `row` reaches.
    pub fn leaf(&self, row: &[f32]) -> usize {
        let mut i = 0;
        while let Some(s) = &self.nodes[i].split {
            i = if row[s.feature as usize] <= s.threshold { s.left } else { s.right } as usize;
        }
        i
    }

    /// What node `i` predicts ([`Tree::values`]).
    pub fn node_value(&self, i: usize) -> &[f64] {
        &self.values[i * self.outputs..(i + 1) * self.outputs]
    }

    /// What the leaf that `row` reaches predicts.
    pub fn value(&self, row: &[f32]) -> &[f64] {
        self.node_value(self.leaf(row))
    }

    /// The leaf of every row (scikit-learn's `apply`).
    pub fn apply(&self, x: Matrix) -> Vec<u32> {
        (0..x.rows()).map(|i| self.leaf(x.row(i)) as u32).collect()
    }

    /// The parent of every node (`None` for the root).
    pub fn parents(&self) -> Vec<Option<u32>> {
        let mut parents = vec![None; self.nodes.len()];
        for (i, n) in self.nodes.iter().enumerate() {
            if let Some(s) = &n.split {
                parents[s.left as usize] = Some(i as u32);
                parents[s.right as usize] = Some(i as u32);
            }
        }
        parents
    }

    /// The tests on the way from the root to `node`: `(ancestor, went_left)`, root first.
    pub fn path(&self, node: usize) -> Vec<(usize, bool)> {
        let parents = self.parents();
        let mut path = Vec::new();
        let mut at = node;
        while let Some(p) = parents.get(at).copied().flatten() {
            let p = p as usize;
            let left = self.nodes[p].split.is_some_and(|s| s.left as usize == at);
            path.push((p, left));
            at = p;
        }
        path.reverse();
        path
    }

    /// The rows of `x` that reach `node` (for the training rows: the rows behind the node's
    /// statistics, plus any out-of-bag rows of a bootstrap sample). Empty for a node that does
    /// not exist.
    pub fn rows_reaching(&self, node: usize, x: Matrix) -> Vec<usize> {
        if node >= self.nodes.len() {
            return Vec::new();
        }
        let path = self.path(node);
        (0..x.rows())
            .filter(|&i| {
                let row = x.row(i);
                path.iter().all(|&(p, left)| {
                    self.nodes[p].split.is_some_and(|s| (row[s.feature as usize] <= s.threshold) == left)
                })
            })
            .collect()
    }

    /// Number of leaves.
    pub fn leaves(&self) -> usize {
        self.nodes.iter().filter(|n| n.split.is_none()).count()
    }

    /// Depth of the deepest node.
    pub fn depth(&self) -> usize {
        self.nodes.iter().map(|n| n.depth as usize).max().unwrap_or(0)
    }

    /// Adds each split's [`Split::gain`] to its feature's entry of `out`.
    pub fn add_gains(&self, out: &mut [f64]) {
        for s in self.nodes.iter().filter_map(|n| n.split.as_ref()) {
            if let Some(v) = out.get_mut(s.feature as usize) {
                *v += f64::from(s.gain);
            }
        }
    }
}

/// `v` scaled to sum to 1 (left as is when its sum is not positive).
pub(crate) fn normalised(mut v: Vec<f64>) -> Vec<f64> {
    let total: f64 = v.iter().sum();
    if total > 0.0 {
        v.iter_mut().for_each(|x| *x /= total);
    }
    v
}

#[cfg(test)]
mod tests;
