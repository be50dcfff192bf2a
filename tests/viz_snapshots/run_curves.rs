//! The Compare view's overlaid curves: several runs, one line each.

use super::charts::{polylines, svg_of, text_count, LARGE};
use super::*;
use lantern::viz::{describe_run_curves, draw_run_curves, RunCurve, RunQuantity, OKABE_ITO};

/// Run `k` of three: the test loss falls from 0.8 towards `floor`; the second has a
/// validation set; the first has no test loss at epoch 5 (a NaN breaks its line).
fn runs() -> Vec<RunCurve> {
    let floors = [0.05, 0.2, 0.4];
    floors
        .iter()
        .enumerate()
        .map(|(k, &floor)| {
            let history = (1..=20)
                .map(|e| {
                    let loss = floor + (0.8 - floor) * (-(e as f64) / 4.0).exp();
                    let bad = k == 0 && e == 5;
                    EpochMetrics {
                        epoch: e,
                        steps: e as u64 * 10,
                        train_loss: loss * 0.9,
                        test_loss: if bad { f64::NAN } else { loss },
                        test_accuracy: Some(1.0 - loss / 1.6),
                        validation_loss: (k == 1).then_some(loss * 1.1),
                        ..Default::default()
                    }
                })
                .collect();
            RunCurve { label: format!("run {}", k + 1), history }
        })
        .collect()
}

#[test]
fn three_runs_test_loss() {
    let runs = runs();
    let svg = svg_of(LARGE, |a| draw_run_curves(a, &runs, RunQuantity::TestLoss, false, &Theme::light()));
    check_snapshot("compare_test_loss", &svg);
    // Each run in its own colour (palette order 4, 3, 2). The first is solid: its line broken
    // in two by the NaN, and its legend swatch; the others are dashed and dotted (many pieces).
    let solid = polylines(&svg, OKABE_ITO[4]);
    assert_eq!(solid.len(), 3, "{solid:?}");
    assert!(polylines(&svg, OKABE_ITO[3]).len() > 10 && polylines(&svg, OKABE_ITO[2]).len() > 10);
    for label in ["run 1", "run 2", "run 3", "test loss", "epoch"] {
        assert_eq!(text_count(&svg, label), 1, "{label}");
    }
    assert!(!svg.contains("NaN"));
    // The loss falls: the line ends lower on the chart (larger y) than it starts, and the
    // second piece starts right of where the first ends (the gap at epoch 5).
    let (first, second) = (&solid[0], &solid[1]);
    assert!(second.last().unwrap().1 > first[0].1 + 100, "{solid:?}");
    assert!(second[0].0 > first.last().unwrap().0 + 20, "{solid:?}");
}

#[test]
fn log_scale_validation_and_metric() {
    let runs = runs();
    let svg = svg_of(LARGE, |a| draw_run_curves(a, &runs, RunQuantity::ValidationLoss, true, &Theme::light()));
    check_snapshot("compare_validation_log", &svg);
    assert_eq!(text_count(&svg, "validation loss (log scale)"), 1);
    // Only run 2 has a validation set; the others are listed as having none.
    assert_eq!(text_count(&svg, "run 1 (none)"), 1);
    assert_eq!(text_count(&svg, "run 2"), 1);
    assert_eq!(polylines(&svg, OKABE_ITO[4]).len(), 1, "run 1: only its legend swatch");
    assert!(polylines(&svg, OKABE_ITO[3]).len() > 10, "run 2's dashed line");
    let svg = svg_of(LARGE, |a| draw_run_curves(a, &runs, RunQuantity::TestMetric, false, &Theme::light()));
    assert_eq!(text_count(&svg, "test accuracy"), 1);
    let empty = svg_of(LARGE, |a| draw_run_curves(a, &[], RunQuantity::TestLoss, false, &Theme::light()));
    assert_eq!(text_count(&empty, "select runs to compare"), 1);
    assert!(describe_run_curves(&runs, RunQuantity::TestLoss).starts_with("Test loss per epoch of 3 runs: run 1 last"));
}
