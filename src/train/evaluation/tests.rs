use super::*;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-12
}

#[test]
fn label_metrics_by_hand() {
    // actual    0 0 0 1 1 2
    // predicted 0 1 0 1 0 1  → C = [[2,1,0],[1,1,0],[0,1,0]]
    let cm = confusion_matrix(&[0, 0, 0, 1, 1, 2], &[0, 1, 0, 1, 0, 1], 3);
    assert_eq!(cm, vec![vec![2, 1, 0], vec![1, 1, 0], vec![0, 1, 0]]);
    // accuracy = (2 + 1) / 6 = 0.5
    assert!(close(accuracy(&cm), 0.5));
    let m = per_class(&cm);
    // class 0: TP 2, FP 1, FN 1 → P = 2/3, R = 2/3, F1 = 4/6
    assert!(close(m[0].precision, 2.0 / 3.0) && close(m[0].recall, 2.0 / 3.0) && close(m[0].f1, 4.0 / 6.0));
    // class 1: TP 1, FP 2, FN 1 → P = 1/3, R = 1/2, F1 = 2/(2+2+1) = 0.4
    assert!(close(m[1].precision, 1.0 / 3.0) && close(m[1].recall, 0.5) && close(m[1].f1, 0.4));
    // class 2: never predicted → P = 0/0 = 0, R = 0/1 = 0, F1 = 0/(0+0+1) = 0
    assert_eq!((m[2].precision, m[2].recall, m[2].f1, m[2].support, m[2].predicted), (0.0, 0.0, 0.0, 1, 0));
    // balanced accuracy = (2/3 + 1/2 + 0) / 3 = 7/18
    assert!(close(balanced_accuracy(&cm), 7.0 / 18.0));
    // macro over classes {0, 1, 2}: P = (2/3 + 1/3 + 0)/3 = 1/3, R = 7/18,
    // F1 = (2/3 + 0.4 + 0)/3 = 16/45
    let (p, r, f) = macro_averages(&cm);
    assert!(close(p, 1.0 / 3.0) && close(r, 7.0 / 18.0) && close(f, 16.0 / 45.0));
    // A class in neither actual nor predicted is left out of the macro average.
    let cm4 = confusion_matrix(&[0, 0, 0, 1, 1, 2], &[0, 1, 0, 1, 0, 1], 4);
    assert_eq!(macro_averages(&cm4), macro_averages(&cm));
    // Labels ≥ k are skipped.
    assert_eq!(confusion_matrix(&[0, 5], &[0, 0], 2), vec![vec![1, 0], vec![0, 0]]);
}

#[test]
fn auc_by_hand_with_ties() {
    // scores 0.1(−) 0.4(−) 0.4(+) 0.8(+): ranks 1, 2.5, 2.5, 4 → R₊ = 6.5,
    // AUC = (6.5 − 2·3/2) / (2·2) = 3.5/4 = 0.875 (pairs: (0.4+,0.1−) 1, (0.4+,0.4−) ½,
    // (0.8+, both) 2 → 3.5 of 4).
    let pos = [false, false, true, true];
    let s = [0.1, 0.4, 0.4, 0.8];
    assert!(close(binary_roc_auc(&pos, &s), 0.875));
    // Trapezoids under the full curve give the same: points (0,0) (0,½) (½,1) (1,1):
    // ½·½·(½+1) + ½·1 = 0.375 + 0.5 = 0.875.
    let c = roc_curve(&pos, &s);
    assert_eq!(c.fpr, vec![0.0, 0.0, 0.5, 1.0]);
    assert_eq!(c.tpr, vec![0.0, 0.5, 1.0, 1.0]);
    assert_eq!(c.thresholds, vec![f64::INFINITY, 0.8, 0.4, 0.1]);
    let area: f64 = (1..c.fpr.len()).map(|i| (c.fpr[i] - c.fpr[i - 1]) * (c.tpr[i] + c.tpr[i - 1]) / 2.0).sum();
    assert!(close(area, 0.875));
    // PR: t = 0.1 → 2/4 precision, recall 1; t = 0.4 → 2/3, 1; t = 0.8 → 1/1, 1/2; then (1, 0).
    let pr = pr_curve(&pos, &s);
    assert_eq!(pr.thresholds, vec![0.1, 0.4, 0.8]);
    assert_eq!(pr.recall, vec![1.0, 1.0, 0.5, 0.0]);
    assert!(close(pr.precision[1], 2.0 / 3.0) && pr.precision[0] == 0.5 && pr.precision[2] == 1.0);
    // AP = (1 − 1)·0.5 + (1 − 0.5)·2/3 + (0.5 − 0)·1 = 5/6 (scikit-learn's
    // average_precision_score on these tied scores gives 0.8333).
    assert!(close(pr.average_precision(), 5.0 / 6.0), "{}", pr.average_precision());
    // Only one class → undefined; a NaN score is skipped.
    assert!(binary_roc_auc(&[true, true], &[0.1, 0.2]).is_nan());
    assert!(close(binary_roc_auc(&[false, true, true], &[0.3, f64::NAN, 0.5]), 1.0));
}

