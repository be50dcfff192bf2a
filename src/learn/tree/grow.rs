//! The histogram tree grower shared by the decision tree, the forest and boosting.
//!
//! A node's rows are a contiguous range of one index array, kept in ascending order (partitions
//! are stable), so every sum runs in the same order on every platform. Each row carries
//! statistics; a node's histogram for a feature sums them per bin (column 0 always counts rows):
//! - classes: `[rows, weight of class 0, …, weight of class K−1]`;
//! - values: `[rows, Σw, Σw·y]`;
//! - gradients (boosting): `[rows, Σg, Σh]`.
//!
//! Sweeping the bins left to right gives every split's left sums (right = node − left), and the
//! split maximising `score(left) + score(right) − score(node)` wins, where `score` is the
//! criterion's negated weighted impurity up to a constant:
//! - Gini: `W·(1 − Σp²) = W − Σc²/W`, so `score = Σc²/W`;
//! - entropy: `W·H = W·log₂W − Σc·log₂c`, so `score = Σc·log₂c − W·log₂W`;
//! - squared error: `W·Var = Σwy² − (Σwy)²/W`, so `score = (Σwy)²/W`;
//! - Newton (boosting): the second-order objective with L2 `λ` is minimised by the leaf value
//!   `−G/(H+λ)`, reaching `−½G²/(H+λ)`, so `score = ½G²/(H+λ)`.
//!
//! The gain is therefore the decrease in weighted impurity (CART) or in the objective (boosting):
//! exactly what impurity-based importance sums. Ties keep the first candidate (features in the
//! order visited, bins ascending).
//!
//! Speed: a node holding at least [`HIST_MIN_ROWS`] rows keeps its histograms when all features
//! are considered, and its larger child's are then its own minus the smaller child's (LightGBM's
//! subtraction trick), so only the smaller child's rows are read. Small nodes, and forests (which
//! sample features at each node), build one feature's histogram at a time and visit only its
//! non-empty bins (a 256-bit mask), so a node costs its rows, not its bins.

use super::{Node, Split, Tree};
use crate::learn::binning::{BinMapper, Binned};
use crate::rng::SeededRng;
use std::cmp::Ordering;
use std::collections::BinaryHeap;

mod histogram;

use histogram::{partition, MaskBins};

/// Nodes with fewer rows find their split without stored histograms.
const HIST_MIN_ROWS: usize = 1024;

/// Per-row statistics a tree is grown on.
pub(crate) enum Targets<'a> {
    /// Class index and weight (bootstrap multiplicity) of each row.
    Classes { class: &'a [u32], classes: usize, weight: &'a [f64] },
    /// Target value and weight of each row.
    Values { y: &'a [f64], weight: &'a [f64] },
    /// Gradient and hessian of the loss at each row (boosting).
    Gradients { g: &'a [f64], h: &'a [f64] },
}

/// How splits are scored.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Rule {
    Gini,
    Entropy,
    SquaredError,
    /// Boosting: `l2` on leaf values, the least hessian on each side, and the learning rate
    /// the leaf values are scaled by.
    Newton {
        l2: f64,
        min_hessian: f64,
        learning_rate: f64,
    },
}

/// Limits on growth.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Limits {
    pub rule: Rule,
    /// Deepest allowed node depth (root 0); `None`: unlimited.
    pub max_depth: Option<usize>,
    /// Most leaves; `Some` grows best-first (the leaf with the largest gain splits next),
    /// `None` depth-first.
    pub max_leaves: Option<usize>,
    pub min_samples_leaf: usize,
    pub min_samples_split: usize,
    /// Features a split may consider (drawn at random at each node when below the width).
    pub max_features: usize,
}

/// A grown tree, and where its training rows ended: the rows of node `i` are
/// `rows[ranges[i].0..ranges[i].1]`.
pub(crate) struct Grown {
    pub tree: Tree,
    pub rows: Vec<u32>,
    pub ranges: Vec<(usize, usize)>,
}

