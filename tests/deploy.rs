//! Exported models: export → import gives bit-identical predictions, the evaluation on the
//! training's own test rows equals the card's test evaluation, zip round trips, bad bundles
//! and bad new data are refused with the right typed error.

#![allow(clippy::unwrap_used)]

mod support;
use support::bits;

use lantern::data::prepare::{prepare, SplitFractions};
use lantern::data::Table;
use lantern::deploy::{ModelBundle, Prediction, Predictor};
use lantern::error::{BundleError, Error};
use lantern::spec::{DataSource, ExperimentSpec};
use lantern::train::inputs::builtin_table;
use lantern::train::Trainer;

/// A short run on a bundled table.
fn trained(name: &str, hidden: Vec<usize>, epochs: usize) -> (Trainer, Table, Vec<usize>) {
    trained_as(name, |spec| {
        spec.model.hidden = hidden;
        spec.training.epochs = epochs;
    })
}

/// A run on a bundled table, its spec changed by `set`.
fn trained_as(name: &str, set: impl FnOnce(&mut ExperimentSpec)) -> (Trainer, Table, Vec<usize>) {
    let mut spec = ExperimentSpec::default();
    if name == "diabetes" {
        // `sex` (1 or 2) used as categories: a numeric code one-hot encoded.
        spec.data.prepare.kinds.insert("sex".into(), lantern::data::schema::ColumnKind::Categorical);
    }
    spec.data.source = DataSource::Builtin { name: name.into() };
    spec.data.prepare.target = Some(lantern::data::builtin::builtin(name).unwrap().target.into());
    spec.data.validation_fraction = 0.1;
    spec.training.learning_rate = 0.01;
    spec.training.optimizer = lantern::spec::Optimizer::Adam;
    set(&mut spec);
    let mut trainer = Trainer::new(&spec).unwrap();
    while !trainer.is_done() {
        trainer.run_epoch().unwrap();
    }
    let table = builtin_table(name).unwrap();
    let fractions = SplitFractions { train: spec.data.train_fraction, validation: spec.data.validation_fraction };
    let test_rows = prepare(&table, &spec.data.prepare, fractions, spec.seed).unwrap().rows.2;
    (trainer, table, test_rows)
}

fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap()
}

/// Export → import (folder files and zip) → predictions on the whole test split identical to
/// the in-memory bundle's, and the evaluation on those rows identical to the training's.
fn round_trip(name: &str, hidden: Vec<usize>) -> (Predictor, Table) {
    round_trip_of(name, trained(name, hidden, 25))
}

/// [`round_trip`] of a run already made.
fn round_trip_of(name: &str, (trainer, table, test_rows): (Trainer, Table, Vec<usize>)) -> (Predictor, Table) {
    let _ = name;
    let bundle = ModelBundle::from_trainer(&trainer, None).unwrap();
    let test = table.select_rows(&test_rows);
    let original = Predictor::new(bundle.clone()).unwrap().predict_table(&test).unwrap();
    let evaluation = original.evaluation.as_ref().unwrap();
    assert_eq!(evaluation.labelled, test_rows.len());
    // The predictor computes exactly what the trainer's test evaluation computed.
    assert_eq!(json(&evaluation.evaluation), json(&trainer.evaluate_test().unwrap()));
    assert_eq!(json(&evaluation.evaluation), json(&bundle.card.test));

    let from_files = ModelBundle::from_files(&bundle.to_files().unwrap()).unwrap();
    let zip = bundle.to_zip().unwrap();
    assert_eq!(zip, bundle.to_zip().unwrap(), "zipping is deterministic");
    let from_zip = ModelBundle::from_zip(&zip).unwrap();
    for back in [from_files, from_zip] {
        assert_eq!(back.layers, bundle.layers);
        assert_eq!(back.learner, bundle.learner);
        assert_eq!(json(&back.card), json(&bundle.card));
        let again = Predictor::new(back).unwrap().predict_table(&test).unwrap();
        assert_eq!(bits(&again.predictions), bits(&original.predictions));
        assert_eq!(json(&again.evaluation), json(&original.evaluation));
    }
    (Predictor::new(bundle).unwrap(), table)
}

