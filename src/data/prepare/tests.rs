use super::*;
use crate::data::table::Column;
use crate::data::Task;

fn table() -> Table {
    Table {
        columns: vec![
            Column::numeric("a", vec![1.0, 2.0, f64::NAN, 4.0, 5.0, 6.0]),
            Column::text("c", &[Some("x"), Some("y"), Some("x"), None, Some("z"), Some("x")]),
            Column::text("t", &[Some("p"), Some("q"), Some("p"), Some("q"), Some("p"), Some("q")]),
        ],
    }
}

fn fit_on(rows: &[usize], spec: &PrepareSpec) -> FittedPreparation {
    let t = table();
    let features: Vec<_> = t.columns[..2].iter().map(|c| (c, spec.kind_of(c))).collect();
    let enc = TargetEncoding::fit(&t.columns[2], rows, TaskChoice::Classification).unwrap();
    FittedPreparation::fit(&t, &features, rows, spec, enc, "t").unwrap()
}

#[test]
fn fitted_on_training_rows_only_by_hand() {
    // Training rows 0..4: a = [1, 2, NaN, 4] → mean 7/3 fills row 2; population sd of
    // [1, 2, 7/3, 4] = √(7/6). c = [x, y, x, missing] → categories [x, y], fill x.
    let f = fit_on(&[0, 1, 2, 3], &PrepareSpec::default());
    let FeatureStep::Numeric { fill, center, scale, .. } = &f.steps[0] else { panic!() };
    assert!((fill - 7.0 / 3.0).abs() < 1e-12);
    assert!((center - 7.0 / 3.0).abs() < 1e-12);
    assert!((scale - (7.0f64 / 6.0).sqrt()).abs() < 1e-12);
    assert_eq!(f.output_names, ["a", "c=x", "c=y"]);
    let x = f.transform_rows(&table(), &[0, 3, 4]).unwrap();
    let z0 = ((1.0 - 7.0 / 3.0) / (7.0f64 / 6.0).sqrt()) as f32;
    assert!((x[0] - z0).abs() < 1e-6, "{}", x[0]);
    assert_eq!(&x[1..3], &[1.0, 0.0]); // row 0: x
    assert_eq!(&x[4..6], &[1.0, 0.0]); // row 3: missing → most frequent x
    assert_eq!(&x[7..9], &[0.0, 0.0]); // row 4: z never seen in training → all zeros
                                       // Row 4's a = 5 was not in training: scaled with training statistics.
    assert!((x[6] - ((5.0 - 7.0 / 3.0) / (7.0f64 / 6.0).sqrt()) as f32).abs() < 1e-6);
    assert_eq!(f.task(), Task::Classification { classes: 2 });
}

#[test]
fn median_minmax_and_no_scaling() {
    let spec = PrepareSpec { numeric_missing: NumericImpute::Median, scaling: Scaling::MinMax, ..Default::default() };
    let f = fit_on(&[0, 1, 2, 3], &spec);
    // Median of [1, 2, 4] = 2; filled [1, 2, 2, 4]: min 1, range 3.
    assert_eq!(f.steps[0], FeatureStep::Numeric { column: "a".into(), fill: 2.0, center: 1.0, scale: 3.0 });
    let spec = PrepareSpec { scaling: Scaling::None, ..Default::default() };
    let x = fit_on(&[0, 1, 2, 3], &spec).transform_rows(&table(), &[5]).unwrap();
    assert_eq!(x[0], 6.0);
}

#[test]
fn derived_features() {
    let spec = PrepareSpec {
        scaling: Scaling::None,
        derived: vec![
            Derived::Square { column: "a".into() },
            Derived::Product { a: "a".into(), b: "a".into() },
            Derived::Sin { column: "a".into() },
        ],
        ..Default::default()
    };
    let f = fit_on(&[0, 1, 3], &spec);
    assert_eq!(f.output_names[3..], ["a²", "a·a", "sin(a)"]);
    let x = f.transform_rows(&table(), &[4]).unwrap(); // a = 5
    assert_eq!(&x[3..5], &[25.0, 25.0]);
    assert!((x[5] - 5f32.sin()).abs() < 1e-6);
}

#[test]
fn target_classes_and_refusals() {
    let t = table();
    let enc = TargetEncoding::fit(&t.columns[2], &[0, 1, 2], TaskChoice::Classification).unwrap();
    assert_eq!(enc, TargetEncoding::Classes { names: vec!["p".into(), "q".into()] });
    assert_eq!(enc.encode(&t.columns[2], 1), 1.0);
    let e = TargetEncoding::fit(&t.columns[2], &[0, 2, 4], TaskChoice::Classification).unwrap_err();
    assert!(e.to_string().contains("single class (p)"), "{e}");
    let e = TargetEncoding::fit(&t.columns[2], &[0, 1], TaskChoice::Regression).unwrap_err();
    assert!(e.to_string().contains("holds text"), "{e}");
    // Regression: standardised with the given rows' mean 2 and population sd √(2/3) of [1, 2, 3].
    let y = Column::numeric("y", vec![1.0, 2.0, 3.0, 10.0]);
    let enc = TargetEncoding::fit(&y, &[0, 1, 2], TaskChoice::Regression).unwrap();
    let sd = (2.0f64 / 3.0).sqrt();
    assert_eq!(enc, TargetEncoding::Value { center: 2.0, scale: sd });
    assert!((enc.encode(&y, 3) as f64 - 8.0 / sd).abs() < 1e-5);
    assert!((enc.decode(8.0 / sd) - 10.0).abs() < 1e-9);
}

