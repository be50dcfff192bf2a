//! Native training behaviour: convergence, determinism, divergence, and the session protocol.

use lantern::data::Generator;
use lantern::spec::{Activation, ExperimentSpec, Optimizer};
use lantern::train::{run, Command, Event, Session, Trainer};
use lantern::Error;

fn spec(generator: Generator, epochs: usize) -> ExperimentSpec {
    let mut s = ExperimentSpec::default();
    s.data.set_synthetic(Some(generator), None, None);
    s.training.epochs = epochs;
    s
}

#[test]
fn default_experiment_learns_circle() {
    let h = run(&ExperimentSpec::default(), |_| {}).unwrap();
    let last = h.last().unwrap();
    assert!(last.test_accuracy.unwrap() >= 0.95, "{last:?}");
    assert!(last.train_loss < h[0].train_loss / 3.0, "loss did not fall: {} → {}", h[0].train_loss, last.train_loss);
}

#[test]
fn learns_xor() {
    let h = run(&spec(Generator::Xor, 100), |_| {}).unwrap();
    let last = h.last().unwrap();
    assert!(last.test_accuracy.unwrap() >= 0.95, "{last:?}");
}

#[test]
fn learns_plane_regression() {
    let mut s = spec(Generator::Plane, 60);
    s.model.hidden = vec![4];
    let h = run(&s, |_| {}).unwrap();
    let last = h.last().unwrap();
    assert!(last.test_r2.unwrap() > 0.95, "{last:?}");
    assert!(last.test_accuracy.is_none());
}

#[test]
fn sgd_with_relu_and_l2_learns_gaussians() {
    let mut s = spec(Generator::TwoGaussians, 30);
    s.training.optimizer = Optimizer::Sgd;
    s.training.learning_rate = 0.05;
    s.training.l2 = 0.001;
    s.model.activation = Activation::Relu;
    let last = run(&s, |_| {}).unwrap().pop().unwrap();
    assert!(last.test_accuracy.unwrap() >= 0.95, "{last:?}");
}

#[test]
fn same_seed_gives_bit_identical_history() {
    let s = spec(Generator::Spiral, 15);
    let a = run(&s, |_| {}).unwrap();
    let b = run(&s, |_| {}).unwrap();
    let bits = |h: &[lantern::train::EpochMetrics]| -> Vec<(u64, u64)> {
        h.iter().map(|m| (m.train_loss.to_bits(), m.test_loss.to_bits())).collect()
    };
    assert_eq!(bits(&a), bits(&b));
    let mut other = s.clone();
    other.seed += 1;
    let c = run(&other, |_| {}).unwrap();
    assert_ne!(bits(&a), bits(&c));
}

#[test]
fn absurd_learning_rate_diverges_with_advice() {
    let mut s = spec(Generator::Plane, 50);
    s.training.optimizer = Optimizer::Sgd;
    s.training.learning_rate = 10.0;
    s.model.activation = Activation::Linear;
    match run(&s, |_| {}) {
        Err(e @ Error::Diverged { .. }) => assert!(e.to_string().contains("learning rate ten times lower"), "{e}"),
        other => panic!("expected divergence, got {other:?}"),
    }
}

#[test]
fn session_step_play_pause_reset() {
    let mut session = Session::new();
    let s = spec(Generator::Xor, 5);
    let ev = session.handle(Command::Load { spec: s.clone(), changes: Vec::new() });
    // (2·8 + 8) + (8·8 + 8) + (8·1 + 1) = 24 + 72 + 9
    assert!(
        matches!(
            &ev[..],
            [
                Event::Loaded { parameters: 105, .. },
                Event::Plane { .. },
                Event::Progress { weights: Some(_), units: Some(_), .. }
            ]
        ),
        "{} events",
        ev.len()
    );

    let ev = session.handle(Command::Step);
    let Event::Progress { epochs, playing, done, grid, evaluation, stopped_at, .. } = &ev[0] else { panic!("{ev:?}") };
    assert!(stopped_at.is_none());
    assert_eq!(epochs.len(), 1);
    assert!(!playing && !done);
    assert!(evaluation.is_none(), "evaluation comes with the last epoch");
    assert_eq!(grid.as_ref().unwrap().values.len(), 50 * 50);

    assert!(session.handle(Command::Play).is_empty());
    assert!(session.is_playing());
    let mut budget = 2;
    let ev = session.tick(|| {
        budget -= 1;
        budget > 0
    });
    let Event::Progress { epochs, .. } = &ev[0] else { panic!("{ev:?}") };
    assert_eq!(epochs.iter().map(|m| m.epoch).collect::<Vec<_>>(), [2, 3]);
    session.handle(Command::Pause);
    assert!(session.tick(|| true).is_empty());

    // Play to the end: stops by itself.
    session.handle(Command::Play);
    let ev = session.tick(|| true);
    let Event::Progress { done, playing, evaluation, epochs, .. } = &ev[0] else { panic!("{ev:?}") };
    assert!(*done && !*playing);
    // The finished run is evaluated on the test set, next to the majority-class baseline.
    let Some(lantern::train::Evaluation::Classification(report)) = evaluation.as_deref() else { panic!() };
    assert_eq!(report.accuracy, epochs.last().unwrap().test_accuracy.unwrap());
    assert!(report.baseline.accuracy < 0.7, "{}", report.baseline.accuracy);

    // Reset replays the same numbers.
    let first: Vec<_> = session.trainer().unwrap().history().to_vec();
    session.handle(Command::Reset);
    session.handle(Command::Play);
    session.tick(|| true);
    assert_eq!(session.trainer().unwrap().history(), &first[..]);
}

