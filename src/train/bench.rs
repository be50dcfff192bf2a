//! The three training-speed workloads of the browser benchmark (tests/bench/, after the
//! harness's `web/common.mjs`), as Lantern experiments.
//!
//! | id | data | model | optimizer | batch | rows × epochs |
//! |---|---|---|---|---:|---:|
//! | W1 | `digits`, 64 features, 10 classes | 64-128 relu-64 relu-10, softmax CE | Adam 1e-3 | 64 | 10,000 × 5 |
//! | W2 | `circle`, 2 features | 2-8 tanh-8 tanh-1, sigmoid BCE | SGD 0.03 | 10 | 500 × 100 |
//! | W3 | `linear`, 30 features | 30-1, sigmoid BCE (logistic regression) | SGD 0.1 | 256 | 50,000 × 10 |
//!
//! and two workloads of the models that are not networks (tests/bench/learners.sh), on a table
//! of Lantern's own ([`tree_table`]: 100,000 rows × 20 features, two classes), the very rows
//! `examples/learn_speed.rs` writes for scikit-learn's timing:
//!
//! | id | model |
//! |---|---|
//! | B1 | gradient boosting, 100 rounds of 31 leaves (scikit-learn's `HistGradientBoosting` defaults) |
//! | F1 | random forest, 100 trees, √20 features per split |
//!
//! The harness's data is the harness's, bit for bit: [`generate`] ports its `mulberry32` generator and
//! its three datasets (f64 arithmetic in the written order, features stored as f32), and the
//! tests check the harness's published checksums. The page of the benchmark sends the rows it
//! generated itself; the native `examples/train_speed.rs` uses this port.
//!
//! [`run_data`] trains on every row (the harness's rule: each epoch is ⌈n/batch⌉ steps over
//! all n rows) and evaluates, after each epoch as the app does, on the training rows and on a
//! test set that is a copy of the first ⌈n/10⌉ rows (Lantern needs a test set; its cost stays
//! small and is counted in the timings).

use super::inputs::RunData;
use crate::data::prepare::PrepareSpec;
use crate::data::{Dataset, Split, Task};
use crate::rng::{SeededRng, Stream};
use crate::spec::learner::{BoostingSpec, ForestSpec, LearnerSpec};
use crate::spec::{Activation, DataSource, ExperimentSpec, Optimizer};

/// One benchmark workload (`"W1"` in JSON).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Workload {
    /// Digits-like MLP 64-128-64-10, Adam, batch 64.
    W1,
    /// TF Playground size 2-8-8-1 on the circle, SGD, batch 10.
    W2,
    /// Logistic regression on 30 features, SGD, batch 256.
    W3,
    /// Gradient boosting, 100 rounds of 31 leaves, on [`tree_table`].
    B1,
    /// A random forest of 100 trees on [`tree_table`].
    F1,
}

/// Shape of a workload: rows, features, classes, and the data generator's seed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shape {
    /// Training rows.
    pub rows: usize,
    /// Features per row.
    pub width: usize,
    /// Classes (2 = binary).
    pub classes: usize,
    /// Seed of the harness's data generator.
    pub seed: u32,
}

impl Workload {
    /// The harness's three.
    pub const ALL: [Workload; 3] = [Workload::W1, Workload::W2, Workload::W3];

    /// The tree models' two.
    pub const TREES: [Workload; 2] = [Workload::B1, Workload::F1];

    /// `"W1"`, `"W2"`, `"W3"`, `"B1"` or `"F1"`.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().chain(Self::TREES).find(|w| w.name() == name)
    }

    /// The id.
    pub fn name(self) -> &'static str {
        match self {
            Workload::W1 => "W1",
            Workload::W2 => "W2",
            Workload::W3 => "W3",
            Workload::B1 => "B1",
            Workload::F1 => "F1",
        }
    }

    /// Epochs of a run: a network's passes, a forest's trees or boosting's rounds.
    pub fn epochs(self) -> usize {
        self.spec().planned_epochs()
    }

    /// Rows, width, classes and data seed.
    pub fn shape(self) -> Shape {
        match self {
            Workload::W1 => Shape { rows: 10_000, width: 64, classes: 10, seed: 1 },
            Workload::W2 => Shape { rows: 500, width: 2, classes: 2, seed: 2 },
            Workload::W3 => Shape { rows: 50_000, width: 30, classes: 2, seed: 3 },
            Workload::B1 | Workload::F1 => Shape { rows: 100_000, width: 20, classes: 2, seed: 1 },
        }
    }

    /// The experiment: model, optimizer, batch size and epochs of the workload (the data
    /// section names a file: the rows come from [`run_data`]).
    pub fn spec(self) -> ExperimentSpec {
        let mut spec = ExperimentSpec::default();
        spec.data.source = DataSource::File { name: format!("bench-{}", self.name()) };
        spec.data.prepare = PrepareSpec::default();
        let (hidden, activation, optimizer, lr, batch, epochs) = match self {
            Workload::W1 => (vec![128, 64], Activation::Relu, Optimizer::Adam, 1e-3, 64, 5),
            Workload::W2 => (vec![8, 8], Activation::Tanh, Optimizer::Sgd, 0.03, 10, 100),
            Workload::W3 | Workload::B1 | Workload::F1 => (vec![], Activation::Relu, Optimizer::Sgd, 0.1, 256, 10),
        };
        spec.model.learner = match self {
            Workload::B1 => Some(Box::new(LearnerSpec::Boosting(BoostingSpec::default()))),
            Workload::F1 => Some(Box::new(LearnerSpec::Forest(ForestSpec::default()))),
            _ => None,
        };
        spec.model.hidden = hidden;
        spec.model.activation = activation;
        spec.training.optimizer = optimizer;
        spec.training.learning_rate = lr;
        spec.training.batch_size = batch;
        spec.training.epochs = epochs;
        spec
    }
}

