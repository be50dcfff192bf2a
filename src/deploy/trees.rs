//! Tree models — a decision tree, a random forest, gradient-boosted trees — as one safetensors
//! file, `model.trees.safetensors` ([`super::card::TREES_FILE`]): the trees as columns of
//! little-endian numbers, one tensor per node field over all trees, and the rest of the model
//! (task, width, settings, boosting's base scores) as JSON in the file's metadata. It reads
//! back exactly: the same trees, node for node and bit for bit. The default forest on 100,000
//! rows × 20 features (1.9 million nodes) takes 56 MB, a quarter of its JSON
//! (`examples/tree_bundle_size.rs`, docs/formats.md).
//!
//! # Layout
//! The trees in model order: the decision tree's one; the forest's; boosting's round by round,
//! each round's trees (one, or one per class) in class order. `T` trees, `N` nodes in all, `S`
//! of them split (internal), `V` values. Each tree keeps its nodes in their order (node 0 the
//! root; the grower adds a split's two children one after the other, after their parent).
//!
//! | tensor | dtype | shape | holds |
//! |---|---|---|---|
//! | `tree.start` | U32 | T + 1 | where each tree's nodes start in the node tensors; last: `N` |
//! | `tree.outputs` | U32 | T | values per node ([`Tree::outputs`]) |
//! | `node.left` | U32 | N | the left child (index in its tree), 0 for a leaf; the right child is `left + 1` |
//! | `node.samples` | U32 | N | [`Node::samples`] |
//! | `node.weight` | F32 | N | [`Node::weight`] |
//! | `node.impurity` | F32 | N | [`Node::impurity`] |
//! | `node.value` | F64 or F32 | V | [`Tree::values`] of every node (internal ones too: the diagram shows them); F32 when every value is exactly an `f32` (bit for bit), as the class weights of classification trees are (whole numbers) |
//! | `split.feature` | U32 | S | [`Split::feature`] of each split node, in node order |
//! | `split.threshold` | F32 | S | [`Split::threshold`] |
//! | `split.gain` | F32 | S | [`Split::gain`] (impurity importance sums it) |
//!
//! Depths are not stored: the root is at 0, a child one below its parent. The metadata has one
//! entry, `lantern-trees`: `{"model": …, "rounds": […]}`, the model as [`Model`]'s JSON with its
//! trees left out (an empty tree, no trees, no rounds) and, for boosting, the trees of each
//! round. Reading checks every length and index ([`Model::check`]): a damaged file is refused,
//! never half read.

use super::card::TensorInfo;
use crate::error::{BundleError, Result};
use crate::learn::{BoostedTrees, DecisionTree, Model, Node, RandomForest, Split, Tree};
use safetensors::tensor::{Dtype, SafeTensors, TensorView};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The metadata entry holding the model without its trees.
const FRAME_KEY: &str = "lantern-trees";

/// The model with its trees left out, and the trees of each boosting round.
#[derive(Serialize, Deserialize)]
struct Frame {
    model: Model,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    rounds: Vec<usize>,
}

/// True for a model kept in this file (a tree, a forest, boosting).
pub fn holds(model: &Model) -> bool {
    matches!(model, Model::Tree(_) | Model::Forest(_) | Model::Boosting(_))
}

/// The model's trees in file order, and its frame.
fn frame_of(model: &Model) -> Option<(Vec<&Tree>, Frame)> {
    let no_tree = || Tree { nodes: Vec::new(), outputs: 0, values: Vec::new() };
    let frame = |model| Frame { model, rounds: Vec::new() };
    Some(match model {
        Model::Tree(m) => {
            let (task, width, settings) = (m.task, m.width, m.settings.clone());
            (vec![&m.tree], frame(Model::Tree(DecisionTree { task, width, settings, tree: no_tree() })))
        }
        Model::Forest(m) => {
            let (task, width, settings) = (m.task, m.width, m.settings.clone());
            (m.trees.iter().collect(), frame(Model::Forest(RandomForest { task, width, settings, trees: Vec::new() })))
        }
        Model::Boosting(m) => {
            let (task, width, settings, base) = (m.task, m.width, m.settings.clone(), m.base.clone());
            let model = Model::Boosting(BoostedTrees { task, width, settings, base, rounds: Vec::new() });
            (m.rounds.iter().flatten().collect(), Frame { model, rounds: m.rounds.iter().map(Vec::len).collect() })
        }
        Model::Knn(_) | Model::Bayes(_) => return None,
    })
}

/// A number as the file stores it.
trait Number: Copy {
    const DTYPE: Dtype;
    const SIZE: usize;
    fn put(self, out: &mut Vec<u8>);
    fn get(bytes: &[u8]) -> Self;
}

