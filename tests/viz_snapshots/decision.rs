//! Decision maps and the loss curve.

use super::*;
#[allow(unused_imports)]
use super::{charts::*, data_charts::*, data_view::*};

#[test]
pub(super) fn decision_map_classification() {
    let theme = Theme::light();
    let (train, test) = xor_points();
    // XOR-like probabilities: blue where x1·x2 > 0, orange elsewhere, undecided next to the axes.
    let p = [0.0, 0.25, 0.75, 1.0];
    let grid = grid_4x4(|i, j| 0.5 + 2.0 * (p[i] - 0.5) * (p[j] - 0.5));
    let svg = decision_svg(Some(&grid), &train, &test, C2);
    let bare = decision_svg(None, &train, &test, C2);

    // One <rect> per cell, plus the background; the untrained map has an extra neutral
    // plotting-area rect instead of the cells.
    assert_eq!(svg.matches("<rect").count(), bare.matches("<rect").count() - 1 + 16);
    for &v in &grid.values {
        let fill = format!("fill=\"{}\"", hex(theme.heat(f64::from(v))));
        assert!(svg.contains(&fill), "no cell with {fill}");
    }
    // Points in full orange and blue, two circles (fill, outline) per point.
    assert!(svg.contains(&format!("fill=\"{}\"", hex(theme.positive))));
    assert!(svg.contains(&format!("fill=\"{}\"", hex(theme.negative))));
    assert_eq!(svg.matches("<circle").count(), 2 * (8 + 4));
    assert_eq!(svg.matches(&format!("stroke=\"{}\"", hex(theme.test_outline))).count(), 4);
    assert!(has_text(&svg, "x1") && has_text(&svg, "x2") && has_text(&svg, "-6") && has_text(&svg, "6"));
    check_snapshot("decision_classification", &svg);
}

#[test]
pub(super) fn decision_map_regression() {
    let theme = Theme::light();
    // A plane: value rises from -1 at the lower left to +1 at the upper right.
    let grid = grid_4x4(|i, j| (i + j) as f32 / 3.0 - 1.0);
    let pts = [(-4.5, -4.5, -1.0), (-1.0, -3.0, -0.6), (0.5, 0.0, 0.1), (3.0, 1.0, 0.6), (4.5, 4.0, 1.0)];
    let test = [(-3.0, 2.0, -0.2), (2.0, -4.0, -0.3)];
    let (train, test) = (dataset(&pts, Task::Regression), dataset(&test, Task::Regression));
    let svg = decision_svg(Some(&grid), &train, &test, Task::Regression);
    // The corners of the grid are the ends of the scale, the diagonal the middle.
    for c in [theme.heat(0.0), theme.heat(0.5), theme.heat(1.0)] {
        assert!(svg.contains(&format!("fill=\"{}\"", hex(c))), "no cell coloured {}", hex(c));
    }
    assert!(svg.contains(&format!("fill=\"{}\"", hex(theme.negative))));
    assert!(svg.contains(&format!("fill=\"{}\"", hex(theme.positive))));
    assert_eq!(svg.matches("<circle").count(), 2 * (5 + 2));
    check_snapshot("decision_regression", &svg);
}

#[test]
pub(super) fn decision_map_before_training() {
    let theme = Theme::light();
    let (train, test) = xor_points();
    let svg = decision_svg(None, &train, &test, C2);
    assert!(svg.contains(&format!("fill=\"{}\"", hex(theme.empty_plot))));
    assert!(!svg.contains(&hex(theme.heat(0.0))) && !svg.contains(&hex(theme.heat(1.0))));
    check_snapshot("decision_untrained", &svg);
}

/// Draws a decision map with `spec` at the snapshot size.
pub(super) fn decision_spec_svg(
    grid: Option<&DecisionGrid>,
    train: &Dataset,
    test: &Dataset,
    spec: &MapSpec<'_>,
) -> String {
    let mut s = String::new();
    {
        let area = SVGBackend::with_string(&mut s, SIZE).into_drawing_area();
        draw_decision_map(&area, grid, train, test, spec, &Theme::light()).unwrap();
        area.present().unwrap();
    }
    s
}

/// The text of every `<text>` element.
pub(super) fn texts(svg: &str) -> Vec<String> {
    svg.split("</text>").filter_map(|t| t.rsplit('>').next()).map(|t| t.trim().to_string()).collect()
}

/// Iris-like standardised petal length × width: setosa on the left, virginica upper right,
/// versicolor between; a 12×12 grid whose confidence drops next to the class boundaries.
pub(super) fn iris_plane() -> (DecisionGrid, Dataset, Dataset) {
    let (xr, yr) = ((-1.7, 1.9), (-1.6, 1.8));
    let class = |x: f64, y: f64| {
        if x < -0.8 {
            0.0
        } else if x + y > 1.2 {
            2.0
        } else {
            1.0
        }
    };
    let n = 12;
    let centres = DecisionGrid::cell_centres(n, xr, yr);
    let (mut values, mut confidence) = (Vec::new(), Vec::new());
    for c in centres.chunks(2) {
        let (x, y) = (f64::from(c[0]), f64::from(c[1]));
        values.push(class(x, y) as f32);
        let margin = (x + 0.8).abs().min((x + y - 1.2).abs() / 2f64.sqrt());
        confidence.push((0.34 + margin).min(1.0) as f32);
    }
    let grid = DecisionGrid { resolution: n, x_range: xr, y_range: yr, values, confidence };
    let points: Vec<(f32, f32, f32)> = (0..39)
        .map(|k| {
            let (x, y) = (-1.6 + 3.4 * ((k * 7) % 39) as f64 / 38.0, -1.5 + 3.2 * ((k * 11) % 39) as f64 / 38.0);
            (x as f32, y as f32, class(x, y) as f32)
        })
        .collect();
    let three = Task::Classification { classes: 3 };
    let mut train = dataset(&points[..30], three);
    let mut test = dataset(&points[30..], three);
    for d in [&mut train, &mut test] {
        d.features = vec!["petal_length (standardised)".into(), "petal_width (standardised)".into()];
    }
    (grid, train, test)
}