#[test]
fn models_that_are_not_networks_round_trip_bit_for_bit() {
    use lantern::spec::learner::{BoostingSpec, ForestSpec, KnnSpec, LearnerSpec, TreeSpec};
    let learners = [
        ("penguins", LearnerSpec::Forest(ForestSpec { trees: 8, ..ForestSpec::default() })),
        ("penguins", LearnerSpec::Boosting(BoostingSpec { rounds: 12, ..BoostingSpec::default() })),
        ("diabetes", LearnerSpec::Boosting(BoostingSpec { rounds: 12, ..BoostingSpec::default() })),
        ("diabetes", LearnerSpec::Tree(TreeSpec { max_depth: Some(5), ..TreeSpec::default() })),
        ("iris", LearnerSpec::Knn(KnnSpec::default())),
    ];
    for (name, learner) in learners {
        let family = learner.family();
        let run = trained_as(name, |spec| spec.model.learner = Some(Box::new(learner)));
        let (predictor, _) = round_trip_of(name, run);
        let card = predictor.card();
        assert_eq!(card.architecture.family.as_deref(), Some(family));
        // Trees as safetensors (version 3, the tensors listed in the card); k-NN as JSON (2).
        let (version, file, tensors) = match family {
            "knn" => (2, "model.learner.json", 0),
            _ => (3, "model.trees.safetensors", 10),
        };
        assert_eq!((card.format_version, card.weights.file.as_str()), (version, file), "{family}");
        assert_eq!(card.weights.tensors.len(), tensors, "{family}");
        assert!(predictor.bundle().layers.is_empty() && predictor.bundle().learner.is_some());
    }
    // A network's card is written as it always was: version 1, and no family.
    let (trainer, ..) = trained("iris", vec![4], 2);
    let card = ModelBundle::from_trainer(&trainer, None).unwrap().card;
    assert_eq!((card.format_version, card.architecture.family), (1, None));
}

/// The files of the version-2 bundle in tests/fixtures/bundle_v2_forest/model (a forest as
/// `model.learner.json`, exported before tree models had their safetensors file).
fn version_2_files() -> Vec<(String, Vec<u8>)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/bundle_v2_forest");
    ["model.json", "model.learner.json"]
        .map(|name| (name.to_string(), std::fs::read(format!("{dir}/model/{name}")).unwrap()))
        .to_vec()
}

#[test]
fn a_version_2_bundle_of_trees_still_loads_and_predicts_as_it_did() {
    let files = version_2_files();
    let bundle = ModelBundle::from_files(&files).unwrap();
    assert_eq!((bundle.card.format_version, bundle.card.weights.file.as_str()), (2, "model.learner.json"));
    assert!(matches!(&bundle.learner, Some(lantern::learn::Model::Forest(f)) if f.trees.len() == 3));
    // Written back as it was read (the page re-zips imported files), and read again from a zip.
    assert_eq!(bundle.to_files().unwrap(), files);
    assert_eq!(ModelBundle::from_zip(&bundle.to_zip().unwrap()).unwrap(), bundle);
    // The predictions of the Lantern that exported it (`lantern predict`, in predicted.csv).
    let penguins = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/www/datasets/penguins.csv")).unwrap();
    let expected = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/bundle_v2_forest/predicted.csv"));
    let batch = Predictor::new(bundle).unwrap().predict_csv(&penguins).unwrap();
    assert_eq!(batch.to_csv().unwrap(), expected.unwrap());
}

#[test]
fn a_damaged_version_2_learner_is_refused_not_followed() {
    let mut files = version_2_files();
    let learner = String::from_utf8(files[1].1.clone()).unwrap();
    for (from, to, says) in [
        ("\"left\":1,\"right\":2", "\"left\":1,\"right\":70", "tree 0: node 0 has children 1 and 70"),
        ("\"feature\":5,", "\"feature\":10,", "tree 0: node 0 tests feature 10, of a model reading 10"),
    ] {
        assert!(learner.contains(from));
        files[1].1 = learner.replacen(from, to, 1).into_bytes();
        let mut card: serde_json::Value = serde_json::from_slice(&version_2_files()[0].1).unwrap();
        card["weights"]["sha256"] = lantern::spec::link::sha256_hex(&files[1].1).into();
        files[0].1 = serde_json::to_vec(&card).unwrap();
        match ModelBundle::from_files(&files) {
            Err(Error::Bundle(BundleError::Damaged(m))) => assert!(m.contains(says), "{m}"),
            other => panic!("{:?}", other.map(|_| ())),
        }
    }
}

#[test]
fn penguins_classifier_round_trips_bit_for_bit() {
    let (predictor, table) = round_trip("penguins", vec![8]);
    let card = predictor.card();
    assert_eq!(card.class_names, ["Adelie", "Chinstrap", "Gentoo"]);
    assert_eq!(card.target, "species");
    let names = card.input_names();
    for c in ["island", "bill_length_mm", "sex"] {
        assert!(names.contains(&c.to_string()), "{names:?}");
    }
    assert!(!names.contains(&"species".to_string()));
    // 344 rows; every prediction is a class with probabilities summing to 1.
    let all = predictor.predict_table(&table).unwrap();
    assert_eq!(all.predictions.len(), 344);
    for p in &all.predictions {
        let Prediction::Class { probabilities, index, class } = p else { panic!() };
        assert!((probabilities.iter().sum::<f64>() - 1.0).abs() < 1e-6);
        assert_eq!(card.class_names[*index], *class);
    }
    // Penguins has missing values: filling them is reported.
    assert!(all.notices.iter().any(|n| n.contains("no value; filled with")), "{:?}", all.notices);
}

