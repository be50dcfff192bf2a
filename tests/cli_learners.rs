//! `lantern run --model tree|forest|boosting|knn|bayes`: the families that are not networks, on
//! the command line, with the same final metrics object as the networks.

mod support;
use support::{lantern, TempDir};

fn report(args: &[&str]) -> serde_json::Value {
    let out = lantern(args);
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("one JSON object")
}

#[test]
fn every_family_trains_on_a_table_and_reports_the_final_metrics() {
    for (family, floor) in [("tree", 0.9), ("forest", 0.93), ("boosting", 0.93), ("knn", 0.9), ("bayes", 0.9)] {
        let r = report(&["run", "--builtin", "iris", "--model", family, "--json"]);
        assert_eq!(r["model"], family);
        let accuracy = r["test"]["accuracy"].as_f64().expect("test accuracy");
        assert!(accuracy >= floor, "{family}: test accuracy {accuracy}");
        assert!(r["parameters"].as_u64().is_some_and(|p| p > 0), "{family}: {r}");
        assert_eq!(r["evaluation"]["classes"], 3);
        // The inputs' importance: permutation on the test rows, impurity for the tree models.
        let imp = &r["importance"];
        assert_eq!(imp["features"], serde_json::json!(["sepal_length", "sepal_width", "petal_length", "petal_width"]));
        assert_eq!((imp["score"].as_str(), imp["repeats"].as_u64()), (Some("accuracy"), Some(5)), "{family}");
        assert_eq!(imp["baseline"], r["test"]["accuracy"], "{family}: every test row shuffled");
        assert_eq!(imp["mean"].as_array().map(Vec::len), Some(4));
        let impurity: Option<f64> = imp["impurity"].as_array().map(|v| v.iter().filter_map(|x| x.as_f64()).sum());
        match family {
            "knn" | "bayes" => assert_eq!(impurity, None, "{family}"),
            _ => assert!(impurity.is_some_and(|s| (s - 1.0).abs() < 1e-9), "{family}: {imp}"),
        }
    }
    let r = report(&["run", "--builtin", "diabetes", "--model", "forest", "--trees", "30", "--json"]);
    assert_eq!((r["model"].as_str(), r["epochs"].as_u64()), (Some("forest"), Some(30)));
    assert!(r["test"]["r2"].as_f64().is_some_and(|r2| r2 > 0.3), "{r}");
}

#[test]
fn a_learner_run_is_bit_identical_to_itself() {
    let args = ["run", "--builtin", "penguins", "--model", "forest", "--trees", "15", "--json"];
    assert_eq!(lantern(&args).stdout, lantern(&args).stdout);
    // One JSON line per tree without --json: the curve a forest draws as it grows.
    let lines = lantern(&["run", "--builtin", "penguins", "--model", "forest", "--trees", "15"]);
    assert_eq!(String::from_utf8_lossy(&lines.stdout).lines().count(), 15);
}

#[test]
fn boosting_stops_early_on_the_validation_rows_and_keeps_the_best_round() {
    let r = report(&[
        "run",
        "--builtin",
        "diabetes",
        "--model",
        "boosting",
        "--rounds",
        "400",
        "--learning-rate",
        "0.3",
        "--patience",
        "5",
        "--json",
    ]);
    let (epochs, best) = (r["epochs"].as_u64().unwrap_or(0), r["stopped_at"].as_u64().unwrap_or(0));
    assert!(epochs < 400 && best > 0 && epochs == best + 5, "{r}");
}

#[test]
fn the_picked_settings_change_the_model() {
    // The test log loss (penguins is easy: most settings get every test row right).
    let log_loss = |extra: &[&str]| {
        let r = report(&[&["run", "--builtin", "penguins", "--json"], extra].concat());
        r["evaluation"]["log_loss"].as_f64().unwrap_or(f64::NAN)
    };
    for (family, a, b) in [
        (["--model", "knn"], ["--distance", "manhattan"], ["--weighting", "distance"]),
        (["--model", "tree"], ["--criterion", "entropy"], ["--max-depth", "2"]),
    ] {
        let plain = log_loss(&family);
        assert!(plain < 1.0, "{family:?}: {plain}");
        assert!(
            log_loss(&[&family[..], &a[..]].concat()) != plain || log_loss(&[&family[..], &b[..]].concat()) != plain,
            "{family:?}: neither {a:?} nor {b:?} changed anything"
        );
    }
    // A forest of all the rows and all the features: bagging without the bootstrap is the same
    // tree every time, so its trees agree and the forest equals one deep tree.
    let forest = log_loss(&["--model", "forest", "--trees", "3", "--max-features", "all", "--no-bootstrap"]);
    assert_eq!(forest, log_loss(&["--model", "tree"]));
}