macro_rules! number {
    ($t:ty, $dtype:ident, $size:literal) => {
        impl Number for $t {
            const DTYPE: Dtype = Dtype::$dtype;
            const SIZE: usize = $size;
            fn put(self, out: &mut Vec<u8>) {
                out.extend_from_slice(&self.to_le_bytes());
            }
            fn get(bytes: &[u8]) -> Self {
                let mut b = [0; $size];
                b.copy_from_slice(bytes);
                <$t>::from_le_bytes(b)
            }
        }
    };
}
number!(u32, U32, 4);
number!(f32, F32, 4);
number!(f64, F64, 8);

/// The tensors' names, in the order of [`Columns`]' fields.
const NAMES: [&str; 10] = [
    "tree.start",
    "tree.outputs",
    "node.left",
    "node.samples",
    "node.weight",
    "node.impurity",
    "node.value",
    "split.feature",
    "split.threshold",
    "split.gain",
];

/// The tensors as written: one vector per field.
#[derive(Default)]
struct Columns {
    start: Vec<u32>,
    outputs: Vec<u32>,
    left: Vec<u32>,
    samples: Vec<u32>,
    weight: Vec<f32>,
    impurity: Vec<f32>,
    value: Vec<f64>,
    feature: Vec<u32>,
    threshold: Vec<f32>,
    gain: Vec<f32>,
}

/// `values` as `f32` when each of them is one exactly (bit for bit), as class weights are.
fn narrowed(values: &[f64]) -> Option<Vec<f32>> {
    let narrow = |&v: &f64| Some(v as f32).filter(|&n| f64::from(n).to_bits() == v.to_bits());
    values.iter().map(narrow).collect()
}

/// A tensor's little-endian bytes and shape.
fn tensor<T: Number>(name: &str, values: &[T]) -> (String, Dtype, Vec<usize>, Vec<u8>) {
    let mut bytes = Vec::with_capacity(values.len() * T::SIZE);
    values.iter().for_each(|v| v.put(&mut bytes));
    (name.to_string(), T::DTYPE, vec![values.len()], bytes)
}

impl Columns {
    /// Appends `tree`, which must be laid out as the grower lays trees out (a right child right
    /// after its left sibling, depths counted from the root).
    fn push(&mut self, tree: &Tree) -> std::result::Result<(), String> {
        let at = self.left.len();
        self.start.push(u32::try_from(at).map_err(|_| "over 4 billion nodes")?);
        self.outputs.push(u32::try_from(tree.outputs).map_err(|_| "too many values per node")?);
        for (i, n) in tree.nodes.iter().enumerate() {
            let depth_of = |c: u32| tree.nodes.get(c as usize).map(|c| c.depth);
            match &n.split {
                Some(s) if s.right != s.left.wrapping_add(1) || s.left == 0 => {
                    return Err(format!("node {i}'s children {} and {} do not follow each other", s.left, s.right))
                }
                Some(s) if [s.left, s.right].iter().any(|&c| depth_of(c) != n.depth.checked_add(1)) => {
                    return Err(format!("node {i}'s children are not one level below it"))
                }
                Some(s) => {
                    self.left.push(s.left);
                    self.feature.push(s.feature);
                    self.threshold.push(s.threshold);
                    self.gain.push(s.gain);
                }
                None => self.left.push(0),
            }
            self.samples.push(n.samples);
            self.weight.push(n.weight);
            self.impurity.push(n.impurity);
        }
        self.value.extend_from_slice(&tree.values);
        Ok(())
    }

    /// The tensors, in [`NAMES`] order.
    fn tensors(&self) -> Vec<(String, Dtype, Vec<usize>, Vec<u8>)> {
        let value = narrowed(&self.value).map_or_else(|| tensor(NAMES[6], &self.value), |v| tensor(NAMES[6], &v));
        vec![
            tensor(NAMES[0], &self.start),
            tensor(NAMES[1], &self.outputs),
            tensor(NAMES[2], &self.left),
            tensor(NAMES[3], &self.samples),
            tensor(NAMES[4], &self.weight),
            tensor(NAMES[5], &self.impurity),
            value,
            tensor(NAMES[7], &self.feature),
            tensor(NAMES[8], &self.threshold),
            tensor(NAMES[9], &self.gain),
        ]
    }

    /// The tensors' names and shapes, for the card.
    fn infos(&self) -> Vec<TensorInfo> {
        let c = self;
        let lengths = [c.start.len(), c.outputs.len(), c.left.len(), c.samples.len(), c.weight.len()];
        let more = [c.impurity.len(), c.value.len(), c.feature.len(), c.threshold.len(), c.gain.len()];
        NAMES
            .iter()
            .zip(lengths.into_iter().chain(more))
            .map(|(n, l)| TensorInfo { name: n.to_string(), shape: vec![l] })
            .collect()
    }
}

