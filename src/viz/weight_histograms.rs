//! How each layer's weights spread out (or collapse) during training, as small multiples: one
//! panel per weight matrix, a heat strip with one column per recorded epoch (left to right)
//! and one row per weight bin (weight value up), shaded by how many weights fall in the bin.
//!
//! Per layer the bins split `[−m, m]` into [`WEIGHT_BINS`] equal parts, `m` the largest
//! |weight| of that layer over all recorded epochs (1 if all are 0), so a panel's columns
//! compare across epochs and 0 is in the middle (a dotted line marks it). A bin holds
//! `lo ≤ w < hi`, the top one also `m`. Shade: from the background to [`Theme::positive`] by
//! `√(count / c_max)`, `c_max` the fullest bin of the panel (the square root keeps the thin
//! tails visible next to a tall peak). Non-finite weights are not counted.

use super::frame::fit_text;
use super::{compact_number, lerp_color, Theme};
use crate::error::Result;
use plotters::coord::Shift;
use plotters::element::{DashedPathElement, Text};
use plotters::prelude::{Color, DrawingArea, DrawingBackend, Rectangle};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::FontTransform;

/// Bins per layer.
pub const WEIGHT_BINS: usize = 24;

/// The weights at one recorded epoch: per layer, all its weights (any order).
#[derive(Clone, Debug, PartialEq)]
pub struct WeightSnapshot {
    /// The epoch they were recorded after.
    pub epoch: usize,
    /// Per layer, its weights.
    pub layers: Vec<Vec<f32>>,
}

/// One layer's binned weights over the recorded epochs.
#[derive(Clone, Debug, PartialEq)]
pub struct WeightStrip {
    /// The bins cover `[-reach, reach]`.
    pub reach: f64,
    /// `counts[s][i]`: weights of snapshot `s` in bin `i` (bin 0 lowest).
    pub counts: Vec<Vec<u64>>,
}

/// The strips of every layer (as many as the snapshot with the most layers; a snapshot without
/// a layer counts nothing there), with `bins` bins (see the module docs).
pub fn weight_strips(snapshots: &[WeightSnapshot], bins: usize) -> Vec<WeightStrip> {
    let bins = bins.max(1);
    let layers = snapshots.iter().map(|s| s.layers.len()).max().unwrap_or(0);
    (0..layers)
        .map(|l| {
            fn finite(s: &WeightSnapshot, l: usize) -> impl Iterator<Item = f32> + '_ {
                s.layers.get(l).into_iter().flatten().copied().filter(|v| v.is_finite())
            }
            let weights = |s| finite(s, l);
            let m = snapshots.iter().flat_map(weights).fold(0.0f64, |m, v| m.max(f64::from(v).abs()));
            let reach = if m > 0.0 { m } else { 1.0 };
            let counts = snapshots
                .iter()
                .map(|s| {
                    let mut c = vec![0u64; bins];
                    for v in weights(s) {
                        let t = (f64::from(v) + reach) / (2.0 * reach) * bins as f64;
                        c[(t.floor().max(0.0) as usize).min(bins - 1)] += 1;
                    }
                    c
                })
                .collect();
            WeightStrip { reach, counts }
        })
        .collect()
}

