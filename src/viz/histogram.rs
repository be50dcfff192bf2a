//! Distributions of one column: a histogram of a numeric column, bars of the most frequent
//! values of a categorical one, and two histograms overlaid on shared bins (reference against
//! current data, for drift monitoring).
//!
//! Bins ([`histogram_bins`]): equal-width from the smallest to the largest finite value. Their
//! number follows the Freedman–Diaconis rule, width `h = 2·IQR / ∛n` and `⌈(max − min) / h⌉`
//! bins (the quartiles interpolated linearly, as NumPy's default); when the interquartile range
//! is 0 (most values equal) Sturges' rule `⌈log₂ n⌉ + 1` is used instead. Either way at least 1
//! and at most `min(n, MAX_BINS)` bins. A bin holds `lo ≤ v < hi`, the last one also its upper
//! edge. A single distinct value `v` gets one bin `[v − 0.5, v + 0.5]`. NaN and infinite values
//! are missing: not binned, counted, and said on the chart and in the description.
//!
//! The overlay ([`draw_histogram_overlay`]) puts both samples on the bins of the pooled values
//! and shows each bin's share of its own sample in percent (so samples of different sizes
//! compare): the reference as semi-transparent blue bars, the current data as an orange
//! outline (a step line), told apart by fill against outline as well as by colour.

use super::frame::{self, fit_text, Axis, Corner, Dash, LineStyle, Marker, Swatch};
use super::{compact_number, lerp_color, Theme};
use crate::error::Result;
use crate::text::ellipsis;
use plotters::coord::Shift;
use plotters::element::Text;
use plotters::prelude::{Color, DrawingArea, DrawingBackend, Rectangle};
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Most bins of a histogram.
pub const MAX_BINS: usize = 40;

/// A histogram: `counts[i]` values in `[edges[i], edges[i + 1])`, and the missing ones.
#[derive(Clone, Debug, PartialEq)]
pub struct Bins {
    /// Bin edges, increasing, one more than the counts (empty when there are no values).
    pub edges: Vec<f64>,
    /// Values per bin.
    pub counts: Vec<u64>,
    /// Values not binned because they are NaN or infinite.
    pub missing: usize,
}

/// Sorted finite values and the number of others.
fn finite_sorted(values: &[f64]) -> (Vec<f64>, usize) {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    v.sort_by(f64::total_cmp);
    let missing = values.len() - v.len();
    (v, missing)
}

/// The `p`-quantile of sorted values, interpolating linearly between order statistics.
fn quantile(sorted: &[f64], p: f64) -> f64 {
    let h = (sorted.len() - 1) as f64 * p;
    let (i, f) = (h.floor() as usize, h - h.floor());
    match sorted.get(i + 1) {
        Some(next) => sorted[i] + f * (next - sorted[i]),
        None => sorted[i],
    }
}

/// Bin edges for the sorted finite values (see the module docs); empty for no values.
fn edges_for(sorted: &[f64]) -> Vec<f64> {
    let n = sorted.len();
    let (Some(&lo), Some(&hi)) = (sorted.first(), sorted.last()) else { return Vec::new() };
    if hi <= lo {
        return vec![lo - 0.5, lo + 0.5];
    }
    let iqr = quantile(sorted, 0.75) - quantile(sorted, 0.25);
    let fd = 2.0 * iqr / (n as f64).cbrt();
    let k = if fd > 0.0 { ((hi - lo) / fd).ceil() } else { (n as f64).log2().ceil() + 1.0 };
    let k = (k as usize).clamp(1, MAX_BINS.min(n));
    let mut edges: Vec<f64> = (0..k).map(|i| lo + (hi - lo) * i as f64 / k as f64).collect();
    edges.push(hi);
    edges
}

/// Counts of the sorted values in the bins of `edges`.
fn count_in(sorted: &[f64], edges: &[f64]) -> Vec<u64> {
    let k = edges.len().saturating_sub(1);
    let mut counts = vec![0u64; k];
    for &v in sorted {
        // The last bin holds its upper edge too.
        let i = edges.partition_point(|&e| e <= v).saturating_sub(1).min(k.saturating_sub(1));
        if let Some(c) = counts.get_mut(i) {
            *c += 1;
        }
    }
    counts
}

/// The histogram of `values` (see the module docs for the bins).
pub fn histogram_bins(values: &[f64]) -> Bins {
    let (sorted, missing) = finite_sorted(values);
    let edges = edges_for(&sorted);
    let counts = count_in(&sorted, &edges);
    Bins { edges, counts, missing }
}