/// The file of a tree model (deterministic: the same model gives the same bytes), with the
/// names and shapes of its tensors for the card.
///
/// # Errors
/// [`BundleError::Damaged`] for a model that is not trees, or trees not laid out as the grower
/// lays them out (a bug).
pub fn encode(model: &Model) -> Result<(Vec<u8>, Vec<TensorInfo>)> {
    let fail = |m: String| BundleError::Damaged(format!("the trees cannot be written: {m}"));
    let (trees, frame) = frame_of(model).ok_or_else(|| fail("this model has no trees".into()))?;
    let mut c = Columns::default();
    for (t, tree) in trees.iter().enumerate() {
        c.push(tree).map_err(|m| fail(format!("tree {t}: {m}")))?;
    }
    c.start.push(u32::try_from(c.left.len()).map_err(|_| fail("over 4 billion nodes".into()))?);
    let frame = serde_json::to_string(&frame).map_err(|e| fail(e.to_string()))?;
    let (tensors, infos) = (c.tensors(), c.infos());
    drop(c);
    let views = tensors
        .iter()
        .map(|(name, dtype, shape, bytes)| {
            TensorView::new(*dtype, shape.clone(), bytes).map(|v| (name.clone(), v)).map_err(|e| fail(e.to_string()))
        })
        .collect::<std::result::Result<Vec<_>, _>>()?;
    // One metadata entry only: a map of several would be written in hash order.
    let metadata = HashMap::from([(FRAME_KEY.to_string(), frame)]);
    let bytes = safetensors::serialize(views, Some(metadata)).map_err(|e| fail(e.to_string()))?;
    Ok((bytes, infos))
}

/// Reads a tree model from its file, with the names and shapes of its tensors, and checks it
/// ([`Model::check`]).
///
/// # Errors
/// [`BundleError::Damaged`]: not safetensors, no model in its metadata, a tensor missing, of
/// another type or length than the others imply, or trees that do not hold together (a child
/// out of range or not after its parent, a feature the model does not read …).
pub fn decode(bytes: &[u8]) -> Result<(Model, Vec<TensorInfo>)> {
    let damaged = |m: String| BundleError::Damaged(format!("the trees file: {m}"));
    let file = SafeTensors::deserialize(bytes).map_err(|e| damaged(format!("not safetensors ({e})")))?;
    let (_, header) = SafeTensors::read_metadata(bytes).map_err(|e| damaged(format!("not safetensors ({e})")))?;
    let frame =
        header.metadata().as_ref().and_then(|m| m.get(FRAME_KEY)).ok_or_else(|| {
            damaged(format!("its metadata has no `{FRAME_KEY}` entry (is it the weights of a network?)"))
        })?;
    let Frame { model, rounds } =
        serde_json::from_str(frame).map_err(|e| damaged(format!("its `{FRAME_KEY}` entry is not a model: {e}")))?;
    let read = Reader { file: &file };
    let start: Vec<u32> = read.column(NAMES[0], None)?;
    let outputs: Vec<u32> = read.column(NAMES[1], Some(start.len().saturating_sub(1)))?;
    let n = start.last().map_or(0, |&n| n as usize);
    let left: Vec<u32> = read.column(NAMES[2], Some(n))?;
    let splits = left.iter().filter(|&&l| l != 0).count();
    if start.first() != Some(&0) {
        return Err(damaged("tensor `tree.start` does not begin with node 0".into()).into());
    }
    let mut values = 0usize;
    for (t, (w, &k)) in start.windows(2).zip(&outputs).enumerate() {
        let nodes = w[1].checked_sub(w[0]).ok_or_else(|| damaged(format!("tree {t} ends before it starts")))?;
        values = (nodes as usize)
            .checked_mul(k as usize)
            .and_then(|v| v.checked_add(values))
            .ok_or_else(|| damaged(format!("tree {t} has too many values")))?;
    }
    let c = Columns {
        samples: read.column(NAMES[3], Some(n))?,
        weight: read.column(NAMES[4], Some(n))?,
        impurity: read.column(NAMES[5], Some(n))?,
        value: read.values(NAMES[6], values)?,
        feature: read.column(NAMES[7], Some(splits))?,
        threshold: read.column(NAMES[8], Some(splits))?,
        gain: read.column(NAMES[9], Some(splits))?,
        start,
        outputs,
        left,
    };
    if file.len() != NAMES.len() {
        return Err(damaged(format!("it holds {} tensors, not the {} of a tree model", file.len(), NAMES.len())).into());
    }
    let infos = c.infos();
    let model = assemble(model, rounds, trees_of(&c)).map_err(damaged)?;
    model.check().map_err(damaged)?;
    Ok((model, infos))
}

