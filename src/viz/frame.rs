//! Shared parts of the evaluation and data charts: a linear (or log₁₀) axis with "nice" ticks,
//! a chart frame built from two of them, a centred note and text fitting; the line styles and
//! the legend (in `legend`) are re-exported here. All text is measured through the backend
//! ([`DrawingArea::estimate_text_size`]), never plotters' font layer (see the module docs of
//! [`crate::viz`]).

use super::{compact_number, Theme};
use crate::error::Result;
use crate::text::ellipsis;
use plotters::chart::ChartContext;
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::element::Text;
use plotters::prelude::{Cartesian2d, ChartBuilder, DrawingArea, DrawingBackend, TRANSPARENT};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::ops::Range;

pub(crate) use super::legend::*;

/// A chart over two [`Ticked`] axes.
pub(crate) type Chart<'a, DB> = ChartContext<'a, DB, Cartesian2d<Ticked, Ticked>>;

/// How an axis maps and labels its values.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Scale {
    /// Values as they are; ticks at multiples of 1, 2, 2.5 or 5 × 10ᵏ.
    Linear,
    /// Whole numbers (epochs): the linear ticks that are integers.
    Integer,
    /// The axis values are `log₁₀` of the data; ticks at 1, 2 and 5 × 10ᵏ (only the powers of
    /// ten when the range spans more than two decades), labelled with the data value `10ᵛ`.
    Log10,
}

/// One axis of a chart: its range (in axis values), title and scale.
#[derive(Clone, Debug)]
pub(crate) struct Axis {
    pub lo: f64,
    pub hi: f64,
    pub title: String,
    pub scale: Scale,
}

impl Axis {
    pub(crate) fn linear(lo: f64, hi: f64, title: impl Into<String>) -> Self {
        let (lo, hi) = sane_range(lo, hi);
        Axis { lo, hi, title: title.into(), scale: Scale::Linear }
    }

    /// About `target` tick positions inside the range.
    pub(crate) fn ticks(&self, target: usize) -> Vec<f64> {
        match self.scale {
            Scale::Linear => nice_ticks(self.lo, self.hi, target.max(2)),
            Scale::Integer => {
                let t: Vec<f64> =
                    nice_ticks(self.lo, self.hi, target.max(2)).into_iter().filter(|v| v.fract() == 0.0).collect();
                if t.len() >= 2 {
                    t
                } else {
                    (self.lo.ceil() as i64..=self.hi.floor() as i64).map(|v| v as f64).collect()
                }
            }
            Scale::Log10 => {
                let (a, b) = (self.lo.floor() as i64, self.hi.ceil() as i64);
                let mantissas: &[f64] = if self.hi - self.lo > 2.0 { &[1.0] } else { &[1.0, 2.0, 5.0] };
                let mut out = Vec::new();
                for k in a..=b {
                    for m in mantissas {
                        let v = m.log10() + k as f64;
                        if v >= self.lo - 1e-9 && v <= self.hi + 1e-9 {
                            out.push(v);
                        }
                    }
                }
                if out.len() > target.max(2) * 2 {
                    let step = out.len().div_ceil(target.max(2));
                    out = out.into_iter().step_by(step).collect();
                }
                out
            }
        }
    }

    /// The label of the tick at `v`, given all the ticks (their spacing sets the decimals).
    pub(crate) fn label(&self, v: f64, ticks: &[f64]) -> String {
        match self.scale {
            Scale::Log10 => compact_number(10f64.powf(v)),
            Scale::Integer => format!("{v:.0}"),
            Scale::Linear => {
                let step = ticks.windows(2).map(|w| w[1] - w[0]).fold(f64::INFINITY, f64::min);
                let span = self.lo.abs().max(self.hi.abs());
                if !(1e-4..1e6).contains(&span) || !step.is_finite() {
                    return compact_number(v);
                }
                let d = decimals(step);
                let s = format!("{v:.d$}");
                let s = if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.').to_string() } else { s };
                match s.strip_prefix('-') {
                    Some("0") => "0".to_string(),
                    _ => s,
                }
            }
        }
    }
}

/// `(lo, hi)` made finite and increasing: a single value gets ±0.5 (or ±10 % of it).
pub(crate) fn sane_range(lo: f64, hi: f64) -> (f64, f64) {
    if !lo.is_finite() || !hi.is_finite() || lo > hi {
        return (0.0, 1.0);
    }
    if hi - lo > 0.0 {
        return (lo, hi);
    }
    let m = (lo.abs() * 0.1).max(0.5);
    (lo - m, hi + m)
}

/// Fewest decimals that write `step` exactly (at most 6): `0.25` → 2, `2` → 0.
fn decimals(step: f64) -> usize {
    (0..=6)
        .find(|&d| {
            let s = step * 10f64.powi(d as i32);
            (s - s.round()).abs() < 1e-6 * s.abs().max(1.0)
        })
        .unwrap_or(6)
}

