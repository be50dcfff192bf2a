#![allow(clippy::unwrap_used)]

use super::*;
use crate::compare::{metric_info, GroupKind, RunGroup, Score};
use crate::data::Task;
use crate::spec::{DataSource, ExperimentSpec};

fn score(name: &str, value: f64, baseline: f64) -> Score {
    Score { name: name.into(), value, baseline: Some(baseline) }
}

fn seeds() -> RunGroup {
    RunGroup { id: 4, kind: GroupKind::Seeds, title: "3 seeds".into() }
}

/// Four runs: 1 and 4 tie on everything numeric but log loss, 3 failed (no metrics, no time,
/// no size), 2 is a linear model with its own learning rate and seed.
fn records() -> Vec<RunRecord> {
    let mut r1 = RunRecord::new("Beta", ExperimentSpec::default());
    r1.id = 1;
    r1.scores = vec![score("accuracy", 0.8, 0.5), score("balanced_accuracy", 0.8, 0.5), score("log_loss", 0.4, 0.69)];
    (r1.epochs, r1.train_ms, r1.parameters, r1.group) = (500, Some(850.0), Some(1234), Some(seeds()));

    let mut r2 = RunRecord::new("alpha", ExperimentSpec::default());
    r2.id = 2;
    r2.spec.model.hidden.clear();
    r2.spec.training.learning_rate = 0.1;
    r2.spec.seed = 3;
    r2.task = Some(Task::Classification { classes: 2 });
    r2.scores = vec![score("accuracy", 0.9, 0.5), score("log_loss", 0.3, 0.69)];
    (r2.epochs, r2.train_ms, r2.parameters, r2.group) = (100, Some(12_345.0), Some(3), Some(seeds()));

    let mut r3 = RunRecord::new("gamma", ExperimentSpec::default());
    r3.id = 3;
    r3.spec.model.hidden = vec![4];
    r3.spec.seed = 9;
    r3.spec.data.source = DataSource::Builtin { name: "iris".into() };
    r3.spec.data.prepare.target = Some("species".into());
    r3.epochs = 5;
    r3.failure = Some("diverged".into());
    r3.notes = vec!["lr changed at epoch 3".into()];

    let mut r4 = RunRecord::new("Delta", ExperimentSpec::default());
    r4.id = 4;
    r4.scores = vec![score("accuracy", 0.8, 0.5), score("log_loss", 0.5, 0.69)];
    (r4.epochs, r4.train_ms, r4.parameters, r4.group) = (500, Some(850.0), Some(1234), Some(seeds()));
    vec![r1, r2, r3, r4]
}

fn ids(records: &[RunRecord], sort: &TableSort) -> Vec<u64> {
    RunsTable::new(records, sort).rows.iter().map(|r| r.id).collect()
}

fn metric(name: &str) -> Column {
    Column::Metric(metric_info(name).unwrap())
}

#[test]
fn columns_are_the_run_the_metrics_any_run_has_the_cost_then_descriptions() {
    let recs = records();
    let ids: Vec<&str> = columns(&recs).iter().map(|c| c.id()).collect();
    // Balanced accuracy stays in the records; the failed run adds nothing.
    assert_eq!(
        ids,
        [
            "id",
            "label",
            "model",
            "accuracy",
            "log_loss",
            "epochs",
            "train_ms",
            "parameters",
            "settings",
            "seed",
            "data"
        ]
    );
    let titles: Vec<&str> = columns(&recs).iter().map(|c| c.title()).collect();
    assert_eq!(
        titles,
        ["#", "run", "model", "accuracy", "log loss", "epochs", "train time", "parameters", "training", "seed", "data"]
    );
    // Regression metrics after classification ones, in METRICS order, whatever the scores' order.
    let mut reg = RunRecord::new("r", ExperimentSpec::default());
    reg.scores = vec![score("mae", 1.0, 2.0), score("r2", 0.5, 0.0), score("rmse", 1.5, 2.5)];
    let mixed = [recs[1].clone(), reg];
    let metrics: Vec<&str> =
        columns(&mixed).iter().filter(|c| matches!(c, Column::Metric(_))).map(|c| c.id()).collect();
    assert_eq!(metrics, ["accuracy", "log_loss", "r2", "rmse", "mae"]);
    // Only failed runs: no metric column.
    assert_eq!(columns(&recs[2..3]).len(), 9);
    assert!(columns(&[]).iter().all(|c| !matches!(c, Column::Metric(_))));
    let numeric: Vec<&str> = columns(&recs).iter().filter(|c| c.numeric()).map(|c| c.id()).collect();
    assert_eq!(numeric, ["id", "accuracy", "log_loss", "epochs", "train_ms", "parameters", "seed"]);
}