/// The best split found for a node: bins `..=left` go left, `right..` go right.
#[derive(Clone, Copy, Debug)]
struct Candidate {
    feature: usize,
    left: usize,
    right: usize,
    gain: f64,
    /// Boosting: the left side's `[rows, Σg, Σh]` from the sweep (the right's are the node's
    /// minus these), so sorting the rows out need not sum them again.
    left_sums: Option<[f64; 3]>,
}

/// A node waiting to be split.
struct Pending {
    node: usize,
    candidate: Candidate,
    /// Its histograms (all features), when kept for the subtraction trick.
    hist: Option<Vec<f64>>,
}

impl PartialEq for Pending {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Pending {}
impl PartialOrd for Pending {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Pending {
    /// Larger gain first, then the older node.
    fn cmp(&self, other: &Self) -> Ordering {
        self.candidate.gain.total_cmp(&other.candidate.gain).then(other.node.cmp(&self.node))
    }
}

struct Grower<'a> {
    binned: &'a Binned,
    mapper: &'a BinMapper,
    targets: &'a Targets<'a>,
    limits: Limits,
    /// Statistics per bin.
    width: usize,
    /// Offset of each feature's histogram in a full histogram.
    offsets: Vec<usize>,
    /// Features in the order the next node visits them (shuffled when sampling).
    order: Vec<usize>,
    scratch: Vec<f64>,
    /// Each node's impurity in full precision (the tree keeps `f32`).
    impurity: Vec<f64>,
    left: Vec<f64>,
    right: Vec<f64>,
}

/// Grows one tree on `rows` (ascending indices into the binned matrix).
pub(crate) fn grow(
    binned: &Binned,
    mapper: &BinMapper,
    targets: &Targets,
    rows: Vec<u32>,
    limits: Limits,
    rng: &mut SeededRng,
) -> Grown {
    let width = match targets {
        Targets::Classes { classes, .. } => 1 + classes,
        Targets::Values { .. } | Targets::Gradients { .. } => 3,
    };
    let mut offsets = Vec::with_capacity(binned.width() + 1);
    let mut at = 0;
    for f in 0..binned.width() {
        offsets.push(at);
        at += binned.n_bins(f) * width;
    }
    offsets.push(at);
    let max_bins = (0..binned.width()).map(|f| binned.n_bins(f)).max().unwrap_or(1);
    let mut g = Grower {
        binned,
        mapper,
        targets,
        limits,
        width,
        offsets,
        order: (0..binned.width()).collect(),
        scratch: vec![0.0; max_bins * width],
        impurity: Vec::new(),
        left: vec![0.0; width],
        right: vec![0.0; width],
    };
    g.run(rows, rng)
}

impl Grower<'_> {
    fn all_features(&self) -> bool {
        self.limits.max_features >= self.binned.width()
    }