#[test]
fn diabetes_regression_round_trips_bit_for_bit_in_target_units() {
    let (predictor, table) = round_trip("diabetes", vec![]);
    let all = predictor.predict_table(&table).unwrap();
    let values: Vec<f64> =
        all.predictions.iter().map(|p| if let Prediction::Value { value } = p { *value } else { panic!() }).collect();
    // Un-standardised: the target is disease progression, 25 to 346, mean 152.
    let mean = values.iter().sum::<f64>() / values.len() as f64;
    assert!((100.0..200.0).contains(&mean), "{mean}");
    // `sex` (1 or 2) is a numeric code used as categories (see `trained`).
    let sex = predictor.card().input("sex").unwrap();
    assert!(
        matches!(&sex.kind, lantern::deploy::InputKind::Categorical { numeric_codes: true, categories, .. } if categories.len() == 2)
    );
}

#[test]
fn generated_data_models_export_too() {
    let mut spec = ExperimentSpec::default();
    spec.training.epochs = 3;
    let mut trainer = Trainer::new(&spec).unwrap();
    while !trainer.is_done() {
        trainer.run_epoch().unwrap();
    }
    let bundle = ModelBundle::from_zip(&ModelBundle::from_trainer(&trainer, None).unwrap().to_zip().unwrap()).unwrap();
    assert_eq!(bundle.card.target, "label");
    assert_eq!(bundle.card.input_names(), ["x1", "x2"]);
    let p = Predictor::new(bundle).unwrap();
    // The identity preparation gives the trainer's own outputs: P(class 1) at (1, −2).
    let row = p.predict_row(&[("x1", "1"), ("x2", "-2")]).unwrap();
    let expected = f64::from(trainer.predict(&[1.0, -2.0]).unwrap()[0]);
    let Prediction::Class { probabilities, .. } = row.prediction else { panic!() };
    assert_eq!(probabilities[1], expected);
}

fn penguin_predictor() -> Predictor {
    let (trainer, _, _) = trained("penguins", vec![], 5);
    Predictor::new(ModelBundle::from_trainer(&trainer, None).unwrap()).unwrap()
}

