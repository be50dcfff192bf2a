//! Drift monitoring: PSI and Kolmogorov–Smirnov against hand-computed values and scipy, drift
//! of an exported model against its own training rows (none) and shifted rows (flagged), and
//! retraining on old + new rows.

#![allow(clippy::unwrap_used)]

mod support;
use support::numeric_mut;

use lantern::data::{Column, Table};
use lantern::deploy::drift::thresholds;
use lantern::deploy::stats::{bin_shares, ks_test, psi, quantile_edges};
use lantern::deploy::{drift, drift_csv, retrain_plan, DriftLevel, ModelBundle, RetrainRows};
use lantern::spec::{DataSource, ExperimentSpec};
use lantern::train::inputs::builtin_table;
use lantern::train::Trainer;

fn frac(x: f64) -> f64 {
    x - x.floor()
}

/// Values from `scipy.stats.ks_2samp` and `scipy.special.kolmogorov` (scipy 1.x, numpy 2.x):
/// ```python
/// from scipy import stats, special
/// r = stats.ks_2samp(a, b); en = n*m/(n+m)
/// r.statistic, special.kolmogorov(math.sqrt(en)*r.statistic), stats.ks_2samp(a, b, method='asymp').pvalue
/// ```
#[test]
fn kolmogorov_smirnov_agrees_with_scipy() {
    // Small samples: the ECDFs differ most after 2.2 and 2.9 (5/8 − 0/6 = 0.625).
    let mut a = vec![1.2, 3.4, 0.5, 2.2, 2.9, 4.1, 0.7, 1.9];
    let mut b = vec![2.5, 3.3, 4.8, 5.1, 3.9, 2.8];
    a.sort_by(f64::total_cmp);
    b.sort_by(f64::total_cmp);
    let t = ks_test(&a, &b);
    assert_eq!(t.d, 0.625);
    // Kolmogorov at √(8·6/14)·0.625: scipy 0.13727789278008207 (ks_2samp's exact p: 0.0926).
    assert!((t.p_value - 0.137_277_892_780_082_07).abs() < 1e-12, "{}", t.p_value);
    // Larger samples (n = 400, m = 300) built with the same arithmetic as in the Python script.
    let x: Vec<f64> = (0..400).map(|i| 10.0 * frac(f64::from(i) * 0.618_033_988_7)).collect();
    let mut x_sorted = x.clone();
    x_sorted.sort_by(f64::total_cmp);
    let cases: [(Vec<f64>, f64, f64, f64); 2] = [
        // y = 10·frac(0.7548776662·j)·0.9 + 1: D = 0.10083333333333333, Kolmogorov p
        // 0.06124739736145824 (scipy's ks_2samp: 0.0577 exact-ish, 0.0576 asymp).
        (
            (0..300).map(|j| 10.0 * frac(f64::from(j) * 0.754_877_666_2) * 0.9 + 1.0).collect(),
            0.100_833_333_333_333_33,
            0.061_247_397_361_458_24,
            0.057_676_120_631_406_21,
        ),
        // y = 10·frac(0.41421356·j)² + 0.5: D = 0.2075, p 7.76091294149724e-07 (scipy 6.30e-07).
        (
            (0..300).map(|j| 10.0 * frac(f64::from(j) * 0.414_213_56).powi(2) + 0.5).collect(),
            0.2075,
            7.760_912_941_497_24e-7,
            6.295_928_834_229_521e-7,
        ),
    ];
    for (mut y, d, p, scipy_p) in cases {
        y.sort_by(f64::total_cmp);
        let t = ks_test(&x_sorted, &y);
        assert!((t.d - d).abs() < 1e-15, "{} vs {d}", t.d);
        assert!((t.p_value - p).abs() < 1e-9 * p.max(1e-3), "{} vs {p}", t.p_value);
        // The asymptotic p-value stays close to scipy's default (finite-sample) one.
        assert!((t.p_value - scipy_p).abs() < 0.005, "{} vs scipy {scipy_p}", t.p_value);
        assert_eq!((t.n_reference, t.n_current), (400, 300));
    }
}

#[test]
fn psi_over_quantile_bins_by_hand() {
    // Training 1..=100: edges at sorted positions 10, 20, …, 90 (values 11, 21, …, 91), so
    // ten bins [−∞,11), [11,21), …, [91,∞) with 10 % each. New: 41..=100 (60 values): the
    // first four bins empty, the other six 10/60 each.
    let train: Vec<f64> = (1..=100).map(f64::from).collect();
    let edges = quantile_edges(&train, 10);
    assert_eq!(edges, [11.0, 21.0, 31.0, 41.0, 51.0, 61.0, 71.0, 81.0, 91.0]);
    let expected = bin_shares(&edges, &train).0;
    let new: Vec<f64> = (41..=100).map(f64::from).collect();
    let actual = bin_shares(&edges, &new).0;
    // 4 empty bins: 4 · (0.0001 − 0.1)·ln(0.0001/0.1) = 4 · 0.0999 · 6.907755 = 2.760339
    // 6 bins at 1/6: 6 · (1/6 − 0.1)·ln((1/6)/0.1) = 6 · 0.0666667 · 0.510826 = 0.204330
    // total 2.964669
    let v = psi(&expected, &actual);
    assert!((v - 2.964_669).abs() < 1e-5, "{v}");
}

fn trained_penguins() -> (Trainer, Table) {
    let mut spec = ExperimentSpec::default();
    spec.data.source = DataSource::Builtin { name: "penguins".into() };
    spec.data.prepare.target = Some("species".into());
    spec.model.hidden = vec![];
    spec.training.epochs = 5;
    let mut t = Trainer::new(&spec).unwrap();
    while !t.is_done() {
        t.run_epoch().unwrap();
    }
    (t, builtin_table("penguins").unwrap())
}

