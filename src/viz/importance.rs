//! Feature importance as horizontal bars, one row per input, most important first
//! ([`Importance::order`]): on the left the permutation importance (the mean drop of the test
//! score when the input is shuffled, with an error bar from `mean − sd` to `mean + sd` over the
//! repeats), on the right, for tree models, the impurity-based importance (the input's share of
//! the splits' gains, which sum to 1). The two panels have their own scales (a score drop and a
//! share are different quantities) and share the rows, so an input reads across; the series
//! also differ in colour and by the panels' titles. Inputs that do not fit the height are
//! counted in the last row. The footer says on how many test rows and repeats the permutations
//! ran.

use super::frame::{fit_text, nice_ticks};
use super::{tick_label, Theme};
use crate::error::Result;
use crate::text::thousands;
use crate::train::Importance;
use plotters::coord::Shift;
use plotters::element::Text;
use plotters::prelude::{Color, DrawingArea, DrawingBackend, PathElement, RGBColor, Rectangle};
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Inputs named in the text alternative (the rest are counted).
const DESCRIBED: usize = 12;

/// One panel: its title, left edge and width in pixels, value range and bar colour.
struct Panel {
    title: String,
    x0: f64,
    w: f64,
    lo: f64,
    hi: f64,
    colour: RGBColor,
}

impl Panel {
    fn px(&self, v: f64) -> f64 {
        self.x0 + (v - self.lo) / (self.hi - self.lo) * self.w
    }
}

/// Draws `imp` filling `area` (see the module docs).
///
/// # Errors
/// [`crate::Error::Plot`] if the backend fails.
pub fn draw_importance<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    imp: &Importance,
    theme: &Theme,
) -> Result<()> {
    area.fill(&theme.background)?;
    let (w, h) = area.dim_in_pixel();
    let (w, h) = (f64::from(w), f64::from(h));
    let size = theme.font_size;
    let pad = (size * 0.5).round();
    let style = theme.text_style(size);
    let order = imp.order();
    if order.is_empty() {
        return super::frame::draw_note(area, "no inputs", theme);
    }
    // Rows of 1.5 font sizes at least; below them the tick labels, a line counting the inputs
    // left out (if any) and the footnote.
    let (header, axis_h, line) = (size * 1.5, size * 1.6, size * 1.5);
    let room = h - 2.0 * pad - header - axis_h - line;
    let all = ((room / (size * 1.5)).floor() as usize).max(1);
    let shown = if order.len() > all { ((room - line) / (size * 1.5)).floor().max(1.0) as usize } else { order.len() };
    let mut label_w: f64 = 0.0;
    for &j in &order[..shown] {
        label_w = label_w.max(f64::from(area.estimate_text_size(&imp.features[j], &style)?.0));
    }
    let label_w = label_w.min(w * 0.3);
    let x0 = pad + label_w + 8.0;
    let gap = size * 1.5;
    let panels = panels(imp, x0, w - pad - size, gap, theme);
    let row_h = ((room - if shown < order.len() { line } else { 0.0 }) / shown as f64).min(size * 3.0);
    let top = pad + header;
    let left_top = style.pos(Pos::new(HPos::Left, VPos::Center));
    let plot_bottom = top + row_h * (shown as f64);
    for p in &panels {
        let title = fit_text(area, &p.title, &style, p.w as i32)?;
        area.draw(&Text::new(title, (p.x0 as i32, (pad + header / 2.0) as i32), left_top.clone()))?;
        draw_axis(area, p, top, plot_bottom, theme)?;
    }
    let right_mid = style.pos(Pos::new(HPos::Right, VPos::Center));
    for (k, &j) in order[..shown].iter().enumerate() {
        let cy = top + row_h * (k as f64 + 0.5);
        let half = (row_h * 0.3).max(1.0);
        let label = fit_text(area, &imp.features[j], &style, label_w as i32)?;
        area.draw(&Text::new(label, ((x0 - 8.0) as i32, cy as i32), right_mid.clone()))?;
        let mean = imp.mean.get(j).copied().unwrap_or(f64::NAN);
        let values = [mean, imp.impurity.as_ref().and_then(|v| v.get(j).copied()).unwrap_or(f64::NAN)];
        for (p, &v) in panels.iter().zip(&values) {
            if v.is_finite() && v != 0.0 {
                bar(area, p, v, cy, half)?;
            }
        }
        let sd = imp.std.get(j).copied().unwrap_or(0.0);
        if let (Some(p), true) = (panels.first(), mean.is_finite() && sd > 0.0) {
            let (a, b, y) = (p.px(mean - sd) as i32, p.px(mean + sd) as i32, cy as i32);
            let cap = (half * 0.7) as i32;
            let ink = theme.text.stroke_width(1);
            area.draw(&PathElement::new(vec![(a, y), (b, y)], ink))?;
            area.draw(&PathElement::new(vec![(a, y - cap), (a, y + cap)], ink))?;
            area.draw(&PathElement::new(vec![(b, y - cap), (b, y + cap)], ink))?;
        }
    }
    let muted = theme.text_style(size).color(&theme.axis).pos(Pos::new(HPos::Left, VPos::Center));
    let mut y = plot_bottom + axis_h + line / 2.0;
    if shown < order.len() {
        let more = format!("… and {} more inputs, each less important", order.len() - shown);
        area.draw(&Text::new(more, (pad as i32, y as i32), muted.clone()))?;
        y += line;
    }
    let note = fit_text(area, &footnote(imp), &style, (w - 2.0 * pad) as i32)?;
    area.draw(&Text::new(note, (pad as i32, y as i32), muted))?;
    Ok(())
}

