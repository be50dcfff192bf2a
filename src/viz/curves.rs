//! ROC and precision-recall curves of a classifier's scores: one line per class (one-vs-rest)
//! or one line for a binary task, with the area under the ROC curve or the average precision
//! in the legend.
//!
//! - ROC: false-positive rate `FP(t) / N₋` across, true-positive rate `TP(t) / N₊` up, both
//!   0..1, over all thresholds `t`; the thin dashed diagonal is a classifier that guesses
//!   (AUC 0.5). The closer a curve hugs the upper left corner, the better.
//! - Precision-recall: recall `TP / N₊` across, precision `TP / (TP + FP)` up. For one
//!   (binary) curve a thin dashed line marks the precision of guessing, the share of
//!   positives `N₊ / N` (the curve's precision at its lowest threshold, where recall is 1).
//!
//! Lines differ by colour (Okabe–Ito) AND by dash and marker (see `frame::series_style`),
//! so they can be told apart without colour. Points closer than 0.2 % of the axis to the
//! previous drawn point are skipped (a curve over 100,000 thresholds draws a few hundred);
//! non-finite points are skipped, and a curve without any (a class without positives) is
//! listed with "n/a".

use super::frame::{self, Axis, Corner, Dash, LineStyle, Marker, Swatch};
use super::Theme;
use crate::error::Result;
use crate::train::evaluation::{PrCurve, RocCurve};
use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend};

/// Number of markers along each line when there are several lines.
const MARKERS: usize = 5;

/// Draws ROC curves, one per entry of `curves` (class `class_names[i]` against the rest, or
/// the positive class of a binary task), with `auc[i]` in the legend ("setosa (AUC 0.83)";
/// a lone curve without a name is just "AUC 0.83"), and the dashed chance diagonal.
///
/// # Errors
/// [`crate::Error::Plot`] if the backend fails.
pub fn draw_roc_curves<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    curves: &[RocCurve],
    class_names: &[String],
    auc: &[f64],
    theme: &Theme,
) -> Result<()> {
    let lines: Vec<Vec<(f64, f64)>> =
        curves.iter().map(|c| thin(c.fpr.iter().copied().zip(c.tpr.iter().copied()))).collect();
    let legend = legend_labels(curves.len(), class_names, auc, "AUC");
    let chance = Some(((0.0, 0.0), (1.0, 1.0), "chance (AUC 0.50)".to_string()));
    draw_curves(
        area,
        &lines,
        &legend,
        chance,
        ("false positive rate", "true positive rate"),
        Corner::BottomRight,
        theme,
    )
}

/// Draws precision-recall curves, one per entry of `curves`, with `average_precision[i]` in the
/// legend ("setosa (AP 0.71)"). A single curve also gets the dashed chance line at the share
/// of positives.
///
/// # Errors
/// [`crate::Error::Plot`] if the backend fails.
pub fn draw_pr_curves<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    curves: &[PrCurve],
    class_names: &[String],
    average_precision: &[f64],
    theme: &Theme,
) -> Result<()> {
    let lines: Vec<Vec<(f64, f64)>> =
        curves.iter().map(|c| thin(c.recall.iter().copied().zip(c.precision.iter().copied()))).collect();
    let legend = legend_labels(curves.len(), class_names, average_precision, "AP");
    let chance = match curves {
        [one] => positive_share(one).map(|p| ((0.0, p), (1.0, p), format!("chance ({:.0}% positive)", p * 100.0))),
        _ => None,
    };
    draw_curves(area, &lines, &legend, chance, ("recall", "precision"), Corner::BottomLeft, theme)
}

/// The ROC chart's accessible name: the AUC of each curve.
///
/// `"ROC curves, each class against the rest: setosa AUC 1.00, versicolor AUC 0.83; 0.5 is
/// chance, 1 is perfect"`; for one curve `"ROC curve of yes: AUC 0.83; …"`.
pub fn describe_roc_curves(curves: &[RocCurve], class_names: &[String], auc: &[f64]) -> String {
    describe("ROC", curves.len(), class_names, auc, "AUC", "0.5 is chance, 1 is perfect")
}

/// The precision-recall chart's accessible name: the average precision of each curve.
pub fn describe_pr_curves(curves: &[PrCurve], class_names: &[String], average_precision: &[f64]) -> String {
    let chance = match curves {
        [one] => positive_share(one)
            .map_or(String::new(), |p| format!("; guessing gives {:.2} ({:.0}% positive)", p, p * 100.0)),
        _ => String::new(),
    };
    let mut text =
        describe("Precision-recall", curves.len(), class_names, average_precision, "average precision", "1 is perfect");
    text += &chance;
    text
}

fn describe(kind: &str, n: usize, names: &[String], values: &[f64], what: &str, scale: &str) -> String {
    if n == 0 {
        return format!("{kind} curves: none (no scores to evaluate)");
    }
    let parts: Vec<String> = (0..n).map(|i| format!("{} {what} {}", name(names, i, n), value(values, i))).collect();
    if n == 1 {
        let who = names.first().map_or(String::new(), |s| format!(" of {s}"));
        return format!("{kind} curve{who}: {what} {}; {scale}", value(values, 0));
    }
    format!("{kind} curves, each class against the rest: {}; {scale}", parts.join(", "))
}

