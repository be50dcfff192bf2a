//! Several runs' curves on one chart (the Compare view): one quantity — a loss, or the test /
//! validation accuracy or R² — per epoch, one line per run, with the runs named in a legend.
//!
//! - Lines differ by colour (Okabe–Ito), dash and marker (`frame::series_style`), so runs are
//!   told apart without colour; markers sit at five points along each line (shared out among
//!   the pieces of a line broken by missing values), staggered between runs. A run without any finite value of the quantity is still listed in the legend,
//!   marked "(none)".
//! - Loss, linear: y from 0 to 10 % above the largest loss; log scale (`log_y`): as the loss
//!   chart of a single run ([`super::draw_loss_curves`]).
//! - Accuracy: y from 0 to 1. R²: from `min(0, lowest R²)` (not below −1) to 1. Runs of both
//!   tasks together share an "accuracy / R²" axis with the R² floor.
//! - x: epoch, from 0 to the last epoch of any run.

use super::frame::{self, Axis, Corner, Marker, Scale, Swatch};
use super::metric_curves::{loss_axis, runs};
use super::{compact_number, Theme};
use crate::choice::Choice;
use crate::error::Result;
use crate::train::EpochMetrics;
use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend};

/// Markers along each line.
const MARKERS: usize = 5;

/// What the chart plots for every run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunQuantity {
    /// Mean loss over the test set.
    TestLoss,
    /// Mean loss over the validation set (runs without one have no line).
    ValidationLoss,
    /// Mean loss over the training set.
    TrainLoss,
    /// Test accuracy (classification) or R² (regression).
    TestMetric,
    /// Validation accuracy or R².
    ValidationMetric,
}

crate::choices!(RunQuantity, "compare.quantity", {
    TestLoss => "test_loss", "test loss";
    ValidationLoss => "validation_loss", "validation loss";
    TrainLoss => "train_loss", "training loss";
    TestMetric => "test_metric", "test accuracy or R²";
    ValidationMetric => "validation_metric", "validation accuracy or R²";
});

impl RunQuantity {
    /// Whether it is a loss (lower is better; a log axis applies).
    pub fn is_loss(self) -> bool {
        matches!(self, RunQuantity::TestLoss | RunQuantity::ValidationLoss | RunQuantity::TrainLoss)
    }

    /// Its value in one epoch's metrics, if recorded.
    pub fn of(self, m: &EpochMetrics) -> Option<f64> {
        match self {
            RunQuantity::TestLoss => Some(m.test_loss),
            RunQuantity::ValidationLoss => m.validation_loss,
            RunQuantity::TrainLoss => Some(m.train_loss),
            RunQuantity::TestMetric => m.test_accuracy.or(m.test_r2),
            RunQuantity::ValidationMetric => m.validation_accuracy.or(m.validation_r2),
        }
    }
}

/// One run's line: its legend label and its per-epoch metrics.
#[derive(Clone, Debug, PartialEq)]
pub struct RunCurve {
    /// Shown in the legend.
    pub label: String,
    /// The run's epochs (any subset, in order).
    pub history: Vec<EpochMetrics>,
}

fn points(run: &RunCurve, q: RunQuantity) -> Vec<(f64, f64)> {
    run.history.iter().map(|m| (m.epoch as f64, q.of(m).unwrap_or(f64::NAN))).collect()
}

/// The y axis for `q` over `runs`, and the mapping of a value onto it.
fn y_axis(runs: &[RunCurve], q: RunQuantity, log_y: bool) -> (Axis, Box<dyn Fn(f64) -> f64>) {
    let values: Vec<f64> = runs.iter().flat_map(|r| points(r, q)).map(|p| p.1).filter(|v| v.is_finite()).collect();
    if q.is_loss() {
        let (mut axis, map) = loss_axis(&values, log_y);
        axis.title = if log_y { format!("{} (log scale)", q.label()) } else { q.label().to_string() };
        return (axis, map);
    }
    let any = |f: fn(&EpochMetrics) -> bool| runs.iter().any(|r| r.history.iter().any(f));
    let (acc, r2) = (any(|m| m.test_accuracy.is_some()), any(|m| m.test_r2.is_some()));
    let title = match (acc, r2) {
        (true, true) => "accuracy / R²",
        (false, true) => "R²",
        _ => "accuracy",
    };
    let low = if r2 { values.iter().copied().fold(0.0, f64::min).max(-1.0) } else { 0.0 };
    let prefix = if q == RunQuantity::TestMetric { "test" } else { "validation" };
    (Axis::linear(low, 1.0, format!("{prefix} {title}")), Box::new(|v: f64| v.max(-1.0)))
}

