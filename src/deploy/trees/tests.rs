//! The trees file: exact round trips of every tree model, and damaged files refused.

use super::*;
use crate::data::Task;
use crate::learn::{BoostSettings, ForestSettings, GaussianNb, KnnSettings, Matrix, Predictor, TreeSettings};
use crate::train::bench::tree_table;

/// Seeded rows of `width` normal features and targets: two classes ([`tree_table`]'s), three
/// (by the sum of the first two features), or a value.
fn table(width: usize, task: Task, seed: u64) -> (Vec<f32>, Vec<f32>) {
    let (x, y) = tree_table(240, width, seed);
    let y = match task {
        Task::Classification { classes: 2 } => y,
        Task::Classification { .. } => {
            x.chunks(width).map(|r| f32::from(u8::from(r[0] + r[1] > -0.5) + u8::from(r[0] + r[1] > 0.5))).collect()
        }
        Task::Regression => x.chunks(width).map(|r| 2.0 * r[0] + r[1].sin() + r[2] * r[3]).collect(),
    };
    (x, y)
}

fn forest(task: Task, x: &[f32], y: &[f32], width: usize) -> Model {
    let s = ForestSettings { n_trees: 6, ..ForestSettings::for_task(task) };
    let m = Matrix::new(x, y.len(), width).unwrap();
    Model::Forest(RandomForest::fit(m, y, task, &s).unwrap())
}

/// A tree, forests and boosting of each task, fitted on small seeded tables.
fn models() -> Vec<(&'static str, Model, Vec<f32>, usize)> {
    let (binary, multi) = (Task::Classification { classes: 2 }, Task::Classification { classes: 3 });
    let (bx, by) = table(6, binary, 1);
    let (mx, my) = table(6, multi, 2);
    let (rx, ry) = table(6, Task::Regression, 3);
    let boost = |x: &[f32], y: &[f32], w: usize, task| {
        let s = BoostSettings { n_rounds: 7, min_samples_leaf: 5, ..BoostSettings::new() };
        Model::Boosting(BoostedTrees::fit(Matrix::new(x, y.len(), w).unwrap(), y, task, &s, None).unwrap())
    };
    let tree = DecisionTree::fit(Matrix::new(&mx, 240, 6).unwrap(), &my, multi, &TreeSettings::for_task(multi));
    vec![
        ("tree", Model::Tree(tree.unwrap()), mx.clone(), 6),
        ("forest, classes", forest(multi, &mx, &my, 6), mx.clone(), 6),
        ("forest, regression", forest(Task::Regression, &rx, &ry, 6), rx.clone(), 6),
        ("boosting, two classes", boost(&bx, &by, 6, binary), bx, 6),
        ("boosting, three classes", boost(&mx, &my, 6, multi), mx, 6),
        ("boosting, regression", boost(&rx, &ry, 6, Task::Regression), rx, 6),
    ]
}

fn bits(v: &[f64]) -> Vec<u64> {
    v.iter().map(|v| v.to_bits()).collect()
}

#[test]
fn every_tree_model_round_trips_exactly() {
    for (name, model, x, width) in models() {
        let (bytes, infos) = encode(&model).unwrap();
        assert_eq!(bytes, encode(&model).unwrap().0, "{name}: deterministic");
        let (back, read_infos) = decode(&bytes).unwrap();
        assert_eq!(back, model, "{name}");
        assert_eq!(read_infos, infos, "{name}");
        assert_eq!(infos.len(), 10);
        let m = Matrix::new(&x, x.len() / width, width).unwrap();
        let predicted = |m2: &Model| m2.predict(m).unwrap().iter().map(|v| v.to_bits()).collect::<Vec<_>>();
        assert_eq!(predicted(&back), predicted(&model), "{name}");
        if model.task().is_classification() {
            assert_eq!(bits(&back.predict_proba(m).unwrap()), bits(&model.predict_proba(m).unwrap()), "{name}");
        }
        let importances = |m: &Model| match m {
            Model::Tree(t) => t.feature_importances(),
            Model::Forest(f) => f.feature_importances(),
            Model::Boosting(b) => b.feature_importances(),
            _ => Vec::new(),
        };
        assert_eq!(bits(&importances(&back)), bits(&importances(&model)), "{name}");
    }
}