#[test]
fn log_loss_by_hand() {
    // Rows [0.75, 0.25] (actual 0), [0.5, 0.5] (actual 1) and unnormalised [1, 3] → [¼, ¾]
    // (actual 1): loss = −(ln 0.75 + ln 0.5 + ln 0.75)/3.
    let want = -(0.75f64.ln() + 0.5f64.ln() + 0.75f64.ln()) / 3.0;
    assert!(close(log_loss(&[0, 1, 1], &[0.75, 0.25, 0.5, 0.5, 1.0, 3.0], 2), want));
    // The n × 1 form: P(class 1) = 0.25, 0.5, 0.75 is the same thing.
    assert!(close(log_loss(&[0, 1, 1], &[0.25, 0.5, 0.75], 2), want));
    // A zero probability on the actual class costs −ln(1e-15 / (1e-15 + 1 − 1e-15)) ≈ 34.539.
    assert!((log_loss(&[0], &[0.0, 1.0], 2) - 34.538776394910684).abs() < 1e-6);
}

#[test]
fn regression_by_hand() {
    // y = [1, 2, 3, 4], ŷ = [1, 2, 3, 5]: residuals [0, 0, 0, −1], RMSE = √(1/4) = 0.5,
    // MAE = 0.25, R² = 1 − 1/5 = 0.8; swapped, ȳ = 2.75 and Σ(y − ȳ)² = 8.75: R² = 1 − 1/8.75.
    let (y, yh) = ([1.0f32, 2.0, 3.0, 4.0], [1.0f32, 2.0, 3.0, 5.0]);
    assert!(close(rmse(&y, &yh), 0.5) && close(mae(&y, &yh), 0.25));
    assert!(close(r2(&y, &yh), 0.8) && close(r2(&yh, &y), 1.0 - 1.0 / 8.75));
    // Predicting the mean gives 0.
    assert!(r2(&y, &[2.5; 4]).abs() < 1e-12);
    assert_eq!(r2(&[1.0, 1.0], &[1.0, 1.0]), 1.0);
    assert_eq!(r2(&[1.0, 1.0], &[0.0, 2.0]), 0.0);
    // sorted residuals [−1, 0, 0, 0]: mean −0.25, sd = √((0.5625 + 3·0.0625)/4) = √0.1875,
    // q1 at h = 0.75 → −1 + 0.75·1 = −0.25, median 0, q3 0.
    let s = residual_summary(&y, &yh);
    assert!(close(s.mean, -0.25) && close(s.sd, 0.1875f64.sqrt()) && close(s.q1, -0.25));
    assert_eq!((s.min, s.median, s.q3, s.max, s.n), (-1.0, 0.0, 0.0, 0.0, 4));
    // Mean baseline from train [0, 4] → 2: errors [1, 0, 1, 2] → RMSE √(6/4), MAE 1,
    // R² = 1 − 6/5 = −0.2.
    let r = regression_report(&y, &yh, &[0.0, 4.0, f32::NAN]);
    assert!(close(r.baseline.mean, 2.0) && close(r.baseline.rmse, 1.5f64.sqrt()));
    assert!(close(r.baseline.mae, 1.0) && close(r.baseline.r2, -0.2));
}