#[test]
fn bad_bundles_are_refused_with_typed_errors() {
    let (trainer, _, _) = trained("iris", vec![], 2);
    let bundle = ModelBundle::from_trainer(&trainer, None).unwrap();
    let files = bundle.to_files().unwrap();
    let bundle_error = |r: lantern::Result<ModelBundle>| match r {
        Err(Error::Bundle(e)) => e,
        other => panic!("{other:?}"),
    };
    // Missing weights.
    assert_eq!(
        bundle_error(ModelBundle::from_files(&files[..1])),
        BundleError::MissingFile("model.safetensors".into())
    );
    // A foreign JSON file.
    let foreign = vec![("model.json".to_string(), br#"{"name": "resnet"}"#.to_vec()), files[1].clone()];
    assert!(matches!(bundle_error(ModelBundle::from_files(&foreign)), BundleError::Foreign(_)));
    let not_json = vec![("model.json".to_string(), b"\x89PNG".to_vec()), files[1].clone()];
    assert!(matches!(bundle_error(ModelBundle::from_files(&not_json)), BundleError::Foreign(_)));
    // A newer format.
    let card = String::from_utf8(files[0].1.clone()).unwrap();
    let newer = card.replace("\"format_version\": 1", "\"format_version\": 7");
    let e = bundle_error(ModelBundle::from_files(&[("m/model.json".into(), newer.into_bytes()), files[1].clone()]));
    assert_eq!(e, BundleError::NewerVersion { found: 7, supported: 3 });
    assert!(Error::from(e).to_string().contains("format version 7, newer than this Lantern reads (up to 3)"));
    // Other weights than the card's.
    let (other, _, _) = trained("iris", vec![], 3);
    let other_files = ModelBundle::from_trainer(&other, None).unwrap().to_files().unwrap();
    let mixed = vec![files[0].clone(), other_files[1].clone()];
    let e = bundle_error(ModelBundle::from_files(&mixed));
    assert!(matches!(&e, BundleError::Damaged(m) if m.contains("SHA-256")), "{e:?}");
    // A damaged card field.
    let damaged = card.replace("\"task\": {", "\"task\": {\"bogus\": 1, ");
    assert!(matches!(
        bundle_error(ModelBundle::from_files(&[("model.json".into(), damaged.into_bytes()), files[1].clone()])),
        BundleError::Damaged(_) | BundleError::Foreign(_)
    ));
    // Not a zip; a zip without the files.
    assert!(matches!(bundle_error(ModelBundle::from_zip(b"hello")), BundleError::Foreign(_)));
    let zip = bundle.to_zip().unwrap();
    let cut = &zip[..zip.len() / 2];
    assert!(ModelBundle::from_zip(cut).is_err());
}

#[test]
fn new_csv_with_a_missing_column_or_a_mistyped_value_is_refused() {
    let p = penguin_predictor();
    // No `island` column.
    let csv = "species,bill_length_mm,bill_depth_mm,flipper_length_mm,body_mass_g,sex,year\n\
               Adelie,39.1,18.7,181,3750,male,2007\nGentoo,46.1,13.2,211,4500,female,2007\n";
    match p.predict_csv(csv.as_bytes()) {
        Err(Error::MissingColumns { missing, expected }) => {
            assert_eq!(missing, ["island"]);
            assert!(expected.contains(&"bill_length_mm".to_string()));
        }
        other => panic!("{other:?}"),
    }
    // `bill_length_mm` holds `39,1x` on line 3 (1 bad cell of 3: the 90 % rule alone would
    // have made it missing).
    let csv = "island,bill_length_mm,bill_depth_mm,flipper_length_mm,body_mass_g,sex,year\n\
               Torgersen,39.1,18.7,181,3750,male,2007\nBiscoe,39.1x,13.2,211,4500,female,2007\n\
               Dream,40,17,190,3900,male,2008\n";
    match p.predict_csv(csv.as_bytes()) {
        Err(Error::Data { line, column, message }) => {
            assert_eq!((line, column.as_deref()), (Some(3), Some("bill_length_mm")));
            assert!(message.contains("`39.1x`") && message.contains("not a number"), "{message}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn predictions_are_written_back_as_csv_with_notices_for_unknown_categories() {
    let p = penguin_predictor();
    // Extra column `note` (with a comma and a quote), an unseen island, a missing bill length,
    // no target column.
    let csv = "note,island,bill_length_mm,bill_depth_mm,flipper_length_mm,body_mass_g,sex,year\n\
               \"a, \"\"b\"\"\",Atlantis,39.1,18.7,181,3750,male,2007\nx,Biscoe,,13.2,211,4500,female,2007\n";
    let batch = p.predict_csv(csv.as_bytes()).unwrap();
    assert!(batch.evaluation.is_none());
    assert!(
        batch
            .notices
            .iter()
            .any(|n| n.contains("`island`: 1 row has a category the model never saw") && n.contains("`Atlantis`")),
        "{:?}",
        batch.notices
    );
    assert!(
        batch.notices.iter().any(|n| n.starts_with("`bill_length_mm`: 1 row has no value; filled with")),
        "{:?}",
        batch.notices
    );
    let out = String::from_utf8(batch.to_csv().unwrap()).unwrap();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "note,island,bill_length_mm,bill_depth_mm,flipper_length_mm,body_mass_g,sex,year,predicted_species,p_Adelie,p_Chinstrap,p_Gentoo"
    );
    assert!(lines[1].starts_with("\"a, \"\"b\"\"\",Atlantis,39.1,18.7,181,3750,male,2007,"), "{}", lines[1]);
    assert!(lines[2].starts_with("x,Biscoe,,13.2,"), "{}", lines[2]);
    // Read back with the app's reader: same rows, probabilities summing to 1.
    let back = lantern::data::csv::read_csv(out.as_bytes(), &Default::default()).unwrap().table;
    assert_eq!(back.rows(), 2);
    let p_sum: f64 = ["p_Adelie", "p_Chinstrap", "p_Gentoo"]
        .iter()
        .map(|c| match &back.column(c).unwrap().data {
            lantern::data::ColumnData::Numeric { values } => values[0],
            _ => panic!(),
        })
        .sum();
    assert!((p_sum - 1.0).abs() < 1e-9);
    // One form row: the same prediction as the CSV's first row.
    let row = p
        .predict_row(&[
            ("island", "Atlantis"),
            ("bill_length_mm", "39.1"),
            ("bill_depth_mm", "18.7"),
            ("flipper_length_mm", "181"),
            ("body_mass_g", "3750"),
            ("sex", "male"),
            ("year", "2007"),
        ])
        .unwrap();
    assert_eq!(row.prediction, batch.predictions[0]);
    let bad = p.predict_row(&[
        ("island", "Dream"),
        ("bill_length_mm", "long"),
        ("bill_depth_mm", ""),
        ("flipper_length_mm", "NA"),
        ("body_mass_g", "3750"),
        ("sex", "male"),
        ("year", "2007"),
    ]);
    assert!(matches!(bad, Err(Error::Data { column: Some(c), .. }) if c == "bill_length_mm"));
}
