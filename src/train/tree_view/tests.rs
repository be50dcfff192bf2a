use super::*;
use crate::data::csv::{read_csv, ReadOptions};
use crate::spec::learner::{LearnerSpec, TreeSpec};
use crate::spec::{DataSource, ExperimentSpec};

/// 20 rows: `size` 1…10 twice, `colour` alternating red / blue, `label` yes exactly when
/// size > 5, `mark` yes exactly for red rows.
fn table() -> Table {
    let mut csv = String::from("size,colour,label,mark\n");
    for i in 0..20 {
        let size = i % 10 + 1;
        let colour = if i % 2 == 0 { "red" } else { "blue" };
        let label = if size > 5 { "yes" } else { "no" };
        let mark = if colour == "red" { "yes" } else { "no" };
        csv.push_str(&format!("{size},{colour},{label},{mark}\n"));
    }
    read_csv(csv.as_bytes(), &ReadOptions::default()).unwrap().table
}

fn trained(target: &str, features: &[&str], tree: TreeSpec) -> (Trainer, Table) {
    let table = table();
    let mut s = ExperimentSpec::default();
    s.data.source = DataSource::File { name: "t.csv".into() };
    s.data.prepare.target = Some(target.into());
    s.data.prepare.features = Some(features.iter().map(|f| f.to_string()).collect());
    s.data.train_fraction = 0.9;
    s.model.learner = Some(Box::new(LearnerSpec::Tree(tree)));
    let mut t = Trainer::with_table(&s, Some(&table)).unwrap();
    assert!(t.tree_view(0, VIEW_LEVELS, VIEW_LEAVES).unwrap().is_none(), "no tree before it is fitted");
    t.run_epoch().unwrap();
    (t, table)
}

#[test]
fn the_best_split_reads_in_the_columns_own_units_and_its_rows_are_listed() {
    let (t, table) = trained("label", &["size", "colour"], TreeSpec::default());
    let view = t.tree_view(0, VIEW_LEVELS, VIEW_LEAVES).unwrap().unwrap();
    // 18 training rows (one row of each class is tested), 9 of each class; size ≤ 5.5
    // separates them exactly: a root and two pure leaves.
    assert_eq!((view.size, view.depth, view.leaves), (3, 1, 2));
    assert_eq!(view.classes, ["no", "yes"]);
    assert_eq!((view.target.as_str(), view.criterion.as_str()), ("label", "gini"));
    let root = &view.nodes[0];
    assert_eq!(root.split, Some(("size ≤ 5.5".to_string(), "size > 5.5".to_string())));
    assert_eq!((root.samples, root.value.clone(), root.impurity), (18, vec![9.0, 9.0], 0.5));
    assert_eq!(root.children, Some((1, 2)));
    let (left, right) = (&view.nodes[1], &view.nodes[2]);
    assert_eq!((left.value.clone(), left.majority(), left.impurity), (vec![9.0, 0.0], Some(0), 0.0));
    assert_eq!((right.value.clone(), right.majority(), right.shares()), (vec![0.0, 9.0], Some(1), vec![0.0, 1.0]));
    assert!(view.path.is_empty() && view.parent().is_none());

    // The rows of the left leaf: the 9 training rows with size ≤ 5, by their table row numbers
    // (from 1), with the table's cells.
    let rows = t.node_rows(left.id as usize, Some(&table)).unwrap().unwrap();
    assert_eq!(
        (rows.count, rows.table_rows, rows.columns.clone()),
        (9, true, vec!["size".into(), "colour".into(), "label".into()])
    );
    assert_eq!(rows.numbers.len(), 9);
    for (n, cells) in rows.numbers.iter().zip(&rows.cells) {
        let size: usize = cells[0].parse().unwrap();
        assert_eq!(size, (n - 1) % 10 + 1, "row {n}: {cells:?}");
        assert!(size <= 5 && cells[2] == "no", "{cells:?}");
        assert_eq!(cells[1], if (n - 1) % 2 == 0 { "red" } else { "blue" });
    }
    // Every training row reaches the root; the count is the node's samples.
    let all = t.node_rows(0, Some(&table)).unwrap().unwrap();
    assert_eq!(all.count, root.samples as usize);
    assert!(t.node_rows(3, Some(&table)).is_err(), "no node 3");
    assert!(t.node_rows(0, None).is_err(), "a table run needs its table");

    // A view from the right leaf: the test on the way there.
    let sub = t.tree_view(2, VIEW_LEVELS, VIEW_LEAVES).unwrap().unwrap();
    assert_eq!(sub.path, [(0, "size > 5.5".to_string())]);
    assert_eq!((sub.nodes.len(), sub.top(), sub.parent()), (1, 2, Some(0)));
    assert!(t.tree_view(9, VIEW_LEVELS, VIEW_LEAVES).is_err());
}