#[test]
fn the_file_is_columns_of_the_nodes() {
    let (_, model, ..) = models().swap_remove(1);
    let Model::Forest(f) = &model else { panic!() };
    let nodes: usize = f.trees.iter().map(|t| t.nodes.len()).sum();
    let splits = nodes - f.trees.iter().map(Tree::leaves).sum::<usize>();
    let (bytes, infos) = encode(&model).unwrap();
    let shape = |name: &str| infos.iter().find(|i| i.name == name).map(|i| i.shape.clone()).unwrap();
    assert_eq!(shape("tree.start"), [7]);
    assert_eq!(shape("node.left"), [nodes]);
    assert_eq!(shape("node.value"), [nodes * 3]);
    assert_eq!(shape("split.threshold"), [splits]);
    // 4 bytes a node and field, 4 more per split field, 4 per value (class weights are whole
    // numbers: f32 holds them exactly), and a small header.
    let data = nodes * 16 + splits * 12 + nodes * 3 * 4 + 7 * 4 + 6 * 4;
    assert!(bytes.len() > data && bytes.len() < data + 2000, "{} bytes for {data}", bytes.len());
    let dtype = |bytes: &[u8]| Parts::of(bytes).tensors.iter().find(|t| t.0 == "node.value").map(|t| t.1);
    assert_eq!(dtype(&bytes), Some(Dtype::F32));
    // Means and boosting's scores are not: f64.
    for (name, model, ..) in models().into_iter().skip(2) {
        let bytes = encode(&model).unwrap().0;
        let classes = matches!(&model, Model::Forest(f) if f.task.is_classification());
        assert_eq!(dtype(&bytes), Some(if classes { Dtype::F32 } else { Dtype::F64 }), "{name}");
    }
}

#[test]
fn models_that_are_not_trees_are_not_written_here() {
    let task = Task::Classification { classes: 2 };
    let (x, y) = table(6, task, 4);
    let m = Matrix::new(&x, 240, 6).unwrap();
    let knn = Model::Knn(crate::learn::KNearest::fit(m, &y, task, &KnnSettings::default()).unwrap());
    let bayes = Model::Bayes(GaussianNb::fit(m, &y, task, &Default::default()).unwrap());
    for model in [knn, bayes] {
        assert!(!holds(&model));
        assert!(encode(&model).unwrap_err().to_string().contains("has no trees"));
    }
}

#[test]
fn trees_not_laid_out_as_grown_are_not_written() {
    let (_, model, ..) = models().swap_remove(0);
    let Model::Tree(mut t) = model else { panic!() };
    let s = t.tree.nodes[0].split.as_mut().unwrap();
    std::mem::swap(&mut s.left, &mut s.right);
    let e = encode(&Model::Tree(t)).unwrap_err().to_string();
    assert!(e.contains("tree 0: node 0's children") && e.contains("do not follow each other"), "{e}");
}

/// The tensors and frame of a file, to damage and write again.
struct Parts {
    tensors: Vec<(String, Dtype, Vec<usize>, Vec<u8>)>,
    frame: String,
}

impl Parts {
    fn of(bytes: &[u8]) -> Self {
        let file = SafeTensors::deserialize(bytes).unwrap();
        let (_, meta) = SafeTensors::read_metadata(bytes).unwrap();
        let mut tensors: Vec<_> = file
            .tensors()
            .into_iter()
            .map(|(name, t)| (name, t.dtype(), t.shape().to_vec(), t.data().to_vec()))
            .collect();
        tensors.sort_by(|a, b| a.0.cmp(&b.0));
        Parts { tensors, frame: meta.metadata().as_ref().unwrap()[FRAME_KEY].clone() }
    }

