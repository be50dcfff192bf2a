//! Size and speed of a tree model's file in an exported bundle: the default random forest
//! (100 trees, unlimited depth, √20 features per split) and the default boosting (100 rounds of
//! 31 leaves) on `lantern::train::bench::tree_table` (100,000 rows × 20 features, two classes,
//! the rows of examples/learn_speed.rs), written as the JSON of bundles version 2
//! (`model.learner.json`) and as `model.trees.safetensors` (version 3), then zipped as an export
//! zips them.
//!
//! ```text
//! cargo run --release --example tree_bundle_size            # 100,000 rows
//! cargo run --release --example tree_bundle_size -- quick   # 20,000 rows
//! ```

use lantern::data::Task;
use lantern::deploy::bundle::MAX_FILE_BYTES;
use lantern::deploy::{trees, zip};
use lantern::learn::{BoostSettings, BoostedTrees, ForestSettings, Matrix, Model, Predictor, RandomForest};
use lantern::train::bench::tree_table;
use std::time::Instant;

fn mb(bytes: usize) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

fn timed<T>(f: impl FnOnce() -> T) -> (T, f64) {
    let start = Instant::now();
    let out = f();
    (out, start.elapsed().as_secs_f64())
}

fn measure(name: &str, model: &Model, test: Matrix) -> lantern::Result<()> {
    let nodes: usize = match model {
        Model::Forest(f) => f.trees.iter().map(|t| t.nodes.len()).sum(),
        Model::Boosting(b) => b.rounds.iter().flatten().map(|t| t.nodes.len()).sum(),
        _ => 0,
    };
    println!("{name}: {nodes} nodes");
    let (json, t_json) = timed(|| serde_json::to_vec(model));
    let json = json.map_err(|e| lantern::Error::data(e.to_string()))?;
    let (back, t_json_read) = timed(|| serde_json::from_slice::<Model>(&json));
    let same_json = back.map_err(|e| lantern::Error::data(e.to_string()))? == *model;
    println!(
        "  JSON (v2)          {:>10}  write {t_json:.2} s, read {t_json_read:.2} s, same: {same_json}",
        mb(json.len())
    );
    let (encoded, t_encode) = timed(|| trees::encode(model));
    let (bytes, _) = encoded?;
    let (decoded, t_decode) = timed(|| trees::decode(&bytes));
    let (back, _) = decoded?;
    let same = back == *model;
    let p = |m: &Model| m.predict_proba(test).map(|v| v.iter().map(|v| v.to_bits()).collect::<Vec<_>>());
    let same_predictions = p(&back)? == p(model)?;
    println!(
        "  safetensors (v3)   {:>10}  write {t_encode:.2} s, read {t_decode:.2} s (checks included), same: {same}, \
         same predictions: {same_predictions}; {:.1} bytes a node; under the {} MiB cap: {}",
        mb(bytes.len()),
        bytes.len() as f64 / nodes.max(1) as f64,
        MAX_FILE_BYTES >> 20,
        bytes.len() as u64 <= MAX_FILE_BYTES
    );
    let files = vec![("model.trees.safetensors".to_string(), bytes)];
    let (zipped, t_zip) = timed(|| zip::write(&files));
    let zipped = zipped?;
    let (unzipped, t_unzip) = timed(|| zip::read(&zipped, &["model.trees.safetensors"], MAX_FILE_BYTES));
    let same_unzipped = unzipped?.first().map(|f| &f.1) == Some(&files[0].1);
    println!(
        "  zipped, as exported {:>8}  zip {t_zip:.2} s, unzip {t_unzip:.2} s, same: {same_unzipped}",
        mb(zipped.len())
    );
    Ok(())
}

fn main() -> lantern::Result<()> {
    let quick = std::env::args().any(|a| a == "quick");
    let (n, width) = (if quick { 20_000 } else { 100_000 }, 20);
    let task = Task::Classification { classes: 2 };
    let (x, y) = tree_table(n, width, 1);
    let (tx, _) = tree_table(20_000, width, 2);
    let (m, test) = (Matrix::new(&x, n, width)?, Matrix::new(&tx, 20_000, width)?);
    println!("tree_bundle_size: {n} rows × {width} features");
    let (forest, t) = timed(|| RandomForest::fit(m, &y, task, &ForestSettings::for_task(task)));
    println!("(forest fitted in {t:.1} s)");
    measure("default random forest, 100 trees", &Model::Forest(forest?), test)?;
    let (boosting, t) = timed(|| BoostedTrees::fit(m, &y, task, &BoostSettings::new(), None));
    println!("(boosting fitted in {t:.1} s)");
    measure("default boosting, 100 rounds", &Model::Boosting(boosting?), test)
}
