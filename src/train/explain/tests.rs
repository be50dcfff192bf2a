//! Explanations by hand: a linear network's partial dependence (a straight line of the
//! weight's slope), a k-NN's misclassified rows in order of confidence, the worst rows of a
//! regression, and a table's units.

#![allow(clippy::unwrap_used)]

use super::*;
use crate::data::{Dataset, Split};
use crate::spec::learner::{KnnSpec, LearnerSpec};
use crate::spec::ExperimentSpec;
use crate::train::RunData;

fn dataset(rows: &[(f32, f32, f32)], task: Task) -> Dataset {
    Dataset {
        features: vec!["signal".into(), "noise".into()],
        x: rows.iter().flat_map(|&(a, b, _)| [a, b]).collect(),
        y: rows.iter().map(|r| r.2).collect(),
        task,
    }
}

fn trained(spec: &ExperimentSpec, train: &[(f32, f32, f32)], test: &[(f32, f32, f32)], task: Task) -> Trainer {
    let test = dataset(test, task);
    let data = RunData {
        split: Split { train: dataset(train, task), test: test.clone() },
        validation: Dataset { features: test.features.clone(), x: vec![], y: vec![], task },
        fitted: None,
        notices: vec![],
        train_rows: vec![],
    };
    let mut t = Trainer::with_data(spec, data).unwrap();
    while !t.is_done() {
        t.run_epoch().unwrap();
    }
    t
}

fn knn(k: usize) -> ExperimentSpec {
    let mut spec = ExperimentSpec { seed: 3, ..ExperimentSpec::default() };
    spec.model.learner = Some(Box::new(LearnerSpec::Knn(KnnSpec { k, ..KnnSpec::default() })));
    spec
}

const TRAIN: [(f32, f32, f32); 6] =
    [(-3.0, 0.0, 0.0), (-2.0, 0.0, 0.0), (-1.0, 0.0, 0.0), (1.0, 0.0, 1.0), (2.0, 0.0, 1.0), (3.0, 0.0, 1.0)];

#[test]
fn a_linear_network_has_a_straight_partial_dependence_of_its_weights_slope() {
    // No hidden layer: f(x) = w₀·signal + w₁·noise + b, so ICEᵢ(v) = w₀·v + w₁·noiseᵢ + b and
    // PD(v) = w₀·v + w₁·mean(noise) + b.
    let mut spec = ExperimentSpec { seed: 5, ..ExperimentSpec::default() };
    spec.model.hidden = vec![];
    spec.training.epochs = 3;
    let test = [(0.0, 1.0, 0.0), (1.0, 3.0, 1.0), (2.0, -1.0, 2.0), (4.0, 1.0, 4.0)];
    let t = trained(&spec, &TRAIN.map(|(a, b, _)| (a, b, a)), &test, Task::Regression);
    let f = |x: [f32; 2]| f64::from(t.predict(&x).unwrap()[0]);
    let (b, w0, w1) = (f([0.0, 0.0]), f([1.0, 0.0]) - f([0.0, 0.0]), f([0.0, 1.0]) - f([0.0, 0.0]));
    let dep = t.explain_feature(0, None).unwrap();
    // Four distinct values (< 100): the grid is them; every row is averaged and kept.
    assert_eq!(dep.grid, [0.0, 1.0, 2.0, 4.0]);
    assert_eq!((dep.rows, dep.test_rows, dep.ice.len(), dep.output.as_str()), (4, 4, 4, "predicted value"));
    for (g, &v) in dep.grid.iter().enumerate() {
        let pd = w0 * v + w1 * 1.0 + b; // mean(noise) = (1 + 3 − 1 + 1)/4 = 1
        assert!((dep.average[g] - pd).abs() < 1e-5, "PD({v}) = {} ≠ {pd}", dep.average[g]);
        for (i, row) in test.iter().enumerate() {
            let ice = w0 * v + w1 * f64::from(row.1) + b;
            assert!((dep.ice[i][g] - ice).abs() < 1e-5);
        }
    }
}

