//! `lantern run --out DIR`: the charts, the index page, the metrics and the model written to DIR.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

mod support;
use support::{lantern, TempDir};

/// Runs `args` with `--out` into a new directory (created by lantern), checks that exactly
/// `charts` plus index.html and metrics.json were written, each announced on stderr, that
/// every SVG is a whole document and the page shows each, and returns stdout and metrics.json.
fn run_with_out(tag: &str, args: &[&str], charts: &[&str]) -> (String, serde_json::Value) {
    let dir = TempDir::new(&format!("charts-{tag}"));
    // A nested path: lantern creates the missing parents too.
    let out_dir = dir.0.join("run");
    let out_str = out_dir.to_str().expect("a UTF-8 temp path");
    let mut all = args.to_vec();
    all.extend(["--out", out_str]);
    let out = lantern(&all);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{args:?}: {stderr}");
    let mut written: Vec<String> = std::fs::read_dir(&out_dir)
        .expect("the out dir exists")
        .map(|e| e.expect("a dir entry").file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    let mut expected: Vec<String> = charts.iter().map(|c| format!("{c}.svg")).collect();
    expected.extend(["index.html".to_string(), "metrics.json".to_string(), "model".to_string()]);
    expected.sort();
    assert_eq!(written, expected, "{args:?}");
    // The exported model: two files in DIR/model (tests/cli_deploy.rs uses them).
    for f in ["model.json", "model.safetensors"] {
        assert!(out_dir.join("model").join(f).is_file(), "{f}");
    }
    assert_eq!(stderr.matches("lantern: wrote ").count(), expected.len() + 1, "{stderr}");
    let page = std::fs::read_to_string(out_dir.join("index.html")).expect("index.html");
    for c in charts {
        let svg = std::fs::read_to_string(out_dir.join(format!("{c}.svg"))).expect("an SVG");
        assert!(svg.len() > 1000, "{c}.svg is only {} bytes", svg.len());
        assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"), "{c}.svg");
        assert!(svg.contains("<text"), "{c}.svg has no text");
        assert!(page.contains(&format!("<img src=\"{c}.svg\" alt=\"")), "index.html does not show {c}");
        assert!(stderr.contains(&format!("{c}.svg")), "{stderr}");
    }
    let metrics = std::fs::read_to_string(out_dir.join("metrics.json")).expect("metrics.json");
    let metrics: serde_json::Value = serde_json::from_str(&metrics).expect("metrics.json is JSON");
    (String::from_utf8_lossy(&out.stdout).into_owned(), metrics)
}

const RUN_CHARTS: [&str; 4] = ["loss", "loss-log", "network", "importance"];

#[test]
fn iris_writes_classification_and_data_charts() {
    let mut charts = RUN_CHARTS.to_vec();
    charts.extend(["accuracy", "weights", "confusion", "roc", "pr", "decision-map", "correlation"]);
    charts.extend(["column-1-sepal-length", "column-2-sepal-width", "column-3-petal-length", "column-4-petal-width"]);
    charts.push("column-5-species");
    let (stdout, metrics) = run_with_out("iris", &["run", "--builtin", "iris", "--epochs", "20"], &charts);
    assert_eq!(stdout.lines().count(), 20, "the per-epoch lines are still printed");
    let accuracy = metrics["test"]["accuracy"].as_f64().expect("test.accuracy");
    assert!((0.0..=1.0).contains(&accuracy));
    assert_eq!(metrics["epochs"], 20);
    assert_eq!(metrics["evaluation"]["accuracy"], metrics["test"]["accuracy"]);
}

#[test]
fn diabetes_writes_regression_charts() {
    let mut charts = RUN_CHARTS.to_vec();
    charts.extend(["r2", "weights", "predicted-vs-actual", "residuals", "decision-map", "correlation"]);
    let columns = ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6", "progression"];
    let names: Vec<String> = columns.iter().enumerate().map(|(i, c)| format!("column-{}-{c}", i + 1)).collect();
    charts.extend(names.iter().map(String::as_str));
    let (_, metrics) = run_with_out("diabetes", &["run", "--builtin", "diabetes", "--epochs", "20"], &charts);
    assert!(metrics["test"]["r2"].as_f64().is_some(), "{metrics}");
    assert!(metrics["test"]["rmse"].as_f64().is_some_and(|v| v > 0.0));
}

#[test]
fn default_experiment_writes_run_charts_and_the_json_report() {
    let mut charts = RUN_CHARTS.to_vec();
    charts.extend(["accuracy", "weights", "confusion", "roc", "pr", "decision-map"]);
    let (stdout, metrics) = run_with_out("default", &["run", "--epochs", "5", "--json"], &charts);
    let printed: serde_json::Value = serde_json::from_str(stdout.trim()).expect("one JSON object");
    assert_eq!(printed, metrics, "metrics.json is the --json report");
    assert!(metrics["test"]["accuracy"].is_f64());
}

#[test]
fn an_unwritable_out_dir_fails_before_training() {
    let dir = TempDir::new("charts-blocked");
    std::fs::create_dir_all(&dir.0).expect("a temp dir");
    let file = dir.0.join("a-file");
    std::fs::write(&file, "not a directory").expect("a file");
    let target = Path::new(dir.path()).join("a-file").join("charts");
    let out = lantern(&["run", "--epochs", "3", "--out", target.to_str().expect("UTF-8")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty(), "no epoch was trained");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("could not write") && err.contains("a-file") && err.contains("--out"), "{err}");
}
