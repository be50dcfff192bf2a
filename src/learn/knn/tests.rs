//! Neighbours and votes by hand.

use super::*;

fn model(k: usize, weighting: Weighting, task: Task, y: &[f32]) -> KNearest {
    let x = [0.0f32, 1.0, 3.0, 6.0];
    let s = KnnSettings { k, distance: Distance::Euclidean, weighting };
    KNearest::fit(Matrix::new(&x, 4, 1).unwrap(), y, task, &s).unwrap()
}

const BINARY: Task = Task::Classification { classes: 2 };

#[test]
fn votes_by_hand() {
    // Query 2: distances 2, 1, 1, 4. k = 3 takes rows 1 and 2 (tied) and 0.
    let y = [0.0, 0.0, 1.0, 1.0];
    let q = [2.0f32];
    let m = Matrix::new(&q, 1, 1).unwrap();
    let uniform = model(3, Weighting::Uniform, BINARY, &y);
    assert_eq!(uniform.neighbours(m).unwrap(), vec![(1, 1.0), (2, 1.0), (0, 2.0)]);
    let p = uniform.predict_proba(m).unwrap();
    assert!((p[0] - 2.0 / 3.0).abs() < 1e-12 && (p[1] - 1.0 / 3.0).abs() < 1e-12);
    // Weights 1, 1, ½: class 0 has 1.5 of 2.5.
    let p = model(3, Weighting::Distance, BINARY, &y).predict_proba(m).unwrap();
    assert!((p[0] - 0.6).abs() < 1e-12 && (p[1] - 0.4).abs() < 1e-12);
    // k = 1 on the tie: the lower row (class 0).
    assert_eq!(model(1, Weighting::Uniform, BINARY, &y).predict(m).unwrap(), vec![0.0]);
    // A query on a training row, distance weighting: only it votes.
    let on = [3.0f32];
    assert_eq!(
        model(3, Weighting::Distance, BINARY, &y).predict_proba(Matrix::new(&on, 1, 1).unwrap()).unwrap(),
        vec![0.0, 1.0]
    );
    // Regression: mean of rows 1 and 2 (values 2 and 3).
    let r = model(2, Weighting::Uniform, Task::Regression, &[1.0, 2.0, 3.0, 4.0]);
    assert_eq!(r.predict(m).unwrap(), vec![2.5]);
    // k above the rows: all four, mean 2.5.
    let all = model(10, Weighting::Uniform, Task::Regression, &[1.0, 2.0, 3.0, 4.0]);
    assert_eq!(all.k(), 4);
    assert_eq!(all.predict(m).unwrap(), vec![2.5]);
}

#[test]
fn manhattan_and_missing_values() {
    let x = [0.0f32, 0.0, 3.0, 4.0, 1.0, 1.0];
    let s = KnnSettings { k: 3, distance: Distance::Manhattan, weighting: Weighting::Uniform };
    let m = KNearest::fit(Matrix::new(&x, 3, 2).unwrap(), &[0.0, 1.0, 0.0], BINARY, &s).unwrap();
    let q = [0.0f32, 0.0];
    assert_eq!(m.neighbours(Matrix::new(&q, 1, 2).unwrap()).unwrap(), vec![(0, 0.0), (2, 2.0), (1, 7.0)]);
    // A NaN distance is the farthest.
    let x = [f32::NAN, 5.0, 1.0];
    let m =
        KNearest::fit(Matrix::new(&x, 3, 1).unwrap(), &[1.0, 0.0, 0.0], BINARY, &KnnSettings { k: 2, ..s }).unwrap();
    let q = [0.0f32];
    let nb = m.neighbours(Matrix::new(&q, 1, 1).unwrap()).unwrap();
    assert_eq!(nb.iter().map(|n| n.0).collect::<Vec<_>>(), vec![2, 1]);
    assert!(
        KNearest::fit(Matrix::new(&x, 3, 1).unwrap(), &[1.0, 0.0, 0.0], BINARY, &KnnSettings { k: 0, ..s }).is_err()
    );
}
