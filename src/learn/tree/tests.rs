//! The tree structure and the grower on cases computed by hand.

use crate::data::Task;
use crate::learn::decision_tree::{Criterion, DecisionTree, TreeSettings};
use crate::learn::{Matrix, Predictor};

const BINARY: Task = Task::Classification { classes: 2 };

/// Six rows, two features (the second is the first reversed), classes 0 0 1 0 1 1.
fn six() -> (Vec<f32>, Vec<f32>) {
    let x = (1..=6).flat_map(|i| [i as f32, (7 - i) as f32]).collect();
    (x, vec![0.0, 0.0, 1.0, 0.0, 1.0, 1.0])
}

/// Equal to `f32` precision (node statistics are `f32`).
fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * b.abs().max(1.0)
}

#[test]
fn gini_split_of_six_rows_by_hand() {
    // Root Gini 0.5. Splits of x0 (left rows → weighted child Gini): ≤1.5 → 0.4, ≤2.5 → 0.25,
    // ≤3.5 → 4/9, ≤4.5 → 0.25, ≤5.5 → 0.4. x0 ≤ 2.5 and x0 ≤ 4.5 tie (and x1 ≤ 2.5 is the
    // same partition as x0 ≤ 4.5): the first one visited wins, x0 ≤ 2.5. Its gain in weighted
    // impurity is 6·0.5 − 2·0 − 4·0.375 = 1.5. The right node (classes 1 0 1 1, Gini 0.375)
    // then splits at x0 ≤ 4.5: 4·0.375 − 2·0.5 − 0 = 0.5.
    let (x, y) = six();
    let s = TreeSettings { max_depth: Some(2), ..TreeSettings::for_task(BINARY) };
    let t = DecisionTree::fit(Matrix::new(&x, 6, 2).unwrap(), &y, BINARY, &s).unwrap();
    let n = &t.tree.nodes;
    assert_eq!(n.len(), 5);
    let root = n[0].split.unwrap();
    assert_eq!((root.feature, root.threshold), (0, 2.5));
    assert!(close(f64::from(root.gain), 1.5));
    assert!(close(f64::from(n[0].impurity), 0.5));
    let (l, r) = (root.left as usize, root.right as usize);
    assert_eq!(t.tree.node_value(l), [2.0, 0.0]);
    assert!(n[l].split.is_none() && n[l].impurity == 0.0 && n[l].samples == 2);
    assert_eq!(t.tree.node_value(r), [1.0, 3.0]);
    assert!(close(f64::from(n[r].impurity), 0.375));
    let rs = n[r].split.unwrap();
    assert_eq!((rs.feature, rs.threshold), (0, 4.5));
    assert!(close(f64::from(rs.gain), 0.5));
    assert_eq!(t.tree.node_value(rs.left as usize), [1.0, 1.0]);
    assert_eq!(t.tree.node_value(rs.right as usize), [0.0, 2.0]);
    // Importance: all of it on x0.
    assert_eq!(t.feature_importances(), vec![1.0, 0.0]);
    // A row at x0 = 3.5 reaches the mixed leaf: [0.5, 0.5], class 0 on the tie.
    let q = [3.5f32, 0.0];
    let m = Matrix::new(&q, 1, 2).unwrap();
    assert_eq!(t.predict_proba(m).unwrap(), vec![0.5, 0.5]);
    assert_eq!(t.predict(m).unwrap(), vec![0.0]);
    // The rows behind each node, and the way to it.
    let all = Matrix::new(&x, 6, 2).unwrap();
    assert_eq!(t.tree.rows_reaching(r, all), vec![2, 3, 4, 5]);
    assert_eq!(t.tree.rows_reaching(rs.left as usize, all), vec![2, 3]);
    assert_eq!(t.tree.path(rs.left as usize), vec![(0, false), (r, true)]);
    assert_eq!(t.tree.apply(all), vec![1, 1, 3, 3, 4, 4]);
    assert_eq!((t.tree.leaves(), t.tree.depth()), (3, 2));
}

#[test]
fn entropy_split_by_hand() {
    // Classes 0 0 0 1 1 0 over x = 1..6: x ≤ 3.5 leaves [0 0 0] | [1 1 0]. Entropy (bits):
    // root H(1/3) = 0.9183, right H(1/3) · 3/6 → gain 6·0.9183 − 3·0.9183 = 2.7549.
    let x: Vec<f32> = (1..=6).map(|i| i as f32).collect();
    let y = [0.0, 0.0, 0.0, 1.0, 1.0, 0.0];
    let s = TreeSettings { criterion: Criterion::Entropy, max_depth: Some(1), ..TreeSettings::for_task(BINARY) };
    let t = DecisionTree::fit(Matrix::new(&x, 6, 1).unwrap(), &y, BINARY, &s).unwrap();
    let root = t.tree.nodes[0].split.unwrap();
    assert_eq!(root.threshold, 3.5);
    let h = -(1.0 / 3.0) * (1.0f64 / 3.0).log2() - (2.0 / 3.0) * (2.0f64 / 3.0).log2();
    assert!(close(f64::from(t.tree.nodes[0].impurity), h));
    assert!(close(f64::from(root.gain), 3.0 * h));
}