#[test]
fn majority_baseline_by_hand() {
    // Train [0, 1, 1, 2] → class 1, frequencies [¼, ½, ¼]. Test actual [0, 1]:
    // accuracy ½, balanced (0 + 1)/2 = ½, F1: class 0 → 0, class 1 → 2/(2+1) = 2/3,
    // macro over {0, 1} = 1/3; log loss = −(ln ¼ + ln ½)/2.
    let r = classification_report(&[0, 1], &[0.9, 0.1, 0.0, 0.0, 0.2, 0.8, 0.0, 0.0][..6], 3, &[0, 1, 1, 2]);
    let b = &r.baseline;
    assert_eq!(b.class, Some(1));
    assert!(close(b.accuracy, 0.5) && close(b.balanced_accuracy, 0.5) && close(b.macro_f1, 1.0 / 3.0));
    assert!(close(b.log_loss, -(0.25f64.ln() + 0.5f64.ln()) / 2.0));
    assert_eq!(b.frequencies, vec![0.25, 0.5, 0.25]);
}

#[test]
fn bad_input_does_not_panic() {
    // Empty everything.
    let r = classification_report(&[], &[], 3, &[]);
    assert_eq!((r.n, r.skipped), (0, 0));
    assert!(r.accuracy.is_nan() && r.log_loss.is_nan() && r.roc_auc.is_nan() && r.baseline.accuracy.is_nan());
    let r = classification_report(&[], &[], 0, &[]);
    assert!(r.accuracy.is_nan());
    // Non-finite / negative rows and out-of-range labels are skipped.
    let r = classification_report(&[0, 1, 1, 7], &[0.9, 0.1, f32::NAN, 0.5, -1.0, 2.0, 0.5, 0.5], 2, &[1]);
    assert_eq!((r.n, r.skipped), (1, 3));
    assert_eq!(r.accuracy, 1.0);
    // A probability slice of the wrong length skips every row.
    let r = classification_report(&[0, 1], &[0.5, 0.5, 0.5], 3, &[0]);
    assert_eq!((r.n, r.skipped), (0, 2));
    // Regression.
    let r = regression_report(&[], &[], &[]);
    assert!(r.rmse.is_nan() && r.r2.is_nan() && r.residuals.q1.is_nan() && r.baseline.mean.is_nan());
    let r = regression_report(&[1.0, f32::INFINITY, 3.0], &[1.0, 2.0, f32::NAN], &[f32::NAN]);
    assert_eq!((r.n, r.skipped), (1, 2));
    assert_eq!(r.rmse, 0.0);
    assert!(r.baseline.rmse.is_nan());
}

#[test]
fn reports_round_trip_through_json_with_nan_and_infinity() {
    // One class only in the test set: AUCs and tpr are NaN, thresholds start with +∞.
    let r = classification_report(&[1, 1], &[0.2, 0.7], 2, &[0, 1]);
    assert!(r.roc_auc.is_nan() && r.roc_curves[0].tpr.iter().all(|v| v.is_nan()));
    let json = serde_json::to_string(&r).unwrap();
    let back: ClassificationReport = serde_json::from_str(&json).unwrap();
    // NaN ≠ NaN, so compare the JSON text.
    assert_eq!(serde_json::to_string(&back).unwrap(), json);
    assert_eq!(back.roc_curves[1].thresholds[0], f64::INFINITY);
    assert!(back.roc_auc.is_nan());
    let g = regression_report(&[1.0, 2.0], &[1.5, 2.0], &[3.0]);
    let back: RegressionReport = serde_json::from_str(&serde_json::to_string(&g).unwrap()).unwrap();
    assert_eq!(back, g);
}

/// `n` pseudo-random (positive, score) pairs: positives score higher on average.
fn noisy_scores(n: usize) -> (Vec<bool>, Vec<f64>) {
    let mut s = 7u64;
    let mut next = || {
        s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (s >> 11) as f64 / (1u64 << 53) as f64
    };
    (0..n)
        .map(|_| {
            let positive = next() < 0.3;
            (positive, next() + if positive { 0.4 } else { 0.0 })
        })
        .unzip()
}

/// Each point of `(x, y)` is within `step` of a point of the thinned `(tx, ty)` at or before it,
/// and the thinned curve's points are points of the curve, in order.
fn follows(x: &[f64], y: &[f64], tx: &[f64], ty: &[f64], step: f64) {
    let mut k = 0;
    for i in 0..x.len() {
        if k + 1 < tx.len() && x[i] == tx[k + 1] && y[i] == ty[k + 1] {
            k += 1;
        }
        assert!(
            (x[i] - tx[k]).abs() < step && (y[i] - ty[k]).abs() < step || (x[i], y[i]) == (tx[k], ty[k]),
            "point {i}"
        );
    }
    assert_eq!(k + 1, tx.len(), "every kept point is on the curve, in order");
}

