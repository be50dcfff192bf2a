//! The decision map in words, for screen readers and the chart's accessible name.

use super::colour::{class_index, many_classes};
use super::{MapSpec, MapStyle};
use crate::data::{Dataset, Task};
use crate::train::DecisionGrid;
use crate::viz::compact_number;
use crate::viz::confusion::percent;

/// Probabilities of class 1 within this distance of 0.5 count as "undecided" (two classes).
const UNDECIDED: f32 = 0.1;

/// What the decision map shows, in words: the two features and their ranges, what the model
/// predicts over the plane (the share of the plane given to each class, or the range of the
/// predicted value for regression) and how many points are drawn.
///
/// `"Decision map over petal_length (horizontal, -1.6 to 1.9) and petal_width (vertical, -1.5
/// to 1.8), the other 2 features held at their training mean. Predicted class by share of the
/// plane: setosa 31%, versicolor 36%, virginica 33%; average confidence 87%. 120 training
/// points (light ring) and 30 test points (dark ring)."`
pub fn describe_decision_map(
    grid: Option<&DecisionGrid>,
    train: &Dataset,
    test: &Dataset,
    spec: &MapSpec<'_>,
) -> String {
    let range = |r: (f64, f64)| format!("{} to {}", compact_number(r.0), compact_number(r.1));
    let mut text = format!(
        "Decision map over {} (horizontal, {}) and {} (vertical, {})",
        spec.x_name,
        range(spec.x_range),
        spec.y_name,
        range(spec.y_range)
    );
    match spec.other_features {
        0 => {}
        1 => text += ", the other feature held at its training mean",
        n => text += &format!(", the other {n} features held at their training mean"),
    }
    text += ". ";
    match grid {
        None => text += "No model yet: only the points are shown.",
        Some(g) => text += &prediction(g, spec),
    }
    let count = |d: &Dataset, which: &str, ring: &str| {
        let n = d.rows();
        format!("{n} {which} {} ({ring})", if n == 1 { "point" } else { "points" })
    };
    text += &format!(" {} and {}.", count(train, "training", "light ring"), count(test, "test", "dark ring"));
    let outside = outside(train, spec) + outside(test, spec);
    if outside > 0 {
        text += &format!(" {outside} outside the plotted ranges not drawn.");
    }
    text
}

/// What the grid predicts, as one sentence.
fn prediction(g: &DecisionGrid, spec: &MapSpec<'_>) -> String {
    let finite: Vec<(usize, f32)> = g.values.iter().copied().enumerate().filter(|(_, v)| v.is_finite()).collect();
    if finite.is_empty() {
        return "The model's output is not available over the plane.".into();
    }
    let discrete = spec.style == MapStyle::Discrete;
    let cells = finite.len() as f64;
    match spec.task {
        Task::Regression => {
            let (lo, hi) =
                finite.iter().fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), &(_, v)| (lo.min(v), hi.max(v)));
            let bands = if discrete { ", shown in five bands" } else { "" };
            format!(
                "Predicted value from {} (orange) to {} (blue){bands}.",
                compact_number(f64::from(lo)),
                compact_number(f64::from(hi))
            )
        }
        Task::Classification { classes } => {
            let k = many_classes(spec.task).unwrap_or(2).max(classes);
            let mut counts = vec![0usize; k];
            for &(_, v) in &finite {
                let class = if k > 2 { class_index(v) } else { Some(usize::from(v >= 0.5)) };
                if let Some(c) = class.filter(|&c| c < k) {
                    counts[c] += 1;
                }
            }
            let shares: Vec<String> = counts
                .iter()
                .enumerate()
                .map(|(c, &n)| format!("{} {}", spec.class_name(c), percent(n as f64 / cells)))
                .collect();
            let mut s = format!("Predicted class by share of the plane: {}", shares.join(", "));
            if discrete {
                s += " (discretised view)";
            } else if k > 2 {
                let conf: Vec<f64> = finite
                    .iter()
                    .filter_map(|&(i, _)| g.confidence.get(i))
                    .filter(|c| c.is_finite())
                    .map(|&c| f64::from(c))
                    .collect();
                if !conf.is_empty() {
                    s += &format!("; average confidence {}", percent(conf.iter().sum::<f64>() / conf.len() as f64));
                }
            } else {
                let undecided = finite.iter().filter(|(_, v)| (v - 0.5).abs() < UNDECIDED).count();
                s += &format!("; undecided (probability between 0.4 and 0.6) on {}", percent(undecided as f64 / cells));
            }
            s + "."
        }
    }
}

/// How many of `data`'s finite points lie outside the spec's ranges.
fn outside(data: &Dataset, spec: &MapSpec<'_>) -> usize {
    let w = data.width();
    if w < 2 {
        return 0;
    }
    data.x
        .chunks_exact(w)
        .filter(|row| {
            let (x, y) = (f64::from(row[0]), f64::from(row[1]));
            x.is_finite()
                && y.is_finite()
                && !((spec.x_range.0..=spec.x_range.1).contains(&x) && (spec.y_range.0..=spec.y_range.1).contains(&y))
        })
        .count()
}