#[test]
fn training_rows_do_not_drift_and_shifted_rows_do() {
    let (trainer, table) = trained_penguins();
    let card = ModelBundle::from_trainer(&trainer, None).unwrap().card;
    // The training rows themselves: every PSI is 0 and KS D is 0 (fewer than 2,000 training
    // rows, so the card keeps all their values).
    let train = table.select_rows(trainer.training_rows());
    let report = drift(&card, &train).unwrap();
    assert_eq!(report.rows, train.rows());
    assert_eq!(report.reference_rows, train.rows());
    assert!(report.flagged().is_empty(), "{:?}", report.flagged());
    for c in &report.columns {
        assert_eq!(c.psi, 0.0, "{}", c.name);
        assert_eq!(c.missing_share.0, c.missing_share.1);
        if let Some(ks) = c.ks {
            assert_eq!((ks.d, ks.p_value), (0.0, 1.0), "{}", c.name);
        }
    }
    // Shift: body mass +1000 g on every row (beyond the training maximum for most rows),
    // islands all `Dream`, and half of the flipper lengths missing.
    let mut shifted = table.clone();
    for v in numeric_mut(&mut shifted, "body_mass_g").iter_mut() {
        *v += 1000.0;
    }
    for v in numeric_mut(&mut shifted, "flipper_length_mm").iter_mut().step_by(2) {
        *v = f64::NAN;
    }
    let n = shifted.rows();
    let island = shifted.columns.iter_mut().find(|c| c.name == "island").unwrap();
    *island = Column::text("island", &vec![Some("Dream"); n]);
    let report = drift(&card, &shifted).unwrap();
    let col = |name: &str| report.columns.iter().find(|c| c.name == name).unwrap();
    let mass = col("body_mass_g");
    assert_eq!(mass.level, DriftLevel::Major);
    assert!(
        mass.psi > thresholds::PSI_MAJOR && mass.ks.unwrap().d > 0.4 && mass.ks.unwrap().p_value < 1e-10,
        "{mass:?}"
    );
    let isl = col("island");
    assert_eq!(isl.level, DriftLevel::Major);
    let shift = isl.largest_shift.as_ref().unwrap();
    assert_eq!(shift.category, "Dream");
    assert_eq!(shift.current, 1.0);
    assert_eq!(isl.unseen_share, Some(0.0));
    let flipper = col("flipper_length_mm");
    assert!(flipper.missing_share.1 >= 0.5 && flipper.level >= DriftLevel::Moderate);
    assert!(flipper.reasons.iter().any(|r| r.starts_with("missing cells")), "{:?}", flipper.reasons);
    // Unchanged columns stay unflagged: bill depth is the same data (a little PSI from the
    // test rows, far below the thresholds).
    assert_eq!(col("bill_depth_mm").level, DriftLevel::None);
    // Worst first.
    assert_eq!(report.flagged()[0].level, DriftLevel::Major);
    // The chart data: shares summing to 1 on shared bins.
    for c in &report.columns {
        for s in [&c.chart.reference, &c.chart.current] {
            let total: f64 = s.iter().sum();
            assert!((total - 1.0).abs() < 1e-9 || total == 0.0, "{} {total}", c.name);
        }
    }
}

#[test]
fn drift_of_a_csv_file_without_some_columns() {
    let (trainer, _) = trained_penguins();
    let card = ModelBundle::from_trainer(&trainer, None).unwrap().card;
    let csv = "island,bill_length_mm,sex\nDream,45.1,male\nAtlantis,oops,female\nBiscoe,50.0,\n";
    let report = drift_csv(&card, csv.as_bytes()).unwrap();
    assert_eq!(report.rows, 3);
    assert!(report.missing_columns.contains(&"body_mass_g".to_string()));
    let island = report.columns.iter().find(|c| c.name == "island").unwrap();
    // One of three island values is unseen: 33 % ≥ 5 %.
    assert!((island.unseen_share.unwrap() - 1.0 / 3.0).abs() < 1e-12);
    assert!(island.reasons.iter().any(|r| r.contains("unseen")), "{:?}", island.reasons);
}

#[test]
fn retraining_on_old_and_new_rows_runs() {
    let (trainer, table) = trained_penguins();
    let card = ModelBundle::from_trainer(&trainer, None).unwrap().card;
    let new = table.select_rows(&(0..40).collect::<Vec<_>>());
    let plan = retrain_plan(&card, Some(&table), &new, RetrainRows::OldAndNew, "retrain.csv").unwrap();
    assert_eq!(plan.rows, (344, 40));
    assert_eq!(plan.table.rows(), 384);
    assert_eq!(plan.spec.data.source, DataSource::File { name: "retrain.csv".into() });
    let mut again = Trainer::with_table(&plan.spec, Some(&plan.table)).unwrap();
    again.run_epoch().unwrap();
    // The same prepared features as the original model.
    assert_eq!(again.preparation().unwrap().output_names, card.preparation.output_names);
    let only_new = retrain_plan(&card, None, &new, RetrainRows::NewOnly, "new.csv").unwrap();
    assert_eq!(only_new.table.rows(), 40);
    // Old + new without the old table, and new rows without the target, are refused.
    assert!(retrain_plan(&card, None, &new, RetrainRows::OldAndNew, "x.csv").is_err());
    let mut unlabelled = new.clone();
    unlabelled.columns.retain(|c| c.name != "species");
    match retrain_plan(&card, None, &unlabelled, RetrainRows::NewOnly, "x.csv") {
        Err(lantern::Error::MissingColumns { missing, .. }) => assert_eq!(missing, ["species"]),
        other => panic!("{other:?}"),
    }
}
