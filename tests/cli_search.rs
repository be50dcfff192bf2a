//! `lantern run … --search random:N --range …`: a hyper-parameter search on the command line.

mod support;
use support::{lantern, ok};

const IRIS: [&str; 8] = ["run", "--builtin", "iris", "--epochs", "15", "--validation-fraction", "0.2", "--json"];

fn search(extra: &[&str]) -> serde_json::Value {
    let args: Vec<&str> = IRIS.iter().chain(extra).copied().collect();
    serde_json::from_str(&ok(&lantern(&args))).expect("one JSON object")
}

#[test]
fn random_search_ranks_runs_and_gives_the_best_spec() {
    let ranges = ["--search", "random:6", "--range", "lr=1e-3..1:log", "--range", "hidden=2..16"];
    let r = search(&ranges);
    assert_eq!(r["method"], "random");
    assert_eq!(r["budget"], 6);
    assert_eq!(r["higher_is_better"], true);
    let runs = r["runs"].as_array().expect("runs");
    assert_eq!(runs.len(), 6);
    let mut seen: Vec<u64> = runs.iter().map(|x| x["run"].as_u64().expect("run")).collect();
    seen.sort_unstable();
    assert_eq!(seen, [1, 2, 3, 4, 5, 6]);
    let scores: Vec<f64> = runs.iter().map(|x| x["score"].as_f64().expect("score")).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "ranked best first: {scores:?}");
    assert!(scores.iter().all(|s| (0.0..=1.0).contains(s)), "{scores:?}");
    for (i, x) in runs.iter().enumerate() {
        assert_eq!(x["rank"], i + 1);
        let lr = x["settings"]["learning_rate"].as_f64().expect("lr");
        let hidden = x["settings"]["hidden"].as_u64().expect("hidden");
        assert!((1e-3..=1.0).contains(&lr) && (2..=16).contains(&hidden), "{x}");
    }
    // The best spec is the base with the best run's settings: it trains to the same score.
    let best = &r["best"];
    assert_eq!(best["run"], runs[0]["run"]);
    assert_eq!(best["score"], runs[0]["score"]);
    let spec = &best["spec"];
    assert_eq!(spec["training"]["learning_rate"], best["settings"]["learning_rate"]);
    assert_eq!(spec["model"]["hidden"], serde_json::json!([best["settings"]["hidden"]]));
    assert_eq!(spec["training"]["epochs"], 15);
    let again = lantern(&["run", "--spec", &spec.to_string(), "--json"]);
    let report: serde_json::Value = serde_json::from_str(&ok(&again)).expect("report");
    let last = &report["final_epoch"];
    assert_eq!(last["validation_accuracy"], best["score"]);
    // The same command gives the same search; text output has the ranked table and the best.
    assert_eq!(search(&ranges), r);
    let text = ok(&lantern(&[
        "run",
        "--builtin",
        "iris",
        "--epochs",
        "15",
        "--validation-fraction",
        "0.2",
        "--search",
        "random:6",
        "--range",
        "lr=1e-3..1:log",
        "--range",
        "hidden=2..16",
    ]));
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 9, "{text}");
    assert_eq!(lines[0], "random search of 6 runs, scored by validation accuracy or R² (higher is better)");
    assert!(lines[1].starts_with("rank  run  lr") && lines[1].contains("hidden"), "{text}");
    assert!(lines[2].starts_with(&format!("1     #{}", best["run"])), "{text}");
    assert!(lines[8].starts_with("best: lr "), "{text}");
}

#[test]
fn search_refusals_say_what_to_do() {
    let err = |args: &[&str]| String::from_utf8_lossy(&lantern(args).stderr).into_owned();
    let e = err(&["run", "--builtin", "iris", "--search", "random:4"]);
    assert!(e.contains("give a --range for each setting"), "{e}");
    let e = err(&["run", "--builtin", "iris", "--search", "grid:4", "--range", "lr=0.001..0.1"]);
    assert!(e.contains("write random:N or tpe:N"), "{e}");
    let e = err(&["run", "--builtin", "iris", "--range", "lr=0.001..0.1"]);
    assert!(e.contains("add --search random:N or tpe:N"), "{e}");
    let e = err(&["run", "--builtin", "iris", "--model", "tree", "--search", "tpe:4", "--range", "lr=0.001..0.1"]);
    assert!(e.contains("learning rate is not a setting of a decision tree"), "{e}");
    let e = err(&["run", "--dataset", "xor", "--search", "tpe:4", "--range", "lr=0.001..0.1"]);
    assert!(e.contains("set --validation-fraction 0.2, or use --cv K"), "{e}");
}

#[test]
fn tpe_with_cross_validation_scores_by_the_fold_mean() {
    let out = lantern(&[
        "run",
        "--builtin",
        "iris",
        "--model",
        "tree",
        "--cv",
        "3",
        "--search",
        "tpe:5",
        "--range",
        "depth=1..6",
        "--json",
    ]);
    let r: serde_json::Value = serde_json::from_str(&ok(&out)).expect("one JSON object");
    assert_eq!(r["scoring"], "3-fold mean accuracy or R²");
    let runs = r["runs"].as_array().expect("runs");
    assert_eq!(runs.len(), 5);
    // A depth-1 tree cannot separate three classes: whatever depth wins is deeper.
    let depth = r["best"]["settings"]["max_depth"].as_u64().expect("depth");
    assert!(depth >= 2, "{r}");
    assert_eq!(r["best"]["spec"]["model"]["learner"]["max_depth"], depth);
}