#[test]
pub(super) fn decision_map_three_classes_custom_ranges() {
    let theme = Theme::light();
    let (grid, train, test) = iris_plane();
    let names: Vec<String> = ["setosa", "versicolor", "virginica"].map(String::from).to_vec();
    let spec = MapSpec { other_features: 2, ..MapSpec::new(train.task, grid.x_range, grid.y_range) }
        .names(&train.features[0], &train.features[1])
        .classes(&names);
    let svg = decision_spec_svg(Some(&grid), &train, &test, &spec);
    // Every cell in its class colour, faded by its confidence; points in full class colours.
    for (k, &v) in grid.values.iter().enumerate() {
        let c = cell_colour(v, grid.confidence.get(k).copied(), train.task, MapStyle::Continuous, &theme);
        assert!(svg.contains(&format!("fill=\"{}\"", hex(c))), "no cell coloured {}", hex(c));
    }
    for class in 0..3 {
        assert!(svg.contains(&format!("fill=\"{}\"", hex(OKABE_ITO[class]))), "no class {class} colour");
    }
    // No orange/blue of the binary scale.
    assert!(!svg.contains(&hex(theme.positive)) && !svg.contains(&hex(theme.heat(1.0))));
    assert_eq!(svg.matches("<circle").count(), 2 * 39);
    assert_eq!(svg.matches(&format!("stroke=\"{}\"", hex(theme.test_outline))).count(), 9);
    let t = texts(&svg);
    // Axis titles: the feature names (shortened if needed), legend: the class names.
    assert!(t.iter().any(|s| s.starts_with("petal_length")) && t.iter().any(|s| s.starts_with("petal_width")), "{t:?}");
    for name in &names {
        assert!(has_text(&svg, name), "no legend entry {name}");
    }
    // Tick labels inside the ranges, several per axis.
    let ticks: Vec<f64> = t.iter().filter_map(|s| s.parse().ok()).collect();
    assert!(ticks.len() >= 8, "{t:?}");
    assert!(ticks.iter().all(|v| (-1.7..=1.9).contains(v)), "{ticks:?}");
    let text = describe_decision_map(Some(&grid), &train, &test, &spec);
    assert!(text.contains("setosa") && text.contains("the other 2 features held at their training mean"), "{text}");
    check_snapshot("decision_three_classes", &svg);
}

#[test]
pub(super) fn decision_map_discrete_binary() {
    let theme = Theme::light();
    let (train, test) = xor_points();
    let p = [0.0, 0.25, 0.75, 1.0];
    let grid = grid_4x4(|i, j| 0.5 + 2.0 * (p[i] - 0.5) * (p[j] - 0.5));
    let spec = MapSpec::new(C2, (-6.0, 6.0), (-6.0, 6.0)).style(MapStyle::Discrete);
    let svg = decision_spec_svg(Some(&grid), &train, &test, &spec);
    // Solid washed orange where p < 0.5, blue where p ≥ 0.5: 8 cells each, nothing in between.
    let cells = |c| svg.matches(&format!("fill=\"{}\"", hex(c))).count();
    assert_eq!(cells(theme.heat(0.0)), 8);
    assert_eq!(cells(theme.heat(1.0)), 8);
    assert!(!svg.contains(&hex(theme.heat(0.5))));
    assert_eq!(svg.matches("<circle").count(), 2 * (8 + 4));
    assert!(has_text(&svg, "x1") && has_text(&svg, "x2"));
    check_snapshot("decision_discrete_binary", &svg);
}

pub(super) fn metrics(epoch: usize, train_loss: f64, test_loss: f64) -> EpochMetrics {
    EpochMetrics {
        epoch,
        steps: epoch as u64 * 20,
        train_loss,
        test_loss,
        train_accuracy: Some(0.5),
        test_accuracy: Some(0.5),
        train_r2: None,
        test_r2: None,
        ..Default::default()
    }
}

#[test]
pub(super) fn loss_curve_short_history() {
    let theme = Theme::light();
    // Train loss keeps falling; test loss turns up after epoch 6 (overfitting).
    let train = [0.69, 0.52, 0.40, 0.31, 0.25, 0.21, 0.18, 0.16, 0.15, 0.14];
    let test = [0.70, 0.55, 0.44, 0.37, 0.33, 0.32, 0.33, 0.35, 0.37, 0.40];
    let history: Vec<_> = (0..10).map(|k| metrics(k + 1, train[k], test[k])).collect();
    let svg = loss_svg(&history);
    for text in ["epoch", "loss", "train loss", "test loss", "0", "10"] {
        assert!(has_text(&svg, text), "no text {text:?}");
    }
    assert!(svg.contains(&format!("stroke=\"{}\"", hex(theme.train_line))));
    assert!(svg.contains(&format!("stroke=\"{}\"", hex(theme.test_line))));
    assert!(!svg.contains("NaN"));
    check_snapshot("loss_curve", &svg);
}

#[test]
pub(super) fn loss_curve_empty_history() {
    let svg = loss_svg(&[]);
    assert!(has_text(&svg, "epoch") && has_text(&svg, "train loss") && !svg.contains("NaN"));
    check_snapshot("loss_curve_empty", &svg);
}