#[test]
fn regression_split_by_hand() {
    // y = 1 1 2 6 7 8 over x = 1..6. Sums of squared errors of the two sides: k = 1: 38.8,
    // 2: 20.75, 3: 2/3 + 2, 4: 17.5, 5: 33.2 → x ≤ 3.5, leaves 4/3 and 7. Root SSE
    // 155 − 25²/6 = 50.8333 (impurity = variance 8.4722), gain 50.8333 − 2.6667 = 48.1667.
    let x: Vec<f32> = (1..=6).map(|i| i as f32).collect();
    let y = [1.0, 1.0, 2.0, 6.0, 7.0, 8.0];
    let s = TreeSettings { max_depth: Some(1), ..TreeSettings::for_task(Task::Regression) };
    let t = DecisionTree::fit(Matrix::new(&x, 6, 1).unwrap(), &y, Task::Regression, &s).unwrap();
    let root = t.tree.nodes[0].split.unwrap();
    assert_eq!(root.threshold, 3.5);
    assert!(close(f64::from(root.gain), 50.833_333 - 2.666_667));
    assert!(close(f64::from(t.tree.nodes[0].impurity), 50.833_333 / 6.0));
    assert!(close(t.tree.node_value(root.left as usize)[0], 4.0 / 3.0));
    assert!(close(t.tree.node_value(root.right as usize)[0], 7.0));
    let q = [2.0f32, 10.0];
    assert_eq!(t.predict(Matrix::new(&q, 2, 1).unwrap()).unwrap(), vec![4.0 / 3.0, 7.0]);
}

#[test]
fn min_samples_leaf_and_split_are_respected() {
    let (x, y) = six();
    let m = Matrix::new(&x, 6, 2).unwrap();
    let s = TreeSettings { min_samples_leaf: 3, ..TreeSettings::for_task(BINARY) };
    let t = DecisionTree::fit(m, &y, BINARY, &s).unwrap();
    assert!(t.tree.nodes.iter().all(|n| n.samples >= 3));
    assert_eq!(t.tree.nodes[0].split.unwrap().threshold, 3.5);
    let s = TreeSettings { min_samples_split: 7, ..TreeSettings::for_task(BINARY) };
    assert_eq!(DecisionTree::fit(m, &y, BINARY, &s).unwrap().tree.nodes.len(), 1);
    // Unlimited: grows until every leaf is pure.
    let t = DecisionTree::fit(m, &y, BINARY, &TreeSettings::for_task(BINARY)).unwrap();
    assert!(t.tree.nodes.iter().filter(|n| n.split.is_none()).all(|n| n.impurity == 0.0));
    assert_eq!(t.predict(m).unwrap(), y);
}

#[test]
fn non_finite_values_are_binned_and_routed_the_same_way() {
    // NaN and +∞ go right at every split, −∞ left, in training (bins) and prediction
    // (thresholds) alike: every training row is predicted from the leaf it was counted in.
    let x = [1.0, f32::NAN, 2.0, f32::INFINITY, 3.0, f32::NEG_INFINITY, 4.0, f32::NAN, 5.0, 6.0];
    let y = [0.0, 1.0, 0.0, 1.0, 1.0, 0.0, 1.0, 1.0, 0.0, 1.0];
    let m = Matrix::new(&x, 10, 1).unwrap();
    let t = DecisionTree::fit(m, &y, BINARY, &TreeSettings::for_task(BINARY)).unwrap();
    let leaves = t.tree.apply(m);
    for (i, n) in t.tree.nodes.iter().enumerate() {
        let reach = t.tree.rows_reaching(i, m);
        assert_eq!(reach.len(), n.samples as usize, "node {i}");
        let ones = reach.iter().filter(|&&r| y[r] == 1.0).count() as f64;
        assert_eq!(t.tree.node_value(i)[1], ones, "node {i}");
    }
    assert_eq!(leaves[1], leaves[7], "both NaN rows share a leaf");
    assert!(t.tree.nodes.iter().all(|n| n.split.is_none_or(|s| s.threshold.is_finite())));
    let p = t.predict(m).unwrap();
    assert_eq!(p, y, "a fully grown tree fits its training rows, NaN ones included");
}

#[test]
fn constant_features_one_class_and_two_rows_give_leaves() {
    let x = [3.0f32; 8];
    let y = [0.0, 1.0, 0.0, 1.0];
    let t = DecisionTree::fit(Matrix::new(&x, 4, 2).unwrap(), &y, BINARY, &TreeSettings::for_task(BINARY)).unwrap();
    assert_eq!(t.tree.nodes.len(), 1);
    assert_eq!(t.predict_proba(Matrix::new(&x[..2], 1, 2).unwrap()).unwrap(), vec![0.5, 0.5]);
    let x = [1.0f32, 2.0, 3.0, 4.0];
    let t =
        DecisionTree::fit(Matrix::new(&x, 4, 1).unwrap(), &[1.0; 4], BINARY, &TreeSettings::for_task(BINARY)).unwrap();
    assert_eq!(t.tree.nodes.len(), 1);
    assert_eq!(t.predict(Matrix::new(&x, 4, 1).unwrap()).unwrap(), vec![1.0; 4]);
    let t =
        DecisionTree::fit(Matrix::new(&x[..2], 2, 1).unwrap(), &[0.0, 1.0], BINARY, &TreeSettings::for_task(BINARY))
            .unwrap();
    assert_eq!(t.tree.nodes[0].split.unwrap().threshold, 1.5);
    // No features at all: a leaf.
    let t =
        DecisionTree::fit(Matrix::new(&[], 3, 0).unwrap(), &[0.0, 1.0, 1.0], BINARY, &TreeSettings::for_task(BINARY))
            .unwrap();
    assert_eq!(t.tree.nodes.len(), 1);
}
