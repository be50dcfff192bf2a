//! The decision map: what the model predicts everywhere on the data plane, as a heat map, with
//! the data points on top so the learner sees where the model is right and where it is not.

use super::{output_position, target_position, tick_label, Theme};
use crate::data::synthetic::EXTENT;
use crate::data::{Dataset, Task};
use crate::error::{Error, Result};
use crate::train::DecisionGrid;
use plotters::chart::ChartContext;
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::{
    Cartesian2d, ChartBuilder, Circle, Color, DrawingArea, DrawingBackend, RGBColor, Rectangle, TRANSPARENT,
};

type Chart<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// Draws the model's output over the plane with the train and test points on top, filling
/// `area`.
///
/// - The heat map has one filled rectangle per grid cell (not one per pixel, so a 50×50 grid
///   redraws at canvas frame rates), coloured on the theme's diverging scale: for
///   classification the probability of class 1 (0 → orange, 0.5 → light, 1 → blue), for
///   regression the predicted value (−1 → orange, 0 → light, +1 → blue). Non-finite cells are
///   drawn neutral.
/// - Points are filled circles coloured by their class or target on the same scale (unwashed,
///   so they stand out); training points have a light outline, test points a dark one.
/// - Axes `x1` (horizontal) and `x2` (vertical) cover `[-6, 6]` (the generators' square),
///   widened to the grid's ranges if those are larger. Points outside are not drawn.
///
/// With `grid: None` (no model yet) the plotting area is plain neutral with grid lines, and only
/// the points are drawn. `task` says how to read grid values and targets (`train.task` is not
/// consulted).
///
/// # Errors
/// [`Error::Plot`] if the grid's `values` do not hold `resolution²` entries or its ranges are not
/// finite, if a non-empty dataset has fewer than two features, or if the backend fails.
pub fn draw_decision_map<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    grid: Option<&DecisionGrid>,
    train: &Dataset,
    test: &Dataset,
    task: Task,
    theme: &Theme,
) -> Result<()> {
    draw_map(area, Heat::Cells(grid), train, test, task, theme).map(|_| ())
}

/// The pixel rectangle of a chart's plotting area: `(left, top)` to `(right, bottom)`, exclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PlotRect {
    /// Left edge.
    pub left: i32,
    /// Top edge.
    pub top: i32,
    /// Right edge.
    pub right: i32,
    /// Bottom edge.
    pub bottom: i32,
}

/// Draws the decision map's frame (axes, labels) and the points over a *transparent* plotting
/// area, and returns where that area is, so the caller can show the heat map underneath as a
/// separate, cheaply updated layer (see [`heat_map_rgba`]).
///
/// Why: while training, only the heat map changes. Redrawing it as 2,500 rectangles plus every
/// point and label at 30 frames a second cost the page's thread 50–90 ms tasks; as a layer it is
/// one pixel copy per frame, and this overlay is drawn only when the data changes.
///
/// # Errors
/// As [`draw_decision_map`].
pub fn draw_decision_overlay<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    train: &Dataset,
    test: &Dataset,
    task: Task,
    theme: &Theme,
) -> Result<PlotRect> {
    draw_map(area, Heat::External, train, test, task, theme)
}

/// The heat map as `resolution × resolution` RGBA pixels, top row first (highest x2), in the
/// colours [`draw_decision_map`] gives its cells.
///
/// # Errors
/// [`Error::Plot`] for a malformed grid.
pub fn heat_map_rgba(grid: &DecisionGrid, task: Task, theme: &Theme) -> Result<Vec<u8>> {
    check_grid(grid)?;
    let n = grid.resolution;
    let mut out = Vec::with_capacity(n * n * 4);
    for row in (0..n).rev() {
        for &v in &grid.values[row * n..(row + 1) * n] {
            let t = if v.is_finite() { output_position(task, v) } else { f64::NAN };
            let c = theme.heat(t);
            out.extend_from_slice(&[c.0, c.1, c.2, 255]);
        }
    }
    Ok(out)
}

/// How the heat map is drawn.
enum Heat<'a> {
    /// As one rectangle per cell (`None`: no model yet, plain plotting area).
    Cells(Option<&'a DecisionGrid>),
    /// Not at all: the plotting area stays transparent for a layer underneath.
    External,
}

