//! Boosting rounds by hand, incremental fitting, early stopping.

use super::*;
use crate::learn::tests::{blobs, friedman};
use crate::learn::Predictor;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

/// Equal to `f32` precision (split gains are `f32`).
fn close32(a: f32, b: f64) -> bool {
    (f64::from(a) - b).abs() <= 1e-6 * b.abs().max(1.0)
}

fn stump(l2: f64, learning_rate: f64) -> BoostSettings {
    BoostSettings {
        n_rounds: 1,
        learning_rate,
        growth: Growth::Depth { max_depth: 1 },
        min_samples_leaf: 1,
        l2,
        ..BoostSettings::new()
    }
}

#[test]
fn squared_error_round_by_hand() {
    // y = 0 0 1 1, F₀ = 0.5, g = F − y = ±0.5, h = 1. Split x ≤ 2.5: G_L = 1, H_L = 2, so with
    // λ = 1 and η = 0.1 the leaves are −0.1·1/3 and +0.1·1/3; gain ½(1/3 + 1/3 − 0) = 1/3.
    let x = [1.0f32, 2.0, 3.0, 4.0];
    let y = [0.0, 0.0, 1.0, 1.0];
    let m = Matrix::new(&x, 4, 1).unwrap();
    let mut b = Booster::new(m, &y, Task::Regression, &stump(1.0, 0.1), None).unwrap();
    let r = b.fit_round().unwrap();
    let model = b.model();
    assert_eq!(model.base, vec![0.5]);
    let t = &model.rounds[0][0];
    let s = t.nodes[0].split.unwrap();
    assert_eq!(s.threshold, 2.5);
    assert!(close32(s.gain, 1.0 / 3.0));
    assert!(close(t.node_value(s.left as usize)[0], -0.1 / 3.0));
    assert!(close(t.node_value(s.right as usize)[0], 0.1 / 3.0));
    let left = 0.5 - 0.1 / 3.0;
    assert!(close(r.train_loss, left * left));
    assert!(b.fit_round().is_none() && b.is_done());
    let p = model.predict(m).unwrap();
    assert!((f64::from(p[0]) - left).abs() < 1e-7);
}

#[test]
fn log_loss_round_by_hand() {
    // Binary: F₀ = logit(½) = 0, p = ½, g = p − y = ±½, h = ¼. Leaves −G/H = ∓2 (λ = 0,
    // η = 1): the loss becomes ln(1 + e⁻²) = 0.126928 on every row.
    let x = [1.0f32, 2.0, 3.0, 4.0];
    let y = [0.0, 0.0, 1.0, 1.0];
    let m = Matrix::new(&x, 4, 1).unwrap();
    let task = Task::Classification { classes: 2 };
    let mut b = Booster::new(m, &y, task, &stump(0.0, 1.0), None).unwrap();
    let r = b.fit_round().unwrap();
    let t = &b.model().rounds[0][0];
    let s = t.nodes[0].split.unwrap();
    assert!(close(t.node_value(s.left as usize)[0], -2.0));
    assert!(close(t.node_value(s.right as usize)[0], 2.0));
    assert!(close(r.train_loss, (1.0 + (-2.0f64).exp()).ln()));
    let p = b.model().predict_proba(m).unwrap();
    let q = 1.0 / (1.0 + 2.0f64.exp());
    assert!(close(p[0], 1.0 - q) && close(p[1], q));
    assert_eq!(b.model().predict(m).unwrap(), y);
}

#[test]
fn softmax_round_by_hand() {
    // Three rows, one per class: F₀ = 0, p = ⅓, g_k = ⅓ − [y = k], h = 2/9. Class 0's tree:
    // g = (−⅔, ⅓, ⅓). x ≤ 1.5 scores ½(4/9)/(2/9) + ½(4/9)/(4/9) = 1.5 against 0.375 for
    // x ≤ 2.5; its leaves are −G/H = 3 and −1.5.
    let x = [1.0f32, 2.0, 3.0];
    let y = [0.0, 1.0, 2.0];
    let task = Task::Classification { classes: 3 };
    let m = Matrix::new(&x, 3, 1).unwrap();
    let mut b = Booster::new(m, &y, task, &stump(0.0, 1.0), None).unwrap();
    b.fit_round().unwrap();
    let model = b.model();
    assert_eq!(model.rounds[0].len(), 3);
    assert!(model.base.iter().all(|&v| close(v, 0.0)));
    let t = &model.rounds[0][0];
    let s = t.nodes[0].split.unwrap();
    assert_eq!(s.threshold, 1.5);
    assert!(close32(s.gain, 1.5));
    assert!(close(t.node_value(s.left as usize)[0], 3.0));
    assert!(close(t.node_value(s.right as usize)[0], -1.5));
    assert_eq!(model.predict(m).unwrap(), y);
}

