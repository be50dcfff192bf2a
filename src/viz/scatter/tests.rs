#![allow(clippy::unwrap_used)]
use super::*;
use crate::viz::hex;
use plotters::prelude::{IntoDrawingArea, SVGBackend};

fn svg(x: &Column, y: &Column, c: Option<&Column>, size: (u32, u32)) -> String {
    let mut s = String::new();
    {
        let area = SVGBackend::with_string(&mut s, size).into_drawing_area();
        draw_scatter(&area, x, y, c, &Theme::light()).unwrap();
        area.present().unwrap();
    }
    s
}

#[test]
fn counts_and_captions() {
    let x = Column::numeric("a", vec![1.0, f64::NAN, 3.0, 4.0]);
    let y = Column::text("b", &[Some("p"), Some("q"), None, Some("p")]);
    let c = ScatterCounts::of(&x, &y);
    assert_eq!(c, ScatterCounts { rows: 4, complete: 2, shown: 2 });
    assert_eq!(c.caption().as_deref(), Some("2 rows with x or y missing not drawn"));
    assert_eq!(scatter_rows(&x, &y), vec![0, 3]);
    let big = ScatterCounts { rows: 100_000, complete: 100_000, shown: 5_000 };
    assert_eq!(big.caption().as_deref(), Some("showing 5,000 of 100,000 points"));
    // A caption too wide for one line goes on two.
    let both = ScatterCounts { rows: 2_000_000, complete: 1_987_654, shown: 5_000 };
    let mut s = String::new();
    let area = SVGBackend::with_string(&mut s, (300, 240)).into_drawing_area();
    let h = layout_header(&area, &[], both.caption(), 288, &Theme::light()).unwrap();
    assert_eq!(h.caption, ["showing 5,000 of 1,987,654 points", "12,346 rows with x or y missing not drawn"]);
    let one = layout_header(&area, &[], big.caption(), 288, &Theme::light()).unwrap();
    assert_eq!(one.caption.len(), 1);
    assert!(h.height > one.height);
    assert_eq!(ScatterCounts { rows: 3, complete: 3, shown: 3 }.caption(), None);
    assert_eq!(
        describe_scatter(&x, &y, Some(&x)),
        "Scatter plot of b (vertical) against a (horizontal), coloured by a: 2 points; 2 rows with x or y missing not drawn"
    );
    let full = Column::numeric("z", vec![1.0]);
    assert_eq!(describe_scatter(&full, &full, None), "Scatter plot of z (vertical) against z (horizontal): 1 point");
}

#[test]
fn subsample_is_strided_and_deterministic() {
    let rows: Vec<usize> = (0..12_000).collect();
    let s = subsample(rows.clone(), MAX_POINTS);
    assert_eq!(s.len(), MAX_POINTS);
    // One row from each stride [⌊12000k/5000⌋, ⌊12000(k+1)/5000⌋), in order.
    for (k, &r) in s.iter().enumerate() {
        assert!((k * 12 / 5..(k + 1) * 12 / 5).contains(&r), "{k}: {r}");
    }
    assert_eq!(s, subsample(rows, MAX_POINTS));
    // Rows interleaving 20 classes (period = stride): every class is still sampled.
    let rows: Vec<usize> = (0..100_000).collect();
    let classes: std::collections::BTreeSet<usize> = subsample(rows, MAX_POINTS).iter().map(|r| r % 20).collect();
    assert_eq!(classes.len(), 20);
    // Fewer rows than the limit: all of them.
    assert_eq!(subsample(vec![3, 5, 9], MAX_POINTS), vec![3, 5, 9]);
}

#[test]
fn jitter_is_small_deterministic_and_varied() {
    let j: Vec<f64> = (0..1000).map(|r| jitter(r, 1)).collect();
    assert!(j.iter().all(|v| (-JITTER..JITTER).contains(v)));
    assert_eq!(jitter(7, 1), jitter(7, 1));
    assert_ne!(jitter(7, 1), jitter(7, 2));
    let mean = j.iter().sum::<f64>() / 1000.0;
    assert!(mean.abs() < 0.03, "{mean}");
    assert!(j.iter().any(|&v| v > 0.2) && j.iter().any(|&v| v < -0.2));
}

