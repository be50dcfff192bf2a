//! Snapshot tests of the charts: each chart is drawn from fixed, hand-made inputs to an SVG
//! string and compared with a golden file in `tests/snapshots/`.
//!
//! - A missing golden FAILS the test. To create or refresh the goldens after a deliberate change,
//!   run `UPDATE_SNAPSHOTS=1 cargo test --test viz_snapshots` and look at the files before
//!   committing them.
//! - On a mismatch the drawn SVG is written next to the build (path in the failure message) so
//!   it can be opened and compared.
//!
//! Each test also checks facts about the picture that do not depend on the goldens (number of
//! heat-map cells, colours present, axis titles), so a wrong golden cannot hide a wrong chart.

#![allow(clippy::unwrap_used)]

use lantern::data::{Dataset, Task};
use lantern::train::{DecisionGrid, EpochMetrics};
use lantern::viz::{
    cell_colour, describe_decision_map, draw_decision_map, draw_loss_curve, hex, MapSpec, MapStyle, Theme,
};
use plotters::prelude::{IntoDrawingArea, SVGBackend};
use std::path::PathBuf;

const C2: Task = Task::Classification { classes: 2 };
const SIZE: (u32, u32) = (360, 340);

/// Compares `svg` with `tests/snapshots/{name}.svg`, or writes it there when
/// `UPDATE_SNAPSHOTS=1`.
fn check_snapshot(name: &str, svg: &str) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests").join("snapshots");
    let golden = dir.join(format!("{name}.svg"));
    if std::env::var("UPDATE_SNAPSHOTS").is_ok_and(|v| v == "1") {
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(&golden, svg).unwrap();
        eprintln!("wrote {}", golden.display());
        return;
    }
    let Ok(expected) = std::fs::read_to_string(&golden) else {
        panic!(
            "golden file {} is missing: create it with \
             `UPDATE_SNAPSHOTS=1 cargo test --test viz_snapshots`, then look at it and commit it",
            golden.display()
        );
    };
    // Tolerate a checkout that turned line ends into CRLF.
    let expected = expected.replace("\r\n", "\n");
    if expected != svg {
        let actual = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}.actual.svg"));
        std::fs::write(&actual, svg).unwrap();
        let line = expected.lines().zip(svg.lines()).position(|(a, b)| a != b);
        let where_ = line.map_or("in length".to_string(), |l| format!("first at line {}", l + 1));
        panic!(
            "{name}: the drawing differs from {} ({where_}); the new drawing is in {}. If the change \
             is intended, run `UPDATE_SNAPSHOTS=1 cargo test --test viz_snapshots` and review the goldens",
            golden.display(),
            actual.display()
        );
    }
}

fn dataset(points: &[(f32, f32, f32)], task: Task) -> Dataset {
    Dataset {
        features: vec!["x1".into(), "x2".into()],
        x: points.iter().flat_map(|&(a, b, _)| [a, b]).collect(),
        y: points.iter().map(|&(_, _, y)| y).collect(),
        task,
    }
}

/// Train and test points of both classes, in the four quadrants (an XOR layout).
fn xor_points() -> (Dataset, Dataset) {
    let train = [
        (-4.0, -4.0, 1.0),
        (-2.5, -3.5, 1.0),
        (4.0, 4.5, 1.0),
        (3.0, 2.0, 1.0),
        (-4.0, 3.0, 0.0),
        (-2.0, 4.5, 0.0),
        (3.5, -4.0, 0.0),
        (2.0, -2.5, 0.0),
    ];
    let test = [(-3.0, -1.5, 1.0), (1.5, 3.5, 1.0), (-1.5, 2.0, 0.0), (4.5, -1.5, 0.0)];
    (dataset(&train, C2), dataset(&test, C2))
}

/// A 4×4 grid over [-6, 6]² whose value in cell (i, j) is `f(i, j)`.
fn grid_4x4(f: impl Fn(usize, usize) -> f32) -> DecisionGrid {
    let values = (0..16).map(|k| f(k % 4, k / 4)).collect();
    DecisionGrid { resolution: 4, x_range: (-6.0, 6.0), y_range: (-6.0, 6.0), values, confidence: vec![] }
}

fn decision_svg(grid: Option<&DecisionGrid>, train: &Dataset, test: &Dataset, task: Task) -> String {
    let mut s = String::new();
    {
        let area = SVGBackend::with_string(&mut s, SIZE).into_drawing_area();
        let spec = MapSpec::new(task, (-6.0, 6.0), (-6.0, 6.0));
        draw_decision_map(&area, grid, train, test, &spec, &Theme::light()).unwrap();
        area.present().unwrap();
    }
    s
}

fn loss_svg(history: &[EpochMetrics]) -> String {
    let mut s = String::new();
    {
        let area = SVGBackend::with_string(&mut s, SIZE).into_drawing_area();
        draw_loss_curve(&area, history, &Theme::light()).unwrap();
        area.present().unwrap();
    }
    s
}

fn has_text(svg: &str, text: &str) -> bool {
    svg.contains(&format!("\n{text}\n</text>"))
}

