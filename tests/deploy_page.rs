//! What the page's Deploy & monitor panel relies on: the worker protocol's `export` command and
//! its `exported` event (wire format, refusals that leave the run going), predicting a batch a
//! slice at a time with the very same bits and CSV bytes as all at once, the prediction form's
//! typical row, the card summary, the drift verdict, and retraining data that survives the CSV
//! round trip to the worker.

#![allow(clippy::unwrap_used)]

mod support;
use support::{bits, numeric_mut};

use lantern::data::csv::{read_csv, ReadOptions};
use lantern::data::{Column, ColumnData, Table};
use lantern::deploy::reference::ReferenceStats;
use lantern::deploy::{
    card_summary, drift, export_zip, old_table, retrain_plan, table_to_csv, test_rows, typical_row, DriftLevel,
    ModelBundle, Predictor, RetrainRows,
};
use lantern::error::Error;
use lantern::spec::{DataSource, ExperimentSpec};
use lantern::train::inputs::builtin_table;
use lantern::train::{Command, Event, Session, Trainer};

fn penguins_spec(hidden: Vec<usize>, epochs: usize) -> ExperimentSpec {
    let mut spec = ExperimentSpec::default();
    spec.data.source = DataSource::Builtin { name: "penguins".into() };
    spec.data.prepare.target = Some("species".into());
    spec.model.hidden = hidden;
    spec.training.epochs = epochs;
    spec
}

fn trained(hidden: Vec<usize>, epochs: usize) -> Trainer {
    let mut t = Trainer::new(&penguins_spec(hidden, epochs)).unwrap();
    while !t.is_done() {
        t.run_epoch().unwrap();
    }
    t
}

fn exported(events: &[Event]) -> Vec<u8> {
    match events {
        [Event::Exported { zip }] => zip.clone(),
        other => panic!("expected one exported event, got {other:?}"),
    }
}

fn export_failure(events: &[Event]) -> String {
    match events {
        [Event::ExportFailed { message }] => message.clone(),
        other => panic!("expected one export_failed event, got {other:?}"),
    }
}

