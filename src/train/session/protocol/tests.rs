use super::*;
use crate::spec::link::TrainingChange;

/// One command of every variant (the match makes a new variant a compile error here).
fn every_command() -> Vec<Command> {
    let all = vec![
        Command::Load {
            spec: ExperimentSpec::default(),
            changes: vec![ReplayChange { steps: 3, set: TrainingChange::L2(0.5) }],
        },
        Command::Fingerprint,
        Command::Play,
        Command::Pause,
        Command::Step,
        Command::StepBatch,
        Command::Stop,
        Command::Tune { training: TrainingSpec { learning_rate: 0.1, ..TrainingSpec::default() } },
        Command::Plane { plane: Plane { x: 0, y: 2 } },
        Command::Reset,
        Command::Details { send: false },
        Command::Export,
        Command::NodeRows { node: 7 },
        Command::Explain { feature: 2 },
        Command::File { name: "a.csv".into(), describe: true, bytes: Arc::new(b"x,y\n1,\xff\n".to_vec()) },
        Command::Table { name: "iris".into(), bytes: Arc::new(b"species\nsetosa\n".to_vec()) },
        Command::Bench { workload: Workload::W2, x: vec![0.5, -1.0, 2.0, 3.0], y: vec![1.0, 0.0] },
    ];
    for c in &all {
        match c {
            Command::Load { .. }
            | Command::Fingerprint
            | Command::Play
            | Command::Pause
            | Command::Step
            | Command::StepBatch
            | Command::Stop
            | Command::Tune { .. }
            | Command::Plane { .. }
            | Command::Reset
            | Command::Details { .. }
            | Command::Export
            | Command::NodeRows { .. }
            | Command::Explain { .. }
            | Command::File { .. }
            | Command::Table { .. }
            | Command::Bench { .. } => {}
        }
    }
    all
}

#[test]
fn every_command_round_trips_through_the_wire() {
    for c in every_command() {
        let (text, payload) = c.clone().into_wire();
        assert_eq!(Command::from_wire(&text, payload.clone()).unwrap(), c, "{text}");
        // The payload is said by the variant, and only it carries the data.
        let kind = match &payload {
            Payload::None => PayloadKind::None,
            Payload::Bytes(_) => PayloadKind::Bytes,
            Payload::Rows { .. } => PayloadKind::Rows,
        };
        assert_eq!(kind, c.payload_kind(), "{text}");
        assert!(text.len() < 2000, "no data in the JSON: {text}");
    }
}

#[test]
fn data_goes_beside_the_json_never_in_it() {
    let file = Command::File { name: "a.csv".into(), describe: false, bytes: Arc::new(vec![1, 2, 3]) };
    let (text, payload) = file.into_wire();
    assert_eq!(text, r#"{"file":{"name":"a.csv"}}"#);
    assert_eq!(payload, Payload::Bytes(Arc::new(vec![1, 2, 3])));
    let (text, _) = Command::Bench { workload: Workload::W1, x: vec![1.0], y: vec![0.0] }.into_wire();
    assert_eq!(text, r#"{"bench":{"workload":"W1"}}"#);
}

#[test]
fn a_payload_that_does_not_belong_is_refused() {
    let refused = |text: &str, payload: Payload| Command::from_wire(text, payload).unwrap_err().to_string();
    let e = refused(r#"{"file":{"name":"a.csv"}}"#, Payload::None);
    assert!(e.contains("`file`") && e.contains("without the data"), "{e}");
    assert!(refused(r#""play""#, Payload::Bytes(Arc::new(vec![1]))).contains("`play`"));
    let rows = Payload::Rows { x: vec![], y: vec![] };
    assert!(refused(r#"{"file":{"name":"a.csv"}}"#, rows).contains("`file`"));
    assert!(Command::from_wire(r#"{"bench":{"workload":"W9"}}"#, Payload::None).is_err());
}

#[test]
fn events_round_trip_through_json() {
    let events = [
        Event::Ready,
        Event::epochs_only(vec![EpochMetrics { epoch: 1, steps: 2, ..EpochMetrics::default() }]),
        Event::Tuned {
            changes: vec![LiveChange {
                epoch: 1,
                steps: 9,
                field: "l2".into(),
                set: TrainingChange::L2(0.25),
                from: "0".into(),
                to: "0.25".into(),
            }],
        },
        Event::Exported { zip: vec![0, 1, 255] },
        Event::ExportFailed { message: "no run".into() },
        Event::Tree {
            tree: Encoded::new(&crate::train::TreeSource {
                model: crate::learn::Model::Tree(
                    crate::learn::DecisionTree::fit(
                        crate::learn::Matrix::new(&[0.0, 1.0, 2.0, 3.0], 4, 1).unwrap(),
                        &[0.0, 0.0, 1.0, 1.0],
                        crate::data::Task::Classification { classes: 2 },
                        &crate::learn::TreeSettings::for_task(crate::data::Task::Classification { classes: 2 }),
                    )
                    .unwrap(),
                ),
                preparation: None,
                features: vec!["x1".into()],
                classes: vec!["0".into(), "1".into()],
            }),
        },
        Event::NodeRows {
            rows: Encoded::new(&NodeRows {
                node: 2,
                count: 9,
                table_rows: true,
                columns: vec!["a".into(), "b".into()],
                numbers: vec![3],
                cells: vec![vec!["1.5".into(), "x".into()]],
            }),
        },
        Event::Explained {
            explanation: serde_json::to_string(&crate::train::explain::Explanation {
                features: vec!["a".into()],
                dependence: None,
                cases: None,
                error: Some("train first".into()),
                ms: Some(2.5),
            })
            .unwrap(),
        },
        Event::Failed { message: "stopped".into() },
    ];
    for e in events {
        let back = Event::from_json(&e.to_json()).unwrap();
        assert_eq!(back, e);
        // The tree's parts travel as their JSON text, and decode again.
        if let Event::Tree { tree } = &back {
            let view = tree.decode().unwrap().view(0, 4, 8).unwrap();
            assert_eq!(view.nodes[0].split, Some(("x1 ≤ 1.5".into(), "x1 > 1.5".into())));
        }
        if let Event::NodeRows { rows } = &back {
            assert_eq!(rows.decode().unwrap().cells, [["1.5", "x"]]);
        }
        if let Event::Explained { explanation } = &back {
            let e: crate::train::explain::Explanation = serde_json::from_str(explanation).unwrap();
            assert_eq!(e.error.as_deref(), Some("train first"));
        }
    }
}
