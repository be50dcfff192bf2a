#![allow(clippy::unwrap_used)]
use super::*;
use crate::spec::link::TrainingChange;

fn loaded() -> Event {
    Event::Loaded {
        parameters: 105,
        task: Task::Classification { classes: 2 },
        batches: 18,
        classes: vec!["0".into(), "1".into()],
        grid: None,
        notices: Vec::new(),
        preparation: Vec::new(),
    }
}

fn epochs(range: std::ops::RangeInclusive<usize>) -> Vec<EpochMetrics> {
    range.map(|epoch| EpochMetrics { epoch, steps: epoch as u64 * 18, ..EpochMetrics::default() }).collect()
}

fn progress(epochs: Vec<EpochMetrics>, done: bool) -> Event {
    let mut e = Event::epochs_only(epochs);
    if let Event::Progress { done: d, .. } = &mut e {
        *d = done;
    }
    e
}

fn load() -> Command {
    Command::Load { spec: ExperimentSpec::default(), changes: Vec::new() }
}

/// A run set up and paused.
fn paused() -> RunView {
    let mut run = RunView::new();
    run.start_fresh(load());
    run.on_event(loaded());
    run
}

fn sent(effects: &[Effect]) -> Vec<Command> {
    effects.iter().filter_map(|e| if let Effect::Send(c) = e { Some(c.clone()) } else { None }).collect()
}

fn last_status(effects: &[Effect]) -> Option<RunStatus> {
    effects.iter().rev().find_map(|e| if let Effect::Status(s) = e { Some(*s) } else { None })
}

#[test]
fn a_fresh_run_clears_the_old_one_and_loads() {
    let mut run = paused();
    run.on_event(progress(epochs(1..=3), false));
    assert_eq!(run.epoch(), 3);
    let effects = run.start_fresh(load());
    assert_eq!(effects, vec![Effect::Clear, Effect::Status(RunStatus::Loading), Effect::Send(load())]);
    assert_eq!((run.status(), run.epoch(), run.has_started()), (RunStatus::Loading, 0, false));
}

#[test]
fn the_old_runs_reports_are_ignored_until_the_new_run_is_set_up() {
    let mut run = paused();
    run.start_fresh(load());
    for stale in [
        progress(epochs(4..=5), false),
        Event::Tuned { changes: Vec::new() },
        Event::Fingerprint {
            fingerprint: Fingerprint {
                epochs: 5,
                steps: 90,
                final_train_loss: String::new(),
                checkpoints: Vec::new(),
                metrics_hash: String::new(),
                weights_hash: String::new(),
                hash: String::new(),
            },
        },
    ] {
        assert_eq!(run.on_event(stale), vec![], "ignored while the new run loads");
    }
    assert_eq!(run.epoch(), 0);
    // An export's answer is not about the run: it always gets through.
    assert_eq!(run.on_event(Event::ExportFailed { message: "x".into() }), vec![Effect::Exported(Err("x".into()))]);
    // A failure does too: the run cannot start.
    let failed = run.on_event(Event::Failed { message: "boom".into() });
    assert_eq!(failed, vec![Effect::Status(RunStatus::Failed), Effect::Error("boom".into())]);
}

#[test]
fn loaded_pauses_or_plays_as_the_user_asked_while_it_loaded() {
    let mut run = RunView::new();
    run.start_fresh(load());
    let effects = run.on_event(loaded());
    assert_eq!(last_status(&effects), Some(RunStatus::Paused));
    assert!(sent(&effects).is_empty());
    // ▶ pressed while loading: playing starts as soon as the run is set up.
    run.start_fresh(load());
    assert_eq!(run.toggle_play(), vec![]);
    let effects = run.on_event(loaded());
    assert_eq!(sent(&effects), vec![Command::Play]);
    assert_eq!(last_status(&effects), Some(RunStatus::Playing));
    // … and a fresh run keeps that wish.
    run.start_fresh(load());
    assert_eq!(sent(&run.on_event(loaded())), vec![Command::Play]);
}

#[test]
fn play_pause_and_a_finished_run_started_again() {
    let mut run = paused();
    assert_eq!(run.toggle_play(), vec![Effect::Send(Command::Play), Effect::Status(RunStatus::Playing)]);
    let effects = run.on_event(progress(epochs(1..=2), false));
    assert_eq!(last_status(&effects), Some(RunStatus::Playing));
    assert_eq!(run.toggle_play(), vec![Effect::Send(Command::Pause), Effect::Status(RunStatus::Paused)]);
    // The pause's held epochs arrive after it: still paused.
    assert_eq!(last_status(&run.on_event(progress(epochs(3..=3), false))), Some(RunStatus::Paused));
    run.toggle_play();
    let effects = run.on_event(progress(epochs(4..=5), true));
    assert_eq!(last_status(&effects), Some(RunStatus::Done));
    assert_eq!(run.toggle_play(), vec![Effect::Restart], "▶ on a finished run starts it again");
    // It plays as soon as the restarted run is set up.
    run.start_fresh(load());
    assert_eq!(sent(&run.on_event(loaded())), vec![Command::Play]);
}

