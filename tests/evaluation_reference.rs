//! Lantern's held-out evaluation (`train::evaluation`) against scikit-learn 1.9.1 on fixed
//! small inputs. The expected numbers were printed by this script (Python 3, NumPy,
//! scikit-learn 1.9.1 in a venv; not committed):
//!
//! ```python
//! import numpy as np
//! from sklearn.metrics import (accuracy_score, balanced_accuracy_score, precision_recall_fscore_support,
//!     log_loss, roc_auc_score, roc_curve, precision_recall_curve, confusion_matrix,
//!     mean_squared_error, mean_absolute_error, r2_score, f1_score)
//! from sklearn.dummy import DummyClassifier, DummyRegressor
//!
//! f32 = lambda v: np.asarray(np.asarray(v, dtype=np.float32), dtype=np.float64)
//! def clip(P):  # Lantern's (and scikit-learn <= 1.2's) eps=1e-15 clip, then renormalise
//!     P = np.clip(P, 1e-15, 1 - 1e-15); return P / P.sum(axis=1, keepdims=True)
//! def show(name, v): print(f"{name} = {np.array2string(np.asarray(v, dtype=np.float64), separator=', ', precision=17, floatmode='unique') if np.ndim(v) else repr(float(v))}")
//!
//! def classification(tag, y, P, k, train, pred):
//!     labels = list(range(k)); show(tag + " accuracy", accuracy_score(y, pred))
//!     show(tag + " balanced_accuracy", balanced_accuracy_score(y, pred))
//!     p, r, f, s = precision_recall_fscore_support(y, pred, labels=labels, zero_division=0)
//!     show(tag + " precision", p); show(tag + " recall", r); show(tag + " f1", f)
//!     mp, mr, mf, _ = precision_recall_fscore_support(y, pred, average="macro", zero_division=0)
//!     show(tag + " macro p/r/f1", [mp, mr, mf]); print(tag, "confusion", confusion_matrix(y, pred, labels=labels).tolist())
//!     show(tag + " log_loss", log_loss(y, clip(P), labels=labels))
//!     show(tag + " roc_auc", roc_auc_score(y, P[:, 1]) if k == 2 else roc_auc_score(y, P, multi_class="ovr", average="macro", labels=labels))
//!     for c in range(k):
//!         fpr, tpr, th = roc_curve(np.asarray(y) == c, P[:, c], drop_intermediate=False)
//!         show(f"{tag} class {c} auc", roc_auc_score(np.asarray(y) == c, P[:, c]))
//!         show(f"{tag} class {c} roc fpr", fpr); show(f"{tag} class {c} roc tpr", tpr); show(f"{tag} class {c} roc thr", th)
//!         pr, rc, th = precision_recall_curve(np.asarray(y) == c, P[:, c])
//!         show(f"{tag} class {c} pr precision", pr); show(f"{tag} class {c} pr recall", rc); show(f"{tag} class {c} pr thr", th)
//!     X0, Xt = np.zeros((len(train), 1)), np.zeros((len(y), 1))
//!     mf_pred = DummyClassifier(strategy="most_frequent").fit(X0, train).predict(Xt)
//!     prior = DummyClassifier(strategy="prior").fit(X0, train).predict_proba(Xt)
//!     print(tag, "baseline class", mf_pred[0]); show(tag + " baseline accuracy", accuracy_score(y, mf_pred))
//!     show(tag + " baseline balanced_accuracy", balanced_accuracy_score(y, mf_pred))
//!     show(tag + " baseline macro_f1", f1_score(y, mf_pred, average="macro", zero_division=0))
//!     show(tag + " baseline log_loss", log_loss(y, clip(prior), labels=labels))
//!
//! # Binary, n x 1 P(class 1), ties at 0.4 and 0.8 (across classes), 0.5 predicted as class 0.
//! y = [0, 0, 1, 1, 0, 1, 1, 0]; p1 = f32([0.1, 0.4, 0.4, 0.8, 0.8, 0.5, 0.9, 0.2])
//! classification("binary", y, np.stack([1 - p1, p1], axis=1), 2, [0, 0, 0, 1, 1], (p1 > 0.5).astype(int))
//! # Three classes, class 2 never predicted, P(actual) = 0 in the last row; argmax ties -> lowest.
//! y = [0, 1, 2, 0, 1, 2, 0, 1]
//! P = f32([[.5, .25, .25], [.25, .5, .25], [.5, .125, .375], [.75, .25, 0], [.125, .75, .125], [.25, .5, .25], [1, 0, 0], [.5, 0, .5]])
//! classification("three", y, P, 3, [0, 0, 1, 1, 1, 2], P.argmax(axis=1))
//! # Regression.
//! y, yh, tr = f32([3.0, -0.5, 2.0, 7.0, 4.25]), f32([2.5, 0.0, 2.0, 8.0, 3.5]), f32([1.0, 2.0, 3.5, 5.5])
//! show("reg rmse", np.sqrt(mean_squared_error(y, yh))); show("reg mae", mean_absolute_error(y, yh)); show("reg r2", r2_score(y, yh))
//! res = y - yh; show("reg residuals mean sd min q1 median q3 max", [res.mean(), res.std(), res.min(), *np.quantile(res, [.25, .5, .75]), res.max()])
//! b = DummyRegressor(strategy="mean").fit(np.zeros((4, 1)), tr).predict(np.zeros((5, 1)))
//! show("reg baseline mean", b[0]); show("reg baseline rmse", np.sqrt(mean_squared_error(y, b)))
//! show("reg baseline mae", mean_absolute_error(y, b)); show("reg baseline r2", r2_score(y, b))
//! ```
//!
//! scikit-learn ≥ 1.3 clips log-loss probabilities to float64 epsilon; Lantern keeps the
//! historical `eps=1e-15` (clip, then renormalise), so the script applies that clip itself
//! (`clip`) before calling `log_loss`, which then leaves the values alone.