/// Reads the tensors of one file.
struct Reader<'a, 'b> {
    file: &'a SafeTensors<'b>,
}

impl Reader<'_, '_> {
    /// Tensor `name`: one dimension of `T`, of `len` values when given.
    fn column<T: Number>(&self, name: &str, len: Option<usize>) -> std::result::Result<Vec<T>, BundleError> {
        let damaged = |m: String| BundleError::Damaged(format!("the trees file: {m}"));
        let t = self.file.tensor(name).map_err(|_| damaged(format!("it has no tensor `{name}`")))?;
        let found = match t.shape() {
            &[found] if t.dtype() == T::DTYPE => found,
            shape => return Err(damaged(format!("tensor `{name}` is {:?} {shape:?}, not {:?}", t.dtype(), T::DTYPE))),
        };
        if let Some(len) = len.filter(|&len| len != found) {
            return Err(damaged(format!("tensor `{name}` has {found} values, not {len}")));
        }
        Ok(t.data().chunks_exact(T::SIZE).map(T::get).collect())
    }

    /// Tensor `name` of `len` numbers, `F64` or `F32` (widened: the same numbers).
    fn values(&self, name: &str, len: usize) -> std::result::Result<Vec<f64>, BundleError> {
        match self.file.tensor(name).map(|t| t.dtype()) {
            Ok(Dtype::F32) => Ok(self.column::<f32>(name, Some(len))?.into_iter().map(f64::from).collect()),
            _ => self.column(name, Some(len)),
        }
    }
}

/// The trees of columns whose lengths agree (checked by [`decode`]); their structure is checked
/// afterwards ([`Model::check`]).
fn trees_of(c: &Columns) -> Vec<Tree> {
    let (mut split, mut value) = (0, 0);
    let mut trees = Vec::with_capacity(c.outputs.len());
    for (w, &outputs) in c.start.windows(2).zip(&c.outputs) {
        let (from, to) = (w[0] as usize, w[1] as usize);
        let mut nodes: Vec<Node> = (from..to)
            .map(|i| Node {
                split: None,
                samples: c.samples[i],
                weight: c.weight[i],
                impurity: c.impurity[i],
                depth: 0,
            })
            .collect();
        for i in 0..nodes.len() {
            let left = c.left[from + i];
            if left == 0 {
                continue;
            }
            let right = left.saturating_add(1);
            let s =
                Split { feature: c.feature[split], threshold: c.threshold[split], left, right, gain: c.gain[split] };
            split += 1;
            nodes[i].split = Some(s);
            // Children after their parent get their depth here; any other is refused later.
            let depth = nodes[i].depth.saturating_add(1);
            for child in [left, right].into_iter().map(|c| c as usize).filter(|&c| c > i) {
                if let Some(n) = nodes.get_mut(child) {
                    n.depth = depth;
                }
            }
        }
        let k = outputs as usize;
        let values = c.value[value..value + nodes.len() * k].to_vec();
        value += nodes.len() * k;
        trees.push(Tree { nodes, outputs: k, values });
    }
    trees
}

/// The model of `frame` with `trees` put back in.
fn assemble(frame: Model, rounds: Vec<usize>, trees: Vec<Tree>) -> std::result::Result<Model, String> {
    let count = trees.len();
    let wrong = |what: &str| format!("{count} trees for {what}");
    Ok(match frame {
        Model::Tree(m) if !m.tree.nodes.is_empty() => return Err("its metadata holds a tree".into()),
        Model::Forest(m) if !m.trees.is_empty() => return Err("its metadata holds trees".into()),
        Model::Boosting(m) if !m.rounds.is_empty() => return Err("its metadata holds trees".into()),
        Model::Tree(m) => {
            let [tree]: [Tree; 1] = trees.try_into().map_err(|_| wrong("one decision tree"))?;
            Model::Tree(DecisionTree { tree, ..m })
        }
        Model::Forest(m) => Model::Forest(RandomForest { trees, ..m }),
        Model::Boosting(m) => {
            if rounds.iter().try_fold(0usize, |a, &r| a.checked_add(r)) != Some(count) {
                return Err(wrong(&format!("{} boosting rounds of {rounds:?} trees", rounds.len())));
            }
            let mut trees = trees.into_iter();
            let rounds = rounds.iter().map(|&r| trees.by_ref().take(r).collect()).collect();
            Model::Boosting(BoostedTrees { rounds, ..m })
        }
        Model::Knn(_) | Model::Bayes(_) => return Err("its model is not made of trees".into()),
    })
}

#[cfg(test)]
mod tests;
