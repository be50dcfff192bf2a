//! Every learner: determinism by seed, export/import round trips, edge cases, permutation
//! importance. Also the small seeded data sets the other tests use.

use super::*;
use crate::rng::{SeededRng, Stream};

/// `rows` points of `classes` Gaussian blobs in `width` dimensions (the first two carry the
/// class, the rest is noise), classes in turn.
pub(crate) fn blobs(rows: usize, width: usize, classes: usize, seed: u64) -> (Vec<f32>, Vec<f32>, Task) {
    let mut rng = SeededRng::new(seed, Stream::Data);
    let mut x = Vec::with_capacity(rows * width);
    let mut y = Vec::with_capacity(rows);
    for i in 0..rows {
        let c = i % classes;
        let angle = c as f64 * std::f64::consts::TAU / classes as f64;
        for j in 0..width {
            let centre = match j {
                0 => 2.0 * libm::cos(angle),
                1 => 2.0 * libm::sin(angle),
                _ => 0.0,
            };
            x.push((centre + rng.normal()) as f32);
        }
        y.push(c as f32);
    }
    (x, y, Task::Classification { classes })
}

/// Friedman's first regression problem on 5 uniform features:
/// `10·sin(π·x0·x1) + 20·(x2 − ½)² + 10·x3 + 5·x4 + N(0, 1)`.
pub(crate) fn friedman(rows: usize, seed: u64) -> (Vec<f32>, Vec<f32>) {
    let mut rng = SeededRng::new(seed, Stream::Data);
    let mut x = Vec::with_capacity(rows * 5);
    let mut y = Vec::with_capacity(rows);
    for _ in 0..rows {
        let v: Vec<f64> = (0..5).map(|_| rng.uniform()).collect();
        x.extend(v.iter().map(|&v| v as f32));
        let t = 10.0 * libm::sin(std::f64::consts::PI * v[0] * v[1])
            + 20.0 * (v[2] - 0.5) * (v[2] - 0.5)
            + 10.0 * v[3]
            + 5.0 * v[4]
            + rng.normal();
        y.push(t as f32);
    }
    (x, y)
}

/// One of each learner fitted on `x`, `y` (forest and boosting small).
fn every_model(x: Matrix, y: &[f32], task: Task, seed: u64) -> Vec<Model> {
    let mut out = vec![
        Model::Tree(
            DecisionTree::fit(
                x,
                y,
                task,
                &TreeSettings { max_features: MaxFeatures::Sqrt, seed, ..TreeSettings::for_task(task) },
            )
            .unwrap(),
        ),
        Model::Forest(
            RandomForest::fit(x, y, task, &ForestSettings { n_trees: 7, seed, ..ForestSettings::for_task(task) })
                .unwrap(),
        ),
        Model::Boosting(
            BoostedTrees::fit(
                x,
                y,
                task,
                &BoostSettings { n_rounds: 5, min_samples_leaf: 2, ..BoostSettings::new() },
                None,
            )
            .unwrap(),
        ),
        Model::Knn(KNearest::fit(x, y, task, &KnnSettings::default()).unwrap()),
    ];
    if task.is_classification() {
        out.push(Model::Bayes(GaussianNb::fit(x, y, task, &BayesSettings::default()).unwrap()));
    }
    out
}

fn bits(v: &[f32]) -> Vec<u32> {
    v.iter().map(|v| v.to_bits()).collect()
}

#[test]
fn same_seed_same_bits_and_round_trips() {
    let (x, y, task) = blobs(240, 5, 3, 7);
    let (fx, fy) = friedman(240, 7);
    for (x, y, task) in [(x, y, task), (fx, fy, Task::Regression)] {
        let m = Matrix::new(&x, 240, 5).unwrap();
        let a = every_model(m, &y, task, 11);
        let b = every_model(m, &y, task, 11);
        assert_eq!(a, b);
        for (a, b) in a.iter().zip(&b) {
            assert_eq!(bits(&a.predict(m).unwrap()), bits(&b.predict(m).unwrap()));
            let json = serde_json::to_string(a).unwrap();
            let back: Model = serde_json::from_str(&json).unwrap();
            assert_eq!(&back, a);
            assert_eq!(serde_json::to_string(&back).unwrap(), json);
            assert_eq!(bits(&back.predict(m).unwrap()), bits(&a.predict(m).unwrap()));
            if task.is_classification() {
                let (p, q) = (a.predict_proba(m).unwrap(), back.predict_proba(m).unwrap());
                assert_eq!(
                    p.iter().map(|v| v.to_bits()).collect::<Vec<_>>(),
                    q.iter().map(|v| v.to_bits()).collect::<Vec<_>>()
                );
                for row in p.chunks_exact(3) {
                    assert!((row.iter().sum::<f64>() - 1.0).abs() < 1e-9);
                }
            } else {
                assert!(a.predict_proba(m).is_err());
            }
            assert_eq!(a.width(), 5);
            assert_eq!(a.task(), task);
        }
        // Another seed changes the randomised ones.
        let c = every_model(m, &y, task, 12);
        assert_ne!(a[0], c[0]);
        assert_ne!(a[1], c[1]);
    }
}

