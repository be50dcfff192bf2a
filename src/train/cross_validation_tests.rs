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
    let cv = cross_validate(&spec, &table, 5, |_, t| {
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
    assert_eq!(cross_validate(&spec, &table, 5, |_, _| {}).unwrap(), cv);
    let other = cross_validate(&ExperimentSpec { seed: 8, ..spec.clone() }, &table, 5, |_, _| {}).unwrap();
    assert_ne!(other.summary[0].1.folds, accuracy.1.folds);
}

#[test]
fn the_preparation_is_fitted_on_each_folds_training_rows() {
    // Regression: the target's scaling and the features' come from the training rows of the
    // fold, so the folds' fitted means differ; the metrics are in the target's units.
    let spec = spec_of("diabetes");
    let table = builtin_table("diabetes").unwrap();
    let mut means = Vec::new();
    let cv = cross_validate(&spec, &table, 3, |_, t| {
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
        let e = cross_validate(&spec, &table, k, |_, _| {}).unwrap_err().to_string();
        assert!(e.contains("cross-validate with 2 to 20 folds"), "{e}");
    }
    // A class of 2 rows cannot be in 3 test folds.
    let csv = "x,y\n1,a\n2,a\n3,a\n4,a\n5,a\n6,b\n7,b\n";
    let small = crate::data::csv::read_csv(csv.as_bytes(), &Default::default()).unwrap().table;
    let mut s = spec_of("iris");
    s.data.source = DataSource::File { name: "small.csv".into() };
    s.data.prepare.target = Some("y".into());
    let e = cross_validate(&s, &small, 3, |_, _| {}).unwrap_err().to_string();
    assert!(e.contains("use fewer folds"), "{e}");
}
