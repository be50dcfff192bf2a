//! The loss curve: train and test loss per epoch, the quickest way to see a model learning,
//! stalling or overfitting (test loss turning up while train loss keeps falling).

use super::{tick_label, Theme};
use crate::error::Result;
use crate::train::EpochMetrics;
use plotters::chart::ChartContext;
use plotters::coord::types::{RangedCoordf64, RangedCoordusize};
use plotters::coord::Shift;
use plotters::element::{DashedPathElement, Text};
use plotters::prelude::{
    Cartesian2d, ChartBuilder, Circle, Color, DashedLineSeries, DrawingArea, DrawingBackend, LineSeries, PathElement,
    RGBColor, Rectangle, TRANSPARENT,
};
use plotters::style::text_anchor::{HPos, Pos, VPos};

type Chart<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordusize, RangedCoordf64>>;

/// Length of a dash and of the gap after it on the test line, in pixels.
const DASH: (i32, i32) = (6, 4);

/// Draws train loss (solid line) and test loss (dashed line) against epoch, filling `area`,
/// with a legend in the upper right. All text is measured through the backend, never the DOM.
///
/// The x axis ("epoch") runs from 0 to the last epoch (at least 1); the y axis ("loss") from 0
/// to 10 % above the largest finite loss (1 when there is none). Non-finite losses are skipped
/// and break the line there; a point with no finite neighbour is drawn as a dot, so a single
/// epoch is visible. An empty history draws empty axes and the legend.
///
/// # Errors
/// [`crate::Error::Plot`] if the backend fails.
pub fn draw_loss_curve<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    history: &[EpochMetrics],
    theme: &Theme,
) -> Result<()> {
    area.fill(&theme.background)?;
    let last_epoch = history.iter().map(|m| m.epoch).max().unwrap_or(0).max(1);
    let y_top = loss_axis_top(history);
    let label_size = theme.font_size;
    let mut chart = ChartBuilder::on(area)
        .margin(label_size * 0.75)
        .x_label_area_size(label_size * 3.0)
        .y_label_area_size(label_size * 4.0)
        .build_cartesian_2d(0..last_epoch, 0.0..y_top)?;

    let y_format = |v: &f64| tick_label(*v, y_top);
    chart
        .configure_mesh()
        .x_desc("epoch")
        .y_desc("loss")
        .x_labels(6)
        .y_labels(5)
        .y_label_formatter(&y_format)
        .label_style(theme.text_style(label_size))
        .axis_desc_style(theme.text_style(label_size))
        .axis_style(theme.axis)
        .bold_line_style(theme.grid)
        .light_line_style(TRANSPARENT)
        .draw()?;

    let train = finite_runs(history, |m| m.train_loss);
    let test = finite_runs(history, |m| m.test_loss);
    draw_curve(&mut chart, &train, theme.train_line, false)?;
    draw_curve(&mut chart, &test, theme.test_line, true)?;
    let entries = [("train loss", theme.train_line, false), ("test loss", theme.test_line, true)];
    draw_legend(&chart.plotting_area().strip_coord_spec(), &entries, theme)?;
    Ok(())
}

/// One curve: each run of finite points as a line (dashed if `dashed`), and a dot for every run
/// of a single point.
fn draw_curve<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    runs: &[Vec<(usize, f64)>],
    color: RGBColor,
    dashed: bool,
) -> Result<()> {
    let style = color.stroke_width(2);
    for run in runs {
        if dashed {
            chart.draw_series(DashedLineSeries::new(run.clone(), DASH.0, DASH.1, style))?;
        } else {
            chart.draw_series(LineSeries::new(run.clone(), style))?;
        }
    }
    let dots = runs.iter().filter(|r| r.len() == 1).map(|r| Circle::new(r[0], 3, style.filled()));
    chart.draw_series(dots)?;
    Ok(())
}