#[test]
fn every_column_sorts_both_ways_ties_in_recording_order_missing_last() {
    let recs = records();
    let cases: [(Column, [u64; 4], [u64; 4]); 11] = [
        (Column::Id, [1, 2, 3, 4], [4, 3, 2, 1]),
        // Labels ignore case.
        (Column::Label, [2, 1, 4, 3], [3, 4, 1, 2]),
        // Texts byte-wise ("MLP 4 tanh" < "MLP 8-8 tanh" < "logistic regression"); 1 and 4 tie.
        (Column::Model, [3, 1, 4, 2], [2, 1, 4, 3]),
        (Column::Data, [1, 2, 4, 3], [3, 1, 2, 4]),
        (Column::Settings, [1, 3, 4, 2], [2, 1, 3, 4]),
        (Column::Seed, [2, 1, 4, 3], [3, 1, 4, 2]),
        // The failed run has no metric, time or size: last either way.
        (metric("accuracy"), [1, 4, 2, 3], [2, 1, 4, 3]),
        (metric("log_loss"), [2, 1, 4, 3], [4, 1, 2, 3]),
        (Column::Epochs, [3, 2, 1, 4], [1, 4, 2, 3]),
        (Column::TrainMs, [1, 4, 2, 3], [2, 1, 4, 3]),
        (Column::Params, [2, 1, 4, 3], [1, 4, 2, 3]),
    ];
    for (column, ascending, descending) in cases {
        let key = column.key();
        assert_eq!(ids(&recs, &TableSort { key: key.clone(), descending: false }), ascending, "{column:?} ascending");
        assert_eq!(ids(&recs, &TableSort { key, descending: true }), descending, "{column:?} descending");
    }
    assert_eq!(ids(&recs, &TableSort::default()), [1, 2, 3, 4]);
    assert_eq!(ids(&[], &TableSort::default()), Vec::<u64>::new());
}

#[test]
fn the_first_click_puts_the_best_first_the_second_reverses() {
    let start = TableSort::default();
    // Accuracy: higher is better, so descending first.
    let acc = start.clicked(metric("accuracy"));
    assert_eq!(acc, TableSort { key: SortKey::Metric("accuracy".into()), descending: true });
    assert_eq!(ids(&records(), &acc)[0], 2);
    assert!(!acc.clicked(metric("accuracy")).descending);
    assert_eq!(acc.clicked(metric("accuracy")).clicked(metric("accuracy")), acc);
    // Losses and errors: lower is better, so ascending first.
    for name in ["log_loss", "rmse", "mae"] {
        assert!(!start.clicked(metric(name)).descending, "{name}");
    }
    for name in ["roc_auc", "r2", "macro_f1"] {
        assert!(start.clicked(metric(name)).descending, "{name}");
    }
    assert_eq!(ids(&records(), &start.clicked(metric("log_loss")))[0], 2);
    // Time, size and text: smallest or first first.
    for column in [Column::TrainMs, Column::Params, Column::Label, Column::Seed] {
        assert_eq!(start.clicked(column), TableSort { key: column.key(), descending: false });
    }
    // Already sorted by id ascending: a click on "#" reverses it.
    assert_eq!(start.clicked(Column::Id), TableSort { key: SortKey::Id, descending: true });
    // What the header shows.
    assert_eq!((acc.direction(metric("accuracy")), acc.direction(Column::Id)), (Some(true), None));
    assert_eq!((acc.aria_sort(metric("accuracy")), acc.arrow(metric("accuracy"))), ("descending", " ▼"));
    assert_eq!((start.aria_sort(Column::Id), start.arrow(Column::Id)), ("ascending", " ▲"));
    assert_eq!((start.aria_sort(Column::Label), start.arrow(Column::Label)), ("none", ""));
}