/// Multiples of a step of 1, 2, 2.5 or 5 × 10ᵏ inside `[lo, hi]`, about `target` of them.
pub(crate) fn nice_ticks(lo: f64, hi: f64, target: usize) -> Vec<f64> {
    let span = hi - lo;
    if !(span > 0.0 && span.is_finite()) {
        return vec![lo];
    }
    let raw = span / target.max(1) as f64;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0].iter().map(|m| m * magnitude).find(|&s| s >= raw).unwrap_or(10.0 * magnitude);
    let (first, last) = ((lo / step - 1e-9).ceil() as i64, (hi / step + 1e-9).floor() as i64);
    (first..=last).map(|k| k as f64 * step).collect()
}

/// A linear `f64` axis with ticks of our choosing (plotters' own would pick their own).
pub(crate) struct Ticked {
    inner: RangedCoordf64,
    ticks: Vec<f64>,
}

impl Ticked {
    /// The axis over `lo..hi` with grid lines and labels at `ticks`.
    pub(crate) fn new(lo: f64, hi: f64, ticks: Vec<f64>) -> Self {
        Ticked { inner: (lo..hi).into(), ticks }
    }
}

impl Ranged for Ticked {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        self.inner.map(value, limit)
    }

    fn key_points<H: KeyPointHint>(&self, hint: H) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            self.ticks.clone()
        }
    }

    fn range(&self) -> Range<f64> {
        self.inner.range()
    }
}

/// Builds a chart over `x` and `y` filling `area` below a header `top` pixels high, and draws
/// its grid, ticks, tick labels and axis titles. The y label area fits the widest tick label;
/// tick counts follow the pixel size (a tick label every ~4 font sizes across, ~2.2 up).
pub(crate) fn chart<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    x: &Axis,
    y: &Axis,
    top: i32,
    theme: &Theme,
) -> Result<Chart<'a, DB>> {
    let size = theme.font_size;
    let (w, h) = area.dim_in_pixel();
    let pad = (size * 0.5).round() as i32;
    let x_area = (size * 2.8) as i32;
    let plot_h = h as i32 - top - 2 * pad - x_area;
    let y_ticks = y.ticks((plot_h / (size * 2.2) as i32).clamp(2, 8) as usize);
    let style = theme.text_style(size);
    let mut y_label_w = 0;
    for t in &y_ticks {
        y_label_w = y_label_w.max(area.estimate_text_size(&y.label(*t, &y_ticks), &style)?.0 as i32);
    }
    let y_area = y_label_w + (size * 2.0) as i32;
    let plot_w = w as i32 - y_area - 2 * pad;
    let x_ticks = x.ticks((plot_w / (size * 4.0) as i32).clamp(2, 8) as usize);
    let last = x_ticks.last().map_or(Ok((0, 0)), |t| area.estimate_text_size(&x.label(*t, &x_ticks), &style))?;
    let right = pad.max(last.0 as i32 / 2 + 2);
    let mut chart = ChartBuilder::on(area)
        .margin(pad)
        .margin_top(pad + top)
        .margin_right(right)
        .x_label_area_size(x_area)
        .y_label_area_size(y_area)
        .build_cartesian_2d(
            Ticked { inner: (x.lo..x.hi).into(), ticks: x_ticks.clone() },
            Ticked { inner: (y.lo..y.hi).into(), ticks: y_ticks.clone() },
        )?;
    let x_format = |v: &f64| x.label(*v, &x_ticks);
    let y_format = |v: &f64| y.label(*v, &y_ticks);
    chart
        .configure_mesh()
        .x_desc(x.title.as_str())
        .y_desc(y.title.as_str())
        .x_label_formatter(&x_format)
        .y_label_formatter(&y_format)
        .label_style(style.clone())
        .axis_desc_style(style)
        .axis_style(theme.axis)
        .bold_line_style(theme.grid)
        .light_line_style(TRANSPARENT)
        .draw()?;
    Ok(chart)
}

/// Where a titled chart's parts go, in pixels: the area's size, the font size, the padding and the
/// title row's height.
pub(crate) struct Titled {
    pub w: f64,
    pub h: f64,
    pub size: f64,
    pub pad: f64,
    pub header: f64,
}

/// Fills `area` with the background and writes `title` (at most 40 characters) left-aligned in
/// a row of 1.4 font sizes at its top: the head of the one-row-per-category charts.
pub(crate) fn draw_title<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    title: &str,
    theme: &Theme,
) -> Result<Titled> {
    area.fill(&theme.background)?;
    let (w, h) = area.dim_in_pixel();
    let size = theme.font_size;
    let pad = (size * 0.5).round();
    let header = size * 1.4;
    area.draw(&Text::new(
        ellipsis(title, 40),
        (pad as i32, (pad + header / 2.0) as i32),
        theme.text_style(size).pos(Pos::new(HPos::Left, VPos::Center)),
    ))?;
    Ok(Titled { w: f64::from(w), h: f64::from(h), size, pad, header })
}

