//! The validation building blocks (`lantern::validate`) against scikit-learn.
//!
//! The scikit-learn numbers are in `tests/golden/validate_reference.json`, written by
//! `tools/reference/sklearn_validate.py` (which documents the fixtures); this test needs no
//! Python. Checked:
//! - folds: unshuffled k-fold, stratified k-fold, group k-fold and time-series split give
//!   scikit-learn's folds row for row;
//! - summaries: mean and sample standard deviation of fold scores (NumPy, `ddof=1`) to 1e-12,
//!   and the ranks of `GridSearchCV`'s `rank_test_score`;
//! - class weights: `compute_class_weight("balanced")` and `compute_sample_weight("balanced")`
//!   to 1e-12;
//! - metrics: balanced accuracy (`train::evaluation::balanced_accuracy`), average precision
//!   (binary and macro), the max-F1 and precision ≥ 0.8 thresholds and the metrics there, to 1e-12;
//! - partial dependence and ICE (`method="brute"`, default grid) of three fixed models whose
//!   coefficients scikit-learn exports: the grid to a relative 1e-6 and every average and ICE
//!   value to 1e-6.
//!
//! Regenerate the reference: `python tools/reference/sklearn_validate.py` (docs/validation.md).

// Helpers outside `#[test]` functions may unwrap too: a panic here is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use lantern::learn::Matrix;
use lantern::train::evaluation::{balanced_accuracy, confusion_matrix};
use lantern::validate::{
    balanced_weights, choose_threshold, group_k_fold, k_fold, metrics_at, partial_dependence, pr_auc, rank,
    sample_weights, stratified_k_fold, summarise, time_series_split, Better, DependenceSettings, Fold, SeriesSettings,
    ThresholdGoal,
};
use serde_json::Value;

fn golden() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden/validate_reference.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("the golden file")).expect("JSON")
}

fn usizes(v: &Value) -> Vec<usize> {
    v.as_array().unwrap().iter().map(|x| x.as_u64().unwrap() as usize).collect()
}

fn floats(v: &Value) -> Vec<f64> {
    v.as_array().unwrap().iter().map(|x| x.as_f64().unwrap()).collect()
}

fn nested(v: &Value) -> Vec<Vec<usize>> {
    v.as_array().unwrap().iter().map(usizes).collect()
}

fn tests_of(folds: &[Fold]) -> Vec<Vec<usize>> {
    folds.iter().map(|f| f.test.clone()).collect()
}

fn close(a: f64, b: f64, tol: f64, what: &str) {
    assert!((a - b).abs() <= tol, "{what}: {a} vs scikit-learn {b} (tolerance {tol})");
}

#[test]
fn folds_are_scikit_learns() {
    let g = golden();
    let f = &g["folds"];
    let mut checked = 0;
    for case in f["k_fold"].as_array().unwrap() {
        let (n, k) = (case["rows"].as_u64().unwrap() as usize, case["k"].as_u64().unwrap() as usize);
        assert_eq!(tests_of(&k_fold(n, k, None).unwrap()), nested(&case["tests"]), "KFold({k}) of {n}");
        checked += 1;
    }
    for case in f["stratified"].as_array().unwrap() {
        let (labels, k) = (usizes(&case["labels"]), case["k"].as_u64().unwrap() as usize);
        let folds = stratified_k_fold(&labels, k, None).unwrap();
        assert_eq!(tests_of(&folds), nested(&case["tests"]), "StratifiedKFold({k}) of {labels:?}");
        checked += 1;
    }
    for case in f["group"].as_array().unwrap() {
        let groups: Vec<u64> = usizes(&case["groups"]).into_iter().map(|v| v as u64).collect();
        let k = case["k"].as_u64().unwrap() as usize;
        let folds = group_k_fold(&groups, k, None).unwrap();
        assert_eq!(tests_of(&folds), nested(&case["tests"]), "GroupKFold({k}) of {groups:?}");
        checked += 1;
    }
    for case in f["time_series"].as_array().unwrap() {
        let opt = |v: &Value| v.as_u64().map(|x| x as usize);
        let s = SeriesSettings {
            k: case["k"].as_u64().unwrap() as usize,
            gap: case["gap"].as_u64().unwrap() as usize,
            test_size: opt(&case["test_size"]),
            max_train: opt(&case["max_train"]),
        };
        let folds = time_series_split(case["rows"].as_u64().unwrap() as usize, s).unwrap();
        assert_eq!(tests_of(&folds), nested(&case["tests"]), "TimeSeriesSplit {s:?}");
        let trains: Vec<Vec<usize>> = folds.iter().map(|f| f.train.clone()).collect();
        assert_eq!(trains, nested(&case["trains"]), "TimeSeriesSplit {s:?}");
        checked += 1;
    }
    println!("{checked} fold assignments identical to scikit-learn's");
}