/// The matrices of a benchmark run: all `rows` rows train, and the first ⌈rows/10⌉ are also
/// the test set. `x` is `rows × width` row-major, `y` holds class indices.
///
/// # Errors
/// [`crate::error::Error::Data`] when the lengths do not agree or there are no rows.
pub fn run_data(x: Vec<f32>, y: Vec<f32>, width: usize, classes: usize) -> crate::error::Result<RunData> {
    let rows = y.len();
    if rows == 0 || width == 0 || x.len() != rows * width || classes < 2 {
        return Err(crate::error::Error::data(format!(
            "benchmark data needs rows × width features and one label per row, got {} numbers, {rows} labels, width {width}, {classes} classes",
            x.len()
        )));
    }
    let features: Vec<String> = (0..width).map(|j| format!("f{j}")).collect();
    let task = Task::Classification { classes };
    let test_rows = rows.div_ceil(10);
    let test =
        Dataset { features: features.clone(), x: x[..test_rows * width].to_vec(), y: y[..test_rows].to_vec(), task };
    let validation = Dataset { features: features.clone(), x: Vec::new(), y: Vec::new(), task };
    let train = Dataset { features, x, y, task };
    Ok(RunData {
        split: Split { train, test },
        validation,
        fitted: None,
        notices: Vec::new(),
        train_rows: (0..rows).collect(),
    })
}

/// The harness's `mulberry32(seed)`: uniform doubles in [0, 1) with 32 random bits.
struct Mulberry32(u32);

impl Mulberry32 {
    fn next(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x6D2B_79F5);
        let mut t = self.0;
        t = (t ^ (t >> 15)).wrapping_mul(t | 1);
        t ^= t.wrapping_add((t ^ (t >> 7)).wrapping_mul(t | 61));
        f64::from(t ^ (t >> 14)) / 4_294_967_296.0
    }
}

/// The tree workloads' table: `rows` rows of `width ≥ 6` standard normal features (Lantern's
/// seeded generator, [`Stream::Data`] of `seed`); the class is the sign of `x0 + 0.8·x1 −
/// 0.6·x2 + 0.5·x3·x4 + 0.4·sin(2·x5) + 0.5·noise`, so all but six features are noise and
/// the border is neither straight nor along the axes.
pub fn tree_table(rows: usize, width: usize, seed: u64) -> (Vec<f32>, Vec<f32>) {
    let mut rng = SeededRng::new(seed, Stream::Data);
    let mut x = Vec::with_capacity(rows * width);
    let mut y = Vec::with_capacity(rows);
    for _ in 0..rows {
        let v: Vec<f64> = (0..width).map(|_| rng.normal()).collect();
        let s = v[0] + 0.8 * v[1] - 0.6 * v[2] + 0.5 * v[3] * v[4] + 0.4 * libm::sin(2.0 * v[5]) + 0.5 * rng.normal();
        x.extend(v.iter().map(|&v| v as f32));
        y.push(if s > 0.0 { 1.0 } else { 0.0 });
    }
    (x, y)
}

