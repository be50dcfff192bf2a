//! `lantern run --out DIR` writes a model; `lantern predict` and `lantern drift` use it (folder
//! or zip) on new CSV files, end to end through the binary.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Output;

mod support;
use support::{lantern, TempDir};

fn ok(out: &Output) -> String {
    assert!(out.status.success(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The penguins table (compiled into the binary; the same file from the repository).
fn penguins() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("www/datasets/penguins.csv")).unwrap()
}

/// Trains penguins with `--out` and returns the model folder.
fn train(dir: &TempDir) -> String {
    let run = dir.join("run");
    let stdout = ok(&lantern(&[
        "run",
        "--builtin",
        "penguins",
        "--model",
        "mlp",
        "--hidden",
        "8",
        "--epochs",
        "20",
        "--optimizer",
        "adam",
        "--lr",
        "0.01",
        "--json",
        "--out",
        &run,
    ]));
    let metrics: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap();
    assert!(metrics["test"]["accuracy"].as_f64().unwrap() > 0.9, "{metrics}");
    format!("{run}/model")
}

#[test]
fn predict_and_drift_with_the_model_that_run_wrote() {
    let dir = TempDir::new("deploy-e2e");
    let model = train(&dir);
    let card: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(format!("{model}/model.json")).unwrap()).unwrap();
    assert_eq!(card["format"], "lantern-model");
    let test_accuracy = card["test"]["accuracy"].as_f64().unwrap();

    // Predict the whole table (with its labels): writes every row with 4 more columns.
    let data = dir.join("penguins.csv");
    std::fs::write(&data, penguins()).unwrap();
    let out_csv = dir.join("predictions.csv");
    let text = ok(&lantern(&["predict", "--model", &model, "--data", &data, "--out", &out_csv]));
    assert!(text.contains("predicted 344 rows"), "{text}");
    assert!(text.contains("metrics on the 344 rows with a `species` value"), "{text}");
    assert!(text.contains(&format!("({test_accuracy:.4})")), "the test accuracy next to it: {text}");
    let written = std::fs::read_to_string(&out_csv).unwrap();
    let header = written.lines().next().unwrap();
    assert!(header.ends_with(",year,predicted_species,p_Adelie,p_Chinstrap,p_Gentoo"), "{header}");
    assert_eq!(written.lines().count(), 345);

    // --json; the model as a zip gives the same predictions.
    let json_text = ok(&lantern(&["predict", "--model", &model, "--data", &data, "--out", &out_csv, "--json"]));
    let report: serde_json::Value = serde_json::from_str(json_text.trim()).unwrap();
    assert_eq!(report["rows"], 344);
    assert_eq!(report["test_metrics"]["accuracy"].as_f64(), Some(test_accuracy));
    let accuracy = report["metrics"]["accuracy"].as_f64().unwrap();
    assert!(accuracy > 0.9, "{report}");
    let zip = dir.join("model.zip");
    zip_folder(&model, &zip);
    let zipped_csv = dir.join("zipped.csv");
    ok(&lantern(&["predict", "--model", &zip, "--data", &data, "--out", &zipped_csv]));
    assert_eq!(std::fs::read(&zipped_csv).unwrap(), std::fs::read(&out_csv).unwrap());

    // Drift of the same table: hardly anything; text table and exit 0.
    let text = ok(&lantern(&["drift", "--model", &model, "--data", &data]));
    assert!(text.contains("drift of 344 new rows against the model's"), "{text}");
    assert!(text.contains("bill_length_mm") && text.contains("island") && text.contains("thresholds: PSI"), "{text}");
    // Drift of shifted rows: body mass in kilograms instead of grams (÷ 1000) → major.
    let shifted = kilograms(&penguins());
    let shifted_path = dir.join("kilograms.csv");
    std::fs::write(&shifted_path, shifted).unwrap();
    let charts = dir.join("drift");
    let out = lantern(&["drift", "--model", &model, "--data", &shifted_path, "--json", "--out", &charts]);
    let report: serde_json::Value = serde_json::from_str(ok(&out).trim()).unwrap();
    let mass = report["columns"].as_array().unwrap().iter().find(|c| c["name"] == "body_mass_g").unwrap();
    assert_eq!(mass["level"], "major", "{mass}");
    assert_eq!(mass["ks"]["d"], 1.0, "every new value is below every training value");
    let svg = std::fs::read_to_string(format!("{charts}/drift-body-mass-g.svg")).unwrap();
    assert!(svg.starts_with("<svg") && svg.contains("training (") && svg.contains("new ("));
    assert!(std::fs::read_to_string(format!("{charts}/index.html")).unwrap().contains("drift-body-mass-g.svg"));
    // Labels present: the metrics on the shifted rows next to the test metrics.
    assert!(report["metrics"]["accuracy"].is_number() && report["test_metrics"]["accuracy"].is_number());
}

/// Rewrites `body_mass_g` (6th column) in kilograms.
fn kilograms(csv: &str) -> String {
    csv.lines()
        .enumerate()
        .map(|(i, line)| {
            let mut f: Vec<String> = line.split(',').map(String::from).collect();
            if i > 0 {
                if let Ok(v) = f[5].parse::<f64>() {
                    f[5] = format!("{}", v / 1000.0);
                }
            }
            f.join(",") + "\n"
        })
        .collect()
}

/// Zips the model folder with the library (what the page's download makes).
fn zip_folder(model: &str, zip: &str) {
    let files: Vec<(String, Vec<u8>)> = ["model.json", "model.safetensors"]
        .iter()
        .map(|f| (f.to_string(), std::fs::read(format!("{model}/{f}")).unwrap()))
        .collect();
    let bundle = lantern::deploy::ModelBundle::from_files(&files).unwrap();
    std::fs::write(zip, bundle.to_zip().unwrap()).unwrap();
}

#[test]
fn predict_refuses_bad_input_with_exit_code_2() {
    let dir = TempDir::new("deploy-bad");
    let model = train(&dir);
    let out_csv = dir.join("p.csv");
    // A missing column.
    let data = dir.join("no-island.csv");
    std::fs::write(&data, "bill_length_mm,bill_depth_mm,flipper_length_mm,body_mass_g,sex,year\n39.1,18.7,181,3750,male,2007\n40,17,190,3900,female,2008\n").unwrap();
    let out = lantern(&["predict", "--model", &model, "--data", &data, "--out", &out_csv]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("the data has no column `island`, which the model needs"), "{err}");
    // A value that is not a number.
    let data = dir.join("typo.csv");
    std::fs::write(&data, "island,bill_length_mm,bill_depth_mm,flipper_length_mm,body_mass_g,sex,year\nDream,39.1,18.7,181,3750,male,2007\nDream,40,17,19O,3900,female,2008\n").unwrap();
    let out = lantern(&["predict", "--model", &model, "--data", &data, "--out", &out_csv]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("line 3, column flipper_length_mm: this value is not a number") && err.contains("`19O`"),
        "{err}"
    );
    // Not a model.
    let out = lantern(&["predict", "--model", &data, "--data", &data, "--out", &out_csv]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cannot open the model: this is not a Lantern model"), "{err}");
    assert!(!Path::new(&out_csv).exists(), "nothing written on failure");
}
