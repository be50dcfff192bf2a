//! Line styles that differ by dash and marker as well as colour, and the hand-drawn legend of
//! the evaluation charts. Text is measured through the backend only (see [`crate::viz`]).

use super::Theme;
use crate::error::Result;
use plotters::coord::{CoordTranslate, Shift};
use plotters::element::{DashedPathElement, EmptyElement, Text};
use plotters::prelude::{
    Circle, Color, Cross, DrawingArea, DrawingBackend, PathElement, Polygon, RGBAColor, RGBColor, Rectangle,
};
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// How a line is drawn besides its colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Dash {
    Solid,
    /// 6 pixels on, 4 off.
    Dashed,
    /// 2 on, 3 off.
    Dotted,
}

/// A marker shape, drawn at a few points along a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Marker {
    None,
    Circle,
    Square,
    Triangle,
    Diamond,
    Cross,
}

/// A line's look: colour, dash, marker.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct LineStyle {
    pub color: RGBColor,
    pub dash: Dash,
    pub marker: Marker,
}

/// The style of the `k`-th of several lines: Okabe–Ito colour `k`, and a dash and a marker that
/// also change with `k`, so lines are told apart without colour.
pub(crate) fn series_style(k: usize) -> LineStyle {
    const DASHES: [Dash; 3] = [Dash::Solid, Dash::Dashed, Dash::Dotted];
    const MARKERS: [Marker; 5] = [Marker::Circle, Marker::Square, Marker::Triangle, Marker::Diamond, Marker::Cross];
    // Palette order with yellow last but one: it is faint on white.
    const ORDER: [usize; 8] = [4, 3, 2, 5, 1, 0, 7, 6];
    LineStyle { color: super::OKABE_ITO[ORDER[k % 8]], dash: DASHES[k % 3], marker: MARKERS[k % 5] }
}

/// Draws a polyline through `points` (in the area's coordinates) in `style`'s colour and dash,
/// two pixels wide.
pub(crate) fn draw_line<DB: DrawingBackend, CT: CoordTranslate>(
    area: &DrawingArea<DB, CT>,
    points: Vec<CT::From>,
    color: RGBColor,
    dash: Dash,
    width: u32,
) -> Result<()>
where
    CT::From: Clone,
{
    let style = color.stroke_width(width);
    match dash {
        Dash::Solid => area.draw(&PathElement::new(points, style))?,
        Dash::Dashed => area.draw(&DashedPathElement::new(points, 6, 4, style))?,
        Dash::Dotted => area.draw(&DashedPathElement::new(points, 2, 3, style))?,
    }
    Ok(())
}

/// Draws `marker` centred at `at` (in the area's coordinates), `r` pixels in radius.
pub(crate) fn draw_marker<DB: DrawingBackend, CT: CoordTranslate>(
    area: &DrawingArea<DB, CT>,
    at: CT::From,
    marker: Marker,
    color: RGBColor,
    r: i32,
) -> Result<()> {
    let fill = color.filled();
    match marker {
        Marker::None => {}
        Marker::Circle => area.draw(&(EmptyElement::at(at) + Circle::new((0, 0), r, fill)))?,
        Marker::Square => area.draw(&(EmptyElement::at(at) + Rectangle::new([(-r, -r), (r, r)], fill)))?,
        Marker::Triangle => {
            area.draw(&(EmptyElement::at(at) + Polygon::new(vec![(0, -r - 1), (r + 1, r), (-r - 1, r)], fill)))?
        }
        Marker::Diamond => area.draw(
            &(EmptyElement::at(at) + Polygon::new(vec![(0, -r - 1), (r + 1, 0), (0, r + 1), (-r - 1, 0)], fill)),
        )?,
        Marker::Cross => area.draw(&(EmptyElement::at(at) + Cross::new((0, 0), r + 1, color.stroke_width(2))))?,
    }
    Ok(())
}

/// What a legend entry shows before its text.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Swatch {
    /// A 20-pixel line sample with the marker in its middle.
    Line(LineStyle),
    /// A box filled with the first colour and outlined in the second.
    Fill(RGBAColor, RGBColor),
}

/// Corner of the plotting area a legend sits in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Corner {
    TopRight,
    BottomRight,
    TopLeft,
    BottomLeft,
}

