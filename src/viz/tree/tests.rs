use super::*;
use crate::train::TreeNodeView;

fn node(
    id: u32,
    depth: u32,
    split: Option<&str>,
    value: &[f64],
    children: Option<(u32, u32)>,
    hidden: u32,
) -> TreeNodeView {
    TreeNodeView {
        id,
        depth,
        split: split.map(|t| (format!("{t} ≤ 1"), format!("{t} > 1"))),
        samples: value.iter().sum::<f64>() as u32,
        impurity: 0.5,
        value: value.to_vec(),
        children,
        hidden,
    }
}

/// Root a ≤ 1 (children at 1 and 4); node 1 b ≤ 1 with two leaves; node 4 collapsed (6 below).
fn view() -> TreeView {
    TreeView {
        path: Vec::new(),
        nodes: vec![
            node(0, 0, Some("a"), &[6.0, 6.0], Some((1, 4)), 0),
            node(1, 1, Some("b"), &[5.0, 1.0], Some((2, 3)), 0),
            node(2, 2, None, &[5.0, 0.0], None, 0),
            node(3, 2, None, &[0.0, 1.0], None, 0),
            node(4, 1, Some("c"), &[1.0, 5.0], None, 6),
        ],
        size: 11,
        depth: 4,
        leaves: 6,
        classes: vec!["no".into(), "yes".into()],
        target: "label".into(),
        criterion: "gini".into(),
        range: (0.0, 0.0),
    }
}

#[test]
fn leaves_spread_evenly_and_parents_are_centred() {
    let v = view();
    let l = tree_layout(&v);
    let centre = |i: usize| l.boxes[i].0 + NODE_W / 2.0;
    // The nodes with no child shown, left to right: 2, 3, 4, one slot apart.
    let slot = NODE_W + GAP_X;
    assert_eq!(centre(2), MARGIN + NODE_W / 2.0);
    assert_eq!(centre(3) - centre(2), slot);
    assert_eq!(centre(4) - centre(3), slot);
    assert_eq!(centre(1), (centre(2) + centre(3)) / 2.0);
    assert_eq!(centre(0), (centre(1) + centre(4)) / 2.0);
    // One row per level.
    let ys: Vec<f64> = l.boxes.iter().map(|b| b.1).collect();
    let row = NODE_H + GAP_Y;
    assert_eq!(ys, [MARGIN, MARGIN + row, MARGIN + 2.0 * row, MARGIN + 2.0 * row, MARGIN + row]);
    assert_eq!(l.width, 2.0 * MARGIN + 3.0 * slot - GAP_X);
    assert_eq!(l.height, MARGIN + 2.0 * row + NODE_H + TAB_H + 2.0 * MARGIN);
    assert_eq!(l.anchors(1), ((centre(1), ys[1]), (centre(1), ys[1] + NODE_H)));
    // No box overlaps another.
    for i in 0..5 {
        for j in i + 1..5 {
            let (a, b) = (l.boxes[i], l.boxes[j]);
            assert!((a.0 - b.0).abs() >= NODE_W || (a.1 - b.1).abs() >= NODE_H, "{i} and {j} overlap");
        }
    }
    // A lone root.
    let mut one = view();
    one.nodes.truncate(1);
    one.nodes[0].children = None;
    assert_eq!(tree_layout(&one).boxes, [(MARGIN, MARGIN)]);
}

#[test]
fn boxes_say_the_test_rows_impurity_and_mix_in_the_classes_colours() {
    let v = view();
    let theme = Theme::default();
    assert_eq!(node_lines(&v, 0), ["a ≤ 1".to_string(), "12 rows · gini 0.5".into(), "6 · 6".into()]);
    assert_eq!(node_lines(&v, 2)[0], "→ no");
    assert_eq!(node_lines(&v, 3)[0], "→ yes");
    assert_eq!(collapsed_words(&v, 4).as_deref(), Some("+ 6 nodes below"));
    assert_eq!(collapsed_words(&v, 1), None);
    // Two classes: orange for the first, blue for the second, as on the decision map.
    assert_eq!(node_colour(&v, 2, &theme), theme.negative);
    assert_eq!(node_colour(&v, 4, &theme), theme.positive);
    assert_eq!(class_mix(&v, 1, &theme), [(5.0 / 6.0, theme.negative), (1.0 / 6.0, theme.positive)]);
    assert_eq!(
        node_label(&v, 4),
        "c ≤ 1, 6 rows · gini 0.5, 1 · 5, + 6 nodes below. Node 4: no 1, yes 5; predicts yes."
    );
}

#[test]
fn the_text_alternative_lists_the_rules() {
    let v = view();
    assert_eq!(
        tree_rules(&v),
        [
            "a ≤ 1? (12 rows, gini 0.5, 6 · 6)",
            "  yes: b ≤ 1? (6 rows, gini 0.5, 5 · 1)",
            "    yes: → no (5 rows, gini 0.5, 5 · 0)",
            "    no: → yes (1 row, gini 0.5, 0 · 1)",
            "  no: c ≤ 1? (6 rows, gini 0.5, 1 · 5) + 6 nodes below",
        ]
    );
    let text = describe_tree(&v);
    assert!(text.starts_with("Decision tree predicting label: 11 nodes, 6 leaves, depth 4. Showing 5 nodes from the root; 1 of them have more nodes below."), "{text}");
    let mut below = v.clone();
    below.path = vec![(7, "x > 2".into()), (9, "y ≤ 3".into())];
    assert!(describe_tree(&below).contains("below node 0 (where x > 2 and y ≤ 3)"));
    assert_eq!(describe_tree(&TreeView::default()), "Decision tree: not fitted yet");
}