use lantern::train::evaluation::*;

const TOL: f64 = 1e-9;

fn near(name: &str, got: f64, want: f64) {
    assert!((got - want).abs() <= TOL || (got.is_infinite() && got == want), "{name}: got {got}, scikit-learn {want}");
}

fn near_all(name: &str, got: &[f64], want: &[f64]) {
    assert_eq!(got.len(), want.len(), "{name}: length of {got:?} vs {want:?}");
    for (i, (&g, &w)) in got.iter().zip(want).enumerate() {
        near(&format!("{name}[{i}]"), g, w);
    }
}

const INF: f64 = f64::INFINITY;

#[test]
fn binary_with_tied_scores() {
    let y = [0, 0, 1, 1, 0, 1, 1, 0];
    let p1: [f32; 8] = [0.1, 0.4, 0.4, 0.8, 0.8, 0.5, 0.9, 0.2];
    let r = classification_report(&y, &p1, 2, &[0, 0, 0, 1, 1]);
    assert_eq!((r.n, r.skipped, r.classes), (8, 0, 2));
    assert_eq!(r.confusion, vec![vec![3, 1], vec![2, 2]]);
    near("accuracy", r.accuracy, 0.625);
    near("balanced_accuracy", r.balanced_accuracy, 0.625);
    let per = |f: fn(&ClassMetrics) -> f64| r.per_class.iter().map(f).collect::<Vec<_>>();
    near_all("precision", &per(|m| m.precision), &[0.6, 0.6666666666666666]);
    near_all("recall", &per(|m| m.recall), &[0.75, 0.5]);
    near_all("f1", &per(|m| m.f1), &[0.6666666666666666, 0.5714285714285714]);
    near("macro_precision", r.macro_precision, 0.6333333333333333);
    near("macro_recall", r.macro_recall, 0.625);
    near("macro_f1", r.macro_f1, 0.6190476190476191);
    near("log_loss", r.log_loss, 0.548338706773328);
    near("roc_auc", r.roc_auc, 0.8125);
    near_all("roc_auc_per_class", &r.roc_auc_per_class, &[0.8125, 0.8125]);
    // The same numbers from the single-purpose functions.
    near("log_loss()", log_loss(&y, &p1, 2), 0.548338706773328);
    near("roc_auc()", roc_auc(&y, &p1, 2), 0.8125);

    let c0 = &r.roc_curves[0];
    near_all("class 0 fpr", &c0.fpr, &[0., 0., 0., 0.25, 0.5, 0.75, 1.]);
    near_all("class 0 tpr", &c0.tpr, &[0., 0.25, 0.5, 0.75, 0.75, 1., 1.]);
    near_all(
        "class 0 thresholds",
        &c0.thresholds,
        &[
            INF,
            0.8999999985098839,
            0.7999999970197678,
            0.5999999940395355,
            0.5,
            0.19999998807907104,
            0.10000002384185791,
        ],
    );
    let p0 = &r.pr_curves[0];
    near_all("class 0 precision", &p0.precision, &[0.5, 0.5714285714285714, 0.6, 0.75, 1., 1., 1.]);
    near_all("class 0 recall", &p0.recall, &[1., 1., 0.75, 0.75, 0.5, 0.25, 0.]);
    near_all(
        "class 0 pr thresholds",
        &p0.thresholds,
        &[0.10000002384185791, 0.19999998807907104, 0.5, 0.5999999940395355, 0.7999999970197678, 0.8999999985098839],
    );
    let c1 = roc_curve_for_class(&y, &p1, 2, 1);
    assert_eq!(c1, r.roc_curves[1]);
    near_all("class 1 fpr", &c1.fpr, &[0., 0., 0.25, 0.25, 0.5, 0.75, 1.]);
    near_all("class 1 tpr", &c1.tpr, &[0., 0.25, 0.5, 0.75, 1., 1., 1.]);
    near_all(
        "class 1 thresholds",
        &c1.thresholds,
        &[
            INF,
            0.8999999761581421,
            0.800000011920929,
            0.5,
            0.4000000059604645,
            0.20000000298023224,
            0.10000000149011612,
        ],
    );
    let p1c = pr_curve_for_class(&y, &p1, 2, 1);
    assert_eq!(p1c, r.pr_curves[1]);
    near_all(
        "class 1 precision",
        &p1c.precision,
        &[0.5, 0.5714285714285714, 0.6666666666666666, 0.75, 0.6666666666666666, 1., 1.],
    );
    near_all("class 1 recall", &p1c.recall, &[1., 1., 1., 0.75, 0.5, 0.25, 0.]);
    near_all(
        "class 1 pr thresholds",
        &p1c.thresholds,
        &[0.10000000149011612, 0.20000000298023224, 0.4000000059604645, 0.5, 0.800000011920929, 0.8999999761581421],
    );

    let b = &r.baseline;
    assert_eq!(b.class, Some(0));
    near("baseline accuracy", b.accuracy, 0.5);
    near("baseline balanced_accuracy", b.balanced_accuracy, 0.5);
    near("baseline macro_f1", b.macro_f1, 0.3333333333333333);
    near("baseline log_loss", b.log_loss, 0.7135581778200728);

    // The n × 2 layout gives the same report (up to f32 rounding of 1 − p, computed in f32 here).
    let p2: Vec<f32> = p1.iter().flat_map(|&p| [1.0 - p, p]).collect();
    let r2 = classification_report(&y, &p2, 2, &[0, 0, 0, 1, 1]);
    assert!((r2.log_loss - 0.548338706773328).abs() < 1e-6, "n×2 log_loss {}", r2.log_loss);
    near("n×2 roc_auc", r2.roc_auc, 0.8125);
    assert_eq!(r2.confusion, r.confusion);
}