/// Histograms of `a` and `b` on the same bins, those of the two pooled.
pub fn shared_bins(a: &[f64], b: &[f64]) -> (Bins, Bins) {
    let (sa, ma) = finite_sorted(a);
    let (sb, mb) = finite_sorted(b);
    let mut pooled = [sa.as_slice(), sb.as_slice()].concat();
    pooled.sort_by(f64::total_cmp);
    let edges = edges_for(&pooled);
    let bins = |s: &[f64], m| Bins { counts: count_in(s, &edges), edges: edges.clone(), missing: m };
    (bins(&sa, ma), bins(&sb, mb))
}

/// Draws the histogram of `values` (column `name`) filling `area`: bars over the bins, x axis
/// titled `name`, y axis "count", and "k missing values not shown" above when there are any.
///
/// # Errors
/// [`crate::Error::Plot`] if the backend fails.
pub fn draw_histogram<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    values: &[f64],
    name: &str,
    theme: &Theme,
) -> Result<()> {
    area.fill(&theme.background)?;
    let bins = histogram_bins(values);
    let top = draw_caption(area, &missing_caption(bins.missing), theme)?;
    let tallest = bins.counts.iter().copied().max().unwrap_or(0);
    let (lo, hi) =
        frame::sane_range(bins.edges.first().copied().unwrap_or(0.0), bins.edges.last().copied().unwrap_or(1.0));
    let x = Axis::linear(lo, hi, ellipsis(name, 40));
    let y = Axis::linear(0.0, (tallest.max(1) as f64) * 1.08, "count");
    let chart = frame::chart(area, &x, &y, top, theme)?;
    let plot = chart.plotting_area();
    for (i, &c) in bins.counts.iter().enumerate().filter(|(_, c)| **c > 0) {
        let r = [(bins.edges[i], 0.0), (bins.edges[i + 1], c as f64)];
        plot.draw(&Rectangle::new(r, theme.positive.filled()))?;
        plot.draw(&Rectangle::new(r, theme.background.stroke_width(1)))?;
    }
    if bins.counts.is_empty() {
        frame::draw_note(&plot.strip_coord_spec(), "no values", theme)?;
    }
    Ok(())
}

/// The histogram's accessible name: count, range, bins, fullest bin, missing values.
///
/// `"Histogram of x: 8 values from 1 to 8 in 2 bins, most (4) from 1 to 4.5; 1 missing value
/// not shown"`.
pub fn describe_histogram(values: &[f64], name: &str) -> String {
    let bins = histogram_bins(values);
    let n: u64 = bins.counts.iter().sum();
    let mut text = match (bins.edges.first(), bins.edges.last()) {
        _ if n == 0 => format!("Histogram of {name}: no values"),
        (Some(&lo), Some(&hi)) => {
            // The extremes by one pass (the bins sorted a copy already; a second sort of a
            // 100,000-row column was most of the time of describing it).
            let finite = values.iter().copied().filter(|v| v.is_finite());
            let (vmin, vmax) = finite.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| (a.min(v), b.max(v)));
            let (vmin, vmax) = if vmin <= vmax { (vmin, vmax) } else { (lo, hi) };
            let mut t = format!(
                "Histogram of {name}: {n} values from {} to {} in {} bins",
                compact_number(vmin),
                compact_number(vmax),
                bins.counts.len()
            );
            let best = bins.counts.iter().enumerate().max_by_key(|&(i, c)| (*c, usize::MAX - i));
            if let Some((i, c)) = best.filter(|_| bins.counts.len() > 1) {
                t += &format!(
                    ", most ({c}) from {} to {}",
                    compact_number(bins.edges[i]),
                    compact_number(bins.edges[i + 1])
                );
            }
            t
        }
        _ => format!("Histogram of {name}: no values"),
    };
    if bins.missing > 0 {
        text += &format!("; {}", missing_caption(bins.missing));
    }
    text
}

fn missing_caption(missing: usize) -> String {
    match missing {
        0 => String::new(),
        1 => "1 missing value not shown".into(),
        m => format!("{m} missing values not shown"),
    }
}

/// Writes `text` (muted) at the top left; returns the height it took (0 for no text).
fn draw_caption<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, text: &str, theme: &Theme) -> Result<i32> {
    if text.is_empty() {
        return Ok(0);
    }
    let size = theme.font_size;
    let pad = (size * 0.5).round() as i32;
    let style = theme.text_style(size).color(&theme.axis).pos(Pos::new(HPos::Left, VPos::Center));
    let line = (size * 1.3).round() as i32;
    area.draw(&Text::new(text.to_string(), (pad, pad + line / 2), style))?;
    Ok(line)
}