#[test]
fn export_command_answers_with_the_zip_of_the_run() {
    let mut session = Session::new().with_exporter(export_zip);
    session.handle(Command::Load { spec: penguins_spec(vec![4], 3), changes: Vec::new() });
    for _ in 0..3 {
        session.handle(Command::Step);
    }
    let zip = exported(&session.handle(Command::Export));
    // The zip holds the bundle built from the worker's own trainer: same card and weights.
    let bundle = ModelBundle::from_zip(&zip).unwrap();
    assert_eq!(bundle, ModelBundle::from_trainer(session.trainer().unwrap(), None).unwrap());
    assert_eq!(bundle.card.training.epochs, 3);
    assert_eq!(bundle.card.created, None, "the core has no clock: the page sets the date");
    // Wire format: the command is `"export"`; the zip travels as padded standard base64 (the
    // zip signature "PK\x03\x04" begins "UEsDB").
    assert_eq!(Command::Export.to_json(), r#""export""#);
    assert_eq!(Command::from_json(r#""export""#).unwrap(), Command::Export);
    let event = Event::Exported { zip: zip.clone() };
    let json = event.to_json();
    assert!(json.starts_with(r#"{"exported":{"zip":"UEsDB"#), "{}", &json[..40]);
    assert_eq!(json.len(), r#"{"exported":{"zip":""}}"#.len() + zip.len().div_ceil(3) * 4);
    assert_eq!(Event::from_json(&json).unwrap(), event);
    let tiny = Event::Exported { zip: vec![0xff, 0x00] };
    assert_eq!(tiny.to_json(), r#"{"exported":{"zip":"/wA="}}"#);
    assert!(Event::from_json(r#"{"exported":{"zip":"not base64!"}}"#).is_err());
    let failed = Event::ExportFailed { message: "m".into() };
    assert_eq!(failed.to_json(), r#"{"export_failed":{"message":"m"}}"#);
}

#[test]
fn export_refusals_leave_the_run_going() {
    // Nothing loaded yet.
    let mut session = Session::new().with_exporter(export_zip);
    assert!(export_failure(&session.handle(Command::Export)).contains("no run to export yet"));
    // A host without an exporter.
    let mut plain = Session::new();
    plain.handle(Command::Load { spec: penguins_spec(vec![], 2), changes: Vec::new() });
    let message = export_failure(&plain.handle(Command::Export));
    assert_eq!(
        message,
        "The model was not exported: bad message between page and worker: this host cannot export models"
    );
    // The run goes on: the next step trains epoch 1.
    let events = plain.handle(Command::Step);
    let Some(Event::Progress { epochs, .. }) = events.iter().find(|e| matches!(e, Event::Progress { .. })) else {
        panic!("{events:?}")
    };
    assert_eq!(epochs.len(), 1);
    // A run on the user's file exports with that file's statistics.
    let csv = std::fs::read("www/datasets/penguins.csv").unwrap();
    assert!(session.read_file("data.csv", std::sync::Arc::new(csv.clone()), false, &mut |_| {}).is_empty());
    let mut spec = penguins_spec(vec![], 2);
    spec.data.source = DataSource::File { name: "mine.csv".into() };
    session.handle(Command::Load { spec, changes: Vec::new() });
    session.handle(Command::Step);
    let bundle = ModelBundle::from_zip(&exported(&session.handle(Command::Export))).unwrap();
    assert_eq!(bundle.card.spec.data.source, DataSource::File { name: "mine.csv".into() });
    assert_eq!(bundle.card.training.epochs, 1);
}

#[test]
fn slices_predict_the_same_bits_as_the_whole_batch() {
    let predictor = Predictor::new(ModelBundle::from_trainer(&trained(vec![16, 8], 5), None).unwrap()).unwrap();
    let csv = std::fs::read("www/datasets/penguins.csv").unwrap();
    let whole = predictor.predict_csv(&csv).unwrap();
    for slice in [1, 7, 100, 344, 1000] {
        let mut job = predictor.start_csv(&csv).unwrap();
        assert_eq!((job.rows(), job.done()), (344, 0));
        let mut steps = 0;
        while !job.is_done() {
            predictor.advance(&mut job, slice).unwrap();
            steps += 1;
        }
        assert_eq!(steps, 344usize.div_ceil(slice));
        let batch = predictor.finish(job).unwrap();
        assert_eq!(bits(&batch.predictions), bits(&whole.predictions), "slices of {slice}");
        assert_eq!(batch.notices, whole.notices);
        assert_eq!(
            serde_json::to_string(&batch.evaluation).unwrap(),
            serde_json::to_string(&whole.evaluation).unwrap()
        );
        // The CSV written a slice at a time is the same bytes.
        let mut text = batch.csv_header().unwrap();
        for start in (0..344).step_by(slice) {
            text.extend(batch.csv_rows(start..start + slice).unwrap());
        }
        assert_eq!(text, whole.to_csv().unwrap(), "slices of {slice}");
    }
    // The penguins file has 11 rows without sex and 2 without measurements: said once, for
    // the whole file, not per slice.
    assert!(whole.notices.iter().any(|n| n.starts_with("`sex`: 11 rows have no value")), "{:?}", whole.notices);
    // A job must be finished before its predictions are read.
    let mut job = predictor.start_csv(&csv).unwrap();
    predictor.advance(&mut job, 10).unwrap();
    match predictor.finish(job) {
        Err(Error::Data { message, .. }) => assert_eq!(message, "only 10 of 344 rows are predicted yet"),
        other => panic!("{other:?}"),
    }
    // Missing inputs are all named.
    let mut table = builtin_table("penguins").unwrap();
    table.columns.retain(|c| c.name != "island" && c.name != "year");
    match predictor.start_batch(table, Vec::new()) {
        Err(Error::MissingColumns { missing, .. }) => assert_eq!(missing, ["island", "year"]),
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_form_starts_from_a_typical_training_row() {
    let mut card = ModelBundle::from_trainer(&trained(vec![], 1), None).unwrap().card;
    let names: Vec<&str> = card.inputs.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(names, ["island", "bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g", "sex", "year"]);
    // By hand: an even count takes the lower middle value (a value seen in training), an odd
    // count the middle one; the most frequent category, the first in order on ties.
    for r in &mut card.reference {
        match (&r.name[..], &mut r.stats) {
            ("bill_length_mm", ReferenceStats::Numeric { sample, .. }) => *sample = vec![32.1, 39.5, 41.0, 58.0],
            ("bill_depth_mm", ReferenceStats::Numeric { sample, .. }) => *sample = vec![13.1, 17.0, 21.5],
            ("flipper_length_mm", ReferenceStats::Numeric { sample, .. }) => sample.clear(),
            ("island", ReferenceStats::Categorical { counts, .. }) => *counts = vec![3, 5, 5],
            _ => {}
        }
    }
    let row = typical_row(&card);
    let value = |name: &str| row.iter().find(|(n, _)| n == name).unwrap().1.clone();
    assert_eq!(value("bill_length_mm"), "39.5");
    assert_eq!(value("bill_depth_mm"), "17");
    let categories = match &card.input("island").unwrap().kind {
        lantern::deploy::InputKind::Categorical { categories, .. } => categories.clone(),
        lantern::deploy::InputKind::Numeric { .. } => panic!(),
    };
    assert_eq!(value("island"), categories[1]);
    // No kept values: the fill value (the training mean here).
    let fill = match card.input("flipper_length_mm").unwrap().kind {
        lantern::deploy::InputKind::Numeric { fill, .. } => fill,
        lantern::deploy::InputKind::Categorical { .. } => panic!(),
    };
    assert_eq!(value("flipper_length_mm"), format!("{fill}"));
    // The typical row predicts without notices.
    let predictor = Predictor::new(ModelBundle::from_trainer(&trained(vec![], 1), None).unwrap()).unwrap();
    let typical = typical_row(predictor.card());
    assert!(predictor.predict_row(&typical).unwrap().notices.is_empty());
}

#[test]
fn the_card_in_a_few_lines() {
    let mut card = ModelBundle::from_trainer(&trained(vec![], 2), None).unwrap().card;
    let lines = card_summary(&card);
    let line = |k: &str| lines.iter().find(|(n, _)| *n == k).unwrap().1.clone();
    // Prepared features: island (3 one-hot), 4 measurements, sex (2 one-hot), year: 10 inputs;
    // softmax regression over 3 classes: 10·3 weights + 3 biases = 33 trainable numbers.
    assert_eq!(line("model"), "softmax regression (10 → 3; 33 trainable numbers)");
    assert_eq!(line("target"), "species (3 classes: Adelie, Chinstrap, Gentoo)");
    assert_eq!(line("inputs"), "island, bill_length_mm, bill_depth_mm, flipper_length_mm, body_mass_g, sex, year");
    let rows = card.training.rows.train;
    assert_eq!(line("trained"), format!("2 epochs on {rows} rows of the bundled penguins table (seed 7)"));
    assert!(line("test").starts_with("accuracy 0.") && line("test").contains(" rows)"), "{}", line("test"));
    assert_eq!(line("exported"), "date not recorded");
    card.created = Some("2026-11-27T10:00:00.000Z".into());
    assert_eq!(card_summary(&card).last().unwrap().1, "2026-11-27T10:00:00.000Z");
}

/// The shift of the page's end-to-end test: bill length + 2 standard deviations, and every
/// Torgersen penguin moved to Biscoe. Exactly those two columns are flagged.
#[test]
fn a_shifted_file_flags_exactly_the_shifted_columns_with_a_verdict() {
    let card = ModelBundle::from_trainer(&trained(vec![], 2), None).unwrap().card;
    let table = builtin_table("penguins").unwrap();
    let none = drift(&card, &table).unwrap();
    assert_eq!(
        none.verdict(),
        "None of the 7 features has drifted beyond the thresholds: the new rows look like the training rows."
    );
    let mut shifted = table.clone();
    let bill = numeric_mut(&mut shifted, "bill_length_mm");
    let present: Vec<f64> = bill.iter().copied().filter(|v| v.is_finite()).collect();
    let mean = present.iter().sum::<f64>() / present.len() as f64;
    let sd = (present.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (present.len() - 1) as f64).sqrt();
    bill.iter_mut().for_each(|v| *v += 2.0 * sd);
    let island = shifted.columns.iter_mut().find(|c| c.name == "island").unwrap();
    let moved: Vec<Option<String>> = (0..island.len())
        .map(|r| island.display(r).map(|v| if v == "Torgersen" { "Biscoe".into() } else { v }))
        .collect();
    *island = Column::text("island", &moved);
    let report = drift(&card, &shifted).unwrap();
    let flagged: Vec<(&str, DriftLevel)> = report
        .by_severity()
        .iter()
        .filter(|c| c.level > DriftLevel::None)
        .map(|c| (c.name.as_str(), c.level))
        .collect();
    assert_eq!(
        flagged,
        [("bill_length_mm", DriftLevel::Major), ("island", DriftLevel::Major)],
        "{:#?}",
        report.columns
    );
    assert_eq!(report.verdict(), "2 of 7 features have drifted (all major): retraining on recent data is advised.");
    // Sorted by severity: the two flagged first, then by PSI.
    let order = report.by_severity();
    assert!(order[2..].windows(2).all(|w| w[0].psi >= w[1].psi));
    // One moderate column only.
    let mut one = report.clone();
    one.columns.iter_mut().for_each(|c| c.level = DriftLevel::None);
    one.columns[3].level = DriftLevel::Moderate;
    assert_eq!(
        one.verdict(),
        "1 of 7 features has drifted (moderate): worth a look; check the model's metrics on labelled new rows before retraining."
    );
    one.columns[4].level = DriftLevel::Major;
    assert!(one.verdict().starts_with("2 of 7 features have drifted (1 major, 1 moderate): retraining"));
}

/// Tables equal cell by cell (missing numbers are NaN, which `==` never equals), with the same
/// column kinds.
fn assert_same_table(a: &Table, b: &Table) {
    assert_eq!(a.names(), b.names());
    for (x, y) in a.columns.iter().zip(&b.columns) {
        match (&x.data, &y.data) {
            (ColumnData::Numeric { values: u }, ColumnData::Numeric { values: v }) => {
                assert!(
                    u.len() == v.len()
                        && u.iter().zip(v).all(|(p, q)| p.to_bits() == q.to_bits() || (p.is_nan() && q.is_nan())),
                    "{}",
                    x.name
                );
            }
            (ColumnData::Text { .. }, ColumnData::Text { .. }) => {
                assert!((0..x.len().max(y.len())).all(|r| x.display(r) == y.display(r)), "{}", x.name);
            }
            _ => panic!("`{}` is numeric in one table and text in the other", x.name),
        }
    }
}

#[test]
fn retraining_data_survives_the_csv_round_trip_to_the_worker() {
    let card = ModelBundle::from_trainer(&trained(vec![], 2), None).unwrap().card;
    let old = old_table(&card, None).unwrap();
    assert_same_table(&old, &builtin_table("penguins").unwrap());
    let new = old.select_rows(&(100..160).collect::<Vec<_>>());
    let plan = retrain_plan(&card, Some(&old), &new, RetrainRows::OldAndNew, "retrain.csv").unwrap();
    assert_eq!(plan.rows, (344, 60));
    // The worker reads the plan's table as a CSV file, as any file: the same table, so the
    // same split, matrices and test rows as the page computes.
    let bytes = table_to_csv(&plan.table).unwrap();
    let again = read_csv(&bytes, &ReadOptions::default()).unwrap().table;
    assert_same_table(&again, &plan.table);
    let a = Trainer::with_table(&plan.spec, Some(&plan.table)).unwrap();
    let b = Trainer::with_table(&plan.spec, Some(&again)).unwrap();
    assert_eq!(a.split().test.x, b.split().test.x);
    assert_eq!(a.split().train.y, b.split().train.y);
    let rows = test_rows(&plan.spec, &again).unwrap();
    assert_eq!(rows.len(), a.split().test.rows());
    // The old model on those rows: evaluated like a test set (every row labelled).
    let predictor = Predictor::new(ModelBundle::from_trainer(&trained(vec![], 2), None).unwrap()).unwrap();
    let evaluation = predictor.predict_table(&again.select_rows(&rows)).unwrap().evaluation.unwrap();
    assert_eq!((evaluation.labelled, evaluation.unlabelled), (rows.len(), 0));
    // Generated data is made again from the seed; a user's file must be the one trained on.
    let mut spec = ExperimentSpec::default();
    spec.training.epochs = 1;
    let mut t = Trainer::new(&spec).unwrap();
    t.run_epoch().unwrap();
    let synthetic = ModelBundle::from_trainer(&t, None).unwrap().card;
    let points = old_table(&synthetic, None).unwrap();
    assert_eq!(points.names(), ["x1", "x2", "label"]);
    assert_eq!(points.rows(), 400);
    let mut on_file = card.clone();
    on_file.spec.data.source = DataSource::File { name: "mine.csv".into() };
    assert_same_table(&old_table(&on_file, Some(("mine.csv", &old))).unwrap(), &old);
    match old_table(&on_file, Some(("other.csv", &old))) {
        Err(Error::Data { message, .. }) => assert!(message.contains("needs `mine.csv`"), "{message}"),
        other => panic!("{other:?}"),
    }
}
