//! Fit times of the tree learners and k-NN on a large table, on one thread.
//!
//! ```text
//! cargo run --release --example learn_speed            # all workloads
//! cargo run --release --example learn_speed -- quick   # 20,000 rows
//! cargo run --release --example learn_speed -- boosting   # only the workloads named so
//! ```
//!
//! The table: 100,000 training and 20,000 test rows × 20 standard normal features; the class is
//! the sign of `x0 + 0.8·x1 − 0.6·x2 + 0.5·x3·x4 + 0.4·sin(2·x5) + 0.5·noise` (so 14 features
//! are noise), generated with Lantern's seeded generator (`lantern::train::bench::tree_table`:
//! the training rows are those of the benchmark workloads B1 and F1). The matrices are also written to
//! `$CARGO_TARGET_DIR/reference/learn_speed/` (raw little-endian f32) for
//! `tools/reference/sklearn_trees.py speed`, which times scikit-learn on the very same rows.

use lantern::data::Task;
use lantern::learn::{
    accuracy, BoostSettings, Booster, DecisionTree, ForestGrower, ForestSettings, Growth, KNearest, KnnSettings,
    Matrix, Predictor, TreeSettings,
};
use lantern::train::bench::tree_table as table;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn write(dir: &Path, name: &str, v: &[f32]) {
    let bytes: Vec<u8> = v.iter().flat_map(|f| f.to_le_bytes()).collect();
    if let Err(e) = std::fs::write(dir.join(name), bytes) {
        eprintln!("could not write {name}: {e}");
    }
}

fn secs(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64())
}

fn main() -> lantern::Result<()> {
    let quick = std::env::args().any(|a| a == "quick");
    // Any other argument keeps only the workloads whose name contains it.
    let only: Vec<String> = std::env::args().skip(1).filter(|a| a != "quick").collect();
    let wanted = |name: &str| only.is_empty() || only.iter().any(|o| name.contains(o.as_str()));
    let (n, n_test, width) = if quick { (20_000, 5_000, 20) } else { (100_000, 20_000, 20) };
    let task = Task::Classification { classes: 2 };
    let (x, y) = table(n, width, 1);
    let (tx, ty) = table(n_test, width, 2);
    let (m, t) = (Matrix::new(&x, n, width)?, Matrix::new(&tx, n_test, width)?);
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| PathBuf::from("target"), PathBuf::from);
    let dir = target.join("reference").join("learn_speed");
    if std::fs::create_dir_all(&dir).is_ok() {
        write(&dir, "train_x.f32", &x);
        write(&dir, "train_y.f32", &y);
        write(&dir, "test_x.f32", &tx);
        write(&dir, "test_y.f32", &ty);
    }
    println!("learn_speed: {n} training rows, {n_test} test rows, {width} features, one thread");
    println!("{:<44} {:>9} {:>14} {:>10}", "workload", "fit", "slowest step", "test acc.");

    if wanted("decision tree, depth 6") {
        let start = Instant::now();
        let s = TreeSettings { max_depth: Some(6), ..TreeSettings::for_task(task) };
        let tree = DecisionTree::fit(m, &y, task, &s)?;
        let fit = start.elapsed();
        let acc = accuracy(&tree.predict(t)?, &ty);
        println!("{:<44} {:>9} {:>14} {:>10.4}", "decision tree, depth 6", secs(fit), "", acc);
    }

    for (name, growth) in [
        ("boosting, 100 rounds, 31 leaves", Growth::Leaves { max_leaves: 31, max_depth: None }),
        ("boosting, 100 rounds, depth 6", Growth::Depth { max_depth: 6 }),
    ] {
        if !wanted(name) {
            continue;
        }
        let start = Instant::now();
        let s = BoostSettings { growth, ..BoostSettings::new() };
        let mut b = Booster::new(m, &y, task, &s, None)?;
        let setup = start.elapsed();
        let mut slowest = setup;
        loop {
            let t0 = Instant::now();
            if b.fit_round().is_none() {
                break;
            }
            slowest = slowest.max(t0.elapsed());
        }
        let fit = start.elapsed();
        let acc = accuracy(&b.model().predict(t)?, &ty);
        println!("{name:<44} {:>9} {:>11.1} ms {:>10.4}", secs(fit), slowest.as_secs_f64() * 1e3, acc);
    }

    if wanted("random forest, 100 trees, sqrt features") {
        let start = Instant::now();
        let s = ForestSettings::for_task(task);
        let mut g = ForestGrower::new(m, &y, task, &s)?;
        let mut slowest = start.elapsed();
        let mut oob = None;
        loop {
            let t0 = Instant::now();
            let Some(p) = g.add_tree() else { break };
            slowest = slowest.max(t0.elapsed());
            oob = p.oob_score;
        }
        let fit = start.elapsed();
        let forest = g.into_forest();
        let acc = accuracy(&forest.predict(t)?, &ty);
        let nodes: usize = forest.trees.iter().map(|t| t.nodes.len()).sum();
        println!(
            "{:<44} {:>9} {:>11.1} ms {:>10.4}   (oob {:.4}, {nodes} nodes)",
            "random forest, 100 trees, sqrt features",
            secs(fit),
            slowest.as_secs_f64() * 1e3,
            acc,
            oob.unwrap_or(f64::NAN)
        );
    }

    if wanted("k-NN") {
        // k-NN: 30,000 × 10,000 rows (10,000 × 2,500 quick) on the first 10 features.
        let (kn, kt, kw) = if quick { (10_000, 2_500, 10) } else { (30_000, 10_000, 10) };
        let kx: Vec<f32> = x.chunks_exact(width).take(kn).flat_map(|r| r[..kw].iter().copied()).collect();
        let ktx: Vec<f32> = tx.chunks_exact(width).take(kt).flat_map(|r| r[..kw].iter().copied()).collect();
        let knn = KNearest::fit(Matrix::new(&kx, kn, kw)?, &y[..kn], task, &KnnSettings::default())?;
        let start = Instant::now();
        let p = knn.predict(Matrix::new(&ktx, kt, kw)?)?;
        let time = start.elapsed();
        println!(
            "{:<44} {:>9} {:>14} {:>10.4}",
            format!("k-NN k=5, predict {kt} rows against {kn}"),
            secs(time),
            "",
            accuracy(&p, &ty[..kt])
        );
    }
    Ok(())
}