#[test]
fn summaries_and_ranks_are_scikit_learns() {
    let g = golden();
    for case in g["summary"]["folds"].as_array().unwrap() {
        let s = summarise(&floats(&case["values"]));
        close(s.mean, case["mean"].as_f64().unwrap(), 1e-12, "mean");
        close(s.std, case["std"].as_f64().unwrap(), 1e-12, "sample standard deviation");
    }
    for case in g["summary"]["ranks"].as_array().unwrap() {
        let means: Vec<f64> =
            case["means"].as_array().unwrap().iter().map(|v| v.as_f64().unwrap_or(f64::NAN)).collect();
        assert_eq!(rank(&means, Better::Higher), usizes(&case["higher"]), "ranks of {means:?}, higher is better");
        assert_eq!(rank(&means, Better::Lower), usizes(&case["lower"]), "ranks of {means:?}, lower is better");
    }
}

#[test]
fn class_weights_are_scikit_learns() {
    for case in golden()["class_weight"].as_array().unwrap() {
        let labels = usizes(&case["labels"]);
        let k = case["classes"].as_u64().unwrap() as usize;
        let w = balanced_weights(&labels, k).unwrap();
        for (a, b) in w.iter().zip(floats(&case["weights"])) {
            close(*a, b, 1e-12, "balanced class weight");
        }
        for (a, b) in sample_weights(&labels, &w).unwrap().iter().zip(floats(&case["sample_weights"])) {
            close(*a, b, 1e-12, "balanced sample weight");
        }
    }
}

#[test]
fn imbalance_metrics_are_scikit_learns() {
    let g = golden();
    let m = &g["metrics"];
    for case in m["balanced_accuracy"].as_array().unwrap() {
        let k = case["k"].as_u64().unwrap() as usize;
        let a: Vec<u32> = usizes(&case["actual"]).into_iter().map(|v| v as u32).collect();
        let p: Vec<u32> = usizes(&case["predicted"]).into_iter().map(|v| v as u32).collect();
        close(
            balanced_accuracy(&confusion_matrix(&a, &p, k)),
            case["value"].as_f64().unwrap(),
            1e-12,
            "balanced accuracy",
        );
    }
    for case in m["binary"].as_array().unwrap() {
        let positive: Vec<bool> = usizes(&case["positive"]).into_iter().map(|v| v == 1).collect();
        let scores = floats(&case["scores"]);
        let actual: Vec<u32> = positive.iter().map(|&p| u32::from(p)).collect();
        let probs: Vec<f32> = scores.iter().map(|&s| s as f32).collect();
        close(pr_auc(&actual, &probs, 2), case["average_precision"].as_f64().unwrap(), 1e-12, "average precision");
        let check = |mine: lantern::validate::ThresholdMetrics, theirs: &Value, what: &str| {
            assert_eq!(mine.threshold, theirs["threshold"].as_f64().unwrap(), "{what}: threshold");
            for key in ["precision", "recall", "f1", "balanced_accuracy"] {
                let v = match key {
                    "precision" => mine.precision,
                    "recall" => mine.recall,
                    "f1" => mine.f1,
                    _ => mine.balanced_accuracy,
                };
                close(v, theirs[key].as_f64().unwrap(), 1e-12, &format!("{what}: {key}"));
            }
        };
        check(choose_threshold(&positive, &scores, ThresholdGoal::MaxF1).unwrap(), &case["max_f1"], "max F1");
        let at_p = choose_threshold(&positive, &scores, ThresholdGoal::Precision(0.8));
        match case["precision_0_8"].is_null() {
            true => assert!(at_p.is_err(), "no threshold reaches precision 0.8"),
            false => check(at_p.unwrap(), &case["precision_0_8"], "precision ≥ 0.8"),
        }
        let t = case["max_f1"]["threshold"].as_f64().unwrap();
        close(metrics_at(&positive, &scores, t).f1, case["max_f1"]["f1"].as_f64().unwrap(), 1e-12, "F1 at");
    }
    for case in m["multiclass"].as_array().unwrap() {
        let actual: Vec<u32> = usizes(&case["actual"]).into_iter().map(|v| v as u32).collect();
        let probs: Vec<f32> = floats(&case["probs"]).into_iter().map(|v| v as f32).collect();
        let want = case["average_precision_macro"].as_f64().unwrap();
        // The probabilities are float32 on both sides; Lantern normalises each row again in f64,
        // which moves a score by an ulp at most and never reorders distinct float32 scores.
        close(pr_auc(&actual, &probs, 3), want, 1e-12, "macro average precision");
    }
}

