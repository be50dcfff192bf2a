//! # The charts of a finished run, as SVG
//!
//! [`run_charts`] draws every chart of a trained run with plotters' SVG backend, each with its
//! text alternative; [`index_html`] lists them in a small self-contained page. Nothing here
//! touches the file system: the command line (`lantern run --out DIR`) writes the files.
//!
//! Which charts, by file stem:
//!
//! - always: `loss`, `loss-log` (log-scale y), `accuracy` (classification) or `r2`
//!   (regression), `network` (with what each unit computes over the default plane when the
//!   model has at most [`UNIT_MAP_LIMIT`] units and the data at least two features);
//! - `tree`, for a decision tree: its top levels (as many as keep it 16 nodes across, at most
//!   four below the root), drawn at its own size;
//! - `weights`, when at least two weight snapshots were recorded (see [`record_snapshot`]);
//! - classification: `confusion`, `roc`, `pr` (for two classes only the curves of class 1,
//!   whose mirror image the other class's are); regression: `predicted-vs-actual`, `residuals`;
//! - `importance`: each input's permutation importance on the test rows (and impurity-based
//!   importance for tree models, [`Trainer::importance`]);
//! - `decision-map`, over the first two features, when there are at least two;
//! - with the training table: one histogram (numeric) or bar chart (text) per column for
//!   its first [`MAX_COLUMNS`] columns (`column-<k>-<name>`), and `correlation` of its first
//!   [`MAX_COLUMNS`] numeric columns when there are at least two.

use super::{
    describe_confusion_matrix, describe_decision_map, describe_importance, describe_loss_curves,
    describe_metric_curves, describe_network, describe_pr_curves, describe_predicted_vs_actual, describe_residuals,
    describe_roc_curves, describe_weight_histograms, draw_confusion_matrix, draw_decision_map, draw_importance,
    draw_loss_curves, draw_metric_curves, draw_network, draw_pr_curves, draw_predicted_vs_actual, draw_residuals,
    draw_roc_curves, draw_weight_histograms, MapSpec, Metric, Theme, WeightSnapshot,
};
use crate::data::{Table, Task};
use crate::error::Result;
use crate::train::evaluation::{ClassificationReport, PrCurve};
use crate::train::session::{GRID_RESOLUTION, UNIT_MAP_LIMIT, UNIT_MAP_RESOLUTION};
use crate::train::tree_view::VIEW_LEVELS;
use crate::train::{Evaluation, Trainer};
use plotters::backend::SVGBackend;
use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, IntoDrawingArea};

mod data;
mod html;

pub use data::MAX_COLUMNS;
pub use html::{escape_html, index_html};

/// Most weight snapshots a run keeps (see [`record_snapshot`]).
pub const MAX_SNAPSHOTS: usize = 120;

/// One chart of a run, drawn.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartFile {
    /// File stem, e.g. `"loss"` (the file is `loss.svg`): lower-case letters, digits and `-`.
    pub name: String,
    /// Heading, e.g. `"Loss per epoch"`.
    pub title: String,
    /// The SVG document.
    pub svg: String,
    /// Text alternative: what the chart shows, in words.
    pub description: String,
}

/// An SVG drawing area writing into a string.
pub(crate) type SvgArea<'a> = DrawingArea<SVGBackend<'a>, Shift>;

