//! `lantern export --format python` (and `notebook`), end to end: models trained by `lantern run`
//! are exported as scripts, the scripts run with the pinned numpy and scikit-learn, and their
//! test metric must be Lantern's within 0.02 (accuracy or R²), averaged over 3 seeds, on the
//! same split. The Python side runs from the venv `tools/setup.sh` makes (`tools/sklearn-venv`;
//! `LANTERN_SKLEARN_PYTHON` overrides it); without it the runs are skipped with the reason
//! printed (`tools/test.sh` sets `LANTERN_SKLEARN_REQUIRED=1`, which fails instead).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

mod support;
use support::{every_preparation_step, lantern, ok, root, venv_python, TempDir};

/// The checker's Python, or why there is none (see [`venv_python`]).
fn python() -> Result<PathBuf, String> {
    venv_python("tools/sklearn-venv", "LANTERN_SKLEARN_PYTHON", "LANTERN_SKLEARN_REQUIRED")
}

/// The `--data` file of `args`, if any.
fn data_file<'a>(args: &[&'a str]) -> Option<&'a str> {
    args.iter().position(|a| *a == "--data").map(|i| args[i + 1])
}

/// Trains with `args` and `seed`, exports the script, runs it (with the CSV path as its argument
/// when `read_file`, else on its embedded table); returns (Lantern's, the script's) `metric`.
fn metrics(python: &Path, name: &str, args: &[&str], seed: u32, metric: &str, read_file: bool) -> (f64, f64) {
    let dir = TempDir::new(&format!("python-{name}-{seed}"));
    let run = dir.join("run");
    let seed = seed.to_string();
    let mut all: Vec<&str> = vec!["run", "--json", "--seed", &seed, "--out", &run];
    all.extend(args);
    let report: serde_json::Value = serde_json::from_str(ok(&lantern(&all)).trim()).unwrap();
    let model = format!("{run}/model");
    let script = dir.join("train.py");
    let mut export = vec!["export", "--model", &model, "--format", "python", "--out", &script];
    if let Some(file) = data_file(args) {
        export.extend(["--data", file]);
    }
    let said = ok(&lantern(&export));
    assert!(said.starts_with(&format!("wrote {script}")), "{said}");
    let mut command = Command::new(python);
    command.arg(&script).env("OMP_NUM_THREADS", "1");
    if read_file {
        command.arg(data_file(args).unwrap());
    }
    let out = command.output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{name}: {stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    let last: serde_json::Value = serde_json::from_str(stdout.trim().lines().last().unwrap()).unwrap();
    let lantern = report["evaluation"][metric].as_f64().unwrap();
    assert_eq!(last["lantern"][metric].as_f64(), Some(lantern), "the script carries the card's test metric");
    (lantern, last[metric].as_f64().unwrap())
}

/// Over seeds 1–3: the mean gap between the script's `metric` and Lantern's is at most 0.02.
fn reaches(name: &str, args: &[&str], metric: &str, read_file: bool) {
    let python = match python() {
        Ok(p) => p,
        Err(why) => {
            println!("skipped {name}: {why}");
            return;
        }
    };
    let pairs: Vec<(f64, f64)> = (1..=3).map(|seed| metrics(&python, name, args, seed, metric, read_file)).collect();
    let gap = pairs.iter().map(|(l, s)| s - l).sum::<f64>() / pairs.len() as f64;
    println!("{name}: {metric} (Lantern, script) per seed {pairs:?}; mean gap {gap:+.4}");
    assert!(gap.abs() <= 0.02, "{name}: the script's {metric} is {gap:+.4} from Lantern's on average: {pairs:?}");
}

#[test]
fn mlp_with_categories_and_missing_cells_on_penguins() {
    reaches("penguins-mlp", &["--builtin", "penguins", "--epochs", "30"], "accuracy", false);
}

#[test]
fn softmax_regression_on_iris() {
    reaches("iris-logistic", &["--builtin", "iris", "--model", "logistic", "--epochs", "50"], "accuracy", false);
}

#[test]
fn linear_regression_on_diabetes() {
    reaches("diabetes-linear", &["--builtin", "diabetes", "--model", "linear", "--epochs", "50"], "r2", false);
}

#[test]
fn boosting_on_a_csv_file_read_by_the_script() {
    let file = root().join("www/datasets/rentals.csv");
    let args = ["--data", file.to_str().unwrap(), "--model", "boosting", "--rounds", "30"];
    reaches("rentals-boosting", &args, "r2", true);
}

#[test]
fn decision_tree_on_penguins() {
    reaches("penguins-tree", &["--builtin", "penguins", "--model", "tree", "--max-depth", "4"], "accuracy", false);
}

/// k-NN keeps the prepared training rows, so the script's test accuracy is Lantern's exactly
/// when its preparation and split are: median imputation, min–max scaling, a numeric code used
/// as categories and every derived feature, set in the spec.
#[test]
fn knn_gives_lanterns_accuracy_exactly_with_every_preparation_step() {
    let Ok(python) = python() else {
        println!("skipped: no scikit-learn venv");
        return;
    };
    let spec = ok(&lantern(&["spec", "--builtin", "penguins", "--model", "knn", "--k", "3"]));
    let mut spec: serde_json::Value = serde_json::from_str(spec.trim()).unwrap();
    every_preparation_step(&mut spec);
    let dir = TempDir::new("python-spec");
    let path = dir.join("spec.json");
    std::fs::write(&path, spec.to_string()).unwrap();
    let (lantern, script) = metrics(&python, "penguins-knn", &["--spec", &path], 1, "accuracy", false);
    assert_eq!(lantern, script);
}

/// The notebook is nbformat 4 JSON whose code cells, joined by blank lines, are the script; the
/// script names the pins `tools/setup.sh` installs.
#[test]
fn the_notebook_holds_the_scripts_cells_and_the_pins_are_the_set_ups() {
    let dir = TempDir::new("python-notebook");
    let run = dir.join("run");
    ok(&lantern(&["run", "--json", "--builtin", "iris", "--epochs", "2", "--out", &run]));
    let model = format!("{run}/model");
    let (script, notebook) = (dir.join("train.py"), dir.join("train.ipynb"));
    ok(&lantern(&["export", "--model", &model, "--format", "python", "--out", &script]));
    ok(&lantern(&["export", "--model", &model, "--format", "notebook", "--out", &notebook]));
    let script = std::fs::read_to_string(&script).unwrap();
    let nb: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&notebook).unwrap()).unwrap();
    assert_eq!(nb["nbformat"], 4);
    assert!(nb["nbformat_minor"].as_u64().is_some());
    assert_eq!(nb["metadata"]["kernelspec"]["language"], "python");
    let mut code = Vec::new();
    for cell in nb["cells"].as_array().unwrap() {
        let kind = cell["cell_type"].as_str().unwrap();
        assert!(kind == "code" || kind == "markdown", "{cell}");
        let lines = cell["source"].as_array().unwrap();
        let text: String = lines.iter().map(|l| l.as_str().unwrap()).collect();
        if kind == "code" {
            assert_eq!(cell["outputs"], serde_json::json!([]));
            assert!(cell["execution_count"].is_null());
            code.push(text);
        }
    }
    assert_eq!(format!("{}\n", code.join("\n\n")), script);
    let requires = script.lines().find_map(|l| l.strip_prefix("# requires: ")).unwrap();
    let setup = std::fs::read_to_string(root().join("tools/setup.sh")).unwrap();
    assert!(setup.contains(&format!("SKLEARN_PINS=\"{requires}\"")), "tools/setup.sh must install {requires}");
}

