use super::*;
use crate::choice::Choice;
use crate::data::prepare::{Scaling, TaskChoice};
use crate::data::Generator;
use crate::rng::{SeededRng, Stream};
use crate::spec::{Activation, DataSource, Optimizer, RegressionLoss, Schedule};

fn pick<T: Copy>(rng: &mut SeededRng, items: &[T]) -> T {
    items[(rng.next_u64() % items.len() as u64) as usize]
}

fn below(rng: &mut SeededRng, n: u64) -> u64 {
    rng.next_u64() % n
}

/// Random text with ASCII, markup, quotes, emoji and other scripts.
fn text(rng: &mut SeededRng, max: usize) -> String {
    let pieces =
        ["a", "Z", " ", "\n", "\"", "\\", "<img src=x onerror=alert(1)>", "é", "日本", "🦀", "&amp;", "#x=", "."];
    let n = below(rng, max as u64 + 1) as usize;
    let mut s = String::new();
    while s.chars().count() < n {
        s.push_str(pick(rng, &pieces));
    }
    s.chars().take(n).collect()
}

/// A random valid link: every part of the spec, and sometimes data, teaching, fingerprint and
/// changes.
pub(super) fn random_link(seed: u64) -> ShareLink {
    let rng = &mut SeededRng::new(seed, Stream::Data);
    let mut s = ExperimentSpec { seed: rng.next_u64(), ..ExperimentSpec::default() };
    let mut file = None;
    match below(rng, 3) {
        0 => {
            s.data.source = DataSource::Synthetic {
                generator: pick(rng, Generator::ALL),
                points: 10 + below(rng, 4991) as usize,
                noise: rng.uniform() * 0.5,
            }
        }
        1 => {
            let name = pick(rng, &["iris", "penguins", "diabetes"]);
            s.data.source = DataSource::Builtin { name: name.into() };
        }
        _ => {
            let name = format!("upload-{}.csv", below(rng, 1000));
            s.data.source = DataSource::File { name: name.clone() };
            let bytes: Vec<u8> = (0..below(rng, 3000)).map(|_| below(rng, 256) as u8).collect();
            let csv = format!("a,b,label\n{},{},{}\n", rng.uniform(), rng.normal(), text(rng, 20)).into_bytes();
            file = Some(match below(rng, 3) {
                0 => LinkData::Embedded(EmbeddedFile { name, bytes }),
                1 => LinkData::Embedded(EmbeddedFile { name, bytes: csv }),
                _ => LinkData::for_file(&name, &bytes, Some("https://example.org/d.csv?x=1&y=2".into())),
            });
        }
    }
    s.data.train_fraction = 0.1 + rng.uniform() * 0.6;
    s.data.validation_fraction = if below(rng, 2) == 0 { 0.0 } else { rng.uniform() * 0.25 };
    s.data.prepare.scaling = pick(rng, &[Scaling::Standardize, Scaling::MinMax, Scaling::None]);
    s.data.prepare.task = pick(rng, &[TaskChoice::Auto, TaskChoice::Classification, TaskChoice::Regression]);
    if below(rng, 2) == 0 {
        s.data.prepare.target = Some(text(rng, 12));
    }
    s.model.hidden = (0..below(rng, 9)).map(|_| 1 + below(rng, 512) as usize).collect();
    s.model.activation = pick(rng, Activation::ALL);
    s.model.dropout = rng.uniform() * 0.9;
    let t = &mut s.training;
    t.optimizer = pick(rng, Optimizer::ALL);
    t.learning_rate = 1e-6 + rng.uniform() * 9.0;
    t.batch_size = 1 + below(rng, 4096) as usize;
    t.l1 = rng.uniform() * 10.0;
    t.l2 = rng.uniform();
    t.epochs = 1 + below(rng, 100_000) as usize;
    t.clip_norm = if below(rng, 2) == 0 { 0.0 } else { rng.uniform() * 5.0 };
    let step = Schedule::StepDecay { every: 1 + below(rng, 99) as usize, factor: 0.01 + 0.99 * rng.uniform() };
    t.schedule = pick(rng, &[Schedule::Constant, Schedule::Cosine, step]);
    let huber = RegressionLoss::Huber { delta: 0.1 + rng.uniform() };
    t.loss = pick(rng, &[RegressionLoss::Mse, RegressionLoss::Mae, huber]);
    if s.data.validation_fraction > 0.0 {
        s.training.patience = below(rng, 50) as usize;
    }
    let mut link = ShareLink::new(s);
    link.data = file;
    if below(rng, 2) == 0 {
        link.teaching = Some(Teaching {
            hidden: (0..below(rng, 5)).map(|i| format!("control-{i}.x_{}", below(rng, 9))).collect(),
            locked: (0..below(rng, 5)).map(|i| format!("lock_{i}")).collect(),
            autostart: below(rng, 2) == 0,
            note: text(rng, 300),
        });
    }
    if below(rng, 2) == 0 {
        let h = |rng: &mut SeededRng| format!("{:016x}", rng.next_u64());
        link.fingerprint = Some(Fingerprint {
            epochs: 12,
            steps: rng.next_u64() >> 20,
            final_train_loss: loss_to_hex(rng.uniform()),
            checkpoints: checkpoint_epochs(12)
                .into_iter()
                .map(|epoch| Checkpoint { epoch, train_loss: h(rng) })
                .collect(),
            metrics_hash: h(rng),
            weights_hash: h(rng),
            hash: h(rng),
        });
    }
    let mut steps = 0;
    for _ in 0..below(rng, 4) {
        steps += below(rng, 1000);
        let options = [
            TrainingChange::LearningRate(rng.uniform() + 1e-9),
            TrainingChange::L2(rng.uniform()),
            TrainingChange::Epochs(1 + below(rng, 900) as usize),
            TrainingChange::Schedule(Schedule::Cosine),
        ];
        let set = pick(rng, &options);
        link.changes.push(ReplayChange { steps, set });
    }
    if below(rng, 3) == 0 {
        link.lesson = Some(random_lesson(rng, &link.spec));
    }
    link
}

