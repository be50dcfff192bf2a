//! Training curves with everything the run recorded: loss (linear or log scale) and a quality
//! metric (accuracy or R²) per epoch, for the train, validation (when there is one) and test
//! sets, with a marker at the current epoch. [`draw_loss_curve`](super::draw_loss_curve) stays
//! the simple train/test loss chart.
//!
//! - Lines: train solid ([`Theme::train_line`]), validation dotted (Okabe–Ito bluish green),
//!   test dashed ([`Theme::test_line`]): told apart by dash as well as colour. A set without
//!   any finite value is left out of the chart and its legend. Non-finite values break a line;
//!   a lone point is a dot.
//! - Loss, linear: y from 0 to 10 % above the largest loss. Log scale (`log_y`): y is
//!   `log₁₀(loss)` from the smallest to the largest positive loss (ticks at 1, 2, 5 × 10ᵏ);
//!   a loss of 0 (or below) cannot be shown on it and is drawn at the bottom of the axis,
//!   which is then a decade below the smallest positive loss.
//! - Accuracy: y from 0 to 1. R²: y from `min(0, lowest R²)` to 1, but not below −1: a worse
//!   R² (early epochs of a poor model) is drawn at −1.
//! - The current epoch (`current_epoch`), when inside the x range, is a thin vertical line
//!   labelled "epoch N" at the top or bottom of the plot, whichever the legend is not at.

use super::frame::{self, Axis, Chart, Corner, Dash, LineStyle, Marker, Scale, Swatch};
use super::{compact_number, Theme, OKABE_ITO};
use crate::error::Result;
use crate::train::EpochMetrics;
use plotters::coord::Shift;
use plotters::element::Text;
use plotters::prelude::{Circle, Color, DrawingArea, DrawingBackend, PathElement, Rectangle};
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// The quality metric of a metric chart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Metric {
    /// Share classified correctly (classification).
    Accuracy,
    /// Coefficient of determination (regression).
    R2,
}

/// One set's values per epoch.
struct Series {
    label: &'static str,
    style: LineStyle,
    points: Vec<(f64, f64)>,
}

fn series(history: &[EpochMetrics], theme: &Theme, get: [fn(&EpochMetrics) -> Option<f64>; 3]) -> Vec<Series> {
    let styles = [
        ("train", LineStyle { color: theme.train_line, dash: Dash::Solid, marker: Marker::None }),
        ("validation", LineStyle { color: OKABE_ITO[2], dash: Dash::Dotted, marker: Marker::None }),
        ("test", LineStyle { color: theme.test_line, dash: Dash::Dashed, marker: Marker::None }),
    ];
    styles
        .into_iter()
        .zip(get)
        .map(|((label, style), get)| Series {
            label,
            style,
            points: history.iter().map(|m| (m.epoch as f64, get(m).unwrap_or(f64::NAN))).collect(),
        })
        .filter(|s| s.points.iter().any(|p| p.1.is_finite()))
        .collect()
}

fn loss_series(history: &[EpochMetrics], theme: &Theme) -> Vec<Series> {
    series(history, theme, [|m| Some(m.train_loss), |m| m.validation_loss, |m| Some(m.test_loss)])
}

fn metric_series(history: &[EpochMetrics], metric: Metric, theme: &Theme) -> Vec<Series> {
    match metric {
        Metric::Accuracy => {
            series(history, theme, [|m| m.train_accuracy, |m| m.validation_accuracy, |m| m.test_accuracy])
        }
        Metric::R2 => series(history, theme, [|m| m.train_r2, |m| m.validation_r2, |m| m.test_r2]),
    }
}

/// The y axis of a loss chart and the mapping of a loss onto it (see the module docs).
pub(crate) fn loss_axis(values: &[f64], log_y: bool) -> (Axis, Box<dyn Fn(f64) -> f64>) {
    let finite = values.iter().copied().filter(|v| v.is_finite());
    let max = finite.clone().fold(0.0f64, f64::max);
    if !log_y {
        let top = if max > 0.0 { max * 1.1 } else { 1.0 };
        return (Axis::linear(0.0, top, "loss"), Box::new(|v| v));
    }
    let min_pos = finite.clone().filter(|&v| v > 0.0).fold(f64::INFINITY, f64::min);
    let has_zero = finite.clone().any(|v| v <= 0.0);
    let (lo, hi) = if min_pos.is_finite() {
        let lo = if has_zero { min_pos.log10() - 1.0 } else { min_pos.log10() };
        let (lo, hi) = frame::sane_range(lo, max.log10());
        let m = (hi - lo) * 0.05;
        (lo - m, hi + m)
    } else {
        (-1.0, 0.0)
    };
    let axis = Axis { lo, hi, title: "loss (log scale)".into(), scale: Scale::Log10 };
    (axis, Box::new(move |v| if v > 0.0 { v.log10() } else { lo }))
}

