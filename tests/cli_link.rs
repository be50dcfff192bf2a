//! `lantern link` and `lantern run --spec LINK`: share links on the command line.

use std::path::PathBuf;
use std::process::{Command, Output};

fn lantern(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lantern")).args(args).output().expect("the lantern binary runs")
}

fn ok(out: &Output) -> String {
    assert!(out.status.success(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("lantern-cli-link-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A small two-class CSV.
fn csv(rows: usize) -> String {
    let mut s = String::from("a,b,label\n");
    for i in 0..rows {
        let (a, b) = ((i * 37 % 101) as f64 / 10.0, (i * 53 % 97) as f64 / 10.0);
        s.push_str(&format!("{a},{b},{}\n", if a > b { "yes" } else { "no" }));
    }
    s
}

#[test]
fn a_link_replays_the_same_run_in_every_form() {
    let flags = ["--dataset", "xor", "--hidden", "6", "--epochs", "6", "--seed", "3"];
    let url = ok(&lantern(&[&["link"][..], &flags, &["--base", "https://lantern.example/play/"]].concat()));
    assert!(url.starts_with("https://lantern.example/play/#x=v1."), "{url}");
    let direct = ok(&lantern(&[&["run"][..], &flags].concat()));
    let fragment = &url[url.find('#').unwrap()..];
    let encoded = &fragment[3..];
    for form in [url.as_str(), fragment, encoded] {
        assert_eq!(ok(&lantern(&["run", "--spec", form])), direct, "{form}");
    }
    // The spec command shows what the link holds.
    let spec: serde_json::Value = serde_json::from_str(&ok(&lantern(&["spec", "--spec", &url]))).unwrap();
    assert_eq!(spec["seed"], 3);
    // Default base address.
    assert!(ok(&lantern(&["link"])).starts_with("http://127.0.0.1:8080/#x=v1."));
}

#[test]
fn a_fingerprinted_link_reports_reproduced_exactly_and_a_change_is_noticed() {
    let url = ok(&lantern(&["link", "--dataset", "circle", "--epochs", "5", "--fingerprint", "--note", "<b>hi</b>"]));
    let out = lantern(&["run", "--spec", &url, "--json"]);
    let report: serde_json::Value = serde_json::from_str(&ok(&out)).unwrap();
    assert_eq!(report["reproduced"], "exact", "{report}");
    assert!(stderr(&out).contains("reproduced exactly"), "{}", stderr(&out));
    // The same link, told to train with another seed: the fingerprint no longer matches.
    let other = lantern(&["run", "--spec", &url, "--json", "--seed", "99"]);
    let report: serde_json::Value = serde_json::from_str(&ok(&other)).unwrap();
    let differs = &report["reproduced"]["differs"];
    assert_eq!(differs["first_epoch"], 1, "{report}");
    assert!(differs["detail"].as_str().unwrap().contains("epoch 1"), "{report}");
    // Without a fingerprint there is nothing to compare.
    let plain = ok(&lantern(&["link", "--epochs", "2"]));
    let report: serde_json::Value = serde_json::from_str(&ok(&lantern(&["run", "--spec", &plain, "--json"]))).unwrap();
    assert!(report["reproduced"].is_null(), "{report}");
}

#[test]
fn a_small_data_file_travels_in_the_link() {
    let dir = temp_dir("small");
    let path = dir.join("small.csv");
    std::fs::write(&path, csv(80)).unwrap();
    let p = path.to_str().unwrap();
    let out = lantern(&["link", "--data", p, "--target", "label", "--epochs", "4", "--fingerprint"]);
    let url = ok(&out);
    assert!(stderr(&out).contains("embedded in the link"), "{}", stderr(&out));
    let direct = ok(&lantern(&["run", "--data", p, "--target", "label", "--epochs", "4"]));
    // The file is gone: the link alone replays the run.
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(ok(&lantern(&["run", "--spec", &url])), direct);
    let report: serde_json::Value = serde_json::from_str(&ok(&lantern(&["run", "--spec", &url, "--json"]))).unwrap();
    assert_eq!(report["reproduced"], "exact", "{report}");
}

#[test]
fn a_big_data_file_is_checked_by_its_hash() {
    let dir = temp_dir("big");
    // Incompressible enough to exceed 64 KiB compressed.
    let mut text = String::from("a,b,label\n");
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..14_000 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        text.push_str(&format!("{},{},{}\n", x % 100_003, (x >> 20) % 99_991, if x % 2 == 0 { "yes" } else { "no" }));
    }
    let path = dir.join("big.csv");
    std::fs::write(&path, &text).unwrap();
    let p = path.to_str().unwrap();
    let flags = ["--target", "label", "--epochs", "2", "--hidden", "4"];
    let out = lantern(&[&["link", "--data", p][..], &flags].concat());
    let url = ok(&out);
    assert!(stderr(&out).contains("too big to embed") && stderr(&out).contains("SHA-256"), "{}", stderr(&out));
    assert!(url.len() < 4000, "the data stayed out of the link: {} characters", url.len());
    // Without the file: asked for it.
    let missing = lantern(&["run", "--spec", &url]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("--data") && stderr(&missing).contains("big.csv"), "{}", stderr(&missing));
    // Another file: refused by its hash.
    let other = dir.join("other.csv");
    std::fs::write(&other, csv(50)).unwrap();
    let wrong = lantern(&["run", "--spec", &url, "--data", other.to_str().unwrap()]);
    assert_eq!(wrong.status.code(), Some(2));
    assert!(stderr(&wrong).contains("not the file the link was made from"), "{}", stderr(&wrong));
    // The same file: the same run.
    let direct = ok(&lantern(&[&["run", "--data", p][..], &flags].concat()));
    assert_eq!(ok(&lantern(&["run", "--spec", &url, "--data", p])), direct);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn damaged_and_newer_links_are_refused_clearly() {
    let url = ok(&lantern(&["link", "--epochs", "3"]));
    let cut = &url[..url.len() - 20];
    let out = lantern(&["run", "--spec", cut]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("damaged or cut short"), "{}", stderr(&out));
    let newer = url.replace("#x=v1.", "#x=v7.");
    let out = lantern(&["run", "--spec", &newer]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("newer Lantern (format v7)"), "{}", stderr(&out));
}

#[test]
fn teaching_options_go_into_the_link() {
    let url = ok(&lantern(&[
        "link",
        "--hide",
        "optimizer,l1",
        "--lock",
        "dataset",
        "--autostart",
        "--note",
        "Look at the loss",
    ]));
    let link = lantern::spec::link::ShareLink::decode(&url).unwrap();
    let t = link.teaching.unwrap();
    assert_eq!(
        (t.hidden, t.locked, t.autostart, t.note.as_str()),
        (vec!["optimizer".to_string(), "l1".into()], vec!["dataset".to_string()], true, "Look at the loss")
    );
    let long = "n".repeat(2001);
    let out = lantern(&["link", "--note", &long]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("teaching.note"), "{}", stderr(&out));
}

#[test]
fn settings_changed_mid_run_are_replayed_at_the_same_step() {
    use lantern::spec::link::{ReplayChange, ShareLink};
    use lantern::spec::ExperimentSpec;
    use lantern::train::{Fingerprint, Trainer};
    let mut spec = ExperimentSpec::default();
    spec.training.epochs = 6;
    // The original run: the learning rate drops after 37 steps (mid-epoch), and the run is
    // extended to 8 epochs after 60.
    let mut t = Trainer::new(&spec).unwrap();
    let mut changes = Vec::new();
    while !t.is_done() {
        for (at, edit) in [(37, 0), (60, 1)] {
            if t.steps() == at {
                let mut next = t.spec().training.clone();
                if edit == 0 {
                    next.learning_rate = 0.005
                } else {
                    next.epochs = 8
                }
                changes.extend(ReplayChange::between(t.steps(), &t.spec().training, &next));
                t.tune(&next).unwrap();
            }
        }
        t.run_batch().unwrap();
    }
    assert_eq!((t.epoch(), changes.len()), (8, 2));
    let link = ShareLink { spec, changes, fingerprint: Some(Fingerprint::of(&t).unwrap()), ..ShareLink::default() };
    let url = link.to_url("https://lantern.example/").unwrap();
    let report: serde_json::Value = serde_json::from_str(&ok(&lantern(&["run", "--spec", &url, "--json"]))).unwrap();
    assert_eq!(report["reproduced"], "exact", "{report}");
    assert_eq!(report["epochs"], 8);
    // Without the changes the run is another one.
    let bare = ShareLink { changes: vec![], ..link }.to_url("https://lantern.example/").unwrap();
    let report: serde_json::Value = serde_json::from_str(&ok(&lantern(&["run", "--spec", &bare, "--json"]))).unwrap();
    assert!(report["reproduced"]["differs"].is_object(), "{report}");
}
