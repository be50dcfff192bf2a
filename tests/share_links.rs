//! Golden share links: links made by earlier versions of Lantern must keep opening, to the very
//! same experiment. The links live verbatim in `tests/golden/links.txt` (how to add one is
//! written at its top), and what each must decode to, written out in full, in
//! `tests/golden/links_expected.json` (so that a change of the spec's defaults cannot hide a
//! change of meaning). `expected` builds the experiments, to make new goldens from.

use lantern::data::prepare::{Derived, NumericImpute, Scaling};
use lantern::data::Generator;
use lantern::spec::lesson::address::{fragment_at_step, step_in_address};
use lantern::spec::lesson::{Lesson, LessonStep};
use lantern::spec::link::{
    checkpoint_epochs, Checkpoint, DataReference, EmbeddedFile, Fingerprint, LinkData, ReplayChange, ShareLink,
    Teaching, TrainingChange,
};
use lantern::spec::{Activation, DataSource, ExperimentSpec, Optimizer, Schedule};

const GOLDEN: &str = include_str!("golden/links.txt");
const EXPECTED: &str = include_str!("golden/links_expected.json");

/// The small CSV embedded in the `embedded_csv_teaching` golden.
const TINY_CSV: &str = "x1,x2,label\n0.5,1.5,a\n-1,2,b\n2,-0.25,a\n1.25,0.75,b\n-0.5,-1,a\n3,1,b\n0,0,a\n-2,1.5,b\n";

/// The experiments the goldens were made from (today's defaults filled in); the goldens are
/// checked against `links_expected.json`, their meaning when they were made.
fn expected(name: &str) -> ShareLink {
    match name {
        "default" => ShareLink::new(ExperimentSpec::default()),
        "penguins_prepared" => {
            let mut s = ExperimentSpec { seed: 42, ..ExperimentSpec::default() };
            s.data.source = DataSource::Builtin { name: "penguins".into() };
            s.data.train_fraction = 0.6;
            s.data.validation_fraction = 0.2;
            let p = &mut s.data.prepare;
            p.target = Some("species".into());
            p.features =
                Some(["island", "bill_length_mm", "bill_depth_mm", "flipper_length_mm"].map(String::from).to_vec());
            p.numeric_missing = NumericImpute::Median;
            p.scaling = Scaling::MinMax;
            p.derived = vec![Derived::Product { a: "bill_length_mm".into(), b: "bill_depth_mm".into() }];
            s.model.hidden = vec![16, 8];
            s.model.activation = Activation::Relu;
            s.model.dropout = 0.1;
            s.training.optimizer = Optimizer::AdamW;
            s.training.learning_rate = 0.01;
            s.training.l2 = 0.001;
            s.training.epochs = 200;
            s.training.patience = 20;
            s.training.schedule = Schedule::Cosine;
            ShareLink::new(s)
        }
        "embedded_csv_teaching" => {
            let mut s = ExperimentSpec::default();
            s.data.source = DataSource::File { name: "tiny.csv".into() };
            s.data.prepare.target = Some("label".into());
            s.training.epochs = 30;
            s.training.batch_size = 4;
            ShareLink {
                spec: s,
                data: Some(LinkData::Embedded(EmbeddedFile {
                    name: "tiny.csv".into(),
                    bytes: TINY_CSV.as_bytes().to_vec(),
                })),
                teaching: Some(Teaching {
                    hidden: vec!["optimizer".into(), "l1".into()],
                    locked: vec!["dataset".into()],
                    autostart: true,
                    note: "Watch the test loss.\n<img src=x onerror=alert(1)> must show as text — «ok» 🦀".into(),
                }),
                fingerprint: None,
                changes: vec![ReplayChange { steps: 20, set: TrainingChange::LearningRate(0.003) }],
                lesson: None,
            }
        }
        "referenced_data_fingerprint" => {
            let mut s = ExperimentSpec::default();
            s.data.source = DataSource::File { name: "sensors.csv".into() };
            s.training.epochs = 12;
            ShareLink {
                spec: s,
                data: Some(LinkData::Reference(DataReference {
                    name: "sensors.csv".into(),
                    size: 5_242_880,
                    sha256: Some("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08".into()),
                    url: Some("https://example.org/data/sensors.csv".into()),
                })),
                teaching: None,
                fingerprint: Some(Fingerprint {
                    epochs: 12,
                    steps: 216,
                    final_train_loss: "3fb999999999999a".into(),
                    checkpoints: checkpoint_epochs(12)
                        .into_iter()
                        .map(|epoch| Checkpoint { epoch, train_loss: format!("3fe{:013x}", epoch) })
                        .collect(),
                    metrics_hash: "0123456789abcdef".into(),
                    weights_hash: "fedcba9876543210".into(),
                    hash: "00ff00ff00ff00ff".into(),
                }),
                changes: vec![],
                lesson: None,
            }
        }
        // The same lesson, opened at its second step (the step is beside the link, not in it).
        "lesson_steps_at_step_2" => expected("lesson_steps"),
        "lesson_steps" => {
            let mut xor = ExperimentSpec::default();
            xor.data.source = DataSource::Synthetic { generator: Generator::Xor, points: 200, noise: 0.1 };
            xor.model.hidden = vec![];
            xor.training.epochs = 50;
            let mut hidden = xor.clone();
            hidden.model.hidden = vec![4];
            ShareLink {
                spec: xor.clone(),
                lesson: Some(Lesson {
                    title: "A line, then a bend".into(),
                    steps: vec![
                        LessonStep {
                            title: "One neuron".into(),
                            text: "Press ▶.\nThe border is a line: w₁·x₁ + w₂·x₂ + b = 0. <b>not bold</b>".into(),
                            experiment: Some(xor),
                            highlight: vec!["train".into(), "boundary-chart".into()],
                            locked: vec!["dataset-select".into()],
                            question: Some("Why does it stay near 50%?".into()),
                            answer: Some("No line separates xor.".into()),
                            ..LessonStep::default()
                        },
                        LessonStep {
                            text: "Now with a hidden layer.".into(),
                            experiment: Some(hidden),
                            hidden: vec!["optimizer".into()],
                            autostart: true,
                            ..LessonStep::default()
                        },
                        LessonStep { text: "Look at the network.".into(), ..LessonStep::default() },
                    ],
                }),
                ..ShareLink::default()
            }
        }
        other => panic!("golden `{other}` has no expected experiment: add it to `expected`"),
    }
}