#[test]
fn task_inference() {
    let ints = Column::numeric("y", vec![0.0, 1.0, 1.0, 2.0]);
    assert_eq!(infer_task(&ints, TaskChoice::Auto), TaskChoice::Classification);
    let reals = Column::numeric("y", vec![0.5, 1.0, 1.0, 2.0]);
    assert_eq!(infer_task(&reals, TaskChoice::Auto), TaskChoice::Regression);
    assert_eq!(infer_task(&ints, TaskChoice::Regression), TaskChoice::Regression);
    // Ten whole values (missing cells aside) are classes, eleven are a number to predict.
    let ten: Vec<f64> = (0..1000).map(|i| f64::from(i % 10)).chain([f64::NAN]).collect();
    assert_eq!(infer_task(&Column::numeric("y", ten), TaskChoice::Auto), TaskChoice::Classification);
    let eleven: Vec<f64> = (0..1000).map(|i| f64::from(i % 11)).collect();
    assert_eq!(infer_task(&Column::numeric("y", eleven), TaskChoice::Auto), TaskChoice::Regression);
    // A fraction anywhere, or an infinity, makes it regression; no values at all, classes.
    let late: Vec<f64> = (0..1000).map(|i| if i == 999 { 0.5 } else { f64::from(i % 2) }).collect();
    assert_eq!(infer_task(&Column::numeric("y", late), TaskChoice::Auto), TaskChoice::Regression);
    let inf = Column::numeric("y", vec![0.0, f64::INFINITY]);
    assert_eq!(infer_task(&inf, TaskChoice::Auto), TaskChoice::Regression);
    let empty = Column::numeric("y", vec![f64::NAN, f64::NAN]);
    assert_eq!(infer_task(&empty, TaskChoice::Auto), TaskChoice::Classification);
}

#[test]
fn split_is_stratified_seeded_and_disjoint() {
    let strata: Vec<usize> = (0..100).map(|i| usize::from(i % 10 == 0)).collect(); // 10 % class 1
    let f = SplitFractions { train: 0.6, validation: 0.2 };
    let (tr, va, te) = stratified_split(100, Some(&strata), f, 3).unwrap();
    assert_eq!((tr.len(), va.len(), te.len()), (60, 20, 20));
    let ones = |part: &[usize]| part.iter().filter(|&&i| strata[i] == 1).count();
    assert_eq!((ones(&tr), ones(&va), ones(&te)), (6, 2, 2));
    let mut all: Vec<usize> = tr.iter().chain(&va).chain(&te).copied().collect();
    all.sort_unstable();
    assert_eq!(all, (0..100).collect::<Vec<_>>());
    assert_eq!(stratified_split(100, Some(&strata), f, 3).unwrap(), (tr.clone(), va, te));
    assert_ne!(stratified_split(100, Some(&strata), f, 4).unwrap().0, tr);
    assert!(stratified_split(1, None, f, 1).is_err());
    let (tr, _, te) = stratified_split(2, None, SplitFractions { train: 0.9, validation: 0.0 }, 1).unwrap();
    assert_eq!((tr.len(), te.len()), (1, 1));
}

#[test]
fn prepare_end_to_end_drops_missing_targets() {
    let mut t = table();
    t.columns[2] = Column::text("t", &[Some("p"), Some("q"), None, Some("q"), Some("p"), Some("q")]);
    let p = prepare(&t, &PrepareSpec::default(), SplitFractions { train: 0.5, validation: 0.0 }, 1).unwrap();
    assert_eq!(p.split.train.rows() + p.split.test.rows(), 5);
    assert!(p.notices.iter().any(|n| n.contains("1 rows have no `t`")), "{:?}", p.notices);
    assert_eq!(p.split.train.width(), p.fitted.output_names.len());
    let e = prepare(
        &t,
        &PrepareSpec { target: Some("nope".into()), ..Default::default() },
        SplitFractions { train: 0.5, validation: 0.0 },
        1,
    )
    .unwrap_err();
    assert!(e.to_string().contains("no column `nope`"), "{e}");
}

#[test]
fn kind_override_one_hot_encodes_a_numeric_code() {
    let t = Table {
        columns: vec![
            Column::numeric("zip", vec![10.0, 20.0, 10.0, 30.0, 20.0, 10.0]),
            Column::text("t", &[Some("p"), Some("q"), Some("p"), Some("q"), Some("p"), Some("q")]),
        ],
    };
    let mut spec = PrepareSpec::default();
    spec.kinds.insert("zip".into(), ColumnKind::Categorical);
    let p = prepare(&t, &spec, SplitFractions { train: 0.5, validation: 0.0 }, 1).unwrap();
    assert!(p.fitted.output_names.iter().all(|n| n.starts_with("zip=")), "{:?}", p.fitted.output_names);
    // Marking it an identifier leaves it out, so no feature is left.
    spec.kinds.insert("zip".into(), ColumnKind::Identifier);
    let e = prepare(&t, &spec, SplitFractions { train: 0.5, validation: 0.0 }, 1).unwrap_err();
    assert!(e.to_string().contains("no feature columns"), "{e}");
}
