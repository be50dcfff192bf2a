//! The network as a diagram, as TensorFlow Playground draws it: one column of neuron boxes per
//! layer (inputs on the left, labelled with the feature names, then each hidden layer, then the
//! outputs), and a line for every weight between neighbouring columns.
//!
//! - A connection is orange ([`Theme::negative`]) for a negative weight and blue
//!   ([`Theme::positive`]) for a positive one; its width is `0.5 + 3.5·|w| / max |w|` pixels
//!   (the maximum over the whole network, so layers compare), drawn rounded to 1–4 whole
//!   pixels `s`, with opacity `0.25 + 0.75·(s − 1) / 3`: strong weights stand out, near-zero
//!   ones fade, and there are only eight line styles, so a canvas draws hundreds of
//!   connections without re-parsing a colour for each.
//! - A layer of more than [`MAX_UNITS`] units shows its first `MAX_UNITS − 1` and a box "+k"
//!   for the `k` others (whose connections are not drawn).
//! - Optionally each box shows what its neuron computes over the data plane as a small heat
//!   map, in the value convention of the decision map: `res × res` values, row-major, the
//!   bottom row (lowest x2) first; hidden and input neurons on the `[-1, 1]` scale, the output
//!   neurons as the decision map reads them for `task` (a probability for classification).
//!
//! The layout is a pure function ([`network_layout`]) of the weights, names, size and theme, so
//! the page can hit-test the pointer ([`connection_at`], [`neuron_at`]) for tooltips without
//! drawing.

use super::frame::fit_text;
use super::{output_position, Theme};
use crate::data::Task;
use crate::error::{Error, Result};
use crate::model::LayerWeights;
use plotters::coord::Shift;
use plotters::element::Text;
use plotters::prelude::{Color, DrawingArea, DrawingBackend, PathElement, Rectangle};
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Most unit boxes in a column; larger layers end in a "+k" box.
pub const MAX_UNITS: usize = 16;

/// One box: a neuron (`unit: Some(k)`) or the "+k" box of a large layer (`unit: None`).
#[derive(Clone, Debug, PartialEq)]
pub struct NeuronBox {
    /// Column: 0 for the inputs, `l` for the outputs of `layers[l − 1]`.
    pub column: usize,
    /// Unit index within the column, `None` for the ellipsis box.
    pub unit: Option<usize>,
    /// Left edge, pixels.
    pub x: f64,
    /// Top edge, pixels.
    pub y: f64,
    /// Side length, pixels.
    pub size: f64,
}

/// One drawn weight: `layers[layer].w[from · outputs + to]`, from the right side of box
/// `from` in column `layer` to the left side of box `to` in column `layer + 1`.
#[derive(Clone, Debug, PartialEq)]
pub struct Connection {
    /// Index of the weight matrix.
    pub layer: usize,
    /// Input unit.
    pub from: usize,
    /// Output unit.
    pub to: usize,
    /// The weight.
    pub weight: f32,
    /// Start point, pixels.
    pub start: (f64, f64),
    /// End point, pixels.
    pub end: (f64, f64),
    /// Line width, pixels.
    pub width: f64,
}

/// Where everything of a network diagram goes, in pixels of the drawing area.
#[derive(Clone, Debug, PartialEq)]
pub struct NetworkLayout {
    /// Units per column (inputs, hidden layers, outputs).
    pub units: Vec<usize>,
    /// Every box drawn.
    pub boxes: Vec<NeuronBox>,
    /// Every connection drawn.
    pub connections: Vec<Connection>,
    /// Width of the feature-name gutter on the left.
    pub gutter: f64,
    /// Height of the column titles at the top.
    pub header: f64,
    /// Largest finite |weight| (0 without weights).
    pub max_abs_weight: f32,
}

/// Checks that consecutive layers chain and hold `inputs × outputs` weights.
fn check(layers: &[LayerWeights]) -> Result<()> {
    for (l, layer) in layers.iter().enumerate() {
        if layer.w.len() != layer.inputs * layer.outputs {
            return Err(Error::Plot(format!(
                "layer {l} of {}×{} units has {} weights",
                layer.inputs,
                layer.outputs,
                layer.w.len()
            )));
        }
        if let Some(next) = layers.get(l + 1).filter(|n| n.inputs != layer.outputs) {
            return Err(Error::Plot(format!(
                "layer {l} has {} outputs but layer {} has {} inputs",
                layer.outputs,
                l + 1,
                next.inputs
            )));
        }
    }
    Ok(())
}