#[test]
fn decision_map_classification() {
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
fn decision_map_regression() {
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
fn decision_map_before_training() {
    let theme = Theme::light();
    let (train, test) = xor_points();
    let svg = decision_svg(None, &train, &test, C2);
    assert!(svg.contains(&format!("fill=\"{}\"", hex(theme.empty_plot))));
    assert!(!svg.contains(&hex(theme.heat(0.0))) && !svg.contains(&hex(theme.heat(1.0))));
    check_snapshot("decision_untrained", &svg);
}

/// Draws a decision map with `spec` at the snapshot size.
fn decision_spec_svg(grid: Option<&DecisionGrid>, train: &Dataset, test: &Dataset, spec: &MapSpec<'_>) -> String {
    let mut s = String::new();
    {
        let area = SVGBackend::with_string(&mut s, SIZE).into_drawing_area();
        draw_decision_map(&area, grid, train, test, spec, &Theme::light()).unwrap();
        area.present().unwrap();
    }
    s
}

/// The text of every `<text>` element.
fn texts(svg: &str) -> Vec<String> {
    svg.split("</text>").filter_map(|t| t.rsplit('>').next()).map(|t| t.trim().to_string()).collect()
}

/// Iris-like standardised petal length × width: setosa on the left, virginica upper right,
/// versicolor between; a 12×12 grid whose confidence drops next to the class boundaries.
fn iris_plane() -> (DecisionGrid, Dataset, Dataset) {
    let (xr, yr) = ((-1.7, 1.9), (-1.6, 1.8));
    let class = |x: f64, y: f64| if x < -0.8 { 0.0 } else if x + y > 1.2 { 2.0 } else { 1.0 };
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
fn decision_map_three_classes_custom_ranges() {
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
fn decision_map_discrete_binary() {
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

fn metrics(epoch: usize, train_loss: f64, test_loss: f64) -> EpochMetrics {
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
fn loss_curve_short_history() {
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
fn loss_curve_empty_history() {
    let svg = loss_svg(&[]);
    assert!(has_text(&svg, "epoch") && has_text(&svg, "train loss") && !svg.contains("NaN"));
    check_snapshot("loss_curve_empty", &svg);
}

// ---- Column sparklines (data view) ----

use lantern::data::schema::{summarize, ColumnKind, ColumnSummary};
use lantern::data::table::Column;
use lantern::viz::{describe_column_chart, draw_column_chart};

const SPARK: (u32, u32) = (160, 40);

fn column_svg(summary: &ColumnSummary) -> String {
    let mut s = String::new();
    {
        let area = SVGBackend::with_string(&mut s, SPARK).into_drawing_area();
        draw_column_chart(&area, summary, &Theme::light()).unwrap();
        area.present().unwrap();
    }
    s
}

/// `(x, y, width, height)` of every `<rect>` filled with `color`, in document order.
fn rects(svg: &str, color: &str) -> Vec<(i32, i32, i32, i32)> {
    let attr = |tag: &str, name: &str| -> i32 {
        let start = tag.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
        tag[start..].split('"').next().unwrap().parse().unwrap()
    };
    svg.split("<rect")
        .skip(1)
        .map(|t| t.split("/>").next().unwrap())
        .filter(|t| t.contains(&format!("fill=\"{color}\"")))
        .map(|t| (attr(t, "x"), attr(t, "y"), attr(t, "width"), attr(t, "height")))
        .collect()
}

#[test]
fn column_chart_numeric_histogram() {
    let theme = Theme::light();
    // 1..=20 once each, 20 once more and a missing cell: 20 equal bins, the last holds two.
    let mut values: Vec<f64> = (1..=20).map(f64::from).collect();
    values.extend([20.0, f64::NAN]);
    let summary = summarize(&Column::numeric("x", values));
    assert_eq!(summary.histogram.len(), 20);
    let svg = column_svg(&summary);
    let bars = rects(&svg, &hex(theme.positive));
    assert_eq!(bars.len(), 20, "one bar per bin");
    // 160 px / 20 bins = 8 px each, 7 px wide after the 1 px gap; bars stand on row 39.
    assert!(bars.iter().all(|&(_, y, w, h)| w == 7 && y + h == 39));
    assert_eq!(bars.iter().map(|b| b.0).collect::<Vec<_>>(), (0..20).map(|i| i * 8).collect::<Vec<_>>());
    // The last bin (2 values) reaches the top; the others are half as high.
    assert_eq!(bars[19].3, 39);
    assert!(bars[..19].iter().all(|b| b.3 == 20), "{bars:?}");
    assert!(!svg.contains("<text"), "a sparkline has no text");
    assert!(!svg.contains(&hex(theme.test_line)));
    assert_eq!(
        describe_column_chart(&summary),
        "Histogram of x: 21 values from 1 to 20, most (2) from 19.05 to 20"
    );
    check_snapshot("column_numeric", &svg);
}

#[test]
fn column_chart_categories() {
    let theme = Theme::light();
    // 12 distinct values: the 10 most frequent get a bar each, the other two share a grey bar.
    let mut cells: Vec<Option<String>> = Vec::new();
    for (i, n) in [30, 20, 10, 5, 5, 4, 3, 2, 2, 2, 1, 1].iter().enumerate() {
        cells.extend(std::iter::repeat_n(Some(format!("v{i}")), *n));
    }
    cells.push(None);
    let summary = summarize(&Column::text("colour", &cells));
    assert_eq!((summary.kind, summary.top.len(), summary.missing), (ColumnKind::Categorical, 10, 1));
    let svg = column_svg(&summary);
    let bars = rects(&svg, &hex(theme.test_line));
    let other = rects(&svg, "#BBBBBB");
    assert_eq!((bars.len(), other.len()), (10, 1), "10 value bars and one for the rest");
    // Heights proportional to the counts, the tallest (30) reaching the top (39 px).
    let heights: Vec<i32> = bars.iter().map(|b| b.3).collect();
    assert_eq!(heights, [39, 26, 13, 7, 7, 5, 4, 3, 3, 3]);
    assert_eq!(other[0].3, 3, "two other values, like a count of 2");
    // 11 bars over 160 px: the last one ends at the right edge.
    assert_eq!(other[0].0 + other[0].2 + 1, 160);
    assert_eq!(
        describe_column_chart(&summary),
        "Bar chart of colour: v0 30, v1 20, v2 10, v3 5, v4 5, and 7 other values"
    );
    check_snapshot("column_categories", &svg);
}

#[test]
fn column_chart_empty_and_constant() {
    let theme = Theme::light();
    let empty = summarize(&Column::numeric("gone", vec![f64::NAN; 5]));
    let svg = column_svg(&empty);
    assert!(rects(&svg, &hex(theme.positive)).is_empty() && rects(&svg, &hex(theme.test_line)).is_empty());
    assert!(svg.contains(&format!("stroke=\"{}\"", hex(theme.grid))), "the baseline is drawn");
    assert_eq!(describe_column_chart(&empty), "No chart for gone: every value is missing");
    // A constant numeric column: one bin, one full-width, full-height bar.
    let constant = summarize(&Column::numeric("k", vec![3.0; 4]));
    let bars = rects(&column_svg(&constant), &hex(theme.positive));
    assert_eq!(bars, [(0, 0, 159, 39)]);
    check_snapshot("column_empty", &svg);
}

// ---- Scatter of two table columns (data view) ----

use lantern::data::builtin::builtin;
use lantern::data::csv::{read_csv, ReadOptions};
use lantern::data::Table;
use lantern::viz::{describe_scatter, draw_scatter, ScatterCounts, MAX_POINTS, OKABE_ITO};

const SCATTER: (u32, u32) = (420, 360);

fn scatter_svg(x: &Column, y: &Column, colour_by: Option<&Column>) -> String {
    let mut s = String::new();
    {
        let area = SVGBackend::with_string(&mut s, SCATTER).into_drawing_area();
        draw_scatter(&area, x, y, colour_by, &Theme::light()).unwrap();
        area.present().unwrap();
    }
    s
}

fn iris() -> Table {
    read_csv(builtin("iris").unwrap().csv.as_bytes(), &ReadOptions::default()).unwrap().table
}

/// `<circle …>` elements with the attribute `attr` (`name="value"`).
fn circles_with(svg: &str, attr: &str) -> usize {
    svg.split("<circle").skip(1).filter(|c| c.split("/>").next().unwrap().contains(attr)).count()
}

/// `<circle …>` elements whose fill is `color`.
fn circles_filled(svg: &str, color: RGBColor) -> usize {
    circles_with(svg, &format!("fill=\"{}\"", hex(color)))
}

use plotters::style::RGBColor;

#[test]
fn scatter_iris_by_species() {
    let t = iris();
    let (x, y, species) =
        (t.column("petal_length").unwrap(), t.column("petal_width").unwrap(), t.column("species").unwrap());
    let svg = scatter_svg(x, y, Some(species));
    // One circle per flower (no legend circles), 50 per species in the first three palette colours.
    assert_eq!(svg.matches("<circle").count(), 150);
    for c in &OKABE_ITO[..3] {
        assert_eq!(circles_filled(&svg, *c), 50, "50 points in {}", hex(*c));
    }
    assert!(!svg.contains(&hex(OKABE_ITO[3])));
    // Legend: the title and three classes, each with a square swatch in its colour.
    for text in ["species:", "setosa", "versicolor", "virginica", "petal_length", "petal_width"] {
        assert!(has_text(&svg, text), "no text {text:?}");
    }
    assert_eq!(rects(&svg, &hex(OKABE_ITO[0])).len(), 1, "one legend swatch per class");
    assert!(!svg.contains("showing") && !svg.contains("missing"), "every row drawn, nothing missing");
    assert_eq!(
        describe_scatter(x, y, Some(species)),
        "Scatter plot of petal_width (vertical) against petal_length (horizontal), coloured by species: 150 points"
    );
    check_snapshot("scatter_iris", &svg);
}

#[test]
fn scatter_measured_target_uses_the_diverging_scale() {
    let theme = Theme::light();
    let x = Column::numeric("age", vec![20.0, 30.0, 40.0, 50.0, 60.0, f64::NAN]);
    let y = Column::numeric("bmi", vec![21.5, 24.0, 26.5, 28.0, 31.0, 25.0]);
    let target = Column::numeric("progression", vec![25.0, 100.5, 175.0, f64::NAN, 346.0, 80.0]);
    let svg = scatter_svg(&x, &y, Some(&target));
    // Five complete rows: four with a target, two circles each (fill and ring), and a cross
    // for the one without (two lines, two more in the legend); the row missing x is not drawn.
    assert_eq!(svg.matches("<circle").count(), 4 * 2);
    assert_eq!(circles_with(&svg, "fill=\"none\""), 4, "rings");
    let text_lines = svg.split("<line").skip(1).filter(|l| l.contains(&format!("stroke=\"{}\"", hex(theme.text))));
    assert_eq!(text_lines.count(), 2 + 2, "a cross on the plot and one in the legend");
    // The ends of the scale are the smallest and largest target.
    assert_eq!(circles_filled(&svg, theme.negative), 1);
    assert_eq!(circles_filled(&svg, theme.positive), 1);
    for text in ["progression:", "25", "346", "missing", "1 row with x or y missing not drawn", "age", "bmi"] {
        assert!(has_text(&svg, text), "no text {text:?}");
    }
    // The colour bar: 32 cells from orange to blue.
    assert_eq!(rects(&svg, &hex(theme.negative)).len(), 1);
    assert_eq!(rects(&svg, &hex(theme.positive)).len(), 1);
    assert!(!svg.contains(&hex(OKABE_ITO[0])), "no class colours for a measured target");
    check_snapshot("scatter_measured", &svg);
}

#[test]
fn scatter_text_axis_without_colour() {
    let theme = Theme::light();
    let island = Column::text(
        "island",
        &[Some("Biscoe"), Some("Dream"), Some("Torgersen"), Some("Biscoe"), None, Some("Dream"), Some("Biscoe")],
    );
    let mass = Column::numeric("body_mass_g", vec![3750.0, 3800.0, 3250.0, 4675.0, 4200.0, f64::NAN, 5050.0]);
    let svg = scatter_svg(&island, &mass, None);
    assert_eq!(svg.matches("<circle").count(), 5);
    assert_eq!(circles_filled(&svg, theme.positive), 5, "one colour without a colour column");
    for text in ["Biscoe", "Dream", "Torgersen", "island", "body_mass_g", "2 rows with x or y missing not drawn"] {
        assert!(has_text(&svg, text), "no text {text:?}");
    }
    // Jittered around the category positions: the two Biscoe points at 3750 and 4675 g do not
    // share an x, but both lie within a quarter category of Biscoe's tick.
    let cx: Vec<i32> = svg
        .split("<circle")
        .skip(1)
        .map(|c| c.split("cx=\"").nth(1).unwrap().split('"').next().unwrap().parse().unwrap())
        .collect();
    assert_ne!(cx[0], cx[3]);
    assert!((cx[0] - cx[3]).abs() < (cx[1] - cx[0]).abs(), "{cx:?}");
    check_snapshot("scatter_text_axis", &svg);
}

#[test]
fn scatter_of_missing_columns_is_empty_axes() {
    let gone = Column::numeric("gone", vec![f64::NAN; 4]);
    let none: Vec<Option<&str>> = vec![None; 4];
    let label = Column::text("label", &none);
    let svg = scatter_svg(&gone, &gone, Some(&label));
    assert_eq!(svg.matches("<circle").count(), 0);
    assert!(has_text(&svg, "no rows with both values") && has_text(&svg, "4 rows with x or y missing not drawn"));
    let empty = Column::numeric("empty", vec![]);
    let svg_empty = scatter_svg(&empty, &empty, None);
    assert!(has_text(&svg_empty, "no rows with both values") && !svg_empty.contains("NaN"));
    check_snapshot("scatter_empty", &svg);
}

#[test]
fn scatter_of_100k_rows_draws_a_strided_sample() {
    let n = 100_000;
    let x = Column::numeric("x", (0..n).map(|i| f64::from(i % 997)).collect());
    let y = Column::numeric("y", (0..n).map(|i| f64::from((i * 31) % 1009)).collect());
    let cells: Vec<Option<String>> = (0..n).map(|i| Some(format!("c{}", i % 10))).collect();
    let class = Column::text("class", &cells);
    let start = std::time::Instant::now();
    let svg = scatter_svg(&x, &y, Some(&class));
    eprintln!("100,000-row scatter to SVG: {:?}", start.elapsed());
    assert_eq!(svg.matches("<circle").count(), MAX_POINTS);
    assert!(has_text(&svg, "showing 5,000 of 100,000 points"));
    // Ten classes: eight palette colours and one grey "other" entry for the last two.
    assert!(has_text(&svg, "other (2 classes)"));
    for c in OKABE_ITO {
        assert_eq!(rects(&svg, &hex(c)).len(), 1, "legend swatch {}", hex(c));
        // The strided sample does not alias with the 10-row period of the classes.
        let n = circles_filled(&svg, c);
        assert!((400..600).contains(&n), "{n} points in {}", hex(c));
    }
    assert!((800..1200).contains(&circles_filled(&svg, Theme::light().axis)), "two classes in grey");
    assert_eq!(
        ScatterCounts::of(&x, &y),
        ScatterCounts { rows: n as usize, complete: n as usize, shown: MAX_POINTS }
    );
    // Deterministic: the same drawing twice.
    assert_eq!(svg, scatter_svg(&x, &y, Some(&class)));
}

// ---- Evaluation and data charts (issue 5) ----

use lantern::model::LayerWeights;
use lantern::train::evaluation::{pr_curve, roc_curve, PrCurve, RocCurve};
use lantern::viz::{
    connection_at, describe_category_counts, describe_confusion_matrix, describe_correlation, describe_histogram,
    describe_histogram_overlay, describe_loss_curves, describe_metric_curves, describe_network, describe_pr_curves,
    describe_predicted_vs_actual, describe_residuals, describe_roc_curves, describe_weight_histograms,
    draw_category_counts, draw_confusion_matrix, draw_correlation, draw_histogram, draw_histogram_overlay,
    draw_loss_curves, draw_metric_curves, draw_network, draw_pr_curves, draw_predicted_vs_actual, draw_residuals,
    draw_roc_curves, draw_weight_histograms, lerp_color, pearson_matrix, Metric, WeightSnapshot,
};
use plotters::coord::Shift;
use plotters::prelude::DrawingArea;

const SMALL: (u32, u32) = (320, 240);
const LARGE: (u32, u32) = (640, 400);

/// Draws with `draw` on an SVG of `size` and returns the SVG text.
fn svg_of(size: (u32, u32), draw: impl FnOnce(&DrawingArea<SVGBackend<'_>, Shift>) -> lantern::Result<()>) -> String {
    let mut s = String::new();
    {
        let area = SVGBackend::with_string(&mut s, size).into_drawing_area();
        draw(&area).unwrap();
        area.present().unwrap();
    }
    s
}

/// The points of every `<polyline>` stroked in `color`, in document order.
fn polylines(svg: &str, color: RGBColor) -> Vec<Vec<(i32, i32)>> {
    svg.split("<polyline")
        .skip(1)
        .map(|t| t.split("/>").next().unwrap())
        .filter(|t| t.contains(&format!("stroke=\"{}\"", hex(color))))
        .map(|t| {
            let pts = t.split("points=\"").nth(1).unwrap().split('"').next().unwrap();
            pts.split_whitespace()
                .map(|p| {
                    let (x, y) = p.split_once(',').unwrap();
                    (x.parse().unwrap(), y.parse().unwrap())
                })
                .collect()
        })
        .collect()
}

/// Number of texts exactly `text`.
fn text_count(svg: &str, text: &str) -> usize {
    svg.matches(&format!("\n{text}\n</text>")).count()
}

fn names(n: &[&str]) -> Vec<String> {
    n.iter().map(|s| s.to_string()).collect()
}

#[test]
fn confusion_matrix_three_classes() {
    let theme = Theme::light();
    let m = vec![vec![50, 0, 0], vec![0, 45, 5], vec![0, 3, 47]];
    let classes = names(&["setosa", "versicolor", "virginica"]);
    for (size, name) in [(SMALL, "confusion_small"), (LARGE, "confusion_large")] {
        let svg = svg_of(size, |a| draw_confusion_matrix(a, &m, &classes, &theme));
        for t in ["Predicted", "Actual", "setosa", "versicolor", "virginica", "45", "90%", "5", "10%", "47", "94%"] {
            assert!(has_text(&svg, t), "{name}: no text {t:?}");
        }
        // Four zero cells, each "0" over "0%".
        assert_eq!(text_count(&svg, "0%"), 4, "{name}");
        // Diagonal cells in blue by their rate, mistakes in orange.
        assert_eq!(rects(&svg, &hex(theme.positive)).len(), 1, "{name}: setosa's 100% cell");
        assert_eq!(rects(&svg, &hex(lerp_color(theme.background, theme.positive, 0.9))).len(), 1);
        // Mistakes by √rate: 10 % and 6 %.
        assert_eq!(rects(&svg, &hex(lerp_color(theme.background, theme.negative, 0.1f64.sqrt()))).len(), 1);
        assert_eq!(rects(&svg, &hex(lerp_color(theme.background, theme.negative, 0.06f64.sqrt()))).len(), 1);
        assert_eq!(rects(&svg, &hex(theme.background)).len(), 1 + 4 + 2 + 2, "{name}: background, zero cells, separators");
        check_snapshot(name, &svg);
    }
    assert_eq!(
        describe_confusion_matrix(&m, &classes),
        "Confusion matrix of 3 classes over 150 rows, 95% correct. setosa: 50 of 50 correct (100%). \
         versicolor: 45 of 50 correct (90%), most often predicted as virginica (5). \
         virginica: 47 of 50 correct (94%), most often predicted as versicolor (3)."
    );
    // A class without rows: grey cells and "–" for the rates.
    let svg = svg_of(SMALL, |a| draw_confusion_matrix(a, &[vec![2, 1], vec![0, 0]], &names(&["no", "yes"]), &theme));
    assert_eq!(text_count(&svg, "–"), 2);
    assert_eq!(rects(&svg, &hex(theme.empty_plot)).len(), 2);
    let mut s = String::new();
    let area = SVGBackend::with_string(&mut s, SMALL).into_drawing_area();
    assert!(draw_confusion_matrix(&area, &[vec![1, 2]], &[], &theme).is_err(), "not square");
}

#[test]
fn confusion_matrix_many_classes_turns_labels() {
    let n = 10;
    let m: Vec<Vec<u64>> = (0..n).map(|i| (0..n).map(|j| if i == j { 20 } else { (i + j) as u64 % 3 }).collect()).collect();
    let classes: Vec<String> = (0..n).map(|i| format!("category_{i}")).collect();
    let svg = svg_of(SMALL, |a| draw_confusion_matrix(a, &m, &classes, &Theme::light()));
    assert!(svg.contains("rotate(270"), "column labels turned when they do not fit");
    check_snapshot("confusion_many", &svg);
}

/// Scores of three classes: class 0 easy, 1 and 2 overlapping.
fn roc_pr_data() -> (Vec<RocCurve>, Vec<PrCurve>) {
    let actual = [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2];
    let p1 = [0.1, 0.2, 0.1, 0.3, 0.8, 0.6, 0.4, 0.7, 0.5, 0.3, 0.6, 0.2];
    let mut roc = Vec::new();
    let mut pr = Vec::new();
    for class in 0..3 {
        let positive: Vec<bool> = actual.iter().map(|&a| a == class).collect();
        let scores: Vec<f64> = (0..12)
            .map(|i| match class {
                0 => 1.0 - p1[i] - 0.05 * (i % 3) as f64,
                1 => p1[i],
                _ => 1.0 - p1[i] * 0.9 - 0.1 * (i % 2) as f64,
            })
            .collect();
        roc.push(roc_curve(&positive, &scores));
        pr.push(pr_curve(&positive, &scores));
    }
    (roc, pr)
}

#[test]
fn roc_curves_per_class() {
    let theme = Theme::light();
    let (roc, _) = roc_pr_data();
    let classes = names(&["setosa", "versicolor", "virginica"]);
    let auc = [1.0, 0.83, 0.666];
    for (size, name) in [(SMALL, "roc_small"), (LARGE, "roc_large")] {
        let svg = svg_of(size, |a| draw_roc_curves(a, &roc, &classes, &auc, &theme));
        for t in ["setosa (AUC 1.00)", "versicolor (AUC 0.83)", "virginica (AUC 0.67)", "chance (AUC 0.50)", "false positive rate", "true positive rate"] {
            assert!(has_text(&svg, t), "{name}: no text {t:?}");
        }
        // The chance diagonal: dashes in grey, all on the line from the lower left to the upper
        // right corner of the plot.
        // (Leaving out the legend's sample, which is horizontal.)
        let chance: Vec<Vec<(i32, i32)>> =
            polylines(&svg, theme.text).into_iter().filter(|l| l.iter().any(|p| p.1 != l[0].1)).collect();
        assert!(chance.len() > 5, "{name}: dashed");
        let pts: Vec<(i32, i32)> = chance.iter().flatten().copied().collect();
        let (first, last) = (pts[0], pts[pts.len() - 1]);
        assert!(last.0 > first.0 && last.1 < first.1, "{name}: rises to the right");
        for p in &pts {
            let cross = (last.0 - first.0) * (p.1 - first.1) - (last.1 - first.1) * (p.0 - first.0);
            assert!(cross.abs() <= (last.0 - first.0) * 2, "{name}: {p:?} off the diagonal");
        }
        // Each class line in its colour (the solid first one as a single polyline).
        let c0 = polylines(&svg, OKABE_ITO[4]);
        assert_eq!(c0.len(), 2, "{name}: setosa's line and its legend sample");
        assert!(!polylines(&svg, OKABE_ITO[3]).is_empty() && !polylines(&svg, OKABE_ITO[2]).is_empty());
        // Markers: 5 per line plus one in the legend; circles only for the first class.
        assert_eq!(svg.matches("<circle").count(), 6, "{name}");
        check_snapshot(name, &svg);
    }
    assert_eq!(
        describe_roc_curves(&roc, &classes, &auc),
        "ROC curves, each class against the rest: setosa AUC 1.00, versicolor AUC 0.83, virginica AUC 0.67; 0.5 is chance, 1 is perfect"
    );
}

#[test]
fn pr_curve_binary() {
    let theme = Theme::light();
    let (_, pr) = roc_pr_data();
    let one = vec![pr[1].clone()];
    let svg = svg_of(SMALL, |a| draw_pr_curves(a, &one, &names(&["yes"]), &[0.71], &theme));
    for t in ["yes (AP 0.71)", "chance (33% positive)", "recall", "precision"] {
        assert!(has_text(&svg, t), "no text {t:?}");
    }
    // One curve: no markers; the chance line is horizontal.
    assert_eq!(svg.matches("<circle").count(), 0);
    // Dashes of the chance line and of its legend sample: all horizontal, at two heights.
    let chance = polylines(&svg, theme.text);
    assert!(chance.len() > 20 && chance.iter().all(|l| l.iter().all(|p| p.1 == l[0].1)), "{chance:?}");
    let mut heights: Vec<i32> = chance.iter().map(|l| l[0].1).collect();
    heights.dedup();
    assert_eq!(heights.len(), 2, "{heights:?}");
    assert_eq!(
        describe_pr_curves(&one, &names(&["yes"]), &[0.71]),
        "Precision-recall curve of yes: average precision 0.71; 1 is perfect; guessing gives 0.33 (33% positive)"
    );
    check_snapshot("pr_binary", &svg);
    let (_, pr) = roc_pr_data();
    let svg = svg_of(LARGE, |a| draw_pr_curves(a, &pr, &names(&["a", "b", "c"]), &[0.9, 0.6, 0.5], &theme));
    assert!(has_text(&svg, "b (AP 0.60)") && !has_text(&svg, "chance (33% positive)"));
    check_snapshot("pr_three", &svg);
}

fn regression_data() -> (Vec<f32>, Vec<f32>) {
    let actual: Vec<f32> = (0..30).map(|i| i as f32 * 2.0).collect();
    let predicted: Vec<f32> = (0..30).map(|i| i as f32 * 2.0 + ((i * 7) % 11) as f32 - 5.0).collect();
    (actual, predicted)
}

#[test]
fn predicted_vs_actual_has_the_identity_line() {
    let theme = Theme::light();
    let (mut actual, mut predicted) = regression_data();
    actual.push(f32::NAN);
    predicted.push(3.0);
    for (size, name) in [(SMALL, "pred_actual_small"), (LARGE, "pred_actual_large")] {
        let svg = svg_of(size, |a| draw_predicted_vs_actual(a, &actual, &predicted, "price (k$)", &theme));
        assert_eq!(circles_with(&svg, &format!("fill=\"{}\"", hex(theme.positive))), 30, "{name}");
        for t in ["actual price (k$)", "predicted price (k$)", "predicted = actual"] {
            assert!(has_text(&svg, t), "{name}: no text {t:?}");
        }
        // The identity line: dashes on the plot's diagonal, corner to corner (both axes share
        // one range), so its first and last points span the plot.
        let dashes: Vec<Vec<(i32, i32)>> =
            polylines(&svg, theme.text).into_iter().filter(|l| l.iter().any(|p| p.1 != l[0].1)).collect();
        let pts: Vec<(i32, i32)> = dashes.iter().flatten().copied().collect();
        let (first, last) = (pts[0], pts[pts.len() - 1]);
        assert!(last.0 - first.0 > size.0 as i32 / 2 && first.1 - last.1 > size.1 as i32 / 3, "{name}");
        for p in &pts {
            let cross = (last.0 - first.0) * (p.1 - first.1) - (last.1 - first.1) * (p.0 - first.0);
            assert!(cross.abs() <= (last.0 - first.0) * 2, "{name}: {p:?} off the identity line");
        }
        check_snapshot(name, &svg);
    }
    let d = describe_predicted_vs_actual(&actual, &predicted, "price");
    assert!(d.starts_with("Predicted against actual price for 30 rows: R² 0.9") && d.ends_with("; 1 row with a missing value not drawn"), "{d}");
}

#[test]
fn residuals_have_a_zero_line_and_sign_colours() {
    let theme = Theme::light();
    let (actual, predicted) = regression_data();
    let above = actual.iter().zip(&predicted).filter(|(a, p)| a >= p).count();
    let svg = svg_of(SMALL, |a| draw_residuals(a, &actual, &predicted, "price", &theme));
    assert_eq!(circles_with(&svg, &format!("fill=\"{}\"", hex(theme.positive))), above);
    assert_eq!(circles_with(&svg, &format!("fill=\"{}\"", hex(theme.negative))), 30 - above);
    // The zero line: horizontal dashes.
    let zero: Vec<(i32, i32)> = polylines(&svg, theme.text).into_iter().flatten().collect();
    assert!(zero.len() > 10 && zero.iter().all(|p| p.1 == zero[0].1));
    assert!(has_text(&svg, "residual (actual − predicted)") && has_text(&svg, "predicted price"));
    assert!(describe_residuals(&actual, &predicted, "price").contains("for 30 rows"));
    check_snapshot("residuals", &svg);
}

#[test]
fn histogram_bins_and_missing_values() {
    let theme = Theme::light();
    // 1..=8 and a missing value: two bins of four (Freedman–Diaconis, see histogram.rs).
    let mut v: Vec<f64> = (1..=8).map(f64::from).collect();
    v.push(f64::NAN);
    let svg = svg_of(SMALL, |a| draw_histogram(a, &v, "length (cm)", &theme));
    assert_eq!(rects(&svg, &hex(theme.positive)).len(), 2);
    for t in ["length (cm)", "count", "1 missing value not shown"] {
        assert!(has_text(&svg, t), "no text {t:?}");
    }
    check_snapshot("histogram_small", &svg);
    // A skewed sample of 500 values at the larger size.
    let skewed: Vec<f64> = (0..500).map(|i| (f64::from(i) / 100.0).exp()).collect();
    let svg = svg_of(LARGE, |a| draw_histogram(a, &skewed, "income", &theme));
    let bars = rects(&svg, &hex(theme.positive)).len();
    assert!((10..=40).contains(&bars), "{bars} bars");
    assert!(!has_text(&svg, "1 missing value not shown"));
    check_snapshot("histogram_large", &svg);
    assert_eq!(
        describe_histogram(&v, "length"),
        "Histogram of length: 8 values from 1 to 8 in 2 bins, most (4) from 1 to 4.5; 1 missing value not shown"
    );
}

#[test]
fn category_counts_top_n_and_other() {
    let theme = Theme::light();
    let counts: Vec<(String, u64)> =
        [("Adelie", 152), ("Gentoo", 124), ("Chinstrap", 68), ("Rockhopper", 3), ("Emperor", 2)]
            .iter()
            .map(|(s, c)| (s.to_string(), *c))
            .collect();
    let svg = svg_of(SMALL, |a| draw_category_counts(a, &counts, "species", 3, &theme));
    assert_eq!(rects(&svg, &hex(theme.positive)).len(), 3);
    assert_eq!(rects(&svg, "#BBBBBB").len(), 1, "one grey other bar");
    for t in ["species", "Adelie", "152", "Chinstrap", "68", "other (2 values)", "5"] {
        assert!(has_text(&svg, t), "no text {t:?}");
    }
    // Bar lengths proportional to the counts: Adelie 152 is the longest.
    let bars = rects(&svg, &hex(theme.positive));
    assert!(bars[0].2 > bars[1].2 && bars[1].2 > bars[2].2);
    assert!(((bars[2].2 as f64 / bars[0].2 as f64) - 68.0 / 152.0).abs() < 0.02);
    check_snapshot("categories", &svg);
    assert_eq!(
        describe_category_counts(&counts, "species", 3),
        "Bar chart of species: Adelie 152, Gentoo 124, Chinstrap 68, and 2 other values (5)"
    );
}

#[test]
fn histogram_overlay_of_two_samples() {
    let theme = Theme::light();
    let reference: Vec<f64> = (0..200).map(|i| f64::from(i % 20)).collect();
    let current: Vec<f64> = (0..100).map(|i| f64::from(i % 20) * 0.5 + 8.0).collect();
    let svg = svg_of(LARGE, |a| draw_histogram_overlay(a, &reference, &current, "age", ("reference", "current"), &theme));
    for t in ["reference (200)", "current (100)", "age", "share of rows (%)"] {
        assert!(has_text(&svg, t), "no text {t:?}");
    }
    // Reference bars semi-transparent blue, current data as an orange step outline.
    let filled = rects(&svg, &hex(theme.positive));
    assert!(filled.len() > 5, "{}", filled.len());
    assert!(svg.contains("opacity=\"0.35\""));
    assert_eq!(polylines(&svg, theme.negative).len(), 2, "the outline and its legend sample");
    check_snapshot("histogram_overlay", &svg);
    let d = describe_histogram_overlay(&reference, &current, "age", ("reference", "current"));
    assert!(d.starts_with("Distribution of age, reference against current: reference 200 values (mean 9.5), current 100 values (mean 12.75)"), "{d}");
}

#[test]
fn correlation_heat_map() {
    let theme = Theme::light();
    let cols = vec![
        vec![1.0, 2.0, 3.0, 4.0, 5.0],
        vec![2.0, 4.0, 5.0, 9.0, f64::NAN],
        vec![5.0, 3.0, 4.0, 1.0, 2.0],
        vec![0.5, 0.5, 0.5, 0.5, 0.5],
    ];
    let n = names(&["sepal_length", "petal_length", "noise", "constant"]);
    let r = pearson_matrix(&cols);
    for (size, name) in [(SMALL, "correlation_small"), (LARGE, "correlation_large")] {
        let svg = svg_of(size, |a| draw_correlation(a, &n, &cols, &theme));
        // Cells coloured by r on the diverging scale.
        assert!(!rects(&svg, &hex(theme.diverging((r[0][1] + 1.0) / 2.0))).is_empty(), "{name}");
        assert!(rects(&svg, &hex(theme.positive)).len() >= 3, "{name}: diagonal at 1 is full blue");
        assert!(has_text(&svg, "0.96") && has_text(&svg, "-0.80"), "{name}: values in cells");
        assert_eq!(text_count(&svg, "1.00"), 3, "{name}");
        assert_eq!(text_count(&svg, "–"), 4 + 3, "{name}: the constant column's row and column");
        for t in ["-1", "0", "1", "sepal_length"] {
            assert!(has_text(&svg, t), "{name}: no text {t:?}");
        }
        check_snapshot(name, &svg);
    }
    assert!(describe_correlation(&n, &cols).starts_with("Correlation heat map of 4 columns. Strongest: sepal_length and petal_length 0.96"));
}

fn net() -> Vec<LayerWeights> {
    vec![
        LayerWeights { inputs: 2, outputs: 3, w: vec![0.8, -0.4, 0.1, -1.2, 0.6, 0.05], b: vec![0.0; 3] },
        LayerWeights { inputs: 3, outputs: 1, w: vec![1.0, -0.7, 0.3], b: vec![0.1] },
    ]
}

#[test]
fn network_diagram() {
    let theme = Theme::light();
    let features = names(&["x1", "x2"]);
    let layers = net();
    for (size, name) in [(SMALL, "network_small"), (LARGE, "network_large")] {
        let mut layout = None;
        let svg = svg_of(size, |a| {
            layout = Some(draw_network(a, &layers, &features, None, C2, &theme)?);
            Ok(())
        });
        // One line per weight, orange for the 4 negative, blue for the 5 positive.
        let neg = polylines(&svg, theme.negative).len();
        let pos = polylines(&svg, theme.positive).len();
        assert_eq!((neg, pos), (3, 6), "{name}");
        for t in ["x1", "x2", "2 inputs", "3 neurons", "1 output"] {
            assert!(has_text(&svg, t), "{name}: no text {t:?}");
        }
        // The strongest weight (−1.2) is the widest line.
        assert!(svg.contains("stroke-width=\"4\""), "{name}");
        let layout = layout.unwrap();
        let c = &layout.connections[3];
        let mid = ((c.start.0 + c.end.0) / 2.0, (c.start.1 + c.end.1) / 2.0);
        assert_eq!(connection_at(&layout, mid.0, mid.1), Some((0, 1, 0, -1.2)), "{name}");
        check_snapshot(name, &svg);
    }
    assert_eq!(
        describe_network(&layers, &features),
        "Network with 2 inputs (x1, x2), a hidden layer of 3 neurons, and 1 output: 9 weights from -1.2 to 1; \
         strongest x2 → layer 1 neuron 1 (-1.2)"
    );
}

#[test]
fn network_with_images_and_a_large_layer() {
    let theme = Theme::light();
    let layers = vec![
        LayerWeights { inputs: 2, outputs: 20, w: (0..40).map(|k| (k as f32 - 20.0) / 20.0).collect(), b: vec![0.0; 20] },
        LayerWeights { inputs: 20, outputs: 1, w: (0..20).map(|k| (k as f32 - 10.0) / 10.0).collect(), b: vec![0.0] },
    ];
    // 4×4 images: a left-to-right ramp for every unit (−1 … 1; the output 0 … 1).
    let images: Vec<Vec<f32>> = (0..23)
        .map(|u| (0..16).map(|k| { let t = (k % 4) as f32 / 3.0; if u == 22 { t } else { 2.0 * t - 1.0 } }).collect())
        .collect();
    let svg = svg_of(LARGE, |a| draw_network(a, &layers, &names(&["x1", "x2"]), Some(&images), C2, &theme).map(|_| ()));
    assert!(has_text(&svg, "+5"), "20 units: 15 boxes and +5");
    assert!(has_text(&svg, "20 neurons"));
    // 2 inputs + 15 shown hidden + 1 output have images of 4 × 4 cells, ends of the scale present.
    assert_eq!(rects(&svg, &hex(theme.heat(0.0))).len(), 18 * 4);
    assert_eq!(rects(&svg, &hex(theme.heat(1.0))).len(), 18 * 4);
    // Connections to the hidden 5 are not drawn: 2·15 + 15.
    let lines = polylines(&svg, theme.negative).len() + polylines(&svg, theme.positive).len();
    assert_eq!(lines, 45);
    check_snapshot("network_images", &svg);
}

fn snapshots() -> Vec<WeightSnapshot> {
    (0..6)
        .map(|e| {
            let spread = 0.2 + 0.2 * e as f32;
            let l1: Vec<f32> = (0..32).map(|k| ((k as f32 / 31.0) * 2.0 - 1.0) * spread).collect();
            let l2: Vec<f32> = (0..8).map(|k| if k % 2 == 0 { 0.5 + 0.1 * e as f32 } else { -0.3 }).collect();
            WeightSnapshot { epoch: e * 5, layers: vec![l1, l2] }
        })
        .collect()
}

#[test]
fn weight_histograms_over_time() {
    let theme = Theme::light();
    let s = snapshots();
    for (size, name) in [(SMALL, "weights_small"), (LARGE, "weights_large")] {
        let svg = svg_of(size, |a| draw_weight_histograms(a, &s, &theme));
        for t in ["layer 1: 32 weights", "layer 2: 8 weights", "epoch", "weight", "0", "25"] {
            assert!(has_text(&svg, t), "{name}: no text {t:?}");
        }
        // Each panel's fullest bin in full blue.
        assert!(rects(&svg, &hex(theme.positive)).len() >= 2, "{name}");
        check_snapshot(name, &svg);
    }
    assert!(describe_weight_histograms(&s).starts_with("Weight distributions of 2 layers over 6 recorded epochs (0 to 25). Layer 1: 32 weights"));
}

fn full_metrics(epoch: usize, loss: [f64; 3], acc: [f64; 3]) -> EpochMetrics {
    EpochMetrics {
        epoch,
        steps: epoch as u64 * 10,
        train_loss: loss[0],
        validation_loss: Some(loss[1]),
        test_loss: loss[2],
        train_accuracy: Some(acc[0]),
        validation_accuracy: Some(acc[1]),
        test_accuracy: Some(acc[2]),
        ..Default::default()
    }
}

fn full_history() -> Vec<EpochMetrics> {
    (1..=12)
        .map(|e| {
            let t = e as f64;
            let train = if e == 12 { 0.0 } else { 0.7 * (-0.4 * t).exp() };
            full_metrics(e, [train, 0.7 * (-0.3 * t).exp() + 0.02, 0.7 * (-0.28 * t).exp() + 0.03], [1.0 - train, 0.9 - 0.5 / t, 0.88 - 0.5 / t])
        })
        .collect()
}

#[test]
fn loss_curves_log_scale_with_zero_and_current_epoch() {
    let theme = Theme::light();
    let h = full_history();
    let svg = svg_of(SMALL, |a| draw_loss_curves(a, &h, true, Some(7), &theme));
    for t in ["train", "validation", "test", "epoch 7", "loss (log scale)", "epoch"] {
        assert!(has_text(&svg, t), "no text {t:?}");
    }
    assert!(!svg.contains("NaN") && !svg.contains("inf"));
    assert!(!polylines(&svg, theme.train_line).is_empty() && !polylines(&svg, OKABE_ITO[2]).is_empty());
    // The zero loss of epoch 12 is drawn at the bottom of the axis: the train line reaches the
    // lowest y of all lines.
    let train_max_y = polylines(&svg, theme.train_line).iter().flatten().map(|p| p.1).max().unwrap();
    let test_max_y = polylines(&svg, theme.test_line).iter().flatten().map(|p| p.1).max().unwrap();
    assert!(train_max_y > test_max_y + 20);
    check_snapshot("loss_log", &svg);
    let svg = svg_of(LARGE, |a| draw_loss_curves(a, &h, false, None, &theme));
    assert!(has_text(&svg, "loss") && !svg.contains("epoch 7"));
    check_snapshot("loss_linear", &svg);
    let d = describe_loss_curves(&h, Some(7));
    assert!(d.starts_with("Loss per epoch over 12 epochs: train 0.4692 at epoch 1, 0 at epoch 12, lowest 0 at epoch 12; validation") && d.ends_with("; current epoch 7"), "{d}");
}

#[test]
fn metric_curves_accuracy_and_r2() {
    let theme = Theme::light();
    let h = full_history();
    let svg = svg_of(SMALL, |a| draw_metric_curves(a, &h, Metric::Accuracy, Some(12), &theme));
    for t in ["accuracy", "train", "validation", "test", "epoch 12"] {
        assert!(has_text(&svg, t), "no text {t:?}");
    }
    check_snapshot("accuracy_curves", &svg);
    // R² without validation; one far below −1 is clamped.
    let r2: Vec<EpochMetrics> = (1..=5)
        .map(|e| EpochMetrics { epoch: e, train_r2: Some(1.0 - 3.0 / e as f64), test_r2: Some(0.8 - 1.0 / e as f64), ..Default::default() })
        .collect();
    let svg = svg_of(SMALL, |a| draw_metric_curves(a, &r2, Metric::R2, None, &theme));
    assert!(has_text(&svg, "R²") && has_text(&svg, "-1") && !has_text(&svg, "validation"), "{svg}");
    assert_eq!(
        describe_metric_curves(&r2, Metric::R2, None),
        "R² per epoch over 5 epochs: train -2 at epoch 1, 0.4 at epoch 5, best 0.4 at epoch 5; test -0.2 at epoch 1, 0.6 at epoch 5, best 0.6 at epoch 5"
    );
    check_snapshot("r2_curves", &svg);
}

#[test]
fn new_charts_survive_empty_inputs_and_tiny_areas() {
    let theme = Theme::light();
    let (roc, pr) = roc_pr_data();
    let (actual, predicted) = regression_data();
    let h = full_history();
    let cols = vec![vec![1.0, 2.0, 3.0], vec![3.0, 1.0, 2.0]];
    for size in [(12, 12), (1, 1), SMALL] {
        let full = [
            svg_of(size, |a| draw_confusion_matrix(a, &[vec![1, 2], vec![3, 4]], &names(&["a", "b"]), &theme)),
            svg_of(size, |a| draw_roc_curves(a, &roc, &[], &[0.5, 0.6, 0.7], &theme)),
            svg_of(size, |a| draw_pr_curves(a, &pr, &[], &[], &theme)),
            svg_of(size, |a| draw_predicted_vs_actual(a, &actual, &predicted, "y", &theme)),
            svg_of(size, |a| draw_residuals(a, &actual, &predicted, "y", &theme)),
            svg_of(size, |a| draw_histogram(a, &[1.0, 2.0, 2.5], "x", &theme)),
            svg_of(size, |a| draw_category_counts(a, &[("a".into(), 3), ("b".into(), 1)], "c", 1, &theme)),
            svg_of(size, |a| draw_histogram_overlay(a, &[1.0, 2.0], &[2.0, 3.0], "x", ("old", "new"), &theme)),
            svg_of(size, |a| draw_correlation(a, &names(&["p", "q"]), &cols, &theme)),
            svg_of(size, |a| draw_network(a, &net(), &[], None, C2, &theme).map(|_| ())),
            svg_of(size, |a| draw_weight_histograms(a, &snapshots(), &theme)),
            svg_of(size, |a| draw_loss_curves(a, &h, true, Some(3), &theme)),
            svg_of(size, |a| draw_metric_curves(a, &h, Metric::Accuracy, Some(3), &theme)),
        ];
        assert!(full.iter().all(|s| !s.contains("NaN")), "{size:?}");
    }
    // Nothing to show: empty axes or a note, never NaN or a panic.
    let empty = [
        svg_of(SMALL, |a| draw_confusion_matrix(a, &[], &[], &theme)),
        svg_of(SMALL, |a| draw_roc_curves(a, &[], &[], &[], &theme)),
        svg_of(SMALL, |a| draw_pr_curves(a, &[], &[], &[], &theme)),
        svg_of(SMALL, |a| draw_predicted_vs_actual(a, &[], &[], "y", &theme)),
        svg_of(SMALL, |a| draw_residuals(a, &[f32::NAN], &[1.0], "y", &theme)),
        svg_of(SMALL, |a| draw_histogram(a, &[f64::NAN, f64::INFINITY], "x", &theme)),
        svg_of(SMALL, |a| draw_category_counts(a, &[], "c", 5, &theme)),
        svg_of(SMALL, |a| draw_histogram_overlay(a, &[], &[], "x", ("old", "new"), &theme)),
        svg_of(SMALL, |a| draw_correlation(a, &[], &[], &theme)),
        svg_of(SMALL, |a| draw_network(a, &[], &[], None, C2, &theme).map(|_| ())),
        svg_of(SMALL, |a| draw_weight_histograms(a, &[], &theme)),
        svg_of(SMALL, |a| draw_loss_curves(a, &[], true, Some(1), &theme)),
        svg_of(SMALL, |a| draw_metric_curves(a, &[], Metric::R2, None, &theme)),
    ];
    for (k, s) in empty.iter().enumerate() {
        assert!(!s.contains("NaN") && !s.contains("inf"), "chart {k}: {s}");
    }
    assert!(has_text(&empty[1], "no curves to show") && has_text(&empty[9], "no network yet"));
    assert!(has_text(&empty[5], "2 missing values not shown") && has_text(&empty[5], "no values"));
}