/// Draws train / validation / test loss against epoch filling `area`, on a linear or (with
/// `log_y`) logarithmic y axis, with the current epoch marked and a legend (upper right).
///
/// # Errors
/// [`crate::Error::Plot`] if the backend fails.
pub fn draw_loss_curves<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    history: &[EpochMetrics],
    log_y: bool,
    current_epoch: Option<usize>,
    theme: &Theme,
) -> Result<()> {
    let series = loss_series(history, theme);
    let values: Vec<f64> = series.iter().flat_map(|s| s.points.iter().map(|p| p.1)).collect();
    let (y, map) = loss_axis(&values, log_y);
    draw_chart(area, history, &series, y, &*map, current_epoch, theme)
}

/// Draws train / validation / test accuracy or R² against epoch filling `area`, with the
/// current epoch marked and a legend (lower right).
///
/// # Errors
/// [`crate::Error::Plot`] if the backend fails.
pub fn draw_metric_curves<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    history: &[EpochMetrics],
    metric: Metric,
    current_epoch: Option<usize>,
    theme: &Theme,
) -> Result<()> {
    let series = metric_series(history, metric, theme);
    let (y, map): (Axis, Box<dyn Fn(f64) -> f64>) = match metric {
        Metric::Accuracy => (Axis::linear(0.0, 1.0, "accuracy"), Box::new(|v| v)),
        Metric::R2 => {
            let low = series.iter().flat_map(|s| &s.points).map(|p| p.1).filter(|v| v.is_finite()).fold(0.0, f64::min);
            (Axis::linear(low.max(-1.0), 1.0, "R²"), Box::new(|v: f64| v.max(-1.0)))
        }
    };
    draw_chart(area, history, &series, y, &*map, current_epoch, theme)
}

fn draw_chart<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    history: &[EpochMetrics],
    series: &[Series],
    y: Axis,
    map: &dyn Fn(f64) -> f64,
    current_epoch: Option<usize>,
    theme: &Theme,
) -> Result<()> {
    area.fill(&theme.background)?;
    let last = history.iter().map(|m| m.epoch).max().unwrap_or(0).max(1);
    let x = Axis { lo: 0.0, hi: last as f64, title: "epoch".into(), scale: Scale::Integer };
    let chart = frame::chart(area, &x, &y, 0, theme)?;
    for s in series {
        for run in runs(&s.points, map) {
            if run.len() == 1 {
                chart.plotting_area().draw(&Circle::new(run[0], 3, s.style.color.filled()))?;
            } else {
                frame::draw_line(chart.plotting_area(), run, s.style.color, s.style.dash, 2)?;
            }
        }
    }
    let legend: Vec<(String, Swatch)> = series.iter().map(|s| (s.label.to_string(), Swatch::Line(s.style))).collect();
    let corner = if y.title == "accuracy" || y.title == "R²" { Corner::BottomRight } else { Corner::TopRight };
    if let Some(e) = current_epoch.filter(|&e| e <= last) {
        draw_current(&chart, e, &y, corner == Corner::BottomRight, theme)?;
    }
    frame::draw_legend(&chart.plotting_area().strip_coord_spec(), &legend, corner, theme)
}