/// Draws one heat-strip panel per layer, filling `area` (see the module docs): panels stacked
/// top to bottom (in two or more columns when the area is too short for them), each titled
/// "layer k", with its weight range on the left; the epochs along the bottom.
///
/// # Errors
/// [`crate::Error::Plot`] if the backend fails.
pub fn draw_weight_histograms<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    snapshots: &[WeightSnapshot],
    theme: &Theme,
) -> Result<()> {
    area.fill(&theme.background)?;
    let strips = weight_strips(snapshots, WEIGHT_BINS);
    if strips.is_empty() || snapshots.is_empty() {
        return super::frame::draw_note(area, "no weights recorded yet", theme);
    }
    let (w, h) = area.dim_in_pixel();
    let (w, h) = (f64::from(w), f64::from(h));
    let size = theme.font_size;
    let pad = (size * 0.5).round();
    let line = size * 1.3;
    let style = theme.text_style(size);
    let mut tick_w: f64 = 0.0;
    for s in &strips {
        tick_w = tick_w.max(f64::from(area.estimate_text_size(&format!("-{}", compact_number(s.reach)), &style)?.0));
    }
    // Left: the turned "weight" title and the tick labels; bottom: epoch labels and title.
    let left = pad + line + tick_w + 4.0;
    let bottom = 2.0 * line + pad;
    let n = strips.len();
    let panel_min = line + size * 3.0;
    let rows = (((h - bottom - pad) / panel_min).floor() as usize).clamp(1, n);
    let cols = n.div_ceil(rows);
    let rows = n.div_ceil(cols);
    let col_gap = if cols > 1 { left } else { 0.0 };
    let panel_w = ((w - left - pad - col_gap * (cols - 1) as f64) / cols as f64).max(1.0);
    let panel_h = ((h - bottom - pad) / rows as f64).max(1.0);
    let muted = style.color(&theme.axis);
    let right_mid = style.pos(Pos::new(HPos::Right, VPos::Center));
    for (l, strip) in strips.iter().enumerate() {
        let (r, c) = (l % rows, l / rows);
        let x0 = left + c as f64 * (panel_w + col_gap);
        let title_y = pad + r as f64 * panel_h;
        // Room below for the lowest tick label, half of which hangs under the strip.
        let (y0, y1) = (title_y + line, title_y + panel_h - size * 0.7);
        let weights = snapshots.last().and_then(|s| s.layers.get(l)).map_or(0, Vec::len);
        let title = fit_text(area, &format!("layer {}: {weights} weights", l + 1), &style, panel_w as i32)?;
        area.draw(&Text::new(
            title,
            (x0 as i32, (title_y + line / 2.0) as i32),
            style.pos(Pos::new(HPos::Left, VPos::Center)),
        ))?;
        draw_strip(area, strip, (x0, y0, x0 + panel_w, y1), theme)?;
        for (v, y) in [(strip.reach, y0), (0.0, (y0 + y1) / 2.0), (-strip.reach, y1)] {
            let label = if v == 0.0 { "0".to_string() } else { compact_number(v) };
            area.draw(&Text::new(label, ((x0 - 4.0) as i32, y as i32), right_mid.clone()))?;
        }
    }
    // Epoch labels under the bottom panels: at most one per 3.5 font sizes, counted back from
    // the last epoch (always labelled).
    let k = snapshots.len();
    let step = k.div_ceil(((panel_w / (size * 3.5)).floor() as usize).max(1)).max(1);
    let label_y = pad + rows as f64 * panel_h + line / 2.0 - 2.0;
    let centre = style.pos(Pos::new(HPos::Center, VPos::Center));
    for c in 0..cols {
        let x0 = left + c as f64 * (panel_w + col_gap);
        for s in (0..k).rev().step_by(step) {
            let cx = x0 + (s as f64 + 0.5) * panel_w / k as f64;
            area.draw(&Text::new(snapshots[s].epoch.to_string(), (cx as i32, label_y as i32), centre.clone()))?;
        }
        let cx = x0 + panel_w / 2.0;
        area.draw(&Text::new(
            "epoch",
            (cx as i32, (label_y + line) as i32),
            muted.pos(Pos::new(HPos::Center, VPos::Center)),
        ))?;
    }
    let turned = muted.transform(FontTransform::Rotate270).pos(Pos::new(HPos::Center, VPos::Center));
    area.draw(&Text::new("weight", ((pad + line / 2.0) as i32, ((h - bottom) / 2.0) as i32), turned))?;
    Ok(())
}

/// One strip in the pixel rectangle `(x0, y0, x1, y1)`: snapshots across, bins up.
fn draw_strip<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    strip: &WeightStrip,
    (x0, y0, x1, y1): (f64, f64, f64, f64),
    theme: &Theme,
) -> Result<()> {
    let k = strip.counts.len().max(1);
    let bins = strip.counts.first().map_or(1, Vec::len).max(1);
    let most = strip.counts.iter().flatten().copied().max().unwrap_or(0).max(1);
    let x = |s: usize| (x0 + (x1 - x0) * s as f64 / k as f64).round() as i32;
    let y = |i: usize| (y1 - (y1 - y0) * i as f64 / bins as f64).round() as i32;
    area.draw(&Rectangle::new([(x(0), y(bins)), (x(k), y(0))], theme.background.filled()))?;
    for (s, column) in strip.counts.iter().enumerate() {
        for (i, &c) in column.iter().enumerate().filter(|(_, c)| **c > 0) {
            let shade = lerp_color(theme.background, theme.positive, (c as f64 / most as f64).sqrt());
            area.draw(&Rectangle::new([(x(s), y(i + 1)), (x(s + 1), y(i))], shade.filled()))?;
        }
    }
    let mid = ((y0 + y1) / 2.0).round() as i32;
    area.draw(&DashedPathElement::new(vec![(x(0), mid), (x(k), mid)], 2, 3, theme.axis.stroke_width(1)))?;
    area.draw(&Rectangle::new([(x(0), y(bins)), (x(k), y(0))], theme.grid.stroke_width(1)))?;
    Ok(())
}

