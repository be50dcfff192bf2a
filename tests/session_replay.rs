//! The worker protocol's replay and fingerprint: `Load` with changes replays a run tuned
//! mid-run bit for bit, and `Fingerprint` reports the run's fingerprint.

use lantern::spec::link::{ReplayChange, Reproduction, ShareLink};
use lantern::spec::ExperimentSpec;
use lantern::train::{Command, EpochMetrics, Event, Fingerprint, Session};

fn epochs(events: &[Event]) -> Vec<EpochMetrics> {
    events
        .iter()
        .flat_map(|e| match e {
            Event::Progress { epochs, .. } => epochs.clone(),
            _ => Vec::new(),
        })
        .collect()
}

fn fingerprint(events: &[Event]) -> Option<Fingerprint> {
    events.iter().rev().find_map(|e| match e {
        Event::Fingerprint { fingerprint } => Some(fingerprint.clone()),
        _ => None,
    })
}

fn spec() -> ExperimentSpec {
    let mut s = ExperimentSpec::default();
    s.training.epochs = 5;
    s
}

#[test]
fn session_replays_a_live_change_from_a_link_bit_for_bit() {
    // The original run: one epoch and three batches, then the learning rate changes.
    let mut live = Session::new();
    live.handle(Command::Load { spec: spec(), changes: Vec::new() });
    let mut history = epochs(&live.handle(Command::Step));
    for _ in 0..3 {
        history.extend(epochs(&live.handle(Command::StepBatch)));
    }
    let mut tuned = spec().training;
    tuned.learning_rate = 0.003;
    let ev = live.handle(Command::Tune { training: tuned.clone() });
    let Some(Event::Tuned { changes }) = ev.first() else { panic!("no Tuned event: {ev:?}") };
    let steps = changes[0].steps;
    live.handle(Command::Play);
    let mut events = Vec::new();
    while live.is_playing() {
        events.extend(live.tick(|| true));
    }
    history.extend(epochs(&events));
    let original = fingerprint(&events).expect("a finished run reports its fingerprint");
    assert_eq!(history.len(), 5);

    // The link, and its replay in a fresh session.
    let mut link = ShareLink::new(spec());
    link.changes = ReplayChange::between(steps, &spec().training, &tuned);
    link.fingerprint = Some(original.clone());
    let link = ShareLink::decode(&link.encode().unwrap()).unwrap();
    let mut replay = Session::new();
    replay.handle(Command::Load { spec: link.spec.clone(), changes: link.changes.clone() });
    replay.handle(Command::Play);
    let mut events = Vec::new();
    while replay.is_playing() {
        events.extend(replay.tick(|| true));
    }
    assert_eq!(epochs(&events), history, "bit-identical per-epoch metrics");
    assert!(events.iter().any(|e| matches!(e, Event::Tuned { changes } if changes[0].steps == steps)));
    let again = fingerprint(&replay.handle(Command::Fingerprint)).unwrap();
    assert_eq!(original.compare(&again), Reproduction::Exact);

    // Reset replays the changes again.
    replay.handle(Command::Reset);
    replay.handle(Command::Play);
    let mut events = Vec::new();
    while replay.is_playing() {
        events.extend(replay.tick(|| true));
    }
    assert_eq!(epochs(&events), history);

    // Without the change, the fingerprint differs.
    let mut plain = Session::new();
    plain.handle(Command::Load { spec: spec(), changes: Vec::new() });
    plain.handle(Command::Play);
    let mut events = Vec::new();
    while plain.is_playing() {
        events.extend(plain.tick(|| true));
    }
    assert!(matches!(original.compare(&fingerprint(&events).unwrap()), Reproduction::Differs { .. }));
}

#[test]
fn fingerprint_command_needs_a_run_and_round_trips_as_json() {
    let mut s = Session::new();
    assert!(matches!(s.handle(Command::Fingerprint).as_slice(), [Event::Failed { .. }]));
    // Externally tagged: the variant names the object; `changes` may be left out.
    assert_eq!(Command::from_json(r#""fingerprint""#).unwrap(), Command::Fingerprint);
    let bare = format!(r#"{{"load":{{"spec":{}}}}}"#, spec().to_json());
    assert_eq!(Command::from_json(&bare).unwrap(), Command::Load { spec: spec(), changes: Vec::new() });
    assert!(Command::from_json(r#"{"type":"play"}"#).is_err(), "the old internally tagged form is refused");
    let load = Command::Load { spec: spec(), changes: Vec::new() };
    assert!(!load.to_json().contains("changes"));
    assert_eq!(Command::from_json(&load.to_json()).unwrap(), load);
    s.handle(load);
    let ev = s.handle(Command::Fingerprint);
    let Some(Event::Fingerprint { fingerprint }) = ev.first() else { panic!("{ev:?}") };
    assert_eq!(fingerprint.epochs, 0);
    let json = ev[0].to_json();
    assert_eq!(Event::from_json(&json).unwrap(), ev[0]);
}
