//! A session with a clock reports at most once per `REPORT_MS` while playing, holds the
//! epochs in between, and sends them when playing is interrupted; the training itself is the
//! same as an untimed session's.

use lantern::data::Generator;
use lantern::spec::ExperimentSpec;
use lantern::train::{Command, Event, Session, REPORT_MS};
use std::cell::Cell;

thread_local! {
    /// The fake clock's reading, ms (each test runs on its own thread).
    static NOW: Cell<f64> = const { Cell::new(0.0) };
}

fn now() -> f64 {
    NOW.with(Cell::get)
}

fn set_now(ms: f64) {
    NOW.with(|n| n.set(ms));
}

fn spec() -> ExperimentSpec {
    let mut s = ExperimentSpec::default();
    s.data.set_synthetic(Some(Generator::Xor), None, None);
    s.training.epochs = 40;
    s
}

/// The epoch numbers in the progress events among `events`, one list per event.
fn reported(events: &[Event]) -> Vec<Vec<usize>> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::Progress { epochs, .. } => Some(epochs.iter().map(|m| m.epoch).collect()),
            _ => None,
        })
        .collect()
}

/// One tick of `epochs` epochs at clock reading `at`.
fn tick(session: &mut Session, at: f64, epochs: usize) -> Vec<Event> {
    set_now(at);
    let mut left = epochs;
    session.tick(|| {
        left -= 1;
        left > 0
    })
}

#[test]
fn progress_is_sent_once_per_interval_and_every_epoch_arrives_in_order() {
    let mut session = Session::with_clock(now);
    session.handle(Command::Load { spec: spec(), changes: Vec::new() });
    session.handle(Command::Play);

    // The first tick after ▶ reports at once, with the picture.
    let first = tick(&mut session, 0.0, 2);
    assert_eq!(reported(&first), [vec![1, 2]]);
    assert!(matches!(&first[0], Event::Progress { grid: Some(_), playing: true, .. }));

    // Within the interval: nothing is sent, the epochs are held.
    assert!(tick(&mut session, 30.0, 2).is_empty());
    assert!(tick(&mut session, REPORT_MS - 1.0, 1).is_empty());

    // Once it has passed: the held epochs, then this tick's, with the grid of the model now.
    let due = tick(&mut session, REPORT_MS, 1);
    assert_eq!(reported(&due), [vec![3, 4, 5, 6]]);
    assert!(matches!(&due[0], Event::Progress { grid: Some(_), .. }));

    // A pause sends what is held at once, with the pictures, and playing: false.
    assert!(tick(&mut session, REPORT_MS + 10.0, 3).is_empty());
    let paused = session.handle(Command::Pause);
    assert_eq!(reported(&paused), [vec![7, 8, 9]]);
    let Event::Progress { playing, grid, weights, .. } = &paused[0] else { panic!("{paused:?}") };
    assert!(!playing && grid.is_some() && weights.is_some());
    assert!(session.handle(Command::Pause).is_empty(), "a second pause has nothing to say");

    // ▶ again reports its first tick at once; the end of the run is never held.
    session.handle(Command::Play);
    assert_eq!(reported(&tick(&mut session, REPORT_MS + 20.0, 1)), [vec![10]]);
    assert!(tick(&mut session, REPORT_MS + 30.0, 5).is_empty());
    let end = tick(&mut session, REPORT_MS + 40.0, 100);
    let all = reported(&end);
    assert_eq!(all, [(11..=40).collect::<Vec<_>>()]);
    assert!(matches!(&end[0], Event::Progress { done: true, evaluation: Some(_), .. }));

    // The same training as a session without a clock, which reports every tick.
    let mut plain = Session::new();
    plain.handle(Command::Load { spec: spec(), changes: Vec::new() });
    plain.handle(Command::Play);
    let mut ticks = 0;
    while plain.is_playing() {
        assert_eq!(reported(&plain.tick(|| false)).len(), 1, "one report per tick");
        ticks += 1;
    }
    assert_eq!(ticks, 40);
    assert_eq!(plain.trainer().unwrap().history(), session.trainer().unwrap().history());
}

#[test]
fn a_step_or_stop_while_epochs_are_held_reports_them_first() {
    let mut session = Session::with_clock(now);
    session.handle(Command::Load { spec: spec(), changes: Vec::new() });
    session.handle(Command::Play);
    tick(&mut session, 0.0, 1);
    assert!(tick(&mut session, 10.0, 2).is_empty());
    let stepped = session.handle(Command::StepBatch);
    let Event::Progress { epochs, batch: Some(b), playing: false, .. } = &stepped[0] else { panic!("{stepped:?}") };
    assert_eq!(epochs.iter().map(|m| m.epoch).collect::<Vec<_>>(), [2, 3]);
    assert_eq!((b.epoch, b.batch), (4, 1));

    session.handle(Command::Play);
    tick(&mut session, 200.0, 1);
    assert!(tick(&mut session, 210.0, 2).is_empty());
    let stopped = session.handle(Command::Stop);
    assert_eq!(reported(&stopped), [vec![5, 6]]);
    assert!(matches!(&stopped[0], Event::Progress { done: true, stopped_by_user: true, .. }));
}
