//! The Compare queue natively: planned jobs run through the worker protocol (`Session`) the
//! way the page's background worker runs them, and the records they give match training the
//! same specs directly.

#![allow(clippy::unwrap_used)]

use lantern::compare::{
    group_summaries, in_group, mean_std, seed_repeats, GroupKind, Job, RunCollector, RunRecord, RunStore,
};
use lantern::data::builtin::builtin;
use lantern::spec::{DataSource, ExperimentSpec};
use lantern::train::{Command, Event, Fingerprint, Session, Trainer};
use std::sync::atomic::{AtomicU64, Ordering};

fn small() -> ExperimentSpec {
    let mut s = ExperimentSpec::default();
    s.training.epochs = 12;
    s
}

/// Runs `job` in `session` as the page's queue does: the collector's commands, then ticks
/// until the run is over; returns the record and every event seen.
fn run_job(session: &mut Session, job: Job) -> (RunRecord, Vec<Event>) {
    let mut collector = RunCollector::new(job);
    let mut seen = Vec::new();
    for c in collector.commands() {
        seen.extend(session.handle(c));
    }
    while session.is_playing() {
        let mut slices = 0;
        seen.extend(session.tick(|| {
            slices += 1;
            slices < 5
        }));
    }
    let record = seen.iter().cloned().find_map(|e| collector.feed(e)).expect("the run completes");
    (record, seen)
}

#[test]
fn seed_repeats_through_the_protocol_match_direct_training() {
    let jobs = seed_repeats(&small(), 3).unwrap();
    let mut store = RunStore::new();
    let group = store.new_group(GroupKind::Seeds, "3 seeds");
    let mut session = Session::new();
    for job in in_group(jobs, &group) {
        let spec = job.spec.clone();
        let (record, events) = run_job(&mut session, job);
        // Numbers only: no plane, grid, weights or unit maps travel.
        for e in &events {
            match e {
                Event::Plane { .. } => panic!("a quiet run sent its plane"),
                Event::Progress { grid, weights, units, predictions, .. } => {
                    assert!(grid.is_none() && weights.is_none() && units.is_none() && predictions.is_none())
                }
                _ => {}
            }
        }
        let mut direct = Trainer::new(&spec).unwrap();
        while !direct.is_done() {
            direct.run_epoch().unwrap();
        }
        assert_eq!(record.curves, direct.history(), "seed {}", spec.seed);
        assert_eq!(record.epochs, 12);
        assert_eq!(record.parameters, Some(direct.size()));
        assert_eq!(record.fingerprint, Some(Fingerprint::of(&direct).unwrap()));
        let lantern::train::Evaluation::Classification(r) = direct.evaluate_test().unwrap() else { panic!() };
        assert_eq!(record.value("accuracy"), r.accuracy);
        assert_eq!(record.score("accuracy").unwrap().baseline, Some(r.baseline.accuracy));
        assert_eq!(record.value("log_loss"), r.log_loss);
        assert_eq!(record.train_ms, None, "a session without a clock does not time");
        assert!(record.failure.is_none());
        store.add(record);
    }
    let summary = &group_summaries(store.records())[0];
    assert_eq!(summary.members, [1, 2, 3]);
    let accuracies: Vec<f64> = store.records().iter().map(|r| r.value("accuracy")).collect();
    let (mean, std, n) = mean_std(&accuracies);
    assert_eq!((summary.metrics[0].mean, summary.metrics[0].std, summary.metrics[0].n), (mean, std, n));
    assert_eq!(mean, accuracies.iter().sum::<f64>() / 3.0);
    // The three seeds give three different runs.
    assert!(store.records()[0].fingerprint != store.records()[1].fingerprint);
    // And the store keeps them through its stored form.
    assert_eq!(RunStore::from_json(&store.to_json()).unwrap(), store);
}

static TICKS: AtomicU64 = AtomicU64::new(0);

/// A clock that moves on 1 ms each time it is read.
fn counting_clock() -> f64 {
    TICKS.fetch_add(1, Ordering::SeqCst) as f64
}

#[test]
fn training_time_counts_only_training() {
    let mut s = Session::with_clock(counting_clock);
    s.handle(Command::Load { spec: small(), changes: Vec::new() });
    // Each training command reads the clock twice (start, report): 1 ms each.
    let after = |events: Vec<Event>| {
        events.iter().find_map(|e| match e {
            Event::Progress { train_ms, .. } => *train_ms,
            _ => None,
        })
    };
    assert_eq!(after(s.handle(Command::Step)), Some(1.0));
    assert_eq!(after(s.handle(Command::StepBatch)), Some(2.0));
    s.handle(Command::Play);
    assert_eq!(after(s.tick(|| true)), Some(3.0), "the rest of the run in one tick");
    // A fresh run starts from zero.
    s.handle(Command::Load { spec: small(), changes: Vec::new() });
    assert_eq!(after(s.handle(Command::Step)), Some(1.0));
}

#[test]
fn queued_runs_use_the_users_file_and_report_failures() {
    let text = builtin("iris").unwrap().csv().unwrap();
    let csv = text.as_bytes();
    let mut spec = small();
    spec.data.source = DataSource::File { name: "flowers.csv".into() };
    let mut session = Session::new();
    // Before the page has sent the file, the run fails and is recorded as failed.
    let (failed, _) = run_job(&mut session, Job { label: "no file".into(), spec: spec.clone(), group: None });
    assert!(failed.failure.is_some() && failed.scores.is_empty() && failed.epochs == 0, "{failed:?}");
    assert!(session.read_file("data.csv", std::sync::Arc::new(csv.to_vec()), false, &mut |_| {}).is_empty());
    let (record, _) = run_job(&mut session, Job { label: "flowers".into(), spec: spec.clone(), group: None });
    assert!(record.failure.is_none(), "{:?}", record.failure);
    assert_eq!(record.task, Some(lantern::data::Task::Classification { classes: 3 }));
    assert_eq!(record.model(), "MLP 8-8 tanh");
    let mut direct =
        Trainer::with_table(&spec, Some(&lantern::data::csv::read_csv(csv, &Default::default()).unwrap().table))
            .unwrap();
    while !direct.is_done() {
        direct.run_epoch().unwrap();
    }
    assert_eq!(record.curves, direct.history());
}