/// The rows of a category chart: the `top_n` largest counts (ties in input order) and, if
/// any are left, one `"other (k values)"` row with their sum. The flag marks that row.
pub fn top_categories(counts: &[(String, u64)], top_n: usize) -> Vec<(String, u64, bool)> {
    let mut sorted: Vec<&(String, u64)> = counts.iter().collect();
    crate::order::sort_by_number(&mut sorted, crate::order::Direction::Descending, |r| r.1 as f64);
    let mut rows: Vec<(String, u64, bool)> = sorted.iter().take(top_n).map(|(s, c)| (s.clone(), *c, false)).collect();
    let rest = &sorted[top_n.min(sorted.len())..];
    if !rest.is_empty() {
        let what = if rest.len() == 1 { "value" } else { "values" };
        rows.push((format!("other ({} {what})", rest.len()), rest.iter().map(|r| r.1).sum(), true));
    }
    rows
}

/// Draws horizontal bars of the category counts of column `name` filling `area`: the
/// `top_n` most frequent values (fewer if the area is too short for them: the rest join
/// "other"), largest first, each labelled on the left and with its count at the bar's end;
/// "other" in grey. The column name is written above.
///
/// # Errors
/// [`crate::Error::Plot`] if the backend fails.
pub fn draw_category_counts<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    counts: &[(String, u64)],
    name: &str,
    top_n: usize,
    theme: &Theme,
) -> Result<()> {
    let frame::Titled { w, h, size, pad, header } = frame::draw_title(area, name, theme)?;
    let style = theme.text_style(size);
    let room = h - 2.0 * pad - header;
    let fit = ((room / (size * 1.25)).floor() as usize).max(2);
    let distinct = counts.len();
    let n = if distinct > top_n.min(fit) { top_n.min(fit - 1) } else { distinct };
    let rows = top_categories(counts, n);
    if rows.is_empty() {
        return frame::draw_note(area, "no values", theme);
    }
    let mut label_w: f64 = 0.0;
    for (l, _, _) in &rows {
        label_w = label_w.max(f64::from(area.estimate_text_size(l, &style)?.0));
    }
    let label_w = label_w.min(w * 0.35);
    let tallest = rows.iter().map(|r| r.1).max().unwrap_or(0).max(1);
    let mut count_w: f64 = 0.0;
    for (_, c, _) in &rows {
        count_w = count_w.max(f64::from(area.estimate_text_size(&c.to_string(), &style)?.0));
    }
    let x0 = pad + label_w + 6.0;
    let bar_room = (w - x0 - pad - count_w - 4.0).max(1.0);
    let row_h = (room / rows.len() as f64).min(size * 2.2);
    let other = lerp_color(theme.axis, theme.background, 0.5);
    let right_mid = style.pos(Pos::new(HPos::Right, VPos::Center));
    let left_mid = style.pos(Pos::new(HPos::Left, VPos::Center));
    for (k, (label, count, is_other)) in rows.iter().enumerate() {
        let cy = pad + header + row_h * (k as f64 + 0.5);
        let half = (row_h * 0.35).max(1.0);
        let len = (*count as f64 / tallest as f64 * bar_room).round().max(if *count > 0 { 1.0 } else { 0.0 });
        let colour = if *is_other { other } else { theme.positive };
        let r = [(x0 as i32, (cy - half) as i32), ((x0 + len) as i32, (cy + half) as i32)];
        area.draw(&Rectangle::new(r, colour.filled()))?;
        let text = fit_text(area, label, &style, label_w as i32)?;
        area.draw(&Text::new(text, ((x0 - 6.0) as i32, cy as i32), right_mid.clone()))?;
        area.draw(&Text::new(count.to_string(), ((x0 + len + 4.0) as i32, cy as i32), left_mid.clone()))?;
    }
    Ok(())
}

/// The category chart's accessible name: the `top_n` most frequent values with their counts.
///
/// `"Bar chart of colour: red 30, blue 20, and 3 other values (12)"`.
pub fn describe_category_counts(counts: &[(String, u64)], name: &str, top_n: usize) -> String {
    let rows = top_categories(counts, top_n);
    if rows.is_empty() {
        return format!("Bar chart of {name}: no values");
    }
    let rest = counts.len().saturating_sub(top_n);
    let parts: Vec<String> = rows
        .iter()
        .map(|(l, c, other)| {
            if *other {
                format!("and {rest} other {} ({c})", if rest == 1 { "value" } else { "values" })
            } else {
                format!("{l} {c}")
            }
        })
        .collect();
    format!("Bar chart of {name}: {}", parts.join(", "))
}

/// Draws the histograms of `reference` and `current` (values of column `name`) on shared bins,
/// as shares of each sample, with a legend naming them `labels.0` and `labels.1`.
///
/// # Errors
/// [`crate::Error::Plot`] if the backend fails.
pub fn draw_histogram_overlay<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    reference: &[f64],
    current: &[f64],
    name: &str,
    labels: (&str, &str),
    theme: &Theme,
) -> Result<()> {
    let (a, b) = shared_bins(reference, current);
    let counts = (a.counts.iter().sum::<u64>(), b.counts.iter().sum::<u64>());
    draw_binned_overlay(area, &a.edges, &shares(&a), &shares(&b), counts, name, labels, theme)
}