#[test]
fn settings_for_another_family_are_refused_with_the_family_named() {
    for (args, says) in [
        (vec!["--model", "knn", "--trees", "5"], "--trees is for --model forest, not knn"),
        (vec!["--model", "mlp", "--max-depth", "3"], "--max-depth sets a tree, forest, boosting or k-NN model"),
        (vec!["--model", "forest", "--hidden", "8"], "a forest model has no layers"),
        (vec!["--model", "forest", "--trees", "0"], "model.learner.trees"),
        (vec!["--model", "boosting", "--criterion", "entropy"], "--criterion is for --model tree or forest"),
        (vec!["--model", "tree", "--no-bootstrap"], "--no-bootstrap is for --model forest, not tree"),
        (vec!["--model", "forest", "--max-features", "2"], "model.learner.max_features"),
        (vec!["--model", "knn", "--distance", "cosine"], "euclidean, manhattan"),
        (vec!["--distance", "manhattan"], "--distance sets a tree, forest, boosting or k-NN model"),
    ] {
        let out = lantern(&[&["run", "--builtin", "iris", "--json"], args.as_slice()].concat());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success() && err.contains(says), "{args:?}: {err}");
    }
    let out = lantern(&["run", "--builtin", "diabetes", "--model", "bayes", "--json"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("naive Bayes predicts classes"));
}

#[test]
fn a_forest_written_by_run_predicts_and_monitors_drift_from_the_command_line() {
    let dir = TempDir::new("learner-deploy");
    let run = dir.join("run");
    let r = report(&["run", "--builtin", "penguins", "--model", "forest", "--trees", "20", "--json", "--out", &run]);
    let model = format!("{run}/model");
    assert!(std::path::Path::new(&model).join("model.trees.safetensors").is_file());
    let data = format!("{}/www/datasets/penguins.csv", env!("CARGO_MANIFEST_DIR"));
    let out_csv = dir.join("predicted.csv");
    let predicted = lantern(&["predict", "--model", &model, "--data", &data, "--out", &out_csv, "--json"]);
    assert!(predicted.status.success(), "{}", String::from_utf8_lossy(&predicted.stderr));
    let p: serde_json::Value = serde_json::from_slice(&predicted.stdout).expect("one JSON object");
    // All 344 rows, most of them right (it saw 70 % of them in training).
    let accuracy = p["metrics"]["accuracy"].as_f64().unwrap_or(0.0);
    assert!(accuracy > 0.95 && r["test"]["accuracy"].as_f64().is_some(), "{p}");
    assert_eq!(std::fs::read_to_string(&out_csv).map(|t| t.lines().count()).unwrap_or(0), 345);
    let drift = lantern(&["drift", "--model", &model, "--data", &data]);
    assert!(drift.status.success(), "{}", String::from_utf8_lossy(&drift.stderr));
}

#[test]
fn a_forest_exported_as_json_before_version_3_still_predicts_the_same_rows() {
    // tests/fixtures/bundle_v2_forest: a version-2 bundle (`model.learner.json`) and what
    // `lantern predict` of that Lantern wrote for penguins.csv.
    let dir = TempDir::new("learner-v2");
    let fixture = format!("{}/tests/fixtures/bundle_v2_forest", env!("CARGO_MANIFEST_DIR"));
    let data = format!("{}/www/datasets/penguins.csv", env!("CARGO_MANIFEST_DIR"));
    let out_csv = dir.join("predicted.csv");
    let out = lantern(&["predict", "--model", &format!("{fixture}/model"), "--data", &data, "--out", &out_csv]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let read = |path: &str| std::fs::read(path).unwrap_or_default();
    assert_eq!(read(&out_csv), read(&format!("{fixture}/predicted.csv")));
}

/// The golden runs: `lantern run --model …` on the built-in experiment's data (the circle),
/// one JSON line per epoch; tests/web.rs trains the same specs in wasm and must get the same
/// bits (the learners use no FMA and libm's exp and log).
pub const GOLDEN: [(&str, &[&str]); 5] = [
    ("tree", &["--max-depth", "6"]),
    ("forest", &["--trees", "10"]),
    ("boosting", &["--rounds", "15"]),
    ("knn", &["--k", "7"]),
    ("bayes", &[]),
];

#[test]
fn the_golden_runs_are_what_the_command_line_prints() {
    for (family, flags) in GOLDEN {
        let out = lantern(&[&["run", "--model", family], flags].concat());
        let golden =
            std::fs::read_to_string(format!("{}/tests/golden/learner_{family}.jsonl", env!("CARGO_MANIFEST_DIR")));
        assert_eq!(String::from_utf8_lossy(&out.stdout), golden.unwrap_or_default(), "{family}");
    }
}

#[test]
fn cv_adds_each_folds_test_metrics_and_their_mean_to_the_report() {
    let args = ["run", "--builtin", "iris", "--model", "tree", "--max-depth", "3", "--cv", "5", "--json"];
    let r = report(&args);
    let cv = &r["cv"];
    assert_eq!((cv["k"].as_u64(), cv["stratified"].as_bool()), (Some(5), Some(true)), "{cv}");
    let folds = cv["folds"].as_array().expect("folds");
    assert_eq!(folds.len(), 5);
    // Every row is tested once; each fold's test rows are a fifth of each class.
    let tested: u64 = folds.iter().map(|f| f["rows"]["test"].as_u64().unwrap_or(0)).sum();
    assert_eq!(tested, 150);
    let accuracies: Vec<f64> = folds.iter().map(|f| f["test"]["accuracy"].as_f64().unwrap_or(f64::NAN)).collect();
    let mean = accuracies.iter().sum::<f64>() / 5.0;
    assert!((cv["mean"]["accuracy"].as_f64().unwrap_or(0.0) - mean).abs() < 1e-12, "{cv}");
    assert!(cv["std"]["accuracy"].as_f64().is_some_and(|s| s > 0.0 && s < 0.1), "{cv}");
    // The single split's report is as without --cv, and the whole is bit-identical on a rerun.
    let plain = report(&args[..args.len() - 3].iter().chain(["--json"].iter()).copied().collect::<Vec<_>>());
    assert_eq!(plain["test"], r["test"]);
    assert_eq!(lantern(&args).stdout, lantern(&args).stdout);
    for (bad, says) in [
        (vec!["run", "--builtin", "iris", "--cv", "1"], "cross-validate with 2 to 20 folds"),
        (vec!["run", "--cv", "3"], "generated points have none"),
    ] {
        let out = lantern(&bad);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success() && err.contains(says), "{bad:?}: {err}");
    }
}

