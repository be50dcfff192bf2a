//! The charts of issue 5, second part: histograms, category counts, overlays, correlation, network, weights and metric curves.

use super::*;
#[allow(unused_imports)]
use super::{charts::*, data_view::*, decision::*};

#[test]
pub(super) fn histogram_bins_and_missing_values() {
    let theme = Theme::light();
    // 1..=8 and a missing value: two bins of four (Freedman–Diaconis, see histogram.rs).
    let mut v: Vec<f64> = (1..=8).map(f64::from).collect();
    v.push(f64::NAN);
    let svg = svg_of(SMALL, |a| draw_histogram(a, &v, "length (cm)", &theme));
    assert_eq!(rects(&svg, &hex(theme.positive)).len(), 2);
    for t in ["length (cm)", "count", "1 missing value not shown"] {
        assert!(has_text(&svg, t), "no text {t:?}");
    }
    check_snapshot("histogram_small", &svg);
    // A skewed sample of 500 values at the larger size.
    let skewed: Vec<f64> = (0..500).map(|i| (f64::from(i) / 100.0).exp()).collect();
    let svg = svg_of(LARGE, |a| draw_histogram(a, &skewed, "income", &theme));
    let bars = rects(&svg, &hex(theme.positive)).len();
    assert!((10..=40).contains(&bars), "{bars} bars");
    assert!(!has_text(&svg, "1 missing value not shown"));
    check_snapshot("histogram_large", &svg);
    assert_eq!(
        describe_histogram(&v, "length"),
        "Histogram of length: 8 values from 1 to 8 in 2 bins, most (4) from 1 to 4.5; 1 missing value not shown"
    );
}

#[test]
pub(super) fn category_counts_top_n_and_other() {
    let theme = Theme::light();
    let counts: Vec<(String, u64)> =
        [("Adelie", 152), ("Gentoo", 124), ("Chinstrap", 68), ("Rockhopper", 3), ("Emperor", 2)]
            .iter()
            .map(|(s, c)| (s.to_string(), *c))
            .collect();
    let svg = svg_of(SMALL, |a| draw_category_counts(a, &counts, "species", 3, &theme));
    assert_eq!(rects(&svg, &hex(theme.positive)).len(), 3);
    assert_eq!(rects(&svg, "#BBBBBB").len(), 1, "one grey other bar");
    for t in ["species", "Adelie", "152", "Chinstrap", "68", "other (2 values)", "5"] {
        assert!(has_text(&svg, t), "no text {t:?}");
    }
    // Bar lengths proportional to the counts: Adelie 152 is the longest.
    let bars = rects(&svg, &hex(theme.positive));
    assert!(bars[0].2 > bars[1].2 && bars[1].2 > bars[2].2);
    assert!(((bars[2].2 as f64 / bars[0].2 as f64) - 68.0 / 152.0).abs() < 0.02);
    check_snapshot("categories", &svg);
    assert_eq!(
        describe_category_counts(&counts, "species", 3),
        "Bar chart of species: Adelie 152, Gentoo 124, Chinstrap 68, and 2 other values (5)"
    );
}

#[test]
pub(super) fn histogram_overlay_of_two_samples() {
    let theme = Theme::light();
    let reference: Vec<f64> = (0..200).map(|i| f64::from(i % 20)).collect();
    let current: Vec<f64> = (0..100).map(|i| f64::from(i % 20) * 0.5 + 8.0).collect();
    let svg =
        svg_of(LARGE, |a| draw_histogram_overlay(a, &reference, &current, "age", ("reference", "current"), &theme));
    for t in ["reference (200)", "current (100)", "age", "share of rows (%)"] {
        assert!(has_text(&svg, t), "no text {t:?}");
    }
    // Reference bars semi-transparent blue, current data as an orange step outline.
    let filled = rects(&svg, &hex(theme.positive));
    assert!(filled.len() > 5, "{}", filled.len());
    assert!(svg.contains("opacity=\"0.35\""));
    assert_eq!(polylines(&svg, theme.negative).len(), 2, "the outline and its legend sample");
    check_snapshot("histogram_overlay", &svg);
    let d = describe_histogram_overlay(&reference, &current, "age", ("reference", "current"));
    assert!(d.starts_with("Distribution of age, reference against current: reference 200 values (mean 9.5), current 100 values (mean 12.75)"), "{d}");
}

