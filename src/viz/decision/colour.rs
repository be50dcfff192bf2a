//! The colours of the decision map: heat-map cells from the model's output, points from their
//! targets, for each task and [`MapStyle`].
//!
//! - Two classes and regression keep the diverging orange ↔ blue scale of [`Theme::diverging`]
//!   (cells washed by [`Theme::heat`]).
//! - More than two classes use one categorical colour per class ([`class_colour`]: Okabe–Ito,
//!   as the data view's scatter plot colours classes), cells washed towards the background the
//!   more, the less sure the model is.

use super::super::{lerp_color, output_position, target_position, Theme, OKABE_ITO};
use crate::data::Task;
use crate::error::Result;
use crate::train::DecisionGrid;
use plotters::style::RGBColor;

/// How the heat map shows the model's output.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum MapStyle {
    /// Graded: the probability of class 1 on the diverging scale (two classes), the predicted
    /// class's colour faded by low confidence (more classes), the value (regression).
    #[default]
    Continuous,
    /// Discretised: each cell in the solid (washed) colour of the predicted class — class 1
    /// where p ≥ 0.5 for two classes, the predicted class without confidence shading for more.
    /// Regression is cut into five bands of the diverging scale centred on −1, −0.5, 0, 0.5
    /// and 1 (band edges at ±0.25 and ±0.75).
    Discrete,
}

/// How far a cell of a many-class map at the lowest possible confidence (1/k, every class
/// equally likely) goes from its washed class colour towards the background (0..=1).
pub const LOW_CONFIDENCE_WASH: f64 = 0.85;

/// The categorical colour of class `class` (more than two classes): Okabe–Ito colour `class`
/// for the first eight, [`Theme::axis`] grey for the rest (listed as "other" in the legend).
pub fn class_colour(class: usize, theme: &Theme) -> RGBColor {
    OKABE_ITO.get(class).copied().unwrap_or(theme.axis)
}

/// The number of classes when the map colours by class (more than two), else `None`.
pub(crate) fn many_classes(task: Task) -> Option<usize> {
    match task {
        Task::Classification { classes } if classes > 2 => Some(classes),
        _ => None,
    }
}

/// The class index a many-class grid value or target stands for (`None` when not a finite,
/// non-negative number).
pub(crate) fn class_index(value: f32) -> Option<usize> {
    (value.is_finite() && value > -0.5).then(|| value.round() as usize)
}

/// How much of the class colour a many-class cell keeps, in `[0, 1]`: 0 at confidence `1/k`
/// (or below), 1 at confidence 1; a missing or non-finite confidence counts as 1.
pub fn confidence_strength(confidence: Option<f32>, classes: usize) -> f64 {
    let c = confidence.filter(|c| c.is_finite()).map_or(1.0, f64::from);
    let floor = 1.0 / classes.max(2) as f64;
    ((c - floor) / (1.0 - floor)).clamp(0.0, 1.0)
}

/// The colour of one heat-map cell.
///
/// `value` is the grid's value (probability of class 1, the predicted class index for more than
/// two classes, or the regression value) and `confidence` the predicted class's probability
/// (more than two classes only; `None` counts as certain). Non-finite values get the washed
/// neutral colour (no information), as do class indices below zero.
pub fn cell_colour(value: f32, confidence: Option<f32>, task: Task, style: MapStyle, theme: &Theme) -> RGBColor {
    if !value.is_finite() {
        return theme.heat(f64::NAN);
    }
    if let Some(k) = many_classes(task) {
        let Some(class) = class_index(value) else { return theme.heat(f64::NAN) };
        let strength = match style {
            MapStyle::Continuous => confidence_strength(confidence, k),
            MapStyle::Discrete => 1.0,
        };
        let wash = theme.heat_wash + (1.0 - theme.heat_wash) * LOW_CONFIDENCE_WASH * (1.0 - strength);
        return lerp_color(class_colour(class, theme), theme.background, wash);
    }
    let t = output_position(task, value);
    match (style, task) {
        (MapStyle::Continuous, _) => theme.heat(t),
        (MapStyle::Discrete, Task::Classification { .. }) => theme.heat(if t >= 0.5 { 1.0 } else { 0.0 }),
        (MapStyle::Discrete, Task::Regression) => theme.heat(regression_band(t)),
    }
}

/// The band of the discretised regression view: the scale position `t` rounded to a quarter,
/// i.e. values rounded to the nearest of −1, −0.5, 0, 0.5, 1 (beyond ±1 clamped).
pub(crate) fn regression_band(t: f64) -> f64 {
    (t.clamp(0.0, 1.0) * 4.0).round() / 4.0
}

/// The colour of a data point with target `target` (unwashed): its class colour for more than
/// two classes, else its place on the diverging scale. `None` for a non-finite target.
pub fn point_colour(target: f32, task: Task, theme: &Theme) -> Option<RGBColor> {
    if !target.is_finite() {
        return None;
    }
    match many_classes(task) {
        Some(_) => class_index(target).map(|c| class_colour(c, theme)),
        None => Some(theme.diverging(target_position(task, target))),
    }
}

/// The confidence of cell `k` of a grid (`None` when the grid has none for it).
pub(crate) fn confidence_at(grid: &DecisionGrid, k: usize) -> Option<f32> {
    grid.confidence.get(k).copied()
}

/// The heat map as `resolution × resolution` RGBA pixels in `style`, top row first (highest
/// x2), in the colours the map's cells get (see [`cell_colour`]).
///
/// # Errors
/// [`crate::error::Error::Plot`] for a malformed grid.
pub fn heat_map_rgba_styled(grid: &DecisionGrid, task: Task, style: MapStyle, theme: &Theme) -> Result<Vec<u8>> {
    super::check_grid(grid)?;
    let n = grid.resolution;
    let mut out = Vec::with_capacity(n * n * 4);
    for row in (0..n).rev() {
        for k in row * n..(row + 1) * n {
            let c = cell_colour(grid.values[k], confidence_at(grid, k), task, style, theme);
            out.extend_from_slice(&[c.0, c.1, c.2, 255]);
        }
    }
    Ok(out)
}

/// [`heat_map_rgba_styled`] in the [`MapStyle::Continuous`] style. For more than two classes
/// `task` must say how many (`grid.values` then holds class indices, `grid.confidence` their
/// probabilities).
///
/// # Errors
/// [`crate::error::Error::Plot`] for a malformed grid.
pub fn heat_map_rgba(grid: &DecisionGrid, task: Task, theme: &Theme) -> Result<Vec<u8>> {
    heat_map_rgba_styled(grid, task, MapStyle::Continuous, theme)
}
