//! The charts of issue 5: evaluation, network, weights, curves, histograms, correlation.

use super::*;
#[allow(unused_imports)]
use super::{data_view::*, decision::*};

// ---- Evaluation and data charts (issue 5) ----

pub(super) use lantern::model::LayerWeights;
pub(super) use lantern::train::evaluation::{pr_curve, roc_curve, PrCurve, RocCurve};
pub(super) use lantern::viz::{
    connection_at, describe_category_counts, describe_confusion_matrix, describe_correlation, describe_histogram,
    describe_histogram_overlay, describe_loss_curves, describe_metric_curves, describe_network, describe_pr_curves,
    describe_predicted_vs_actual, describe_residuals, describe_roc_curves, describe_weight_histograms,
    draw_category_counts, draw_confusion_matrix, draw_correlation, draw_histogram, draw_histogram_overlay,
    draw_loss_curves, draw_metric_curves, draw_network, draw_pr_curves, draw_predicted_vs_actual, draw_residuals,
    draw_roc_curves, draw_weight_histograms, lerp_color, pearson_matrix, Metric, WeightSnapshot,
};
pub(super) use plotters::coord::Shift;
pub(super) use plotters::prelude::DrawingArea;

pub(super) const SMALL: (u32, u32) = (320, 240);
pub(super) const LARGE: (u32, u32) = (640, 400);

