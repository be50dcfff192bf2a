//! Layout helpers of the decision map: axes and ticks, the legend's entries and corner.

use super::{class_colour, MapSpec};
use crate::error::Result;
use crate::text::ellipsis;
use crate::train::DecisionGrid;
use crate::viz::frame::{Axis, Corner, LegendBox, Swatch};
use crate::viz::{Theme, OKABE_ITO};
use plotters::prelude::Color;

/// Longest class name shown in the legend, in characters (longer ones end in "…").
const LEGEND_CHARS: usize = 16;
/// Most tick labels per axis.
const MAX_TICKS: usize = 7;

/// The axes: the spec's ranges (made finite and increasing), widened to cover the grid's.
pub(super) fn axes(spec: &MapSpec<'_>, grid: Option<&DecisionGrid>) -> (Axis, Axis) {
    let (mut x, mut y) =
        (Axis::linear(spec.x_range.0, spec.x_range.1, ""), Axis::linear(spec.y_range.0, spec.y_range.1, ""));
    if let Some(g) = grid {
        x = Axis::linear(x.lo.min(g.x_range.0), x.hi.max(g.x_range.1), "");
        y = Axis::linear(y.lo.min(g.y_range.0), y.hi.max(g.y_range.1), "");
    }
    (x, y)
}

/// The most ticks (at most [`MAX_TICKS`], at least two) whose labels, each `room(label)`
/// pixels long, fit along `length` pixels.
pub(super) fn fitting_ticks(axis: &Axis, room: impl Fn(&str) -> Result<f64>, length: f64) -> Result<Vec<f64>> {
    let mut target = MAX_TICKS;
    loop {
        let ticks = axis.ticks(target);
        let mut needed = 0.0;
        for t in &ticks {
            needed += room(&axis.label(*t, &ticks))?;
        }
        if needed <= length || target <= 2 {
            return Ok(ticks);
        }
        target -= 1;
    }
}

/// The legend of a many-class map: a swatch and name per class (the first eight; the others,
/// all grey, as one "other" entry).
pub(super) fn legend_entries(spec: &MapSpec<'_>, classes: usize, theme: &Theme) -> Vec<(String, Swatch)> {
    let shown = classes.min(OKABE_ITO.len());
    let mut entries: Vec<(String, Swatch)> = (0..shown)
        .map(|k| {
            (ellipsis(&spec.class_name(k), LEGEND_CHARS), Swatch::Fill(class_colour(k, theme).to_rgba(), theme.axis))
        })
        .collect();
    let rest = classes - shown;
    if rest > 0 {
        let what = if rest == 1 { "class" } else { "classes" };
        entries.push((format!("other ({rest} {what})"), Swatch::Fill(theme.axis.to_rgba(), theme.axis)));
    }
    entries
}

/// The corner whose legend box (`(corner, left, top, right, bottom)`, as from `legend_boxes`)
/// covers the fewest of the points (pixels, `radius` around each); ties go to the earlier box.
pub(super) fn emptiest_corner(boxes: &[LegendBox], points: &[(i32, i32)], radius: i32) -> Corner {
    let covered = |&(_, l, t, r, b): &LegendBox| {
        points
            .iter()
            .filter(|&&(x, y)| x + radius >= l && x - radius <= r && y + radius >= t && y - radius <= b)
            .count()
    };
    boxes.iter().min_by_key(|b| covered(b)).map_or(Corner::TopRight, |b| b.0)
}