fn draw_map<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    heat: Heat<'_>,
    train: &Dataset,
    test: &Dataset,
    task: Task,
    theme: &Theme,
) -> Result<PlotRect> {
    let grid = match heat {
        Heat::Cells(g) => g,
        Heat::External => None,
    };
    if let Some(g) = grid {
        check_grid(g)?;
    }
    let train_points = plane_points(train, task, "training", theme)?;
    let test_points = plane_points(test, task, "test", theme)?;
    let (x_range, y_range) = axis_ranges(grid);

    let external = matches!(heat, Heat::External);
    if !external {
        area.fill(&theme.background)?;
    }
    let label_size = theme.font_size;
    let mut chart = ChartBuilder::on(area)
        .margin(label_size * 0.75)
        .x_label_area_size(label_size * 3.0)
        .y_label_area_size(label_size * 3.5)
        .build_cartesian_2d(x_range.0..x_range.1, y_range.0..y_range.1)?;

    if grid.is_none() && !external {
        chart.plotting_area().fill(&theme.empty_plot)?;
    }
    let span = x_range.1.abs().max(x_range.0.abs()).max(y_range.0.abs()).max(y_range.1.abs());
    let format = |v: &f64| tick_label(*v, span);
    // Over an external heat layer, grid lines would sit on top of the map: leave them out.
    let grid_lines = if external { TRANSPARENT } else { theme.grid.to_rgba() };
    chart
        .configure_mesh()
        .x_desc("x1")
        .y_desc("x2")
        .x_labels(7)
        .y_labels(7)
        .x_label_formatter(&format)
        .y_label_formatter(&format)
        .label_style(theme.text_style(label_size))
        .axis_desc_style(theme.text_style(label_size))
        .axis_style(theme.axis)
        .bold_line_style(grid_lines)
        .light_line_style(TRANSPARENT)
        .draw()?;

    if let Some(g) = grid {
        draw_heat_map(&mut chart, g, task, theme)?;
    }
    let inside = |&(x, y, _): &(f64, f64, RGBColor)| {
        (x_range.0..=x_range.1).contains(&x) && (y_range.0..=y_range.1).contains(&y)
    };
    let train_points: Vec<_> = train_points.into_iter().filter(inside).collect();
    let test_points: Vec<_> = test_points.into_iter().filter(inside).collect();
    draw_points(&mut chart, &train_points, theme.train_outline, theme.point_radius)?;
    draw_points(&mut chart, &test_points, theme.test_outline, theme.point_radius)?;
    let (xs, ys) = chart.plotting_area().get_pixel_range();
    Ok(PlotRect { left: xs.start, top: ys.start, right: xs.end, bottom: ys.end })
}

/// One filled rectangle per cell, cell `(i, j)` spanning its share of the grid's ranges.
fn draw_heat_map<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    g: &DecisionGrid,
    task: Task,
    theme: &Theme,
) -> Result<()> {
    let n = g.resolution;
    let dx = (g.x_range.1 - g.x_range.0) / n as f64;
    let dy = (g.y_range.1 - g.y_range.0) / n as f64;
    let cells = g.values.iter().enumerate().map(|(k, &v)| {
        let (i, j) = ((k % n) as f64, (k / n) as f64);
        // Both edges from the same formula, so neighbours share edges to the pixel: no seams.
        let (x0, x1) = (g.x_range.0 + i * dx, g.x_range.0 + (i + 1.0) * dx);
        let (y0, y1) = (g.y_range.0 + j * dy, g.y_range.0 + (j + 1.0) * dy);
        let t = if v.is_finite() { output_position(task, v) } else { f64::NAN };
        Rectangle::new([(x0, y0), (x1, y1)], theme.heat(t).filled())
    });
    chart.draw_series(cells)?;
    Ok(())
}

/// Filled circles in each point's colour, then a 1-pixel ring in `outline` around each.
fn draw_points<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    points: &[(f64, f64, RGBColor)],
    outline: RGBColor,
    radius: u32,
) -> Result<()> {
    chart.draw_series(points.iter().map(|&(x, y, c)| Circle::new((x, y), radius, c.filled())))?;
    chart
        .draw_series(points.iter().map(|&(x, y, _)| Circle::new((x, y), radius, outline.stroke_width(1))))?;
    Ok(())
}

/// The finite `(x1, x2)` points of `data`, each with its colour on the unwashed diverging scale.
fn plane_points(data: &Dataset, task: Task, which: &str, theme: &Theme) -> Result<Vec<(f64, f64, RGBColor)>> {
    if data.rows() == 0 {
        return Ok(Vec::new());
    }
    let width = data.width();
    if width < 2 {
        return Err(Error::Plot(format!("the decision map needs two features, the {which} set has {width}")));
    }
    let points = data
        .x
        .chunks_exact(width)
        .zip(&data.y)
        .map(|(row, &y)| (f64::from(row[0]), f64::from(row[1]), target_position(task, y)))
        .filter(|(x1, x2, t)| x1.is_finite() && x2.is_finite() && t.is_finite())
        .map(|(x1, x2, t)| (x1, x2, theme.diverging(t)))
        .collect();
    Ok(points)
}

