//! The grid of coloured, labelled cells shared by the confusion matrix and the correlation
//! heat map: row labels on the left under a rotated row title, column labels below the grid
//! (turned to read upwards when they do not fit across a column) above the column title, an
//! optional colour bar on the right, and up to two lines of text per cell when they fit.

use super::frame::fit_text;
use super::Theme;
use crate::error::Result;
use plotters::coord::Shift;
use plotters::element::Text;
use plotters::prelude::{Color, DrawingArea, DrawingBackend, RGBColor, Rectangle};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::FontTransform;

/// One cell: its fill, its text lines (drawn only if they fit) and their colour.
pub(crate) struct Cell {
    pub fill: RGBColor,
    pub lines: Vec<String>,
    pub ink: RGBColor,
}

/// A vertical colour bar: the colour at `t ∈ [0, 1]` (bottom to top) and the labels at the
/// bottom, middle and top.
pub(crate) struct ColourBar<'a> {
    pub colour: &'a dyn Fn(f64) -> RGBColor,
    pub labels: [&'a str; 3],
}

/// Where the cells went: the grid's top-left corner and cell size, in pixels of the area.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Grid {
    pub left: f64,
    pub top: f64,
    pub cell_w: f64,
    pub cell_h: f64,
}

/// Draws an `rows.len() × cols.len()` grid of cells filling `area` (see the module docs).
/// `titles` are the column and row titles (empty: none).
pub(crate) fn draw_matrix<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    rows: &[String],
    cols: &[String],
    titles: (&str, &str),
    cell: impl Fn(usize, usize) -> Cell,
    bar: Option<ColourBar<'_>>,
    theme: &Theme,
) -> Result<Grid> {
    area.fill(&theme.background)?;
    let (w, h) = area.dim_in_pixel();
    let (w, h) = (f64::from(w), f64::from(h));
    let size = theme.font_size;
    let pad = (size * 0.5).round();
    let line = size * 1.2;
    let style = theme.text_style(size);
    let (nr, nc) = (rows.len(), cols.len());

    // Left: the row title (turned), then the row labels.
    let title_h = |t: &str| if t.is_empty() { 0.0 } else { line };
    let max_label = w * 0.3;
    let mut row_w: f64 = 0.0;
    for r in rows {
        row_w = row_w.max(f64::from(area.estimate_text_size(r, &style)?.0));
    }
    let row_w = row_w.min(max_label);
    let left = pad + title_h(titles.1) + row_w + 4.0;
    // Right: the colour bar and its labels.
    let right = match &bar {
        Some(b) => {
            let mut lw: f64 = 0.0;
            for l in b.labels {
                lw = lw.max(f64::from(area.estimate_text_size(l, &style)?.0));
            }
            pad + 12.0 + 4.0 + lw + pad
        }
        None => pad + 2.0,
    };
    let cell_w = ((w - left - right) / nc.max(1) as f64).max(1.0);
    // Below: column labels across if they all fit a column, else turned.
    let mut col_w: f64 = 0.0;
    for c in cols {
        col_w = col_w.max(f64::from(area.estimate_text_size(c, &style)?.0));
    }
    let turned = col_w > cell_w - 4.0;
    let labels_h = if turned { col_w.min(h * 0.3) } else { line };
    let bottom = 4.0 + labels_h + title_h(titles.0) + pad;
    let top = pad;
    let cell_h = ((h - top - bottom) / nr.max(1) as f64).max(1.0);
    let grid = Grid { left, top, cell_w, cell_h };
    let x = |j: usize| (left + j as f64 * cell_w).round() as i32;
    let y = |i: usize| (top + i as f64 * cell_h).round() as i32;

    for i in 0..nr {
        for j in 0..nc {
            let c = cell(i, j);
            area.draw(&Rectangle::new([(x(j), y(i)), (x(j + 1), y(i + 1))], c.fill.filled()))?;
            draw_cell_text(area, &c, (x(j), y(i), x(j + 1), y(i + 1)), theme)?;
        }
    }
    // Thin white lines between cells.
    for j in 1..nc {
        area.draw(&Rectangle::new([(x(j), y(0)), (x(j) + 1, y(nr))], theme.background.filled()))?;
    }
    for i in 1..nr {
        area.draw(&Rectangle::new([(x(0), y(i)), (x(nc), y(i) + 1)], theme.background.filled()))?;
    }

    let right_mid = style.pos(Pos::new(HPos::Right, VPos::Center));
    for (i, r) in rows.iter().enumerate() {
        let label = fit_text(area, r, &style, row_w as i32)?;
        let cy = (top + (i as f64 + 0.5) * cell_h).round() as i32;
        area.draw(&Text::new(label, ((left - 4.0) as i32, cy), right_mid.clone()))?;
    }
    let grid_bottom = y(nr);
    for (j, c) in cols.iter().enumerate() {
        let cx = (left + (j as f64 + 0.5) * cell_w).round() as i32;
        if turned {
            let label = fit_text(area, c, &style, labels_h as i32)?;
            let s = style.transform(FontTransform::Rotate270).pos(Pos::new(HPos::Right, VPos::Center));
            area.draw(&Text::new(label, (cx, grid_bottom + 4), s))?;
        } else {
            let s = style.pos(Pos::new(HPos::Center, VPos::Top));
            area.draw(&Text::new(c.clone(), (cx, grid_bottom + 4), s))?;
        }
    }
    let centre = style.pos(Pos::new(HPos::Center, VPos::Center));
    if !titles.0.is_empty() {
        let cx = (left + nc as f64 * cell_w / 2.0).round() as i32;
        let cy = (f64::from(grid_bottom) + 4.0 + labels_h + line / 2.0).round() as i32;
        area.draw(&Text::new(titles.0.to_string(), (cx, cy), centre.clone()))?;
    }
    if !titles.1.is_empty() {
        let cy = (top + nr as f64 * cell_h / 2.0).round() as i32;
        let s = centre.transform(FontTransform::Rotate270);
        area.draw(&Text::new(titles.1.to_string(), ((pad + line / 2.0) as i32, cy), s))?;
    }
    if let Some(b) = bar {
        draw_bar(area, &b, (x(nc) + pad as i32, y(0), grid_bottom), theme)?;
    }
    Ok(grid)
}

