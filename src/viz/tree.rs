//! The decision tree diagram: a [`TreeView`] (part of a fitted tree, in the user's words) as
//! boxes joined by lines, the root on top.
//!
//! - [`tree_layout`] places the boxes — the tidy layout of a binary tree: the nodes with no
//!   child shown (leaves, and nodes whose subtree is collapsed) spread evenly from left to right
//!   in the tree's order, each parent centred over its two children, one row per level.
//! - [`node_lines`], [`node_colour`], [`node_border`] and [`class_mix`] say what a box shows: the split's test
//!   (or the leaf's prediction), its rows and impurity, its class mix (or mean), coloured by
//!   the majority class in the decision map's colours (orange and blue for two classes,
//!   Okabe–Ito for more; regression on the diverging scale over the tree's range of means).
//! - [`draw_tree`] draws it with plotters (the command line's report, the snapshot tests); the
//!   page builds the same picture as SVG elements of its own, so that each node is a focusable
//!   button (the web layer's `tree_chart`).
//! - [`describe_tree`] is the diagram's accessible name, [`tree_rules`] its text alternative:
//!   the shown part as indented rules, one node a line.

use super::{class_colour, lerp_color, Theme};
use crate::error::Result;
use crate::train::tree_view::number;
use crate::train::TreeView;
use plotters::coord::Shift;
use plotters::prelude::{Color, DrawingArea, DrawingBackend, PathElement, Rectangle, Text};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::RGBColor;

/// Width of a node's box.
pub const NODE_W: f64 = 150.0;
/// Most characters of a line in a box (longer ones end in "…"; the node's accessible name and
/// the rules have them whole).
pub const LINE_CHARS: usize = 22;
/// Font size of a box's first line (the test or the prediction); the others are 1 px smaller.
pub const FONT: f64 = 12.0;
/// Height of a node's box.
pub const NODE_H: f64 = 66.0;
/// Height of the "+ N nodes below" tab under a collapsed node.
pub const TAB_H: f64 = 18.0;
/// Height of the class-mix bar at the bottom of a box.
pub const BAR_H: f64 = 7.0;
const GAP_X: f64 = 12.0;
const GAP_Y: f64 = 44.0;
const MARGIN: f64 = 6.0;

/// Where the boxes go.
#[derive(Clone, Debug, PartialEq)]
pub struct TreeLayout {
    /// Width of the whole picture.
    pub width: f64,
    /// Height of the whole picture.
    pub height: f64,
    /// The top-left corner of each node's box ([`NODE_W`] × [`NODE_H`]), in the order of
    /// [`TreeView::nodes`].
    pub boxes: Vec<(f64, f64)>,
}

impl TreeLayout {
    /// The point where the line to node `i` meets its box (the middle of its top edge) and
    /// where lines to its children leave it (the middle of its bottom edge).
    pub fn anchors(&self, i: usize) -> ((f64, f64), (f64, f64)) {
        let (x, y) = self.boxes[i];
        ((x + NODE_W / 2.0, y), (x + NODE_W / 2.0, y + NODE_H))
    }
}

/// The tidy layout of the view's nodes (see the module's documentation).
pub fn tree_layout(view: &TreeView) -> TreeLayout {
    fn place(view: &TreeView, i: usize, level: usize, slot: &mut usize, out: &mut [(f64, f64)]) -> f64 {
        let centre = match view.nodes[i].children {
            Some((l, r)) => {
                let a = place(view, l as usize, level + 1, slot, out);
                let b = place(view, r as usize, level + 1, slot, out);
                (a + b) / 2.0
            }
            None => {
                *slot += 1;
                MARGIN + (*slot - 1) as f64 * (NODE_W + GAP_X) + NODE_W / 2.0
            }
        };
        out[i] = (centre - NODE_W / 2.0, MARGIN + level as f64 * (NODE_H + GAP_Y));
        centre
    }
    let mut boxes = vec![(0.0, 0.0); view.nodes.len()];
    let mut slots = 0;
    if !view.nodes.is_empty() {
        place(view, 0, 0, &mut slots, &mut boxes);
    }
    let bottom = boxes.iter().map(|b| b.1).fold(0.0, f64::max);
    let tab = if view.nodes.iter().any(|n| n.hidden > 0) { TAB_H } else { 0.0 };
    TreeLayout {
        width: 2.0 * MARGIN + slots.max(1) as f64 * (NODE_W + GAP_X) - GAP_X,
        height: bottom + NODE_H + tab + 2.0 * MARGIN,
        boxes,
    }
}

/// The colour of class `class` of `classes` as the decision map shows it.
pub fn class_fill(class: usize, classes: usize, theme: &Theme) -> RGBColor {
    match (classes, class) {
        (..=2, 0) => theme.negative,
        (..=2, _) => theme.positive,
        _ => class_colour(class, theme),
    }
}