#[test]
fn curves_thinned_for_the_page_look_the_same_and_stay_small() {
    let (positive, scores) = noisy_scores(20_000);
    let roc = roc_curve(&positive, &scores);
    let thin = roc.thinned(CHART_RESOLUTION);
    assert!(roc.fpr.len() > 19_000 && thin.fpr.len() <= 2_002, "{} → {}", roc.fpr.len(), thin.fpr.len());
    assert_eq!((thin.fpr.len(), thin.tpr.len()), (thin.thresholds.len(), thin.thresholds.len()));
    assert_eq!((thin.fpr[0], thin.tpr[0], thin.thresholds[0]), (0.0, 0.0, f64::INFINITY));
    assert_eq!((thin.fpr.last(), thin.tpr.last()), (Some(&1.0), Some(&1.0)));
    follows(&roc.fpr, &roc.tpr, &thin.fpr, &thin.tpr, CHART_RESOLUTION);
    // Each kept point keeps its own threshold.
    for (i, t) in thin.thresholds.iter().enumerate().skip(1) {
        let j = roc.thresholds.iter().position(|u| u == t).unwrap();
        assert_eq!((roc.fpr[j], roc.tpr[j]), (thin.fpr[i], thin.tpr[i]));
    }

    let pr = pr_curve(&positive, &scores);
    let thin = pr.thinned(CHART_RESOLUTION);
    assert!(thin.recall.len() <= 2_002 && thin.thresholds.len() + 1 == thin.recall.len(), "{}", thin.recall.len());
    assert_eq!(
        (thin.recall.last(), thin.precision.last()),
        (Some(&0.0), Some(&1.0)),
        "the end point, without a threshold"
    );
    assert_eq!(thin.thresholds[0], pr.thresholds[0]);
    follows(&pr.recall, &pr.precision, &thin.recall, &thin.precision, CHART_RESOLUTION);
    // Small curves are kept whole; an undefined curve (no positives) keeps its ends.
    let small = roc_curve(&[true, false, true], &[0.9, 0.5, 0.1]);
    assert_eq!(small.thinned(CHART_RESOLUTION), small);
    let undefined = roc_curve(&[false; 50], &scores[..50]).thinned(CHART_RESOLUTION);
    assert_eq!(undefined.fpr.len(), 51, "no positives: fpr still moves, so every point stays");
    assert!(undefined.tpr.iter().all(|v| v.is_nan()));
}

#[test]
fn the_page_gets_thinned_curves_and_the_full_curves_metrics() {
    use crate::train::Evaluation;
    let (positive, scores) = noisy_scores(5_000);
    let actual: Vec<u32> = positive.iter().map(|&p| u32::from(p)).collect();
    // Binary probabilities: P(class 1) = the score squeezed into (0, 1).
    let probs: Vec<f32> = scores.iter().flat_map(|&s| [1.0 - (s / 1.5) as f32, (s / 1.5) as f32]).collect();
    let full = classification_report(&actual, &probs, 2, &actual);
    let Evaluation::Classification(page) = Evaluation::Classification(full.clone()).for_charts() else { panic!() };
    let ap = full.pr_curves[1].average_precision();
    assert!(ap > 0.5 && ap < 1.0, "{ap}");
    assert_eq!(page.average_precision_per_class[1], ap, "computed on the full curve");
    assert!(page.pr_curves[1].average_precision() != ap, "the thinned curve's own would differ");
    assert!(page.roc_curves[1].fpr.len() < full.roc_curves[1].fpr.len() / 2);
    assert_eq!((page.roc_auc, page.accuracy, &page.confusion), (full.roc_auc, full.accuracy, &full.confusion));
    // Read back from JSON written before the field existed: none.
    let mut json: serde_json::Value = serde_json::to_value(&full).unwrap();
    json.as_object_mut().unwrap().remove("average_precision_per_class");
    let old: ClassificationReport = serde_json::from_value(json).unwrap();
    assert!(old.average_precision_per_class.is_empty());
}
