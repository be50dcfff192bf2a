//! # Charts
//!
//! Pure drawing functions, generic over any plotters
//! [`DrawingBackend`](plotters::prelude::DrawingBackend): the page draws them on
//! a `<canvas>` (plotters-canvas), native tests and the command line draw them to SVG
//! ([`plotters::backend::SVGBackend`]). Nothing here knows about the DOM or the training loop:
//! each function takes the numbers to show and a [`Theme`], fills the whole area it is given and
//! draws one chart, so calling it again redraws from scratch.
//!
//! - [`draw_decision_map`]: the model's output over a plane of two features (generated 2-D data,
//!   or any two table features with the others at their training mean) as a heat map, graded or
//!   discretised ([`MapStyle`]), with the train and test points on top (TensorFlow
//!   Playground's main picture); [`describe_decision_map`] is its text alternative.
//! - [`draw_loss_curve`]: train and test loss per epoch.
//! - [`draw_column_chart`] (`column`): a column's distribution as a sparkline; [`draw_scatter`]
//!   (`scatter`): two table columns against each other.
//!
//! Evaluation and data charts (each with a `describe_…` text alternative for screen readers):
//!
//! - `confusion`: [`draw_confusion_matrix`], the confusion matrix as a heat map, counts and
//!   row-normalised rates in the cells.
//! - `curves`: [`draw_roc_curves`] and [`draw_pr_curves`], ROC and precision-recall curves per
//!   class with AUC / average precision in the legend.
//! - `regression_plots`: [`draw_predicted_vs_actual`] (with the identity line) and
//!   [`draw_residuals`] (with the zero line).
//! - `importance`: [`draw_importance`], each input's permutation importance (mean drop of the
//!   test score when shuffled, ± sd) and, for tree models, its impurity-based importance, as
//!   horizontal bars in two panels.
//! - `dependence`: [`draw_dependence`], an input's partial dependence (bold) over its ICE
//!   curves (thin), in the table's units.
//! - `histogram`: [`draw_histogram`] of a numeric column (Freedman–Diaconis bins),
//!   [`draw_category_counts`] of a categorical one, and [`draw_histogram_overlay`] of reference
//!   against current data on shared bins.
//! - `share_overlay`: [`draw_share_overlay`] of precomputed shares on shared bins, numeric or
//!   categories ([`ShareOverlay`], made by drift monitoring).
//! - `correlation`: [`draw_correlation`], the Pearson correlation heat map
//!   ([`pearson_matrix`], pairwise-complete).
//! - `network`: [`draw_network`], the network diagram with weights as coloured lines, and its
//!   pure layout ([`network_layout`]) and hit tests ([`connection_at`], [`neuron_at`]).
//! - `tree`: [`draw_tree`], a decision tree (a part of it at a time) as boxes joined by lines,
//!   its pure tidy layout ([`tree_layout`]), and its text alternatives ([`describe_tree`],
//!   [`tree_rules`]).
//! - `weight_histograms`: [`draw_weight_histograms`], each layer's weight distribution over
//!   the recorded epochs as a heat strip.
//! - `metric_curves`: [`draw_loss_curves`] (train / validation / test, linear or log scale)
//!   and [`draw_metric_curves`] (accuracy or R²), with a current-epoch marker.
//!
//! - `run_curves`: [`draw_run_curves`], one quantity (a loss, or accuracy / R²) of several runs
//!   overlaid, one styled line per run (the Compare view).
//!
//! Whole runs: `report`: [`report::run_charts`] draws every chart of a trained run as SVG with
//! its text alternative, [`report::index_html`] lists them in a page (the command line's
//! `run --out DIR`).
//!
//! Internal helpers: `frame` (axes with nice ticks), `legend` (line styles, legends), `matrix` (the
//! labelled cell grid of the confusion and correlation charts).
//!
//! ## Text without font files
//!
//! plotters is built without its `ttf` feature, so it never loads a font. Natively it then
//! measures text with a built-in estimate (width ≈ 0.46 × size per character), which is enough
//! to lay out tick labels and legends, and the SVG backend writes text as `<text>` elements that
//! the viewer renders with its own fonts. In the browser plotters' font layer measures text by
//! inserting a `<span>` into the page (a forced layout per label; impossible in a worker), so
//! these charts measure text only through the backend's `estimate_text_size` (that is why the
//! loss legend is drawn by hand): a backend that overrides it, as the page's canvas wrapper does
//! with `measureText`, never touches the DOM.
//!
//! ## Colours
//!
//! The diverging orange ↔ blue scale of TensorFlow Playground: orange for class 0 (or −1),
//! blue for class 1 (or +1), near-white in the undecided middle. Orange and blue stay apart
//! under the common colour-vision deficiencies, and test points differ from train points by
//! their outline, the test loss line from the train line by its dashes, not by colour alone.
//! More than two classes get one Okabe–Ito colour each ([`OKABE_ITO`], as in the data view's
//! scatter plot), with a legend naming them.