/// A node's colour: its majority class's (classification) or its mean's on the diverging
/// scale over the tree's range (regression).
pub fn node_colour(view: &TreeView, i: usize, theme: &Theme) -> RGBColor {
    let n = &view.nodes[i];
    match n.majority() {
        Some(c) => class_fill(c, view.classes.len().max(n.value.len()), theme),
        None => {
            let (lo, hi) = view.range;
            let v = n.value.first().copied().unwrap_or(f64::NAN);
            theme.diverging(if hi > lo { (v - lo) / (hi - lo) } else { 0.5 })
        }
    }
}

/// The pale fill of a node's box: its colour, mostly washed out, so the text stays readable.
pub fn node_fill(view: &TreeView, i: usize, theme: &Theme) -> RGBColor {
    lerp_color(node_colour(view, i, theme), theme.background, 0.86)
}

/// The outline of a node's box: its colour a little darker, so that pale colours (a mean in
/// the middle of the range) still show against the background.
pub fn node_border(view: &TreeView, i: usize, theme: &Theme) -> RGBColor {
    lerp_color(node_colour(view, i, theme), theme.text, 0.2)
}

/// The bar at the bottom of a node's box: each class's share of its rows with the class's
/// colour, in class order; for regression, the node's colour across.
pub fn class_mix(view: &TreeView, i: usize, theme: &Theme) -> Vec<(f64, RGBColor)> {
    let shares = view.nodes[i].shares();
    if shares.is_empty() {
        return vec![(1.0, node_colour(view, i, theme))];
    }
    let k = shares.len();
    shares.into_iter().enumerate().map(|(c, s)| (s, class_fill(c, k, theme))).collect()
}

/// A class's name (its index when the view has no names).
fn class_name(view: &TreeView, c: usize) -> String {
    view.classes.get(c).cloned().unwrap_or_else(|| c.to_string())
}

/// What a node predicts, in words: its majority class, or its mean.
fn prediction(view: &TreeView, i: usize) -> String {
    let n = &view.nodes[i];
    match n.majority() {
        Some(c) => class_name(view, c),
        None => number(n.value.first().copied().unwrap_or(f64::NAN)),
    }
}

/// The class mix in a few words: the rows of each class (`no 9 · yes 9`), or for more than
/// four classes the majority's share (`setosa 80%`); the mean for regression.
fn mix_words(view: &TreeView, i: usize) -> String {
    let n = &view.nodes[i];
    match n.majority() {
        Some(c) if n.value.len() > 4 => {
            format!("{} {:.0}%", class_name(view, c), n.shares().get(c).copied().unwrap_or(0.0) * 100.0)
        }
        Some(_) => n.value.iter().map(|v| number(*v)).collect::<Vec<_>>().join(" · "),
        None => format!("mean {}", prediction(view, i)),
    }
}

/// `n rows` (`1 row`).
fn rows(n: u32) -> String {
    if n == 1 {
        "1 row".into()
    } else {
        format!("{n} rows")
    }
}

/// The three lines of a node's box: the split's test (or `→ prediction` for a leaf), its rows
/// and impurity, its class mix or mean.
pub fn node_lines(view: &TreeView, i: usize) -> [String; 3] {
    let n = &view.nodes[i];
    let first = match &n.split {
        Some((yes, _)) => yes.clone(),
        None => format!("→ {}", prediction(view, i)),
    };
    // The squared error about a node's mean is its mean squared error: "MSE" fits in a box.
    let criterion = if view.criterion == "squared error" { "MSE" } else { &view.criterion };
    [first, format!("{} · {criterion} {}", rows(n.samples), number(n.impurity)), mix_words(view, i)]
}

/// The "+ N nodes below" tab of a collapsed node (`None` when its children are shown or it is
/// a leaf).
pub fn collapsed_words(view: &TreeView, i: usize) -> Option<String> {
    let hidden = view.nodes[i].hidden;
    (hidden > 0).then(|| format!("+ {hidden} nodes below"))
}

/// One node in words, for its button's accessible name: what its box shows (the three lines,
/// and the collapsed tab), then its number, class mix by name and prediction —
/// `petal_length ≤ 2.45, 120 rows · gini 0.6667, 40 · 40 · 40. Node 0: setosa 40, versicolor
/// 40, virginica 40; predicts setosa.` (The visible text comes first and whole, as WCAG's
/// "label in name" asks.)
pub fn node_label(view: &TreeView, i: usize) -> String {
    let n = &view.nodes[i];
    let mut text = node_lines(view, i).join(", ");
    if let Some(more) = collapsed_words(view, i) {
        text += &format!(", {more}");
    }
    text += &format!(". Node {}", n.id);
    if n.majority().is_some() {
        let mix: Vec<String> =
            n.value.iter().enumerate().map(|(c, v)| format!("{} {}", class_name(view, c), number(*v))).collect();
        text += &format!(": {}", mix.join(", "));
    }
    text + &format!("; predicts {}.", prediction(view, i))
}

