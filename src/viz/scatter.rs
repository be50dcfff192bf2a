//! A scatter plot of any two columns of a loaded table, coloured by a third (usually the
//! target), for the data view: how the classes separate, or how a measured target varies.
//!
//! - Numeric axes run over the drawn values' range (5 % padding each side), with "nice" ticks.
//! - A text axis places its categories at integer positions `0, 1, …` (in order of first
//!   appearance), each point shifted by a small deterministic jitter (at most ±0.25, from the
//!   row number) so that points of one category do not all sit on one spot; ticks are labelled
//!   with the category names (thinned out when there are too many to fit).
//! - Rows missing either coordinate are skipped. At most [`MAX_POINTS`] points are drawn: from a
//!   larger table an evenly strided, deterministic subsample, said in a caption above the plot
//!   ("showing 5,000 of 100,000 points").
//! - Colour: a categorical column (text, or whole numbers with at most 10 distinct values, as
//!   [`infer_task`] decides) gives one colour per class from the Okabe–Ito palette
//!   ([`OKABE_ITO`]), with a legend of the classes above the plot (classes beyond the eighth
//!   share a grey "other" entry); a measured column gives the theme's diverging scale from its
//!   smallest to its largest value, with a colour bar between the two numbers, and each point is
//!   ringed so that the pale middle of the scale shows on the white background; without a
//!   colour column every point is [`Theme::positive`]. Points whose colour value is missing
//!   are small crosses in the text colour, listed as "missing" (told apart by shape: the pale
//!   middle of the diverging scale is grey too).
//!
//! Legend swatches are squares (and a cross), so every `<circle>` of an SVG drawing is a
//! point's: one filled circle per point with a colour, plus a ring around it with a measured
//! colour column; a point without a colour value is two `<line>`s.

use super::frame::{nice_ticks, Ticked};
use super::{compact_number, lerp_color, Theme};
use crate::data::prepare::{infer_task, TaskChoice};
use crate::data::table::{Column, ColumnData};
use crate::error::Result;
use crate::text::thousands;
use plotters::coord::Shift;
use plotters::element::Text;
use plotters::prelude::{
    ChartBuilder, Circle, Color, Cross, DrawingArea, DrawingBackend, RGBColor, Rectangle, TRANSPARENT,
};
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Most points drawn; larger tables are subsampled.
pub const MAX_POINTS: usize = 5_000;

/// The Okabe–Ito qualitative palette, told apart under the common colour-vision deficiencies:
/// orange, sky blue, bluish green, vermillion, blue, reddish purple, yellow, black (yellow and
/// black last: yellow is faint on white, and black reads as "text").
pub const OKABE_ITO: [RGBColor; 8] = [
    RGBColor(0xE6, 0x9F, 0x00),
    RGBColor(0x56, 0xB4, 0xE9),
    RGBColor(0x00, 0x9E, 0x73),
    RGBColor(0xD5, 0x5E, 0x00),
    RGBColor(0x00, 0x72, 0xB2),
    RGBColor(0xCC, 0x79, 0xA7),
    RGBColor(0xF0, 0xE4, 0x42),
    RGBColor(0x00, 0x00, 0x00),
];

/// Largest jitter of a point on a text axis, in category widths, either side.
const JITTER: f64 = 0.25;
/// Longest category or column name drawn, in characters (longer ones end in "…").
const LABEL_CHARS: usize = 14;
/// Opacity of the points, so that dense regions look denser.
const POINT_ALPHA: f64 = 0.8;
/// Width of the colour bar of a measured colour column, in pixels.
const BAR_WIDTH: i32 = 64;

/// How many rows a scatter of two columns has, draws and shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ScatterCounts {
    /// Rows of the columns (the shorter one, should they differ).
    pub rows: usize,
    /// Rows with both coordinates present.
    pub complete: usize,
    /// Points drawn: `complete`, or [`MAX_POINTS`] when there are more.
    pub shown: usize,
}

impl ScatterCounts {
    /// Counts the rows of `x` and `y`.
    pub fn of(x: &Column, y: &Column) -> Self {
        let (xa, ya) = (AxisData::of(x, 1), AxisData::of(y, 2));
        let rows = x.len().min(y.len());
        let complete = (0..rows).filter(|&r| xa.position(r).is_some() && ya.position(r).is_some()).count();
        Self { rows, complete, shown: complete.min(MAX_POINTS) }
    }

