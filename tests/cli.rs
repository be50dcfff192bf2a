//! The `lantern` binary as a user runs it.

use std::process::Command;

fn lantern(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_lantern")).args(args).output().expect("the lantern binary runs")
}

fn lines(out: &std::process::Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).expect("JSON line")).collect()
}

#[test]
fn run_prints_one_json_line_per_epoch() {
    let out = lantern(&["run", "--dataset", "xor", "--hidden", "8,8", "--epochs", "12", "--seed", "7"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let l = lines(&out);
    assert_eq!(l.len(), 12);
    for (i, m) in l.iter().enumerate() {
        assert_eq!(m["epoch"], i + 1);
        for key in ["train_loss", "test_loss", "test_accuracy"] {
            assert!(m[key].is_f64(), "{key} missing in {m}");
        }
    }
}

#[test]
fn same_command_is_bit_identical() {
    let args = ["run", "--dataset", "spiral", "--epochs", "8", "--activation", "relu"];
    assert_eq!(lantern(&args).stdout, lantern(&args).stdout);
    let other = lantern(&["run", "--dataset", "spiral", "--epochs", "8", "--activation", "relu", "--seed", "8"]);
    assert_ne!(lantern(&args).stdout, other.stdout);
}

/// The program picks its threads itself, and its numbers do not depend on them: the same run
/// with `RAYON_NUM_THREADS` unset, at 1 and at 2 (and candle's own pool at 2) prints the same
/// bits, on a table big enough that each epoch's evaluation multiplies more than
/// `PARALLEL_WORK` numbers at once (split over the threads whenever there are several).
#[test]
fn same_bits_whatever_the_thread_count() {
    use lantern::model::matmul::PARALLEL_WORK;
    let (features, hidden) = (8, 256);
    // The evaluation multiplies the training rows (70 %) by the second layer's (256, 256) weights.
    let rows = PARALLEL_WORK / (hidden * hidden) * 10 / 7 + 500;
    let mut csv = String::from("a,b,c,d,e,f,g,h,y\n");
    for r in 0..rows {
        let x: Vec<f64> = (0..features).map(|j| ((r * 31 + j * 17) as f64 * 0.618).sin() * (1 + j) as f64).collect();
        let y = u8::from(x[0] + x[1] * 0.5 - x[2] * 0.25 > 0.0);
        let cells: Vec<String> = x.iter().map(|v| format!("{v:.4}")).collect();
        csv.push_str(&format!("{},{y}\n", cells.join(",")));
    }
    let dir = std::env::temp_dir().join(format!("lantern-cli-threads-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("big.csv");
    std::fs::write(&path, csv).unwrap();
    let path = path.to_str().unwrap();
    let args = ["run", "--data", path, "--target", "y", "--hidden", "256,256", "--epochs", "2", "--batch-size", "512"];
    let run = |threads: Option<&str>| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_lantern"));
        command.args(args).arg("--json").env_remove("CANDLE_NUM_THREADS");
        match threads {
            Some("candle") => command.env_remove("RAYON_NUM_THREADS").env("CANDLE_NUM_THREADS", "2"),
            Some(t) => command.env("RAYON_NUM_THREADS", t),
            None => command.env_remove("RAYON_NUM_THREADS"),
        };
        let out = command.output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        out.stdout
    };
    let unset = run(None);
    let train = lines_of(&unset)[0]["rows"]["train"].as_u64().unwrap() as usize;
    assert!(train * hidden * hidden >= PARALLEL_WORK, "{train} training rows are too few to split");
    assert!(unset == run(Some("1")), "RAYON_NUM_THREADS=1 changed the numbers");
    assert!(unset == run(Some("2")), "RAYON_NUM_THREADS=2 changed the numbers");
    assert!(unset == run(Some("candle")), "CANDLE_NUM_THREADS=2 changed the numbers");
    std::fs::remove_dir_all(&dir).unwrap();
}

fn lines_of(stdout: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(stdout).lines().map(|l| serde_json::from_str(l).expect("JSON line")).collect()
}

#[test]
fn spec_file_and_flags_agree() {
    let dir = std::env::temp_dir().join(format!("lantern-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let spec = lantern(&["spec", "--dataset", "plane", "--hidden", "4", "--epochs", "5"]);
    assert!(spec.status.success());
    let path = dir.join("exp.json");
    std::fs::write(&path, &spec.stdout).unwrap();
    let from_file = lantern(&["run", "--spec", path.to_str().unwrap()]);
    let from_flags = lantern(&["run", "--dataset", "plane", "--hidden", "4", "--epochs", "5"]);
    assert!(from_file.status.success());
    assert_eq!(from_file.stdout, from_flags.stdout);
    assert!(lines(&from_file)[0]["test_r2"].is_f64(), "regression reports R²");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn bad_input_exits_non_zero_with_the_field_named() {
    let out = lantern(&["run", "--dataset", "moons"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("data.generator") && err.contains("circle"), "{err}");
    let out = lantern(&["run", "--lr=-1"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("training.learning_rate"));
    let out = lantern(&["run", "--spec", "/nonexistent/exp.json"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read spec file"));
}

/// The committed golden file (which the wasm test also checks) still matches native numbers.
/// Native kernels may pick different SIMD paths on other CPUs, hence a tolerance.
#[test]
fn default_experiment_matches_golden() {
    let golden: Vec<serde_json::Value> =
        include_str!("golden/default_experiment.jsonl").lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let out = lantern(&["run", "--epochs", "20"]);
    let got = lines(&out);
    assert_eq!(got.len(), golden.len());
    for (g, e) in got.iter().zip(&golden) {
        let (a, b) = (g["train_loss"].as_f64().unwrap(), e["train_loss"].as_f64().unwrap());
        assert!((a - b).abs() / b.abs() < 1e-5, "epoch {}: {a} vs golden {b}", g["epoch"]);
    }
    assert_eq!(got.last().unwrap()["test_accuracy"], golden.last().unwrap()["test_accuracy"]);
}

#[test]
fn training_options_reach_the_spec() {
    let out = lantern(&[
        "spec",
        "--builtin",
        "diabetes",
        "--validation-fraction",
        "0.2",
        "--schedule",
        "step:50:0.5",
        "--clip-norm",
        "1",
        "--patience",
        "10",
        "--optimizer",
        "adamw",
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let spec: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(spec["training"]["schedule"], serde_json::json!({"kind": "step_decay", "every": 50, "factor": 0.5}));
    assert_eq!(spec["training"]["clip_norm"], 1.0);
    assert_eq!(spec["training"]["patience"], 10);
    assert_eq!(spec["training"]["optimizer"], "adamw");
    let out = lantern(&["run", "--schedule", "linear"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("training.schedule"));
}

#[test]
fn json_prints_one_object_with_the_final_test_metrics() {
    let out = lantern(&["run", "--builtin", "iris", "--model", "logistic", "--seed", "3", "--epochs", "60", "--json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let all = lines(&out);
    assert_eq!(all.len(), 1, "one object, no per-epoch lines");
    let r = &all[0];
    assert_eq!(r["model"], "logistic");
    assert_eq!(r["hidden"], serde_json::json!([]));
    assert_eq!(r["epochs"], 60);
    // 4 features → 3 classes: 4·3 + 3 numbers.
    assert_eq!(r["parameters"], 15);
    let acc = r["test"]["accuracy"].as_f64().unwrap();
    assert!(acc > 0.85 && acc > r["test"]["baseline_accuracy"].as_f64().unwrap() + 0.4, "{r}");
    assert_eq!(r["evaluation"]["accuracy"], r["test"]["accuracy"]);
    assert_eq!(r["final_epoch"]["test_accuracy"], r["test"]["accuracy"]);
    // Same command, same numbers.
    assert_eq!(
        lantern(&["run", "--builtin", "iris", "--model", "logistic", "--seed", "3", "--epochs", "60", "--json"]).stdout,
        out.stdout
    );
}

#[test]
fn model_families_set_the_layers_and_the_task() {
    let out = lantern(&["run", "--builtin", "diabetes", "--model", "linear", "--epochs", "30", "--json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let r = &lines(&out)[0];
    assert_eq!(r["model"], "linear");
    assert!(r["test"]["r2"].as_f64().unwrap() > 0.3, "{r}");
    assert!(r["test"]["rmse"].as_f64().unwrap() < r["test"]["baseline_rmse"].as_f64().unwrap());
    let out = lantern(&[
        "run",
        "--builtin",
        "penguins",
        "--model",
        "mlp",
        "--hidden",
        "32",
        "--epochs",
        "5",
        "--json",
        "--dropout",
        "0.2",
    ]);
    let r = &lines(&out)[0];
    assert_eq!((r["model"].as_str(), r["hidden"].clone()), (Some("mlp"), serde_json::json!([32])));
    for (args, field) in [
        (vec!["run", "--model", "linear"], "model"), // circle is a classification dataset
        (vec!["run", "--model", "logistic", "--hidden", "8"], "model.hidden"),
        (vec!["run", "--model", "svm"], "model"),
        (vec!["run", "--loss", "hinge"], "training.loss"),
        (vec!["run", "--dropout", "1.5"], "model.dropout"),
    ] {
        let out = lantern(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(&format!("`{field}`")), "{args:?}: {err}");
    }
}

fn spec_of(args: &[&str]) -> serde_json::Value {
    let out = lantern(args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn a_table_without_a_spec_gets_the_table_defaults_and_the_flags_override_them() {
    // A bundled table: the rule for 150 rows of classes, written into the spec.
    let spec = spec_of(&["spec", "--builtin", "iris"]);
    assert_eq!(
        (spec["data"]["train_fraction"].as_f64(), spec["data"]["validation_fraction"].as_f64()),
        (Some(0.7), Some(0.1))
    );
    assert_eq!(spec["model"], serde_json::json!({"hidden": [32], "activation": "relu", "dropout": 0.0}));
    let t = &spec["training"];
    assert_eq!((&t["optimizer"], &t["learning_rate"], &t["batch_size"]), (&"adam".into(), &0.01.into(), &16.into()));
    assert_eq!((&t["epochs"], &t["patience"], &t["l2"]), (&300.into(), &30.into(), &0.01.into()));
    // The regression table gets more weight decay.
    assert_eq!(spec_of(&["spec", "--builtin", "diabetes"])["training"]["l2"], 0.03);

    // The run says which defaults it used (stderr and --json), and the flags win.
    let out = lantern(&["run", "--builtin", "penguins", "--batch-size", "8", "--epochs", "3", "--json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("defaults for a table of 344 rows × 8 columns (classification)"), "{err}");
    assert!(err.contains("(batch_size: batch 8, from the flags)") && err.contains("L2 0.01: "), "{err}");
    let r = &lines(&out)[0];
    assert_eq!((&r["epochs"], &r["hidden"]), (&3.into(), &serde_json::json!([32])));
    let d = &r["table_defaults"];
    assert_eq!((&d["rows"], &d["columns"], &d["task"]), (&344.into(), &8.into(), &"classification".into()));
    assert_eq!(d["settings"]["batch_size"], 16);
    let overridden: Vec<&str> = d["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["overridden"] == true)
        .map(|r| r["setting"].as_str().unwrap())
        .collect();
    assert_eq!(overridden, ["batch_size", "epochs"]);
    assert!(d["reasons"][1]["reason"].as_str().unwrap().starts_with("batch 16: 344 rows"), "{d}");
    assert_eq!(d["reasons"][1]["now"], "batch 8");
    assert!(r["rows"]["validation"].as_u64().unwrap() > 0);
}

#[test]
fn a_data_file_gets_the_defaults_for_its_size() {
    let dir = std::env::temp_dir().join(format!("lantern-cli-defaults-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("t.csv");
    let mut csv = String::from("a,b,y\n");
    for i in 0..1200 {
        let (a, b) = ((i * 37 % 101) as f64 / 10.0, (i * 53 % 97) as f64 / 10.0);
        csv.push_str(&format!("{a},{b},{:.3}\n", a * 0.5 - b + (i % 7) as f64 / 10.0));
    }
    std::fs::write(&path, csv).unwrap();
    let p = path.to_str().unwrap();
    let out = lantern(&["run", "--data", p, "--target", "y", "--epochs", "2", "--json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let r = &lines(&out)[0];
    let d = &r["table_defaults"];
    assert_eq!((&d["rows"], &d["task"]), (&1200.into(), &"regression".into()));
    assert_eq!((&d["settings"]["batch_size"], &d["settings"]["l2"]), (&64.into(), &0.001.into()));
    // 840 training rows in batches of 64: 14 steps an epoch.
    assert_eq!(r["steps"], 28);
    // A default the flags make impossible gives way: no room for a validation share, no early
    // stopping; asking for early stopping without a validation share is still refused.
    let out = lantern(&["run", "--data", p, "--target", "y", "--train-fraction", "0.9", "--epochs", "1", "--json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // 0.95 − 0.9 rounded down to whole percent (in binary, 4 %): 48 rows.
    assert_eq!(lines(&out)[0]["rows"]["validation"], 48, "what is left for validation");
    let out = lantern(&["run", "--data", p, "--target", "y", "--validation-fraction", "0", "--epochs", "1", "--json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = lantern(&["run", "--data", p, "--target", "y", "--validation-fraction", "0", "--patience", "5"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("training.patience"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_spec_and_generated_data_keep_their_own_settings() {
    // `--spec` states its settings (and a spec that leaves them out means the playground's).
    let spec = spec_of(&[
        "spec",
        "--spec",
        r#"{"data": {"source": {"kind": "builtin", "name": "iris"}}}"#,
        "--builtin",
        "iris",
    ]);
    assert_eq!((&spec["training"]["batch_size"], &spec["training"]["epochs"]), (&16.into(), &500.into()));
    assert_eq!(spec["model"]["hidden"], serde_json::json!([8, 8]));
    assert_eq!(spec["data"]["validation_fraction"], 0.0);
    let out = lantern(&["run", "--dataset", "xor", "--epochs", "2", "--json"]);
    let r = &lines(&out)[0];
    assert_eq!((&r["table_defaults"], &r["hidden"]), (&serde_json::Value::Null, &serde_json::json!([8, 8])));
    assert!(String::from_utf8_lossy(&out.stderr).is_empty(), "no notes for generated data");
}

#[test]
fn class_weight_balanced_finds_more_of_the_rare_class() {
    let dir = std::env::temp_dir().join(format!("lantern-cli-weights-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("rare.csv");
    // 1 200 rows, 1 in 20 "rare"; the rare rows sit higher on a and b, with overlap.
    let mut csv = String::from("a,b,y\n");
    for i in 0..1200u64 {
        let rare = i % 20 == 0;
        let (u, v) = ((i * 37 % 101) as f64 / 50.0, (i * 53 % 97) as f64 / 48.0);
        let shift = if rare { 1.2 } else { 0.0 };
        csv.push_str(&format!("{:.3},{:.3},{}\n", u + shift, v + shift, if rare { "rare" } else { "common" }));
    }
    std::fs::write(&path, csv).unwrap();
    let p = path.to_str().unwrap();
    let run = |extra: &[&str]| {
        let mut args = vec!["run", "--data", p, "--target", "y", "--model", "logistic", "--epochs", "30", "--json"];
        args.extend_from_slice(extra);
        let out = lantern(&args);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        lines(&out).remove(0)
    };
    let recall = |r: &serde_json::Value| {
        let rare = r["evaluation"]["per_class"].as_array().unwrap().iter().find(|m| m["support"].as_u64() < Some(100));
        rare.expect("the rare class")["recall"].as_f64().unwrap()
    };
    let (plain, weighted) = (run(&[]), run(&["--class-weight", "balanced"]));
    let (rp, rw) = (recall(&plain), recall(&weighted));
    println!("rare recall {rp} → {rw}");
    assert!(rw > rp + 0.2, "rare recall {rp} → {rw}");
    let (bp, bw) = (
        plain["evaluation"]["balanced_accuracy"].as_f64().unwrap(),
        weighted["evaluation"]["balanced_accuracy"].as_f64().unwrap(),
    );
    assert!(bw > bp, "balanced accuracy {bp} → {bw}");
    // Custom weights by class name; a name that is no class, and a learner, are refused.
    let custom = run(&["--class-weight", "rare=19,common=1"]);
    assert!(recall(&custom) > rp + 0.2, "{custom}");
    let out = lantern(&["run", "--data", p, "--target", "y", "--class-weight", "maybe=2", "--epochs", "1"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("training.class_weight.maybe"));
    let out = lantern(&["run", "--data", p, "--target", "y", "--model", "tree", "--class-weight", "balanced"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && err.contains("networks"), "{err}");
    let out = lantern(&["run", "--class-weight", "rare"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("Class=weight"));
}