#[test]
fn progress_is_shown_in_order_and_a_done_run_stops_wanting_to_play() {
    let mut run = paused();
    run.toggle_play();
    let effects = run.on_event(progress(epochs(1..=3), true));
    assert!(effects.contains(&Effect::Epochs(epochs(1..=3))));
    assert!(effects.contains(&Effect::Batch(None)), "a completed epoch clears the batch read-out");
    assert_eq!(run.epoch(), 3);
    // The importance follows the progress that said done, and is shown as it comes.
    let importance = Box::new(crate::train::Importance {
        features: vec!["x".into()],
        score: crate::train::ImportanceScore::Accuracy,
        baseline: 0.9,
        mean: vec![0.1],
        std: vec![0.0],
        impurity: None,
        rows: 10,
        test_rows: 10,
        repeats: 1,
    });
    let effects = run.on_event(Event::Importance { importance: importance.clone() });
    assert_eq!(effects, vec![Effect::Importance(importance)]);
    // The next fresh run does not start playing by itself.
    run.start_fresh(load());
    assert!(sent(&run.on_event(loaded())).is_empty());
}

#[test]
fn steps_and_stop_apply_only_to_a_run_in_progress() {
    let mut run = RunView::new();
    for c in [Command::Step, Command::StepBatch, Command::Stop] {
        assert_eq!(run.transport(c), vec![], "nothing while loading");
    }
    let mut run = paused();
    assert_eq!(run.transport(Command::Stop), vec![], "■ needs a step taken");
    assert_eq!(run.transport(Command::StepBatch), vec![Effect::Send(Command::StepBatch)]);
    let batch = BatchProgress { epoch: 1, batch: 1, batches: 18, loss: 0.7, steps: 1 };
    let mut e = Event::epochs_only(Vec::new());
    if let Event::Progress { batch: b, .. } = &mut e {
        *b = Some(batch.clone());
    }
    assert!(run.on_event(e).contains(&Effect::Batch(Some(batch))));
    assert!(run.has_started());
    assert_eq!(run.transport(Command::Stop), vec![Effect::Send(Command::Stop)]);
    // +1 while playing pauses after the epoch.
    run.toggle_play();
    assert_eq!(run.transport(Command::Step), vec![Effect::Send(Command::Step)]);
    assert_eq!(last_status(&run.on_event(progress(epochs(1..=1), false))), Some(RunStatus::Paused));
    assert_eq!(run.transport(Command::Play), vec![], "not a transport command");
}

#[test]
fn a_failure_stops_training_and_says_why() {
    let mut run = paused();
    run.toggle_play();
    let effects = run.on_event(Event::Failed { message: "training diverged".into() });
    assert_eq!(effects, vec![Effect::Status(RunStatus::Failed), Effect::Error("training diverged".into())]);
    assert_eq!(run.transport(Command::Step), vec![]);
    assert_eq!(run.toggle_play(), vec![Effect::Restart], "▶ after a failure starts again");
    // After a worker restart, reports of the crashed run are ignored.
    let mut run = paused();
    run.worker_restarted("crashed".into());
    assert_eq!(run.on_event(progress(epochs(1..=1), false)), vec![]);
}

#[test]
fn live_changes_need_a_run_in_progress_and_only_live_settings() {
    let current = ExperimentSpec::default();
    let mut faster = current.clone();
    faster.training.learning_rate *= 10.0;
    let mut wider = current.clone();
    wider.model.hidden.push(4);
    let mut run = paused();
    assert!(!run.can_tune_live(&current, &faster), "not before the first step");
    run.on_event(progress(epochs(1..=1), false));
    assert!(run.can_tune_live(&current, &faster));
    assert!(!run.can_tune_live(&current, &wider), "the network's shape needs a fresh run");
    run.on_event(progress(epochs(2..=2), true));
    assert!(!run.can_tune_live(&current, &faster), "not once the run is done");
    // Every live setting is accepted (the core's one list).
    let mut run = paused();
    run.on_event(progress(epochs(1..=1), false));
    for change in TrainingChange::all_of(&faster.training) {
        let mut next = current.clone();
        change.apply(&mut next.training);
        assert!(run.can_tune_live(&current, &next), "{change:?}");
    }
}

#[test]
fn weight_history_replaces_the_same_epoch_and_halves_when_full() {
    let w = |v: f32| vec![LayerWeights { inputs: 1, outputs: 1, w: vec![v], b: vec![0.0] }];
    let mut h = Vec::new();
    record_weights(&mut h, &w(1.0), 1);
    record_weights(&mut h, &w(2.0), 1);
    assert_eq!(h.len(), 1);
    assert_eq!(h[0].layers, vec![vec![2.0]]);
    for epoch in 2..=WEIGHT_SNAPSHOTS + 1 {
        record_weights(&mut h, &w(epoch as f32), epoch);
    }
    assert_eq!(h.len(), (WEIGHT_SNAPSHOTS + 1).div_ceil(2));
    assert_eq!(h.first().map(|s| s.epoch), Some(1));
    assert_eq!(h.last().map(|s| s.epoch), Some(WEIGHT_SNAPSHOTS + 1), "the newest is kept");
}