/// Units per column.
fn unit_counts(layers: &[LayerWeights]) -> Vec<usize> {
    let mut units: Vec<usize> = layers.first().map(|l| vec![l.inputs]).unwrap_or_default();
    units.extend(layers.iter().map(|l| l.outputs));
    units
}

/// Lays out the diagram of `layers` in an area of `size` pixels (see the module docs).
///
/// Geometry: a left gutter for the feature names (0.55 font sizes per character of the longest
/// name, at most 12 characters, at most a quarter of the width), a header line for the column
/// titles; the columns' centres are spread evenly over the rest; box side
/// `min(pitch / 1.35, column spacing · 0.45, 4 font sizes)` where the pitch (box plus gap) is
/// the height over the most boxes in a column, at most 1.8 box sides; each column is centred
/// vertically.
///
/// # Errors
/// [`crate::Error::Plot`] if the layers do not chain (see [`LayerWeights`]).
pub fn network_layout(
    layers: &[LayerWeights],
    feature_names: &[String],
    size: (u32, u32),
    theme: &Theme,
) -> Result<NetworkLayout> {
    check(layers)?;
    let units = unit_counts(layers);
    let (w, h) = (f64::from(size.0), f64::from(size.1));
    let font = theme.font_size;
    let pad = (font * 0.5).round();
    let chars = feature_names.iter().map(|n| n.chars().count().min(12)).max().unwrap_or(2).max(2);
    let gutter = (chars as f64 * 0.55 * font + pad + 4.0).min(w * 0.25);
    let header = font * 1.5;
    let slots = |n: usize| n.min(MAX_UNITS);
    let most = units.iter().map(|&n| slots(n)).max().unwrap_or(1).max(1);
    let inner_h = (h - header - 2.0 * pad).max(1.0);
    let spacing = (w - gutter - pad) / units.len().max(1) as f64;
    let mut pitch = inner_h / most as f64;
    let side = (pitch / 1.35).min(spacing * 0.45).min(font * 4.0).max(2.0);
    pitch = pitch.min(side * 1.8);
    let mut boxes = Vec::new();
    for (c, &n) in units.iter().enumerate() {
        let cx = gutter + spacing * (c as f64 + 0.5);
        let top = pad + header + (inner_h - slots(n) as f64 * pitch) / 2.0;
        for k in 0..slots(n) {
            let unit = if n > MAX_UNITS && k == MAX_UNITS - 1 { None } else { Some(k) };
            let y = top + k as f64 * pitch + (pitch - side) / 2.0;
            boxes.push(NeuronBox { column: c, unit, x: cx - side / 2.0, y, size: side });
        }
    }
    let max_abs_weight = layers.iter().flat_map(|l| &l.w).filter(|v| v.is_finite()).fold(0.0f32, |m, v| m.max(v.abs()));
    let find = |c: usize, u: usize| boxes.iter().find(|b| b.column == c && b.unit == Some(u));
    let mut connections = Vec::new();
    for (l, layer) in layers.iter().enumerate() {
        for from in 0..layer.inputs {
            let Some(a) = find(l, from) else { continue };
            for to in 0..layer.outputs {
                let Some(b) = find(l + 1, to) else { continue };
                let weight = layer.w[from * layer.outputs + to];
                let strength = if max_abs_weight > 0.0 && weight.is_finite() {
                    f64::from(weight.abs() / max_abs_weight)
                } else {
                    0.0
                };
                connections.push(Connection {
                    layer: l,
                    from,
                    to,
                    weight,
                    start: (a.x + a.size, a.y + a.size / 2.0),
                    end: (b.x, b.y + b.size / 2.0),
                    width: 0.5 + 3.5 * strength,
                });
            }
        }
    }
    Ok(NetworkLayout { units, boxes, connections, gutter, header, max_abs_weight })
}