pub mod column;
pub mod confusion;
pub mod correlation;
pub mod curves;
pub mod decision;
pub mod dependence;
pub(crate) mod frame;
pub mod histogram;
pub mod importance;
pub(crate) mod legend;
pub mod loss_curve;
pub(crate) mod matrix;
pub mod metric_curves;
pub mod network;
pub mod regression_plots;
pub mod report;
pub mod run_curves;
pub mod scatter;
pub mod search_scores;
pub mod share_overlay;
pub mod tree;
pub mod weight_histograms;

pub use column::{compact_number, describe_column_chart, draw_column_chart};
pub use confusion::{describe_confusion_matrix, draw_confusion_matrix};
pub use correlation::{describe_correlation, draw_correlation, pearson_matrix};
pub use curves::{describe_pr_curves, describe_roc_curves, draw_pr_curves, draw_roc_curves};
pub use decision::{
    cell_colour, class_colour, describe_decision_map, draw_decision_map, draw_decision_overlay, heat_map_rgba,
    heat_map_rgba_styled, point_colour, MapSpec, MapStyle, PlotRect,
};
pub use dependence::{describe_dependence, draw_dependence};
pub use histogram::{
    describe_category_counts, describe_histogram, describe_histogram_overlay, draw_category_counts, draw_histogram,
    draw_histogram_overlay, histogram_bins, shared_bins, top_categories, Bins,
};
pub use importance::{describe_importance, draw_importance};
pub use loss_curve::draw_loss_curve;
pub use metric_curves::{describe_loss_curves, describe_metric_curves, draw_loss_curves, draw_metric_curves, Metric};
pub use network::{
    connection_at, describe_network, draw_network, network_layout, neuron_at, unit_images, unit_name, Connection,
    NetworkLayout, NeuronBox, UnitImage, MAX_UNITS,
};
pub use regression_plots::{
    describe_predicted_vs_actual, describe_residuals, draw_predicted_vs_actual, draw_residuals, regression_summary,
    RegressionSummary,
};
pub use run_curves::{describe_run_curves, draw_run_curves, RunCurve, RunQuantity};
pub use scatter::{describe_scatter, draw_scatter, scatter_rows, ScatterCounts, MAX_POINTS, OKABE_ITO};
pub use search_scores::{describe_search_scores, draw_search_scores, SearchedRun, SearchedSetting};
pub use share_overlay::{describe_share_overlay, draw_share_overlay, OverlayBins, ShareOverlay};
pub use tree::{
    class_fill, class_mix, collapsed_words, describe_tree, draw_tree, node_border, node_colour, node_fill, node_label,
    node_lines, tree_layout, tree_rules, TreeLayout,
};
pub use weight_histograms::{
    describe_weight_histograms, draw_weight_histograms, weight_strips, WeightSnapshot, WeightStrip, WEIGHT_BINS,
};

use crate::data::Task;
use crate::error::Error;
use plotters::drawing::DrawingAreaErrorKind;
use plotters::style::{FontDesc, FontFamily, RGBColor, TextStyle};

/// Colours, sizes and font shared by every chart.
#[derive(Clone, Debug, PartialEq)]
pub struct Theme {
    /// Class 0, or the low end (−1) of a regression target.
    pub negative: RGBColor,
    /// The middle of the scale: probability 0.5, or regression value 0.
    pub neutral: RGBColor,
    /// Class 1, or the high end (+1) of a regression target.
    pub positive: RGBColor,
    /// Share (0..=1) of [`Theme::background`] mixed into heat-map cells, so that the full-colour
    /// points stand out against the map.
    pub heat_wash: f64,
    /// Behind everything: the whole drawing area is filled with it.
    pub background: RGBColor,
    /// The plotting area of the decision map before there is a model to shade it.
    pub empty_plot: RGBColor,
    /// Tick labels, axis titles and legend text.
    pub text: RGBColor,
    /// Axis lines and tick marks.
    pub axis: RGBColor,
    /// Grid lines.
    pub grid: RGBColor,
    /// Outline of training points (filled circles with a light ring).
    pub train_outline: RGBColor,
    /// Outline of test points (filled circles with a dark ring).
    pub test_outline: RGBColor,
    /// The train-loss line (solid).
    pub train_line: RGBColor,
    /// The test-loss line (dashed).
    pub test_line: RGBColor,
    /// Radius of a data point, in pixels.
    pub point_radius: u32,
    /// Font family name as CSS understands it, e.g. `"sans-serif"`.
    pub font_family: &'static str,
    /// Font size of labels in plotters' unit: the line height in pixels. The canvas draws the
    /// glyphs at this size, the SVG backend at `font_size / 1.24`.
    pub font_size: f64,
}