/// A chart height (pixels) giving each of `inputs` rows 2.2 font sizes, for at most 14 rows
/// (the rest are counted in a line of their own): the page sizes its canvas by it.
pub fn importance_height(inputs: usize, theme: &Theme) -> u32 {
    let size = theme.font_size;
    let rows = inputs.clamp(1, 14) as f64 * size * 2.2 + if inputs > 14 { size * 1.5 } else { 0.0 };
    (size.round() + size * (1.5 + 1.6 + 1.5) + rows).round() as u32
}

/// The permutation panel, and the impurity panel beside it for a tree model, between `x0`
/// and `right` pixels.
fn panels(imp: &Importance, x0: f64, right: f64, gap: f64, theme: &Theme) -> Vec<Panel> {
    let finite = |v: f64| if v.is_finite() { v } else { 0.0 };
    let ends = imp.mean.iter().zip(&imp.std).flat_map(|(m, s)| [finite(m - s), finite(m + s)]);
    let (lo, hi) = ends.fold((0.0f64, 0.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let hi = if hi - lo > 0.0 { hi } else { lo + 0.01 };
    let score = imp.score.label();
    let permutation = format!("Drop in {score} when shuffled");
    let Some(impurity) = &imp.impurity else {
        return vec![Panel { title: permutation, x0, w: right - x0, lo, hi, colour: theme.train_line }];
    };
    let top = impurity.iter().copied().map(finite).fold(0.0f64, f64::max);
    let width = ((right - x0 - gap) / 2.0).max(1.0);
    vec![
        Panel { title: permutation, x0, w: width, lo, hi, colour: theme.train_line },
        Panel {
            title: "Share of split gains (impurity)".into(),
            x0: x0 + width + gap,
            w: width,
            lo: 0.0,
            hi: if top > 0.0 { top } else { 1.0 },
            colour: theme.test_line,
        },
    ]
}

/// A bar from 0 to `v` (not 0) in panel `p`, centred on row `cy`, at least a pixel long.
fn bar<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, p: &Panel, v: f64, cy: f64, half: f64) -> Result<()> {
    let (a, b) = (p.px(0.0), p.px(v));
    let (a, b) = if (b - a).abs() < 1.0 { (a, a + (b - a).signum()) } else { (a, b) };
    let r = [(a.min(b).round() as i32, (cy - half) as i32), (a.max(b).round() as i32, (cy + half) as i32)];
    area.draw(&Rectangle::new(r, p.colour.filled()))?;
    Ok(())
}

/// Grid lines, the zero line and tick labels of panel `p` from `top` to `bottom`.
fn draw_axis<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    p: &Panel,
    top: f64,
    bottom: f64,
    theme: &Theme,
) -> Result<()> {
    let size = theme.font_size;
    let ticks = nice_ticks(p.lo, p.hi, ((p.w / (size * 3.5)) as usize).clamp(2, 5));
    let span = p.lo.abs().max(p.hi.abs());
    let label = theme.text_style(size).pos(Pos::new(HPos::Center, VPos::Top));
    for &t in &ticks {
        let x = p.px(t) as i32;
        let colour = if t == 0.0 { theme.axis } else { theme.grid };
        area.draw(&PathElement::new(vec![(x, top as i32), (x, bottom as i32)], colour))?;
        area.draw(&Text::new(tick_label(t, span), (x, (bottom + size * 0.3) as i32), label.clone()))?;
    }
    let zero = p.px(0.0) as i32;
    area.draw(&PathElement::new(vec![(zero, top as i32), (zero, bottom as i32)], theme.axis))?;
    Ok(())
}