fn name(names: &[String], i: usize, n: usize) -> String {
    names.get(i).cloned().unwrap_or_else(|| if n == 1 { String::new() } else { format!("class {i}") })
}

fn value(values: &[f64], i: usize) -> String {
    match values.get(i) {
        Some(v) if v.is_finite() => format!("{v:.2}"),
        _ => "n/a".into(),
    }
}

/// Legend texts: "name (AUC 0.83)", or "AUC 0.83" for one unnamed curve.
fn legend_labels(n: usize, names: &[String], values: &[f64], what: &str) -> Vec<String> {
    (0..n)
        .map(|i| match names.get(i) {
            Some(s) => format!("{s} ({what} {})", value(values, i)),
            None if n == 1 => format!("{what} {}", value(values, 0)),
            None => format!("class {i} ({what} {})", value(values, i)),
        })
        .collect()
}

/// The precision at the lowest threshold when its recall is 1: the share of positives.
fn positive_share(c: &PrCurve) -> Option<f64> {
    match (c.recall.first(), c.precision.first()) {
        (Some(&r), Some(&p)) if r == 1.0 && p.is_finite() => Some(p),
        _ => None,
    }
}

/// The finite points, skipping any within 0.002 (on both axes) of the last one kept; the
/// last finite point is always kept.
pub(crate) fn thin(points: impl Iterator<Item = (f64, f64)>) -> Vec<(f64, f64)> {
    let mut out: Vec<(f64, f64)> = Vec::new();
    let mut last_skipped = None;
    for p in points.filter(|p| p.0.is_finite() && p.1.is_finite()) {
        match out.last() {
            Some(q) if (p.0 - q.0).abs() < 0.002 && (p.1 - q.1).abs() < 0.002 => last_skipped = Some(p),
            _ => {
                out.push(p);
                last_skipped = None;
            }
        }
    }
    out.extend(last_skipped);
    out
}

type Chance = Option<((f64, f64), (f64, f64), String)>;

fn draw_curves<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    lines: &[Vec<(f64, f64)>],
    labels: &[String],
    chance: Chance,
    titles: (&str, &str),
    corner: Corner,
    theme: &Theme,
) -> Result<()> {
    area.fill(&theme.background)?;
    let x = Axis::linear(-0.02, 1.02, titles.0);
    let y = Axis::linear(-0.02, 1.02, titles.1);
    let chart = frame::chart(area, &x, &y, 0, theme)?;
    let plot = chart.plotting_area();
    let mut legend = Vec::new();
    let grey = LineStyle { color: theme.text, dash: Dash::Dashed, marker: Marker::None };
    if let Some((a, b, label)) = chance {
        frame::draw_line(plot, vec![a, b], grey.color, grey.dash, 1)?;
        legend.push((label, Swatch::Line(grey)));
    }
    let several = lines.len() > 1;
    for (k, (line, label)) in lines.iter().zip(labels).enumerate() {
        let mut style = frame::series_style(k);
        if !several {
            style.marker = Marker::None;
        }
        if line.len() >= 2 {
            frame::draw_line(plot, line.clone(), style.color, style.dash, 2)?;
        }
        let offset = (k as f64 + 1.0) / (lines.len() as f64 + 1.0);
        let marks = if several || line.len() == 1 {
            frame::marker_points(line, |p| chart.backend_coord(&p), MARKERS, offset)
        } else {
            Vec::new()
        };
        let marker = if style.marker == Marker::None { Marker::Circle } else { style.marker };
        for p in marks {
            frame::draw_marker(plot, p, marker, style.color, 3)?;
        }
        legend.push((label.clone(), Swatch::Line(style)));
    }
    if lines.is_empty() {
        frame::draw_note(&plot.strip_coord_spec(), "no curves to show", theme)?;
    }
    frame::draw_legend(&plot.strip_coord_spec(), &legend, corner, theme)?;
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn thinning_keeps_ends_and_skips_near_duplicates() {
        let pts = [(0.0, 0.0), (0.001, 0.001), (0.0015, 0.0), (0.5, 0.5), (f64::NAN, 1.0), (1.0, 1.0)];
        assert_eq!(thin(pts.into_iter()), vec![(0.0, 0.0), (0.5, 0.5), (1.0, 1.0)]);
        // The last point is kept even when close to the previous one.
        assert_eq!(thin([(0.0, 0.0), (0.001, 0.0)].into_iter()), vec![(0.0, 0.0), (0.001, 0.0)]);
    }

    #[test]
    fn labels_and_descriptions() {
        let names = vec!["a".to_string(), "b".to_string()];
        assert_eq!(legend_labels(2, &names, &[0.834, f64::NAN], "AUC"), ["a (AUC 0.83)", "b (AUC n/a)"]);
        assert_eq!(legend_labels(1, &[], &[0.5], "AP"), ["AP 0.50"]);
        let c = PrCurve { precision: vec![0.25, 1.0], recall: vec![1.0, 0.0], thresholds: vec![0.1] };
        assert_eq!(positive_share(&c), Some(0.25));
        assert_eq!(
            describe_pr_curves(&[c], &["yes".into()], &[0.7]),
            "Precision-recall curve of yes: average precision 0.70; 1 is perfect; guessing gives 0.25 (25% positive)"
        );
    }
}
