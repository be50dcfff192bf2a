//! Two distributions of one column on shared bins — the training data against new data, for
//! drift monitoring — from precomputed shares ([`ShareOverlay`]): numeric bins as in
//! [`super::draw_histogram_overlay`] (reference as semi-transparent bars, new data as a step
//! line), categories as one row each with the reference share as a filled bar and the new
//! share as an outlined bar over it, told apart by fill against outline as well as colour.

use super::frame::{self, fit_text, Corner, Dash, LineStyle, Marker, Swatch};
use super::histogram::draw_binned_overlay;
use super::{compact_number, Theme};
use crate::error::Result;
use plotters::coord::Shift;
use plotters::element::Text;
use plotters::prelude::{Color, DrawingArea, DrawingBackend, Rectangle};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use serde::{Deserialize, Serialize};

/// The bins of a [`ShareOverlay`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "bins", rename_all = "snake_case")]
pub enum OverlayBins {
    /// Numeric bins: `k + 1` increasing edges for `k` shares, bin `i` = `[edges[i], edges[i+1])`.
    Edges(Vec<f64>),
    /// One bin per category, named.
    Labels(Vec<String>),
}

/// Two distributions of column `name` on the same bins.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ShareOverlay {
    /// Column name.
    pub name: String,
    /// The bins.
    pub bins: OverlayBins,
    /// Share (0 to 1) of the reference values in each bin.
    pub reference: Vec<f64>,
    /// Share (0 to 1) of the current values in each bin.
    pub current: Vec<f64>,
    /// Values counted: (reference, current).
    pub counts: (u64, u64),
}

/// Draws `overlay` filling `area`, the two distributions named `labels` in the legend.
///
/// # Errors
/// [`crate::Error::Plot`] if the backend fails.
pub fn draw_share_overlay<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    overlay: &ShareOverlay,
    labels: (&str, &str),
    theme: &Theme,
) -> Result<()> {
    let percent = |v: &[f64]| v.iter().map(|s| s * 100.0).collect::<Vec<_>>();
    match &overlay.bins {
        OverlayBins::Edges(edges) => draw_binned_overlay(
            area,
            edges,
            &percent(&overlay.reference),
            &percent(&overlay.current),
            overlay.counts,
            &overlay.name,
            labels,
            theme,
        ),
        OverlayBins::Labels(names) => draw_category_overlay(area, overlay, names, labels, theme),
    }
}

fn draw_category_overlay<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    overlay: &ShareOverlay,
    names: &[String],
    labels: (&str, &str),
    theme: &Theme,
) -> Result<()> {
    let frame::Titled { w, h, size, pad, header } = frame::draw_title(area, &overlay.name, theme)?;
    let style = theme.text_style(size);
    let n = names.len().min(overlay.reference.len()).min(overlay.current.len());
    if n == 0 {
        return frame::draw_note(area, "no values", theme);
    }
    // Legend row under the title.
    let fill = theme.positive.mix(0.35);
    let line = LineStyle { color: theme.negative, dash: Dash::Solid, marker: Marker::None };
    let legend = [
        (format!("{} ({})", labels.0, overlay.counts.0), Swatch::Fill(fill, theme.positive)),
        (format!("{} ({})", labels.1, overlay.counts.1), Swatch::Line(line)),
    ];
    frame::draw_legend(area, &legend, Corner::TopRight, theme)?;
    let top = pad + header * 2.2;
    let room = (h - top - pad).max(1.0);
    let shown = n.min(((room / (size * 1.6)).floor() as usize).max(1));
    let mut label_w: f64 = 0.0;
    for l in &names[..shown] {
        label_w = label_w.max(f64::from(area.estimate_text_size(l, &style)?.0));
    }
    let label_w = label_w.min(w * 0.3);
    let value_w = f64::from(area.estimate_text_size("100.0% → 100.0%", &style)?.0);
    let x0 = pad + label_w + 6.0;
    let bar_room = (w - x0 - pad - value_w - 6.0).max(1.0);
    let widest = overlay.reference[..shown].iter().chain(&overlay.current[..shown]).copied().fold(0.0, f64::max);
    let scale = if widest > 0.0 { bar_room / widest } else { 0.0 };
    let row_h = (room / shown as f64).min(size * 3.5);
    let right_mid = style.pos(Pos::new(HPos::Right, VPos::Center));
    let left_mid = style.pos(Pos::new(HPos::Left, VPos::Center));
    for (k, name) in names.iter().enumerate().take(shown) {
        let cy = top + row_h * (k as f64 + 0.5);
        let half = (row_h * 0.36).max(1.0);
        let (a, b) = (overlay.reference[k], overlay.current[k]);
        let end = |s: f64| (x0 + (s * scale).round().max(if s > 0.0 { 1.0 } else { 0.0 })) as i32;
        let (top_y, bottom_y) = ((cy - half) as i32, (cy + half) as i32);
        if a > 0.0 {
            area.draw(&Rectangle::new([(x0 as i32, top_y), (end(a), bottom_y)], fill.filled()))?;
        }
        if b > 0.0 {
            let inner = ((cy - half * 0.6) as i32, (cy + half * 0.6) as i32);
            area.draw(&Rectangle::new([(x0 as i32, inner.0), (end(b), inner.1)], theme.negative.stroke_width(2)))?;
        }
        let text = fit_text(area, name, &style, label_w as i32)?;
        area.draw(&Text::new(text, ((x0 - 6.0) as i32, cy as i32), right_mid.clone()))?;
        let values = format!("{:.1}% → {:.1}%", a * 100.0, b * 100.0);
        area.draw(&Text::new(values, (end(a.max(b)) + 6, cy as i32), left_mid.clone()))?;
    }
    if shown < n {
        let note = format!("{} more categories not shown", n - shown);
        area.draw(&Text::new(note, (pad as i32, (h - pad) as i32), theme.text_style(size * 0.9).color(&theme.axis)))?;
    }
    Ok(())
}

/// The overlay's accessible name: sizes, and the bin whose shares differ most.
///
/// `"Distribution of island, training against new: training 200 values, new 50 values;
/// largest difference at Dream: 36% against 80%"`.
pub fn describe_share_overlay(overlay: &ShareOverlay, labels: (&str, &str)) -> String {
    let mut text = format!(
        "Distribution of {}, {} against {}: {} {} values, {} {} values",
        overlay.name, labels.0, labels.1, labels.0, overlay.counts.0, labels.1, overlay.counts.1
    );
    let (a, b) = (&overlay.reference, &overlay.current);
    let n = a.len().min(b.len());
    let worst = (0..n).max_by(|&i, &j| (a[i] - b[i]).abs().total_cmp(&(a[j] - b[j]).abs()));
    if let Some(i) = worst.filter(|_| overlay.counts.0 > 0 && overlay.counts.1 > 0) {
        let bin = match &overlay.bins {
            OverlayBins::Edges(e) if i + 1 < e.len() => {
                format!("from {} to {}", compact_number(e[i]), compact_number(e[i + 1]))
            }
            OverlayBins::Labels(l) if i < l.len() => format!("at {}", l[i]),
            _ => return text,
        };
        text += &format!("; largest difference {bin}: {:.0}% against {:.0}%", a[i] * 100.0, b[i] * 100.0);
    }
    text
}
