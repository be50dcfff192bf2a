//! `lantern export --format onnx`, end to end: models trained by `lantern run` on the bundled
//! tables are exported, and `tools/reference/onnx_check.py` (onnx's full checker, then
//! onnxruntime fed the raw CSV rows — the whole table plus rows with missing cells and unseen
//! categories) must give `lantern predict`'s labels and probabilities within 1e-5 (values within
//! 1e-5 relative). The Python side runs from the venv `tools/setup.sh` makes (`tools/onnx-venv`,
//! pinned onnx, onnxruntime and numpy; `LANTERN_ONNX_PYTHON` overrides it); without it the
//! checks are skipped with the reason printed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

mod support;
use support::{every_preparation_step, lantern, ok, root, venv_python, TempDir};

/// The checker's Python, or why there is none (see [`venv_python`]).
fn python() -> Result<PathBuf, String> {
    venv_python("tools/onnx-venv", "LANTERN_ONNX_PYTHON", "LANTERN_ONNX_REQUIRED")
}

/// The table's CSV plus rows that test the pipeline's edges: the first data row with each
/// input cell in turn made missing (empty, then `NA`), every input missing at once, and each
/// categorical input given a category never seen in training.
fn rows_csv(table: &Path, card: &serde_json::Value) -> String {
    let text = std::fs::read_to_string(table).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let first: Vec<String> = lines.next().unwrap().split(',').map(str::to_string).collect();
    let mut out = text.trim_end().to_string();
    let inputs = card["inputs"].as_array().unwrap();
    let position = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let mut push = |row: &[String]| {
        out.push('\n');
        out.push_str(&row.join(","));
    };
    let mut all_missing = first.clone();
    for (k, input) in inputs.iter().enumerate() {
        let j = position(input["name"].as_str().unwrap());
        let mut row = first.clone();
        row[j] = if k % 2 == 0 { String::new() } else { "NA".into() };
        push(&row);
        all_missing[j] = String::new();
        if input["kind"] == "categorical" {
            let mut row = first.clone();
            row[j] = if input["numeric_codes"] == true { "99".into() } else { "Atlantis".into() };
            push(&row);
        }
    }
    push(&all_missing);
    out.push('\n');
    out
}

/// Trains with `args` (plus `--out`), exports to ONNX, predicts the edge rows with `lantern
/// predict` and runs the checker; returns its report (`None` when skipped).
fn check(name: &str, table: &str, args: &[&str]) -> Option<serde_json::Value> {
    check_file(name, &root().join(format!("www/datasets/{table}.csv")), args)
}