#[test]
fn session_reports_errors_as_events() {
    let mut session = Session::new();
    assert!(matches!(&session.handle(Command::Step)[..], [Event::Failed { .. }]));
    let mut bad = ExperimentSpec::default();
    bad.training.batch_size = 0;
    let ev = session.handle(Command::Load { spec: bad, changes: Vec::new() });
    let [Event::Failed { message }] = &ev[..] else { panic!("{ev:?}") };
    assert!(message.contains("training.batch_size"), "{message}");
}

#[test]
fn protocol_round_trips_as_json() {
    let c = Command::Load { spec: ExperimentSpec::default(), changes: Vec::new() };
    assert_eq!(Command::from_json(&c.to_json()).unwrap(), c);
    assert!(Command::from_json("{\"explode\":{}}").is_err());
    let t = Trainer::new(&spec(Generator::Circle, 1)).unwrap();
    let e = Event::Loaded {
        parameters: 3,
        task: lantern::data::Task::Regression,
        batches: 2,
        classes: vec![],
        grid: t.decision_grid(4).unwrap(),
        notices: vec![],
        preparation: vec![],
    };
    assert_eq!(Event::from_json(&e.to_json()).unwrap(), e);
}

#[test]
fn regression_evaluation_is_in_target_units() {
    let mut s = ExperimentSpec::default();
    s.data.source = lantern::spec::DataSource::Builtin { name: "diabetes".into() };
    s.data.prepare.target = Some("progression".into());
    s.model.hidden = vec![];
    s.training.epochs = 30;
    let mut t = Trainer::new(&s).unwrap();
    while !t.is_done() {
        t.run_epoch().unwrap();
    }
    let lantern::train::Evaluation::Regression(r) = t.evaluate_test().unwrap() else { panic!() };
    // R² agrees with the training loop's (computed on standardised targets; R² is unit-free).
    assert!((r.r2 - t.history().last().unwrap().test_r2.unwrap()).abs() < 1e-4, "{} vs {:?}", r.r2, t.history().last());
    // Errors are in the target's units (progression runs 25–346): a linear model is off by ~40–60.
    assert!((30.0..80.0).contains(&r.rmse), "rmse {}", r.rmse);
    assert!(r.rmse < r.baseline.rmse, "model {} vs mean baseline {}", r.rmse, r.baseline.rmse);
    assert!((100.0..200.0).contains(&r.baseline.mean));
}

#[test]
fn early_stopping_restores_the_best_weights() {
    let mut s = ExperimentSpec::default();
    s.data.source = lantern::spec::DataSource::Builtin { name: "diabetes".into() };
    s.data.prepare.target = Some("progression".into());
    s.data.validation_fraction = 0.2;
    s.model.hidden = vec![32, 32];
    s.training.epochs = 300;
    s.training.patience = 10;
    let mut t = Trainer::new(&s).unwrap();
    while !t.is_done() {
        t.run_epoch().unwrap();
    }
    let best = t.stopped_at().expect("this MLP overfits diabetes, so it stops early");
    let h = t.history();
    assert_eq!(h.len(), best + 10, "stops `patience` epochs after the best");
    let best_val = h[best - 1].validation_loss.unwrap();
    assert!(h.iter().all(|m| m.validation_loss.unwrap() >= best_val));
    // The model now holds the best epoch's weights: its test R² is that epoch's.
    let lantern::train::Evaluation::Regression(r) = t.evaluate_test().unwrap() else { panic!() };
    assert!((r.r2 - h[best - 1].test_r2.unwrap()).abs() < 1e-4, "{} vs {}", r.r2, h[best - 1].test_r2.unwrap());
}

#[test]
fn schedules_and_clipping_train() {
    for (schedule, clip) in
        [(lantern::spec::Schedule::Cosine, 0.0), (lantern::spec::Schedule::StepDecay { every: 10, factor: 0.5 }, 1.0)]
    {
        let mut s = spec(Generator::Xor, 40);
        s.training.schedule = schedule;
        s.training.clip_norm = clip;
        let last = run(&s, |_| {}).unwrap().pop().unwrap();
        assert!(last.test_accuracy.unwrap() >= 0.95, "{schedule:?}: {last:?}");
    }
}