/// Rejects grids whose shape or ranges would make the map meaningless.
fn check_grid(g: &DecisionGrid) -> Result<()> {
    let want = g.resolution.checked_mul(g.resolution);
    if want != Some(g.values.len()) {
        return Err(Error::Plot(format!(
            "decision grid of resolution {} must have {} values, it has {}",
            g.resolution,
            g.resolution.saturating_mul(g.resolution),
            g.values.len()
        )));
    }
    let finite = [g.x_range.0, g.x_range.1, g.y_range.0, g.y_range.1].iter().all(|v| v.is_finite());
    if !finite || g.x_range.0 >= g.x_range.1 || g.y_range.0 >= g.y_range.1 {
        return Err(Error::Plot(format!(
            "decision grid ranges must be finite and increasing, got x {:?} and y {:?}",
            g.x_range, g.y_range
        )));
    }
    Ok(())
}

/// `[-EXTENT, EXTENT]` on both axes, widened to cover the grid if there is one.
fn axis_ranges(grid: Option<&DecisionGrid>) -> ((f64, f64), (f64, f64)) {
    let (mut x, mut y) = ((-EXTENT, EXTENT), (-EXTENT, EXTENT));
    if let Some(g) = grid {
        x = (x.0.min(g.x_range.0), x.1.max(g.x_range.1));
        y = (y.0.min(g.y_range.0), y.1.max(g.y_range.1));
    }
    (x, y)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::viz::hex;
    use plotters::prelude::{IntoDrawingArea, SVGBackend};

    const C2: Task = Task::Classification { classes: 2 };

    fn data(x: Vec<f32>, y: Vec<f32>, task: Task) -> Dataset {
        Dataset { features: vec!["x1".into(), "x2".into()], x, y, task }
    }

    fn svg(
        grid: Option<&DecisionGrid>,
        train: &Dataset,
        test: &Dataset,
        task: Task,
        size: (u32, u32),
    ) -> Result<String> {
        let mut s = String::new();
        {
            let area = SVGBackend::with_string(&mut s, size).into_drawing_area();
            draw_decision_map(&area, grid, train, test, task, &Theme::light())?;
            area.present()?;
        }
        Ok(s)
    }

    #[test]
    fn empty_inputs_draw_axes_only() {
        let empty = data(vec![], vec![], C2);
        let out = svg(None, &empty, &empty, C2, (300, 300)).unwrap();
        assert_eq!(out.matches("<circle").count(), 0);
        for text in ["x1", "x2", "-6", "6"] {
            assert!(out.contains(&format!("\n{text}\n</text>")), "no {text:?} in {out}");
        }
        // A dataset with no rows and no features is fine too.
        let bare = Dataset { features: vec![], x: vec![], y: vec![], task: C2 };
        assert!(svg(None, &bare, &bare, C2, (300, 300)).is_ok());
        // An empty grid (resolution 0) draws no cells and does not panic.
        let g = DecisionGrid { resolution: 0, x_range: (-6.0, 6.0), y_range: (-6.0, 6.0), values: vec![], confidence: vec![] };
        assert!(svg(Some(&g), &empty, &empty, C2, (300, 300)).is_ok());
    }

    #[test]
    fn points_get_two_circles_each_and_class_colours() {
        let theme = Theme::light();
        let train = data(vec![-3.0, -3.0, 3.0, 3.0], vec![0.0, 1.0], C2);
        let test = data(vec![1.0, -2.0, f32::NAN, 0.0, 50.0, 0.0], vec![1.0, 0.0, 1.0], C2);
        let out = svg(None, &train, &test, C2, (300, 300)).unwrap();
        // Two train and one test point survive (NaN and out-of-range ones are dropped).
        assert_eq!(out.matches("<circle").count(), 6, "{out}");
        assert!(out.contains(&hex(theme.negative)) && out.contains(&hex(theme.positive)));
        assert!(out.contains(&format!("stroke=\"{}\"", hex(theme.test_outline))));
    }

    #[test]
    fn regression_values_use_the_same_scale() {
        let theme = Theme::light();
        let train = data(vec![0.0, 0.0, 1.0, 1.0, 2.0, 2.0], vec![-1.0, 0.0, 1.0], Task::Regression);
        let out = svg(None, &train, &train, Task::Regression, (300, 300)).unwrap();
        for c in [theme.negative, theme.neutral, theme.positive] {
            assert!(out.contains(&format!("fill=\"{}\"", hex(c))), "no {} in {out}", hex(c));
        }
    }

    #[test]
    fn malformed_inputs_are_errors_not_panics() {
        let empty = data(vec![], vec![], C2);
        let short =
            DecisionGrid { resolution: 3, x_range: (-6.0, 6.0), y_range: (-6.0, 6.0), values: vec![0.5; 8], confidence: vec![] };
        assert!(matches!(svg(Some(&short), &empty, &empty, C2, (200, 200)), Err(Error::Plot(_))));
        let flat =
            DecisionGrid { resolution: 1, x_range: (1.0, 1.0), y_range: (-6.0, 6.0), values: vec![0.5], confidence: vec![] };
        assert!(matches!(svg(Some(&flat), &empty, &empty, C2, (200, 200)), Err(Error::Plot(_))));
        let one_feature = Dataset { features: vec!["a".into()], x: vec![1.0], y: vec![0.0], task: C2 };
        assert!(matches!(svg(None, &one_feature, &empty, C2, (200, 200)), Err(Error::Plot(_))));
    }

    #[test]
    fn tiny_area_does_not_panic() {
        let g = DecisionGrid {
            resolution: 2,
            x_range: (-6.0, 6.0),
            y_range: (-6.0, 6.0),
            values: vec![0.0, 1.0, f32::NAN, 0.5],
            confidence: vec![],
        };
        let pts = data(vec![0.0, 0.0], vec![1.0], C2);
        assert!(svg(Some(&g), &pts, &pts, C2, (6, 6)).is_ok());
    }

    #[test]
    fn full_size_map_is_one_rect_per_cell() {
        let n = 50;
        let g = DecisionGrid {
            resolution: n,
            x_range: (-6.0, 6.0),
            y_range: (-6.0, 6.0),
            values: (0..n * n).map(|k| (k % n) as f32 / (n - 1) as f32).collect(),
            confidence: vec![],
        };
        let xy: Vec<f32> = (0..800).map(|k| ((k * 37) % 120) as f32 / 10.0 - 6.0).collect();
        let pts = data(xy, (0..400).map(|k| (k % 2) as f32).collect(), C2);
        let start = std::time::Instant::now();
        let out = svg(Some(&g), &pts, &data(vec![], vec![], C2), C2, (400, 400)).unwrap();
        eprintln!("50×50 grid + 400 points to SVG: {:?}", start.elapsed());
        // The background plus one rect per cell, and two circles per point.
        assert_eq!(out.matches("<rect").count(), 1 + n * n);
        assert_eq!(out.matches("<circle").count(), 800);
    }

    #[test]
    fn heat_rgba_is_top_row_first_in_cell_colours() {
        // 2×2 grid: bottom row (x2 low) = [0, 1], top row = [1, 0].
        let g = DecisionGrid { resolution: 2, x_range: (-1.0, 1.0), y_range: (-1.0, 1.0), values: vec![0.0, 1.0, 1.0, 0.0], confidence: vec![] };
        let t = Theme::default();
        let px = heat_map_rgba(&g, C2, &t).unwrap();
        assert_eq!(px.len(), 16);
        let (neg, pos) = (t.heat(0.0), t.heat(1.0));
        assert_eq!(&px[0..4], &[pos.0, pos.1, pos.2, 255]); // top-left = value 1
        assert_eq!(&px[4..8], &[neg.0, neg.1, neg.2, 255]);
        assert_eq!(&px[8..12], &[neg.0, neg.1, neg.2, 255]); // bottom-left = value 0
        let bad = DecisionGrid { values: vec![0.0], ..g };
        assert!(heat_map_rgba(&bad, C2, &t).is_err());
    }

    #[test]
    fn overlay_leaves_the_plot_transparent_and_reports_its_rect() {
        let mut s = String::new();
        let d = data(vec![1.0, 1.0, -2.0, 3.0], vec![1.0, 0.0], C2);
        let rect = {
            let area = SVGBackend::with_string(&mut s, (300, 300)).into_drawing_area();
            draw_decision_overlay(&area, &d, &d, C2, &Theme::default()).unwrap()
        };
        assert!(rect.left > 20 && rect.top >= 0 && rect.right <= 300 && rect.bottom < 300, "{rect:?}");
        assert!(rect.right - rect.left > 200 && rect.bottom - rect.top > 200, "{rect:?}");
        // No background fill: no full-size rect; points still drawn (2 circles each, 2 sets).
        assert_eq!(s.matches("<rect").count(), 0, "overlay must paint no background: {s}");
        assert_eq!(s.matches("<circle").count(), 8);
    }
}