#[test]
fn cv_by_group_and_in_time_order() {
    // Three islands, three folds: each fold tests on one island it never trained on.
    let base = ["run", "--builtin", "penguins", "--model", "tree", "--max-depth", "3", "--cv", "3", "--json"];
    let r = report(&[&base[..], &["--cv-group", "island"]].concat());
    let cv = &r["cv"];
    assert_eq!(cv["by"], "group:island", "{cv}");
    assert_eq!(cv["stratified"].as_bool(), Some(false));
    let tested: Vec<u64> =
        cv["folds"].as_array().expect("folds").iter().map(|f| f["rows"]["test"].as_u64().unwrap_or(0)).collect();
    let mut islands = tested.clone();
    islands.sort_unstable();
    // Biscoe 168, Dream 124, Torgersen 52 penguins (with a species).
    assert_eq!(islands, [52, 124, 168], "{cv}");
    // Time order by year: each fold tests on the next block.
    let r = report(&[&base[..], &["--cv-time", "year"]].concat());
    assert_eq!(r["cv"]["by"], "time:year", "{}", r["cv"]);
    let folds = r["cv"]["folds"].as_array().expect("folds");
    let past: Vec<u64> = folds
        .iter()
        .map(|f| f["rows"]["train"].as_u64().unwrap_or(0) + f["rows"]["validation"].as_u64().unwrap_or(0))
        .collect();
    assert!(past.windows(2).all(|w| w[0] < w[1]), "the past grows: {past:?}");
    // Without a column: the table's order.
    let r = report(&[&base[..], &["--cv-time"]].concat());
    assert_eq!(r["cv"]["by"], "time");
    for (bad, says) in [
        (vec!["run", "--builtin", "penguins", "--cv", "3", "--cv-group", "nope"], "the table has no column `nope`"),
        (
            vec!["run", "--builtin", "penguins", "--cv", "3", "--cv-time", "island"],
            "`island` is not a column of numbers",
        ),
        (vec!["run", "--builtin", "penguins", "--cv", "4", "--cv-group", "island"], "use fewer folds"),
        (vec!["run", "--builtin", "penguins", "--cv-group", "island"], "--cv"),
    ] {
        let out = lantern(&bad);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success() && err.contains(says), "{bad:?}: {err}");
    }
}

#[test]
fn tree_prints_the_fitted_tree_as_rules_and_out_draws_it() {
    let dir = TempDir::new("learner-tree");
    let run = dir.join("run");
    let out = lantern(&["run", "--builtin", "iris", "--model", "tree", "--max-depth", "3", "--tree", "--out", &run]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = text.lines().collect();
    // The epoch's JSON line, then the root's test in centimetres and its children indented.
    assert!(lines[0].starts_with('{'), "{text}");
    assert!(lines[1].starts_with("petal_") && lines[1].contains(" rows, gini 0.66"), "{text}");
    assert!(lines[2].starts_with("  yes: → setosa ("), "{text}");
    assert!(lines[3..].iter().all(|l| l.starts_with("  ")), "{text}");
    assert!(lines.iter().filter(|l| l.contains("→")).count() >= 4, "leaves: {text}");
    let svg = std::fs::read_to_string(format!("{run}/tree.svg")).unwrap_or_default();
    assert!(svg.contains("<svg") && svg.contains("petal_"), "tree.svg draws the tree");

    let out = lantern(&["run", "--builtin", "iris", "--model", "forest", "--trees", "3", "--tree"]);
    assert!(!out.status.success() && String::from_utf8_lossy(&out.stderr).contains("--model tree"));
}