#[test]
pub(super) fn correlation_heat_map() {
    let theme = Theme::light();
    let cols = vec![
        vec![1.0, 2.0, 3.0, 4.0, 5.0],
        vec![2.0, 4.0, 5.0, 9.0, f64::NAN],
        vec![5.0, 3.0, 4.0, 1.0, 2.0],
        vec![0.5, 0.5, 0.5, 0.5, 0.5],
    ];
    let n = names(&["sepal_length", "petal_length", "noise", "constant"]);
    let r = pearson_matrix(&cols);
    for (size, name) in [(SMALL, "correlation_small"), (LARGE, "correlation_large")] {
        let svg = svg_of(size, |a| draw_correlation(a, &n, &r, &theme));
        // Cells coloured by r on the diverging scale.
        assert!(!rects(&svg, &hex(theme.diverging((r[0][1] + 1.0) / 2.0))).is_empty(), "{name}");
        assert!(rects(&svg, &hex(theme.positive)).len() >= 3, "{name}: diagonal at 1 is full blue");
        assert!(has_text(&svg, "0.96") && has_text(&svg, "-0.80"), "{name}: values in cells");
        assert_eq!(text_count(&svg, "1.00"), 3, "{name}");
        assert_eq!(text_count(&svg, "–"), 4 + 3, "{name}: the constant column's row and column");
        for t in ["-1", "0", "1", "sepal_length"] {
            assert!(has_text(&svg, t), "{name}: no text {t:?}");
        }
        check_snapshot(name, &svg);
    }
    assert!(describe_correlation(&n, &r)
        .starts_with("Correlation heat map of 4 columns. Strongest: sepal_length and petal_length 0.96"));
}

pub(super) fn net() -> Vec<LayerWeights> {
    vec![
        LayerWeights { inputs: 2, outputs: 3, w: vec![0.8, -0.4, 0.1, -1.2, 0.6, 0.05], b: vec![0.0; 3] },
        LayerWeights { inputs: 3, outputs: 1, w: vec![1.0, -0.7, 0.3], b: vec![0.1] },
    ]
}

#[test]
pub(super) fn network_diagram() {
    let theme = Theme::light();
    let features = names(&["x1", "x2"]);
    let layers = net();
    for (size, name) in [(SMALL, "network_small"), (LARGE, "network_large")] {
        let mut layout = None;
        let svg = svg_of(size, |a| {
            layout = Some(draw_network(a, &layers, &features, None, C2, &theme)?);
            Ok(())
        });
        // One line per weight, orange for the 4 negative, blue for the 5 positive.
        let neg = polylines(&svg, theme.negative).len();
        let pos = polylines(&svg, theme.positive).len();
        assert_eq!((neg, pos), (3, 6), "{name}");
        for t in ["x1", "x2", "2 inputs", "3 neurons", "1 output"] {
            assert!(has_text(&svg, t), "{name}: no text {t:?}");
        }
        // The strongest weight (−1.2) is the widest line.
        assert!(svg.contains("stroke-width=\"4\""), "{name}");
        let layout = layout.unwrap();
        let c = &layout.connections[3];
        let mid = ((c.start.0 + c.end.0) / 2.0, (c.start.1 + c.end.1) / 2.0);
        assert_eq!(connection_at(&layout, mid.0, mid.1), Some((0, 1, 0, -1.2)), "{name}");
        check_snapshot(name, &svg);
    }
    assert_eq!(
        describe_network(&layers, &features),
        "Network with 2 inputs (x1, x2), a hidden layer of 3 neurons, and 1 output: 9 weights from -1.2 to 1; \
         strongest x2 → layer 1 neuron 1 (-1.2)"
    );
}

#[test]
pub(super) fn network_with_images_and_a_large_layer() {
    let theme = Theme::light();
    let layers = vec![
        LayerWeights {
            inputs: 2,
            outputs: 20,
            w: (0..40).map(|k| (k as f32 - 20.0) / 20.0).collect(),
            b: vec![0.0; 20],
        },
        LayerWeights { inputs: 20, outputs: 1, w: (0..20).map(|k| (k as f32 - 10.0) / 10.0).collect(), b: vec![0.0] },
    ];
    // 4×4 images: a left-to-right ramp for every unit (−1 … 1; the output 0 … 1).
    let images: Vec<Vec<f32>> = (0..23)
        .map(|u| {
            (0..16)
                .map(|k| {
                    let t = (k % 4) as f32 / 3.0;
                    if u == 22 {
                        t
                    } else {
                        2.0 * t - 1.0
                    }
                })
                .collect()
        })
        .collect();
    let svg = svg_of(LARGE, |a| draw_network(a, &layers, &names(&["x1", "x2"]), Some(&images), C2, &theme).map(|_| ()));
    assert!(has_text(&svg, "+5"), "20 units: 15 boxes and +5");
    assert!(has_text(&svg, "20 neurons"));
    // 2 inputs + 15 shown hidden + 1 output have images of 4 × 4 cells, ends of the scale present.
    assert_eq!(rects(&svg, &hex(theme.heat(0.0))).len(), 18 * 4);
    assert_eq!(rects(&svg, &hex(theme.heat(1.0))).len(), 18 * 4);
    // Connections to the hidden 5 are not drawn: 2·15 + 15.
    let lines = polylines(&svg, theme.negative).len() + polylines(&svg, theme.positive).len();
    assert_eq!(lines, 45);
    check_snapshot("network_images", &svg);
}