/// The chart's accessible name: per layer its size, its spread (standard deviation) at the
/// first and last recorded epoch and its range.
///
/// `"Weight distributions of 2 layers over 3 recorded epochs (1 to 10). Layer 1: 4 weights,
/// standard deviation 0.5 at epoch 1 and 1.2 at epoch 10, from -2 to 2. …"`
pub fn describe_weight_histograms(snapshots: &[WeightSnapshot]) -> String {
    let (Some(first), Some(last)) = (snapshots.first(), snapshots.last()) else {
        return "Weight distributions: no weights recorded yet".into();
    };
    let layers = snapshots.iter().map(|s| s.layers.len()).max().unwrap_or(0);
    let mut text = format!(
        "Weight distributions of {layers} layers over {} recorded epochs ({} to {}).",
        snapshots.len(),
        first.epoch,
        last.epoch
    );
    for l in 0..layers {
        let sd = |s: &WeightSnapshot| {
            let v = s.layers.get(l).map_or(f64::NAN, |w| std_dev(w));
            if v.is_nan() {
                "n/a".to_string()
            } else {
                compact_number(v)
            }
        };
        let w = last.layers.get(l).map_or(&[][..], Vec::as_slice);
        let (lo, hi) = w
            .iter()
            .filter(|v| v.is_finite())
            .fold((f32::INFINITY, f32::NEG_INFINITY), |(a, b), &v| (a.min(v), b.max(v)));
        text += &format!(
            " Layer {}: {} weights, standard deviation {} at epoch {} and {} at epoch {}",
            l + 1,
            w.len(),
            sd(first),
            first.epoch,
            sd(last),
            last.epoch
        );
        if lo <= hi {
            text += &format!(", from {} to {}", compact_number(f64::from(lo)), compact_number(f64::from(hi)));
        }
        text.push('.');
    }
    text
}

/// Population standard deviation of the finite values (NaN for none).
fn std_dev(w: &[f32]) -> f64 {
    let v: Vec<f64> = w.iter().copied().filter(|x| x.is_finite()).map(f64::from).collect();
    let n = v.len() as f64;
    let mean = v.iter().sum::<f64>() / n;
    (v.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / n).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_by_hand() {
        // Layer 0 reaches 2 over both epochs: 4 bins of width 1 over [−2, 2].
        let s = vec![
            WeightSnapshot { epoch: 1, layers: vec![vec![-0.5, 0.5, 0.0, f32::NAN], vec![0.0]] },
            WeightSnapshot { epoch: 5, layers: vec![vec![-2.0, 2.0, 1.5, -1.0]] },
        ];
        let strips = weight_strips(&s, 4);
        assert_eq!(strips.len(), 2);
        assert_eq!(strips[0].reach, 2.0);
        // −0.5 → bin 1, 0.5 and 0 → bin 2; −2 → 0, 2 → 3 (top bin closed), 1.5 → 3, −1 → 1.
        assert_eq!(strips[0].counts, vec![vec![0, 1, 2, 0], vec![1, 1, 0, 2]]);
        // All-zero layer: reach 1; the snapshot without it counts nothing.
        assert_eq!(strips[1].reach, 1.0);
        assert_eq!(strips[1].counts, vec![vec![0, 0, 1, 0], vec![0, 0, 0, 0]]);
        assert_eq!(std_dev(&[1.0, 3.0]), 1.0);
        assert_eq!(
            describe_weight_histograms(&s),
            "Weight distributions of 2 layers over 2 recorded epochs (1 to 5). Layer 1: 4 weights, standard \
             deviation 0.4082 at epoch 1 and 1.672 at epoch 5, from -2 to 2. Layer 2: 0 weights, standard \
             deviation 0 at epoch 1 and n/a at epoch 5."
        );
    }
}
