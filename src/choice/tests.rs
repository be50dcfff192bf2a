#![allow(clippy::unwrap_used)]

use super::*;
use crate::compare::plan::Param;
use crate::data::prepare::{CategoricalImpute, DerivedOp, NumericImpute, Scaling, TaskChoice};
use crate::data::schema::ColumnKind;
use crate::data::Generator;
use crate::spec::{Activation, LossKind, ModelFamily, Optimizer, RegressionLoss, Schedule, ScheduleKind};
use crate::viz::RunQuantity;

#[derive(Clone, Copy, Debug, PartialEq)]
enum Fruit {
    Apple,
    Pear,
}
crate::choices!(Fruit, "test.fruit", {
    Apple => "apple", "an apple";
    Pear => "pear", "a pear";
});

#[test]
fn the_table_gives_names_labels_and_options() {
    check_table::<Fruit>();
    assert_eq!(Fruit::Pear.name(), "pear");
    assert_eq!(Fruit::Pear.label(), "a pear");
    assert_eq!(Fruit::options(), [("apple".into(), "an apple".into()), ("pear".into(), "a pear".into())]);
}

#[test]
fn an_unknown_name_is_refused_with_the_valid_ones() {
    let e = Fruit::parse("Apple").unwrap_err().to_string();
    assert_eq!(e, "invalid setting `test.fruit`: unknown value `Apple`; use one of: apple, pear");
}

#[test]
fn every_menu_table_round_trips_and_refuses_unknown_names() {
    check_table::<Generator>();
    check_table::<TaskChoice>();
    check_table::<NumericImpute>();
    check_table::<CategoricalImpute>();
    check_table::<Scaling>();
    check_table::<ColumnKind>();
    check_table::<DerivedOp>();
    check_table::<Activation>();
    check_table::<Optimizer>();
    check_table::<ScheduleKind>();
    check_table::<LossKind>();
    check_table::<ModelFamily>();
    check_table::<Param>();
    check_table::<RunQuantity>();
}

/// Old links and spec files keep opening: a menu's names are the very names serde reads.
#[test]
fn menu_names_are_the_serde_names() {
    check_serde_names::<Generator>();
    check_serde_names::<TaskChoice>();
    check_serde_names::<NumericImpute>();
    check_serde_names::<CategoricalImpute>();
    check_serde_names::<Scaling>();
    check_serde_names::<ColumnKind>();
    check_serde_names::<Activation>();
    check_serde_names::<Optimizer>();
    for &k in ScheduleKind::ALL {
        let s = Schedule::default().with_kind(k);
        assert_eq!((s.kind(), serde_json::to_value(s).unwrap()["kind"].as_str()), (k, Some(k.name())));
    }
    for &k in LossKind::ALL {
        let l = RegressionLoss::default().with_kind(k);
        assert_eq!((l.kind(), serde_json::to_value(l).unwrap()["kind"].as_str()), (k, Some(k.name())));
    }
    for &k in DerivedOp::ALL {
        let d = k.of("a".into(), "b".into());
        assert_eq!((d.op(), serde_json::to_value(&d).unwrap()["op"].as_str()), (k, Some(k.name())));
    }
}

/// A kind picked in a menu keeps the spec's parameters when it is the kind already, and takes
/// the documented defaults otherwise.
#[test]
fn kinds_keep_parameters_or_take_the_defaults() {
    let custom = Schedule::StepDecay { every: 7, factor: 0.9 };
    assert_eq!(custom.with_kind(ScheduleKind::StepDecay), custom);
    assert_eq!(Schedule::Cosine.with_kind(ScheduleKind::StepDecay), Schedule::DEFAULT_STEP_DECAY);
    assert_eq!(Schedule::DEFAULT_STEP_DECAY, Schedule::StepDecay { every: 50, factor: 0.5 });
    assert_eq!(custom.with_kind(ScheduleKind::Constant), Schedule::Constant);
    let huber = RegressionLoss::Huber { delta: 0.25 };
    assert_eq!(huber.with_kind(LossKind::Huber), huber);
    assert_eq!(RegressionLoss::Mse.with_kind(LossKind::Huber), RegressionLoss::Huber { delta: 1.0 });
    assert_eq!(huber.with_kind(LossKind::Mae), RegressionLoss::Mae);
}
