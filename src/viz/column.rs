//! A column's distribution as a sparkline, for the data view's column summaries: a histogram
//! of a numeric column, or bars of the most frequent values of a text column. No text and no
//! axes — the numbers are in the table row next to it and in [`describe_column_chart`], which
//! the page uses as the chart's accessible name.
//!
//! Colours: histogram bars in [`Theme::positive`] (blue), category bars in
//! [`Theme::test_line`] (vermillion), so a numeric and a text column differ at a glance; the
//! values beyond the top ones ("other") share one bar in a grey ([`Theme::axis`] washed
//! halfway to the background). Bars stand on a one-pixel baseline in [`Theme::grid`].

use super::{lerp_color, Theme};
use crate::data::schema::{ColumnKind, ColumnSummary};
use crate::error::Result;
use plotters::coord::Shift;
use plotters::prelude::{Color, DrawingArea, DrawingBackend, PathElement, RGBColor, Rectangle};

/// One bar: its count (the height, relative to the tallest bar) and its colour.
struct Bar {
    count: usize,
    color: RGBColor,
}

/// The grey of the "other values" bar.
fn other_color(theme: &Theme) -> RGBColor {
    lerp_color(theme.axis, theme.background, 0.5)
}

/// The bars the sparkline of `summary` shows, left to right.
fn bars(summary: &ColumnSummary, theme: &Theme) -> Vec<Bar> {
    if !summary.histogram.is_empty() {
        return summary.histogram.iter().map(|b| Bar { count: b.count, color: theme.positive }).collect();
    }
    let mut bars: Vec<Bar> = summary.top.iter().map(|&(_, n)| Bar { count: n, color: theme.test_line }).collect();
    let shown: usize = summary.top.iter().map(|t| t.1).sum();
    let other = summary.count.saturating_sub(shown);
    if other > 0 {
        bars.push(Bar { count: other, color: other_color(theme) });
    }
    bars
}

/// Draws the distribution of one column, filling `area`: background, a baseline along the
/// bottom edge, and one bar per histogram bin (numeric columns) or per most frequent value
/// (text columns, plus one grey bar for all other values). Bar heights are proportional to the
/// counts, the tallest reaching the top; a non-empty bar is at least one pixel high. Bars
/// share the width equally, with a one-pixel gap when each is at least 3 pixels wide. A
/// column with no values draws only the background and the baseline.
///
/// # Errors
/// [`crate::Error::Plot`] if the backend fails.
pub fn draw_column_chart<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    summary: &ColumnSummary,
    theme: &Theme,
) -> Result<()> {
    area.fill(&theme.background)?;
    let (w, h) = area.dim_in_pixel();
    let (w, h) = (i32::try_from(w).unwrap_or(i32::MAX), i32::try_from(h).unwrap_or(i32::MAX));
    if w < 1 || h < 2 {
        return Ok(());
    }
    let base = h - 1;
    area.draw(&PathElement::new(vec![(0, base), (w, base)], theme.grid))?;
    let bars = bars(summary, theme);
    let tallest = bars.iter().map(|b| b.count).max().unwrap_or(0);
    if tallest == 0 {
        return Ok(());
    }
    let n = bars.len() as i64;
    let gap = i32::from(i64::from(w) / n >= 3);
    for (i, bar) in bars.iter().enumerate().filter(|(_, b)| b.count > 0) {
        // Edges at i·w/n: equal shares, and the last bar ends exactly at the right edge.
        let x0 = (i as i64 * i64::from(w) / n) as i32;
        let x1 = (((i as i64 + 1) * i64::from(w) / n) as i32 - gap).max(x0 + 1);
        let height = ((bar.count as f64 / tallest as f64) * f64::from(base)).round().max(1.0) as i32;
        // The SVG and canvas backends fill [x0, x1) × [base − height, base): above the baseline.
        area.draw(&Rectangle::new([(x0, base - height), (x1, base)], bar.color.filled()))?;
    }
    Ok(())
}

/// The chart's accessible name, with its key numbers: for a numeric column the range and the
/// fullest bin, for a text column the most frequent values with their counts.
///
/// `"Histogram of body_mass_g: 342 values from 2700 to 6300, most (41) from 3420 to 3600"`,
/// `"Bar chart of species: Adelie 152, Gentoo 124, Chinstrap 68"`.
pub fn describe_column_chart(summary: &ColumnSummary) -> String {
    let name = &summary.name;
    if summary.count == 0 {
        return format!("No chart for {name}: every value is missing");
    }
    if let (Some(min), Some(max)) = (summary.min, summary.max) {
        let mut text = format!(
            "Histogram of {name}: {} values from {} to {}",
            summary.count,
            compact_number(min),
            compact_number(max)
        );
        let fullest = summary.histogram.iter().reduce(|a, b| if b.count > a.count { b } else { a });
        if let Some(bin) = fullest.filter(|_| summary.histogram.len() > 1) {
            text += &format!(", most ({}) from {} to {}", bin.count, compact_number(bin.lo), compact_number(bin.hi));
        }
        return text;
    }
    let shown: Vec<String> = summary.top.iter().take(5).map(|(v, n)| format!("{v} {n}")).collect();
    let rest = summary.distinct.saturating_sub(shown.len());
    let more = if rest > 0 { format!(", and {rest} other values") } else { String::new() };
    let what = if summary.kind == ColumnKind::Boolean { "Bar chart of the two values of" } else { "Bar chart of" };
    format!("{what} {name}: {}{more}", shown.join(", "))
}

/// A number in at most about 8 characters, for table cells and summaries: whole numbers below
/// 10⁹ in full (`3750`, `-12`), others with 4 significant digits and trailing zeros dropped
/// (`39.1`, `0.1235`, `12346`), very large or small magnitudes in scientific notation
/// (`1.5e9`, `2.346e-5`). NaN is `"NaN"`, infinities `"inf"` / `"-inf"`.
pub fn compact_number(v: f64) -> String {
    if v.is_nan() {
        return "NaN".into();
    }
    if v.is_infinite() {
        return if v > 0.0 { "inf".into() } else { "-inf".into() };
    }
    let a = v.abs();
    if a == 0.0 {
        return "0".into();
    }
    if v.fract() == 0.0 && a < 1e9 {
        return format!("{v:.0}");
    }
    if !(1e-3..1e6).contains(&a) {
        let s = format!("{v:.3e}");
        return match s.split_once('e') {
            Some((m, e)) if m.contains('.') => format!("{}e{e}", m.trim_end_matches('0').trim_end_matches('.')),
            _ => s,
        };
    }
    let digits = (3 - a.log10().floor() as i32).clamp(0, 6) as usize;
    let s = format!("{v:.digits$}");
    let s = if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.').to_string() } else { s };
    if s == "-0" {
        "0".into()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_numbers() {
        assert_eq!(compact_number(3750.0), "3750");
        assert_eq!(compact_number(123_456_789.0), "123456789");
        assert_eq!(compact_number(-12.0), "-12");
        assert_eq!(compact_number(39.1), "39.1");
        assert_eq!(compact_number(0.123_456), "0.1235");
        assert_eq!(compact_number(12_345.67), "12346");
        assert_eq!(compact_number(1.5e9), "1.5e9");
        assert_eq!(compact_number(2.345_6e-5), "2.346e-5");
        assert_eq!(compact_number(-0.0), "0");
        assert_eq!(compact_number(f64::NAN), "NaN");
        assert_eq!(compact_number(0.0004), "4e-4");
    }
}
