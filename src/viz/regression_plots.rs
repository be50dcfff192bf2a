//! Two views of a regression model's predictions on held-out rows.
//!
//! - Predicted against actual: one point per row at (actual, predicted), both axes over the
//!   same range (the values' range padded by 5 %), with the thin dashed identity line `y = x` where
//!   a perfect model's points would lie. Points above it are over-predictions.
//! - Residuals: `actual − predicted` up against `predicted` across, with a dashed zero line;
//!   the y axis is symmetric about 0. A good model's residuals scatter evenly around 0 with no
//!   trend or funnel. Points above 0 (the model predicted too low) are blue, below 0 orange;
//!   their position says the same, so colour is not needed to read it.
//!
//! Rows where either value is not finite are skipped (and counted in the descriptions). At most
//! [`MAX_POINTS`] points are drawn: from more, every `n / MAX`-th
//! (deterministic); the summary numbers always use every row.

use super::frame::{self, Axis, Corner, Dash, LineStyle, Marker, Swatch};
use super::{compact_number, scatter::MAX_POINTS, Theme};
use crate::error::Result;
use crate::train::evaluation::finite_regression_pairs;
use plotters::coord::Shift;
use plotters::prelude::{Circle, Color, DrawingArea, DrawingBackend};

/// Summary numbers of predictions against actual values, over the rows where both are finite.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RegressionSummary {
    /// Rows with both values finite.
    pub rows: usize,
    /// Rows skipped for a non-finite value.
    pub skipped: usize,
    /// `1 − Σ (a − p)² / Σ (a − ā)²`; NaN when the actual values do not vary.
    pub r2: f64,
    /// Mean absolute error `Σ |a − p| / n`.
    pub mae: f64,
    /// Root mean squared error `√(Σ (a − p)² / n)`.
    pub rmse: f64,
    /// Mean residual `Σ (a − p) / n` (positive: the model predicts too low on average).
    pub mean_residual: f64,
}

/// Computes the [`RegressionSummary`] (all NaN for no rows).
pub fn regression_summary(actual: &[f32], predicted: &[f32]) -> RegressionSummary {
    let pts = finite_regression_pairs(actual, predicted);
    let rows = pts.len();
    let skipped = actual.len().min(predicted.len()) - rows;
    let n = rows as f64;
    let mean_a = pts.iter().map(|p| p.0).sum::<f64>() / n;
    let ss_res: f64 = pts.iter().map(|(a, p)| (a - p) * (a - p)).sum();
    let ss_tot: f64 = pts.iter().map(|(a, _)| (a - mean_a) * (a - mean_a)).sum();
    RegressionSummary {
        rows,
        skipped,
        r2: if ss_tot > 0.0 { 1.0 - ss_res / ss_tot } else { f64::NAN },
        mae: pts.iter().map(|(a, p)| (a - p).abs()).sum::<f64>() / n,
        rmse: (ss_res / n).sqrt(),
        mean_residual: pts.iter().map(|(a, p)| a - p).sum::<f64>() / n,
    }
}

/// At most `MAX_POINTS` of `pts`: every one, or the `⌊k·n/MAX⌋`-th for `k < MAX`.
fn sample(pts: Vec<(f64, f64)>) -> Vec<(f64, f64)> {
    let n = pts.len();
    if n <= MAX_POINTS {
        return pts;
    }
    (0..MAX_POINTS).map(|k| pts[k * n / MAX_POINTS]).collect()
}

/// `(lo, hi)` of the values, padded by 5 % (sane for none or one value).
fn padded(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), v| (l.min(v), h.max(v)));
    if lo > hi {
        return (0.0, 1.0);
    }
    let m = (hi - lo) * 0.05;
    frame::sane_range(lo - m, hi + m)
}

fn short(name: &str) -> String {
    crate::text::ellipsis(name, 30)
}

/// Draws predicted (up) against actual (across) `target` values, with the `y = x` line.
///
/// # Errors
/// [`crate::Error::Plot`] if the backend fails.
pub fn draw_predicted_vs_actual<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    actual: &[f32],
    predicted: &[f32],
    target: &str,
    theme: &Theme,
) -> Result<()> {
    area.fill(&theme.background)?;
    let pts = sample(finite_regression_pairs(actual, predicted));
    let (lo, hi) = padded(pts.iter().flat_map(|&(a, p)| [a, p]));
    let name = short(target);
    let x = Axis::linear(lo, hi, format!("actual {name}"));
    let y = Axis::linear(lo, hi, format!("predicted {name}"));
    let chart = frame::chart(area, &x, &y, 0, theme)?;
    let plot = chart.plotting_area();
    let identity = LineStyle { color: theme.text, dash: Dash::Dashed, marker: Marker::None };
    frame::draw_line(plot, vec![(x.lo, x.lo), (x.hi, x.hi)], identity.color, identity.dash, 1)?;
    draw_points(plot, &pts, |_| theme.positive)?;
    let pixels = plot.strip_coord_spec();
    if pts.is_empty() {
        frame::draw_note(&pixels, "no rows with both values", theme)?;
    }
    let legend = [("predicted = actual".to_string(), Swatch::Line(identity))];
    frame::draw_legend(&pixels, &legend, Corner::TopLeft, theme)
}