    fn run(&mut self, mut rows: Vec<u32>, rng: &mut SeededRng) -> Grown {
        let mut tree = Tree { nodes: Vec::new(), outputs: 0, values: Vec::new() };
        let mut ranges = Vec::new();
        let mut totals = Vec::new();
        let n = rows.len();
        let mut root = vec![0.0; self.width];
        self.accumulate(None, &rows, &mut root);
        self.add_node(&mut tree, &mut ranges, &mut totals, &rows, (0, n), 0, root);
        let mut stack: Vec<Pending> = Vec::new();
        let mut heap: BinaryHeap<Pending> = BinaryHeap::new();
        let best_first = self.limits.max_leaves.is_some();
        if let Some(p) = self.evaluate(&tree, &ranges, &totals, &rows, 0, None, rng) {
            if best_first {
                heap.push(p);
            } else {
                stack.push(p);
            }
        }
        let mut leaves = 1;
        let mut spare = Vec::new();
        loop {
            let next = if best_first { heap.pop() } else { stack.pop() };
            let Some(p) = next else { break };
            if self.limits.max_leaves.is_some_and(|m| leaves >= m) {
                break;
            }
            let c = p.candidate;
            let (start, end) = ranges[p.node];
            let col = self.binned.column(c.feature);
            // The children's sums: from the sweep (boosting), or gathered while their rows are
            // sorted out (one pass).
            let (mut left_sums, mut right_sums) = (vec![0.0; self.width], vec![0.0; self.width]);
            let mid = match c.left_sums {
                Some(swept) => {
                    let parent = &totals[p.node * self.width..(p.node + 1) * self.width];
                    for (j, &l) in swept.iter().enumerate() {
                        (left_sums[j], right_sums[j]) = (l, parent[j] - l);
                    }
                    start + partition(&mut rows[start..end], col, c.left, &mut spare)
                }
                None => {
                    let sides = (&mut left_sums[..], &mut right_sums[..]);
                    start + self.partition(&mut rows[start..end], col, c.left, &mut spare, sides)
                }
            };
            let depth = tree.nodes[p.node].depth as usize + 1;
            let l = self.add_node(&mut tree, &mut ranges, &mut totals, &rows, (start, mid), depth, left_sums);
            let r = self.add_node(&mut tree, &mut ranges, &mut totals, &rows, (mid, end), depth, right_sums);
            tree.nodes[p.node].split = Some(Split {
                feature: c.feature as u32,
                threshold: self.mapper.threshold(c.feature, c.left, c.right),
                left: l as u32,
                right: r as u32,
                gain: c.gain as f32,
            });
            leaves += 1;
            // Histograms of the children: the smaller one's from its rows, the larger one's by
            // subtraction, when the parent kept its own.
            let (mut hl, mut hr) = (None, None);
            if let Some(mut parent) = p.hist {
                let can = [self.can_split(&tree, &totals, l), self.can_split(&tree, &totals, r)];
                if can[0] || can[1] {
                    let small = if mid - start <= end - mid { l } else { r };
                    let (s0, s1) = ranges[small];
                    let hs = self.full_histogram(&rows[s0..s1]);
                    parent.iter_mut().zip(&hs).for_each(|(p, s)| *p -= s);
                    if small == l {
                        (hl, hr) = (Some(hs), Some(parent));
                    } else {
                        (hl, hr) = (Some(parent), Some(hs));
                    }
                }
            }
            let pl = self.evaluate(&tree, &ranges, &totals, &rows, l, hl, rng);
            let pr = self.evaluate(&tree, &ranges, &totals, &rows, r, hr, rng);
            for child in [pr, pl].into_iter().flatten() {
                if best_first {
                    heap.push(child);
                } else {
                    stack.push(child);
                }
            }
        }
        Grown { tree, rows, ranges }
    }

    /// Appends a node for `rows[range]` with sums `t` (see [`Targets`]): its value and impurity.
    #[allow(clippy::too_many_arguments)]
    fn add_node(
        &mut self,
        tree: &mut Tree,
        ranges: &mut Vec<(usize, usize)>,
        totals: &mut Vec<f64>,
        rows: &[u32],
        range: (usize, usize),
        depth: usize,
        t: Vec<f64>,
    ) -> usize {
        let node_rows = &rows[range.0..range.1];
        let (impurity, value) = match self.targets {
            Targets::Classes { .. } => {
                let w: f64 = t[1..].iter().sum();
                let impurity = match self.limits.rule {
                    Rule::Entropy => {
                        -t[1..].iter().filter(|&&c| c > 0.0).map(|&c| (c / w) * libm::log2(c / w)).sum::<f64>()
                    }
                    _ if w > 0.0 => 1.0 - t[1..].iter().map(|&c| (c / w) * (c / w)).sum::<f64>(),
                    _ => 0.0,
                };
                (impurity, t[1..].to_vec())
            }
            Targets::Values { y, weight } => {
                let mean = if t[1] > 0.0 { t[2] / t[1] } else { 0.0 };
                let ss: f64 = node_rows
                    .iter()
                    .map(|&r| {
                        let d = y[r as usize] - mean;
                        weight[r as usize] * d * d
                    })
                    .sum();
                (if t[1] > 0.0 { ss / t[1] } else { 0.0 }, vec![mean])
            }
            Targets::Gradients { .. } => {
                let (l2, learning_rate) = match self.limits.rule {
                    Rule::Newton { l2, learning_rate, .. } => (l2, learning_rate),
                    _ => (0.0, 1.0),
                };
                let d = t[2] + l2;
                (0.0, vec![if d > 0.0 { -t[1] / d * learning_rate } else { 0.0 }])
            }
        };
        let weight = match self.targets {
            Targets::Classes { .. } => t[1..].iter().sum(),
            Targets::Values { .. } => t[1],
            Targets::Gradients { .. } => t[0],
        };
        tree.outputs = value.len();
        tree.values.extend_from_slice(&value);
        tree.nodes.push(Node {
            split: None,
            samples: node_rows.len() as u32,
            weight: weight as f32,
            impurity: impurity as f32,
            depth: depth as u32,
        });
        ranges.push(range);
        totals.extend_from_slice(&t);
        self.impurity.push(impurity);
        tree.nodes.len() - 1
    }

