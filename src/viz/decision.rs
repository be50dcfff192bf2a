//! The decision map: what the model predicts everywhere on a plane of two features, as a heat
//! map, with the data points on top so the learner sees where the model is right and where it
//! is not.
//!
//! The plane is either generated 2-D data or any two chosen features of a table (the other
//! features held at their training mean, see [`crate::train::Trainer::plane_grid`]); a
//! [`MapSpec`] says which: the axis ranges and names, the task, the class names and the
//! [`MapStyle`]. Colours are in `colour` ([`cell_colour`], [`class_colour`]), the text
//! alternative in `describe` ([`describe_decision_map`]).

mod colour;
mod describe;
mod layout;
#[cfg(test)]
mod tests;

pub use colour::{
    cell_colour, class_colour, confidence_strength, heat_map_rgba, heat_map_rgba_styled, point_colour, MapStyle,
    LOW_CONFIDENCE_WASH,
};
pub use describe::describe_decision_map;

use super::frame::{draw_legend, fit_text, legend_boxes, Ticked};
use super::Theme;
use crate::data::{Dataset, Task};
use crate::error::{Error, Result};
use crate::train::{DecisionGrid, PlaneView};
use colour::{confidence_at, many_classes};
use layout::{axes, emptiest_corner, fitting_ticks, legend_entries};
use plotters::chart::ChartContext;
use plotters::coord::Shift;
use plotters::prelude::{Cartesian2d, ChartBuilder, Circle, Color, DrawingArea, DrawingBackend, RGBColor, Rectangle};
use plotters::style::TRANSPARENT;

type Chart<'a, DB> = ChartContext<'a, DB, Cartesian2d<Ticked, Ticked>>;

/// What a decision map shows: the plane's axes, the task and how to draw it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MapSpec<'a> {
    /// How to read grid values and targets (the datasets' own `task` is not consulted).
    pub task: Task,
    /// Horizontal range: the grid's `x_range` / the plane's.
    pub x_range: (f64, f64),
    /// Vertical range.
    pub y_range: (f64, f64),
    /// Horizontal axis title: the first feature's name (shortened to fit).
    pub x_name: &'a str,
    /// Vertical axis title.
    pub y_name: &'a str,
    /// Class names, by index (missing ones are shown as the index).
    pub class_names: &'a [String],
    /// Graded or discretised heat map.
    pub style: MapStyle,
    /// How many other features are held at their training mean (for the text alternative).
    pub other_features: usize,
}

impl<'a> MapSpec<'a> {
    /// A continuous map of `task` over the given ranges, axes titled `x1` and `x2`, classes
    /// named by index.
    pub fn new(task: Task, x_range: (f64, f64), y_range: (f64, f64)) -> Self {
        MapSpec {
            task,
            x_range,
            y_range,
            x_name: "x1",
            y_name: "x2",
            class_names: &[],
            style: MapStyle::Continuous,
            other_features: 0,
        }
    }

    /// The map of a [`PlaneView`]: its ranges, feature names and task.
    pub fn for_view(view: &'a PlaneView) -> Self {
        let name = |k: usize, feature: usize, fallback: &'static str| {
            view.train.features.get(k).or_else(|| view.features.get(feature)).map_or(fallback, String::as_str)
        };
        MapSpec {
            x_name: name(0, view.plane.x, "x1"),
            y_name: name(1, view.plane.y, "x2"),
            other_features: view.features.len().saturating_sub(2),
            ..MapSpec::new(view.train.task, view.x_range, view.y_range)
        }
    }

    /// With these axis titles.
    pub fn names(self, x_name: &'a str, y_name: &'a str) -> Self {
        MapSpec { x_name, y_name, ..self }
    }

    /// With these class names.
    pub fn classes(self, class_names: &'a [String]) -> Self {
        MapSpec { class_names, ..self }
    }

    /// In this style.
    pub fn style(self, style: MapStyle) -> Self {
        MapSpec { style, ..self }
    }

    /// The name of class `k`: its given name, else its index.
    pub fn class_name(&self, k: usize) -> String {
        self.class_names.get(k).filter(|n| !n.trim().is_empty()).cloned().unwrap_or_else(|| k.to_string())
    }
}