/// The runs of consecutive finite points, mapped onto the y axis.
pub(crate) fn runs(points: &[(f64, f64)], map: &dyn Fn(f64) -> f64) -> Vec<Vec<(f64, f64)>> {
    let mut out = vec![];
    let mut current = vec![];
    for &(x, v) in points {
        if v.is_finite() {
            current.push((x, map(v)));
        } else if !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// The vertical line at epoch `e` with its label on a light box at the top (`at_top`) or the
/// bottom of the plot (away from the legend), on the side of the line with more room.
fn draw_current<DB: DrawingBackend>(
    chart: &Chart<'_, DB>,
    e: usize,
    y: &Axis,
    at_top: bool,
    theme: &Theme,
) -> Result<()> {
    let plot = chart.plotting_area();
    let colour = theme.text.mix(0.6);
    plot.draw(&PathElement::new(vec![(e as f64, y.lo), (e as f64, y.hi)], colour.stroke_width(1)))?;
    let pixels = plot.strip_coord_spec();
    let (w, h) = pixels.dim_in_pixel();
    let (ex, _) = chart.backend_coord(&(e as f64, y.hi));
    let ex = ex - plot.get_base_pixel().0;
    let label = format!("epoch {e}");
    let style = theme.text_style(theme.font_size * 0.9);
    let (tw, th) = pixels.estimate_text_size(&label, &style)?;
    let (tw, th) = (tw as i32, th as i32);
    let x = if ex + 4 + tw <= w as i32 { ex + 4 } else { ex - 4 - tw };
    let y0 = if at_top { 3 } else { h as i32 - 3 - th };
    pixels.draw(&Rectangle::new([(x - 2, y0 - 1), (x + tw + 2, y0 + th + 1)], theme.background.mix(0.85).filled()))?;
    pixels.draw(&Text::new(label, (x, y0), style.pos(Pos::new(HPos::Left, VPos::Top))))?;
    Ok(())
}

/// The loss chart's accessible name: per set the first and last loss and the lowest.
///
/// `"Loss per epoch over 10 epochs: train 0.69 at epoch 1, 0.14 at epoch 10, lowest 0.14 at
/// epoch 10; test …"`.
pub fn describe_loss_curves(history: &[EpochMetrics], current_epoch: Option<usize>) -> String {
    describe("Loss", &loss_series(history, &Theme::light()), history, current_epoch, false)
}

/// The metric chart's accessible name: per set the first and last value and the best.
pub fn describe_metric_curves(history: &[EpochMetrics], metric: Metric, current_epoch: Option<usize>) -> String {
    let what = match metric {
        Metric::Accuracy => "Accuracy",
        Metric::R2 => "R²",
    };
    describe(what, &metric_series(history, metric, &Theme::light()), history, current_epoch, true)
}

fn describe(
    what: &str,
    series: &[Series],
    history: &[EpochMetrics],
    current: Option<usize>,
    higher_better: bool,
) -> String {
    if series.is_empty() {
        return format!("{what} per epoch: nothing recorded yet");
    }
    let mut parts = Vec::new();
    for s in series {
        let f: Vec<(f64, f64)> = s.points.iter().copied().filter(|p| p.1.is_finite()).collect();
        let (Some(first), Some(last)) = (f.first(), f.last()) else { continue };
        let best = f.iter().copied().reduce(|a, b| if (b.1 > a.1) == higher_better && b.1 != a.1 { b } else { a });
        let mut t = format!("{} {} at epoch {}", s.label, compact_number(first.1), first.0);
        if f.len() > 1 {
            t += &format!(", {} at epoch {}", compact_number(last.1), last.0);
            if let Some(b) = best {
                t += &format!(
                    ", {} {} at epoch {}",
                    if higher_better { "best" } else { "lowest" },
                    compact_number(b.1),
                    b.0
                );
            }
        }
        parts.push(t);
    }
    let epochs = history.len();
    let mut text =
        format!("{what} per epoch over {epochs} epoch{}: {}", if epochs == 1 { "" } else { "s" }, parts.join("; "));
    if let Some(e) = current {
        text += &format!("; current epoch {e}");
    }
    text
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn log_axis_handles_zero_and_linear_axis_top() {
        // Positive 0.01 … 1: decades −2 … 0, padded by 5 % of the span (0.1).
        let (a, map) = loss_axis(&[1.0, 0.1, 0.01], true);
        assert!((a.lo + 2.1).abs() < 1e-12 && (a.hi - 0.1).abs() < 1e-12, "{a:?}");
        assert_eq!(map(0.1), -1.0);
        // With a zero: the bottom is a decade lower (−3 − 0.15), and 0 is drawn there.
        let (a, map) = loss_axis(&[1.0, 0.01, 0.0, f64::NAN], true);
        assert!((a.lo + 3.15).abs() < 1e-12, "{a:?}");
        assert_eq!(map(0.0), a.lo);
        let (a, _) = loss_axis(&[0.0], true);
        assert_eq!((a.lo, a.hi), (-1.0, 0.0));
        let (a, _) = loss_axis(&[0.5, 2.0], false);
        assert!((a.hi - 2.2).abs() < 1e-12 && a.lo == 0.0);
    }

    #[test]
    fn runs_break_at_non_finite_values() {
        let pts = [(1.0, 0.5), (2.0, f64::NAN), (3.0, 0.3), (4.0, 0.2)];
        assert_eq!(runs(&pts, &|v| v), vec![vec![(1.0, 0.5)], vec![(3.0, 0.3), (4.0, 0.2)]]);
    }
}
