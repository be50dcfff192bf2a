//! How long a finished run's feature importance takes ([`lantern::train::Trainer::importance`])
//! on a large table, natively, on one thread: the end-of-run step that the worker adds before
//! it reports "done".
//!
//! ```text
//! cargo run --release --example importance_speed            # 100,000 + 20,000 rows × 20
//! cargo run --release --example importance_speed -- quick   # 20,000 + 5,000 rows
//! ```
//!
//! The table is `learn_speed`'s: standard normal features, the class the sign of
//! `x0 + 0.8·x1 − 0.6·x2 + 0.5·x3·x4 + 0.4·sin(2·x5) + 0.5·noise`. For each model: the test
//! rows and repeats the bound chose, the estimated work per row, the time, and the top inputs.

use lantern::data::{Dataset, Split, Task};
use lantern::spec::learner::{BoostingSpec, ForestSpec, KnnSpec, LearnerSpec};
use lantern::spec::ExperimentSpec;
use lantern::train::bench::tree_table;
use lantern::train::importance::work_per_row;
use lantern::train::{RunData, Trainer};
use std::time::Instant;

/// [`tree_table`]'s rows as a dataset (the benchmark workloads' table).
fn table(rows: usize, width: usize, seed: u64) -> Dataset {
    let (x, y) = tree_table(rows, width, seed);
    let features = (0..width).map(|j| format!("x{j}")).collect();
    Dataset { features, x, y, task: Task::Classification { classes: 2 } }
}

fn main() -> lantern::Result<()> {
    let quick = std::env::args().any(|a| a == "quick");
    let (n, n_test, width) = if quick { (20_000, 5_000, 20) } else { (100_000, 20_000, 20) };
    let (train, test) = (table(n, width, 1), table(n_test, width, 2));
    let empty = Dataset { x: Vec::new(), y: Vec::new(), ..test.clone() };
    // k-NN trains on 10,000 rows (scoring its own training rows is quadratic).
    let few = Dataset { x: train.x[..10_000 * width].to_vec(), y: train.y[..10_000].to_vec(), ..train.clone() };
    let models: [(&str, Option<LearnerSpec>, &Dataset); 4] = [
        ("network 20-32-32-1", None, &train),
        ("forest, 100 trees", Some(LearnerSpec::Forest(ForestSpec::default())), &train),
        ("boosting, 100 rounds", Some(LearnerSpec::Boosting(BoostingSpec::default())), &train),
        ("k-NN, k = 5, 10,000", Some(LearnerSpec::Knn(KnnSpec::default())), &few),
    ];
    println!("{n} training and {n_test} test rows × {width} features");
    for (name, learner, rows) in models {
        let mut spec = ExperimentSpec::default();
        spec.model.hidden = vec![32, 32];
        spec.training.epochs = 1;
        spec.model.learner = learner.map(Box::new);
        let data = RunData {
            split: Split { train: rows.clone(), test: test.clone() },
            validation: empty.clone(),
            fitted: None,
            notices: Vec::new(),
            train_rows: Vec::new(),
        };
        let mut t = Trainer::with_data(&spec, data)?;
        let fit = Instant::now();
        while !t.is_done() {
            t.run_epoch()?;
        }
        let fitted = fit.elapsed().as_secs_f64();
        let model = t.learner().and_then(|l| l.model());
        let work = work_per_row(model.as_ref(), t.size());
        let start = Instant::now();
        let Some(imp) = t.importance()? else { continue };
        let took = start.elapsed().as_secs_f64();
        let predicted = imp.rows * (1 + width * imp.repeats);
        let top: Vec<String> =
            imp.order().iter().take(4).map(|&j| format!("{} {:.3}", imp.features[j], imp.mean[j])).collect();
        println!(
            "{name:<22} fit {fitted:6.2} s | importance {took:6.2} s: {} rows × {} repeats, {work:.0} work/row, \
             {:.1} ns per unit of work | top {}",
            imp.rows,
            imp.repeats,
            took * 1e9 / (predicted as f64 * work),
            top.join(", ")
        );
    }
    Ok(())
}