/// [`check`] on the CSV file `table`.
fn check_file(name: &str, table: &Path, args: &[&str]) -> Option<serde_json::Value> {
    let python = match python() {
        Ok(p) => p,
        Err(why) => {
            println!("skipped {name}: {why}");
            return None;
        }
    };
    let dir = TempDir::new(&format!("onnx-{name}"));
    let run = dir.join("run");
    let mut all: Vec<&str> = vec!["run", "--json", "--out", &run];
    all.extend(args);
    ok(&lantern(&all));
    let model = format!("{run}/model");
    let card: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(format!("{model}/model.json")).unwrap()).unwrap();
    let data = dir.join("rows.csv");
    std::fs::write(&data, rows_csv(table, &card)).unwrap();
    let predicted = dir.join("predicted.csv");
    ok(&lantern(&["predict", "--model", &model, "--data", &data, "--out", &predicted]));
    let onnx = dir.join("model.onnx");
    let said = ok(&lantern(&["export", "--model", &model, "--format", "onnx", "--out", &onnx]));
    assert!(said.starts_with(&format!("wrote {onnx}")), "{said}");
    let checker = root().join("tools/reference/onnx_check.py");
    let out = Command::new(python)
        .arg(checker)
        .args(["--onnx", &onnx, "--data", &data, "--predictions", &predicted, "--tolerance", "1e-5"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    println!("{name}: {}", stdout.trim());
    assert!(out.status.success(), "{name}: {stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    Some(serde_json::from_str(stdout.trim()).unwrap())
}

/// Six public tables as their packages ship them (tests/fixtures/public, written by
/// tools/reference/public_tables.py): raw text categories, missing cells, a column name with a
/// slash; each family that exports to ONNX at least once.
#[test]
fn public_tables_from_other_packages() {
    let cases: [(&str, &[&str]); 6] = [
        ("cars", &["--target", "Miles_per_Gallon", "--model", "boosting", "--rounds", "20"]),
        ("barley", &["--target", "yield", "--model", "mlp", "--hidden", "8", "--epochs", "15"]),
        ("seattle_weather", &["--target", "weather", "--model", "mlp", "--hidden", "8,4", "--epochs", "5"]),
        ("titanic", &["--target", "survived", "--model", "logistic", "--epochs", "10"]),
        ("pima", &["--target", "type", "--model", "forest", "--trees", "15"]),
        ("wine", &["--target", "target", "--model", "tree", "--max-depth", "4"]),
    ];
    for (table, args) in cases {
        let file = root().join(format!("tests/fixtures/public/{table}.csv"));
        let path = file.to_str().unwrap();
        let all: Vec<&str> = ["--data", path].iter().chain(args.iter()).copied().collect();
        check_file(&format!("public-{table}"), &file, &all);
    }
}

#[test]
fn softmax_regression_on_iris() {
    check("iris-softmax", "iris", &["--builtin", "iris", "--model", "logistic", "--epochs", "30"]);
}

#[test]
fn logistic_regression_with_two_classes_on_penguins() {
    let report = check(
        "penguins-sex-logistic",
        "penguins",
        &["--builtin", "penguins", "--target", "sex", "--model", "logistic", "--epochs", "20"],
    );
    if let Some(r) = report {
        assert_eq!(r["classes"], 2, "{r}");
    }
}

#[test]
fn mlp_with_categories_and_missing_cells_on_penguins() {
    check(
        "penguins-mlp",
        "penguins",
        &["--builtin", "penguins", "--model", "mlp", "--hidden", "8,4", "--activation", "tanh", "--epochs", "20"],
    );
}

#[test]
fn linear_regression_on_diabetes() {
    check("diabetes-linear", "diabetes", &["--builtin", "diabetes", "--model", "linear", "--epochs", "20"]);
}

#[test]
fn mlp_regression_with_categories_on_rentals() {
    // rentals.csv is a file (not compiled in): `listing` (an identifier) and `currency` (one
    // value) are left out, `district` and `balcony` are categories.
    let file = root().join("www/datasets/rentals.csv");
    let file = file.to_str().unwrap();
    let args = ["--data", file, "--model", "mlp", "--hidden", "6", "--activation", "leaky_relu", "--epochs", "15"];
    check("rentals-mlp", "rentals", &args);
    check("rentals-boosting", "rentals", &["--data", file, "--model", "boosting", "--rounds", "20"]);
}

#[test]
fn every_activation() {
    for activation in ["relu", "sigmoid", "linear", "gelu"] {
        check(
            &format!("iris-mlp-{activation}"),
            "iris",
            &["--builtin", "iris", "--model", "mlp", "--hidden", "5,3", "--activation", activation, "--epochs", "8"],
        );
    }
}

/// Median imputation, min–max scaling, a numeric code used as categories, and every derived
/// feature, set in the spec (the command line has no flags for them).
#[test]
fn derived_features_min_max_scaling_median_and_numeric_codes() {
    let spec = ok(&lantern(&["spec", "--builtin", "penguins", "--model", "mlp", "--hidden", "6"]));
    let mut spec: serde_json::Value = serde_json::from_str(spec.trim()).unwrap();
    every_preparation_step(&mut spec);
    spec["training"]["epochs"] = 15.into();
    let dir = TempDir::new("onnx-spec");
    let path = dir.join("spec.json");
    std::fs::write(&path, spec.to_string()).unwrap();
    check("penguins-derived", "penguins", &["--spec", &path]);
}

#[test]
fn tree_families() {
    check("penguins-tree", "penguins", &["--builtin", "penguins", "--model", "tree", "--max-depth", "4"]);
    check("penguins-forest", "penguins", &["--builtin", "penguins", "--model", "forest", "--trees", "20"]);
    check("penguins-boosting", "penguins", &["--builtin", "penguins", "--model", "boosting", "--rounds", "20"]);
    check(
        "penguins-sex-boosting",
        "penguins",
        &["--builtin", "penguins", "--target", "sex", "--model", "boosting", "--rounds", "20"],
    );
    check("penguins-sex-forest", "penguins", &["--builtin", "penguins", "--target", "sex", "--model", "forest"]);
    check("diabetes-forest", "diabetes", &["--builtin", "diabetes", "--model", "forest", "--trees", "20"]);
    check("diabetes-boosting", "diabetes", &["--builtin", "diabetes", "--model", "boosting", "--rounds", "30"]);
}

/// Bad input: a model ONNX cannot express is named; a bundle of a newer format is refused.
#[test]
fn refusals_say_what_and_what_to_do() {
    let dir = TempDir::new("onnx-refusals");
    let run = dir.join("run");
    ok(&lantern(&["run", "--builtin", "iris", "--model", "knn", "--json", "--out", &run]));
    let onnx = dir.join("model.onnx");
    let out = lantern(&["export", "--model", &format!("{run}/model"), "--format", "onnx", "--out", &onnx]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cannot be expressed in ONNX: a k-nearest-neighbours model"), "{err}");
    assert!(err.contains("Export a network"), "{err}");
    assert!(!Path::new(&onnx).exists());

    let card_path = format!("{run}/model/model.json");
    let mut card: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&card_path).unwrap()).unwrap();
    card["format_version"] = 99.into();
    std::fs::write(&card_path, card.to_string()).unwrap();
    let out = lantern(&["export", "--model", &format!("{run}/model"), "--format", "onnx", "--out", &onnx]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("format version 99, newer than this Lantern reads"), "{err}");

    let out = lantern(&["export", "--model", &format!("{run}/model"), "--format", "pmml", "--out", &onnx]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("onnx"));
}

/// ONNX is one-way: `lantern predict --model x.onnx` refuses Lantern's own export and another
/// tool's file, naming its producer. `export --format web` writes the web predictor as a folder
/// or as a zip of one folder (run in Chromium by tests/e2e/web_predictor.test.mjs), and without
/// the runtime says how to build it.
#[test]
fn onnx_files_are_refused_as_models_and_web_predictors_are_written() {
    let dir = TempDir::new("onnx-import");
    let run = dir.join("run");
    ok(&lantern(&["run", "--builtin", "iris", "--model", "logistic", "--epochs", "2", "--json", "--out", &run]));
    let model = format!("{run}/model");
    let data = root().join("www/datasets/iris.csv");
    let data = data.to_str().unwrap();
    let onnx = dir.join("iris.onnx");
    ok(&lantern(&["export", "--model", &model, "--format", "onnx", "--out", &onnx]));
    let predicted = dir.join("p.csv");
    let out = lantern(&["predict", "--model", &onnx, "--data", data, "--out", &predicted]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("this .onnx file is a Lantern export"), "{err}");
    assert!(err.contains("import the model bundle it was exported from (.zip or model.json)"), "{err}");

    // ir_version 9, producer_name "pytorch", producer_version "2.3.0", opset_import {version 17}.
    let mut foreign = vec![0x08, 0x09, 0x12, 0x07];
    foreign.extend(b"pytorch");
    foreign.extend([0x1a, 0x05]);
    foreign.extend(b"2.3.0");
    foreign.extend([0x42, 0x02, 0x10, 0x11]);
    let foreign_path = dir.join("resnet.onnx");
    std::fs::write(&foreign_path, foreign).unwrap();
    for command in ["predict", "drift"] {
        let out = lantern(&[command, "--model", &foreign_path, "--data", data, "--out", &predicted]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(
            err.contains("this .onnx file was not made by Lantern (producer `pytorch` 2.3.0): Lantern imports its own model bundles (.zip or model.json)"),
            "{err}"
        );
    }

    // The web predictor's runtime comes from the page's build (dist/predictor/); a stand-in
    // here (the end-to-end test uses the real one), and a clear refusal without one.
    let empty = dir.join("no-runtime");
    std::fs::create_dir_all(&empty).unwrap();
    let out = lantern(&["export", "--model", &model, "--format", "web", "--out", &dir.join("x"), "--runtime", &empty]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("the web predictor's runtime (lantern_predictor_bg.wasm and lantern_predictor.js) is not in"),
        "{err}"
    );
    assert!(err.contains("trunk build --release") && err.contains("--runtime DIR"), "{err}");
    let runtime = dir.join("runtime");
    std::fs::create_dir_all(&runtime).unwrap();
    std::fs::write(format!("{runtime}/lantern_predictor.js"), "export class Model {} // lantern_predictor_bg.wasm")
        .unwrap();
    std::fs::write(format!("{runtime}/lantern_predictor_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    let web = dir.join("web");
    let said = ok(&lantern(&["export", "--model", &model, "--format", "web", "--out", &web, "--runtime", &runtime]));
    assert!(
        said.contains(
            "predictor.mjs, lantern_predictor.js, lantern_predictor_bg.wasm, model.zip, model.onnx, README.md"
        ),
        "{said}"
    );
    assert_eq!(std::fs::read(format!("{web}/model.onnx")).unwrap(), std::fs::read(&onnx).unwrap());
    let module = std::fs::read_to_string(format!("{web}/predictor.mjs")).unwrap();
    assert!(module.contains("import init, { Model } from './lantern_predictor.js';") && module.contains("\"setosa\""));
    let zip = dir.join("iris-web.zip");
    ok(&lantern(&["export", "--model", &model, "--format", "web", "--out", &zip, "--runtime", &runtime]));
    let bytes = std::fs::read(&zip).unwrap();
    let wanted =
        ["predictor.mjs", "lantern_predictor.js", "lantern_predictor_bg.wasm", "model.zip", "model.onnx", "README.md"];
    let files = lantern::deploy::zip::read(&bytes, &wanted, 1 << 20).unwrap();
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, wanted.map(|f| format!("iris-web/{f}")));
}