#[test]
fn a_one_hot_split_names_the_category() {
    let (t, table) = trained("mark", &["colour"], TreeSpec::default());
    let view = t.tree_view(0, VIEW_LEVELS, VIEW_LEAVES).unwrap().unwrap();
    // colour=red ≤ 0.5 sends the blue rows (mark no) left.
    let root = &view.nodes[0];
    assert_eq!(root.split, Some(("colour ≠ red".to_string(), "colour = red".to_string())));
    assert_eq!(view.nodes[1].value, [9.0, 0.0]);
    let rows = t.node_rows(2, Some(&table)).unwrap().unwrap();
    assert!(rows.cells.iter().all(|c| c[0] == "red" && c[1] == "yes"), "{:?}", rows.cells);
}

#[test]
fn a_deep_tree_is_shown_a_few_levels_at_a_time() {
    let mut s = ExperimentSpec::default();
    s.data.source = DataSource::Synthetic { generator: crate::data::Generator::Spiral, points: 400, noise: 0.2 };
    s.model.learner = Some(Box::new(LearnerSpec::Tree(TreeSpec::default())));
    let mut t = Trainer::new(&s).unwrap();
    t.run_epoch().unwrap();
    let view = t.tree_view(0, VIEW_LEVELS, VIEW_LEAVES).unwrap().unwrap();
    assert!(view.depth >= 8, "an unlimited tree on noisy spirals is deep: {}", view.depth);
    let across = view.nodes.iter().filter(|n| n.children.is_none()).count();
    assert!((2..=VIEW_LEAVES).contains(&across), "{across} nodes across");
    assert!(view.nodes.iter().all(|n| n.depth as usize <= VIEW_LEVELS));
    // Shown and hidden nodes add up to the whole tree.
    let hidden: u32 = view.nodes.iter().map(|n| n.hidden).sum();
    assert_eq!(view.nodes.len() as u32 + hidden, view.size);
    // Each shown child is where its parent says, and one level below it.
    for n in &view.nodes {
        if let Some((l, r)) = n.children {
            for c in [l, r] {
                assert_eq!(view.nodes[c as usize].depth, n.depth + 1);
            }
            assert!(l < r);
        }
    }
    // Generated data: its own features and classes, rows numbered in the training set.
    assert!(view.nodes[0].split.as_ref().unwrap().0.starts_with('x'), "{:?}", view.nodes[0].split);
    let collapsed = view.nodes.iter().find(|n| n.hidden > 0).unwrap();
    let rows = t.node_rows(collapsed.id as usize, None).unwrap().unwrap();
    assert_eq!(rows.count, collapsed.samples as usize);
    assert_eq!(rows.numbers.len(), rows.count.min(ROWS_SHOWN));
    assert!(!rows.table_rows);
    assert_eq!(rows.columns.last().map(String::as_str), Some("class"));
    // A view from a collapsed node continues below it.
    let below = t.tree_view(collapsed.id as usize, VIEW_LEVELS, VIEW_LEAVES).unwrap().unwrap();
    assert_eq!(below.path.len(), collapsed.depth as usize);
    assert!(below.nodes.len() > 1);
    // A view of every level, as the command line prints it, is the whole tree.
    let whole = t.tree_view(0, usize::MAX, usize::MAX).unwrap().unwrap();
    assert_eq!(whole.nodes.len() as u32, whole.size);
}