/// Draws the network diagram filling `area` and returns its layout (for hit-testing).
/// `images`, if given, holds one heat map per unit in column order (all inputs, then each
/// layer's outputs); an empty one leaves its box plain.
///
/// # Errors
/// [`crate::Error::Plot`] if the layers do not chain, if `images` has the wrong number of
/// entries or an entry whose length is not a square, or if the backend fails.
pub fn draw_network<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    layers: &[LayerWeights],
    feature_names: &[String],
    images: Option<&[Vec<f32>]>,
    task: Task,
    theme: &Theme,
) -> Result<NetworkLayout> {
    let layout = network_layout(layers, feature_names, area.dim_in_pixel(), theme)?;
    let total: usize = layout.units.iter().sum();
    if let Some(im) = images {
        if im.len() != total {
            return Err(Error::Plot(format!("{} neuron images for {total} neurons", im.len())));
        }
        if let Some(bad) = im.iter().find(|v| {
            let r = v.len().isqrt();
            r * r != v.len()
        }) {
            return Err(Error::Plot(format!("a neuron image of {} values is not square", bad.len())));
        }
    }
    area.fill(&theme.background)?;
    if layers.is_empty() {
        return super::frame::draw_note(area, "no network yet", theme).map(|_| layout);
    }
    // Weakest first, so strong connections are drawn on top; equal styles next to each other,
    // so a canvas sets each style once (see the module notes on opacity).
    let stroke = |c: &Connection| c.width.round().max(1.0);
    let mut order: Vec<&Connection> = layout.connections.iter().collect();
    // Stroke widths are whole numbers: width·2 + (negative) orders by width, then sign.
    crate::order::sort_by_number(&mut order, crate::order::Direction::Ascending, |c| {
        stroke(c) * 2.0 + f64::from(u8::from(c.weight < 0.0))
    });
    for c in order {
        let colour = if c.weight < 0.0 { theme.negative } else { theme.positive };
        let alpha = 0.25 + 0.75 * (stroke(c) - 1.0) / 3.0;
        let style = colour.mix(alpha).stroke_width(stroke(c) as u32);
        let pts = vec![px(c.start), px(c.end)];
        area.draw(&PathElement::new(pts, style))?;
    }
    let last = layout.units.len() - 1;
    let offsets = column_offsets(&layout.units);
    let style = theme.text_style(theme.font_size);
    for b in &layout.boxes {
        let (x0, y0) = px((b.x, b.y));
        let (x1, y1) = px((b.x + b.size, b.y + b.size));
        match b.unit {
            Some(u) => {
                area.draw(&Rectangle::new([(x0, y0), (x1, y1)], theme.empty_plot.filled()))?;
                if let Some(img) = images.and_then(|im| im.get(offsets[b.column] + u)).filter(|v| !v.is_empty()) {
                    draw_image(area, b, img, |v| unit_position(v, b.column == last, task), theme)?;
                }
            }
            None => {
                area.draw(&Rectangle::new([(x0, y0), (x1, y1)], theme.background.filled()))?;
                let hidden = layout.units[b.column] - (MAX_UNITS - 1);
                let small =
                    theme.text_style((b.size * 0.6).min(theme.font_size)).pos(Pos::new(HPos::Center, VPos::Center));
                let label = fit_text(area, &format!("+{hidden}"), &small, x1 - x0)?;
                let label = if label.is_empty() { "…".to_string() } else { label };
                area.draw(&Text::new(label, ((x0 + x1) / 2, (y0 + y1) / 2), small))?;
            }
        }
        area.draw(&Rectangle::new([(x0, y0), (x1, y1)], theme.axis.stroke_width(1)))?;
        if b.column == 0 {
            if let Some(u) = b.unit {
                let name = feature_names.get(u).cloned().unwrap_or_else(|| format!("x{}", u + 1));
                let name = fit_text(area, &name, &style, (layout.gutter - 8.0) as i32)?;
                let s = style.pos(Pos::new(HPos::Right, VPos::Center));
                area.draw(&Text::new(name, (x0 - 4, (y0 + y1) / 2), s))?;
            }
        }
    }
    draw_titles(area, &layout, theme)?;
    Ok(layout)
}

fn px(p: (f64, f64)) -> (i32, i32) {
    (p.0.round() as i32, p.1.round() as i32)
}

/// Column titles ("2 inputs", "4 neurons", "1 output"), or just the count where that is too
/// wide for the column.
fn draw_titles<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, layout: &NetworkLayout, theme: &Theme) -> Result<()> {
    let n = layout.units.len();
    let (w, _) = area.dim_in_pixel();
    let spacing = (f64::from(w) - layout.gutter - theme.font_size * 0.5) / n as f64;
    let style = theme.text_style(theme.font_size).color(&theme.axis).pos(Pos::new(HPos::Center, VPos::Center));
    for (c, &u) in layout.units.iter().enumerate() {
        let plural = |one: &str, many: &str| format!("{u} {}", if u == 1 { one } else { many });
        let long = match c {
            0 => plural("input", "inputs"),
            c if c == n - 1 => plural("output", "outputs"),
            _ => plural("neuron", "neurons"),
        };
        let text =
            if f64::from(area.estimate_text_size(&long, &style)?.0) <= spacing - 4.0 { long } else { u.to_string() };
        let cx = layout.gutter + spacing * (c as f64 + 0.5);
        let cy = theme.font_size * 0.5 + layout.header / 2.0;
        area.draw(&Text::new(text, (cx.round() as i32, cy.round() as i32), style.clone()))?;
    }
    Ok(())
}