    /// What the chart leaves out, in words, or `None` when every row is drawn:
    /// `"showing 5,000 of 100,000 points; 12 rows with x or y missing not drawn"`.
    pub fn caption(&self) -> Option<String> {
        let mut parts = Vec::new();
        if self.shown < self.complete {
            parts.push(format!("showing {} of {} points", thousands(self.shown), thousands(self.complete)));
        }
        let skipped = self.rows - self.complete;
        if skipped > 0 {
            let rows = if skipped == 1 { "row" } else { "rows" };
            parts.push(format!("{} {rows} with x or y missing not drawn", thousands(skipped)));
        }
        (!parts.is_empty()).then(|| parts.join("; "))
    }
}

/// The chart's accessible name: the columns on each axis, the colouring and the counts.
///
/// `"Scatter plot of petal_width (vertical) against petal_length (horizontal), coloured by
/// species: 150 points"`; with missing cells `"…: 342 points; 2 rows with x or y missing not
/// drawn"`; with a large table `"…: showing 5,000 of 100,000 points"`.
pub fn describe_scatter(x: &Column, y: &Column, colour_by: Option<&Column>) -> String {
    let counts = ScatterCounts::of(x, y);
    let coloured = colour_by.map_or(String::new(), |c| format!(", coloured by {}", c.name));
    let caption = counts.caption();
    let what = match caption {
        Some(c) if counts.shown < counts.complete => c,
        _ => {
            let points = format!("{} {}", thousands(counts.shown), if counts.shown == 1 { "point" } else { "points" });
            caption.map_or(points.clone(), |c| format!("{points}; {c}"))
        }
    };
    format!("Scatter plot of {} (vertical) against {} (horizontal){coloured}: {what}", y.name, x.name)
}

/// The rows a scatter of `x` against `y` draws, in order: every row with both coordinates, or,
/// with more than [`MAX_POINTS`] of them, one from each of `MAX_POINTS` equal strides of them:
/// the `k`-th drawn is a complete row from positions `⌊k·n/MAX⌋ .. ⌊(k+1)·n/MAX⌋`, at an
/// offset fixed by `k` (a hash, not the stride's first row, so that a table whose rows repeat
/// with a period dividing the stride — classes interleaved a, b, c, a, b, c … — is not
/// sampled as one class only). Deterministic: the same columns give the same rows.
pub fn scatter_rows(x: &Column, y: &Column) -> Vec<usize> {
    let (xa, ya) = (AxisData::of(x, 1), AxisData::of(y, 2));
    let complete: Vec<usize> =
        (0..x.len().min(y.len())).filter(|&r| xa.position(r).is_some() && ya.position(r).is_some()).collect();
    subsample(complete, MAX_POINTS)
}

fn subsample(rows: Vec<usize>, max: usize) -> Vec<usize> {
    let n = rows.len();
    if n <= max {
        return rows;
    }
    (0..max)
        .map(|k| {
            let (lo, hi) = (k * n / max, (k + 1) * n / max);
            // hi > lo because n > max; the offset is in [0, hi − lo).
            let offset = (splitmix(k as u64 ^ 0x5EED) % (hi - lo) as u64) as usize;
            rows[lo + offset]
        })
        .collect()
}