#[test]
fn rounds_one_at_a_time_are_the_model_fitted_at_once() {
    let (x, y, task) = blobs(500, 4, 3, 3);
    let m = Matrix::new(&x, 500, 4).unwrap();
    let s = BoostSettings { n_rounds: 12, ..BoostSettings::new() };
    let mut b = Booster::new(m, &y, task, &s, None).unwrap();
    let mut losses = Vec::new();
    while let Some(r) = b.fit_round() {
        losses.push(r.train_loss);
    }
    assert_eq!(losses.len(), 12);
    assert!(losses.windows(2).all(|w| w[1] < w[0]), "{losses:?}");
    assert_eq!(b.model(), BoostedTrees::fit(m, &y, task, &s, None).unwrap());
    assert!(b.model().rounds.iter().all(|r| r.iter().all(|t| t.leaves() <= 31)));
    let imp = b.model().feature_importances();
    assert!(imp[0] + imp[1] > 0.8, "{imp:?}");
}

#[test]
fn early_stopping_keeps_the_best_round() {
    // Noisy regression with deep trees and a high rate: validation loss turns up early.
    let (x, y) = friedman(400, 5);
    let (vx, vy) = friedman(200, 6);
    let (m, v) = (Matrix::new(&x, 400, 5).unwrap(), Matrix::new(&vx, 200, 5).unwrap());
    let s = BoostSettings {
        n_rounds: 500,
        learning_rate: 0.5,
        growth: Growth::Depth { max_depth: 6 },
        min_samples_leaf: 1,
        early_stopping: Some(5),
        ..BoostSettings::new()
    };
    let mut b = Booster::new(m, &y, Task::Regression, &s, Some((v, &vy))).unwrap();
    while b.fit_round().is_some() {}
    let h = b.history();
    let best = b.best_round().unwrap();
    assert!(h.len() < 500 && h.len() == best + 5, "{} rounds, best {best}", h.len());
    let best_loss = h[best - 1].validation_loss.unwrap();
    assert!(h.iter().all(|r| r.validation_loss.unwrap() >= best_loss));
    assert_eq!(b.model().rounds.len(), best);
    // The kept model's validation loss is the best one.
    let p = b.model().predict(v).unwrap();
    let mse = p.iter().zip(&vy).map(|(p, y)| f64::from(p - y).powi(2)).sum::<f64>() / 200.0;
    assert!((mse - best_loss).abs() < 1e-3 * best_loss, "{mse} {best_loss}");
    // Early stopping needs validation rows.
    assert!(Booster::new(m, &y, Task::Regression, &s, None).is_err());
}

#[test]
fn depth_and_leaf_limits_hold() {
    let (x, y) = friedman(3000, 8);
    let m = Matrix::new(&x, 3000, 5).unwrap();
    let s = BoostSettings { n_rounds: 3, growth: Growth::Depth { max_depth: 3 }, ..BoostSettings::new() };
    let model = BoostedTrees::fit(m, &y, Task::Regression, &s, None).unwrap();
    assert!(model.rounds.iter().all(|r| r[0].depth() <= 3 && r[0].leaves() <= 8));
    let s = BoostSettings { n_rounds: 3, growth: Growth::Leaves { max_leaves: 7, max_depth: None }, ..s };
    let model = BoostedTrees::fit(m, &y, Task::Regression, &s, None).unwrap();
    assert!(model.rounds.iter().all(|r| r[0].leaves() == 7));
    assert!(model.rounds.iter().flatten().flat_map(|t| &t.nodes).all(|n| n.samples >= 20));
    let bad = BoostSettings { learning_rate: 0.0, ..BoostSettings::new() };
    assert!(Booster::new(m, &y, Task::Regression, &bad, None).is_err());
}