    fn u32s(&self, name: &str) -> Vec<u32> {
        let t = self.tensors.iter().find(|t| t.0 == name).unwrap();
        t.3.chunks_exact(4).map(u32::get).collect()
    }

    fn set_u32s(&mut self, name: &str, v: &[u32]) {
        let t = self.tensors.iter_mut().find(|t| t.0 == name).unwrap();
        let (_, dtype, shape, bytes) = tensor(name, v);
        (t.1, t.2, t.3) = (dtype, shape, bytes);
    }

    fn bytes(&self) -> Vec<u8> {
        let views = self.tensors.iter().map(|(n, d, s, b)| (n.clone(), TensorView::new(*d, s.clone(), b).unwrap()));
        let metadata = HashMap::from([(FRAME_KEY.to_string(), self.frame.clone())]);
        safetensors::serialize(views, Some(metadata)).unwrap()
    }
}

/// The error of reading `bytes`: always [`BundleError::Damaged`].
fn refusal(bytes: &[u8]) -> String {
    match decode(bytes) {
        Err(crate::Error::Bundle(e @ BundleError::Damaged(_))) => e.to_string(),
        other => panic!("not refused as damaged: {:?}", other.map(|_| ())),
    }
}

#[test]
fn damaged_files_are_refused_with_what_is_wrong() {
    let (_, model, ..) = models().swap_remove(1);
    let (bytes, _) = encode(&model).unwrap();
    let good = Parts::of(&bytes);
    assert_eq!(decode(&good.bytes()).unwrap().0, model, "taken apart and put together");
    let left = good.tensors.iter().position(|t| t.0 == "node.left").unwrap();
    let damaged = |edit: &dyn Fn(&mut Parts)| {
        let mut p = Parts { tensors: good.tensors.clone(), frame: good.frame.clone() };
        edit(&mut p);
        refusal(&p.bytes())
    };
    type Edit = Box<dyn Fn(&mut Parts)>;
    let cases: Vec<(&str, Edit)> = vec![
        ("no tensor `split.gain`", Box::new(|p| p.tensors.retain(|t| t.0 != "split.gain"))),
        ("`node.samples` has 3 values, not", Box::new(|p| p.set_u32s("node.samples", &[1, 2, 3]))),
        ("`node.weight` is U32 [2], not F32", Box::new(|p| p.set_u32s("node.weight", &[1, 2]))),
        ("`node.value` is U32 [2], not F64", Box::new(|p| p.set_u32s("node.value", &[1, 2]))),
        (
            "`tree.start` does not begin with node 0",
            Box::new(|p| {
                let mut s = p.u32s("tree.start");
                s[0] = 1;
                p.set_u32s("tree.start", &s);
            }),
        ),
        (
            "tree 2 ends before it starts",
            Box::new(|p| {
                let mut s = p.u32s("tree.start");
                s.swap(2, 3);
                p.set_u32s("tree.start", &s);
            }),
        ),
        (
            "they must be two nodes after it",
            Box::new(|p| {
                // The first split after the root points at itself.
                let mut l = p.u32s("node.left");
                let i = 1 + l[1..].iter().position(|&l| l != 0).unwrap();
                l[i] = i as u32;
                p.set_u32s("node.left", &l);
            }),
        ),
        (
            "tree 0: node 0 has children",
            Box::new(|p| {
                let mut l = p.u32s("node.left");
                l[0] = p.u32s("tree.start")[1] - 1;
                p.set_u32s("node.left", &l);
            }),
        ),
        (
            "is the child of two nodes",
            Box::new(|p| {
                // The root's children become those of the first tree's last split.
                let mut l = p.u32s("node.left");
                let n = p.u32s("tree.start")[1] as usize;
                let k = l[..n].iter().rposition(|&l| l != 0).unwrap();
                l[0] = l[k];
                p.set_u32s("node.left", &l);
            }),
        ),
        (
            "node 0 tests feature 6, of a model reading 6",
            Box::new(|p| {
                let n = p.u32s("split.feature").len();
                p.set_u32s("split.feature", &vec![6; n]);
            }),
        ),
        ("tree 0: 3 values per node, not 4", Box::new(|p| p.frame = p.frame.replace("\"classes\":3", "\"classes\":4"))),
        ("its `lantern-trees` entry is not a model", Box::new(|p| p.frame = "{}".into())),
        (
            "its metadata holds trees",
            Box::new(|p| {
                p.frame = p.frame.replace("\"trees\":[]", "\"trees\":[{\"nodes\":[],\"outputs\":1,\"values\":[]}]")
            }),
        ),
        (
            "holds 11 tensors",
            Box::new(move |p| {
                let extra =
                    ("extra".to_string(), p.tensors[left].1, p.tensors[left].2.clone(), p.tensors[left].3.clone());
                p.tensors.push(extra);
            }),
        ),
    ];
    for (says, edit) in cases {
        let e = damaged(&*edit);
        assert!(e.contains(says) && e.contains("Export the model again"), "{says}: {e}");
    }
    assert!(refusal(b"not safetensors at all").contains("not safetensors"));
    assert!(refusal(&bytes[..bytes.len() - 100]).contains("not safetensors"));
    let network = super::super::weights::encode(&[]).unwrap();
    assert!(refusal(&network).contains("no `lantern-trees` entry"));
}

