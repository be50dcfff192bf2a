//! Feature importance by hand: a table where only one input matters, the bound's arithmetic,
//! and the baselines against the test evaluation.

#![allow(clippy::unwrap_used)]

use super::*;
use crate::data::{Dataset, Split};
use crate::rng::{SeededRng, Stream};
use crate::spec::learner::{ForestSpec, LearnerSpec, TreeSpec};
use crate::spec::{DataSource, ExperimentSpec};
use crate::train::{Evaluation, RunData};

const C2: Task = Task::Classification { classes: 2 };

fn dataset(rows: &[(f32, f32, f32)]) -> Dataset {
    Dataset {
        features: vec!["signal".into(), "noise".into()],
        x: rows.iter().flat_map(|&(a, b, _)| [a, b]).collect(),
        y: rows.iter().map(|r| r.2).collect(),
        task: C2,
    }
}

fn trained(spec: &ExperimentSpec, data: Option<RunData>) -> Trainer {
    let mut t = match data {
        Some(d) => Trainer::with_data(spec, d).unwrap(),
        None => Trainer::new(spec).unwrap(),
    };
    while !t.is_done() {
        t.run_epoch().unwrap();
    }
    t
}

/// Test rows of the hand-made table: the class is `signal > 0`, `noise` is unrelated.
const TEST: [(f32, f32, f32); 6] =
    [(-3.0, 5.0, 0.0), (-1.0, -5.0, 0.0), (0.5, 0.0, 1.0), (2.0, 9.0, 1.0), (-0.5, 1.0, 0.0), (3.0, 2.0, 1.0)];

#[test]
fn only_the_feature_the_tree_splits_on_matters() {
    // Training rows: `signal` separates the classes; `noise` takes 1, 2, 3, 4 in each class.
    let train = dataset(&[
        (-2.0, 1.0, 0.0),
        (-1.0, 2.0, 0.0),
        (-2.0, 3.0, 0.0),
        (-1.0, 4.0, 0.0),
        (1.0, 1.0, 1.0),
        (2.0, 2.0, 1.0),
        (1.0, 3.0, 1.0),
        (2.0, 4.0, 1.0),
    ]);
    let test = dataset(&TEST);
    let data = RunData {
        split: Split { train, test: test.clone() },
        validation: Dataset { features: test.features.clone(), x: vec![], y: vec![], task: C2 },
        fitted: None,
        notices: vec![],
        train_rows: vec![],
    };
    let mut spec = ExperimentSpec { seed: 11, ..ExperimentSpec::default() };
    spec.model.learner = Some(Box::new(LearnerSpec::Tree(TreeSpec { max_depth: Some(1), ..TreeSpec::default() })));
    let t = trained(&spec, Some(data));
    let imp = t.importance().unwrap().unwrap();
    assert_eq!(imp.features, ["signal", "noise"]);
    // One split, on `signal`: all the gain.
    assert_eq!(imp.impurity, Some(vec![1.0, 0.0]));
    assert_eq!(
        (imp.score, imp.baseline, imp.rows, imp.test_rows, imp.repeats),
        (ImportanceScore::Accuracy, 1.0, 6, 6, 5)
    );
    // Shuffling `noise` changes no prediction: every drop is exactly 0.
    assert_eq!((imp.mean[1], imp.std[1]), (0.0, 0.0));
    // Shuffling `signal`: the tree predicts `signal > 0` of the row the value came from, so a
    // row stays right when that row has its class. The same shuffles, drawn here again.
    let mut rng = SeededRng::new(11, Stream::Permutation);
    let drops: Vec<f64> = (0..5)
        .map(|_| {
            let mut order: Vec<usize> = (0..6).collect();
            rng.shuffle(&mut order);
            let right = order.iter().enumerate().filter(|&(i, &o)| (TEST[o].0 > 0.0) == (TEST[i].2 == 1.0)).count();
            1.0 - right as f64 / 6.0
        })
        .collect();
    let mean = drops.iter().sum::<f64>() / 5.0;
    let std = (drops.iter().map(|d| (d - mean) * (d - mean)).sum::<f64>() / 5.0).sqrt();
    assert_eq!((imp.mean[0], imp.std[0]), (mean, std));
    assert!(mean > 0.2, "{drops:?}");
    assert_eq!(imp.order(), [0, 1]);
    assert!(!imp.is_bounded());
}

