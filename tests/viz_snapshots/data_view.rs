//! The data view's column sparklines and the two-column scatter.

use super::*;
#[allow(unused_imports)]
use super::{charts::*, data_charts::*, decision::*};

// ---- Column sparklines (data view) ----

pub(super) use lantern::data::schema::{summarize, ColumnKind, ColumnSummary};
pub(super) use lantern::data::table::Column;
pub(super) use lantern::viz::{describe_column_chart, draw_column_chart};

pub(super) const SPARK: (u32, u32) = (160, 40);

pub(super) fn column_svg(summary: &ColumnSummary) -> String {
    let mut s = String::new();
    {
        let area = SVGBackend::with_string(&mut s, SPARK).into_drawing_area();
        draw_column_chart(&area, summary, &Theme::light()).unwrap();
        area.present().unwrap();
    }
    s
}

/// `(x, y, width, height)` of every `<rect>` filled with `color`, in document order.
pub(super) fn rects(svg: &str, color: &str) -> Vec<(i32, i32, i32, i32)> {
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
pub(super) fn column_chart_numeric_histogram() {
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
    assert_eq!(describe_column_chart(&summary), "Histogram of x: 21 values from 1 to 20, most (2) from 19.05 to 20");
    check_snapshot("column_numeric", &svg);
}

#[test]
pub(super) fn column_chart_categories() {
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
pub(super) fn column_chart_empty_and_constant() {
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

pub(super) use lantern::data::builtin::builtin;
pub(super) use lantern::data::csv::{read_csv, ReadOptions};
pub(super) use lantern::data::Table;
pub(super) use lantern::viz::{describe_scatter, draw_scatter, ScatterCounts, MAX_POINTS, OKABE_ITO};

pub(super) const SCATTER: (u32, u32) = (420, 360);

pub(super) fn scatter_svg(x: &Column, y: &Column, colour_by: Option<&Column>) -> String {
    let mut s = String::new();
    {
        let area = SVGBackend::with_string(&mut s, SCATTER).into_drawing_area();
        draw_scatter(&area, x, y, colour_by, &Theme::light()).unwrap();
        area.present().unwrap();
    }
    s
}

pub(super) fn iris() -> Table {
    read_csv(builtin("iris").unwrap().csv().unwrap().as_bytes(), &ReadOptions::default()).unwrap().table
}

/// `<circle …>` elements with the attribute `attr` (`name="value"`).
pub(super) fn circles_with(svg: &str, attr: &str) -> usize {
    svg.split("<circle").skip(1).filter(|c| c.split("/>").next().unwrap().contains(attr)).count()
}

/// `<circle …>` elements whose fill is `color`.
pub(super) fn circles_filled(svg: &str, color: RGBColor) -> usize {
    circles_with(svg, &format!("fill=\"{}\"", hex(color)))
}

pub(super) use plotters::style::RGBColor;

#[test]
pub(super) fn scatter_iris_by_species() {
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
pub(super) fn scatter_measured_target_uses_the_diverging_scale() {
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
pub(super) fn scatter_text_axis_without_colour() {
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
pub(super) fn scatter_of_missing_columns_is_empty_axes() {
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
pub(super) fn scatter_of_100k_rows_draws_a_strided_sample() {
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
    assert_eq!(ScatterCounts::of(&x, &y), ScatterCounts { rows: n as usize, complete: n as usize, shown: MAX_POINTS });
    // Deterministic: the same drawing twice.
    assert_eq!(svg, scatter_svg(&x, &y, Some(&class)));
}