#[test]
fn boosting_rounds_are_checked() {
    let (_, model, ..) = models().swap_remove(4);
    let (bytes, _) = encode(&model).unwrap();
    let mut p = Parts::of(&bytes);
    assert!(p.frame.contains("\"rounds\":[3,3,3,3,3,3,3]"), "{}", p.frame);
    p.frame = p.frame.replace("\"rounds\":[3,3,3,3,3,3,3]", "\"rounds\":[3,3,3,3,3,3,2,1]");
    assert!(refusal(&p.bytes()).contains("round 6 has 2 trees, not 3"));
    p.frame = p.frame.replace("\"rounds\":[3,3,3,3,3,3,2,1]", "\"rounds\":[3]");
    assert!(refusal(&p.bytes()).contains("21 trees for 1 boosting rounds"));
}

#[test]
fn json_models_are_checked_too() {
    let (_, model, ..) = models().swap_remove(0);
    let Model::Tree(mut t) = model else { panic!() };
    assert_eq!(Model::Tree(t.clone()).check(), Ok(()));
    t.tree.nodes[0].split.as_mut().unwrap().right = 0;
    assert!(Model::Tree(t.clone()).check().unwrap_err().contains("node 0 has children"));
    t.tree.values.pop();
    assert!(Model::Tree(t).check().unwrap_err().contains("values for"));
}

/// The default forest (100 trees, unlimited depth) on 100,000 rows × 20 features fits a bundle
/// and reads back exactly. Slow in a debug build: `cargo test --release --lib
/// default_forest_on_100k_rows -- --ignored --nocapture` (examples/tree_bundle_size.rs has more).
#[test]
#[ignore = "fits 100 unlimited trees on 100,000 rows; run in release with --ignored"]
fn default_forest_on_100k_rows_fits_a_bundle() {
    let task = Task::Classification { classes: 2 };
    let (x, y) = tree_table(100_000, 20, 1);
    let m = Matrix::new(&x, 100_000, 20).unwrap();
    let model = Model::Forest(RandomForest::fit(m, &y, task, &ForestSettings::for_task(task)).unwrap());
    let start = std::time::Instant::now();
    let (bytes, _) = encode(&model).unwrap();
    let written = start.elapsed();
    let (back, _) = decode(&bytes).unwrap();
    println!("{} bytes, written in {written:?}, read in {:?}", bytes.len(), start.elapsed() - written);
    assert!(bytes.len() as u64 <= crate::deploy::bundle::MAX_FILE_BYTES, "{} bytes", bytes.len());
    assert!(back == model);
}
