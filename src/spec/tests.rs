use super::*;
use crate::data::Generator;

#[test]
fn default_is_valid_and_round_trips() {
    let s = ExperimentSpec::default();
    s.validate().unwrap();
    assert_eq!(ExperimentSpec::from_json(&s.to_json()).unwrap(), s);
}

#[test]
fn partial_json_takes_defaults() {
    let s = ExperimentSpec::from_json(
        r#"{"seed": 3, "data": {"source": {"kind": "synthetic", "generator": "xor", "points": 100, "noise": 0.1}}}"#,
    )
    .unwrap();
    assert_eq!(s.seed, 3);
    assert_eq!(s.data.generator(), Some(Generator::Xor));
    assert_eq!(s.data.train_fraction, DataSpec::default().train_fraction);
    assert_eq!(s.model, ModelSpec::default());
}

#[test]
fn unknown_field_is_refused_with_its_name() {
    let e = ExperimentSpec::from_json(r#"{"modle": {}}"#).unwrap_err().to_string();
    assert!(e.contains("modle"), "{e}");
}

#[test]
fn each_bad_field_is_named() {
    let cases: Vec<(&str, Box<dyn Fn(&mut ExperimentSpec)>)> = vec![
        ("data.points", Box::new(|s| s.data.set_synthetic(None, Some(1), None))),
        ("data.noise", Box::new(|s| s.data.set_synthetic(None, None, Some(0.9)))),
        ("data.source.name", Box::new(|s| s.data.source = DataSource::Builtin { name: "mnist".into() })),
        ("data.validation_fraction", Box::new(|s| s.data.validation_fraction = 0.3)),
        ("data.train_fraction", Box::new(|s| s.data.train_fraction = 1.0)),
        ("model.hidden", Box::new(|s| s.model.hidden = vec![4; 9])),
        ("model.hidden", Box::new(|s| s.model.hidden = vec![513])),
        ("model.dropout", Box::new(|s| s.model.dropout = 0.95)),
        ("model.dropout", Box::new(|s| s.model.dropout = f64::NAN)),
        ("training.loss.delta", Box::new(|s| s.training.loss = RegressionLoss::Huber { delta: 0.0 })),
        ("model.hidden", Box::new(|s| s.model.hidden = vec![0])),
        ("training.learning_rate", Box::new(|s| s.training.learning_rate = f64::NAN)),
        ("training.batch_size", Box::new(|s| s.training.batch_size = 0)),
        ("training.l2", Box::new(|s| s.training.l2 = -1.0)),
        ("training.epochs", Box::new(|s| s.training.epochs = 0)),
        ("training.schedule", Box::new(|s| s.training.schedule = Schedule::StepDecay { every: 0, factor: 0.5 })),
        ("training.clip_norm", Box::new(|s| s.training.clip_norm = -1.0)),
        ("training.patience", Box::new(|s| s.training.patience = 5)),
        ("version", Box::new(|s| s.version = 99)),
    ];
    for (field, edit) in cases {
        let mut s = ExperimentSpec::default();
        edit(&mut s);
        match s.validate() {
            Err(Error::Spec { field: f, .. }) => assert_eq!(f, field),
            other => panic!("{field}: {other:?}"),
        }
    }
}

#[test]
fn schedules_by_hand() {
    assert_eq!(Schedule::Constant.rate(0.1, 7, 10), 0.1);
    let step = Schedule::StepDecay { every: 3, factor: 0.5 };
    assert_eq!([0, 2, 3, 6].map(|e| step.rate(0.8, e, 10)), [0.8, 0.8, 0.4, 0.2]);
    assert!((Schedule::Cosine.rate(0.1, 0, 10) - 0.1).abs() < 1e-15);
    assert!((Schedule::Cosine.rate(0.1, 5, 10) - 0.05).abs() < 1e-15);
}

#[test]
fn six_layers_of_sixteen_are_allowed() {
    let mut s = ExperimentSpec::default();
    s.model.hidden = vec![16; 6];
    s.validate().unwrap();
}

#[test]
fn learner_menus_use_their_serde_names() {
    use super::learner::{KnnDistance, KnnWeighting, SplitCriterion};
    use crate::choice::{check_serde_names, check_table};
    check_table::<SplitCriterion>();
    check_table::<KnnDistance>();
    check_table::<KnnWeighting>();
    check_serde_names::<SplitCriterion>();
    check_serde_names::<KnnDistance>();
    check_serde_names::<KnnWeighting>();
}

#[test]
fn a_feature_share_reads_back_what_it_writes() {
    use super::learner::FeatureShare;
    for share in [FeatureShare::Auto, FeatureShare::Sqrt, FeatureShare::All, FeatureShare::Fraction(0.5)] {
        assert_eq!(FeatureShare::parse(&share.text()).unwrap(), share);
    }
    assert_eq!(FeatureShare::parse(" SQRT ").unwrap(), FeatureShare::Sqrt);
    for bad in ["0", "1.5", "half", "-0.2", "NaN"] {
        let e = FeatureShare::parse(bad).unwrap_err().to_string();
        assert!(e.contains("model.learner.max_features") && e.contains(bad), "{e}");
    }
}