/// Draws with `draw` on an SVG of `size` and returns the SVG text.
pub(super) fn svg_of(size: (u32, u32), draw: impl FnOnce(&DrawingArea<SVGBackend<'_>, Shift>) -> lantern::Result<()>) -> String {
    let mut s = String::new();
    {
        let area = SVGBackend::with_string(&mut s, size).into_drawing_area();
        draw(&area).unwrap();
        area.present().unwrap();
    }
    s
}

/// The points of every `<polyline>` stroked in `color`, in document order.
pub(super) fn polylines(svg: &str, color: RGBColor) -> Vec<Vec<(i32, i32)>> {
    svg.split("<polyline")
        .skip(1)
        .map(|t| t.split("/>").next().unwrap())
        .filter(|t| t.contains(&format!("stroke=\"{}\"", hex(color))))
        .map(|t| {
            let pts = t.split("points=\"").nth(1).unwrap().split('"').next().unwrap();
            pts.split_whitespace()
                .map(|p| {
                    let (x, y) = p.split_once(',').unwrap();
                    (x.parse().unwrap(), y.parse().unwrap())
                })
                .collect()
        })
        .collect()
}

/// Number of texts exactly `text`.
pub(super) fn text_count(svg: &str, text: &str) -> usize {
    svg.matches(&format!("\n{text}\n</text>")).count()
}

pub(super) fn names(n: &[&str]) -> Vec<String> {
    n.iter().map(|s| s.to_string()).collect()
}

#[test]
pub(super) fn confusion_matrix_three_classes() {
    let theme = Theme::light();
    let m = vec![vec![50, 0, 0], vec![0, 45, 5], vec![0, 3, 47]];
    let classes = names(&["setosa", "versicolor", "virginica"]);
    for (size, name) in [(SMALL, "confusion_small"), (LARGE, "confusion_large")] {
        let svg = svg_of(size, |a| draw_confusion_matrix(a, &m, &classes, &theme));
        for t in ["Predicted", "Actual", "setosa", "versicolor", "virginica", "45", "90%", "5", "10%", "47", "94%"] {
            assert!(has_text(&svg, t), "{name}: no text {t:?}");
        }
        // Four zero cells, each "0" over "0%".
        assert_eq!(text_count(&svg, "0%"), 4, "{name}");
        // Diagonal cells in blue by their rate, mistakes in orange.
        assert_eq!(rects(&svg, &hex(theme.positive)).len(), 1, "{name}: setosa's 100% cell");
        assert_eq!(rects(&svg, &hex(lerp_color(theme.background, theme.positive, 0.9))).len(), 1);
        // Mistakes by √rate: 10 % and 6 %.
        assert_eq!(rects(&svg, &hex(lerp_color(theme.background, theme.negative, 0.1f64.sqrt()))).len(), 1);
        assert_eq!(rects(&svg, &hex(lerp_color(theme.background, theme.negative, 0.06f64.sqrt()))).len(), 1);
        assert_eq!(rects(&svg, &hex(theme.background)).len(), 1 + 4 + 2 + 2, "{name}: background, zero cells, separators");
        check_snapshot(name, &svg);
    }
    assert_eq!(
        describe_confusion_matrix(&m, &classes),
        "Confusion matrix of 3 classes over 150 rows, 95% correct. setosa: 50 of 50 correct (100%). \
         versicolor: 45 of 50 correct (90%), most often predicted as virginica (5). \
         virginica: 47 of 50 correct (94%), most often predicted as versicolor (3)."
    );
    // A class without rows: grey cells and "–" for the rates.
    let svg = svg_of(SMALL, |a| draw_confusion_matrix(a, &[vec![2, 1], vec![0, 0]], &names(&["no", "yes"]), &theme));
    assert_eq!(text_count(&svg, "–"), 2);
    assert_eq!(rects(&svg, &hex(theme.empty_plot)).len(), 2);
    let mut s = String::new();
    let area = SVGBackend::with_string(&mut s, SMALL).into_drawing_area();
    assert!(draw_confusion_matrix(&area, &[vec![1, 2]], &[], &theme).is_err(), "not square");
}

#[test]
pub(super) fn confusion_matrix_many_classes_turns_labels() {
    let n = 10;
    let m: Vec<Vec<u64>> = (0..n).map(|i| (0..n).map(|j| if i == j { 20 } else { (i + j) as u64 % 3 }).collect()).collect();
    let classes: Vec<String> = (0..n).map(|i| format!("category_{i}")).collect();
    let svg = svg_of(SMALL, |a| draw_confusion_matrix(a, &m, &classes, &Theme::light()));
    assert!(svg.contains("rotate(270"), "column labels turned when they do not fit");
    check_snapshot("confusion_many", &svg);
}

/// Scores of three classes: class 0 easy, 1 and 2 overlapping.
pub(super) fn roc_pr_data() -> (Vec<RocCurve>, Vec<PrCurve>) {
    let actual = [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2];
    let p1 = [0.1, 0.2, 0.1, 0.3, 0.8, 0.6, 0.4, 0.7, 0.5, 0.3, 0.6, 0.2];
    let mut roc = Vec::new();
    let mut pr = Vec::new();
    for class in 0..3 {
        let positive: Vec<bool> = actual.iter().map(|&a| a == class).collect();
        let scores: Vec<f64> = (0..12)
            .map(|i| match class {
                0 => 1.0 - p1[i] - 0.05 * (i % 3) as f64,
                1 => p1[i],
                _ => 1.0 - p1[i] * 0.9 - 0.1 * (i % 2) as f64,
            })
            .collect();
        roc.push(roc_curve(&positive, &scores));
        pr.push(pr_curve(&positive, &scores));
    }
    (roc, pr)
}

#[test]
pub(super) fn roc_curves_per_class() {
    let theme = Theme::light();
    let (roc, _) = roc_pr_data();
    let classes = names(&["setosa", "versicolor", "virginica"]);
    let auc = [1.0, 0.83, 0.666];
    for (size, name) in [(SMALL, "roc_small"), (LARGE, "roc_large")] {
        let svg = svg_of(size, |a| draw_roc_curves(a, &roc, &classes, &auc, &theme));
        for t in ["setosa (AUC 1.00)", "versicolor (AUC 0.83)", "virginica (AUC 0.67)", "chance (AUC 0.50)", "false positive rate", "true positive rate"] {
            assert!(has_text(&svg, t), "{name}: no text {t:?}");
        }
        // The chance diagonal: dashes in grey, all on the line from the lower left to the upper
        // right corner of the plot.
        // (Leaving out the legend's sample, which is horizontal.)
        let chance: Vec<Vec<(i32, i32)>> =
            polylines(&svg, theme.text).into_iter().filter(|l| l.iter().any(|p| p.1 != l[0].1)).collect();
        assert!(chance.len() > 5, "{name}: dashed");
        let pts: Vec<(i32, i32)> = chance.iter().flatten().copied().collect();
        let (first, last) = (pts[0], pts[pts.len() - 1]);
        assert!(last.0 > first.0 && last.1 < first.1, "{name}: rises to the right");
        for p in &pts {
            let cross = (last.0 - first.0) * (p.1 - first.1) - (last.1 - first.1) * (p.0 - first.0);
            assert!(cross.abs() <= (last.0 - first.0) * 2, "{name}: {p:?} off the diagonal");
        }
        // Each class line in its colour (the solid first one as a single polyline).
        let c0 = polylines(&svg, OKABE_ITO[4]);
        assert_eq!(c0.len(), 2, "{name}: setosa's line and its legend sample");
        assert!(!polylines(&svg, OKABE_ITO[3]).is_empty() && !polylines(&svg, OKABE_ITO[2]).is_empty());
        // Markers: 5 per line plus one in the legend; circles only for the first class.
        assert_eq!(svg.matches("<circle").count(), 6, "{name}");
        check_snapshot(name, &svg);
    }
    assert_eq!(
        describe_roc_curves(&roc, &classes, &auc),
        "ROC curves, each class against the rest: setosa AUC 1.00, versicolor AUC 0.83, virginica AUC 0.67; 0.5 is chance, 1 is perfect"
    );
}

#[test]
pub(super) fn pr_curve_binary() {
    let theme = Theme::light();
    let (_, pr) = roc_pr_data();
    let one = vec![pr[1].clone()];
    let svg = svg_of(SMALL, |a| draw_pr_curves(a, &one, &names(&["yes"]), &[0.71], &theme));
    for t in ["yes (AP 0.71)", "chance (33% positive)", "recall", "precision"] {
        assert!(has_text(&svg, t), "no text {t:?}");
    }
    // One curve: no markers; the chance line is horizontal.
    assert_eq!(svg.matches("<circle").count(), 0);
    // Dashes of the chance line and of its legend sample: all horizontal, at two heights.
    let chance = polylines(&svg, theme.text);
    assert!(chance.len() > 20 && chance.iter().all(|l| l.iter().all(|p| p.1 == l[0].1)), "{chance:?}");
    let mut heights: Vec<i32> = chance.iter().map(|l| l[0].1).collect();
    heights.dedup();
    assert_eq!(heights.len(), 2, "{heights:?}");
    assert_eq!(
        describe_pr_curves(&one, &names(&["yes"]), &[0.71]),
        "Precision-recall curve of yes: average precision 0.71; 1 is perfect; guessing gives 0.33 (33% positive)"
    );
    check_snapshot("pr_binary", &svg);
    let (_, pr) = roc_pr_data();
    let svg = svg_of(LARGE, |a| draw_pr_curves(a, &pr, &names(&["a", "b", "c"]), &[0.9, 0.6, 0.5], &theme));
    assert!(has_text(&svg, "b (AP 0.60)") && !has_text(&svg, "chance (33% positive)"));
    check_snapshot("pr_three", &svg);
}

pub(super) fn regression_data() -> (Vec<f32>, Vec<f32>) {
    let actual: Vec<f32> = (0..30).map(|i| i as f32 * 2.0).collect();
    let predicted: Vec<f32> = (0..30).map(|i| i as f32 * 2.0 + ((i * 7) % 11) as f32 - 5.0).collect();
    (actual, predicted)
}

#[test]
pub(super) fn predicted_vs_actual_has_the_identity_line() {
    let theme = Theme::light();
    let (mut actual, mut predicted) = regression_data();
    actual.push(f32::NAN);
    predicted.push(3.0);
    for (size, name) in [(SMALL, "pred_actual_small"), (LARGE, "pred_actual_large")] {
        let svg = svg_of(size, |a| draw_predicted_vs_actual(a, &actual, &predicted, "price (k$)", &theme));
        assert_eq!(circles_with(&svg, &format!("fill=\"{}\"", hex(theme.positive))), 30, "{name}");
        for t in ["actual price (k$)", "predicted price (k$)", "predicted = actual"] {
            assert!(has_text(&svg, t), "{name}: no text {t:?}");
        }
        // The identity line: dashes on the plot's diagonal, corner to corner (both axes share
        // one range), so its first and last points span the plot.
        let dashes: Vec<Vec<(i32, i32)>> =
            polylines(&svg, theme.text).into_iter().filter(|l| l.iter().any(|p| p.1 != l[0].1)).collect();
        let pts: Vec<(i32, i32)> = dashes.iter().flatten().copied().collect();
        let (first, last) = (pts[0], pts[pts.len() - 1]);
        assert!(last.0 - first.0 > size.0 as i32 / 2 && first.1 - last.1 > size.1 as i32 / 3, "{name}");
        for p in &pts {
            let cross = (last.0 - first.0) * (p.1 - first.1) - (last.1 - first.1) * (p.0 - first.0);
            assert!(cross.abs() <= (last.0 - first.0) * 2, "{name}: {p:?} off the identity line");
        }
        check_snapshot(name, &svg);
    }
    let d = describe_predicted_vs_actual(&actual, &predicted, "price");
    assert!(d.starts_with("Predicted against actual price for 30 rows: R² 0.9") && d.ends_with("; 1 row with a missing value not drawn"), "{d}");
}

#[test]
pub(super) fn residuals_have_a_zero_line_and_sign_colours() {
    let theme = Theme::light();
    let (actual, predicted) = regression_data();
    let above = actual.iter().zip(&predicted).filter(|(a, p)| a >= p).count();
    let svg = svg_of(SMALL, |a| draw_residuals(a, &actual, &predicted, "price", &theme));
    assert_eq!(circles_with(&svg, &format!("fill=\"{}\"", hex(theme.positive))), above);
    assert_eq!(circles_with(&svg, &format!("fill=\"{}\"", hex(theme.negative))), 30 - above);
    // The zero line: horizontal dashes.
    let zero: Vec<(i32, i32)> = polylines(&svg, theme.text).into_iter().flatten().collect();
    assert!(zero.len() > 10 && zero.iter().all(|p| p.1 == zero[0].1));
    assert!(has_text(&svg, "residual (actual − predicted)") && has_text(&svg, "predicted price"));
    assert!(describe_residuals(&actual, &predicted, "price").contains("for 30 rows"));
    check_snapshot("residuals", &svg);
}

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
    let svg = svg_of(LARGE, |a| draw_histogram_overlay(a, &reference, &current, "age", ("reference", "current"), &theme));
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
        let svg = svg_of(size, |a| draw_correlation(a, &n, &cols, &theme));
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
    assert!(describe_correlation(&n, &cols).starts_with("Correlation heat map of 4 columns. Strongest: sepal_length and petal_length 0.96"));
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
        LayerWeights { inputs: 2, outputs: 20, w: (0..40).map(|k| (k as f32 - 20.0) / 20.0).collect(), b: vec![0.0; 20] },
        LayerWeights { inputs: 20, outputs: 1, w: (0..20).map(|k| (k as f32 - 10.0) / 10.0).collect(), b: vec![0.0] },
    ];
    // 4×4 images: a left-to-right ramp for every unit (−1 … 1; the output 0 … 1).
    let images: Vec<Vec<f32>> = (0..23)
        .map(|u| (0..16).map(|k| { let t = (k % 4) as f32 / 3.0; if u == 22 { t } else { 2.0 * t - 1.0 } }).collect())
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
    assert!(describe_weight_histograms(&s).starts_with("Weight distributions of 2 layers over 6 recorded epochs (0 to 25). Layer 1: 32 weights"));
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
            full_metrics(e, [train, 0.7 * (-0.3 * t).exp() + 0.02, 0.7 * (-0.28 * t).exp() + 0.03], [1.0 - train, 0.9 - 0.5 / t, 0.88 - 0.5 / t])
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
    assert!(d.starts_with("Loss per epoch over 12 epochs: train 0.4692 at epoch 1, 0 at epoch 12, lowest 0 at epoch 12; validation") && d.ends_with("; current epoch 7"), "{d}");
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
        .map(|e| EpochMetrics { epoch: e, train_r2: Some(1.0 - 3.0 / e as f64), test_r2: Some(0.8 - 1.0 / e as f64), ..Default::default() })
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
            svg_of(size, |a| draw_correlation(a, &names(&["p", "q"]), &cols, &theme)),
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
