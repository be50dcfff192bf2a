//! Gaussian naive Bayes by hand.

use super::*;

const BINARY: Task = Task::Classification { classes: 2 };

#[test]
fn likelihoods_by_hand() {
    // Class 0: x = 0, 2 (mean 1, variance 1); class 1: x = 4, 6 (mean 5, variance 1).
    let x = [0.0f32, 2.0, 4.0, 6.0];
    let m = Matrix::new(&x, 4, 1).unwrap();
    let nb = GaussianNb::fit(m, &[0.0, 0.0, 1.0, 1.0], BINARY, &BayesSettings { var_smoothing: 0.0 }).unwrap();
    assert_eq!(
        (nb.priors.clone(), nb.means.clone(), nb.variances.clone()),
        (vec![0.5, 0.5], vec![1.0, 5.0], vec![1.0, 1.0])
    );
    let q = [3.0f32, 1.0];
    let p = nb.predict_proba(Matrix::new(&q, 2, 1).unwrap()).unwrap();
    assert!((p[0] - 0.5).abs() < 1e-15);
    // At 1: the log-likelihoods differ by ½·4² = 8.
    let e = (-8.0f64).exp();
    assert!((p[3] - e / (1.0 + e)).abs() < 1e-15);
    // Smoothing adds 1e-9 × the largest variance (5) to each variance.
    let nb = GaussianNb::fit(m, &[0.0, 0.0, 1.0, 1.0], BINARY, &BayesSettings::default()).unwrap();
    assert_eq!(nb.variances, vec![1.0 + 5e-9, 1.0 + 5e-9]);
}

#[test]
fn absent_classes_missing_values_and_refusals() {
    let x = [0.0f32, f32::NAN, 2.0, 4.0, 6.0, f32::INFINITY];
    let m = Matrix::new(&x, 6, 1).unwrap();
    let task = Task::Classification { classes: 3 };
    let nb = GaussianNb::fit(m, &[0.0, 0.0, 0.0, 1.0, 1.0, 1.0], task, &BayesSettings { var_smoothing: 0.0 }).unwrap();
    // Non-finite values are left out: class 0 is {0, 2}, class 1 is {4, 6}.
    assert_eq!(nb.means, vec![1.0, 5.0, 0.0]);
    let p = nb.predict_proba(m).unwrap();
    assert!(p.iter().all(|v| v.is_finite()));
    assert!(p.chunks_exact(3).all(|r| r[2] == 0.0));
    // A missing value carries no evidence: the priors.
    assert_eq!(&p[3..6], &[0.5, 0.5, 0.0]);
    assert!(GaussianNb::fit(m, &[0.0; 6], Task::Regression, &BayesSettings::default()).is_err());
    assert!(GaussianNb::fit(m, &[0.0; 6], task, &BayesSettings { var_smoothing: -1.0 }).is_err());
}