pub(super) fn snapshots() -> Vec<WeightSnapshot> {
    (0..6)
        .map(|e| {
            let spread = 0.2 + 0.2 * e as f32;
            let l1: Vec<f32> = (0..32).map(|k| ((k as f32 / 31.0) * 2.0 - 1.0) * spread).collect();
            let l2: Vec<f32> = (0..8).map(|k| if k % 2 == 0 { 0.5 + 0.1 * e as f32 } else { -0.3 }).collect();
            WeightSnapshot { epoch: e * 5, layers: vec![l1, l2] }
        })
        .collect()
}

#[test]
pub(super) fn weight_histograms_over_time() {
    let theme = Theme::light();
    let s = snapshots();
    for (size, name) in [(SMALL, "weights_small"), (LARGE, "weights_large")] {
        let svg = svg_of(size, |a| draw_weight_histograms(a, &s, &theme));
        for t in ["layer 1: 32 weights", "layer 2: 8 weights", "epoch", "weight", "0", "25"] {
            assert!(has_text(&svg, t), "{name}: no text {t:?}");
        }
        // Each panel's fullest bin in full blue.
        assert!(rects(&svg, &hex(theme.positive)).len() >= 2, "{name}");
        check_snapshot(name, &svg);
    }
    assert!(describe_weight_histograms(&s)
        .starts_with("Weight distributions of 2 layers over 6 recorded epochs (0 to 25). Layer 1: 32 weights"));
}

pub(super) fn full_metrics(epoch: usize, loss: [f64; 3], acc: [f64; 3]) -> EpochMetrics {
    EpochMetrics {
        epoch,
        steps: epoch as u64 * 10,
        train_loss: loss[0],
        validation_loss: Some(loss[1]),
        test_loss: loss[2],
        train_accuracy: Some(acc[0]),
        validation_accuracy: Some(acc[1]),
        test_accuracy: Some(acc[2]),
        ..Default::default()
    }
}

pub(super) fn full_history() -> Vec<EpochMetrics> {
    (1..=12)
        .map(|e| {
            let t = e as f64;
            let train = if e == 12 { 0.0 } else { 0.7 * (-0.4 * t).exp() };
            full_metrics(
                e,
                [train, 0.7 * (-0.3 * t).exp() + 0.02, 0.7 * (-0.28 * t).exp() + 0.03],
                [1.0 - train, 0.9 - 0.5 / t, 0.88 - 0.5 / t],
            )
        })
        .collect()
}

#[test]
pub(super) fn loss_curves_log_scale_with_zero_and_current_epoch() {
    let theme = Theme::light();
    let h = full_history();
    let svg = svg_of(SMALL, |a| draw_loss_curves(a, &h, true, Some(7), &theme));
    for t in ["train", "validation", "test", "epoch 7", "loss (log scale)", "epoch"] {
        assert!(has_text(&svg, t), "no text {t:?}");
    }
    assert!(!svg.contains("NaN") && !svg.contains("inf"));
    assert!(!polylines(&svg, theme.train_line).is_empty() && !polylines(&svg, OKABE_ITO[2]).is_empty());
    // The zero loss of epoch 12 is drawn at the bottom of the axis: the train line reaches the
    // lowest y of all lines.
    let train_max_y = polylines(&svg, theme.train_line).iter().flatten().map(|p| p.1).max().unwrap();
    let test_max_y = polylines(&svg, theme.test_line).iter().flatten().map(|p| p.1).max().unwrap();
    assert!(train_max_y > test_max_y + 20);
    check_snapshot("loss_log", &svg);
    let svg = svg_of(LARGE, |a| draw_loss_curves(a, &h, false, None, &theme));
    assert!(has_text(&svg, "loss") && !svg.contains("epoch 7"));
    check_snapshot("loss_linear", &svg);
    let d = describe_loss_curves(&h, Some(7));
    assert!(
        d.starts_with(
            "Loss per epoch over 12 epochs: train 0.4692 at epoch 1, 0 at epoch 12, lowest 0 at epoch 12; validation"
        ) && d.ends_with("; current epoch 7"),
        "{d}"
    );
}