/// The cell's lines, centred, at the theme's font size or smaller (down to 70 %); only the
/// first line if both do not fit, nothing if not even that fits.
fn draw_cell_text<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    c: &Cell,
    (x0, y0, x1, y1): (i32, i32, i32, i32),
    theme: &Theme,
) -> Result<()> {
    let (cw, ch) = (f64::from(x1 - x0 - 4), f64::from(y1 - y0 - 2));
    for n in (1..=c.lines.len()).rev() {
        let mut size = theme.font_size;
        while size >= theme.font_size * 0.7 {
            let style = theme.text_style(size).color(&c.ink);
            let mut widest = 0;
            for l in &c.lines[..n] {
                widest = widest.max(area.estimate_text_size(l, &style)?.0);
            }
            let line = size * 1.05;
            if f64::from(widest) <= cw && line * n as f64 <= ch {
                let cx = (x0 + x1) / 2;
                let first = f64::from(y0 + y1) / 2.0 - line * (n as f64 - 1.0) / 2.0;
                let style = style.pos(Pos::new(HPos::Center, VPos::Center));
                for (k, l) in c.lines[..n].iter().enumerate() {
                    let cy = (first + line * k as f64).round() as i32;
                    area.draw(&Text::new(l.clone(), (cx, cy), style.clone()))?;
                }
                return Ok(());
            }
            size -= 1.0;
        }
    }
    Ok(())
}

/// The colour bar: 12 pixels wide from `top` to `bottom` at `x`, labels to its right.
fn draw_bar<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    b: &ColourBar<'_>,
    (x, top, bottom): (i32, i32, i32),
    theme: &Theme,
) -> Result<()> {
    let steps = 32;
    let h = f64::from(bottom - top);
    for k in 0..steps {
        let t = (f64::from(k) + 0.5) / f64::from(steps);
        let ya = bottom - (h * f64::from(k) / f64::from(steps)).round() as i32;
        let yb = bottom - (h * f64::from(k + 1) / f64::from(steps)).round() as i32;
        area.draw(&Rectangle::new([(x, yb), (x + 12, ya)], (b.colour)(t).filled()))?;
    }
    area.draw(&Rectangle::new([(x, top), (x + 12, bottom)], theme.axis))?;
    let style = theme.text_style(theme.font_size).pos(Pos::new(HPos::Left, VPos::Center));
    for (k, l) in b.labels.iter().enumerate() {
        let y = bottom - (h * k as f64 / 2.0).round() as i32;
        area.draw(&Text::new(l.to_string(), (x + 16, y), style.clone()))?;
    }
    Ok(())
}
