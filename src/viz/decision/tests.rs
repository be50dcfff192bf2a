#![allow(clippy::unwrap_used)]
use super::*;
use crate::viz::frame::Corner;
use crate::viz::hex;
use plotters::prelude::{IntoDrawingArea, SVGBackend};

const C2: Task = Task::Classification { classes: 2 };

fn data(x: Vec<f32>, y: Vec<f32>, task: Task) -> Dataset {
    Dataset { features: vec!["x1".into(), "x2".into()], x, y, task }
}

fn svg(grid: Option<&DecisionGrid>, train: &Dataset, test: &Dataset, task: Task, size: (u32, u32)) -> Result<String> {
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
    let g =
        DecisionGrid { resolution: 0, x_range: (-6.0, 6.0), y_range: (-6.0, 6.0), values: vec![], confidence: vec![] };
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
    let short = DecisionGrid {
        resolution: 3,
        x_range: (-6.0, 6.0),
        y_range: (-6.0, 6.0),
        values: vec![0.5; 8],
        confidence: vec![],
    };
    assert!(matches!(svg(Some(&short), &empty, &empty, C2, (200, 200)), Err(Error::Plot(_))));
    let flat = DecisionGrid {
        resolution: 1,
        x_range: (1.0, 1.0),
        y_range: (-6.0, 6.0),
        values: vec![0.5],
        confidence: vec![],
    };
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
    let g = DecisionGrid {
        resolution: 2,
        x_range: (-1.0, 1.0),
        y_range: (-1.0, 1.0),
        values: vec![0.0, 1.0, 1.0, 0.0],
        confidence: vec![],
    };
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

const C3: Task = Task::Classification { classes: 3 };

#[test]
fn many_class_cells_fade_with_confidence_by_hand() {
    let t = Theme::light();
    // Okabe–Ito orange E6 9F 00 washed 30 % towards white: 230 + 25·0.3 = 237.5 → 238,
    // 159 + 96·0.3 = 187.8 → 188, 255·0.3 = 76.5 → 77.
    assert_eq!(cell_colour(0.0, Some(1.0), C3, MapStyle::Continuous, &t), RGBColor(238, 188, 77));
    // At confidence 1/3 the wash is 0.3 + 0.7·0.85 = 0.895: 252.4 → 252, 244.9 → 245, 228.2 → 228.
    assert_eq!(cell_colour(0.0, Some(1.0 / 3.0), C3, MapStyle::Continuous, &t), RGBColor(252, 245, 228));
    // Missing confidence counts as certain; the discrete view ignores confidence.
    assert_eq!(cell_colour(0.0, None, C3, MapStyle::Continuous, &t), RGBColor(238, 188, 77));
    assert_eq!(cell_colour(0.0, Some(0.34), C3, MapStyle::Discrete, &t), RGBColor(238, 188, 77));
    // Class 2 is Okabe–Ito green; class 9 of 10 is grey; NaN and negative indices neutral.
    let green = crate::viz::lerp_color(crate::viz::OKABE_ITO[2], t.background, t.heat_wash);
    assert_eq!(cell_colour(2.0, Some(1.0), C3, MapStyle::Continuous, &t), green);
    assert_eq!(class_colour(9, &t), t.axis);
    assert_eq!(cell_colour(f32::NAN, Some(1.0), C3, MapStyle::Continuous, &t), t.heat(f64::NAN));
    assert_eq!(cell_colour(-1.0, Some(1.0), C3, MapStyle::Discrete, &t), t.heat(f64::NAN));
}

#[test]
fn confidence_strength_by_hand() {
    assert_eq!(confidence_strength(Some(1.0), 3), 1.0);
    assert!(confidence_strength(Some(1.0 / 3.0), 3) < 1e-6); // f32 1/3 is a hair above
    assert_eq!(confidence_strength(Some(0.1), 3), 0.0);
    assert!((confidence_strength(Some(0.5), 5) - 0.375).abs() < 1e-9); // (0.5 − 0.2) / 0.8
    assert_eq!(confidence_strength(None, 4), 1.0);
    assert_eq!(confidence_strength(Some(f32::NAN), 4), 1.0);
}

#[test]
fn binary_and_regression_keep_the_diverging_scale() {
    let t = Theme::light();
    let reg = Task::Regression;
    for v in [0.0f32, 0.2, 0.5, 0.9, 1.0] {
        assert_eq!(cell_colour(v, None, C2, MapStyle::Continuous, &t), t.heat(f64::from(v)));
    }
    assert_eq!(cell_colour(-0.3, None, reg, MapStyle::Continuous, &t), t.heat(0.35));
    // Discrete: two classes split at p = 0.5.
    assert_eq!(cell_colour(0.49, None, C2, MapStyle::Discrete, &t), t.heat(0.0));
    assert_eq!(cell_colour(0.5, None, C2, MapStyle::Discrete, &t), t.heat(1.0));
    // Regression: five bands centred on −1, −0.5, 0, 0.5, 1.
    let band = |v: f32| cell_colour(v, None, reg, MapStyle::Discrete, &t);
    assert_eq!(band(-3.0), t.heat(0.0));
    assert_eq!(band(-0.6), t.heat(0.25));
    assert_eq!(band(0.2), t.heat(0.5));
    assert_eq!(band(0.3), t.heat(0.75));
    assert_eq!(band(0.8), t.heat(1.0));
    assert_eq!(point_colour(1.0, C2, &t), Some(t.positive));
    assert_eq!(point_colour(2.0, C3, &t), Some(crate::viz::OKABE_ITO[2]));
    assert_eq!(point_colour(f32::NAN, C3, &t), None);
}

#[test]
fn styled_rgba_uses_class_colours_and_confidence() {
    let t = Theme::light();
    let g = DecisionGrid {
        resolution: 2,
        x_range: (0.0, 1.0),
        y_range: (0.0, 1.0),
        values: vec![0.0, 1.0, 2.0, 1.0],
        confidence: vec![1.0, 0.4, 0.9, 1.0],
    };
    let px = heat_map_rgba(&g, C3, &t).unwrap();
    let c = cell_colour(2.0, Some(0.9), C3, MapStyle::Continuous, &t);
    assert_eq!(&px[0..4], &[c.0, c.1, c.2, 255]); // top-left is cell (0, 1)
    let d = heat_map_rgba_styled(&g, C3, MapStyle::Discrete, &t).unwrap();
    let b = cell_colour(1.0, None, C3, MapStyle::Discrete, &t);
    assert_eq!(&d[12..16], &[b.0, b.1, b.2, 255]); // bottom-right is cell (1, 0)
    assert_ne!(&px[12..16], &d[12..16]); // confidence 0.4 fades the continuous one
}

#[test]
fn custom_ranges_names_and_legend() {
    let names: Vec<String> = ["setosa", "versicolor", "virginica"].map(String::from).to_vec();
    let spec = MapSpec::new(C3, (-2.3, 3.1), (4.3, 7.9))
        .names("petal length (cm), standardised and very long indeed", "sepal_length")
        .classes(&names);
    // Points crowd the lower left, so the legend goes top right.
    let d = data(vec![-2.0, 4.5, -1.0, 5.0, 0.0, 5.5, 2.9, 7.8], vec![0.0, 1.0, 2.0, 7.0], C3);
    let mut s = String::new();
    {
        let area = SVGBackend::with_string(&mut s, (300, 280)).into_drawing_area();
        draw_decision_map(&area, None, &d, &d, &spec, &Theme::light()).unwrap();
    }
    let texts: Vec<&str> = s.split("</text>").filter_map(|t| t.rsplit('>').next()).map(str::trim).collect();
    for name in ["setosa", "versicolor", "virginica", "sepal_length"] {
        assert!(texts.contains(&name), "no {name} in {texts:?}");
    }
    assert!(texts.iter().any(|t| t.starts_with("petal length") && t.ends_with('…')), "{texts:?}");
    // Tick labels are numbers inside the ranges.
    let numbers: Vec<f64> = texts.iter().filter_map(|t| t.parse().ok()).collect();
    assert!(numbers.len() >= 6, "{texts:?}");
    assert!(numbers.iter().all(|v| (-2.3..=3.1).contains(v) || (4.3..=7.9).contains(v)), "{numbers:?}");
    // Class 7 (beyond the three) still gets a colour (Okabe–Ito black), not a panic.
    assert_eq!(s.matches("<circle").count(), 16);
    let boxes =
        [(Corner::TopRight, 50, 0, 100, 20), (Corner::TopLeft, 0, 0, 50, 20), (Corner::BottomRight, 50, 80, 100, 100)];
    assert_eq!(emptiest_corner(&boxes, &[(60, 10), (10, 10), (10, 15)], 2), Corner::BottomRight);
    assert_eq!(emptiest_corner(&boxes, &[(52, 85)], 4), Corner::TopRight);
    // A point just outside the top-right box still touches it with its radius: 2 against 1.
    assert_eq!(emptiest_corner(&boxes[..2], &[(48, 10), (103, 10)], 4), Corner::TopLeft);
    let ten = legend_entries(
        &MapSpec::new(Task::Classification { classes: 10 }, (0.0, 1.0), (0.0, 1.0)),
        10,
        &Theme::light(),
    );
    assert_eq!(ten.len(), 9);
    assert_eq!(ten[0].0, "0");
    assert_eq!(ten[8].0, "other (2 classes)");
}

#[test]
fn descriptions_say_what_is_shown() {
    let names: Vec<String> = ["a", "b", "c"].map(String::from).to_vec();
    let spec =
        MapSpec { other_features: 2, ..MapSpec::new(C3, (-1.0, 1.0), (0.0, 2.5)).names("p", "q").classes(&names) };
    let g = DecisionGrid {
        resolution: 2,
        x_range: (-1.0, 1.0),
        y_range: (0.0, 2.5),
        values: vec![0.0, 0.0, 2.0, 1.0],
        confidence: vec![1.0, 0.8, 0.6, 0.6],
    };
    let d = data(vec![0.0, 1.0, 5.0, 1.0], vec![0.0, 1.0], C3);
    let text = describe_decision_map(Some(&g), &d, &d, &spec);
    assert_eq!(
        text,
        "Decision map over p (horizontal, -1 to 1) and q (vertical, 0 to 2.5), the other 2 features held \
         at their training mean. Predicted class by share of the plane: a 50%, b 25%, c 25%; average \
         confidence 75%. 2 training points (light ring) and 2 test points (dark ring). 2 outside the \
         plotted ranges not drawn."
    );
    let binary = MapSpec::new(C2, (-6.0, 6.0), (-6.0, 6.0)).style(MapStyle::Discrete);
    let g2 = DecisionGrid { values: vec![0.1, 0.7, 0.5, 0.45], confidence: vec![], ..g.clone() };
    let text = describe_decision_map(Some(&g2), &d, &d, &binary);
    assert!(text.contains("Predicted class by share of the plane: 0 50%, 1 50% (discretised view)."), "{text}");
    let text = describe_decision_map(Some(&g2), &d, &d, &binary.style(MapStyle::Continuous));
    assert!(text.contains("undecided (probability between 0.4 and 0.6) on 50%"), "{text}");
    let reg = MapSpec::new(Task::Regression, (-6.0, 6.0), (-6.0, 6.0));
    let g3 = DecisionGrid { values: vec![-0.5, 0.25, f32::NAN, 1.5], confidence: vec![], ..g };
    assert!(
        describe_decision_map(Some(&g3), &d, &d, &reg).contains("Predicted value from -0.5 (orange) to 1.5 (blue).")
    );
    assert!(describe_decision_map(None, &d, &d, &reg).contains("No model yet"));
}

#[test]
fn tick_labels_suit_any_range() {
    let empty = data(vec![], vec![], C2);
    for (xr, yr) in
        [((-2.3, 3.1), (4.1, 8.2)), ((1000.0, 1010.0), (-0.0013, -0.0011)), ((0.0, 250_000.0), (-1e-7, 1e-7))]
    {
        let mut s = String::new();
        {
            let area = SVGBackend::with_string(&mut s, (360, 340)).into_drawing_area();
            draw_decision_map(&area, None, &empty, &empty, &MapSpec::new(C2, xr, yr), &Theme::light()).unwrap();
        }
        // The y labels are right-aligned ("end"), the x labels centred under their ticks.
        let labels = |anchor: &str| -> Vec<f64> {
            s.split("<text")
                .filter(|t| t.contains(&format!("text-anchor=\"{anchor}\"")) && !t.contains("rotate"))
                .filter_map(|t| t.split('>').nth(1)?.split('<').next()?.trim().parse().ok())
                .collect()
        };
        for (values, (lo, hi)) in [(labels("middle"), xr), (labels("end"), yr)] {
            assert!(values.len() >= 3, "{xr:?} {yr:?}: {values:?}");
            assert!(values.iter().all(|v| (lo..=hi).contains(v)), "{values:?} outside {lo}..{hi}");
            assert!(values.windows(2).all(|w| w[0] != w[1]), "repeated labels {values:?}");
        }
    }
}

#[test]
fn a_table_plane_end_to_end() {
    use crate::train::{Plane, Trainer};
    let mut s = crate::spec::ExperimentSpec::default();
    s.data.source = crate::spec::DataSource::Builtin { name: "iris".into() };
    s.data.prepare.target = Some("species".into());
    let t = Trainer::new(&s).unwrap();
    let plane = Plane { x: 2, y: 3 };
    let view = t.plane_view(plane).unwrap();
    let grid = t.plane_grid(plane, 8).unwrap();
    let spec = MapSpec::for_view(&view);
    assert_eq!((spec.x_name, spec.y_name), (view.features[2].as_str(), view.features[3].as_str()));
    assert_eq!((spec.x_range, spec.other_features), (view.x_range, 2));
    let mut svg = String::new();
    let rect = {
        let area = SVGBackend::with_string(&mut svg, (420, 420)).into_drawing_area();
        draw_decision_overlay(&area, &view.train, &view.test, &spec, &Theme::light()).unwrap()
    };
    // Transparent plot: only the legend's frame (fill and outline) and three swatches (2 each).
    assert_eq!(svg.matches("<rect").count(), 2 + 3 * 2, "{svg}");
    assert!(svg.contains(&format!("\n{}\n</text>", view.features[2])) && svg.contains("\n2\n</text>"));
    assert!(rect.right - rect.left > 300);
    let px = heat_map_rgba_styled(&grid, spec.task, MapStyle::Discrete, &Theme::light()).unwrap();
    assert_eq!(px.len(), 8 * 8 * 4);
    let text = describe_decision_map(Some(&grid), &view.train, &view.test, &spec);
    assert!(
        text.contains("Predicted class by share of the plane: 0 ") && text.contains("average confidence"),
        "{text}"
    );
}

#[test]
fn overlay_of_three_classes_with_custom_ranges_draws_points_and_legend() {
    let d = data(vec![0.5, 0.5, 0.1, 0.9, 0.9, 0.1], vec![0.0, 1.0, 2.0], C3);
    let spec = MapSpec::new(C3, (0.0, 1.0), (0.0, 1.0));
    let mut s = String::new();
    {
        let area = SVGBackend::with_string(&mut s, (300, 300)).into_drawing_area();
        draw_decision_overlay(&area, &d, &d, &spec, &Theme::light()).unwrap();
    }
    assert_eq!(s.matches("<circle").count(), 12);
    for class in 0..3 {
        assert!(s.contains(&format!("fill=\"{}\"", hex(crate::viz::OKABE_ITO[class]))));
        assert!(s.contains(&format!("\n{class}\n</text>")), "legend entry {class}");
    }
}
