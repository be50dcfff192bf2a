#![allow(clippy::unwrap_used)]

use super::*;
use crate::choice::Choice;

#[test]
fn seeds_start_with_the_spec_and_are_deterministic() {
    let spec = ExperimentSpec::default();
    let jobs = seed_repeats(&spec, 3).unwrap();
    let seeds: Vec<u64> = jobs.iter().map(|j| j.spec.seed).collect();
    assert_eq!(seeds[0], 7);
    assert_eq!(jobs[0].label, "seed 7 (1/3)");
    assert!(seeds[1] != 7 && seeds[2] != seeds[1] && seeds.iter().all(|&s| s < 1_000_000), "{seeds:?}");
    // Everything but the seed is the spec's.
    assert!(jobs.iter().all(|j| ExperimentSpec { seed: 7, ..j.spec.clone() } == spec));
    // The same spec gets the same seeds; another seed other ones.
    let again: Vec<u64> = seed_repeats(&spec, 3).unwrap().iter().map(|j| j.spec.seed).collect();
    assert_eq!(again, seeds);
    let other: Vec<u64> =
        seed_repeats(&ExperimentSpec { seed: 8, ..spec.clone() }, 3).unwrap().iter().map(|j| j.spec.seed).collect();
    assert_ne!(other[1..], seeds[1..]);
    // The first seeds of a longer list are the same.
    let five: Vec<u64> = seed_repeats(&spec, 5).unwrap().iter().map(|j| j.spec.seed).collect();
    assert_eq!(five[..3], seeds[..]);
    for n in [0, 1, MAX_SEED_REPEATS + 1] {
        let e = seed_repeats(&spec, n).unwrap_err().to_string();
        assert!(e.contains("repeat over 2 to 20 seeds"), "{e}");
    }
}

#[test]
fn values_parse_and_normalise() {
    assert_eq!(Param::LearningRate.parse_values("0.010, 0.03;0.1  1e-3").unwrap(), ["0.01", "0.03", "0.1", "0.001"]);
    assert_eq!(Param::Hidden.parse_values("none, 8, 8-8; 32x32").unwrap(), ["none", "8", "8-8", "32-32"]);
    assert_eq!(Param::Optimizer.parse_values("SGD adam").unwrap(), ["sgd", "adam"]);
    let e = Param::BatchSize.parse_values("16, 1.5").unwrap_err().to_string();
    assert_eq!(e, "cannot queue these runs: batch size `1.5` is not a whole number (e.g. 8, 16, 32)");
    let e = Param::LearningRate.parse_values("0.1, 0.10").unwrap_err().to_string();
    assert!(e.contains("learning rate `0.10` is listed twice"), "{e}");
    assert!(Param::Activation.parse_values(" , ").unwrap_err().to_string().contains("give at least one value"));
    assert!(Param::Hidden.parse_values("8-0").is_err());
    assert!(Param::Optimizer.parse_values("lbfgs").unwrap_err().to_string().contains("one of sgd, momentum"));
    for &p in Param::ALL {
        assert!(p.parse_values(p.example()).is_ok(), "{p:?}");
    }
}

#[test]
fn grids_combine_values_first_axis_slowest() {
    let spec = ExperimentSpec::default();
    let lr = GridAxis { param: Param::LearningRate, values: Param::LearningRate.parse_values("0.01, 0.1").unwrap() };
    let hidden = GridAxis { param: Param::Hidden, values: Param::Hidden.parse_values("none, 4-4, 16").unwrap() };
    let jobs = grid(&spec, &lr, Some(&hidden)).unwrap();
    let labels: Vec<&str> = jobs.iter().map(|j| j.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "lr 0.01 · hidden none",
            "lr 0.01 · hidden 4-4",
            "lr 0.01 · hidden 16",
            "lr 0.1 · hidden none",
            "lr 0.1 · hidden 4-4",
            "lr 0.1 · hidden 16"
        ]
    );
    assert_eq!(jobs[4].spec.training.learning_rate, 0.1);
    assert_eq!(jobs[4].spec.model.hidden, [4, 4]);
    assert!(jobs[3].spec.model.hidden.is_empty());
    // Only the two parameters change.
    let mut back = jobs[4].spec.clone();
    back.training.learning_rate = 0.03;
    back.model.hidden = vec![8, 8];
    assert_eq!(back, spec);
    assert_eq!(grid(&spec, &lr, None).unwrap().len(), 2);
}