/// Draws the residuals `actual − predicted` (up) against predicted `target` (across), with a
/// dashed zero line.
///
/// # Errors
/// [`crate::Error::Plot`] if the backend fails.
pub fn draw_residuals<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    actual: &[f32],
    predicted: &[f32],
    target: &str,
    theme: &Theme,
) -> Result<()> {
    area.fill(&theme.background)?;
    let pts: Vec<(f64, f64)> =
        sample(finite_regression_pairs(actual, predicted)).into_iter().map(|(a, p)| (p, a - p)).collect();
    let (lo, hi) = padded(pts.iter().map(|p| p.0));
    let reach = pts.iter().map(|p| p.1.abs()).fold(0.0, f64::max) * 1.1;
    let reach = if reach > 0.0 { reach } else { 1.0 };
    let name = short(target);
    let x = Axis::linear(lo, hi, format!("predicted {name}"));
    let y = Axis::linear(-reach, reach, "residual (actual − predicted)");
    let chart = frame::chart(area, &x, &y, 0, theme)?;
    let plot = chart.plotting_area();
    frame::draw_line(plot, vec![(x.lo, 0.0), (x.hi, 0.0)], theme.text, Dash::Dashed, 1)?;
    draw_points(plot, &pts, |(_, r)| if r >= 0.0 { theme.positive } else { theme.negative })?;
    if pts.is_empty() {
        frame::draw_note(&plot.strip_coord_spec(), "no rows with both values", theme)?;
    }
    Ok(())
}

fn draw_points<DB: DrawingBackend, CT: plotters::coord::CoordTranslate<From = (f64, f64)>>(
    plot: &DrawingArea<DB, CT>,
    pts: &[(f64, f64)],
    colour: impl Fn((f64, f64)) -> plotters::prelude::RGBColor,
) -> Result<()> {
    let r = if pts.len() > 1_000 { 2 } else { 3 };
    for &p in pts {
        plot.draw(&Circle::new(p, r, colour(p).mix(0.7).filled()))?;
    }
    Ok(())
}

/// The predicted-against-actual chart's accessible name, with R², MAE and RMSE.
///
/// `"Predicted against actual price for 120 rows: R² 0.84, mean absolute error 1.2, root mean
/// squared error 1.6"`.
pub fn describe_predicted_vs_actual(actual: &[f32], predicted: &[f32], target: &str) -> String {
    let s = regression_summary(actual, predicted);
    if s.rows == 0 {
        return format!("Predicted against actual {target}: no rows with both values");
    }
    let r2 = if s.r2.is_nan() { "n/a".into() } else { format!("{:.2}", s.r2) };
    format!(
        "Predicted against actual {target} for {} rows: R² {r2}, mean absolute error {}, root mean squared error {}{}",
        s.rows,
        compact_number(s.mae),
        compact_number(s.rmse),
        skipped(s.skipped)
    )
}

/// The residual chart's accessible name: mean residual, how many above and below zero, and
/// the largest one.
pub fn describe_residuals(actual: &[f32], predicted: &[f32], target: &str) -> String {
    let pts = finite_regression_pairs(actual, predicted);
    let s = regression_summary(actual, predicted);
    let Some(&(a, p)) = pts.iter().max_by(|x, y| (x.0 - x.1).abs().total_cmp(&(y.0 - y.1).abs())) else {
        return format!("Residuals of {target}: no rows with both values");
    };
    let above = pts.iter().filter(|(a, p)| a > p).count();
    let below = pts.iter().filter(|(a, p)| a < p).count();
    format!(
        "Residuals (actual − predicted) of {target} against predicted for {} rows: mean {}, {above} above and {below} below zero, largest {} at predicted {}{}",
        s.rows,
        compact_number(s.mean_residual),
        compact_number(a - p),
        compact_number(p),
        skipped(s.skipped)
    )
}

fn skipped(n: usize) -> String {
    match n {
        0 => String::new(),
        1 => "; 1 row with a missing value not drawn".into(),
        n => format!("; {n} rows with a missing value not drawn"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_by_hand() {
        // a = 1, 2, 3, 4 (ā = 2.5, Σ(a − ā)² = 5); p = 1, 3, 3, 2: residuals 0, −1, 0, 2.
        // Σr² = 5 → R² = 0, MAE = 3/4, RMSE = √(5/4), mean residual = 1/4.
        let s = regression_summary(&[1.0, 2.0, 3.0, 4.0, f32::NAN], &[1.0, 3.0, 3.0, 2.0, 1.0]);
        assert_eq!((s.rows, s.skipped), (4, 1));
        assert!(s.r2.abs() < 1e-12);
        assert_eq!(s.mae, 0.75);
        assert!((s.rmse - 1.25f64.sqrt()).abs() < 1e-12);
        assert_eq!(s.mean_residual, 0.25);
        assert!(regression_summary(&[2.0, 2.0], &[1.0, 3.0]).r2.is_nan());
        assert_eq!(
            describe_residuals(&[1.0, 2.0, 3.0, 4.0], &[1.0, 3.0, 3.0, 2.0], "y"),
            "Residuals (actual − predicted) of y against predicted for 4 rows: mean 0.25, 1 above and 1 below zero, largest 2 at predicted 2"
        );
    }

    #[test]
    fn sampling_is_strided() {
        let pts: Vec<(f64, f64)> = (0..MAX_POINTS * 2).map(|i| (i as f64, 0.0)).collect();
        let s = sample(pts);
        assert_eq!(s.len(), MAX_POINTS);
        assert_eq!((s[0].0, s[1].0), (0.0, 2.0));
    }
}