impl Default for Theme {
    fn default() -> Self {
        Theme::light()
    }
}

impl Theme {
    /// The light theme, with TensorFlow Playground's colours for the classes and Okabe–Ito
    /// blue / vermillion (told apart by every common colour-vision type) for the loss lines.
    pub fn light() -> Theme {
        Theme {
            negative: RGBColor(0xF5, 0x93, 0x22),
            neutral: RGBColor(0xE8, 0xEA, 0xEB),
            positive: RGBColor(0x08, 0x77, 0xBD),
            heat_wash: 0.3,
            background: RGBColor(0xFF, 0xFF, 0xFF),
            empty_plot: RGBColor(0xF4, 0xF5, 0xF6),
            text: RGBColor(0x33, 0x33, 0x33),
            axis: RGBColor(0x77, 0x77, 0x77),
            grid: RGBColor(0xDD, 0xDD, 0xDD),
            train_outline: RGBColor(0xFF, 0xFF, 0xFF),
            test_outline: RGBColor(0x22, 0x22, 0x22),
            train_line: RGBColor(0x00, 0x72, 0xB2),
            test_line: RGBColor(0xD5, 0x5E, 0x00),
            point_radius: 4,
            font_family: "sans-serif",
            font_size: 13.0,
        }
    }

    /// The diverging scale at `t` in `[0, 1]`: exactly [`Theme::negative`] at 0,
    /// [`Theme::neutral`] at 0.5 and [`Theme::positive`] at 1, linear in RGB in between.
    /// `t` is clamped; NaN gives the neutral colour (no information).
    pub fn diverging(&self, t: f64) -> RGBColor {
        if t.is_nan() {
            return self.neutral;
        }
        let t = t.clamp(0.0, 1.0);
        if t <= 0.5 {
            lerp_color(self.negative, self.neutral, t * 2.0)
        } else {
            lerp_color(self.neutral, self.positive, (t - 0.5) * 2.0)
        }
    }

    /// The colour of a heat-map cell at `t` in `[0, 1]`: [`Theme::diverging`] washed towards
    /// the background by [`Theme::heat_wash`].
    pub fn heat(&self, t: f64) -> RGBColor {
        lerp_color(self.diverging(t), self.background, self.heat_wash)
    }

    /// A text style in the theme's font and text colour, `size` pixels high.
    pub fn text_style(&self, size: f64) -> TextStyle<'static> {
        FontDesc::from((FontFamily::from(self.font_family), size)).color(&self.text)
    }
}

/// Where a model output lies on the colour scale, in `[0, 1]` (NaN stays NaN).
///
/// Classification outputs are already the probability of class 1; regression outputs run
/// over `[-1, 1]` and are mapped linearly.
pub fn output_position(task: Task, value: f32) -> f64 {
    match task {
        Task::Classification { .. } => f64::from(value),
        Task::Regression => (f64::from(value) + 1.0) / 2.0,
    }
}

/// Where a data point's target lies on the colour scale, in `[0, 1]`.
///
/// Class labels `0, 1, …, classes − 1` are spread evenly from the negative to the positive end
/// (for two classes: 0 → 0, 1 → 1); regression targets in `[-1, 1]` are mapped linearly.
pub fn target_position(task: Task, value: f32) -> f64 {
    match task {
        Task::Classification { classes } => f64::from(value) / (classes.max(2) - 1) as f64,
        Task::Regression => (f64::from(value) + 1.0) / 2.0,
    }
}