#[test]
fn grids_are_checked() {
    let spec = ExperimentSpec::default();
    let axis = |p: Param, v: &str| GridAxis { param: p, values: p.parse_values(v).unwrap() };
    let seven = axis(Param::BatchSize, "1 2 4 8 16 32 64");
    let six = axis(Param::LearningRate, "0.001 0.003 0.01 0.03 0.1 0.3");
    let e = grid(&spec, &seven, Some(&six)).unwrap_err().to_string();
    assert_eq!(e, "cannot queue these runs: a grid of 7 × 6 = 42 runs is more than 36: use fewer values");
    assert!(grid(&spec, &six, Some(&six)).unwrap_err().to_string().contains("both axes vary learning rate"));
    let e = grid(&spec, &axis(Param::LearningRate, "0.1 20"), None).unwrap_err().to_string();
    assert!(e.starts_with("cannot queue these runs: lr 20: invalid setting `training.learning_rate`"), "{e}");
    let e = grid(&spec, &axis(Param::Dropout, "0.95"), None).unwrap_err().to_string();
    assert!(e.contains("dropout 0.95: invalid setting `model.dropout`"), "{e}");
    let empty = GridAxis { param: Param::L2, values: vec![] };
    assert!(grid(&spec, &empty, None).is_err());
}

#[test]
fn algorithm_presets_share_data_split_and_seed() {
    let mut spec = ExperimentSpec::default();
    spec.model.dropout = 0.2;
    let jobs = algorithm_presets(&spec, Some(Task::Classification { classes: 2 })).unwrap();
    let labels: Vec<&str> = jobs.iter().map(|j| j.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "logistic regression",
            "MLP 32 tanh dropout 0.2",
            "MLP 64-64 tanh dropout 0.2",
            "decision tree",
            "random forest (50 trees, depth ≤ 12)",
            "gradient boosting (100 rounds, 31 leaves)",
            "k-NN (k = 5)",
            "naive Bayes",
        ]
    );
    assert_eq!(jobs[0].spec.model.dropout, 0.0);
    assert!(jobs
        .iter()
        .all(|j| j.spec.seed == spec.seed && j.spec.data == spec.data && j.spec.training == spec.training));
    let regression = algorithm_presets(&spec, Some(Task::Regression)).unwrap();
    assert_eq!((regression[0].label.as_str(), regression.len()), ("linear regression", 7), "no naive Bayes for values");
}

#[test]
fn a_grid_varies_the_chosen_model_s_own_settings() {
    use crate::spec::learner::{BoostingSpec, FeatureShare, ForestSpec, LearnerSpec};
    let axis = |p: Param, v: &str| GridAxis { param: p, values: p.parse_values(v).unwrap() };
    let mut spec = ExperimentSpec::default();
    spec.model.learner = Some(Box::new(LearnerSpec::Forest(ForestSpec::default())));
    let jobs = grid(&spec, &axis(Param::Trees, "10 50"), Some(&axis(Param::MaxDepth, "4, none"))).unwrap();
    let labels: Vec<&str> = jobs.iter().map(|j| j.label.as_str()).collect();
    assert_eq!(labels, ["trees 10 · depth 4", "trees 10 · depth none", "trees 50 · depth 4", "trees 50 · depth none"]);
    let forest = |j: &Job| match j.spec.model.learner.as_deref() {
        Some(LearnerSpec::Forest(f)) => (f.trees, f.max_depth),
        other => panic!("{other:?}"),
    };
    assert_eq!(jobs.iter().map(forest).collect::<Vec<_>>(), [(10, Some(4)), (10, None), (50, Some(4)), (50, None)]);
    // Only the model's settings change: the training settings a forest ignores stay as they were.
    assert!(jobs.iter().all(|j| j.spec.training == spec.training && j.spec.data == spec.data));
    let shares = grid(&spec, &axis(Param::MaxFeatures, "SQRT, 0.50"), None).unwrap();
    assert_eq!(shares[1].label, "features 0.5");
    assert!(
        matches!(shares[1].spec.model.learner.as_deref(), Some(LearnerSpec::Forest(f)) if f.max_features == FeatureShare::Fraction(0.5))
    );

    // Boosting takes the learning rate as its shrinkage, and L2 as its leaves' penalty.
    spec.model.learner = Some(Box::new(LearnerSpec::Boosting(BoostingSpec::default())));
    let jobs = grid(&spec, &axis(Param::LearningRate, "0.05 0.3"), Some(&axis(Param::L2, "0 1"))).unwrap();
    assert!(
        matches!(jobs[3].spec.model.learner.as_deref(), Some(LearnerSpec::Boosting(b)) if b.learning_rate == 0.3 && b.l2 == 1.0)
    );
    assert_eq!(jobs[3].spec.training, spec.training);
    let e = grid(&spec, &axis(Param::LearningRate, "2"), None).unwrap_err().to_string();
    assert!(e.contains("lr 2: invalid setting `model.learner.learning_rate`"), "{e}");

    // Another family's setting, or a network's, is refused with the model named.
    let e = grid(&spec, &axis(Param::Trees, "10"), None).unwrap_err().to_string();
    assert!(e.contains("trees is not a setting of a gradient boosting (100 rounds, 31 leaves)"), "{e}");
    let e = grid(&ExperimentSpec::default(), &axis(Param::Neighbours, "3"), None).unwrap_err().to_string();
    assert!(e.contains("neighbours (k) is not a setting of a network"), "{e}");
    // Each family has settings to vary, and a network only its own.
    for family in ["tree", "forest", "boosting", "knn", "bayes"] {
        let l = LearnerSpec::default_of(family).unwrap();
        assert!(Param::ALL.iter().any(|p| p.fits(Some(&l))), "{family}");
    }
    assert_eq!(Param::ALL.iter().filter(|p| p.fits(None)).count(), 9);
}