/// The workload's rows: the harness's workloads exactly as its `makeData` makes them, the tree
/// workloads [`tree_table`]'s: `(x, y)` with `x` row-major `rows × width` and `y` the class
/// index of each row.
pub fn generate(workload: Workload) -> (Vec<f32>, Vec<f32>) {
    let Shape { rows: n, width: d, classes, seed } = workload.shape();
    if Workload::TREES.contains(&workload) {
        return tree_table(n, d, u64::from(seed));
    }
    let mut rnd = Mulberry32(seed);
    let mut x = vec![0f32; n * d];
    let mut y = vec![0f32; n];
    match workload {
        // 10 prototypes in [0,1)^64; a sample is its class's prototype plus uniform(−1, 1) noise.
        Workload::W1 => {
            let proto: Vec<f64> = (0..classes * d).map(|_| rnd.next()).collect();
            for i in 0..n {
                let c = (rnd.next() * classes as f64).floor() as usize;
                y[i] = c as f32;
                for j in 0..d {
                    x[i * d + j] = (proto[c * d + j] + 2.0 * (rnd.next() - 0.5)) as f32;
                }
            }
        }
        // First half label 1 inside r < 2.5, the rest label 0 in the ring 3.5 < r < 5, drawn
        // uniformly in [−5, 5)² by rejection.
        Workload::W2 => {
            for i in 0..n {
                let inside = i < n / 2;
                let (px, py) = loop {
                    let px = 10.0 * rnd.next() - 5.0;
                    let py = 10.0 * rnd.next() - 5.0;
                    let r = (px * px + py * py).sqrt();
                    if if inside { r < 2.5 } else { r > 3.5 && r < 5.0 } {
                        break (px, py);
                    }
                };
                x[i * 2] = px as f32;
                x[i * 2 + 1] = py as f32;
                y[i] = if inside { 1.0 } else { 0.0 };
            }
        }
        // Teacher w* in [−1, 1)^d; label = [w*·x + u(−½, ½) > 0].
        Workload::W3 => {
            let ws: Vec<f64> = (0..d).map(|_| 2.0 * rnd.next() - 1.0).collect();
            for i in 0..n {
                let mut z = 0.0;
                for j in 0..d {
                    let v = 2.0 * rnd.next() - 1.0;
                    x[i * d + j] = v as f32;
                    z += ws[j] * v;
                }
                z += rnd.next() - 0.5;
                y[i] = if z > 0.0 { 1.0 } else { 0.0 };
            }
        }
        Workload::B1 | Workload::F1 => {}
    }
    (x, y)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The harness's `data_checksum` (sequential f64 sums) must match its published values,
    /// so the native runs train on the browser runs' very data.
    #[test]
    fn data_matches_the_harness_checksums() {
        let expected = [(310518.0468246129, 45003.0), (-24.5432404903695, 250.0), (-479.742958935909, 24937.0)];
        for (w, (x_sum, y_sum)) in Workload::ALL.into_iter().zip(expected) {
            let (x, y) = generate(w);
            let sx = x.iter().fold(0f64, |s, &v| s + f64::from(v));
            let sy = y.iter().fold(0f64, |s, &v| s + f64::from(v));
            assert_eq!((sx, sy), (x_sum, y_sum), "{w:?}");
        }
    }

    #[test]
    fn specs_are_valid_and_train_on_every_row() {
        for w in Workload::ALL {
            let spec = w.spec();
            spec.validate().unwrap();
            let s = w.shape();
            let (x, y) = generate(w);
            let data = run_data(x, y, s.width, s.classes).unwrap();
            assert_eq!(data.split.train.rows(), s.rows);
            assert_eq!(data.split.test.rows(), s.rows.div_ceil(10));
            let t = super::super::Trainer::with_data(&spec, data).unwrap();
            // W1: 156 × 64 + 1 × 16; W2: 50 × 10; W3: 195 × 256 + 1 × 80.
            assert_eq!(t.batches_per_epoch(), [157, 50, 196][w as usize]);
        }
        assert!(run_data(vec![0.0; 3], vec![0.0; 2], 2, 2).is_err());
        assert_eq!(Workload::from_name("W2"), Some(Workload::W2));
    }

    #[test]
    fn the_tree_workloads_fit_their_model_on_every_row() {
        for (w, epochs) in [(Workload::B1, 100), (Workload::F1, 100)] {
            assert_eq!((Workload::from_name(w.name()), w.epochs()), (Some(w), epochs));
            w.spec().validate().unwrap();
        }
        // A small table of the same kind: the class follows the first features.
        let (x, y) = tree_table(2_000, 20, 1);
        assert_eq!((x.len(), y.len()), (40_000, 2_000));
        let ones = y.iter().filter(|&&c| c == 1.0).count();
        assert!((800..1_200).contains(&ones), "{ones}");
        let mut spec = Workload::B1.spec();
        if let Some(LearnerSpec::Boosting(b)) = spec.model.learner.as_deref_mut() {
            b.rounds = 5;
        }
        let mut t = super::super::Trainer::with_data(&spec, run_data(x, y, 20, 2).unwrap()).unwrap();
        while !t.is_done() {
            t.run_epoch().unwrap();
        }
        assert!(t.history()[4].train_accuracy.unwrap() > 0.8);
    }
}