#[test]
fn three_classes_one_never_predicted_and_a_zero_probability() {
    let y = [0, 1, 2, 0, 1, 2, 0, 1];
    #[rustfmt::skip]
    let p: [f32; 24] = [
        0.5, 0.25, 0.25,   0.25, 0.5, 0.25,   0.5, 0.125, 0.375,   0.75, 0.25, 0.0,
        0.125, 0.75, 0.125,   0.25, 0.5, 0.25,   1.0, 0.0, 0.0,   0.5, 0.0, 0.5,
    ];
    let r = classification_report(&y, &p, 3, &[0, 0, 1, 1, 1, 2]);
    assert_eq!((r.n, r.skipped), (8, 0));
    assert_eq!(r.confusion, vec![vec![3, 0, 0], vec![1, 2, 0], vec![1, 1, 0]]);
    near("accuracy", r.accuracy, 0.625);
    near("balanced_accuracy", r.balanced_accuracy, 0.5555555555555555);
    let per = |f: fn(&ClassMetrics) -> f64| r.per_class.iter().map(f).collect::<Vec<_>>();
    near_all("precision", &per(|m| m.precision), &[0.6, 0.6666666666666666, 0.]);
    near_all("recall", &per(|m| m.recall), &[1., 0.6666666666666666, 0.]);
    near_all("f1", &per(|m| m.f1), &[0.75, 0.6666666666666666, 0.]);
    near("macro_precision", r.macro_precision, 0.4222222222222222);
    near("macro_recall", r.macro_recall, 0.5555555555555555);
    near("macro_f1", r.macro_f1, 0.47222222222222215);
    // The last row gives its actual class probability 0: clipped to 1e-15.
    near("log_loss", r.log_loss, 4.85844481438322);
    near("roc_auc", r.roc_auc, 0.7833333333333332);
    near_all("roc_auc_per_class", &r.roc_auc_per_class, &[0.9333333333333333, 0.6666666666666665, 0.75]);

    let want_roc: [([f64; 6], [f64; 6], [f64; 6]); 3] = [
        (
            [0., 0., 0., 0.4, 0.8, 1.],
            [0., 0.3333333333333333, 0.6666666666666666, 1., 1., 1.],
            [INF, 1., 0.75, 0.5, 0.25, 0.125],
        ),
        (
            [0., 0., 0.2, 0.6, 0.8, 1.],
            [0., 0.3333333333333333, 0.6666666666666666, 0.6666666666666666, 0.6666666666666666, 1.],
            [INF, 0.75, 0.5, 0.25, 0.125, 0.],
        ),
        (
            [0., 0.16666666666666666, 0.16666666666666666, 0.5, 0.6666666666666666, 1.],
            [0., 0., 0.5, 1., 1., 1.],
            [INF, 0.5, 0.375, 0.25, 0.125, 0.],
        ),
    ];
    for (c, (fpr, tpr, thr)) in want_roc.iter().enumerate() {
        near_all(&format!("class {c} fpr"), &r.roc_curves[c].fpr, fpr);
        near_all(&format!("class {c} tpr"), &r.roc_curves[c].tpr, tpr);
        near_all(&format!("class {c} thresholds"), &r.roc_curves[c].thresholds, thr);
    }
    let want_pr: [(&[f64], &[f64], &[f64]); 3] = [
        (
            &[0.375, 0.42857142857142855, 0.6, 1., 1., 1.],
            &[1., 1., 1., 0.6666666666666666, 0.3333333333333333, 0.],
            &[0.125, 0.25, 0.5, 0.75, 1.],
        ),
        (
            &[0.375, 0.3333333333333333, 0.4, 0.6666666666666666, 1., 1.],
            &[1., 0.6666666666666666, 0.6666666666666666, 0.6666666666666666, 0.3333333333333333, 0.],
            &[0., 0.125, 0.25, 0.5, 0.75],
        ),
        (&[0.25, 0.3333333333333333, 0.4, 0.5, 0., 1.], &[1., 1., 1., 0.5, 0., 0.], &[0., 0.125, 0.25, 0.375, 0.5]),
    ];
    for (c, (precision, recall, thr)) in want_pr.iter().enumerate() {
        near_all(&format!("class {c} precision"), &r.pr_curves[c].precision, precision);
        near_all(&format!("class {c} recall"), &r.pr_curves[c].recall, recall);
        near_all(&format!("class {c} pr thresholds"), &r.pr_curves[c].thresholds, thr);
    }

    let b = &r.baseline;
    assert_eq!(b.class, Some(1));
    near("baseline accuracy", b.accuracy, 0.375);
    near("baseline balanced_accuracy", b.balanced_accuracy, 0.3333333333333333);
    near("baseline macro_f1", b.macro_f1, 0.1818181818181818);
    near("baseline log_loss", b.log_loss, 1.119849668267534);
}