/// A random valid lesson whose steps load generated data, the link's own experiment, or
/// nothing.
fn random_lesson(rng: &mut SeededRng, spec: &ExperimentSpec) -> crate::spec::lesson::Lesson {
    use crate::spec::lesson::{Lesson, LessonStep};
    let ids = |rng: &mut SeededRng, prefix: &str| (0..below(rng, 4)).map(|i| format!("{prefix}-{i}")).collect();
    let steps = (0..1 + below(rng, 6))
        .map(|_| {
            let question = (below(rng, 2) == 0).then(|| format!("Why{}?", text(rng, 40)));
            LessonStep {
                title: text(rng, 30).replace('\n', " "),
                text: format!("Step: {}", text(rng, 200)),
                experiment: match below(rng, 3) {
                    0 => None,
                    1 => Some(spec.clone()),
                    _ => Some(ExperimentSpec { seed: rng.next_u64(), ..ExperimentSpec::default() }),
                },
                highlight: ids(rng, "hl"),
                hidden: ids(rng, "hide"),
                locked: ids(rng, "lock"),
                answer: question.as_ref().filter(|_| below(rng, 2) == 0).map(|_| text(rng, 50) + "."),
                question,
                autostart: below(rng, 2) == 0,
                stage: crate::spec::stage::Stage::ALL.get(below(rng, 8) as usize).copied(),
            }
        })
        .collect();
    Lesson { title: format!("Lesson {}", below(rng, 100)), steps }
}