fn builtin(learner: LearnerSpec, name: &str) -> ExperimentSpec {
    let mut s = ExperimentSpec::default();
    s.data.source = DataSource::Builtin { name: name.into() };
    s.data.prepare.target = crate::data::builtin::builtin(name).map(|b| b.target.to_string());
    s.model.learner = Some(Box::new(learner));
    s
}

#[test]
fn on_every_test_row_the_baseline_is_the_test_evaluations_score() {
    let forest = LearnerSpec::Forest(ForestSpec { trees: 12, ..ForestSpec::default() });
    let t = trained(&builtin(forest.clone(), "penguins"), None);
    let imp = t.importance().unwrap().unwrap();
    let Evaluation::Classification(report) = t.evaluate_test().unwrap() else { panic!() };
    assert_eq!((imp.rows, imp.repeats), (t.split().test.rows(), REPEATS));
    assert_eq!(imp.baseline, report.accuracy);
    let impurity = imp.impurity.as_ref().unwrap();
    assert!((impurity.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    assert_eq!((imp.features.as_slice(), imp.mean.len()), (t.feature_names(), impurity.len()));
    assert_eq!(imp, t.importance().unwrap().unwrap(), "the same numbers every time");

    // Regression: R² in the target's units.
    let t = trained(&builtin(forest, "diabetes"), None);
    let imp = t.importance().unwrap().unwrap();
    let Evaluation::Regression(report) = t.evaluate_test().unwrap() else { panic!() };
    assert_eq!(imp.score, ImportanceScore::R2);
    assert!((imp.baseline - report.r2).abs() < 1e-9, "{} {}", imp.baseline, report.r2);
    // The body mass index and the blood serum measure s5 matter most in the diabetes data.
    let top: Vec<&str> = imp.order()[..2].iter().map(|&j| imp.features[j].as_str()).collect();
    assert!(top.contains(&"bmi") || top.contains(&"s5"), "{top:?}");
}

#[test]
fn a_network_gets_permutation_importance_and_no_impurity() {
    let mut spec = ExperimentSpec::default();
    spec.training.epochs = 40;
    let t = trained(&spec, None);
    let imp = t.importance().unwrap().unwrap();
    let Evaluation::Classification(report) = t.evaluate_test().unwrap() else { panic!() };
    assert_eq!((imp.impurity.as_ref(), imp.baseline), (None, report.accuracy));
    // The circle needs both coordinates.
    assert!(imp.mean.iter().all(|&m| m > 0.05), "{imp:?}");
    // Serde: no impurity field for a network, and back.
    let json = serde_json::to_string(&imp).unwrap();
    assert!(!json.contains("impurity") && json.contains(r#""score":"accuracy""#), "{json}");
    assert_eq!(serde_json::from_str::<Importance>(&json).unwrap(), imp);
}

#[test]
fn the_bound_by_hand() {
    // Cheap: every row, every repeat.
    assert_eq!(plan(100, 4, 10.0), (100, 5));
    assert_eq!(plan(5_000, 4, 10.0), (MAX_ROWS, 5));
    // Boosting's 650 visits of 10 ns and 20 features: ⌊1e9 / (101·6500)⌋ = 1523 rows, then
    // ⌊(1e9/(1523·6500) − 1)/20⌋ = ⌊5.0008⌋ = 5 repeats.
    assert_eq!(plan(20_000, 20, 6_500.0), (1_523, 5));
    // A big forest, 1,800 visits of 100 ns: ⌊1e9 / (101·180000)⌋ = 55, so 100 rows, then
    // ⌊(1e9/(100·180000) − 1)/20⌋ = ⌊2.73⌋ = 2 repeats.
    assert_eq!(plan(20_000, 20, 180_000.0), (100, 2));
    // k-NN on 10,000 training rows of 10 values: 100 rows, ⌊(1e9/1e7 − 1)/20⌋ = 4 repeats.
    assert_eq!(plan(20_000, 20, 1e5), (100, 4));
    assert_eq!(plan(50, 3, 1e12), (50, 1));
    assert_eq!(plan(0, 3, 1.0).0, 0);
    assert_eq!(plan(10, 3, f64::NAN), (10, 1));
}

fn tree_model(tree: Tree) -> crate::learn::DecisionTree {
    let x = [0.0f32, 1.0];
    let mut t = crate::learn::DecisionTree::fit(
        Matrix::new(&x, 2, 1).unwrap(),
        &[0.0, 1.0],
        C2,
        &crate::learn::TreeSettings::for_task(C2),
    )
    .unwrap();
    t.tree = tree;
    t
}

#[test]
fn node_visits_and_the_order() {
    use crate::learn::{Node, Split as TreeSplit};
    let node = |split, samples, depth| Node { split, samples, weight: samples as f32, impurity: 0.0, depth };
    let split = TreeSplit { feature: 0, threshold: 0.0, left: 1, right: 2, gain: 1.0 };
    // Three rows reach the left leaf and one the right, both at depth 1: (3·2 + 1·2)/4 = 2.
    let tree = Tree {
        nodes: vec![node(Some(split), 4, 0), node(None, 3, 1), node(None, 1, 1)],
        outputs: 1,
        values: vec![0.0; 3],
    };
    assert_eq!(visits(&tree), 2.0);
    assert_eq!(work_per_row(None, 80), 81.0);
    // 2 visits of 10 ns; 4 MiB of 56-byte nodes is 74,898 nodes: 10 ns up to there, 100 from ten times as many.
    assert_eq!(work_per_row(Some(&Model::Tree(tree_model(tree))), 0), 20.0);
    assert_eq!((visit_cost(70_000, 2), visit_cost(750_000, 2), visit_cost(5_000_000, 2)), (10.0, 100.0, 100.0));
    assert!((visit_cost(149_796, 2) - 20.0).abs() < 1e-3);

    let imp = Importance {
        features: vec!["a".into(), "b".into(), "c".into(), "d".into()],
        score: ImportanceScore::R2,
        baseline: 0.5,
        mean: vec![0.1, f64::NAN, 0.3, 0.1],
        std: vec![0.0; 4],
        impurity: Some(vec![0.1, 0.2, 0.3, 0.4]),
        rows: 10,
        test_rows: 20,
        repeats: 5,
    };
    // By drop; a tie (a, d) by impurity; NaN last.
    assert_eq!(imp.order(), [2, 3, 0, 1]);
    assert!(imp.is_bounded());
}

#[test]
fn the_worker_sends_it_after_the_evaluation_and_not_for_background_runs() {
    use crate::train::{Command, Event, Session};
    let spec = builtin(LearnerSpec::Forest(ForestSpec { trees: 3, ..ForestSpec::default() }), "iris");
    let done = |quiet: bool| {
        let mut s = Session::new();
        if quiet {
            s.handle(Command::Details { send: false });
        }
        s.handle(Command::Load { spec: spec.clone(), changes: vec![] });
        s.handle(Command::Play);
        let mut last = Vec::new();
        while s.is_playing() {
            last = s.tick(|| false);
        }
        // The progress that says done carries the evaluation; the importance follows on the
        // next tick, which the session asks for.
        assert!(matches!(
            last.first(),
            Some(Event::Progress { done: true, evaluation: Some(_), importance: None, .. })
        ));
        assert_eq!(s.has_work(), !quiet);
        let first = match s.tick(|| false).as_slice() {
            [Event::Importance { importance }] => Some(importance.clone()),
            [] => None,
            other => panic!("{other:?}"),
        };
        assert!(!s.has_work() && s.tick(|| false).is_empty());
        // A step after the end reports the same importance again, with its progress.
        let again = match s.handle(Command::Step).first() {
            Some(Event::Progress { done: true, evaluation: Some(_), importance, .. }) => importance.clone(),
            other => panic!("{other:?}"),
        };
        (first, again)
    };
    let (first, again) = done(false);
    let first = first.unwrap();
    assert_eq!(first.features, ["sepal_length", "sepal_width", "petal_length", "petal_width"]);
    assert_eq!(Some(first.clone()), again);
    let alone = Event::Importance { importance: first.clone() };
    assert_eq!(Event::from_json(&alone.to_json()).unwrap(), alone);
    assert_eq!(done(true), (None, None), "a queued run is not measured");
    // On the wire, and an older message without it still parses.
    let mut event = Event::epochs_only(vec![]);
    if let Event::Progress { importance, .. } = &mut event {
        *importance = Some(first);
    }
    let json = event.to_json();
    assert!(json.contains(r#""importance":{"features":["sepal_length""#), "{json}");
    assert_eq!(Event::from_json(&json).unwrap(), event);
    assert!(!Event::epochs_only(vec![]).to_json().contains("importance"));

    // Stopped before a tree's only step: nothing to measure, and no error.
    let mut s = Session::new();
    s.handle(Command::Load { spec: builtin(LearnerSpec::Tree(TreeSpec::default()), "iris"), changes: vec![] });
    let stopped = s.handle(Command::Stop);
    assert!(stopped.iter().any(|e| matches!(e, Event::Progress { done: true, importance: None, .. })), "{stopped:?}");
}