/// The legend in the upper right corner of `area` (the plotting area, in pixels): per entry a
/// 20-pixel sample of the line (dashed like its curve) and the label.
///
/// Drawn by hand rather than with plotters' `configure_series_labels`, because that measures its
/// labels through the font layer, which in the browser inserts a `<span>` into the page and
/// forces a layout per label; here all text is measured by the backend
/// ([`DrawingArea::estimate_text_size`]), which a canvas backend can do without the DOM.
fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    entries: &[(&str, RGBColor, bool)],
    theme: &Theme,
) -> Result<()> {
    let style = theme.text_style(theme.font_size).pos(Pos::new(HPos::Left, VPos::Center));
    let (mut text_w, mut text_h) = (0, 0);
    for (label, _, _) in entries {
        let (w, h) = area.estimate_text_size(label, &style)?;
        (text_w, text_h) = (text_w.max(w as i32), text_h.max(h as i32));
    }
    let pad = (theme.font_size * 0.5).round() as i32;
    let sample = 20;
    let row = text_h.max(1) + pad / 2;
    let (w, h) = (pad + sample + pad + text_w + pad, pad + row * entries.len() as i32);
    let x0 = area.dim_in_pixel().0 as i32 - w - pad;
    let y0 = pad;
    let frame = [(x0, y0), (x0 + w, y0 + h)];
    area.draw(&Rectangle::new(frame, theme.background.mix(0.85).filled()))?;
    area.draw(&Rectangle::new(frame, theme.grid))?;
    for (k, &(label, color, dashed)) in entries.iter().enumerate() {
        let y = y0 + pad / 2 + row * k as i32 + row / 2;
        let line = vec![(x0 + pad, y), (x0 + pad + sample, y)];
        if dashed {
            area.draw(&DashedPathElement::new(line, DASH.0, DASH.1, color.stroke_width(2)))?;
        } else {
            area.draw(&PathElement::new(line, color.stroke_width(2)))?;
        }
        area.draw(&Text::new(label, (x0 + pad + sample + pad, y), style.clone()))?;
    }
    Ok(())
}

/// The `(epoch, loss)` points of `history`, split into runs of consecutive finite losses.
fn finite_runs(history: &[EpochMetrics], loss: impl Fn(&EpochMetrics) -> f64) -> Vec<Vec<(usize, f64)>> {
    let mut runs = vec![];
    let mut current = vec![];
    for m in history {
        let v = loss(m);
        if v.is_finite() {
            current.push((m.epoch, v));
        } else if !current.is_empty() {
            runs.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        runs.push(current);
    }
    runs
}

/// Top of the loss axis: 10 % above the largest finite loss, or 1 when there is no positive one.
fn loss_axis_top(history: &[EpochMetrics]) -> f64 {
    let max =
        history.iter().flat_map(|m| [m.train_loss, m.test_loss]).filter(|v| v.is_finite()).fold(0.0_f64, f64::max);
    if max > 0.0 {
        max * 1.1
    } else {
        1.0
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use plotters::prelude::{IntoDrawingArea, SVGBackend};

    fn m(epoch: usize, train: f64, test: f64) -> EpochMetrics {
        EpochMetrics {
            epoch,
            steps: epoch as u64 * 10,
            train_loss: train,
            test_loss: test,
            train_accuracy: None,
            test_accuracy: None,
            train_r2: None,
            test_r2: None,
            ..Default::default()
        }
    }

    fn svg(history: &[EpochMetrics], size: (u32, u32)) -> String {
        let mut s = String::new();
        {
            let area = SVGBackend::with_string(&mut s, size).into_drawing_area();
            draw_loss_curve(&area, history, &Theme::light()).unwrap();
            area.present().unwrap();
        }
        s
    }

    #[test]
    fn empty_and_single_histories_draw() {
        let empty = svg(&[], (320, 200));
        // The SVG backend writes each text as `<text …>\nTEXT\n</text>`.
        for text in ["epoch", "loss", "train loss", "test loss"] {
            assert!(empty.contains(&format!("\n{text}\n</text>")), "no {text:?} in {empty}");
        }
        let one = svg(&[m(1, 0.7, 0.8)], (320, 200));
        // Both single points are drawn as dots.
        assert_eq!(one.matches("<circle").count(), 2, "{one}");
    }

    #[test]
    fn non_finite_values_are_skipped() {
        let h = [m(1, 0.9, f64::NAN), m(2, f64::INFINITY, 0.8), m(3, 0.5, 0.6), m(4, 0.4, f64::NAN)];
        assert_eq!(finite_runs(&h, |m| m.train_loss), vec![vec![(1, 0.9)], vec![(3, 0.5), (4, 0.4)]]);
        assert_eq!(finite_runs(&h, |m| m.test_loss), vec![vec![(2, 0.8), (3, 0.6)]]);
        assert!((loss_axis_top(&h) - 0.99).abs() < 1e-12);
        let out = svg(&h, (320, 200));
        assert!(!out.contains("NaN") && !out.contains("inf"), "{out}");
    }

    #[test]
    fn axis_top_without_finite_losses_is_one() {
        assert_eq!(loss_axis_top(&[]), 1.0);
        assert_eq!(loss_axis_top(&[m(1, f64::NAN, 0.0)]), 1.0);
    }

    #[test]
    fn tiny_area_does_not_panic() {
        let _ = svg(&[m(1, 0.5, 0.5), m(2, 0.4, 0.45)], (8, 8));
    }
}