/// Draws two distributions on shared bins `edges` (`k + 1` edges, `k` shares each, in
/// percent): `sa` as semi-transparent bars, `sb` as a step line, with a legend naming them
/// `labels` with their sizes `counts`.
///
/// # Errors
/// [`crate::Error::Plot`] if the backend fails.
#[allow(clippy::too_many_arguments)]
pub(crate) fn draw_binned_overlay<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    edges: &[f64],
    sa: &[f64],
    sb: &[f64],
    counts: (u64, u64),
    name: &str,
    labels: (&str, &str),
    theme: &Theme,
) -> Result<()> {
    area.fill(&theme.background)?;
    let k = edges.len().saturating_sub(1).min(sa.len()).min(sb.len());
    let (sa, sb) = (&sa[..k], &sb[..k]);
    let tallest = sa.iter().chain(sb).copied().fold(0.0, f64::max);
    let (lo, hi) = frame::sane_range(edges.first().copied().unwrap_or(0.0), edges.last().copied().unwrap_or(1.0));
    let x = Axis::linear(lo, hi, ellipsis(name, 40));
    // Headroom for the legend above the tallest bar.
    let y = Axis::linear(0.0, if tallest > 0.0 { tallest * 1.35 } else { 100.0 }, "share of rows (%)");
    let chart = frame::chart(area, &x, &y, 0, theme)?;
    let plot = chart.plotting_area();
    let fill = theme.positive.mix(0.35);
    for (i, &s) in sa.iter().enumerate().filter(|(_, s)| **s > 0.0) {
        plot.draw(&Rectangle::new([(edges[i], 0.0), (edges[i + 1], s)], fill.filled()))?;
    }
    let mut step = Vec::new();
    for (i, &s) in sb.iter().enumerate() {
        step.push((edges[i], if i == 0 { 0.0 } else { sb[i - 1] }));
        step.push((edges[i], s));
    }
    if let (Some(&e), Some(&s)) = (edges.get(k), sb.last()) {
        step.push((e, s));
        step.push((e, 0.0));
    }
    if !step.is_empty() {
        frame::draw_line(plot, step, theme.negative, Dash::Solid, 2)?;
    }
    let pixels = plot.strip_coord_spec();
    if edges.is_empty() {
        frame::draw_note(&pixels, "no values", theme)?;
    }
    let line = LineStyle { color: theme.negative, dash: Dash::Solid, marker: Marker::None };
    let legend = [
        (format!("{} ({})", labels.0, counts.0), Swatch::Fill(fill, theme.positive)),
        (format!("{} ({})", labels.1, counts.1), Swatch::Line(line)),
    ];
    frame::draw_legend(&pixels, &legend, Corner::TopRight, theme)
}

/// Each bin's share of the binned values, in percent (all 0 for none).
fn shares(b: &Bins) -> Vec<f64> {
    let n: u64 = b.counts.iter().sum();
    b.counts.iter().map(|&c| if n == 0 { 0.0 } else { c as f64 * 100.0 / n as f64 }).collect()
}

/// The overlay's accessible name: both samples' sizes and means, and the bin whose shares
/// differ most.
///
/// `"Distribution of x, reference against current: reference 8 values (mean 4.5), current 4
/// values (mean 7); largest difference from 4.5 to 8: 50% against 100%"`.
pub fn describe_histogram_overlay(reference: &[f64], current: &[f64], name: &str, labels: (&str, &str)) -> String {
    let (a, b) = shared_bins(reference, current);
    let (sa, sb) = (shares(&a), shares(&b));
    let mean = |v: &[f64]| {
        let f: Vec<f64> = v.iter().copied().filter(|x| x.is_finite()).collect();
        if f.is_empty() {
            "n/a".to_string()
        } else {
            compact_number(f.iter().sum::<f64>() / f.len() as f64)
        }
    };
    let count = |bins: &Bins| bins.counts.iter().sum::<u64>();
    let mut text = format!(
        "Distribution of {name}, {} against {}: {} {} values (mean {}), {} {} values (mean {})",
        labels.0,
        labels.1,
        labels.0,
        count(&a),
        mean(reference),
        labels.1,
        count(&b),
        mean(current)
    );
    let worst = (0..sa.len()).max_by(|&i, &j| (sa[i] - sb[i]).abs().total_cmp(&(sa[j] - sb[j]).abs()));
    if let Some(i) = worst.filter(|_| count(&a) > 0 && count(&b) > 0) {
        text += &format!(
            "; largest difference from {} to {}: {:.0}% against {:.0}%",
            compact_number(a.edges[i]),
            compact_number(a.edges[i + 1]),
            sa[i],
            sb[i]
        );
    }
    text
}

#[cfg(test)]
mod tests;