/// Draws one chart of `size` pixels with `draw` into an SVG string.
pub(crate) fn svg_chart(
    name: impl Into<String>,
    title: impl Into<String>,
    description: String,
    size: (u32, u32),
    draw: impl FnOnce(&SvgArea<'_>) -> Result<()>,
) -> Result<ChartFile> {
    let mut svg = String::new();
    {
        let area = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        draw(&area)?;
        area.present()?;
    }
    Ok(ChartFile { name: name.into(), title: title.into(), svg, description })
}

/// Most nodes across the decision tree drawn in a run's report (a file has room for more than
/// the page's [`crate::train::tree_view::VIEW_LEAVES`]).
const REPORT_TREE_LEAVES: usize = 16;

/// Every chart of the trained run `trainer` (see the module docs), each `size` pixels:
/// `weight_history` for the weight histograms, `table` (the training table before
/// preparation, if the data is one) for the data charts.
///
/// # Errors
/// [`crate::Error::Tensor`] if evaluating the model fails, [`crate::Error::Plot`] if a chart
/// cannot be drawn.
pub fn run_charts(
    trainer: &Trainer,
    weight_history: &[WeightSnapshot],
    table: Option<&Table>,
    size: (u32, u32),
) -> Result<Vec<ChartFile>> {
    let theme = Theme::light();
    let theme = &theme;
    let history = trainer.history();
    let task = trainer.split().train.task;
    let loss_text = describe_loss_curves(history, None);
    let mut out = vec![
        svg_chart("loss", "Loss per epoch", loss_text.clone(), size, |a| {
            draw_loss_curves(a, history, false, None, theme)
        })?,
        svg_chart("loss-log", "Loss per epoch (log scale)", format!("{loss_text} (log scale)"), size, |a| {
            draw_loss_curves(a, history, true, None, theme)
        })?,
    ];
    let (metric, name, title) = match task {
        Task::Classification { .. } => (Metric::Accuracy, "accuracy", "Accuracy per epoch"),
        Task::Regression => (Metric::R2, "r2", "R² per epoch"),
    };
    out.push(svg_chart(name, title, describe_metric_curves(history, metric, None), size, |a| {
        draw_metric_curves(a, history, metric, None, theme)
    })?);
    if let Some(network) = trainer.model() {
        out.push(network_chart(trainer, network, size, theme)?);
    }
    if let Some(view) = trainer.tree_view(0, VIEW_LEVELS, REPORT_TREE_LEAVES)? {
        let layout = super::tree_layout(&view);
        let size = (layout.width.ceil() as u32, layout.height.ceil() as u32);
        out.push(svg_chart("tree", "Decision tree", super::describe_tree(&view), size, |a| {
            super::draw_tree(a, &view, theme).map(|_| ())
        })?);
    }
    if weight_history.len() >= 2 {
        let text = describe_weight_histograms(weight_history);
        out.push(svg_chart("weights", "Weights per layer over the epochs", text, size, |a| {
            draw_weight_histograms(a, weight_history, theme)
        })?);
    }
    match trainer.evaluate_test()? {
        Evaluation::Classification(r) => out.extend(classification_charts(&r, &trainer.class_names(), size, theme)?),
        Evaluation::Regression(_) => out.extend(regression_charts(trainer, size, theme)?),
    }
    if let Some(imp) = trainer.importance()? {
        let text = describe_importance(&imp);
        out.push(svg_chart("importance", "Feature importance (test set)", text, size, |a| {
            draw_importance(a, &imp, theme)
        })?);
    }
    if let Some(plane) = trainer.default_plane() {
        let view = trainer.plane_view(plane)?;
        let grid = trainer.plane_grid(plane, GRID_RESOLUTION)?;
        let names = trainer.class_names();
        let spec = MapSpec::for_view(&view).classes(&names);
        let text = describe_decision_map(Some(&grid), &view.train, &view.test, &spec);
        out.push(svg_chart("decision-map", "Decision map", text, size, |a| {
            draw_decision_map(a, Some(&grid), &view.train, &view.test, &spec, theme)
        })?);
    }
    if let Some(t) = table {
        out.extend(data::table_charts(t, size, theme)?);
    }
    Ok(out)
}

/// The network diagram, with unit maps when the network is small enough and the data 2-D or more.
fn network_chart(trainer: &Trainer, network: &crate::model::Mlp, size: (u32, u32), theme: &Theme) -> Result<ChartFile> {
    let layers = network.weights()?;
    let names = trainer.feature_names();
    let units = layers.first().map_or(0, |l| l.inputs) + layers.iter().map(|l| l.outputs).sum::<usize>();
    let maps = match trainer.default_plane() {
        Some(p) if units <= UNIT_MAP_LIMIT => Some(trainer.unit_maps(p, UNIT_MAP_RESOLUTION)?),
        _ => None,
    };
    let task = trainer.split().train.task;
    svg_chart("network", "Network", describe_network(&layers, names), size, |a| {
        draw_network(a, &layers, names, maps.as_deref(), task, theme).map(|_| ())
    })
}

/// Confusion matrix, ROC and precision-recall curves.
fn classification_charts(
    r: &ClassificationReport,
    class_names: &[String],
    size: (u32, u32),
    theme: &Theme,
) -> Result<Vec<ChartFile>> {
    // Two classes: class 0's curves mirror class 1's, so only class 1 is shown.
    let from = usize::from(r.classes == 2);
    let names = class_names.get(from..).unwrap_or(&[]);
    let roc = r.roc_curves.get(from..).unwrap_or(&[]);
    let auc = r.roc_auc_per_class.get(from..).unwrap_or(&[]);
    let pr = r.pr_curves.get(from..).unwrap_or(&[]);
    let ap: Vec<f64> = pr.iter().map(PrCurve::average_precision).collect();
    Ok(vec![
        svg_chart(
            "confusion",
            "Confusion matrix (test set)",
            describe_confusion_matrix(&r.confusion, class_names),
            size,
            |a| draw_confusion_matrix(a, &r.confusion, class_names, theme),
        )?,
        svg_chart("roc", "ROC curves (test set)", describe_roc_curves(roc, names, auc), size, |a| {
            draw_roc_curves(a, roc, names, auc, theme)
        })?,
        svg_chart("pr", "Precision-recall curves (test set)", describe_pr_curves(pr, names, &ap), size, |a| {
            draw_pr_curves(a, pr, names, &ap, theme)
        })?,
    ])
}

/// Predicted against actual, and the residuals, in the target's units.
fn regression_charts(trainer: &Trainer, size: (u32, u32), theme: &Theme) -> Result<Vec<ChartFile>> {
    let (actual, predicted) = trainer.test_predictions()?;
    let target = trainer.preparation().map_or_else(|| "target".to_string(), |f| f.target_column.clone());
    let (actual, predicted, target) = (&actual, &predicted, target.as_str());
    Ok(vec![
        svg_chart(
            "predicted-vs-actual",
            "Predicted against actual (test set)",
            describe_predicted_vs_actual(actual, predicted, target),
            size,
            |a| draw_predicted_vs_actual(a, actual, predicted, target, theme),
        )?,
        svg_chart("residuals", "Residuals (test set)", describe_residuals(actual, predicted, target), size, |a| {
            draw_residuals(a, actual, predicted, target, theme)
        })?,
    ])
}

/// The model's weights now, as a snapshot at the trainer's current epoch.
///
/// # Errors
/// [`crate::Error::Tensor`] if the weights cannot be read.
pub fn weight_snapshot(trainer: &Trainer) -> Result<WeightSnapshot> {
    let layers = match trainer.model() {
        Some(network) => network.weights()?.into_iter().map(|l| l.w).collect(),
        None => Vec::new(),
    };
    Ok(WeightSnapshot { epoch: trainer.epoch(), layers })
}

/// Most weights (summed over the snapshots) [`snapshot_limit`] lets a run keep: 64 MB of `f32`.
pub const SNAPSHOT_BUDGET: usize = 16_000_000;

/// How many snapshots of a model with `parameters` weights to keep: [`MAX_SNAPSHOTS`], fewer
/// (but at least 8) when that many would exceed [`SNAPSHOT_BUDGET`].
pub fn snapshot_limit(parameters: usize) -> usize {
    (SNAPSHOT_BUDGET / parameters.max(1)).clamp(8, MAX_SNAPSHOTS)
}

/// Appends `snapshot` to `history` (replacing one of the same epoch) and, when that makes
/// more than `limit` (at least 2; see [`snapshot_limit`]), drops every other one (the first
/// and the newest stay).
pub fn record_snapshot(history: &mut Vec<WeightSnapshot>, snapshot: WeightSnapshot, limit: usize) {
    if history.last().is_some_and(|s| s.epoch == snapshot.epoch) {
        history.pop();
    }
    history.push(snapshot);
    while history.len() > limit.max(2) {
        let mut k = 0;
        history.retain(|_| {
            k += 1;
            k % 2 == 1
        });
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests;