#[test]
fn learners_learn() {
    let (x, y, task) = blobs(600, 4, 3, 1);
    let (tx, ty, _) = blobs(300, 4, 3, 2);
    let (m, t) = (Matrix::new(&x, 600, 4).unwrap(), Matrix::new(&tx, 300, 4).unwrap());
    for model in every_model(m, &y, task, 0) {
        let acc = accuracy(&model.predict(t).unwrap(), &ty);
        assert!(acc > 0.75, "{model:?}: {acc}");
    }
    let (x, y) = friedman(1000, 1);
    let (tx, ty) = friedman(300, 2);
    let (m, t) = (Matrix::new(&x, 1000, 5).unwrap(), Matrix::new(&tx, 300, 5).unwrap());
    for model in every_model(m, &y, Task::Regression, 0) {
        let r = r2(&model.predict(t).unwrap(), &ty);
        assert!(r > 0.4, "{}: {r}", serde_json::to_string(&model).unwrap().chars().take(30).collect::<String>());
    }
}

#[test]
fn edge_cases_do_not_panic() {
    let binary = Task::Classification { classes: 2 };
    // One class only, constant features, two rows, more neighbours than rows.
    let cases: Vec<(Vec<f32>, Vec<f32>, usize)> = vec![
        (vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0], vec![1.0, 1.0, 1.0], 2),
        (vec![2.0; 8], vec![0.0, 1.0, 0.0, 1.0], 2),
        (vec![0.0, 1.0], vec![0.0, 1.0], 1),
        (vec![f32::NAN, 1.0, f32::INFINITY, f32::NEG_INFINITY], vec![0.0, 1.0, 0.0, 1.0], 1),
    ];
    for (x, y, width) in cases {
        let m = Matrix::new(&x, y.len(), width).unwrap();
        for model in every_model(m, &y, binary, 3) {
            let p = model.predict_proba(m).unwrap();
            assert!(p.iter().all(|v| v.is_finite() && (0.0..=1.0).contains(v)), "{model:?} {p:?}");
            assert_eq!(model.predict(m).unwrap().len(), y.len());
        }
        let r: Vec<f32> = y.iter().map(|v| v * 3.0).collect();
        for model in every_model(m, &r, Task::Regression, 3) {
            assert!(model.predict(m).unwrap().iter().all(|v| v.is_finite()), "{model:?}");
        }
    }
    // One class only: every model is sure of it.
    let x = [1.0f32, 2.0, 3.0];
    let m = Matrix::new(&x, 3, 1).unwrap();
    for model in every_model(m, &[1.0; 3], binary, 0) {
        assert_eq!(model.predict(m).unwrap(), vec![1.0; 3], "{model:?}");
    }
}

#[test]
fn permutation_importance_finds_the_informative_feature() {
    // Two classes centred at (±2, 0): only the first feature carries the class.
    let (x, y, task) = blobs(400, 3, 2, 4);
    let m = Matrix::new(&x, 400, 3).unwrap();
    let forest =
        RandomForest::fit(m, &y, task, &ForestSettings { n_trees: 20, ..ForestSettings::for_task(task) }).unwrap();
    let predict = |v: &[f32], rows: usize| forest.predict(Matrix::new(v, rows, 3).unwrap()).unwrap();
    let a = permutation_importance(m, &y, predict, accuracy, 4, 9).unwrap();
    let b = permutation_importance(m, &y, predict, accuracy, 4, 9).unwrap();
    assert_eq!(a, b);
    assert_eq!(a.drops.len(), 3);
    assert!(a.drops.iter().all(|d| d.len() == 4));
    assert!(a.mean[0] > 0.3 && a.mean[1].abs() < 0.05 && a.mean[2].abs() < 0.05, "{a:?}");
    assert!(a.std.iter().all(|s| *s >= 0.0));
    assert_eq!(a.baseline, accuracy(&predict(&x, 400), &y));
    // Impurity-based importance agrees on which features matter.
    let imp = forest.feature_importances();
    assert!((imp.iter().sum::<f64>() - 1.0).abs() < 1e-9);
    assert!(imp[0] > imp[1] + imp[2], "{imp:?}");
    assert!(permutation_importance(m, &y[..3], predict, accuracy, 4, 9).is_err());
    assert!(permutation_importance(m, &y, predict, accuracy, 0, 9).is_err());
}

#[test]
fn argmax_takes_the_first_largest_and_never_nan() {
    assert_eq!(argmax_rows(&[0.2, 0.4, 0.4, 0.5, 0.5, 0.0], 3), vec![1.0, 0.0]);
    assert_eq!(argmax_rows(&[f64::NAN, 0.1], 2), vec![1.0]);
    assert!(argmax_rows(&[], 0).is_empty());
}

#[test]
fn a_growing_forest_asked_after_every_tree_has_the_bits_of_a_fresh_sum() {
    let (fx, fy) = friedman(300, 7);
    for (x, y, task) in [blobs(300, 3, 3, 6), (fx, fy, Task::Regression)] {
        let width = x.len() / 300;
        let m = Matrix::new(&x, 300, width).unwrap();
        let s = ForestSettings { n_trees: 8, ..ForestSettings::for_task(task) };
        let mut g = ForestGrower::new(m, &y, task, &s).unwrap();
        let cells = Matrix::new(&x[..40 * width], 40, width).unwrap();
        while g.add_tree().is_some() {
            let fresh = g.forest();
            let want = match task {
                Task::Regression => fresh.predict(cells).unwrap().into_iter().map(f64::from).collect::<Vec<_>>(),
                _ => fresh.predict_proba(cells).unwrap(),
            };
            let got = g.output(cells).unwrap();
            match task {
                // Values are f32 through `predict`.
                Task::Regression => assert!(got.iter().zip(&want).all(|(g, w)| (*g as f32) == (*w as f32))),
                _ => assert_eq!(got, want),
            }
        }
    }
}