    /// Whether node `i` may be split at all (depth, sizes, purity).
    fn can_split(&self, tree: &Tree, totals: &[f64], i: usize) -> bool {
        let node = &tree.nodes[i];
        let n = node.samples as usize;
        let t = &totals[i * self.width..(i + 1) * self.width];
        let pure = match self.targets {
            Targets::Classes { .. } => t[1..].iter().filter(|&&c| c > 0.0).count() <= 1,
            Targets::Values { .. } => self.impurity[i] <= f64::EPSILON,
            Targets::Gradients { .. } => match self.limits.rule {
                Rule::Newton { min_hessian, .. } => t[2] < 2.0 * min_hessian,
                _ => false,
            },
        };
        !pure
            && self.limits.max_depth.is_none_or(|d| (node.depth as usize) < d)
            && n >= self.limits.min_samples_split
            && n >= 2 * self.limits.min_samples_leaf
            && n >= 2
    }

    /// The best split of node `i`, if it may be split and has a valid one.
    #[allow(clippy::too_many_arguments)]
    fn evaluate(
        &mut self,
        tree: &Tree,
        ranges: &[(usize, usize)],
        totals: &[f64],
        rows: &[u32],
        i: usize,
        hist: Option<Vec<f64>>,
        rng: &mut SeededRng,
    ) -> Option<Pending> {
        if !self.can_split(tree, totals, i) {
            return None;
        }
        let t = totals[i * self.width..(i + 1) * self.width].to_vec();
        let (start, end) = ranges[i];
        let node_rows = &rows[start..end];
        let parent = self.score(&t);
        let mut best: Option<Candidate> = None;
        let hist = match hist {
            Some(h) => Some(h),
            None if self.all_features() && node_rows.len() >= HIST_MIN_ROWS => Some(self.full_histogram(node_rows)),
            None => None,
        };
        if let Some(h) = &hist {
            for f in 0..self.binned.width() {
                let fh = &h[self.offsets[f]..self.offsets[f + 1]];
                let w = self.width;
                let bins = (0..self.binned.n_bins(f)).filter(|&b| fh[b * w] > 0.0);
                self.scan(f, fh, bins, &t, parent, &mut best);
            }
        } else {
            let d = self.binned.width();
            let sampling = !self.all_features();
            let mut seen = 0;
            for k in 0..d {
                if sampling {
                    let j = k + rng.below(d - k);
                    self.order.swap(k, j);
                }
                let f = self.order[k];
                let mut fh = std::mem::take(&mut self.scratch);
                let mut mask = [0u64; 4];
                self.accumulate(Some((f, &mut mask)), node_rows, &mut fh);
                let bins = MaskBins { mask, word: 0 };
                let non_constant = mask.iter().map(|m| m.count_ones()).sum::<u32>() > 1;
                self.scan(f, &fh, bins, &t, parent, &mut best);
                for b in (MaskBins { mask, word: 0 }) {
                    fh[b * self.width..(b + 1) * self.width].iter_mut().for_each(|v| *v = 0.0);
                }
                self.scratch = fh;
                if non_constant {
                    seen += 1;
                    if seen >= self.limits.max_features {
                        break;
                    }
                }
            }
        }
        let keep = hist.filter(|_| node_rows.len() >= HIST_MIN_ROWS);
        best.map(|candidate| Pending { node: i, candidate, hist: keep })
    }
}