#[test]
fn regression_values_are_in_the_targets_units() {
    let mut s = ExperimentSpec::default();
    s.data.source = DataSource::Builtin { name: "diabetes".into() };
    s.data.prepare.target = crate::data::builtin::builtin("diabetes").map(|b| b.target.to_string());
    s.model.learner = Some(Box::new(LearnerSpec::Tree(TreeSpec { max_depth: Some(2), ..TreeSpec::default() })));
    let mut t = Trainer::new(&s).unwrap();
    t.run_epoch().unwrap();
    let view = t.tree_view(0, VIEW_LEVELS, VIEW_LEAVES).unwrap().unwrap();
    let train = &t.split().train;
    let Some(TargetEncoding::Value { center, scale }) = t.preparation().map(|p| p.target.clone()) else { panic!() };
    let mean: f64 = train.y.iter().map(|&y| f64::from(y) * scale + center).sum::<f64>() / train.rows() as f64;
    assert!((view.nodes[0].value[0] - mean).abs() < 1e-3, "{} against {mean}", view.nodes[0].value[0]);
    assert!(view.nodes[0].impurity > 1000.0, "a variance in the target's units: {}", view.nodes[0].impurity);
    assert!(view.range.0 < mean && mean < view.range.1);
    assert_eq!((view.criterion.as_str(), view.nodes[0].majority()), ("squared error", None));
}

#[test]
fn numbers_read_with_four_significant_digits() {
    assert_eq!(number(2.4500001), "2.45");
    assert_eq!(number(12345.6), "12346");
    assert_eq!(number(0.000123456), "0.0001235");
    assert_eq!(number(-3.0), "-3");
    assert_eq!(number(0.0), "0");
    assert_eq!(number(-0.00001), "-0.00001");
}

#[test]
fn the_worker_sends_the_tree_when_done_and_answers_for_a_node_and_a_subtree() {
    use crate::train::{Command, Event, Session};
    let mut s = ExperimentSpec::default();
    s.data.source = DataSource::Builtin { name: "iris".into() };
    s.data.prepare.target = Some("species".into());
    s.model.learner = Some(Box::new(LearnerSpec::Tree(TreeSpec::default())));
    let mut session = Session::new();
    session.handle(Command::Load { spec: s, changes: Vec::new() });
    assert!(session.handle(Command::NodeRows { node: 0 }).is_empty(), "no tree before it is fitted");
    let events = session.handle(Command::Step);
    let Some(Event::Tree { tree }) = events.last() else { panic!("{events:?}") };
    let source = tree.decode().unwrap();
    let view = source.view(0, VIEW_LEVELS, VIEW_LEAVES).unwrap();
    assert!(matches!(events[events.len() - 2], Event::Fingerprint { .. }));
    let root = &view.nodes[0];
    let (yes, _) = root.split.clone().unwrap();
    assert!(yes.starts_with("petal_"), "{yes}");
    // The bundled table's rows, numbered as in the file.
    let events = session.handle(Command::NodeRows { node: 1 });
    let [Event::NodeRows { rows }] = events.as_slice() else { panic!("{events:?}") };
    let rows = rows.decode().unwrap();
    assert_eq!((rows.count, rows.table_rows), (view.nodes[1].samples as usize, true));
    assert_eq!(rows.columns, ["sepal_length", "sepal_width", "petal_length", "petal_width", "species"]);
    assert!(rows.numbers.iter().all(|&n| (1..=150).contains(&n)));
    let sub = source.view(2, VIEW_LEVELS, VIEW_LEAVES).unwrap();
    assert_eq!((sub.top(), sub.parent()), (2, Some(0)));
    // A node the tree does not have is refused in words.
    let events = session.handle(Command::NodeRows { node: 10_000 });
    assert!(matches!(&events[..], [Event::Failed { message }] if message.contains("no node 10000")), "{events:?}");
}

#[test]
fn before_it_is_fitted_a_trees_decision_map_reaches_the_page() {
    use crate::train::{Command, Event, Session};
    let mut s = ExperimentSpec::default();
    s.data.source = DataSource::Builtin { name: "iris".into() };
    s.data.prepare.target = Some("species".into());
    s.model.learner = Some(Box::new(LearnerSpec::Tree(TreeSpec::default())));
    let mut session = Session::new();
    let events = session.handle(Command::Load { spec: s, changes: Vec::new() });
    for e in &events {
        assert_eq!(&Event::from_json(&e.to_json()).unwrap(), e, "every event survives its JSON");
    }
    let Some(Event::Plane { grid, .. }) = events.iter().find(|e| matches!(e, Event::Plane { .. })) else { panic!() };
    // The training rows' class shares everywhere (iris's are even): class 0, at the lowest
    // confidence.
    assert_eq!(grid.values.len(), 2500);
    assert!(grid.confidence.iter().all(|&c| (c - 1.0 / 3.0).abs() < 0.02), "{:?}", &grid.confidence[..3]);
}
