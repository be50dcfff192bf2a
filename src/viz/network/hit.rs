//! Hit tests of the network diagram's layout, for the page's tooltips.

use super::NetworkLayout;

/// The connection under the pointer at `(x, y)` (pixels of the drawing area): the nearest
/// one whose line is within `max(3, width / 2 + 1.5)` pixels, as `(layer, from, to, weight)`.
/// `None` over a box or empty space.
pub fn connection_at(layout: &NetworkLayout, x: f64, y: f64) -> Option<(usize, usize, usize, f32)> {
    if neuron_at(layout, x, y).is_some() {
        return None;
    }
    layout
        .connections
        .iter()
        .map(|c| (c, segment_distance((x, y), c.start, c.end)))
        .filter(|(c, d)| *d <= (c.width / 2.0 + 1.5).max(3.0))
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(c, _)| (c.layer, c.from, c.to, c.weight))
}

/// The neuron box under `(x, y)`, as `(column, unit)`; `None` elsewhere and over a "+k" box.
pub fn neuron_at(layout: &NetworkLayout, x: f64, y: f64) -> Option<(usize, usize)> {
    layout
        .boxes
        .iter()
        .find(|b| x >= b.x && x <= b.x + b.size && y >= b.y && y <= b.y + b.size)
        .and_then(|b| Some((b.column, b.unit?)))
}

/// Distance from `p` to the segment `a`–`b`.
pub(super) fn segment_distance(p: (f64, f64), a: (f64, f64), b: (f64, f64)) -> f64 {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let len2 = dx * dx + dy * dy;
    let t = if len2 > 0.0 { (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / len2).clamp(0.0, 1.0) } else { 0.0 };
    let (qx, qy) = (a.0 + t * dx, a.1 + t * dy);
    (p.0 - qx).hypot(p.1 - qy)
}
