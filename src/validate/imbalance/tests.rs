use super::*;

// Scores (descending) and labels:   0.9 P, 0.8 N, 0.7 P, 0.6 P, 0.5 N, 0.4 N, 0.3 P, 0.2 N
fn fixture() -> (Vec<bool>, Vec<f64>) {
    let scores = vec![0.3, 0.9, 0.5, 0.7, 0.2, 0.6, 0.8, 0.4];
    let positive = vec![true, true, false, true, false, true, false, false];
    (positive, scores)
}

#[test]
fn metrics_at_by_hand() {
    let (pos, s) = fixture();
    let m = metrics_at(&pos, &s, 0.6);
    // Flagged: 0.9 P, 0.8 N, 0.7 P, 0.6 P → TP 3, FP 1; below: 0.5 N, 0.4 N, 0.3 P, 0.2 N → TN 3, FN 1.
    assert_eq!((m.tp, m.fp, m.tn, m.fn_), (3, 1, 3, 1));
    assert_eq!((m.precision, m.recall, m.f1, m.accuracy, m.balanced_accuracy), (0.75, 0.75, 0.75, 0.75, 0.75));
    let none = metrics_at(&pos, &s, 2.0);
    assert_eq!((none.tp, none.fp, none.precision, none.f1), (0, 0, 0.0, 0.0));
    assert_eq!(none.balanced_accuracy, 0.5);
}

#[test]
fn max_f1_by_hand() {
    let (pos, s) = fixture();
    // F1 by threshold: 0.9 → 2/5, 0.8 → 1/3, 0.7 → 4/7, 0.6 → 3/4, 0.5 → 2/3, 0.4 → 0.6, 0.3 → 8/11,
    // 0.2 → 2/3. Best: 0.6.
    let m = choose_threshold(&pos, &s, ThresholdGoal::MaxF1).unwrap();
    assert_eq!(m.threshold, 0.6);
    assert_eq!(m.f1, 0.75);
}

#[test]
fn precision_and_recall_targets() {
    let (pos, s) = fixture();
    // Precision ≥ 0.7: thresholds 0.9 (P 1, R .25), 0.7 (2/3 no), 0.6 (.75, R .75) → 0.6.
    let m = choose_threshold(&pos, &s, ThresholdGoal::Precision(0.7)).unwrap();
    assert_eq!((m.threshold, m.recall), (0.6, 0.75));
    // Precision 1 only at 0.9.
    assert_eq!(choose_threshold(&pos, &s, ThresholdGoal::Precision(1.0)).unwrap().threshold, 0.9);
    // Recall ≥ 1: thresholds 0.3 (P 4/7) and 0.2 (P 1/2) → 0.3.
    let m = choose_threshold(&pos, &s, ThresholdGoal::Recall(1.0)).unwrap();
    assert_eq!((m.threshold, m.tp, m.fp), (0.3, 4, 3));
    // Recall ≥ 0.5: best precision 3/4 at 0.6 (0.7 gives 2/3).
    assert_eq!(choose_threshold(&pos, &s, ThresholdGoal::Recall(0.5)).unwrap().threshold, 0.6);
}

#[test]
fn refusals() {
    let pos = [false, true, false];
    let s = [0.9, 0.5, 0.1];
    let e = choose_threshold(&pos, &s, ThresholdGoal::Precision(0.9)).unwrap_err();
    assert!(e.to_string().contains("highest precision is 0.500"), "{e}");
    assert!(choose_threshold(&[false, false], &[0.1, 0.2], ThresholdGoal::MaxF1).is_err());
    assert!(matches!(choose_threshold(&pos, &s, ThresholdGoal::Recall(1.5)), Err(ValidateError::Setting(_))));
}

#[test]
fn ties_go_to_the_higher_threshold() {
    // Two thresholds with F1 = 2/3: 0.8 (P 1, R 1/2) and 0.5 (P 1/2, R 1).
    let pos = [true, false, false, true, false];
    let s = [0.8, 0.6, 0.55, 0.5, 0.1];
    let m = choose_threshold(&pos, &s, ThresholdGoal::MaxF1).unwrap();
    assert_eq!(m.threshold, 0.8);
}

#[test]
fn pr_auc_binary_and_macro() {
    // Binary, n × 1: AP of the fixture's scores. Positives at ranks 1, 3, 4, 7 of 8:
    // AP = (1/1 + 2/3 + 3/4 + 4/7) / 4.
    let (pos, s) = fixture();
    let actual: Vec<u32> = pos.iter().map(|&p| u32::from(p)).collect();
    let probs: Vec<f32> = s.iter().map(|&v| v as f32).collect();
    let want = (1.0 + 2.0 / 3.0 + 0.75 + 4.0 / 7.0) / 4.0;
    assert!((pr_auc(&actual, &probs, 2) - want).abs() < 1e-12);
    let (p2, s2) = binary_scores(&actual, &probs);
    assert_eq!(p2, pos);
    assert!(s2.iter().zip(&s).all(|(a, b)| (a - b).abs() < 1e-7));
    // Three classes, perfect ranking for each → 1; a class absent from the labels is left out.
    let actual = [0, 1, 2, 0];
    let probs = [0.8, 0.1, 0.1, 0.1, 0.8, 0.1, 0.1, 0.1, 0.8, 0.7, 0.2, 0.1];
    assert!((pr_auc(&actual, &probs, 3) - 1.0).abs() < 1e-12);
    assert!((pr_auc(&[0, 0], &[0.8, 0.1, 0.1, 0.7, 0.2, 0.1], 3) - 1.0).abs() < 1e-12);
    assert!(pr_auc(&[], &[], 2).is_nan());
}

#[test]
fn max_f1_on_the_curve_alone_is_choose_threshold() {
    for seed in 0..20u64 {
        let n = 300 + seed as usize * 7;
        let positive: Vec<bool> = (0..n).map(|i| (i * 13 + seed as usize) % 11 < 2).collect();
        // Scores that overlap and tie: a coarse grid, higher for positives on average.
        let scores: Vec<f64> = (0..n)
            .map(|i| (((i * 37 + seed as usize * 5) % 41) as f64 / 41.0 + if positive[i] { 0.3 } else { 0.0 }).min(1.0))
            .collect();
        let p = positive.iter().filter(|&&p| p).count() as u64;
        let want = choose_threshold(&positive, &scores, ThresholdGoal::MaxF1).unwrap();
        let got = max_f1_on_curve(&pr_curve(&positive, &scores), p, n as u64 - p).unwrap();
        assert_eq!(got, want, "seed {seed}");
    }
    let empty = PrCurve { precision: vec![1.0], recall: vec![0.0], thresholds: vec![] };
    assert_eq!(max_f1_on_curve(&empty, 3, 4), None);
}
