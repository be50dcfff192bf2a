//! The feature importance chart (issue 18): permutation bars with error bars, impurity beside.

use super::charts::{names, polylines, svg_of, text_count};
use super::data_view::rects;
use super::*;
use lantern::train::{Importance, ImportanceScore};
use lantern::viz::{describe_importance, draw_importance};

fn forest() -> Importance {
    Importance {
        features: names(&["bill_length_mm", "island_Dream", "flipper_length_mm", "sex_male", "year"]),
        score: ImportanceScore::Accuracy,
        baseline: 0.971,
        mean: vec![0.25, 0.1, 0.3, 0.0, -0.02],
        std: vec![0.04, 0.03, 0.05, 0.0, 0.01],
        impurity: Some(vec![0.35, 0.1, 0.4, 0.05, 0.1]),
        rows: 69,
        test_rows: 69,
        repeats: 5,
    }
}

#[test]
fn importance_of_a_forest_has_two_panels_sorted_by_the_drop() {
    let theme = Theme::light();
    let imp = forest();
    let svg = svg_of((720, 360), |a| draw_importance(a, &imp, &theme));
    for t in ["Drop in accuracy when shuffled", "Share of split gains (impurity)", "flipper_length_mm", "year"] {
        assert!(has_text(&svg, t), "no text {t:?}");
    }
    // A bar per input in each panel, but `sex_male`'s drop of 0 is no bar.
    assert_eq!(rects(&svg, &hex(theme.train_line)).len(), 4);
    assert_eq!(rects(&svg, &hex(theme.test_line)).len(), 5);
    // Most important first: flipper_length_mm's bars are on the top row and the longest.
    let top = |c| rects(&svg, &hex(c)).into_iter().min_by_key(|r| r.1).unwrap();
    let widest = |c| rects(&svg, &hex(c)).into_iter().max_by_key(|r| r.2).unwrap();
    assert_eq!(top(theme.train_line), widest(theme.train_line));
    assert_eq!(top(theme.test_line), widest(theme.test_line));
    // Error bars: a line and two caps for each input with a spread (four of them).
    assert_eq!(polylines(&svg, theme.text).len(), 4 * 3);
    assert!(has_text(&svg, "Shuffled 5× on 69 test rows; test accuracy 0.971 unshuffled."));
    check_snapshot("importance_forest", &svg);
    let text = describe_importance(&imp);
    assert!(text.starts_with("Feature importance of 5 inputs"), "{text}");
    assert!(text.contains("flipper_length_mm: drop 0.300 ± 0.050, share 40%. bill_length_mm:"), "{text}");
    assert!(text.contains("year: drop -0.020 ± 0.010, share 10%."), "{text}");
}

#[test]
fn importance_of_a_network_with_many_inputs_counts_the_rest() {
    let theme = Theme::light();
    let n = 30;
    let imp = Importance {
        features: (1..=n).map(|k| format!("x{k}")).collect(),
        score: ImportanceScore::R2,
        baseline: 0.62,
        mean: (1..=n).map(|k| 0.01 * f64::from(k)).collect(),
        std: vec![0.005; n as usize],
        impurity: None,
        rows: 2_000,
        test_rows: 20_000,
        repeats: 3,
    };
    let svg = svg_of((640, 400), |a| draw_importance(a, &imp, &theme));
    assert!(has_text(&svg, "Drop in R² when shuffled"));
    assert_eq!(rects(&svg, &hex(theme.test_line)).len(), 0, "no impurity panel");
    let bars = rects(&svg, &hex(theme.train_line)).len();
    assert!((10..n as usize).contains(&bars), "{bars} rows fit");
    assert!(has_text(&svg, &format!("… and {} more inputs, each less important", n as usize - bars)));
    assert!(has_text(&svg, "x30") && !has_text(&svg, "x1"), "the largest drop first, the smallest left out");
    assert_eq!(
        text_count(
            &svg,
            "Shuffled 3× on 2,000 of 20,000 test rows (evenly spaced, to keep it quick); test R² 0.620 unshuffled."
        ),
        1
    );
    check_snapshot("importance_network", &svg);
    assert!(describe_importance(&imp).contains("18 more inputs matter less."));
}