#[test]
fn random_links_round_trip_exactly() {
    for seed in 0..300 {
        let link = random_link(seed);
        link.validate().unwrap_or_else(|e| panic!("seed {seed}: the generator made an invalid link: {e}"));
        let text = link.encode().unwrap();
        assert!(text.starts_with("v1.") && text.is_ascii(), "{text}");
        assert!(
            text.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b)),
            "needs no URL escaping: {text}"
        );
        let back = ShareLink::decode(&text).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        assert_eq!(back, link, "seed {seed}");
        // Every way of carrying it opens the same experiment.
        for carried in
            [format!("#x={text}"), format!("x={text}"), link.to_url("https://lantern.example/play/?a=1#old").unwrap()]
        {
            assert_eq!(ShareLink::decode(&carried).unwrap(), link, "{carried}");
        }
        assert_eq!(ShareLink::from_json_file(&link.to_json_file().unwrap()).unwrap(), link);
    }
}

#[test]
fn default_link_is_short() {
    // Every field is written, defaults too: a link keeps its meaning if defaults change.
    let text = ShareLink::new(ExperimentSpec::default()).encode().unwrap();
    assert!(text.len() < 600, "{} characters: {text}", text.len());
    assert_eq!(encoded_len(&ShareLink::default()).unwrap(), text.len());
}

#[test]
fn forms_of_a_link_are_recognised() {
    for yes in ["v1.abc.12345678", "https://x/#x=v1", "http://127.0.0.1:8080/#x=", "#x=v1.", "x=v1.", "v12.a"] {
        assert!(is_link(yes), "{yes}");
    }
    for no in ["{\"seed\":1}", "spec.json", "v1json", "./v1.json.bak", "vx.1", ""] {
        assert!(!is_link(no), "{no}");
    }
    let text = ShareLink::default().encode().unwrap();
    let wrapped: String =
        text.chars().collect::<Vec<_>>().chunks(20).map(|c| c.iter().collect::<String>() + "\n  ").collect();
    assert_eq!(ShareLink::decode(&format!("#x={wrapped}")).unwrap(), ShareLink::default(), "mail-wrapped links open");
    assert_eq!(ShareLink::decode(&format!("https://h/#a=1&x={text}&b=2")).unwrap(), ShareLink::default());
}

fn link_error(text: &str) -> String {
    match ShareLink::decode(text) {
        Err(e) => e.to_string(),
        Ok(l) => panic!("{text} opened as {l:?}"),
    }
}

/// A link whose payload is `json` as given (no validation on the way in).
fn raw_link(version: &str, json: &str) -> String {
    let compressed = miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 9);
    let sum = &sha256_hex(&compressed)[..8];
    use base64::Engine;
    format!("{version}.{}.{sum}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&compressed))
}

#[test]
fn bad_links_say_what_is_wrong_and_what_to_do() {
    let good = ShareLink::default().encode().unwrap();
    let e = link_error(&good.replacen("v1.", "v2.", 1));
    assert!(e.contains("newer Lantern (format v2)") && e.contains("reads v1"), "{e}");
    assert!(link_error(&good[..good.len() - 12]).contains("damaged or cut short"));
    assert!(link_error(&good.replace('.', ",")).contains("not a Lantern link"));
    assert!(link_error(&good.replacen('.', ",", 1)).contains("not a Lantern link"));
    assert!(link_error(&format!("{good}.x")).contains("damaged"));
    let mut flipped = good.clone().into_bytes();
    flipped[10] = if flipped[10] == b'A' { b'B' } else { b'A' };
    assert!(link_error(&String::from_utf8(flipped).unwrap()).contains("copy it again"));
    assert!(link_error("https://lantern.example/").contains("no `#x=`"));
    assert!(link_error(&"v1.".repeat(1_000_000)).contains("at most"));
    assert!(
        link_error(&raw_link("v1", "not json")).contains("could not read")
            || link_error(&raw_link("v1", "not json")).contains("expected")
    );
}

