//! Settings, feature sampling, and the histogram path against the small-node path.

use super::*;
use crate::learn::tests::{blobs, friedman};

#[test]
fn max_features_counts_like_scikit_learn() {
    assert_eq!(MaxFeatures::Sqrt.count(20), 4);
    assert_eq!(MaxFeatures::Sqrt.count(1), 1);
    assert_eq!(MaxFeatures::Log2.count(20), 4);
    assert_eq!(MaxFeatures::Fraction(0.33).count(10), 3);
    assert_eq!(MaxFeatures::Fraction(0.01).count(10), 1);
    assert_eq!(MaxFeatures::Count(50).count(10), 10);
    assert_eq!(MaxFeatures::All.count(0), 1);
}

#[test]
fn bad_settings_are_refused() {
    let x = [1.0f32, 2.0];
    let m = Matrix::new(&x, 2, 1).unwrap();
    let binary = Task::Classification { classes: 2 };
    let bad = |s: TreeSettings, task: Task| DecisionTree::fit(m, &[0.0, 1.0], task, &s).unwrap_err().to_string();
    let s = TreeSettings::for_task(binary);
    assert!(bad(TreeSettings { criterion: Criterion::SquaredError, ..s.clone() }, binary).contains("gini"));
    assert!(bad(s.clone(), Task::Regression).contains("squared_error"));
    assert!(bad(TreeSettings { min_samples_leaf: 0, ..s.clone() }, binary).contains("min_samples_leaf"));
    assert!(bad(TreeSettings { min_samples_split: 1, ..s.clone() }, binary).contains("min_samples_split"));
    assert!(bad(TreeSettings { max_bins: 300, ..s.clone() }, binary).contains("max_bins"));
    assert!(bad(TreeSettings { max_features: MaxFeatures::Fraction(0.0), ..s.clone() }, binary).contains("fraction"));
    // Targets that are not class indices, and shapes that do not match.
    let e = DecisionTree::fit(m, &[0.0, 2.0], binary, &s).unwrap_err().to_string();
    assert!(e.contains("class index"), "{e}");
    assert!(DecisionTree::fit(m, &[0.5, 1.0], binary, &s).is_err());
    assert!(DecisionTree::fit(m, &[0.0], binary, &s).is_err());
    let t = DecisionTree::fit(m, &[0.0, 1.0], binary, &s).unwrap();
    assert!(t.predict(Matrix::new(&x, 1, 2).unwrap()).unwrap_err().to_string().contains("fitted on 1 features"));
    let r = DecisionTree::fit(m, &[0.0, 1.0], Task::Regression, &TreeSettings::for_task(Task::Regression)).unwrap();
    assert!(r.predict_proba(m).is_err());
}

#[test]
fn feature_sampling_is_seeded() {
    let (x, y, task) = blobs(300, 6, 3, 1);
    let m = Matrix::new(&x, 300, 6).unwrap();
    let s = TreeSettings { max_features: MaxFeatures::Count(2), seed: 5, ..TreeSettings::for_task(task) };
    let a = DecisionTree::fit(m, &y, task, &s).unwrap();
    assert_eq!(a, DecisionTree::fit(m, &y, task, &s).unwrap());
    let b = DecisionTree::fit(m, &y, task, &TreeSettings { seed: 6, ..s }).unwrap();
    assert_ne!(a.tree, b.tree);
}

#[test]
fn large_nodes_with_stored_histograms_find_the_same_splits() {
    // Classification counts are exact, so the subtraction trick (nodes of ≥ 1024 rows) must
    // give the very tree that building every histogram from the rows gives: compare with a
    // tree whose features are "sampled" in full order (Count(width) uses the small-node path
    // only when below the width, so compare against the same data cut to small pieces instead:
    // every node's class counts must equal the rows that reach it).
    let (x, y, task) = blobs(5000, 5, 3, 2);
    let m = Matrix::new(&x, 5000, 5).unwrap();
    let t =
        DecisionTree::fit(m, &y, task, &TreeSettings { max_depth: Some(8), ..TreeSettings::for_task(task) }).unwrap();
    for (i, n) in t.tree.nodes.iter().enumerate().take(40) {
        let reach = t.tree.rows_reaching(i, m);
        assert_eq!(reach.len(), n.samples as usize);
        for c in 0..3 {
            let count = reach.iter().filter(|&&r| y[r] as usize == c).count() as f64;
            assert_eq!(t.tree.node_value(i)[c], count);
        }
    }
    // Regression on many rows: leaves are the means of their rows.
    let (x, y) = friedman(4000, 3);
    let m = Matrix::new(&x, 4000, 5).unwrap();
    let s = TreeSettings { max_depth: Some(6), ..TreeSettings::for_task(Task::Regression) };
    let t = DecisionTree::fit(m, &y, Task::Regression, &s).unwrap();
    for (i, n) in t.tree.nodes.iter().enumerate().filter(|(_, n)| n.split.is_none()) {
        let reach = t.tree.rows_reaching(i, m);
        assert_eq!(reach.len(), n.samples as usize);
        let mean = reach.iter().map(|&r| f64::from(y[r])).sum::<f64>() / reach.len() as f64;
        assert!((t.tree.node_value(i)[0] - mean).abs() < 1e-9);
    }
}
