//! The run controls of issue 4, natively: batch steps, stop keeping the best model, live
//! changes, dropout, regression losses, divergence caught at the step, and size limits.

use lantern::data::Generator;
use lantern::spec::{Activation, ExperimentSpec, Optimizer, RegressionLoss};
use lantern::train::{run, Command, EpochMetrics, Event, Session, Trainer};
use lantern::Error;

fn spec(generator: Generator, epochs: usize) -> ExperimentSpec {
    let mut s = ExperimentSpec::default();
    s.data.set_synthetic(Some(generator), None, None);
    s.training.epochs = epochs;
    s
}

fn bits(h: &[EpochMetrics]) -> Vec<(u64, u64, u64)> {
    h.iter().map(|m| (m.steps, m.train_loss.to_bits(), m.test_loss.to_bits())).collect()
}

#[test]
fn batch_steps_take_the_same_path_as_epochs() {
    let mut s = spec(Generator::Spiral, 3);
    s.model.dropout = 0.2;
    let by_epoch = run(&s, |_| {}).unwrap();
    let mut t = Trainer::new(&s).unwrap();
    // 400 points × 0.7 = 280 training rows, batch 16 → 18 batches, the last of 8 rows.
    assert_eq!(t.batches_per_epoch(), 18);
    let mut outcomes = Vec::new();
    while !t.is_done() {
        outcomes.push(t.run_batch().unwrap());
        if outcomes.len() == 5 {
            // An epoch step in the middle finishes the epoch in progress.
            assert_eq!(t.batches_into_epoch(), 5);
            let m = t.run_epoch().unwrap();
            assert_eq!((m.epoch, m.steps), (1, 18));
        }
    }
    assert_eq!(bits(t.history()), bits(&by_epoch));
    let last = outcomes.last().unwrap();
    assert_eq!((last.epoch, last.batch, last.batches), (3, 18, 18));
    assert!(last.finished.is_some() && outcomes[0].finished.is_none());
    assert!(outcomes.iter().all(|o| o.loss.is_finite() && o.loss > 0.0));
}

#[test]
fn dropout_is_seeded_and_changes_training_only() {
    let mut s = spec(Generator::Xor, 4);
    s.model.hidden = vec![16, 16];
    let plain = run(&s, |_| {}).unwrap();
    s.model.dropout = 0.5;
    let a = run(&s, |_| {}).unwrap();
    let b = run(&s, |_| {}).unwrap();
    assert_eq!(bits(&a), bits(&b), "same seed, same dropout masks");
    assert_ne!(bits(&a), bits(&plain), "dropout changes the steps");
    // Evaluation runs without dropout: evaluating twice gives the same loss.
    let t = Trainer::new(&s).unwrap();
    let e1 = t.evaluate_test().unwrap();
    assert_eq!(e1, t.evaluate_test().unwrap());
}

#[test]
fn dropout_masks_drop_the_expected_share_and_rescale() {
    use candle_core::{Device, Tensor};
    use lantern::rng::{SeededRng, Stream};
    let m = lantern::model::Mlp::new(4, &[64], 1, Activation::Linear, 3).unwrap();
    let x = Tensor::ones((200, 4), candle_core::DType::F32, &Device::Cpu).unwrap();
    let mut rng = SeededRng::new(1, Stream::Dropout);
    // Compare the hidden layer through a p = 0.25 mask with the plain forward: the outputs of
    // the linear net are sums over kept units scaled by 4/3, so their mean matches the plain
    // output within sampling error.
    let plain: Vec<f32> = m.forward(&x).unwrap().flatten_all().unwrap().to_vec1().unwrap();
    let dropped: Vec<f32> = m.forward_train(&x, 0.25, &mut rng).unwrap().flatten_all().unwrap().to_vec1().unwrap();
    let mean = |v: &[f32]| v.iter().map(|&a| f64::from(a)).sum::<f64>() / v.len() as f64;
    assert!(plain.windows(2).all(|w| w[0] == w[1]), "identical rows give identical plain outputs");
    assert!(dropped.windows(2).any(|w| w[0] != w[1]), "masks differ per row");
    let (p, d) = (mean(&plain), mean(&dropped));
    let spread = plain.iter().map(|&a| f64::from(a).abs()).fold(0.0, f64::max).max(1e-3);
    assert!((p - d).abs() < 0.15 * spread + 0.05, "inverted dropout keeps the mean: {p} vs {d}");
    let again: Vec<f32> = m.forward_train(&x, 0.0, &mut rng).unwrap().flatten_all().unwrap().to_vec1().unwrap();
    assert_eq!(again, plain, "p = 0 is the plain forward pass");
}

