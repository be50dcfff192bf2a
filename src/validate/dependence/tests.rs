use super::*;
use crate::data::Task;
use crate::learn::{DecisionTree, TreeSettings};

/// f(x) = 2·x₀ + x₀·x₁ + 3·x₂: additive in x₂, interacting in x₀ and x₁.
fn model(values: &[f32], rows: usize) -> Result<Vec<f64>> {
    Ok(values
        .chunks_exact(values.len() / rows.max(1))
        .map(|r| {
            let (a, b, c) = (f64::from(r[0]), f64::from(r[1]), f64::from(r[2]));
            2.0 * a + a * b + 3.0 * c
        })
        .collect())
}

fn table(n: usize) -> Vec<f32> {
    (0..n).flat_map(|i| [(i % 7) as f32, (i % 3) as f32 - 1.0, i as f32 * 0.5]).collect()
}

#[test]
fn mquantile_and_linspace_by_hand() {
    let ten: Vec<f64> = (1..=10).map(f64::from).collect();
    // p = 0.05: a = 0.5 + 0.41 → clamped to 1, γ = 0 → x₁; p = 0.95: a = 10.09 → k = 9, γ = 1 → x₁₀.
    assert_eq!((mquantile(&ten, 0.05), mquantile(&ten, 0.95)), (1.0, 10.0));
    let many: Vec<f64> = (0..200).map(f64::from).collect();
    // a = 200·0.05 + 0.41 = 10.41 → k = 10, γ = 0.41 → 0.59·x₁₀ + 0.41·x₁₁ = 0.59·9 + 0.41·10.
    assert!((mquantile(&many, 0.05) - 9.41).abs() < 1e-12);
    assert!((mquantile(&many, 0.5) - 99.5).abs() < 1e-12);
    assert_eq!(mquantile(&[4.0], 0.3), 4.0);
    assert_eq!(linspace(0.0, 1.0, 5), vec![0.0, 0.25, 0.5, 0.75, 1.0]);
}

#[test]
fn grids() {
    // Few distinct values: those values, sorted.
    let col = [3.0, 1.0, 3.0, 2.0, f64::NAN];
    assert_eq!(feature_grid(&col, &GridSpec::default()).unwrap(), vec![1.0, 2.0, 3.0]);
    // Many: 100 values between the percentiles.
    let col: Vec<f64> = (0..200).map(f64::from).collect();
    let g = feature_grid(&col, &GridSpec::default()).unwrap();
    assert_eq!(g.len(), 100);
    assert!((g[0] - 9.41).abs() < 1e-12 && (g[99] - mquantile(&col, 0.95)).abs() < 1e-12);
    // Percentiles that coincide: the range instead.
    let mut spiky = vec![0.0; 300];
    spiky.extend((1..=100).map(f64::from));
    let g = feature_grid(&spiky, &GridSpec::Percentiles { lo: 0.05, hi: 0.6, resolution: 11 }).unwrap();
    assert_eq!((g[0], g[10]), (0.0, 100.0));
    let bad = GridSpec::Percentiles { lo: 0.5, hi: 0.5, resolution: 10 };
    assert!(matches!(feature_grid(&col, &bad), Err(Error::Plan(_))));
    assert!(feature_grid(&[f64::NAN], &GridSpec::default()).is_err());
    assert!(feature_grid(&col, &GridSpec::Values { values: vec![] }).is_err());
}

