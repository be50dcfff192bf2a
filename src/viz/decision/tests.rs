#![allow(clippy::unwrap_used)]
use super::*;
use crate::viz::hex;
use plotters::prelude::{IntoDrawingArea, SVGBackend};

const C2: Task = Task::Classification { classes: 2 };

fn data(x: Vec<f32>, y: Vec<f32>, task: Task) -> Dataset {
    Dataset { features: vec!["x1".into(), "x2".into()], x, y, task }
}

fn svg(
    grid: Option<&DecisionGrid>,
    train: &Dataset,
    test: &Dataset,
    task: Task,
    size: (u32, u32),
) -> Result<String> {
    let mut s = String::new();
    {
        let area = SVGBackend::with_string(&mut s, size).into_drawing_area();
        let spec = MapSpec::new(task, (-6.0, 6.0), (-6.0, 6.0));
        draw_decision_map(&area, grid, train, test, &spec, &Theme::light())?;
        area.present()?;
    }
    Ok(s)
}

#[test]
fn empty_inputs_draw_axes_only() {
    let empty = data(vec![], vec![], C2);
    let out = svg(None, &empty, &empty, C2, (300, 300)).unwrap();
    assert_eq!(out.matches("<circle").count(), 0);
    for text in ["x1", "x2", "-6", "6"] {
        assert!(out.contains(&format!("\n{text}\n</text>")), "no {text:?} in {out}");
    }
    // A dataset with no rows and no features is fine too.
    let bare = Dataset { features: vec![], x: vec![], y: vec![], task: C2 };
    assert!(svg(None, &bare, &bare, C2, (300, 300)).is_ok());
    // An empty grid (resolution 0) draws no cells and does not panic.
    let g = DecisionGrid { resolution: 0, x_range: (-6.0, 6.0), y_range: (-6.0, 6.0), values: vec![], confidence: vec![] };
    assert!(svg(Some(&g), &empty, &empty, C2, (300, 300)).is_ok());
}

#[test]
fn points_get_two_circles_each_and_class_colours() {
    let theme = Theme::light();
    let train = data(vec![-3.0, -3.0, 3.0, 3.0], vec![0.0, 1.0], C2);
    let test = data(vec![1.0, -2.0, f32::NAN, 0.0, 50.0, 0.0], vec![1.0, 0.0, 1.0], C2);
    let out = svg(None, &train, &test, C2, (300, 300)).unwrap();
    // Two train and one test point survive (NaN and out-of-range ones are dropped).
    assert_eq!(out.matches("<circle").count(), 6, "{out}");
    assert!(out.contains(&hex(theme.negative)) && out.contains(&hex(theme.positive)));
    assert!(out.contains(&format!("stroke=\"{}\"", hex(theme.test_outline))));
}

#[test]
fn regression_values_use_the_same_scale() {
    let theme = Theme::light();
    let train = data(vec![0.0, 0.0, 1.0, 1.0, 2.0, 2.0], vec![-1.0, 0.0, 1.0], Task::Regression);
    let out = svg(None, &train, &train, Task::Regression, (300, 300)).unwrap();
    for c in [theme.negative, theme.neutral, theme.positive] {
        assert!(out.contains(&format!("fill=\"{}\"", hex(c))), "no {} in {out}", hex(c));
    }
}

#[test]
fn malformed_inputs_are_errors_not_panics() {
    let empty = data(vec![], vec![], C2);
    let short =
        DecisionGrid { resolution: 3, x_range: (-6.0, 6.0), y_range: (-6.0, 6.0), values: vec![0.5; 8], confidence: vec![] };
    assert!(matches!(svg(Some(&short), &empty, &empty, C2, (200, 200)), Err(Error::Plot(_))));
    let flat =
        DecisionGrid { resolution: 1, x_range: (1.0, 1.0), y_range: (-6.0, 6.0), values: vec![0.5], confidence: vec![] };
    assert!(matches!(svg(Some(&flat), &empty, &empty, C2, (200, 200)), Err(Error::Plot(_))));
    let one_feature = Dataset { features: vec!["a".into()], x: vec![1.0], y: vec![0.0], task: C2 };
    assert!(matches!(svg(None, &one_feature, &empty, C2, (200, 200)), Err(Error::Plot(_))));
}