#[test]
fn stop_keeps_the_best_validation_weights() {
    let mut s = spec(Generator::Spiral, 200);
    s.data.validation_fraction = 0.2;
    s.model.hidden = vec![32, 32];
    s.model.activation = Activation::Relu;
    s.training.learning_rate = 0.05;
    let mut t = Trainer::new(&s).unwrap();
    for _ in 0..25 {
        t.run_epoch().unwrap();
    }
    t.run_batch().unwrap(); // half an epoch in: dropped by the stop
    let (best_epoch, best_loss) = t
        .history()
        .iter()
        .map(|m| (m.epoch, m.validation_loss.unwrap()))
        .fold((0, f64::INFINITY), |a, b| if b.1 < a.1 { b } else { a });
    t.stop().unwrap();
    assert!(t.is_done() && t.stopped_by_user());
    assert_eq!(t.stopped_at(), Some(best_epoch));
    // The model now holds the best epoch's weights: its validation loss is the best one.
    let mut again = Trainer::new(&s).unwrap();
    for _ in 0..best_epoch {
        again.run_epoch().unwrap();
    }
    assert_eq!(t.model().unwrap().weights().unwrap(), again.model().unwrap().weights().unwrap());
    assert!(best_loss.is_finite());
    assert!(t.evaluate_test().is_ok());
}

#[test]
fn stop_without_validation_keeps_the_current_weights() {
    let s = spec(Generator::Circle, 50);
    let mut t = Trainer::new(&s).unwrap();
    t.run_epoch().unwrap();
    let w = t.model().unwrap().weights().unwrap();
    t.stop().unwrap();
    assert!(t.is_done() && t.stopped_at().is_none());
    assert_eq!(t.model().unwrap().weights().unwrap(), w);
    assert_eq!(t.epoch(), 1);
}

#[test]
fn the_learning_rate_changes_without_a_reset() {
    let s = spec(Generator::Circle, 50);
    let mut t = Trainer::new(&s).unwrap();
    t.run_epoch().unwrap();
    let mut tuned = s.training.clone();
    tuned.learning_rate = 1e-9;
    let changes = t.tune(&tuned).unwrap();
    assert_eq!(changes.len(), 1);
    assert_eq!((changes[0].field.as_str(), changes[0].epoch, changes[0].steps), ("learning_rate", 1, 18));
    assert_eq!((changes[0].from.as_str(), changes[0].to.as_str()), ("0.03", "0.000000001"));
    let before = t.model().unwrap().weights().unwrap();
    let m = t.run_epoch().unwrap();
    assert_eq!(m.epoch, 2, "the run goes on");
    // Adam's steps are about η in size: with η = 1e-9 the weights hardly move.
    let after = t.model().unwrap().weights().unwrap();
    let moved = before
        .iter()
        .zip(&after)
        .flat_map(|(a, b)| a.w.iter().zip(&b.w))
        .map(|(a, b)| (a - b).abs())
        .fold(0f32, f32::max);
    assert!(moved < 1e-6, "moved {moved}");
    assert_eq!(t.changes().len(), 1);
    // Settings that shape the run are refused with the field named.
    let mut other = tuned.clone();
    other.optimizer = Optimizer::Sgd;
    match t.tune(&other) {
        Err(Error::Spec { field, .. }) => assert_eq!(field, "training.optimizer"),
        e => panic!("{e:?}"),
    }
    other = tuned.clone();
    other.learning_rate = -1.0;
    assert!(matches!(t.tune(&other), Err(Error::Spec { .. })));
}

