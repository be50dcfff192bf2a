//! The decision tree diagram: a hand-made view of three classes (a root, a split child with two
//! leaves, and a collapsed node), and a regression leaf.

use super::charts::{svg_of, text_count};
use super::*;
use lantern::train::{TreeNodeView, TreeView};
use lantern::viz::tree::NODE_W;
use lantern::viz::{describe_tree, draw_tree, tree_layout, tree_rules, OKABE_ITO};

fn node(id: u32, split: Option<&str>, value: &[f64], children: Option<(u32, u32)>, hidden: u32) -> TreeNodeView {
    TreeNodeView {
        id,
        depth: 0, // (the layout follows `children`)
        split: split.map(|t| (t.to_string(), t.replace('≤', ">"))),
        samples: value.iter().sum::<f64>() as u32,
        impurity: 0.25,
        value: value.to_vec(),
        children,
        hidden,
    }
}

fn iris_like() -> TreeView {
    TreeView {
        path: Vec::new(),
        nodes: vec![
            node(0, Some("petal_length ≤ 2.45"), &[40.0, 40.0, 40.0], Some((1, 4)), 0),
            node(2, Some("petal_width ≤ 1.75"), &[0.0, 38.0, 4.0], Some((2, 3)), 0),
            node(5, None, &[0.0, 36.0, 1.0], None, 0),
            node(6, None, &[0.0, 2.0, 3.0], None, 0),
            node(1, None, &[40.0, 0.0, 0.0], None, 0),
        ],
        size: 9,
        depth: 3,
        leaves: 5,
        classes: vec!["setosa".into(), "versicolor".into(), "virginica".into()],
        target: "species".into(),
        criterion: "gini".into(),
        range: (0.0, 0.0),
    }
}

#[test]
fn tree_three_classes() {
    let view = iris_like();
    let layout = tree_layout(&view);
    let size = (layout.width.ceil() as u32, layout.height.ceil() as u32);
    let svg = svg_of(size, |a| draw_tree(a, &view, &Theme::light()).map(|_| ()));
    check_snapshot("tree_three_classes", &svg);
    // Every box's test or prediction, and the branches' words.
    for text in ["petal_length ≤ 2.45", "petal_width ≤ 1.75", "→ versicolor", "→ virginica", "→ setosa"] {
        assert_eq!(text_count(&svg, text), 1, "{text}");
    }
    assert_eq!((text_count(&svg, "yes"), text_count(&svg, "no")), (2, 2));
    assert_eq!(text_count(&svg, "120 rows · gini 0.25"), 1);
    // Classes in the Okabe–Ito colours, as the decision map shows three classes.
    for c in &OKABE_ITO[..3] {
        assert!(svg.contains(&hex(*c)), "{}", hex(*c));
    }
    assert!(layout.width < 4.0 * NODE_W, "three nodes across");
    assert_eq!(tree_rules(&view)[1], "  yes: petal_width ≤ 1.75? (42 rows, gini 0.25, 0 · 38 · 4)");
    assert!(describe_tree(&view).starts_with("Decision tree predicting species: 9 nodes, 5 leaves, depth 3."));
}

#[test]
fn tree_regression_collapsed() {
    let mut view = iris_like();
    view.classes.clear();
    view.criterion = "squared error".into();
    view.target = "progression".into();
    view.range = (50.0, 250.0);
    for (n, mean) in view.nodes.iter_mut().zip([150.0, 120.0, 60.0, 240.0, 200.0]) {
        n.value = vec![mean];
        n.samples = 30;
    }
    view.nodes[4].hidden = 12;
    view.nodes[4].split = Some(("bmi ≤ 0.02".into(), "bmi > 0.02".into()));
    let layout = tree_layout(&view);
    let size = (layout.width.ceil() as u32, layout.height.ceil() as u32);
    let svg = svg_of(size, |a| draw_tree(a, &view, &Theme::light()).map(|_| ()));
    check_snapshot("tree_regression", &svg);
    assert_eq!(text_count(&svg, "+ 12 nodes below"), 1);
    assert_eq!(text_count(&svg, "mean 240"), 1);
    assert_eq!(text_count(&svg, "30 rows · MSE 0.25"), 5);
    // The lowest mean is orange, the highest blue-ish (the diverging scale over the range).
    let theme = Theme::light();
    assert!(svg.contains(&hex(theme.diverging(0.05))), "the lowest mean's colour");
}
