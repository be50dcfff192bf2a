#![allow(clippy::unwrap_used)]

use super::*;
use crate::learn::Predictor;
use crate::spec::learner::{LearnerSpec, TreeSpec};
use crate::spec::DataSource;
use crate::train::inputs::builtin_table;

fn spec_of(builtin: &str) -> ExperimentSpec {
    let mut s = ExperimentSpec::default();
    s.data.source = DataSource::Builtin { name: builtin.into() };
    s.data.prepare.target = crate::data::builtin::builtin(builtin).map(|b| b.target.to_string());
    s.data.validation_fraction = 0.1;
    s.model.learner = Some(Box::new(LearnerSpec::Tree(TreeSpec { max_depth: Some(3), ..TreeSpec::default() })));
    s
}

#[test]
fn every_row_is_tested_once_in_class_proportions() {
    let spec = spec_of("iris");
    let table = builtin_table("iris").unwrap();
    let mut tested = Vec::new();
    let cv = cross_validate(&spec, &table, 5, None, |_, t| {
        // Each fold's test rows: 10 of each of the 3 classes (50 each in the table).
        let y = &t.split().test.y;
        tested.push((0..3).map(|c| y.iter().filter(|&&v| v == c as f32).count()).collect::<Vec<_>>());
    })
    .unwrap();
    assert_eq!(tested, vec![vec![10, 10, 10]; 5]);
    assert_eq!(cv.folds.len(), 5);
    // 120 rows left per fold: 10 % of train + validation (the experiment's 0.1 of 0.8) validate.
    for f in &cv.folds {
        assert_eq!(f.rows[0] + f.rows[1], 120);
        assert_eq!(f.rows[2], 30);
        assert!((14..=16).contains(&f.rows[1]), "{:?}", f.rows);
    }
    let accuracy = &cv.summary[0];
    assert_eq!(accuracy.0, "accuracy");
    assert_eq!(accuracy.1.folds.len(), 5);
    let mean = accuracy.1.folds.iter().sum::<f64>() / 5.0;
    assert_eq!(accuracy.1.mean, mean);
    assert!(mean > 0.85 && accuracy.1.std > 0.0 && accuracy.1.std < 0.1, "{:?}", accuracy.1);
    // The same seed gives the same folds and numbers; another seed other folds.
    assert_eq!(cross_validate(&spec, &table, 5, None, |_, _| {}).unwrap(), cv);
    let other = cross_validate(&ExperimentSpec { seed: 8, ..spec.clone() }, &table, 5, None, |_, _| {}).unwrap();
    assert_ne!(other.summary[0].1.folds, accuracy.1.folds);
}

#[test]
fn the_preparation_is_fitted_on_each_folds_training_rows() {
    // Regression: the target's scaling and the features' come from the training rows of the
    // fold, so the folds' fitted means differ; the metrics are in the target's units.
    let spec = spec_of("diabetes");
    let table = builtin_table("diabetes").unwrap();
    let mut means = Vec::new();
    let cv = cross_validate(&spec, &table, 3, None, |_, t| {
        let train = &t.split().train;
        let width = train.width();
        let m = train.x.iter().step_by(width).map(|&v| f64::from(v)).sum::<f64>() / train.rows() as f64;
        // Standardised on these very rows: the first feature's mean is 0 (to f32 rounding).
        assert!(m.abs() < 1e-4, "{m}");
        means.push(t.learner().and_then(|l| l.model()).map(|m| m.width()));
    })
    .unwrap();
    assert_eq!(means, vec![Some(10); 3]);
    let names: Vec<&str> = cv.summary.iter().map(|(n, _)| *n).collect();
    assert_eq!(names, ["rmse", "mae", "r2"]);
    let rows: usize = cv.folds.iter().map(|f| f.rows[2]).sum();
    assert_eq!(rows, 442);
    assert!(cv.summary[0].1.mean > 30.0, "RMSE in the target's units: {:?}", cv.summary[0].1);
}

#[test]
fn folds_are_checked() {
    let spec = spec_of("iris");
    let table = builtin_table("iris").unwrap();
    for k in [0, 1, 21] {
        let e = cross_validate(&spec, &table, k, None, |_, _| {}).unwrap_err().to_string();
        assert!(e.contains("cross-validate with 2 to 20 folds"), "{e}");
    }
    // A class of 2 rows cannot be in 3 test folds.
    let csv = "x,y\n1,a\n2,a\n3,a\n4,a\n5,a\n6,b\n7,b\n";
    let small = crate::data::csv::read_csv(csv.as_bytes(), &Default::default()).unwrap().table;
    let mut s = spec_of("iris");
    s.data.source = DataSource::File { name: "small.csv".into() };
    s.data.prepare.target = Some("y".into());
    let e = cross_validate(&s, &small, 3, None, |_, _| {}).unwrap_err().to_string();
    assert!(e.contains("use fewer folds"), "{e}");
}

/// The values of `column` on `rows`.
fn cells(table: &Table, column: &str, rows: &[usize]) -> Vec<Option<String>> {
    let c = table.column(column).unwrap();
    rows.iter().map(|&r| c.display(r)).collect()
}