/// Draws `y` against `x`, coloured by `colour_by`, filling `area` (see the module
/// documentation). The axes are titled with the column names. Empty or all-missing columns
/// draw empty axes and say "no rows with both values".
///
/// # Errors
/// [`crate::Error::Plot`] if the backend fails.
pub fn draw_scatter<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    x: &Column,
    y: &Column,
    colour_by: Option<&Column>,
    theme: &Theme,
) -> Result<()> {
    area.fill(&theme.background)?;
    let (xa, ya) = (AxisData::of(x, 1), AxisData::of(y, 2));
    let rows = scatter_rows(x, y);
    let counts = ScatterCounts::of(x, y);
    let colouring = Colouring::of(colour_by, theme);
    let points: Vec<Point> =
        rows.iter().filter_map(|&r| Some((xa.position(r)?, ya.position(r)?, colouring.colour(r, theme)))).collect();
    let missing_colour = points.iter().any(|p| p.2.is_none());

    let size = theme.font_size;
    let (width, height) = area.dim_in_pixel();
    let pad = (size * 0.5).round() as i32;

    // Header: legend rows, then the caption.
    let legend = colouring.legend(missing_colour, theme);
    let header = layout_header(area, &legend, counts.caption(), width as i32 - 2 * pad, theme)?;
    let header_h = header.height.min(height as i32 / 2);
    draw_header(area, &header, pad, theme)?;

    // Axes.
    let x_range = xa.range(&points, |p| p.0);
    let y_range = ya.range(&points, |p| p.1);
    let label_style = theme.text_style(size);
    let y_ticks = ya.ticks(y_range, (height as i32 / (size as i32 * 3)).clamp(2, 8) as usize);
    let mut y_label_w = 0;
    for t in &y_ticks {
        y_label_w = y_label_w.max(area.estimate_text_size(&ya.label(*t), &label_style)?.0 as i32);
    }
    let y_area = y_label_w + (size * 2.2) as i32;
    let plot_w = width as i32 - y_area - 2 * pad;
    let mut x_label_w = 0;
    if let AxisData::Text { levels, .. } = &xa {
        // Labels are cut to LABEL_CHARS, so a sample of them gives the width (an identifier
        // column may have a level per row).
        for l in levels.iter().take(200) {
            x_label_w = x_label_w.max(area.estimate_text_size(&short(l), &label_style)?.0 as i32);
        }
    }
    let x_slots = match xa {
        AxisData::Text { .. } => (plot_w / (x_label_w + 8).max(1)).max(1) as usize,
        _ => (plot_w / (size as i32 * 4)).clamp(2, 8) as usize,
    };
    let x_ticks = xa.ticks(x_range, x_slots);

    let mut chart = ChartBuilder::on(area)
        .margin(pad)
        .margin_top(pad + header_h)
        .x_label_area_size(size * 3.0)
        .y_label_area_size(y_area)
        .build_cartesian_2d(Ticked::new(x_range.0, x_range.1, x_ticks), Ticked::new(y_range.0, y_range.1, y_ticks))?;
    let x_format = |v: &f64| xa.label(*v);
    let y_format = |v: &f64| ya.label(*v);
    chart
        .configure_mesh()
        .x_desc(short_name(&x.name))
        .y_desc(short_name(&y.name))
        .x_label_formatter(&x_format)
        .y_label_formatter(&y_format)
        .label_style(label_style.clone())
        .axis_desc_style(theme.text_style(size))
        .axis_style(theme.axis)
        .bold_line_style(theme.grid)
        .light_line_style(TRANSPARENT)
        .draw()?;

    if points.is_empty() {
        let plot = chart.plotting_area().strip_coord_spec();
        let (w, h) = plot.dim_in_pixel();
        let style = theme.text_style(size).pos(Pos::new(HPos::Center, VPos::Center));
        plot.draw(&Text::new("no rows with both values", (w as i32 / 2, h as i32 / 2), style))?;
        return Ok(());
    }
    let radius = if points.len() > 1_000 { 2 } else { 3 };
    let filled =
        points.iter().filter_map(|&(px, py, c)| Some(Circle::new((px, py), radius, c?.mix(POINT_ALPHA).filled())));
    chart.draw_series(filled)?;
    if let Colouring::Scale { .. } = colouring {
        let rings = points
            .iter()
            .filter_map(|&(px, py, c)| Some(Circle::new((px, py), radius, ring(c?, theme).stroke_width(1))));
        chart.draw_series(rings)?;
    }
    let crosses = points.iter().filter(|p| p.2.is_none()).map(|&(px, py, _)| Cross::new((px, py), radius, theme.text));
    chart.draw_series(crosses)?;
    Ok(())
}

/// A point: its position on the two axes and its colour (`None`: the colour value is missing,
/// drawn as a small cross).
type Point = (f64, f64, Option<RGBColor>);

/// The ring around a point on the diverging scale: its colour darkened towards the text.
fn ring(c: RGBColor, theme: &Theme) -> RGBColor {
    lerp_color(c, theme.text, 0.4)
}

mod axes;
use axes::*;

// ---- Colours ----