#[test]
fn curves_by_hand() {
    let n = 30;
    let values = table(n);
    let x = Matrix::new(&values, n, 3).unwrap();
    let dep = partial_dependence(x, 0, model, &DependenceSettings::default()).unwrap();
    assert_eq!(dep.grid, (0..7).map(f64::from).collect::<Vec<_>>());
    assert_eq!(dep.rows, (0..n).collect::<Vec<_>>());
    for (i, curve) in dep.ice.iter().enumerate() {
        let (b, c) = (f64::from(values[i * 3 + 1]), f64::from(values[i * 3 + 2]));
        for (g, &v) in dep.grid.iter().enumerate() {
            assert!((curve[g] - (2.0 * v + v * b + 3.0 * c)).abs() < 1e-9);
        }
    }
    // PD(v) = 2v + v·mean(x₁) + 3·mean(x₂).
    let (mb, mc) = (
        (0..n).map(|i| f64::from(values[i * 3 + 1])).sum::<f64>() / n as f64,
        (0..n).map(|i| f64::from(values[i * 3 + 2])).sum::<f64>() / n as f64,
    );
    for (g, &v) in dep.grid.iter().enumerate() {
        assert!((dep.average[g] - (2.0 * v + v * mb + 3.0 * mc)).abs() < 1e-9);
    }
    // x₂ acts alone: every ICE curve is the PD shifted.
    let dep2 = partial_dependence(x, 2, model, &DependenceSettings::default()).unwrap();
    for curve in &dep2.ice {
        let shift = curve[0] - dep2.average[0];
        assert!(curve.iter().zip(&dep2.average).all(|(c, a)| (c - a - shift).abs() < 1e-9));
    }
}

#[test]
fn a_sample_is_seeded_and_its_curves_are_those_rows_curves() {
    let n = 50;
    let values = table(n);
    let x = Matrix::new(&values, n, 3).unwrap();
    let full = partial_dependence(x, 1, model, &DependenceSettings::default()).unwrap();
    let s = DependenceSettings { sample: Some(12), seed: 7, ..Default::default() };
    let a = partial_dependence(x, 1, model, &s).unwrap();
    assert_eq!(a, partial_dependence(x, 1, model, &s).unwrap());
    assert_eq!(a.rows.len(), 12);
    assert!(a.rows.windows(2).all(|w| w[0] < w[1]));
    for (k, &r) in a.rows.iter().enumerate() {
        assert_eq!(a.ice[k], full.ice[r]);
    }
    let other = partial_dependence(x, 1, model, &DependenceSettings { seed: 8, ..s.clone() }).unwrap();
    assert_ne!(a.rows, other.rows);
    let all = partial_dependence(x, 1, model, &DependenceSettings { sample: Some(500), ..s }).unwrap();
    assert_eq!(all, full);
}

#[test]
fn refusals() {
    let values = table(4);
    let x = Matrix::new(&values, 4, 3).unwrap();
    let s = DependenceSettings::default();
    assert!(matches!(partial_dependence(x, 3, model, &s), Err(Error::Plan(_))));
    let short = |_: &[f32], _: usize| -> Result<Vec<f64>> { Ok(vec![1.0]) };
    assert!(matches!(partial_dependence(x, 0, short, &s), Err(Error::Data { .. })));
    let zero = DependenceSettings { sample: Some(0), ..Default::default() };
    assert!(partial_dependence(x, 0, model, &zero).is_err());
}

#[test]
fn any_learner_through_output_of() {
    // A stump on x₀ ≥ 2.5: P(class 1) is 0 left of it and 1 right of it, whatever x₁.
    let x: Vec<f32> = (0..6).flat_map(|i| [i as f32, (5 - i) as f32]).collect();
    let y = [0.0, 0.0, 0.0, 1.0, 1.0, 1.0];
    let m = Matrix::new(&x, 6, 2).unwrap();
    let task = Task::Classification { classes: 2 };
    let tree = DecisionTree::fit(m, &y, task, &TreeSettings::for_task(task)).unwrap();
    let dep = partial_dependence(m, 0, output_of(&tree, Some(1)), &DependenceSettings::default()).unwrap();
    assert_eq!(dep.average, vec![0.0, 0.0, 0.0, 1.0, 1.0, 1.0]);
    let flat = partial_dependence(m, 0, output_of(&tree, Some(0)), &DependenceSettings::default()).unwrap();
    assert_eq!(flat.average, vec![1.0, 1.0, 1.0, 0.0, 0.0, 0.0]);
    assert!(partial_dependence(m, 0, output_of(&tree, Some(2)), &DependenceSettings::default()).is_err());
    let labels = partial_dependence(m, 0, output_of(&tree, None), &DependenceSettings::default()).unwrap();
    assert_eq!(labels.average, dep.average, "the predicted class, as a number");
}