#[test]
fn group_folds_never_split_a_group() {
    let spec = spec_of("penguins");
    let table = builtin_table("penguins").unwrap();
    let by = FoldBy::Group { column: "island".into() };
    let mut tested = Vec::new();
    for index in 0..3 {
        let fold = FoldSpec { k: 3, index, by: Some(by.clone()) };
        let p = prepare_fold(&table, &spec.data, spec.seed, &fold).unwrap();
        let test: std::collections::BTreeSet<_> = cells(&table, "island", &p.rows.2).into_iter().collect();
        // One island per fold (three islands, three folds), never among the rows that train.
        assert_eq!(test.len(), 1, "{test:?}");
        for rows in [&p.rows.0, &p.rows.1] {
            assert!(cells(&table, "island", rows).iter().all(|g| !test.contains(g)));
        }
        tested.extend(test);
    }
    tested.sort();
    assert_eq!(tested, [Some("Biscoe".into()), Some("Dream".into()), Some("Torgersen".into())]);
    // More folds than groups: refused, saying what to do.
    let e = prepare_fold(&table, &spec.data, spec.seed, &FoldSpec { k: 4, index: 0, by: Some(by) }).unwrap_err();
    assert!(e.to_string().contains("use fewer folds"), "{e}");
    let e = cross_validate(&spec, &table, 3, Some(&FoldBy::Group { column: "nope".into() }), |_, _| {}).unwrap_err();
    assert!(e.to_string().contains("the table has no column `nope`"), "{e}");
}

#[test]
fn time_folds_train_on_the_past_and_validate_on_its_latest_rows() {
    let mut spec = spec_of("penguins");
    spec.data.validation_fraction = 0.2;
    let table = builtin_table("penguins").unwrap();
    let year = |rows: &[usize]| -> Vec<f64> {
        cells(&table, "year", rows).iter().map(|v| v.as_ref().unwrap().parse().unwrap()).collect()
    };
    for by in [FoldBy::Time { column: Some("year".into()) }, FoldBy::Time { column: None }] {
        let mut tests = 0;
        for index in 0..4 {
            let fold = FoldSpec { k: 4, index, by: Some(by.clone()) };
            let p = prepare_fold(&table, &spec.data, spec.seed, &fold).unwrap();
            let (train, val, test) = &p.rows;
            let key = |rows: &[usize]| -> Vec<f64> {
                match &by {
                    FoldBy::Time { column: Some(_) } => year(rows),
                    _ => rows.iter().map(|&r| r as f64).collect(),
                }
            };
            let max = |v: Vec<f64>| v.into_iter().fold(f64::MIN, f64::max);
            let min = |v: Vec<f64>| v.into_iter().fold(f64::MAX, f64::min);
            // Nothing trains or validates after the block it is tested on, and the validation
            // rows are the latest of the past.
            assert!(max(key(train)) <= min(key(test)) && max(key(val)) <= min(key(test)), "fold {index}");
            assert!(max(key(train)) <= min(key(val)), "fold {index}");
            // The validation share of the past (0.2 of 0.9), and the past grows fold by fold.
            let past = train.len() + val.len();
            assert_eq!(val.len(), (past as f64 * 0.2 / 0.9).round() as usize);
            assert!(past > tests, "fold {index}: {past} rows of the past");
            tests = past;
        }
    }
    // A text column cannot order time.
    let fold = FoldSpec { k: 3, index: 0, by: Some(FoldBy::Time { column: Some("island".into()) }) };
    let e = prepare_fold(&table, &spec.data, spec.seed, &fold).unwrap_err().to_string();
    assert!(e.contains("`island` is not a column of numbers"), "{e}");
}

#[test]
fn fold_settings_round_trip_and_old_links_keep_their_form() {
    let standard = FoldSpec::standard(5, 2);
    assert_eq!(serde_json::to_string(&standard).unwrap(), r#"{"k":5,"index":2}"#);
    let group = FoldSpec { k: 5, index: 2, by: Some(FoldBy::Group { column: "site".into() }) };
    let text = serde_json::to_string(&group).unwrap();
    assert_eq!(text, r#"{"k":5,"index":2,"by":"group:site"}"#);
    assert_eq!(serde_json::from_str::<FoldSpec>(&text).unwrap(), group);
    let time: FoldSpec = serde_json::from_str(r#"{"k":3,"index":0,"by":"time"}"#).unwrap();
    assert_eq!(time.by, Some(FoldBy::Time { column: None }));
    let year: FoldSpec = serde_json::from_str(r#"{"k":3,"index":0,"by":"time:year"}"#).unwrap();
    assert_eq!(year.by, Some(FoldBy::Time { column: Some("year".into()) }));
    let e = serde_json::from_str::<FoldSpec>(r#"{"k":3,"index":0,"by":"random"}"#).unwrap_err().to_string();
    assert!(e.contains("`random` is not a way to cut folds"), "{e}");
}