/// A setting scikit-learn has no equivalent of is refused by name, and a model trained on a
/// file needs it.
#[test]
fn what_cannot_be_reproduced_is_named() {
    let dir = TempDir::new("python-refused");
    let run = dir.join("run");
    ok(&lantern(&["run", "--json", "--builtin", "iris", "--epochs", "2", "--dropout", "0.2", "--out", &run]));
    let model = format!("{run}/model");
    let out = lantern(&["export", "--model", &model, "--format", "python", "--out", &dir.join("train.py")]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cannot be reproduced with scikit-learn: dropout 0.2"), "{err}");
    let weighted = dir.join("weighted");
    ok(&lantern(&[
        "run",
        "--json",
        "--builtin",
        "iris",
        "--epochs",
        "2",
        "--class-weight",
        "balanced",
        "--out",
        &weighted,
    ]));
    let out =
        lantern(&["export", "--model", &format!("{weighted}/model"), "--format", "python", "--out", &dir.join("w.py")]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && err.contains("cannot be reproduced with scikit-learn: class weights"), "{err}");

    let file = root().join("www/datasets/rentals.csv");
    let run = dir.join("file-run");
    ok(&lantern(&["run", "--json", "--data", file.to_str().unwrap(), "--model", "knn", "--out", &run]));
    let model = format!("{run}/model");
    let out = lantern(&["export", "--model", &model, "--format", "python", "--out", &dir.join("t.py")]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--data"), "{err}");
}