/// A fixed model from its exported coefficients: features `Π x_j^{p_j}` (PolynomialFeatures'
/// powers), then the logistic, softmax or identity link. Returns every output per row.
struct Fixed {
    kind: String,
    powers: Vec<Vec<usize>>,
    coef: Vec<Vec<f64>>,
    intercept: Vec<f64>,
}

impl Fixed {
    fn outputs(&self, row: &[f32]) -> Vec<f64> {
        let phi: Vec<f64> = self
            .powers
            .iter()
            .map(|p| p.iter().enumerate().map(|(j, &e)| f64::from(row[j]).powi(e as i32)).product())
            .collect();
        let z: Vec<f64> = self
            .coef
            .iter()
            .zip(&self.intercept)
            .map(|(c, b)| c.iter().zip(&phi).map(|(c, f)| c * f).sum::<f64>() + b)
            .collect();
        match self.kind.as_str() {
            "logistic" => vec![1.0 / (1.0 + (-z[0]).exp())],
            "softmax" => {
                let m = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                let e: Vec<f64> = z.iter().map(|v| (v - m).exp()).collect();
                let s: f64 = e.iter().sum();
                e.iter().map(|v| v / s).collect()
            }
            _ => z,
        }
    }
}

#[test]
fn partial_dependence_is_scikit_learns() {
    let g = golden();
    let d = &g["dependence"];
    let (n, width) = (d["rows"].as_u64().unwrap() as usize, d["width"].as_u64().unwrap() as usize);
    let x: Vec<f32> = floats(&d["x"]).into_iter().map(|v| v as f32).collect();
    let matrix = Matrix::new(&x, n, width).unwrap();
    let mut values = 0usize;
    for model in d["models"].as_array().unwrap() {
        let mut worst = 0.0f64;
        let fixed = Fixed {
            kind: model["kind"].as_str().unwrap().to_string(),
            powers: nested(&model["powers"]),
            coef: model["coef"].as_array().unwrap().iter().map(floats).collect(),
            intercept: floats(&model["intercept"]),
        };
        let name = model["name"].as_str().unwrap();
        for feature in model["features"].as_array().unwrap() {
            let j = feature["feature"].as_u64().unwrap() as usize;
            let averages = feature["average"].as_array().unwrap();
            for (output, want_avg) in averages.iter().enumerate() {
                let predict = |values: &[f32], rows: usize| {
                    Ok((0..rows).map(|i| fixed.outputs(&values[i * width..(i + 1) * width])[output]).collect())
                };
                let dep = partial_dependence(matrix, j, predict, &DependenceSettings::default()).unwrap();
                let want_grid = floats(&feature["grid"]);
                assert_eq!(dep.grid.len(), want_grid.len(), "{name} feature {j}: grid size");
                for (a, b) in dep.grid.iter().zip(&want_grid) {
                    assert!((a - b).abs() <= 1e-6 * b.abs().max(1.0), "{name} feature {j}: grid {a} vs {b}");
                }
                for (a, b) in dep.average.iter().zip(floats(want_avg)) {
                    worst = worst.max((a - b).abs());
                    close(*a, b, 1e-6, &format!("{name} feature {j} output {output}: average"));
                    values += 1;
                }
                for (r, want_curve) in feature["ice"][output].as_array().unwrap().iter().enumerate() {
                    for (a, b) in dep.ice[r].iter().zip(floats(want_curve)) {
                        worst = worst.max((a - b).abs());
                        close(*a, b, 1e-6, &format!("{name} feature {j} output {output}: ICE of row {r}"));
                        values += 1;
                    }
                }
            }
        }
        // The difference is the grid rounded to f32 (at most 1.1e-7 here) times the model's slope.
        println!("partial dependence of {name}: largest difference from scikit-learn {worst:.2e}");
    }
    println!("partial dependence: {values} values within 1e-6 of scikit-learn");
}