#[test]
fn the_pool_leaves_one_core_to_the_page() {
    assert_eq!([0, 1, 2, 4, 8, 16, 64].map(workers_for), [1, 1, 1, 3, 7, 8, 8]);
}

#[test]
fn fold_choices_name_each_way_to_cut_and_read_back() {
    use crate::data::table::{Column, Table};
    use crate::spec::FoldBy;
    let table = Table {
        columns: vec![
            Column::numeric("year", vec![2007.0, 2008.0]),
            Column::text("site", &[Some("a"), Some("b")]),
            Column::text("y", &[Some("p"), Some("q")]),
        ],
    };
    let choices = fold_choices(&table, Some("y"));
    let values: Vec<&str> = choices.iter().map(|(v, _)| v.as_str()).collect();
    assert_eq!(values, ["", "time", "group:year", "time:year", "group:site"]);
    assert_eq!(choices[3].1, "in time by year");
    assert_eq!(fold_by(""), None);
    assert_eq!(fold_by("time"), Some(FoldBy::Time { column: None }));
    assert_eq!(fold_by("timely"), None);
    assert_eq!(fold_by("time:year"), Some(FoldBy::Time { column: Some("year".into()) }));
    assert_eq!(fold_by("group:site"), Some(FoldBy::Group { column: "site".into() }));
    let mut spec = ExperimentSpec::default();
    spec.data.source = crate::spec::DataSource::Builtin { name: "penguins".into() };
    let jobs = folds(&spec, 3, fold_by("group:island").as_ref()).unwrap();
    assert_eq!(jobs[2].spec.data.fold.as_ref().and_then(|f| f.by.clone()), fold_by("group:island"));
}

#[test]
fn folds_of_a_table_test_each_row_once() {
    use crate::spec::{DataSource, FoldSpec};
    let mut spec = ExperimentSpec::default();
    let e = folds(&spec, 5, None).unwrap_err().to_string();
    assert!(e.contains("cross-validation folds a table"), "{e}");
    spec.data.source = DataSource::Builtin { name: "iris".into() };
    spec.data.prepare.target = Some("species".into());
    let jobs = folds(&spec, 5, None).unwrap();
    let labels: Vec<&str> = jobs.iter().map(|j| j.label.as_str()).collect();
    assert_eq!(labels, ["fold 1/5", "fold 2/5", "fold 3/5", "fold 4/5", "fold 5/5"]);
    assert_eq!(jobs[3].spec.data.fold, Some(FoldSpec::standard(5, 3)));
    assert!(jobs.iter().all(|j| ExperimentSpec {
        data: crate::spec::DataSpec { fold: None, ..j.spec.data.clone() },
        ..j.spec.clone()
    } == spec));
    // Each fold's spec tests on its own fifth of the rows (train::cross_validation's tests check
    // that the five cover the table).
    let tested: Vec<usize> =
        jobs.iter().map(|j| crate::train::load_data(&j.spec, None).unwrap().split.test.rows()).collect();
    assert_eq!(tested, [30; 5]);
    for k in [1, 21] {
        assert!(folds(&spec, k, None).unwrap_err().to_string().contains("2 to 20 folds"));
    }
}