/// Linear interpolation in RGB from `a` (`t = 0`) to `b` (`t = 1`), channels rounded.
/// `t` is clamped to `[0, 1]`, NaN counts as 0; the endpoints are returned exactly.
pub fn lerp_color(a: RGBColor, b: RGBColor, t: f64) -> RGBColor {
    let t = if t.is_nan() { 0.0 } else { t.clamp(0.0, 1.0) };
    let mix = |x: u8, y: u8| {
        let v = f64::from(x) + (f64::from(y) - f64::from(x)) * t;
        // In [0, 255] by construction, so the cast cannot truncate.
        v.round().clamp(0.0, 255.0) as u8
    };
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// The colour as CSS / SVG hex, `#RRGGBB` in upper case (as the SVG backend writes it).
pub fn hex(color: RGBColor) -> String {
    format!("#{:02X}{:02X}{:02X}", color.0, color.1, color.2)
}

/// Lets `?` turn any plotters drawing error into [`Error::Plot`], keeping its message.
impl<E: std::error::Error + Send + Sync> From<DrawingAreaErrorKind<E>> for Error {
    fn from(e: DrawingAreaErrorKind<E>) -> Self {
        Error::Plot(e.to_string())
    }
}

/// Tick label for a value on an axis whose largest magnitude is `span`: enough decimals to
/// tell ticks apart, trailing zeros dropped (`0.25`, `2`, `-4`).
pub(crate) fn tick_label(value: f64, span: f64) -> String {
    let decimals = if span > 0.0 && span.is_finite() { (1.0 - span.log10().floor()).clamp(0.0, 8.0) } else { 2.0 };
    let text = format!("{:.*}", decimals as usize, value);
    let text = if text.contains('.') { text.trim_end_matches('0').trim_end_matches('.') } else { &text };
    if text == "-0" {
        "0".to_string()
    } else {
        text.to_string()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn diverging_endpoints_are_exact() {
        let t = Theme::light();
        assert_eq!(t.diverging(0.0), t.negative);
        assert_eq!(t.diverging(0.5), t.neutral);
        assert_eq!(t.diverging(1.0), t.positive);
        // Clamped outside, neutral for NaN.
        assert_eq!(t.diverging(-3.0), t.negative);
        assert_eq!(t.diverging(7.0), t.positive);
        assert_eq!(t.diverging(f64::NAN), t.neutral);
    }

    #[test]
    fn diverging_midpoints_by_hand() {
        let t = Theme::light();
        // Halfway from orange F5 93 22 to neutral E8 EA EB: (245+232)/2 = 238.5 → 239, etc.
        assert_eq!(t.diverging(0.25), RGBColor(239, 191, 135));
        // Halfway from neutral to blue 08 77 BD: (232+8)/2 = 120, (234+119)/2 = 176.5 → 177.
        assert_eq!(t.diverging(0.75), RGBColor(120, 177, 212));
    }

    #[test]
    fn heat_is_washed_towards_background() {
        let mut t = Theme::light();
        t.heat_wash = 0.0;
        assert_eq!(t.heat(1.0), t.positive);
        t.heat_wash = 1.0;
        assert_eq!(t.heat(0.0), t.background);
    }

    #[test]
    fn lerp_endpoints_and_clamping() {
        let (a, b) = (RGBColor(0, 100, 255), RGBColor(255, 0, 1));
        assert_eq!(lerp_color(a, b, 0.0), a);
        assert_eq!(lerp_color(a, b, 1.0), b);
        assert_eq!(lerp_color(a, b, 2.0), b);
        assert_eq!(lerp_color(a, b, f64::NAN), a);
        assert_eq!(hex(RGBColor(8, 119, 189)), "#0877BD");
    }

    #[test]
    fn positions_on_the_scale() {
        let c2 = Task::Classification { classes: 2 };
        assert_eq!(output_position(c2, 0.25), 0.25);
        assert_eq!(target_position(c2, 1.0), 1.0);
        assert_eq!(target_position(Task::Classification { classes: 3 }, 1.0), 0.5);
        assert_eq!(output_position(Task::Regression, -1.0), 0.0);
        assert_eq!(target_position(Task::Regression, 1.0), 1.0);
    }

    #[test]
    fn tick_labels() {
        assert_eq!(tick_label(-6.0, 6.0), "-6");
        assert_eq!(tick_label(0.25, 0.8), "0.25");
        assert_eq!(tick_label(0.2, 0.8), "0.2");
        assert_eq!(tick_label(-0.0001, 0.8), "0");
        assert_eq!(tick_label(0.00002, 0.0001), "0.00002");
    }
}