/// How points are coloured.
enum Colouring<'a> {
    /// Every point alike.
    Single(RGBColor),
    /// One colour per class; `class_of(row)` is the class index, `None` when missing.
    Classes { name: &'a str, labels: Vec<String>, classes: Classes<'a> },
    /// The diverging scale from `min` to `max`.
    Scale { name: &'a str, values: &'a [f64], min: f64, max: f64 },
}

/// Where a row's class comes from.
enum Classes<'a> {
    /// Text codes: class = code.
    Codes(&'a [u32]),
    /// Whole numbers: class = index in the sorted distinct values.
    Values(&'a [f64], Vec<f64>),
}

/// One legend entry: a swatch (none for the title, a colour bar for a scale) and its text.
enum Swatch {
    None,
    Colour(RGBColor),
    /// A cross, for points without a colour value.
    Cross(RGBColor),
    Bar,
}

impl<'a> Colouring<'a> {
    fn of(column: Option<&'a Column>, theme: &Theme) -> Self {
        let Some(c) = column else { return Colouring::Single(theme.positive) };
        match &c.data {
            ColumnData::Text { codes, levels } => {
                Colouring::Classes { name: &c.name, labels: levels.clone(), classes: Classes::Codes(codes) }
            }
            ColumnData::Numeric { values } => {
                let finite = values.iter().copied().filter(|v| v.is_finite());
                let (min, max) = finite.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| (a.min(v), b.max(v)));
                if min <= max && infer_task(c, TaskChoice::Auto) == TaskChoice::Classification {
                    let mut distinct: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
                    distinct.sort_by(f64::total_cmp);
                    distinct.dedup();
                    let labels = distinct.iter().map(|&v| compact_number(v)).collect();
                    Colouring::Classes { name: &c.name, labels, classes: Classes::Values(values, distinct) }
                } else {
                    Colouring::Scale { name: &c.name, values, min, max }
                }
            }
        }
    }

    fn class_of(classes: &Classes<'_>, r: usize) -> Option<usize> {
        match classes {
            Classes::Codes(codes) => codes.get(r).map(|&c| c as usize),
            Classes::Values(values, distinct) => {
                let v = values.get(r).copied().filter(|v| v.is_finite())?;
                distinct.binary_search_by(|d| d.total_cmp(&v)).ok()
            }
        }
    }

    /// Row `r`'s colour; `None` when its colour value is missing.
    fn colour(&self, r: usize, theme: &Theme) -> Option<RGBColor> {
        match self {
            Colouring::Single(c) => Some(*c),
            Colouring::Classes { labels, classes, .. } => match Self::class_of(classes, r) {
                Some(c) if c < labels.len() => Some(OKABE_ITO.get(c).copied().unwrap_or(theme.axis)),
                _ => None,
            },
            Colouring::Scale { values, min, max, .. } => match values.get(r) {
                Some(v) if v.is_finite() => {
                    Some(theme.diverging(if max > min { (v - min) / (max - min) } else { 0.5 }))
                }
                _ => None,
            },
        }
    }

    /// The legend entries: title, then classes (or the colour bar), then "missing" if
    /// `missing` (some drawn point has no colour value).
    fn legend(&self, missing: bool, theme: &Theme) -> Vec<(Swatch, String)> {
        let mut entries = Vec::new();
        match self {
            Colouring::Single(_) => return entries,
            Colouring::Classes { name, labels, .. } => {
                entries.push((Swatch::None, format!("{}:", short_name(name))));
                for (i, l) in labels.iter().take(OKABE_ITO.len()).enumerate() {
                    entries.push((Swatch::Colour(OKABE_ITO[i]), short(l)));
                }
                let rest = labels.len().saturating_sub(OKABE_ITO.len());
                if rest > 0 {
                    let what = if rest == 1 { "class" } else { "classes" };
                    entries.push((Swatch::Colour(theme.axis), format!("other ({rest} {what})")));
                }
            }
            Colouring::Scale { name, min, max, .. } => {
                entries.push((Swatch::None, format!("{}:", short_name(name))));
                if min <= max {
                    entries.push((Swatch::None, compact_number(*min)));
                    entries.push((Swatch::Bar, compact_number(*max)));
                }
            }
        }
        if missing {
            entries.push((Swatch::Cross(theme.text), "missing".into()));
        }
        if entries.len() == 1 {
            // A title alone (a colour column without any values) says nothing.
            entries.clear();
        }
        entries
    }
}