/// The neuron's heat map inside its box, at most one cell per pixel (nearest value).
fn draw_image<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    b: &NeuronBox,
    img: &[f32],
    scale: impl Fn(f32) -> f64,
    theme: &Theme,
) -> Result<()> {
    let res = img.len().isqrt();
    let cells = res.min(b.size.floor().max(1.0) as usize);
    let edge = |k: usize, from: f64| (from + b.size * k as f64 / cells as f64).round() as i32;
    for row in 0..cells {
        // Row 0 is the top of the box: the last (highest x2) row of the image.
        let src_row = res - 1 - ((row as f64 + 0.5) * res as f64 / cells as f64) as usize;
        for col in 0..cells {
            let src_col = ((col as f64 + 0.5) * res as f64 / cells as f64) as usize;
            let v = img[src_row * res + src_col];
            let t = if v.is_finite() { scale(v) } else { f64::NAN };
            let r = [(edge(col, b.x), edge(row, b.y)), (edge(col + 1, b.x), edge(row + 1, b.y))];
            area.draw(&Rectangle::new(r, theme.heat(t).filled()))?;
        }
    }
    Ok(())
}

/// One neuron's heat map as pixels, for canvases that can copy images directly (far cheaper
/// than one rectangle per cell): the box's position and the RGBA bytes of a `size × size`
/// image, top row first, coloured exactly as [`draw_network`] colours its cells.
#[derive(Clone, Debug, PartialEq)]
pub struct UnitImage {
    /// Left edge of the box, pixels.
    pub x: i32,
    /// Top edge of the box, pixels.
    pub y: i32,
    /// Side length, pixels.
    pub size: u32,
    /// `size² × 4` bytes.
    pub rgba: Vec<u8>,
}

/// The heat maps of [`draw_network`]'s boxes as images (see [`UnitImage`]), for `images`
/// laid out as there (one per unit in column order; empty entries skipped).
pub fn unit_images(layout: &NetworkLayout, images: &[Vec<f32>], task: Task, theme: &Theme) -> Vec<UnitImage> {
    let last = layout.units.len().saturating_sub(1);
    let offsets = column_offsets(&layout.units);
    let mut out = Vec::new();
    for b in &layout.boxes {
        let Some(u) = b.unit else { continue };
        let Some(img) = offsets.get(b.column).and_then(|o| images.get(o + u)).filter(|v| !v.is_empty()) else {
            continue;
        };
        let res = img.len().isqrt();
        if res == 0 || res * res != img.len() {
            continue;
        }
        let (x0, y0) = px((b.x, b.y));
        let (x1, _) = px((b.x + b.size, b.y + b.size));
        let size = (x1 - x0).max(1) as u32;
        let mut rgba = Vec::with_capacity((size * size * 4) as usize);
        for row in 0..size as usize {
            // Row 0 is the top of the box: the last (highest x2) row of the image.
            let src_row = res - 1 - ((row as f64 + 0.5) * res as f64 / f64::from(size)) as usize;
            for col in 0..size as usize {
                let src_col = ((col as f64 + 0.5) * res as f64 / f64::from(size)) as usize;
                let v = img[src_row * res + src_col.min(res - 1)];
                let t = if v.is_finite() { unit_position(v, b.column == last, task) } else { f64::NAN };
                let c = theme.heat(t);
                rgba.extend_from_slice(&[c.0, c.1, c.2, 255]);
            }
        }
        out.push(UnitImage { x: x0, y: y0, size, rgba });
    }
    out
}

/// Index of each column's first unit among all units (inputs first).
fn column_offsets(units: &[usize]) -> Vec<usize> {
    units
        .iter()
        .scan(0, |s, &n| {
            let o = *s;
            *s += n;
            Some(o)
        })
        .collect()
}

/// Where a unit's value lies on the colour scale: outputs as the decision map reads them for
/// `task`, inputs and hidden units on `[−1, 1]`.
fn unit_position(v: f32, is_output: bool, task: Task) -> f64 {
    if is_output {
        output_position(task, v)
    } else {
        (f64::from(v) + 1.0) / 2.0
    }
}