#[test]
fn misclassified_rows_come_most_confident_first() {
    // 3-NN on `signal` (noise is 0): each row's P(class 1) is the share of its 3 nearest
    // training rows that are class 1.
    let test = [
        (2.5, 0.0, 0.0),  // neighbours 2, 3, 1: P(1) = 1, predicted 1, wrong (confidence 1)
        (0.2, 0.0, 0.0),  // neighbours 1, −1, 2: P(1) = 2/3, predicted 1, wrong (2/3)
        (-2.5, 0.0, 0.0), // P(0) = 1: right
        (-0.2, 0.0, 1.0), // neighbours −1, 1, −2: P(0) = 2/3, predicted 0, wrong (2/3)
        (-2.6, 0.0, 1.0), // P(0) = 1, predicted 0, wrong (1)
    ];
    let t = trained(&knn(3), &TRAIN, &test, Task::Classification { classes: 2 });
    let cases = t.explain_cases().unwrap();
    assert_eq!((cases.kind, cases.total, cases.test_rows), (CaseKind::Misclassified, 4, 5));
    assert_eq!(cases.columns, ["signal", "noise"]);
    assert_eq!(cases.classes, ["0", "1"]);
    let rows: Vec<usize> = cases.cases.iter().map(|c| c.row).collect();
    assert_eq!(rows, [0, 4, 1, 3]); // by confidence, ties in row order
    let c = &cases.cases[2];
    assert_eq!((c.actual.as_str(), c.predicted.as_str()), ("0", "1"));
    assert!((c.score - 2.0 / 3.0).abs() < 1e-6 && (c.probabilities[0] - 1.0 / 3.0).abs() < 1e-6);
    assert_eq!(c.values, ["0.2", "0"]);
    // The probability of class 1 (the default) along `signal`, for a k-NN: the curves exist
    // and the mean stays a probability.
    let dep = t.explain_feature(0, None).unwrap();
    assert_eq!(dep.output, "probability of 1");
    assert!(dep.average.iter().all(|p| (0.0..=1.0).contains(p)));
    assert!(matches!(t.explain_feature(0, Some(2)), Err(Error::Plan(_))));
    assert!(matches!(t.explain_feature(5, None), Err(Error::Plan(_))));
}

#[test]
fn worst_rows_of_a_regression_have_the_largest_absolute_error() {
    // 1-NN: the prediction is the nearest training row's target (= its signal).
    let test = [(1.2, 0.0, 1.0), (2.9, 0.0, 0.0), (-1.1, 0.0, -4.0), (-3.0, 0.0, -3.5)];
    let t = trained(&knn(1), &TRAIN.map(|(a, b, _)| (a, b, a)), &test, Task::Regression);
    let cases = t.explain_cases().unwrap();
    assert_eq!((cases.kind, cases.total), (CaseKind::Worst, 4));
    // Errors: |1 − 1| = 0, |0 − 3| = 3, |−4 − (−1)| = 3, |−3.5 − (−3)| = 0.5.
    let got: Vec<(usize, &str, &str, f64)> =
        cases.cases.iter().map(|c| (c.row, c.actual.as_str(), c.predicted.as_str(), c.score)).collect();
    assert_eq!(got, [(1, "0", "3", 3.0), (2, "-4", "-1", 3.0), (3, "-3.5", "-3", 0.5), (0, "1", "1", 0.0)]);
    assert!(cases.classes.is_empty() && cases.cases[0].probabilities.is_empty());
}

#[test]
fn numbers_are_shown_to_six_significant_digits() {
    assert_eq!(units::number(f64::from(5.1f32)), "5.1");
    assert_eq!(units::number(120.0), "120");
    assert_eq!(units::number(-0.000_123_456_78), "-0.000123457");
    assert_eq!(units::number(f64::NAN), "NaN");
}