#[test]
fn the_training_rows_scores_are_those_a_watch_would_keep() {
    // More distinct values than bins (quantile bins: thresholds between bins, not between
    // every value), three classes and a regression: a training row's bin and its value fall on
    // the same side of every threshold, so the booster's own sums are a watch's, bit for bit.
    let (fx, fy) = friedman(600, 7);
    for (x, y, task) in [blobs(600, 4, 3, 5), (fx, fy, Task::Regression)] {
        let m = Matrix::new(&x, y.len(), x.len() / y.len()).unwrap();
        let settings = BoostSettings { n_rounds: 12, max_bins: 32, ..BoostSettings::new() };
        // The last 100 rows also as validation rows: the booster's own scores of them are a
        // watch's too.
        let width = x.len() / y.len();
        let held = Matrix::new(&x[500 * width..], 100, width).unwrap();
        let mut b = Booster::new(m, &y, task, &settings, Some((held, &y[500..]))).unwrap();
        let id = b.watch(m).unwrap();
        let held_id = b.watch(held).unwrap();
        while b.fit_round().is_some() {}
        assert_eq!(b.watched_output(Booster::TRAINING_ROWS), b.watched_output(id), "{task:?}");
        assert_eq!(b.watched_output(Booster::VALIDATION_ROWS), b.watched_output(held_id), "{task:?}");
    }
}

#[test]
fn output_asked_after_every_round_has_the_bits_of_a_fresh_sum() {
    // Softmax (three raw scores per row) with early stopping: the cached sums grow round by
    // round, and once the model keeps fewer rounds than were fitted, they are summed afresh.
    let (x, y, task) = blobs(300, 3, 3, 4);
    let (vx, vy, _) = blobs(100, 3, 3, 5);
    let (m, v) = (Matrix::new(&x, 300, 3).unwrap(), Matrix::new(&vx, 100, 3).unwrap());
    let s = BoostSettings { n_rounds: 60, learning_rate: 0.8, early_stopping: Some(3), ..BoostSettings::new() };
    let mut b = Booster::new(m, &y, task, &s, Some((v, &vy))).unwrap();
    let cells = Matrix::new(&x[..150], 50, 3).unwrap();
    while b.fit_round().is_some() {
        let fresh = output_of(Objective::of(task), &raw_scores(&b.base, &b.rounds[..b.kept()], cells));
        assert_eq!(b.output(cells).unwrap(), fresh, "round {}", b.rounds.len());
    }
    assert!(b.kept() < b.rounds.len(), "early stopping kept {} of {}", b.kept(), b.rounds.len());
    assert_eq!(b.output(cells).unwrap(), b.model().predict_proba(cells).unwrap());
    // Other rows in between are summed afresh and do not disturb the cache.
    assert_eq!(b.output(v).unwrap(), b.model().predict_proba(v).unwrap());
    assert_eq!(b.output(cells).unwrap(), b.model().predict_proba(cells).unwrap());
}

#[test]
fn the_training_fit_has_the_bits_of_scoring_the_outputs_afresh() {
    // What a trainer's part score computes from the outputs: mean −ln max(p_y, 1e−15) + 0 and
    // the share of first-argmax hits, or the mean squared error.
    let afresh = |b: &Booster, task: Task, y: &[f32]| {
        let out = output_of(Objective::of(task), &b.raw);
        let n = y.len() as f64;
        match task {
            Task::Regression => {
                (out.iter().zip(y).map(|(&p, &t)| (p - f64::from(t)).powi(2)).sum::<f64>() / n + 0.0, None)
            }
            Task::Classification { classes } => {
                let loss: f64 =
                    out.chunks_exact(classes).zip(y).map(|(p, &t)| -libm::log(p[t as usize].max(1e-15))).sum();
                let hits = crate::learn::argmax_rows(&out, classes).iter().zip(y).filter(|(p, t)| p == t).count();
                (loss / n + 0.0, Some(hits as f64 / n))
            }
        }
    };
    let (fx, fy) = friedman(200, 9);
    let cases = [blobs(300, 3, 2, 8), blobs(300, 3, 3, 9), (fx, fy, Task::Regression)];
    for (x, y, task) in cases {
        let rows = y.len();
        let m = Matrix::new(&x, rows, x.len() / rows).unwrap();
        let s = BoostSettings { n_rounds: 5, ..BoostSettings::new() };
        let mut b = Booster::new(m, &y, task, &s, None).unwrap();
        assert_eq!(b.training_fit(), afresh(&b, task, &y), "{task:?} before the first round");
        while let Some(r) = b.fit_round() {
            assert_eq!(b.training_fit(), afresh(&b, task, &y), "{task:?} round {}", r.round);
            assert_eq!(r.train_loss, b.training_fit().0);
        }
    }
}