/// Draws a framed legend in `corner` of `area` (a plotting area, in pixels). When the entries
/// do not fit in 70 % of the area's height the font shrinks (to 75 % at least), and entries
/// that still do not fit are replaced by a last line "+k more".
pub(crate) fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    entries: &[(String, Swatch)],
    corner: Corner,
    theme: &Theme,
) -> Result<()> {
    if entries.is_empty() {
        return Ok(());
    }
    let (aw, ah) = area.dim_in_pixel();
    let (aw, ah) = (aw as i32, ah as i32);
    let room = (f64::from(ah) * 0.7).max(1.0);
    let mut size = theme.font_size;
    let rows_fitting = |size: f64| ((room - size * 0.5) / (size * 1.15)).floor().max(1.0) as usize;
    while rows_fitting(size) < entries.len() && size > theme.font_size * 0.75 {
        size -= 1.0;
    }
    let fit = rows_fitting(size);
    let mut lines: Vec<(String, Option<Swatch>)> = entries.iter().map(|(l, s)| (l.clone(), Some(*s))).collect();
    if lines.len() > fit {
        let keep = fit.saturating_sub(1);
        let more = lines.len() - keep;
        lines.truncate(keep);
        lines.push((format!("+{more} more"), None));
    }
    let style = theme.text_style(size).pos(Pos::new(HPos::Left, VPos::Center));
    let labels: Vec<&str> = lines.iter().map(|(l, _)| l.as_str()).collect();
    let (w, h) = frame_size(area, &labels, size, theme)?;
    let (pad, sample, row) = metrics(size);
    let (x0, y0) = corner_origin((aw, ah), (w, h), pad, corner);
    let frame = [(x0, y0), (x0 + w, y0 + h)];
    area.draw(&Rectangle::new(frame, theme.background.mix(0.85).filled()))?;
    area.draw(&Rectangle::new(frame, theme.grid))?;
    for (k, (label, swatch)) in lines.iter().enumerate() {
        let y = y0 + pad / 2 + row * k as i32 + row / 2;
        let (sx, ex) = (x0 + pad, x0 + pad + sample);
        match swatch {
            Some(Swatch::Line(ls)) => {
                draw_line(area, vec![(sx, y), (ex, y)], ls.color, ls.dash, 2)?;
                draw_marker(area, ((sx + ex) / 2, y), ls.marker, ls.color, 3)?;
            }
            Some(Swatch::Fill(fill, stroke)) => {
                let r = [(sx + 3, y - row / 3), (ex - 3, y + row / 3)];
                area.draw(&Rectangle::new(r, fill.filled()))?;
                area.draw(&Rectangle::new(r, stroke.stroke_width(1)))?;
            }
            None => {}
        }
        area.draw(&Text::new(label.clone(), (ex + pad, y), style.clone()))?;
    }
    Ok(())
}

/// Padding, swatch width and row height of a legend in font size `size`.
fn metrics(size: f64) -> (i32, i32, i32) {
    ((size * 0.4).round() as i32, 22, (size * 1.15).round() as i32)
}

/// Width and height of a legend frame holding `labels` in font size `size`.
fn frame_size<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    labels: &[&str],
    size: f64,
    theme: &Theme,
) -> Result<(i32, i32)> {
    let style = theme.text_style(size).pos(Pos::new(HPos::Left, VPos::Center));
    let mut text_w = 0;
    for label in labels {
        text_w = text_w.max(area.estimate_text_size(label, &style)?.0 as i32);
    }
    let (pad, sample, row) = metrics(size);
    Ok((pad + sample + pad + text_w + pad, pad + row * labels.len() as i32))
}

/// Top-left corner of a `size` frame in `corner` of an area of `dims`, `pad` from its edges.
fn corner_origin(dims: (i32, i32), size: (i32, i32), pad: i32, corner: Corner) -> (i32, i32) {
    let x0 = match corner {
        Corner::TopRight | Corner::BottomRight => (dims.0 - size.0 - pad).max(0),
        Corner::TopLeft | Corner::BottomLeft => pad,
    };
    let y0 = match corner {
        Corner::TopRight | Corner::TopLeft => pad,
        Corner::BottomRight | Corner::BottomLeft => (dims.1 - size.1 - pad).max(0),
    };
    (x0, y0)
}

/// A corner and the legend frame placed there: `(corner, left, top, right, bottom)` in pixels.
pub(crate) type LegendBox = (Corner, i32, i32, i32, i32);

/// Where [`draw_legend`] would put a legend of `entries` in each corner of `area`, as
/// `(corner, left, top, right, bottom)` in the area's pixels (assuming the entries fit without
/// shrinking the font), in the order top right, top left, bottom right, bottom left.
pub(crate) fn legend_boxes<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    entries: &[(String, Swatch)],
    theme: &Theme,
) -> Result<Vec<LegendBox>> {
    let labels: Vec<&str> = entries.iter().map(|(l, _)| l.as_str()).collect();
    let (w, h) = frame_size(area, &labels, theme.font_size, theme)?;
    let (aw, ah) = area.dim_in_pixel();
    let (pad, _, _) = metrics(theme.font_size);
    let corners = [Corner::TopRight, Corner::TopLeft, Corner::BottomRight, Corner::BottomLeft];
    Ok(corners
        .into_iter()
        .map(|c| {
            let (x0, y0) = corner_origin((aw as i32, ah as i32), (w, h), pad, c);
            (c, x0, y0, x0 + w, y0 + h)
        })
        .collect())
}