#[test]
fn fields_are_named_in_payload_errors() {
    let field = |json: &str| match ShareLink::decode(&raw_link("v1", json)) {
        Err(Error::Spec { field, .. }) => field,
        other => panic!("{json}: {other:?}"),
    };
    assert_eq!(field(r#"{"spec":{"training":{"epochs":"many"}}}"#), "training.epochs");
    assert_eq!(field(r#"{"spec":{"training":{"epochs":0}}}"#), "training.epochs");
    assert_eq!(field(r#"{"spec":{},"teaching":{"note":7}}"#), "teaching.note");
    let e = ShareLink::decode(&raw_link("v1", r#"{"spec":{},"extra":1}"#)).unwrap_err().to_string();
    assert!(e.contains("extra"), "{e}");
    let long_note = format!(r#"{{"spec":{{}},"teaching":{{"note":"{}"}}}}"#, "n".repeat(2001));
    assert_eq!(field(&long_note), "teaching.note");
    assert_eq!(field(r#"{"spec":{},"teaching":{"hidden":["<script>"]}}"#), "teaching.hidden");
    let change = r#"{"spec":{},"changes":[{"steps":3,"set":{"field":"learning_rate","value":-1}}]}"#;
    assert_eq!(field(change), "changes[0].learning_rate");
    let data_not_file = r#"{"spec":{},"data":{"kind":"reference","name":"a.csv","size":1,"url":"https://x/a.csv"}}"#;
    assert_eq!(field(data_not_file), "data");
    let bad_hash = r#"{"spec":{"data":{"source":{"kind":"file","name":"a.csv"}}},"data":{"kind":"reference","name":"a.csv","size":1,"sha256":"xyz"}}"#;
    assert_eq!(field(bad_hash), "data.sha256");
    let js_url = r#"{"spec":{"data":{"source":{"kind":"file","name":"a.csv"}}},"data":{"kind":"reference","name":"a.csv","size":1,"url":"javascript:alert(1)"}}"#;
    assert_eq!(field(js_url), "data.url");
}

#[test]
fn data_is_embedded_up_to_64_kib_compressed_and_checked_by_hash_beyond() {
    let small = b"x,y\n1,2\n3,4\n".repeat(100);
    assert!(matches!(LinkData::for_file("s.csv", &small, None), LinkData::Embedded(_)));
    assert!(LinkBudget::for_file(&small).data_fits);
    // Incompressible bytes beyond the budget.
    let rng = &mut SeededRng::new(1, Stream::Data);
    let big: Vec<u8> = (0..70_000).map(|_| (rng.next_u64() % 256) as u8).collect();
    let budget = LinkBudget::for_file(&big);
    assert!(!budget.data_fits && budget.data_share() > 1.0, "{budget:?}");
    let data = LinkData::for_file("big.csv", &big, None);
    let LinkData::Reference(r) = &data else { panic!("{data:?}") };
    assert_eq!(r.sha256.as_deref(), Some(sha256_hex(&big).as_str()));
    assert_eq!(r.size, 70_000);
    data.check_file(&big).unwrap();
    let e = data.check_file(&small).unwrap_err().to_string();
    assert!(e.contains("not the file the link was made from") && e.contains("big.csv"), "{e}");
    assert_eq!(sha256_hex(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

#[test]
fn live_changes_are_the_diff_of_two_settings() {
    let old = crate::spec::TrainingSpec::default();
    let mut new = old.clone();
    new.learning_rate = 0.01;
    new.epochs = 800;
    new.batch_size = 99; // cannot change while training: ignored
    let c = ReplayChange::between(120, &old, &new);
    assert_eq!(
        c,
        [
            ReplayChange { steps: 120, set: TrainingChange::LearningRate(0.01) },
            ReplayChange { steps: 120, set: TrainingChange::Epochs(800) },
        ]
    );
    let json = serde_json::to_string(&c[0]).unwrap();
    assert_eq!(json, r#"{"steps":120,"set":{"field":"learning_rate","value":0.01}}"#);
    let mut t = old.clone();
    c.iter().for_each(|c| c.set.apply(&mut t));
    assert_eq!((t.learning_rate, t.epochs, t.batch_size), (0.01, 800, old.batch_size));
}

#[test]
fn experiment_files_of_newer_formats_are_refused() {
    let e = ShareLink::from_json_file(r#"{"lantern_experiment": 9, "experiment": {}}"#).unwrap_err().to_string();
    assert!(e.contains("newer Lantern (format v9)"), "{e}");
    let e = ShareLink::from_json_file(r#"{"seed": 1}"#).unwrap_err().to_string();
    assert!(e.contains("not a Lantern experiment file"), "{e}");
}

#[test]
fn bad_experiment_files_are_named_as_files_and_say_what_to_do() {
    let cases = [
        (r#"{"lantern_experiment": 9, "experiment": {}}"#, "this file was made by a newer Lantern (format v9)"),
        (
            r#"{"seed": 1}"#,
            "it has no `lantern_experiment` version). Choose a file made with “Export experiment (.json)”",
        ),
        ("PK\u{3}\u{4} zip bytes", "(not a JSON object: expected value at line 1 column 1). Choose a file"),
        ("[1, 2]", "not a Lantern experiment file (not a JSON object"),
        ("42", "not a Lantern experiment file (not a JSON object"),
    ];
    for (text, want) in cases {
        let e = ShareLink::from_json_file(text).unwrap_err();
        assert!(matches!(e, Error::ExperimentFile(_)), "{text}: {e:?}");
        let e = e.to_string();
        assert!(e.starts_with("cannot read the experiment file: "), "{e}");
        assert!(e.contains(want), "{text}: {e}");
    }
    let file = ShareLink::new(ExperimentSpec::default()).to_json_file().unwrap();
    let e = ShareLink::from_json_file(&format!("{file} trailing")).unwrap_err();
    assert!(
        matches!(&e, Error::ExperimentFile(m) if m.contains("(not a JSON object: trailing characters at line")),
        "{e:?}"
    );
    let too_big = format!("{{\"pad\": \"{}\"}}", " ".repeat(limits::MAX_FILE_BYTES));
    let e = ShareLink::from_json_file(&too_big).unwrap_err().to_string();
    assert_eq!(e, "cannot read the experiment file: the file is 64 MB; at most 64 MB can be read");
}

/// The capped compressed length is the whole one when it fits, and stops early otherwise.
#[test]
fn compressed_length_within_a_cap() {
    let text = b"x,y,label\n1.25,3.5,a\n2.5,1.75,b\n".repeat(400);
    let full = codec::compressed_len(&text);
    assert_eq!(codec::compressed_len_within(&text, full), Some(full));
    assert_eq!(codec::compressed_len_within(&text, 1 << 20), Some(full));
    assert_eq!(codec::compressed_len_within(&text, full - 1), None);
    // A megabyte that barely compresses passes 64 KiB long before its end.
    let mut state = 7u32;
    let noise: Vec<u8> = (0..1 << 20)
        .map(|_| {
            state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            (state >> 24) as u8
        })
        .collect();
    assert_eq!(codec::compressed_len_within(&noise, limits::MAX_EMBEDDED_COMPRESSED), None);
    assert!(codec::compressed_len(&noise) > 1 << 19);
    assert!(!LinkBudget::for_file(&noise).data_fits && LinkBudget::for_file(&text).data_fits);
    // Measured in pieces (a file read a chunk at a time): the same hash and budget.
    for bytes in [&text[..], &noise[..], b"", b"a"] {
        for size in [1, 7, 4096, 1 << 20] {
            let mut measure = codec::FileMeasure::default();
            bytes.chunks(size).for_each(|piece| measure.feed(piece));
            let (sha, budget) = measure.finish();
            assert_eq!(
                (sha, budget),
                (codec::sha256_hex(bytes), LinkBudget::for_file(bytes)),
                "{} in {size}",
                bytes.len()
            );
        }
    }
}