#[test]
fn cells_as_the_page_writes_them() {
    let recs = records();
    let table = RunsTable::new(&recs, &TableSort::default());
    let cell = |row: usize, id: &str| table.rows[row].cells.iter().find(|c| c.column.id() == id).unwrap().clone();
    let first = &table.rows[0];
    assert_eq!((first.id, first.name.as_str(), first.failed), (1, "#1 Beta", false));
    assert_eq!(first.cells.len(), table.columns.len());
    let acc = cell(0, "accuracy");
    assert_eq!(
        (acc.text.as_str(), acc.baseline.as_deref(), acc.title.as_str()),
        ("0.8000", Some("baseline 0.5000"), "baseline 0.5000")
    );
    assert_eq!(cell(0, "model").text, "MLP 8-8 tanh");
    assert_eq!(cell(1, "model").text, "logistic regression");
    assert_eq!(cell(0, "train_ms").text, "850 ms");
    assert_eq!(cell(1, "train_ms").text, "12.3 s");
    assert_eq!(cell(0, "parameters").text, "1,234");
    assert_eq!(cell(0, "settings").text, "adam lr 0.03 · batch 16 · 500 epochs");
    assert_eq!(cell(0, "seed").text, "7");
    assert_eq!(cell(0, "epochs").text, "500");
    assert_eq!(cell(0, "label").title, "");
    // The failed run: marked, its reason and notes in the label's tooltip, dashes for numbers.
    let failed = &table.rows[2];
    assert_eq!((failed.name.as_str(), failed.failed), ("#3 gamma", true));
    assert_eq!(cell(2, "label").title, "failed: diverged; lr changed at epoch 3");
    for id in ["accuracy", "log_loss", "train_ms", "parameters"] {
        let c = cell(2, id);
        assert_eq!((c.text.as_str(), c.baseline, c.title.as_str()), ("—", None, ""), "{id}");
    }
    assert_eq!(cell(2, "data").text, "iris → species");
    // Notes alone, without a failure.
    let mut noted = recs[0].clone();
    noted.notes = vec!["a".into(), "b".into()];
    assert_eq!(Column::Label.cell(&noted).title, "a; b");
}

#[test]
fn seed_groups_get_a_mean_and_std_row() {
    let table = RunsTable::new(&records(), &TableSort::default());
    assert_eq!(table.groups.len(), 1);
    let g = &table.groups[0];
    assert_eq!(g.id, 4);
    // The label spans the model's column: one cell fewer than the columns.
    assert_eq!(g.cells.len(), table.columns.len() - 1);
    assert!(g.cells.iter().all(|c| c.column != Column::Model));
    let texts: Vec<(&str, &str, usize)> = g.cells.iter().map(|c| (c.column.id(), c.text.as_str(), c.colspan)).collect();
    assert_eq!(
        texts,
        [
            ("id", "∑", 1),
            ("label", "mean ± std over 3 seeds (3 runs)", 2),
            ("accuracy", "0.8333 ± 0.0577", 1),
            ("log_loss", "0.4000 ± 0.1000", 1),
            ("epochs", "", 1),
            ("train_ms", "4.7 s ± 6.6 s", 1),
            ("parameters", "", 1),
            ("settings", "", 1),
            ("seed", "", 1),
            ("data", "", 1),
        ]
    );
    // One run is no group; nor is a grid.
    let mut recs = records();
    for r in &mut recs[1..] {
        r.group = Some(RunGroup { id: 5, kind: GroupKind::Grid, title: "lr".into() });
    }
    assert!(RunsTable::new(&recs, &TableSort::default()).groups.is_empty());
}