#[test]
fn divergence_stops_at_the_step_with_advice() {
    let mut s = spec(Generator::Plane, 50);
    s.training.optimizer = Optimizer::Sgd;
    s.training.learning_rate = 10.0;
    s.model.activation = Activation::Linear;
    let mut t = Trainer::new(&s).unwrap();
    let err = loop {
        match t.run_batch() {
            Ok(_) => continue,
            Err(e) => break e,
        }
    };
    let Error::Diverged { epoch, step, ref what, .. } = err else { panic!("{err:?}") };
    assert_eq!(what, "mini-batch training loss");
    assert_eq!(t.steps() + 1, step, "caught at the step that blew up, not at the epoch's end");
    assert!(epoch <= 2, "epoch {epoch}");
    let text = err.to_string();
    for advice in ["learning rate ten times lower", "standardised features", "gradient clipping"] {
        assert!(text.contains(advice), "{text}");
    }
}

#[test]
fn exploding_gradients_are_reported_even_when_clipping() {
    let mut s = spec(Generator::Plane, 50);
    s.training.optimizer = Optimizer::Sgd;
    s.training.learning_rate = 10.0;
    s.training.clip_norm = 1e30;
    s.model.hidden = vec![16, 16];
    s.model.activation = Activation::Relu;
    match run(&s, |_| {}) {
        Err(Error::Diverged { what, .. }) => assert!(what == "gradient norm" || what.contains("loss"), "{what}"),
        other => panic!("expected divergence, got {other:?}"),
    }
}

#[test]
fn mae_and_huber_train_a_regression() {
    for loss in [RegressionLoss::Mae, RegressionLoss::Huber { delta: 0.5 }] {
        let mut s = spec(Generator::Plane, 40);
        s.model.hidden = vec![4];
        s.training.loss = loss;
        let h = run(&s, |_| {}).unwrap();
        let last = h.last().unwrap();
        assert!(last.test_r2.unwrap() > 0.9, "{loss:?}: {last:?}");
        assert!(last.train_loss < h[0].train_loss, "{loss:?}");
    }
}

#[test]
fn huge_networks_are_refused_before_allocating() {
    let mut s = ExperimentSpec::default();
    s.model.hidden = vec![512; 8];
    match Trainer::new(&s) {
        Err(Error::Spec { field, message }) => {
            assert_eq!(field, "model.hidden");
            assert!(message.contains("trainable numbers"), "{message}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn session_batch_step_stop_and_tune() {
    let mut s = spec(Generator::Circle, 30);
    s.data.validation_fraction = 0.2;
    let mut session = Session::new();
    session.handle(Command::Load { spec: s.clone(), changes: Vec::new() });
    let ev = session.handle(Command::StepBatch);
    let Event::Progress { epochs, batch: Some(b), done, .. } = &ev[0] else { panic!("{ev:?}") };
    assert!(epochs.is_empty() && !done);
    assert_eq!((b.epoch, b.batch, b.steps), (1, 1, 1));
    let mut tuned = s.training.clone();
    tuned.learning_rate = 0.01;
    let ev = session.handle(Command::Tune { training: tuned });
    let Event::Tuned { changes } = &ev[0] else { panic!("{ev:?}") };
    assert_eq!(changes[0].field, "learning_rate");
    assert_eq!(session.trainer().unwrap().spec().training.learning_rate, 0.01);
    session.handle(Command::Step);
    session.handle(Command::Step);
    let ev = session.handle(Command::Stop);
    let Event::Progress { done, stopped_by_user, stopped_at, evaluation, .. } = &ev[0] else { panic!("{ev:?}") };
    assert!(*done && *stopped_by_user && evaluation.is_some());
    assert!(stopped_at.is_some_and(|e| e <= 2));
    // The round trip through JSON keeps the new fields.
    let back = Event::from_json(&ev[0].to_json()).unwrap();
    assert!(matches!(back, Event::Progress { stopped_by_user: true, done: true, .. }));
    // A stopped run stays stopped until reset.
    assert!(session.handle(Command::Play).is_empty());
    assert!(!session.is_playing());
}