#[test]
fn nice_tick_values() {
    assert_eq!(nice_ticks(0.0, 10.0, 5), vec![0.0, 2.0, 4.0, 6.0, 8.0, 10.0]);
    assert_eq!(nice_ticks(4.1, 8.1, 4), vec![5.0, 6.0, 7.0, 8.0]);
    assert_eq!(nice_ticks(1.0, 1.0, 4), vec![1.0]);
    assert_eq!(nice_ticks(-0.3, 0.3, 3).iter().map(|&v| compact_number(v)).collect::<Vec<_>>(), ["-0.2", "0", "0.2"]);
}

#[test]
fn empty_and_all_missing_columns_do_not_panic() {
    let e = Column::numeric("e", vec![]);
    let out = svg(&e, &e, Some(&e), (300, 240));
    assert_eq!(out.matches("<circle").count(), 0);
    assert!(out.contains("no rows with both values"));
    let gone = Column::numeric("gone", vec![f64::NAN; 5]);
    let nothing: Vec<Option<&str>> = vec![None; 5];
    let text_gone = Column::text("t", &nothing);
    for c in [None, Some(&gone), Some(&text_gone)] {
        let out = svg(&gone, &text_gone, c, (300, 240));
        assert_eq!(out.matches("<circle").count(), 0);
        assert!(out.contains("5 rows with x or y missing not drawn"));
    }
    // Columns of different lengths and a tiny area.
    let short = Column::numeric("s", vec![1.0]);
    let long = Column::numeric("l", vec![1.0, 2.0, 3.0]);
    assert_eq!(svg(&long, &short, Some(&short), (300, 240)).matches("<circle").count(), 1);
    let _ = svg(&long, &long, Some(&long), (8, 8));
}

#[test]
fn text_axis_places_categories_at_integers() {
    let x = Column::text("kind", &[Some("a"), Some("b"), Some("a"), Some("c")]);
    let y = Column::numeric("v", vec![1.0, 2.0, 3.0, 4.0]);
    let out = svg(&x, &y, None, (300, 240));
    assert_eq!(out.matches("<circle").count(), 4);
    for l in ["a", "b", "c", "kind", "v"] {
        assert!(out.contains(&format!("\n{l}\n</text>")), "no label {l}");
    }
    assert!(out.contains(&format!("fill=\"{}\"", hex(Theme::light().positive))));
}

#[test]
fn numeric_whole_number_target_is_categorical() {
    let x = Column::numeric("x", vec![1.0, 2.0, 3.0, 4.0]);
    let cls = Column::numeric("cls", vec![0.0, 1.0, 1.0, f64::NAN]);
    let out = svg(&x, &x, Some(&cls), (300, 240));
    assert!(out.contains(&format!("fill=\"{}\"", hex(OKABE_ITO[0]))));
    assert!(out.contains(&format!("fill=\"{}\"", hex(OKABE_ITO[1]))));
    assert!(out.contains("\nmissing\n</text>"));
    // Three class points and a cross for the row without a class.
    assert_eq!(out.matches("<circle").count(), 3);
}

#[test]
fn hundred_thousand_rows_draw_five_thousand_points_quickly() {
    let n = 100_000;
    let x = Column::numeric("x", (0..n).map(|i| (i % 1000) as f64).collect());
    let y = Column::numeric("y", (0..n).map(|i| ((i * 7) % 991) as f64).collect());
    let cells: Vec<Option<&str>> = (0..n).map(|i| Some(["a", "b", "c"][i % 3])).collect();
    let c = Column::text("c", &cells);
    let start = std::time::Instant::now();
    let out = svg(&x, &y, Some(&c), (420, 360));
    eprintln!("100,000 rows → SVG: {:?}", start.elapsed());
    assert_eq!(out.matches("<circle").count(), MAX_POINTS);
    assert!(out.contains("showing 5,000 of 100,000 points"));
}