/// On what the permutations ran: `"Shuffled 5× on 69 test rows; test accuracy 0.971 unshuffled."`,
/// or `"… on 495 of 20,000 test rows (evenly spaced, to keep it quick) …"`.
pub fn footnote(imp: &Importance) -> String {
    let rows = if imp.rows < imp.test_rows {
        format!("{} of {} test rows (evenly spaced, to keep it quick)", thousands(imp.rows), thousands(imp.test_rows))
    } else {
        format!("{} test rows", thousands(imp.rows))
    };
    format!("Shuffled {}× on {rows}; test {} {:.3} unshuffled.", imp.repeats, imp.score.label(), imp.baseline)
}

/// The chart's text alternative: what it measures, on what, and each input's numbers, most
/// important first (the first 12; the rest counted).
///
/// `"Feature importance of 2 inputs: the drop in test accuracy when an input is shuffled (mean
/// ± sd over the repeats) and its share of the trees' split gains. signal: drop 0.467 ± 0.163,
/// share 100%. noise: drop 0.000 ± 0.000, share 0%. Shuffled 5× on 6 test rows; test accuracy
/// 1.000 unshuffled."`
pub fn describe_importance(imp: &Importance) -> String {
    let n = imp.features.len();
    let what = if imp.impurity.is_some() { " and its share of the trees' split gains" } else { "" };
    let mut text = format!(
        "Feature importance of {n} input{}: the drop in test {} when an input is shuffled (mean ± sd over the \
         repeats){what}.",
        if n == 1 { "" } else { "s" },
        imp.score.label(),
    );
    let order = imp.order();
    for &j in order.iter().take(DESCRIBED) {
        let (m, s) = (imp.mean.get(j).copied().unwrap_or(f64::NAN), imp.std.get(j).copied().unwrap_or(f64::NAN));
        text += &format!(" {}: drop {m:.3} ± {s:.3}", imp.features[j]);
        if let Some(v) = imp.impurity.as_ref().and_then(|v| v.get(j)) {
            text += &format!(", share {}", super::confusion::percent(*v));
        }
        text.push('.');
    }
    if n > DESCRIBED {
        text += &format!(" {} more inputs matter less.", n - DESCRIBED);
    }
    format!("{text} {}", footnote(imp))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::train::ImportanceScore;

    #[test]
    fn heights_by_hand() {
        let theme = Theme::light();
        // 13 padding + 13·4.6 = 59.8 for the title, ticks and footnote, and 28.6 per row.
        assert_eq!(importance_height(4, &theme), 187);
        assert_eq!(importance_height(14, &theme), 473);
        assert_eq!(importance_height(40, &theme), 493);
    }

    #[test]
    fn description_by_hand() {
        let imp = Importance {
            features: vec!["noise".into(), "signal".into()],
            score: ImportanceScore::Accuracy,
            baseline: 1.0,
            mean: vec![0.0, 0.5],
            std: vec![0.0, 0.125],
            impurity: Some(vec![0.0, 1.0]),
            rows: 500,
            test_rows: 20_000,
            repeats: 3,
        };
        assert_eq!(
            describe_importance(&imp),
            "Feature importance of 2 inputs: the drop in test accuracy when an input is shuffled (mean ± sd over \
             the repeats) and its share of the trees' split gains. signal: drop 0.500 ± 0.125, share 100%. noise: \
             drop 0.000 ± 0.000, share 0%. Shuffled 3× on 500 of 20,000 test rows (evenly spaced, to keep it \
             quick); test accuracy 1.000 unshuffled."
        );
        let net = Importance { impurity: None, rows: 20_000, score: ImportanceScore::R2, ..imp };
        assert!(
            describe_importance(&net).contains("shuffled (mean ± sd over the repeats). signal: drop 0.500 ± 0.125.")
        );
        assert_eq!(footnote(&net), "Shuffled 3× on 20,000 test rows; test R² 1.000 unshuffled.");
    }
}
