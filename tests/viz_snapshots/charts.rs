//! The charts of issue 5, first part: confusion matrix, ROC and precision-recall curves, regression plots.

use super::*;
#[allow(unused_imports)]
use super::{data_charts::*, data_view::*, decision::*};

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
pub(super) fn svg_of(
    size: (u32, u32),
    draw: impl FnOnce(&DrawingArea<SVGBackend<'_>, Shift>) -> lantern::Result<()>,
) -> String {
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
        assert_eq!(
            rects(&svg, &hex(theme.background)).len(),
            1 + 4 + 2 + 2,
            "{name}: background, zero cells, separators"
        );
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
    let m: Vec<Vec<u64>> =
        (0..n).map(|i| (0..n).map(|j| if i == j { 20 } else { (i + j) as u64 % 3 }).collect()).collect();
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
        for t in [
            "setosa (AUC 1.00)",
            "versicolor (AUC 0.83)",
            "virginica (AUC 0.67)",
            "chance (AUC 0.50)",
            "false positive rate",
            "true positive rate",
        ] {
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
    assert!(
        d.starts_with("Predicted against actual price for 30 rows: R² 0.9")
            && d.ends_with("; 1 row with a missing value not drawn"),
        "{d}"
    );
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