/// `(name, link)` for every golden, in file order.
fn goldens() -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut name = None;
    for line in GOLDEN.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if let Some(n) = line.strip_prefix("# name:") {
            name = Some(n.trim().to_string());
        } else if !line.starts_with('#') {
            out.push((name.take().expect("each link follows a `# name:` line"), line.to_string()));
        }
    }
    out
}

#[test]
fn golden_links_keep_opening_to_the_same_experiment() {
    let all = goldens();
    assert!(all.len() >= 4, "{all:?}");
    let meaning: serde_json::Value = serde_json::from_str(EXPECTED).unwrap();
    for (name, text) in all {
        let link = ShareLink::decode(&text).unwrap_or_else(|e| panic!("golden `{name}` no longer opens: {e}"));
        let want: ShareLink = serde_json::from_value(meaning[&name].clone())
            .unwrap_or_else(|e| panic!("`{name}` in links_expected.json: {e}"));
        assert_eq!(link, want, "golden `{name}` opens to another experiment");
        // The same link as a URL and as a fragment.
        assert_eq!(ShareLink::decode(&format!("https://lantern.example/#x={text}")).unwrap(), link);
    }
}

#[test]
fn a_golden_lesson_link_keeps_its_step() {
    // Only the link made mid-lesson names a step; every other golden opens at the first one.
    let steps: Vec<(String, usize)> = goldens().into_iter().map(|(n, text)| (n, step_in_address(&text))).collect();
    for (name, k) in &steps {
        let want = if name == "lesson_steps_at_step_2" { 1 } else { 0 };
        assert_eq!(*k, want, "{name}");
    }
    let (_, text) = goldens().into_iter().find(|(n, _)| n == "lesson_steps_at_step_2").unwrap();
    assert!(text.ends_with("&step=2"));
    // As the page writes it, and as a whole address: the same step, and the same lesson.
    let bare = text.trim_end_matches("&step=2");
    let fragment = fragment_at_step(bare, 1);
    assert_eq!(fragment, format!("#x={text}"));
    for address in [fragment.clone(), format!("https://lantern.example/play/{fragment}")] {
        assert_eq!(step_in_address(&address), 1);
        assert_eq!(ShareLink::decode(&address).unwrap(), expected("lesson_steps"));
    }
    assert_eq!(ShareLink::decode(bare).unwrap().lesson.unwrap().steps.len(), 3);
}

#[test]
fn todays_experiments_still_encode_to_the_goldens_meaning() {
    // Not required forever (defaults may change), but true while they have not.
    let meaning: serde_json::Value = serde_json::from_str(EXPECTED).unwrap();
    for (name, _) in goldens() {
        let want: ShareLink = serde_json::from_value(meaning[&name].clone()).unwrap();
        assert_eq!(expected(&name), want, "{name}");
    }
}

#[test]
fn the_note_stays_plain_text() {
    let link = expected("embedded_csv_teaching");
    let note = link.teaching.unwrap().note;
    // The core keeps the note as it is; the page shows it as text (never as HTML).
    assert!(note.contains("<img src=x onerror=alert(1)>"));
}

/// Prints the goldens' links as this version encodes them, then their meanings as JSON: run
/// `cargo test --test share_links -- --ignored --nocapture print_golden_links` to make new
/// goldens after a format change (then add only the new ones to the two files).
#[test]
#[ignore]
fn print_golden_links() {
    let names =
        ["default", "penguins_prepared", "embedded_csv_teaching", "referenced_data_fingerprint", "lesson_steps"];
    // (`lesson_steps_at_step_2` is `lesson_steps` with `&step=2` after it.)
    for name in names {
        println!("# name: {name}\n{}", expected(name).encode().unwrap());
    }
    let meanings: serde_json::Map<String, serde_json::Value> =
        names.iter().map(|n| (n.to_string(), serde_json::to_value(expected(n)).unwrap())).collect();
    println!("{}", serde_json::to_string_pretty(&meanings).unwrap());
}