/// Writes `text` in the middle of `area` (pixels), in the axis colour.
pub(crate) fn draw_note<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, text: &str, theme: &Theme) -> Result<()> {
    let (w, h) = area.dim_in_pixel();
    let style = theme.text_style(theme.font_size).color(&theme.axis).pos(Pos::new(HPos::Center, VPos::Center));
    area.draw(&Text::new(text.to_string(), (w as i32 / 2, h as i32 / 2), style))?;
    Ok(())
}

/// `text` cut (with "…") to the longest prefix whose width, measured by the backend in `style`,
/// is at most `max_w` pixels; empty if not even "…" fits.
pub(crate) fn fit_text<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    style: &plotters::style::TextStyle<'_>,
    max_w: i32,
) -> Result<String> {
    if area.estimate_text_size(text, style)?.0 as i32 <= max_w {
        return Ok(text.to_string());
    }
    let chars: Vec<char> = text.chars().collect();
    for n in (1..chars.len()).rev() {
        let cut: String = chars[..n].iter().collect::<String>() + "…";
        if area.estimate_text_size(&cut, style)?.0 as i32 <= max_w {
            return Ok(cut);
        }
    }
    Ok(String::new())
}

/// Evenly spaced points of `points` to put markers on: `count` of them at arc-length fractions
/// `(j + offset) / count` (pixel distances, via `to_px`), so markers of different lines
/// (different `offset` in `(0, 1)`) do not sit on top of each other.
pub(crate) fn marker_points(
    points: &[(f64, f64)],
    to_px: impl Fn((f64, f64)) -> (i32, i32),
    count: usize,
    offset: f64,
) -> Vec<(f64, f64)> {
    if points.len() < 2 || count == 0 {
        return points.to_vec();
    }
    let px: Vec<(f64, f64)> = points.iter().map(|&p| to_px(p)).map(|(x, y)| (f64::from(x), f64::from(y))).collect();
    let mut cum = vec![0.0];
    for w in px.windows(2) {
        let d = (w[1].0 - w[0].0).hypot(w[1].1 - w[0].1);
        cum.push(cum[cum.len() - 1] + d);
    }
    let total = cum[cum.len() - 1];
    if total <= 0.0 {
        return vec![points[0]];
    }
    (0..count)
        .map(|j| {
            let target = (j as f64 + offset) / count as f64 * total;
            let i = cum.partition_point(|&c| c < target).clamp(1, points.len() - 1);
            let seg = cum[i] - cum[i - 1];
            let t = if seg > 0.0 { (target - cum[i - 1]) / seg } else { 0.0 };
            let (a, b) = (points[i - 1], points[i]);
            (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t)
        })
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn nice_ticks_by_hand() {
        let close = |a: Vec<f64>, b: &[f64]| a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-12);
        assert!(close(nice_ticks(0.0, 1.0, 5), &[0.0, 0.2, 0.4, 0.6, 0.8, 1.0]));
        assert!(close(nice_ticks(0.0, 1.0, 4), &[0.0, 0.25, 0.5, 0.75, 1.0]));
        assert!(close(nice_ticks(-3.0, 7.0, 5), &[-2.0, 0.0, 2.0, 4.0, 6.0]));
        let a = Axis::linear(0.0, 1.0, "t");
        let t = a.ticks(4);
        assert_eq!(t.iter().map(|v| a.label(*v, &t)).collect::<Vec<_>>(), ["0", "0.25", "0.5", "0.75", "1"]);
    }

    #[test]
    fn log_ticks_by_hand() {
        let a = Axis { lo: -2.0, hi: 0.0, title: String::new(), scale: Scale::Log10 };
        let t = a.ticks(5);
        let labels: Vec<String> = t.iter().map(|v| a.label(*v, &t)).collect();
        assert_eq!(labels, ["0.01", "0.02", "0.05", "0.1", "0.2", "0.5", "1"]);
        let wide = Axis { lo: -6.0, hi: 0.5, title: String::new(), scale: Scale::Log10 };
        assert_eq!(wide.ticks(8).len(), 7);
    }

    #[test]
    fn markers_spread_along_the_line() {
        let pts = [(0.0, 0.0), (10.0, 0.0)];
        let m = marker_points(&pts, |(x, y)| (x as i32, y as i32), 2, 0.5);
        assert_eq!(m, vec![(2.5, 0.0), (7.5, 0.0)]);
    }

    #[test]
    fn series_styles_differ_in_more_than_colour() {
        let (a, b, c) = (series_style(0), series_style(1), series_style(2));
        assert!(a.dash != b.dash && b.dash != c.dash && a.marker != b.marker);
        assert_eq!(sane_range(2.0, 2.0), (1.5, 2.5));
        assert_eq!(sane_range(f64::NAN, 1.0), (0.0, 1.0));
    }
}