/// Draws the model's output over the plane with the train and test points on top, filling
/// `area`.
///
/// - The heat map has one filled rectangle per grid cell (not one per pixel, so a 50×50 grid
///   redraws at canvas frame rates), coloured by [`cell_colour`]: for two classes the
///   probability of class 1 on the diverging scale (0 → orange, 0.5 → light, 1 → blue), for
///   regression the predicted value (−1 → orange, 0 → light, +1 → blue), for more classes the
///   predicted class's colour, faded towards the background where the model is unsure. In
///   [`MapStyle::Discrete`] cells take their class's solid colour (regression: five bands).
///   Non-finite cells are drawn neutral.
/// - Points are filled circles coloured by their class or target with the same colours
///   (unwashed, so they stand out); training points have a light outline, test points a dark
///   one. Points outside the axes are not drawn.
/// - Axes cover `spec.x_range` × `spec.y_range` (widened to the grid's ranges should those be
///   larger), titled with the feature names, with "nice" ticks inside the ranges.
/// - With more than two classes a small legend of the classes sits in the plotting area's
///   corner with the fewest points.
///
/// With `grid: None` (no model yet) the plotting area is plain neutral with grid lines, and
/// only the points (and legend) are drawn.
///
/// # Errors
/// [`Error::Plot`] if the grid's `values` do not hold `resolution²` entries or its ranges are not
/// finite, if a non-empty dataset has fewer than two features, or if the backend fails.
pub fn draw_decision_map<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    grid: Option<&DecisionGrid>,
    train: &Dataset,
    test: &Dataset,
    spec: &MapSpec<'_>,
    theme: &Theme,
) -> Result<()> {
    draw_map(area, Heat::Cells(grid), train, test, spec, theme).map(|_| ())
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

/// Draws the decision map's frame (axes, labels, legend) and the points over a *transparent*
/// plotting area, and returns where that area is, so the caller can show the heat map
/// underneath as a separate, cheaply updated layer (see [`heat_map_rgba_styled`]; the layer's
/// grid must span `spec`'s ranges).
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
    spec: &MapSpec<'_>,
    theme: &Theme,
) -> Result<PlotRect> {
    draw_map(area, Heat::External, train, test, spec, theme)
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
    spec: &MapSpec<'_>,
    theme: &Theme,
) -> Result<PlotRect> {
    let (grid, external) = match heat {
        Heat::Cells(g) => (g, false),
        Heat::External => (None, true),
    };
    if let Some(g) = grid {
        check_grid(g)?;
    }
    let train_points = plane_points(train, spec.task, "training", theme)?;
    let test_points = plane_points(test, spec.task, "test", theme)?;
    let (x_axis, y_axis) = axes(spec, grid);

    if !external {
        area.fill(&theme.background)?;
    }
    let size = theme.font_size;
    let style = theme.text_style(size);
    let (w, h) = area.dim_in_pixel();
    let margin = size * 0.75;
    let x_area = size * 3.0;
    let plot_h = f64::from(h) - 2.0 * margin - x_area;
    let y_ticks = fitting_ticks(&y_axis, |_| Ok(size * 1.8), plot_h)?;
    let mut y_label_w: f64 = 0.0;
    for t in &y_ticks {
        y_label_w = y_label_w.max(area.estimate_text_size(&y_axis.label(*t, &y_ticks), &style)?.0 as f64);
    }
    let y_area = (size * 3.5).max(y_label_w + size * 2.2);
    let plot_w = f64::from(w) - 2.0 * margin - y_area;
    let x_label_w = |label: &str| Ok(area.estimate_text_size(label, &style)?.0 as f64 + size);
    let x_ticks = fitting_ticks(&x_axis, x_label_w, plot_w)?;
    // Room on the right for half the last tick label, which is centred on the plot's edge.
    let last_w = match x_ticks.last() {
        Some(t) => area.estimate_text_size(&x_axis.label(*t, &x_ticks), &style)?.0 as f64,
        None => 0.0,
    };
    let margin_right = margin.max(last_w / 2.0 + 2.0);
    let plot_w = plot_w - (margin_right - margin);
    let x_title = fit_text(area, spec.x_name, &style, plot_w as i32)?;
    let y_title = fit_text(area, spec.y_name, &style, plot_h as i32)?;

    let mut chart = ChartBuilder::on(area)
        .margin(margin)
        .margin_right(margin_right)
        .x_label_area_size(x_area)
        .y_label_area_size(y_area)
        .build_cartesian_2d(
            Ticked::new(x_axis.lo, x_axis.hi, x_ticks.clone()),
            Ticked::new(y_axis.lo, y_axis.hi, y_ticks.clone()),
        )?;
    if grid.is_none() && !external {
        chart.plotting_area().fill(&theme.empty_plot)?;
    }
    let x_format = |v: &f64| x_axis.label(*v, &x_ticks);
    let y_format = |v: &f64| y_axis.label(*v, &y_ticks);
    // Over an external heat layer, grid lines would sit on top of the map: leave them out.
    let grid_lines = if external { TRANSPARENT } else { theme.grid.to_rgba() };
    chart
        .configure_mesh()
        .x_desc(x_title)
        .y_desc(y_title)
        .x_label_formatter(&x_format)
        .y_label_formatter(&y_format)
        .label_style(style.clone())
        .axis_desc_style(style)
        .axis_style(theme.axis)
        .bold_line_style(grid_lines)
        .light_line_style(TRANSPARENT)
        .draw()?;

    if let Some(g) = grid {
        draw_heat_map(&mut chart, g, spec, theme)?;
    }
    let inside = |&(x, y, _): &(f64, f64, RGBColor)| {
        (x_axis.lo..=x_axis.hi).contains(&x) && (y_axis.lo..=y_axis.hi).contains(&y)
    };
    let train_points: Vec<_> = train_points.into_iter().filter(inside).collect();
    let test_points: Vec<_> = test_points.into_iter().filter(inside).collect();
    draw_points(&mut chart, &train_points, theme.train_outline, theme.point_radius)?;
    draw_points(&mut chart, &test_points, theme.test_outline, theme.point_radius)?;

    let (xs, ys) = chart.plotting_area().get_pixel_range();
    let rect = PlotRect { left: xs.start, top: ys.start, right: xs.end, bottom: ys.end };
    if let Some(k) = many_classes(spec.task) {
        let plot = chart.plotting_area().strip_coord_spec();
        let small = Theme { font_size: (theme.font_size * 0.85).round(), ..theme.clone() };
        let entries = legend_entries(spec, k, theme);
        let boxes = legend_boxes(&plot, &entries, &small)?;
        let r = theme.point_radius as i32;
        let pixels: Vec<(i32, i32)> = train_points
            .iter()
            .chain(&test_points)
            .map(|&(x, y, _)| chart.backend_coord(&(x, y)))
            .map(|(x, y)| (x - rect.left, y - rect.top))
            .collect();
        draw_legend(&plot, &entries, emptiest_corner(&boxes, &pixels, r), &small)?;
    }
    Ok(rect)
}

/// One filled rectangle per cell, cell `(i, j)` spanning its share of the grid's ranges.
fn draw_heat_map<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    g: &DecisionGrid,
    spec: &MapSpec<'_>,
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
        let c = cell_colour(v, confidence_at(g, k), spec.task, spec.style, theme);
        Rectangle::new([(x0, y0), (x1, y1)], c.filled())
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
    chart.draw_series(points.iter().map(|&(x, y, _)| Circle::new((x, y), radius, outline.stroke_width(1))))?;
    Ok(())
}

/// The finite `(x1, x2)` points of `data` (its first two columns), each with its colour
/// ([`point_colour`]).
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
        .filter_map(|(row, &y)| Some((f64::from(row[0]), f64::from(row[1]), point_colour(y, task, theme)?)))
        .filter(|(x1, x2, _)| x1.is_finite() && x2.is_finite())
        .collect();
    Ok(points)
}

/// Rejects grids whose shape or ranges would make the map meaningless.
pub(crate) fn check_grid(g: &DecisionGrid) -> Result<()> {
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