#[test]
fn regression() {
    let y: [f32; 5] = [3.0, -0.5, 2.0, 7.0, 4.25];
    let yh: [f32; 5] = [2.5, 0.0, 2.0, 8.0, 3.5];
    let r = regression_report(&y, &yh, &[1.0, 2.0, 3.5, 5.5]);
    assert_eq!((r.n, r.skipped), (5, 0));
    near("rmse", r.rmse, 0.6422616289332564);
    near("mae", r.mae, 0.55);
    near("r2", r.r2, 0.9328175895765473);
    let s = &r.residuals;
    assert_eq!(s.n, 5);
    near_all(
        "residuals mean sd min q1 median q3 max",
        &[s.mean, s.sd, s.min, s.q1, s.median, s.q3, s.max],
        &[-0.05, 0.6403124237432849, -1., -0.5, 0., 0.5, 0.75],
    );
    near("baseline mean", r.baseline.mean, 3.0);
    near("baseline rmse", r.baseline.rmse, 2.482438317461282);
    near("baseline mae", r.baseline.mae, 1.95);
    near("baseline r2", r.baseline.r2, -0.0036644951140063498);
    near("rmse()", rmse(&y, &yh), 0.6422616289332564);
    near("mae()", mae(&y, &yh), 0.55);
    near("r2()", evaluation_r2(&y, &yh), 0.9328175895765473);
}

fn evaluation_r2(y: &[f32], yh: &[f32]) -> f64 {
    lantern::train::evaluation::r2(y, yh)
}