#[test]
fn tiny_area_does_not_panic() {
    let g = DecisionGrid {
        resolution: 2,
        x_range: (-6.0, 6.0),
        y_range: (-6.0, 6.0),
        values: vec![0.0, 1.0, f32::NAN, 0.5],
        confidence: vec![],
    };
    let pts = data(vec![0.0, 0.0], vec![1.0], C2);
    assert!(svg(Some(&g), &pts, &pts, C2, (6, 6)).is_ok());
}

#[test]
fn full_size_map_is_one_rect_per_cell() {
    let n = 50;
    let g = DecisionGrid {
        resolution: n,
        x_range: (-6.0, 6.0),
        y_range: (-6.0, 6.0),
        values: (0..n * n).map(|k| (k % n) as f32 / (n - 1) as f32).collect(),
        confidence: vec![],
    };
    let xy: Vec<f32> = (0..800).map(|k| ((k * 37) % 120) as f32 / 10.0 - 6.0).collect();
    let pts = data(xy, (0..400).map(|k| (k % 2) as f32).collect(), C2);
    let start = std::time::Instant::now();
    let out = svg(Some(&g), &pts, &data(vec![], vec![], C2), C2, (400, 400)).unwrap();
    eprintln!("50×50 grid + 400 points to SVG: {:?}", start.elapsed());
    // The background plus one rect per cell, and two circles per point.
    assert_eq!(out.matches("<rect").count(), 1 + n * n);
    assert_eq!(out.matches("<circle").count(), 800);
}

#[test]
fn heat_rgba_is_top_row_first_in_cell_colours() {
    // 2×2 grid: bottom row (x2 low) = [0, 1], top row = [1, 0].
    let g = DecisionGrid { resolution: 2, x_range: (-1.0, 1.0), y_range: (-1.0, 1.0), values: vec![0.0, 1.0, 1.0, 0.0], confidence: vec![] };
    let t = Theme::default();
    let px = heat_map_rgba(&g, C2, &t).unwrap();
    assert_eq!(px.len(), 16);
    let (neg, pos) = (t.heat(0.0), t.heat(1.0));
    assert_eq!(&px[0..4], &[pos.0, pos.1, pos.2, 255]); // top-left = value 1
    assert_eq!(&px[4..8], &[neg.0, neg.1, neg.2, 255]);
    assert_eq!(&px[8..12], &[neg.0, neg.1, neg.2, 255]); // bottom-left = value 0
    let bad = DecisionGrid { values: vec![0.0], ..g };
    assert!(heat_map_rgba(&bad, C2, &t).is_err());
}

#[test]
fn overlay_leaves_the_plot_transparent_and_reports_its_rect() {
    let mut s = String::new();
    let d = data(vec![1.0, 1.0, -2.0, 3.0], vec![1.0, 0.0], C2);
    let rect = {
        let area = SVGBackend::with_string(&mut s, (300, 300)).into_drawing_area();
        draw_decision_overlay(&area, &d, &d, &MapSpec::new(C2, (-6.0, 6.0), (-6.0, 6.0)), &Theme::default()).unwrap()
    };
    assert!(rect.left > 20 && rect.top >= 0 && rect.right <= 300 && rect.bottom < 300, "{rect:?}");
    assert!(rect.right - rect.left > 200 && rect.bottom - rect.top > 200, "{rect:?}");
    // No background fill: no full-size rect; points still drawn (2 circles each, 2 sets).
    assert_eq!(s.matches("<rect").count(), 0, "overlay must paint no background: {s}");
    assert_eq!(s.matches("<circle").count(), 8);
}