#[test]
pub(super) fn metric_curves_accuracy_and_r2() {
    let theme = Theme::light();
    let h = full_history();
    let svg = svg_of(SMALL, |a| draw_metric_curves(a, &h, Metric::Accuracy, Some(12), &theme));
    for t in ["accuracy", "train", "validation", "test", "epoch 12"] {
        assert!(has_text(&svg, t), "no text {t:?}");
    }
    check_snapshot("accuracy_curves", &svg);
    // R² without validation; one far below −1 is clamped.
    let r2: Vec<EpochMetrics> = (1..=5)
        .map(|e| EpochMetrics {
            epoch: e,
            train_r2: Some(1.0 - 3.0 / e as f64),
            test_r2: Some(0.8 - 1.0 / e as f64),
            ..Default::default()
        })
        .collect();
    let svg = svg_of(SMALL, |a| draw_metric_curves(a, &r2, Metric::R2, None, &theme));
    assert!(has_text(&svg, "R²") && has_text(&svg, "-1") && !has_text(&svg, "validation"), "{svg}");
    assert_eq!(
        describe_metric_curves(&r2, Metric::R2, None),
        "R² per epoch over 5 epochs: train -2 at epoch 1, 0.4 at epoch 5, best 0.4 at epoch 5; test -0.2 at epoch 1, 0.6 at epoch 5, best 0.6 at epoch 5"
    );
    check_snapshot("r2_curves", &svg);
}

#[test]
pub(super) fn new_charts_survive_empty_inputs_and_tiny_areas() {
    let theme = Theme::light();
    let (roc, pr) = roc_pr_data();
    let (actual, predicted) = regression_data();
    let h = full_history();
    let cols = vec![vec![1.0, 2.0, 3.0], vec![3.0, 1.0, 2.0]];
    for size in [(12, 12), (1, 1), SMALL] {
        let full = [
            svg_of(size, |a| draw_confusion_matrix(a, &[vec![1, 2], vec![3, 4]], &names(&["a", "b"]), &theme)),
            svg_of(size, |a| draw_roc_curves(a, &roc, &[], &[0.5, 0.6, 0.7], &theme)),
            svg_of(size, |a| draw_pr_curves(a, &pr, &[], &[], &theme)),
            svg_of(size, |a| draw_predicted_vs_actual(a, &actual, &predicted, "y", &theme)),
            svg_of(size, |a| draw_residuals(a, &actual, &predicted, "y", &theme)),
            svg_of(size, |a| draw_histogram(a, &[1.0, 2.0, 2.5], "x", &theme)),
            svg_of(size, |a| draw_category_counts(a, &[("a".into(), 3), ("b".into(), 1)], "c", 1, &theme)),
            svg_of(size, |a| draw_histogram_overlay(a, &[1.0, 2.0], &[2.0, 3.0], "x", ("old", "new"), &theme)),
            svg_of(size, |a| draw_correlation(a, &names(&["p", "q"]), &pearson_matrix(&cols), &theme)),
            svg_of(size, |a| draw_network(a, &net(), &[], None, C2, &theme).map(|_| ())),
            svg_of(size, |a| draw_weight_histograms(a, &snapshots(), &theme)),
            svg_of(size, |a| draw_loss_curves(a, &h, true, Some(3), &theme)),
            svg_of(size, |a| draw_metric_curves(a, &h, Metric::Accuracy, Some(3), &theme)),
        ];
        assert!(full.iter().all(|s| !s.contains("NaN")), "{size:?}");
    }
    // Nothing to show: empty axes or a note, never NaN or a panic.
    let empty = [
        svg_of(SMALL, |a| draw_confusion_matrix(a, &[], &[], &theme)),
        svg_of(SMALL, |a| draw_roc_curves(a, &[], &[], &[], &theme)),
        svg_of(SMALL, |a| draw_pr_curves(a, &[], &[], &[], &theme)),
        svg_of(SMALL, |a| draw_predicted_vs_actual(a, &[], &[], "y", &theme)),
        svg_of(SMALL, |a| draw_residuals(a, &[f32::NAN], &[1.0], "y", &theme)),
        svg_of(SMALL, |a| draw_histogram(a, &[f64::NAN, f64::INFINITY], "x", &theme)),
        svg_of(SMALL, |a| draw_category_counts(a, &[], "c", 5, &theme)),
        svg_of(SMALL, |a| draw_histogram_overlay(a, &[], &[], "x", ("old", "new"), &theme)),
        svg_of(SMALL, |a| draw_correlation(a, &[], &[], &theme)),
        svg_of(SMALL, |a| draw_network(a, &[], &[], None, C2, &theme).map(|_| ())),
        svg_of(SMALL, |a| draw_weight_histograms(a, &[], &theme)),
        svg_of(SMALL, |a| draw_loss_curves(a, &[], true, Some(1), &theme)),
        svg_of(SMALL, |a| draw_metric_curves(a, &[], Metric::R2, None, &theme)),
    ];
    for (k, s) in empty.iter().enumerate() {
        assert!(!s.contains("NaN") && !s.contains("inf"), "chart {k}: {s}");
    }
    assert!(has_text(&empty[1], "no curves to show") && has_text(&empty[9], "no network yet"));
    assert!(has_text(&empty[5], "2 missing values not shown") && has_text(&empty[5], "no values"));
}
