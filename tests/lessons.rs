//! The bundled lessons (`www/lessons/*.json`) say what will happen at each step: here every
//! step's experiment is trained natively and what its text claims is checked (the page's
//! end-to-end test, `tests/e2e/lessons.test.mjs`, checks the same in the browser). Numbers
//! native and in the browser differ in the last digits (FMA), never in these conclusions.

use lantern::data::csv::{read_csv, ReadOptions};
use lantern::spec::lesson::builtin::builtin_lesson;
use lantern::spec::lesson::Lesson;
use lantern::spec::ExperimentSpec;
use lantern::train::{load_data, EpochMetrics, Trainer};

fn lesson(name: &str) -> Lesson {
    builtin_lesson(name).unwrap().lesson().unwrap()
}

/// Trains step `k`'s experiment (on the lesson's table, if it has one) to the end.
fn train(name: &str, k: usize) -> Trainer {
    let spec =
        lesson(name).steps[k].experiment.clone().unwrap_or_else(|| panic!("{name} step {k} loads an experiment"));
    train_spec(name, &spec)
}

fn train_spec(name: &str, spec: &ExperimentSpec) -> Trainer {
    let table = builtin_lesson(name)
        .unwrap()
        .data_text()
        .map(|csv| read_csv(csv.as_bytes(), &ReadOptions::default()).unwrap().table);
    let mut t = Trainer::with_table(spec, table.as_ref()).unwrap();
    while !t.is_done() {
        t.run_epoch().unwrap();
    }
    t
}

fn last(t: &Trainer) -> EpochMetrics {
    t.history().last().cloned().unwrap()
}

#[test]
fn neuron_lesson_a_line_splits_blobs_but_not_xor_until_a_hidden_layer() {
    let blobs = last(&train("neuron_line", 0));
    assert_eq!(blobs.test_accuracy, Some(1.0), "step 1: one line separates the clouds");
    let line = last(&train("neuron_line", 1)).test_accuracy.unwrap();
    assert!(line < 0.6, "step 2: a single neuron stays near chance on xor ({line})");
    let bent = last(&train("neuron_line", 2)).test_accuracy.unwrap();
    assert!(bent > 0.9, "step 3: a hidden layer of 4 solves xor ({bent})");
    println!(
        "neuron lesson: blobs {:?}, xor without hidden layer {line:.3}, with 4 units {bent:.3}",
        blobs.test_accuracy
    );
}

#[test]
fn overfitting_lesson_test_loss_climbs_and_each_cure_lowers_it() {
    let plain = train("overfitting", 0);
    let h = plain.history();
    let lowest = h.iter().map(|m| m.test_loss).fold(f64::INFINITY, f64::min);
    let best_epoch = h.iter().find(|m| m.test_loss == lowest).unwrap().epoch;
    let end = last(&plain);
    assert!(best_epoch < 30, "the test loss is lowest early ({best_epoch})");
    assert!(end.test_loss > 2.0 * lowest, "then it climbs: {} > 2 × {lowest}", end.test_loss);
    assert!(end.train_loss < 0.1 && end.train_accuracy == Some(1.0), "while training fits every point: {end:?}");
    let l2 = last(&train("overfitting", 1)).test_loss;
    let dropout = last(&train("overfitting", 2)).test_loss;
    assert!(l2 < 0.5 * end.test_loss, "L2 halves the final test loss at least: {l2} vs {}", end.test_loss);
    assert!(dropout < 0.6 * end.test_loss, "so does dropout, nearly: {dropout} vs {}", end.test_loss);
    let early = train("overfitting", 3);
    let stopped = early.stopped_at().expect("early stopping ends the run");
    assert!(early.epoch() < 60 && stopped < 20, "stops after {} epochs keeping epoch {stopped}", early.epoch());
    println!(
        "overfitting lesson: test loss lowest {lowest:.3} at epoch {best_epoch}, final {:.3}; with L2 {l2:.3}; \
         dropout {dropout:.3}; early stopping after {} epochs keeps epoch {stopped}",
        end.test_loss,
        early.epoch()
    );
}

#[test]
fn messy_table_lesson_scaling_makes_the_difference_and_dropping_rows_drops_63() {
    let raw = last(&train("messy_table", 4)).test_r2.unwrap();
    let standardised = last(&train("messy_table", 5)).test_r2.unwrap();
    assert!(raw < 0.0, "step 5: without scaling, worse than the mean ({raw})");
    assert!(standardised > 0.85, "step 6: standardised, R² about 0.9 ({standardised})");
    // Step 3's question: how many training rows are left when incomplete rows are dropped.
    let mut spec = lesson("messy_table").steps[0].experiment.clone().unwrap();
    let table =
        read_csv(builtin_lesson("messy_table").unwrap().data_text().unwrap().as_bytes(), &ReadOptions::default())
            .unwrap()
            .table;
    assert_eq!(load_data(&spec, Some(&table)).unwrap().split.train.rows(), 180);
    spec.data.prepare.numeric_missing = lantern::data::prepare::NumericImpute::DropRows;
    let dropped = load_data(&spec, Some(&table)).unwrap();
    assert_eq!(dropped.split.train.rows(), 142);
    assert!(
        dropped.notices.iter().any(|n| n == "63 rows with missing feature values were dropped."),
        "{:?}",
        dropped.notices
    );
    println!("messy table lesson: test R² without scaling {raw:.3}, standardised {standardised:.3}");
}

#[test]
fn every_bundled_step_points_at_one_to_five_things() {
    // The ids themselves are checked against the page's catalogue in tests/help_catalogue.rs;
    // here: every step highlights something, and at most five things, so the outline stays a
    // pointer and not a flood.
    for name in ["neuron_line", "overfitting", "messy_table"] {
        for (k, s) in lesson(name).steps.iter().enumerate() {
            assert!(!s.highlight.is_empty() && s.highlight.len() <= 5, "{name} step {k}: {:?}", s.highlight);
        }
    }
}