/// The name of unit `unit` of column `column` for tooltips and descriptions: the feature name
/// for inputs, "output k" (or "output") for the last column, "layer l neuron k" (1-based)
/// for hidden ones.
pub fn unit_name(units: &[usize], feature_names: &[String], column: usize, unit: usize) -> String {
    if column == 0 {
        return feature_names.get(unit).cloned().unwrap_or_else(|| format!("x{}", unit + 1));
    }
    if column + 1 == units.len() {
        return if units[column] == 1 { "output".into() } else { format!("output {}", unit + 1) };
    }
    format!("layer {column} neuron {}", unit + 1)
}

/// The diagram's accessible name: the shape, the weights' range and the strongest weight.
///
/// `"Network with 2 inputs (x1, x2), hidden layers of 3 neurons, and 1 output: 9 weights
/// from -1.5 to 2; strongest x2 → layer 1 neuron 1 (2)"`.
pub fn describe_network(layers: &[LayerWeights], feature_names: &[String]) -> String {
    let units = unit_counts(layers);
    if units.is_empty() {
        return "No network yet".into();
    }
    let names: Vec<String> = (0..units[0]).map(|u| unit_name(&units, feature_names, 0, u)).collect();
    let hidden: Vec<String> = units[1..units.len() - 1].iter().map(|n| n.to_string()).collect();
    let hidden = match hidden.len() {
        0 => String::new(),
        1 => format!(", a hidden layer of {} neurons,", hidden[0]),
        _ => format!(", hidden layers of {} neurons,", hidden.join(", ")),
    };
    let outputs = units[units.len() - 1];
    let mut text = format!(
        "Network with {} inputs ({}){hidden} and {outputs} output{}",
        units[0],
        names.join(", "),
        if outputs == 1 { "" } else { "s" }
    );
    let all = layers.iter().enumerate().flat_map(|(l, layer)| {
        layer.w.iter().enumerate().map(move |(k, &w)| (l, k / layer.outputs.max(1), k % layer.outputs.max(1), w))
    });
    let finite: Vec<_> = all.filter(|t| t.3.is_finite()).collect();
    let (lo, hi) = finite.iter().fold((f32::INFINITY, f32::NEG_INFINITY), |(a, b), t| (a.min(t.3), b.max(t.3)));
    if let Some(&(l, from, to, w)) = finite.iter().max_by(|a, b| a.3.abs().total_cmp(&b.3.abs())) {
        let c = super::compact_number;
        text += &format!(
            ": {} weights from {} to {}; strongest {} → {} ({})",
            finite.len(),
            c(f64::from(lo)),
            c(f64::from(hi)),
            unit_name(&units, feature_names, l, from),
            unit_name(&units, feature_names, l + 1, to),
            c(f64::from(w))
        );
    }
    text
}

mod hit;
pub use hit::{connection_at, neuron_at};
#[cfg(test)]
mod image_tests {
    use super::*;
    use crate::model::LayerWeights;

    #[test]
    fn unit_images_cover_each_box_and_flip_rows() {
        let layers = vec![LayerWeights { inputs: 2, outputs: 1, w: vec![0.5, -0.5], b: vec![0.0] }];
        let theme = Theme::default();
        let layout = network_layout(&layers, &["a".into(), "b".into()], (300, 200), &theme).unwrap();
        // 2×2 maps, bottom row first: the bottom row is −1 (orange end), the top row +1.
        let map = vec![-1.0, -1.0, 1.0, 1.0];
        let imgs = unit_images(&layout, &[map.clone(), map.clone(), vec![]], Task::Regression, &theme);
        assert_eq!(imgs.len(), 2, "the empty output map is skipped");
        for (img, b) in imgs.iter().zip(layout.boxes.iter().filter(|b| b.column == 0)) {
            assert_eq!(img.rgba.len(), (img.size * img.size * 4) as usize);
            assert_eq!((img.x, img.y), px((b.x, b.y)));
            let top = theme.heat(1.0);
            let bottom = theme.heat(0.0);
            assert_eq!(&img.rgba[..3], &[top.0, top.1, top.2]);
            let last = img.rgba.len() - 4;
            assert_eq!(&img.rgba[last..last + 3], &[bottom.0, bottom.1, bottom.2]);
        }
    }
}

#[cfg(test)]
use hit::segment_distance;

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;