/// The diagram's accessible name: the whole tree's size, and what the view shows.
pub fn describe_tree(view: &TreeView) -> String {
    let Some(top) = view.nodes.first() else { return "Decision tree: not fitted yet".into() };
    let mut text = format!(
        "Decision tree predicting {}: {} nodes, {} leaves, depth {}. Showing {} nodes ",
        view.target,
        view.size,
        view.leaves,
        view.depth,
        view.nodes.len()
    );
    if view.path.is_empty() {
        text += "from the root";
    } else {
        let path: Vec<&str> = view.path.iter().map(|(_, t)| t.as_str()).collect();
        text += &format!("below node {} (where {})", top.id, path.join(" and "));
    }
    let hidden = view.nodes.iter().filter(|n| n.hidden > 0).count();
    if hidden > 0 {
        text += &format!("; {hidden} of them have more nodes below");
    }
    text + ". " + &node_label(view, 0)
}

/// The shown part as indented rules, one node a line (`size ≤ 5.5? (18 rows, gini 0.5,
/// no 9 · yes 9)`, then its children as `yes: …` and `no: …` two spaces further in).
pub fn tree_rules(view: &TreeView) -> Vec<String> {
    fn walk(view: &TreeView, i: usize, indent: usize, lead: &str, out: &mut Vec<String>) {
        let n = &view.nodes[i];
        let [_, stats, mix] = node_lines(view, i);
        let stats = format!("({}, {mix})", stats.replace(" · ", ", "));
        let pad = "  ".repeat(indent);
        let line = match &n.split {
            Some((yes, _)) => format!("{pad}{lead}{yes}? {stats}"),
            None => format!("{pad}{lead}→ {} {stats}", prediction(view, i)),
        };
        out.push(match collapsed_words(view, i) {
            Some(more) => format!("{line} {more}"),
            None => line,
        });
        if let Some((l, r)) = n.children {
            walk(view, l as usize, indent + 1, "yes: ", out);
            walk(view, r as usize, indent + 1, "no: ", out);
        }
    }
    let mut out = Vec::new();
    if !view.nodes.is_empty() {
        walk(view, 0, 0, "", &mut out);
    }
    out
}

/// Draws the view, scaled down to fit the area if it is larger; returns the layout at its
/// natural size.
///
/// # Errors
/// [`crate::Error::Plot`] when the backend fails.
pub fn draw_tree<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &TreeView,
    theme: &Theme,
) -> Result<TreeLayout> {
    area.fill(&theme.background)?;
    let layout = tree_layout(view);
    let (w, h) = area.dim_in_pixel();
    let k = (f64::from(w) / layout.width).min(f64::from(h) / layout.height).min(1.0);
    let at = |x: f64, y: f64| ((x * k).round() as i32, (y * k).round() as i32);
    let small = (FONT - 1.0) * k;
    let centred = Pos::new(HPos::Center, VPos::Center);
    for (i, n) in view.nodes.iter().enumerate() {
        let Some((l, r)) = n.children else { continue };
        let (_, from) = layout.anchors(i);
        for (c, word) in [(l, "yes"), (r, "no")] {
            let (to, _) = layout.anchors(c as usize);
            area.draw(&PathElement::new(vec![at(from.0, from.1), at(to.0, to.1)], theme.axis.stroke_width(1)))?;
            let (mx, my) = ((from.0 + to.0) / 2.0, (from.1 + to.1) / 2.0);
            area.draw(&Rectangle::new([at(mx - 13.0, my - 8.0), at(mx + 13.0, my + 7.0)], theme.background.filled()))?;
            area.draw(&Text::new(word, at(mx, my), theme.text_style(small).color(&theme.axis).pos(centred)))?;
        }
    }
    for (i, &(x, y)) in layout.boxes.iter().enumerate() {
        if let Some(more) = collapsed_words(view, i) {
            let r = [at(x + 10.0, y + NODE_H - 2.0), at(x + NODE_W - 10.0, y + NODE_H + TAB_H)];
            area.draw(&Rectangle::new(r, theme.empty_plot.filled()))?;
            area.draw(&Rectangle::new(r, theme.axis.stroke_width(1)))?;
            let mid = at(x + NODE_W / 2.0, y + NODE_H + TAB_H / 2.0 + 1.0);
            area.draw(&Text::new(more, mid, theme.text_style(small).pos(centred)))?;
        }
        let corners = [at(x, y), at(x + NODE_W, y + NODE_H)];
        area.draw(&Rectangle::new(corners, node_fill(view, i, theme).filled()))?;
        let mut left = x;
        for (share, c) in class_mix(view, i, theme) {
            let right = left + share * NODE_W;
            area.draw(&Rectangle::new([at(left, y + NODE_H - BAR_H), at(right, y + NODE_H)], c.filled()))?;
            left = right;
        }
        area.draw(&Rectangle::new(corners, node_border(view, i, theme).stroke_width(2)))?;
        for (line, text) in node_lines(view, i).iter().enumerate() {
            let size = if line == 0 { FONT * k } else { small };
            let style = theme.text_style(size).pos(centred);
            let text = crate::text::ellipsis(text, LINE_CHARS);
            area.draw(&Text::new(text, at(x + NODE_W / 2.0, y + 13.0 + line as f64 * 17.0), style))?;
        }
    }
    Ok(layout)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;