// ---- Header: legend and caption ----

struct Header {
    /// Per legend entry: its swatch, text, position (x from the left pad, row) and text width.
    entries: Vec<(Swatch, String, i32, usize)>,
    /// The caption, on one line or, when too wide, split after its `;`.
    caption: Vec<String>,
    rows: usize,
    line: i32,
    height: i32,
}

/// Lays the legend entries out left to right, wrapping at `width` (at most 3 rows; entries
/// that do not fit are dropped), with the caption on a line of its own below (two if it is too
/// wide for one).
fn layout_header<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    legend: &[(Swatch, String)],
    caption: Option<String>,
    width: i32,
    theme: &Theme,
) -> Result<Header> {
    let size = theme.font_size;
    let line = (size * 1.35).round() as i32;
    let style = theme.text_style(size);
    let swatch = (size * 0.7).round() as i32;
    let gap = (size * 0.9).round() as i32;
    let (mut x, mut row) = (0, 0usize);
    let mut entries = Vec::new();
    let mut rows = 0;
    for (s, text) in legend {
        let text_w = area.estimate_text_size(text, &style)?.0 as i32;
        let w = match s {
            Swatch::None => 0,
            Swatch::Colour(_) | Swatch::Cross(_) => swatch + 4,
            Swatch::Bar => BAR_WIDTH + 4,
        } + text_w;
        if x > 0 && x + w > width {
            row += 1;
            x = 0;
        }
        if row >= 3 {
            break;
        }
        let kind = match s {
            Swatch::None => Swatch::None,
            Swatch::Colour(c) => Swatch::Colour(*c),
            Swatch::Cross(c) => Swatch::Cross(*c),
            Swatch::Bar => Swatch::Bar,
        };
        entries.push((kind, text.clone(), x, row));
        rows = row + 1;
        x += w + gap;
    }
    let caption = match caption {
        None => Vec::new(),
        Some(c) if area.estimate_text_size(&c, &style)?.0 as i32 <= width => vec![c],
        Some(c) => c.split("; ").map(str::to_string).collect(),
    };
    let lines = rows + caption.len();
    let height = if lines == 0 { 0 } else { lines as i32 * line + (size * 0.25) as i32 };
    Ok(Header { entries, caption, rows, line, height })
}

fn draw_header<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, h: &Header, pad: i32, theme: &Theme) -> Result<()> {
    let size = theme.font_size;
    let style = theme.text_style(size).pos(Pos::new(HPos::Left, VPos::Center));
    let swatch = (size * 0.7).round() as i32;
    let top = pad;
    for (s, text, x, row) in &h.entries {
        let x0 = pad + x;
        let y = top + *row as i32 * h.line + h.line / 2;
        let text_x = match s {
            Swatch::None => x0,
            Swatch::Colour(c) => {
                let half = swatch / 2;
                area.draw(&Rectangle::new([(x0, y - half), (x0 + swatch, y - half + swatch)], c.filled()))?;
                x0 + swatch + 4
            }
            Swatch::Cross(c) => {
                area.draw(&Cross::new((x0 + swatch / 2, y), swatch / 2 - 1, *c))?;
                x0 + swatch + 4
            }
            Swatch::Bar => {
                let (y0, y1) = (y - swatch / 2, y - swatch / 2 + swatch);
                let cells = BAR_WIDTH / 2;
                for k in 0..cells {
                    let t = f64::from(k) / f64::from(cells - 1);
                    let c = theme.diverging(t);
                    area.draw(&Rectangle::new([(x0 + 2 * k, y0), (x0 + 2 * k + 2, y1)], c.filled()))?;
                }
                area.draw(&Rectangle::new([(x0, y0), (x0 + BAR_WIDTH, y1)], theme.axis))?;
                x0 + BAR_WIDTH + 4
            }
        };
        area.draw(&Text::new(text.clone(), (text_x, y), style.clone()))?;
    }
    let muted = theme.text_style(size).color(&theme.axis).pos(Pos::new(HPos::Left, VPos::Center));
    for (k, text) in h.caption.iter().enumerate() {
        let y = top + (h.rows + k) as i32 * h.line + h.line / 2;
        area.draw(&Text::new(text.clone(), (pad, y), muted.clone()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests;
