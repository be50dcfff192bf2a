//! `lantern run … --explain`: partial dependence charts, the misclassified or worst test rows
//! as CSV, and the report's `explain` object.

mod support;
use support::{lantern, TempDir};

fn run(args: &[&str]) -> serde_json::Value {
    let out = lantern(args);
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("one JSON object")
}

#[test]
fn a_classifier_explains_chosen_inputs_and_lists_its_misclassified_rows() {
    let dir = TempDir::new("explain-forest");
    let out = dir.0.join("run");
    let out = out.to_str().expect("a UTF-8 temp path");
    let r = run(&[
        "run",
        "--builtin",
        "iris",
        "--model",
        "forest",
        "--trees",
        "20",
        "--explain",
        "petal_length,sepal_width",
        "--out",
        out,
        "--json",
    ]);
    let e = &r["explain"];
    let features = e["features"].as_array().expect("features");
    let inputs: Vec<&str> = features.iter().filter_map(|f| f["input"].as_str()).collect();
    assert_eq!(inputs, ["petal_length", "sepal_width"]);
    for f in features {
        assert_eq!(f["output"], "probability of setosa");
        assert_eq!((f["rows"].as_u64(), f["ice_curves"].as_u64()), (Some(30), Some(30)));
        let (grid, avg) = (f["grid"].as_array().expect("grid"), f["average"].as_array().expect("average"));
        assert!(grid.len() >= 2 && grid.len() == avg.len(), "{f}");
        assert!(avg.iter().all(|p| p.as_f64().is_some_and(|p| (0.0..=1.0).contains(&p))));
        let svg = std::fs::read_to_string(dir.0.join("run").join(f["file"].as_str().expect("file"))).expect("svg");
        assert!(svg.starts_with("<svg") && svg.contains("petal_length") == (f["input"] == "petal_length"));
    }
    // petal_length separates setosa: on average its probability falls along it (petal_width,
    // kept, still tells setosa apart in the forest's other trees, so not from 1 to 0).
    let avg = features[0]["average"].as_array().expect("average");
    let (first, last) = (avg[0].as_f64().expect("a number"), avg[avg.len() - 1].as_f64().expect("a number"));
    assert!(first > last + 0.3, "{first} → {last}");
    let cases = &e["cases"];
    assert_eq!((cases["kind"].as_str(), cases["file"].as_str()), (Some("misclassified"), Some("misclassified.csv")));
    let accuracy = r["test"]["accuracy"].as_f64().expect("accuracy");
    let wrong = cases["total"].as_u64().expect("total") as f64;
    assert!((1.0 - wrong / 30.0 - accuracy).abs() < 1e-9, "{wrong} wrong at accuracy {accuracy}");
    let csv = std::fs::read_to_string(dir.0.join("run/misclassified.csv")).expect("csv");
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("test_row,actual,predicted,p_setosa,p_versicolor,p_virginica,sepal_length,sepal_width,petal_length,petal_width")
    );
    assert_eq!(lines.count() as f64, wrong);
}

#[test]
fn a_regression_lists_its_worst_rows_and_defaults_to_the_most_important_inputs() {
    let dir = TempDir::new("explain-knn");
    let out = dir.0.join("run");
    let out = out.to_str().expect("a UTF-8 temp path");
    let r = run(&["run", "--builtin", "diabetes", "--model", "knn", "--explain", "--out", out, "--json"]);
    let e = &r["explain"];
    let features = e["features"].as_array().expect("features");
    // Four of diabetes's ten inputs, most important first.
    let order: Vec<usize> = {
        let imp = &r["importance"];
        let mean: Vec<f64> = imp["mean"].as_array().expect("mean").iter().filter_map(|v| v.as_f64()).collect();
        let mut o: Vec<usize> = (0..mean.len()).collect();
        o.sort_by(|&a, &b| mean[b].total_cmp(&mean[a]));
        o
    };
    let names = r["importance"]["features"].as_array().expect("names");
    let want: Vec<&serde_json::Value> = order.iter().take(4).map(|&j| &names[j]).collect();
    let got: Vec<&serde_json::Value> = features.iter().map(|f| &f["input"]).collect();
    assert_eq!(got, want);
    assert!(features[0]["output"].as_str().is_some_and(|o| o.starts_with("predicted ")), "{}", features[0]);
    let cases = &e["cases"];
    assert_eq!((cases["kind"].as_str(), cases["listed"].as_u64()), (Some("worst"), Some(50)));
    let top: Vec<f64> = cases["top"].as_array().expect("top").iter().filter_map(|c| c["score"].as_f64()).collect();
    assert!(top.windows(2).all(|w| w[0] >= w[1]), "{top:?}");
    let csv = std::fs::read_to_string(dir.0.join("run/worst-rows.csv")).expect("csv");
    assert!(csv.starts_with("test_row,actual,predicted,abs_error,"));
    assert_eq!(csv.lines().count(), 51);
    for f in features {
        assert!(dir.0.join("run").join(f["file"].as_str().expect("file")).exists());
    }
}

#[test]
fn explain_needs_somewhere_to_go_and_an_input_that_exists() {
    let out = lantern(&["run", "--builtin", "iris", "--model", "tree", "--explain"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--json report or writes into --out DIR"));
    let out = lantern(&["run", "--builtin", "iris", "--model", "tree", "--explain", "petal", "--json"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("there is no input `petal`: choose among sepal_length"));
}
