use super::*;

#[test]
fn freedman_diaconis_by_hand() {
    // 1..=8: Q1 = 2 + 0.75·1 = 2.75 (h = 7·0.25), Q3 = 6 + 0.25 = 6.25, IQR = 3.5;
    // h = 2·3.5 / ∛8 = 3.5; range 7 → 2 bins [1, 4.5), [4.5, 8].
    let mut v: Vec<f64> = (1..=8).map(f64::from).collect();
    v.push(f64::NAN);
    let b = histogram_bins(&v);
    assert_eq!(b.edges, vec![1.0, 4.5, 8.0]);
    assert_eq!(b.counts, vec![4, 4]);
    assert_eq!(b.missing, 1);
    assert_eq!(
        describe_histogram(&v, "x"),
        "Histogram of x: 8 values from 1 to 8 in 2 bins, most (4) from 1 to 4.5; 1 missing value not shown"
    );
}

#[test]
fn sturges_when_the_iqr_is_zero_and_edge_cases() {
    // Seven zeros and a 10: IQR 0 → Sturges ⌈log₂ 8⌉ + 1 = 4 bins of width 2.5.
    let b = histogram_bins(&[0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 10.0]);
    assert_eq!(b.edges, vec![0.0, 2.5, 5.0, 7.5, 10.0]);
    assert_eq!(b.counts, vec![7, 0, 0, 1]);
    assert_eq!(histogram_bins(&[3.0, 3.0]).edges, vec![2.5, 3.5]);
    assert_eq!(histogram_bins(&[f64::NAN]), Bins { edges: vec![], counts: vec![], missing: 1 });
    // 0..1000 and an outlier at 10⁶: IQR ≈ 500, h ≈ 2·500 / ∛1001 ≈ 100, so FD wants about
    // 10⁴ bins: capped.
    let mut many: Vec<f64> = (0..1000).map(f64::from).collect();
    many.push(1e6);
    assert_eq!(histogram_bins(&many).counts.len(), MAX_BINS);
    // 10,000 evenly spread values: IQR 4999.5, h = 9999 / ∛10⁴ = 464.1…, ⌈9999 / h⌉ = 22.
    let even: Vec<f64> = (0..10_000).map(f64::from).collect();
    assert_eq!(histogram_bins(&even).counts.len(), 22);
}

#[test]
fn shared_bins_and_top_categories() {
    let (a, b) = shared_bins(&[1.0, 2.0, 3.0, 4.0], &[5.0, 6.0, 7.0, 8.0]);
    assert_eq!(a.edges, b.edges);
    assert_eq!((a.counts, b.counts), (vec![4, 0], vec![0, 4]));
    let c = vec![("a".to_string(), 1), ("b".to_string(), 5), ("c".to_string(), 2), ("d".to_string(), 1)];
    assert_eq!(
        top_categories(&c, 2),
        vec![("b".into(), 5, false), ("c".into(), 2, false), ("other (2 values)".into(), 2, true)]
    );
    assert_eq!(describe_category_counts(&c, "k", 2), "Bar chart of k: b 5, c 2, and 2 other values (2)");
}