/// Draws `q` per epoch for every run in `runs`, one styled line each, with a legend of their
/// labels (top right for losses, bottom right for accuracy / R²), filling `area`. With no runs
/// it draws empty axes and the note "select runs to compare".
///
/// # Errors
/// [`crate::Error::Plot`] if the backend fails.
pub fn draw_run_curves<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    runs_to_draw: &[RunCurve],
    q: RunQuantity,
    log_y: bool,
    theme: &Theme,
) -> Result<()> {
    area.fill(&theme.background)?;
    let last = runs_to_draw.iter().flat_map(|r| r.history.iter().map(|m| m.epoch)).max().unwrap_or(0).max(1);
    let x = Axis { lo: 0.0, hi: last as f64, title: "epoch".into(), scale: Scale::Integer };
    let (y, map) = y_axis(runs_to_draw, q, log_y && q.is_loss());
    let chart = frame::chart(area, &x, &y, 0, theme)?;
    let plot = chart.plotting_area();
    let mut legend = Vec::new();
    for (k, run) in runs_to_draw.iter().enumerate() {
        let style = frame::series_style(k);
        let pieces = runs(&points(run, q), &*map);
        let offset = (k as f64 + 1.0) / (runs_to_draw.len() as f64 + 1.0);
        let total: usize = pieces.iter().map(Vec::len).sum();
        for piece in &pieces {
            if piece.len() >= 2 {
                frame::draw_line(plot, piece.clone(), style.color, style.dash, 2)?;
            }
            // Markers shared out by length, at least one per piece.
            let count = (MARKERS * piece.len()).div_ceil(total.max(1)).max(1);
            let marks = frame::marker_points(piece, |p| chart.backend_coord(&p), count, offset);
            let marker = if style.marker == Marker::None { Marker::Circle } else { style.marker };
            for p in marks {
                frame::draw_marker(plot, p, marker, style.color, 3)?;
            }
        }
        let label = if pieces.is_empty() { format!("{} (none)", run.label) } else { run.label.clone() };
        legend.push((label, Swatch::Line(style)));
    }
    let pixels = plot.strip_coord_spec();
    if runs_to_draw.is_empty() {
        frame::draw_note(&pixels, "select runs to compare", theme)?;
    }
    let corner = if q.is_loss() { Corner::TopRight } else { Corner::BottomRight };
    frame::draw_legend(&pixels, &legend, corner, theme)
}

/// The chart's text alternative: per run its last value and its best (lowest loss, highest
/// accuracy or R²) with the epoch.
///
/// `"Test loss per epoch of 2 runs: run 1 last 0.12 at epoch 30, lowest 0.11 at epoch 28; …"`.
pub fn describe_run_curves(runs_to_describe: &[RunCurve], q: RunQuantity) -> String {
    let what = q.label();
    let what = what[..1].to_uppercase() + &what[1..];
    if runs_to_describe.is_empty() {
        return format!("{what} per epoch: no runs selected");
    }
    let parts: Vec<String> = runs_to_describe
        .iter()
        .map(|r| {
            let f: Vec<(f64, f64)> = points(r, q).into_iter().filter(|p| p.1.is_finite()).collect();
            let Some(&last) = f.last() else { return format!("{} none recorded", r.label) };
            let better = |a: (f64, f64), b: (f64, f64)| if q.is_loss() { b.1 < a.1 } else { b.1 > a.1 };
            let best = f.iter().copied().fold(f[0], |a, b| if better(a, b) { b } else { a });
            format!(
                "{} last {} at epoch {}, {} {} at epoch {}",
                r.label,
                compact_number(last.1),
                last.0,
                if q.is_loss() { "lowest" } else { "best" },
                compact_number(best.1),
                best.0
            )
        })
        .collect();
    let n = runs_to_describe.len();
    format!("{what} per epoch of {n} run{}: {}", if n == 1 { "" } else { "s" }, parts.join("; "))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn run(label: &str, losses: &[f64]) -> RunCurve {
        let history = losses
            .iter()
            .enumerate()
            .map(|(i, &l)| EpochMetrics {
                epoch: i + 1,
                test_loss: l,
                train_loss: l,
                test_accuracy: Some(1.0 - l),
                ..Default::default()
            })
            .collect();
        RunCurve { label: label.into(), history }
    }

    #[test]
    fn descriptions_name_last_and_best() {
        let runs = [run("a", &[0.5, 0.2, 0.3]), run("b", &[0.4])];
        assert_eq!(
            describe_run_curves(&runs, RunQuantity::TestLoss),
            "Test loss per epoch of 2 runs: a last 0.3 at epoch 3, lowest 0.2 at epoch 2; b last 0.4 at epoch 1, lowest 0.4 at epoch 1"
        );
        assert_eq!(
            describe_run_curves(&runs[..1], RunQuantity::ValidationLoss),
            "Validation loss per epoch of 1 run: a none recorded"
        );
        assert!(
            describe_run_curves(&runs, RunQuantity::TestMetric).contains("a last 0.7 at epoch 3, best 0.8 at epoch 2")
        );
        assert_eq!(describe_run_curves(&[], RunQuantity::TestLoss), "Test loss per epoch: no runs selected");
    }

    #[test]
    fn metric_axis_spans_r2_floor_when_mixed() {
        let mut r = run("r", &[0.5]);
        r.history[0].test_accuracy = None;
        r.history[0].test_r2 = Some(-3.0);
        let (a, map) = y_axis(&[run("a", &[0.5]), r], RunQuantity::TestMetric, false);
        assert_eq!((a.lo, a.hi, a.title.as_str()), (-1.0, 1.0, "test accuracy / R²"));
        assert_eq!(map(-3.0), -1.0);
        let (a, _) = y_axis(&[run("a", &[0.5])], RunQuantity::TestLoss, true);
        assert_eq!(a.title, "test loss (log scale)");
    }
}
