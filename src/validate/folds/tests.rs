use super::*;

/// Every fold's train and test are disjoint and cover the rows; every row is tested exactly once.
fn assert_partition(folds: &[Fold], rows: usize) {
    let mut tested = vec![0usize; rows];
    for f in folds {
        let mut all: Vec<usize> = f.train.iter().chain(&f.test).copied().collect();
        all.sort_unstable();
        assert_eq!(all, (0..rows).collect::<Vec<_>>(), "train ∪ test is every row once");
        assert!(f.train.windows(2).all(|w| w[0] < w[1]) && f.test.windows(2).all(|w| w[0] < w[1]));
        for &i in &f.test {
            tested[i] += 1;
        }
    }
    assert!(tested.iter().all(|&t| t == 1), "every row is tested exactly once: {tested:?}");
}

fn tests(folds: &[Fold]) -> Vec<Vec<usize>> {
    folds.iter().map(|f| f.test.clone()).collect()
}

#[test]
fn k_fold_by_hand() {
    let folds = k_fold(7, 3, None).unwrap();
    assert_eq!(tests(&folds), vec![vec![0, 1, 2], vec![3, 4], vec![5, 6]]);
    assert_eq!(folds[1].train, vec![0, 1, 2, 5, 6]);
    assert_partition(&folds, 7);
    // Leave-one-out is k = rows.
    assert_eq!(tests(&k_fold(3, 3, None).unwrap()), vec![vec![0], vec![1], vec![2]]);
}

#[test]
fn shuffled_k_fold_is_seeded_and_a_partition() {
    for n in [10, 11, 57] {
        for k in [2, 3, 5, 10] {
            let a = k_fold(n, k, Some(4)).unwrap();
            assert_partition(&a, n);
            let sizes: Vec<usize> = a.iter().map(|f| f.test.len()).collect();
            assert!(sizes.iter().max().unwrap() - sizes.iter().min().unwrap() <= 1, "{sizes:?}");
            assert_eq!(a, k_fold(n, k, Some(4)).unwrap());
        }
    }
    assert_ne!(k_fold(30, 5, Some(4)).unwrap(), k_fold(30, 5, Some(5)).unwrap());
    assert_ne!(k_fold(30, 5, Some(4)).unwrap(), k_fold(30, 5, None).unwrap());
}

#[test]
fn refusals_say_what_to_do() {
    assert_eq!(k_fold(5, 1, None), Err(ValidateError::TooFewFolds { k: 1 }));
    assert_eq!(k_fold(5, 6, None), Err(ValidateError::MoreFoldsThanRows { k: 6, rows: 5 }));
    let e = stratified_k_fold(&[0, 0, 0, 1, 1, 0], 3, None).unwrap_err();
    assert_eq!(e, ValidateError::ClassTooSmall { class: 1, count: 2, k: 3 });
    assert!(e.to_string().contains("choose at most 2 folds"), "{e}");
    assert_eq!(group_k_fold(&[1, 1, 2, 2], 3, None), Err(ValidateError::TooFewGroups { groups: 2, k: 3 }));
    let e = time_series_split(10, SeriesSettings { k: 3, gap: 4, test_size: Some(2), max_train: None });
    assert_eq!(e, Err(ValidateError::SeriesTooShort { rows: 10, k: 3, test_size: 2, gap: 4 }));
    let e = make_folds(&Folding::Stratified { k: 2, shuffle: false }, 4, None, None, 1).unwrap_err();
    assert!(e.to_string().contains("regression"), "{e}");
    let e = make_folds(&Folding::Group { k: 2, shuffle: false }, 4, None, Some(&[1, 2, 3]), 1).unwrap_err();
    assert_eq!(e, ValidateError::LengthMismatch { what: "group values", found: 3, rows: 4 });
    let as_crate: crate::Error = e.into();
    assert!(matches!(as_crate, crate::Error::Data { .. }));
}

#[test]
fn stratified_by_hand() {
    // Classes by first appearance: label 1 → class A (rows 0, 2, 4, 6), label 0 → B (rows 1, 3, 5).
    // Sorted order [A A A A B B B] dealt to 2 folds: fold 0 gets positions 0, 2, 4, 6 (A, A, B, B),
    // fold 1 gets 1, 3, 5 (A, A, B). A's rows fill folds [0, 0, 1, 1], B's [0, 0, 1], in table
    // order. (scikit-learn's StratifiedKFold(2) gives the same.)
    let folds = stratified_k_fold(&[1, 0, 1, 0, 1, 0, 1], 2, None).unwrap();
    assert_eq!(tests(&folds), vec![vec![0, 1, 2, 3], vec![4, 5, 6]]);
    assert_partition(&folds, 7);
}

/// Each fold's count of every class within one row of `n_c / k`, fold sizes within one row.
fn assert_stratified(labels: &[usize], folds: &[Fold]) {
    let k = folds.len();
    let classes = labels.iter().max().unwrap() + 1;
    for c in 0..classes {
        let n_c = labels.iter().filter(|&&l| l == c).count();
        for f in folds {
            let in_fold = f.test.iter().filter(|&&i| labels[i] == c).count();
            assert!(in_fold == n_c / k || in_fold == n_c.div_ceil(k), "class {c}: {in_fold} of {n_c} in a fold of {k}");
        }
    }
    let sizes: Vec<usize> = folds.iter().map(|f| f.test.len()).collect();
    assert!(sizes.iter().max().unwrap() - sizes.iter().min().unwrap() <= 1, "{sizes:?}");
}

#[test]
fn stratification_within_one_row_on_many_tables() {
    let mut rng = SeededRng::new(11, Stream::Data);
    for trial in 0..60 {
        let n = 20 + rng.below(200);
        let classes = 2 + rng.below(4);
        let k = 2 + rng.below(6);
        // Skewed classes: class c drawn with weight c + 1, every class at least k rows.
        let mut labels: Vec<usize> = (0..n).map(|_| rng.below(classes * (classes + 1) / 2)).collect();
        for l in &mut labels {
            let (mut c, mut acc) = (0, 1);
            while *l >= acc {
                c += 1;
                acc += c + 1;
            }
            *l = c;
        }
        for c in 0..classes {
            labels.extend(std::iter::repeat_n(c, k));
        }
        let shuffle = (trial % 2 == 0).then_some(trial as u64);
        let folds = stratified_k_fold(&labels, k, shuffle).unwrap();
        assert_partition(&folds, labels.len());
        assert_stratified(&labels, &folds);
        assert_eq!(folds, stratified_k_fold(&labels, k, shuffle).unwrap(), "seeded");
    }
}

#[test]
fn groups_never_split_and_folds_balanced() {
    // Sizes: g7 ×5, g3 ×4, g1 ×3, g9 ×2, g5 ×1 over 3 folds → 5 | 4+1 | 3+2.
    let groups = [7, 3, 1, 9, 7, 3, 1, 5, 7, 3, 9, 7, 1, 3, 7];
    let folds = group_k_fold(&groups, 3, None).unwrap();
    assert_partition(&folds, groups.len());
    let sizes: Vec<usize> = folds.iter().map(|f| f.test.len()).collect();
    assert_eq!(sizes, vec![5, 5, 5]);
    assert!(folds[0].test.iter().all(|&i| groups[i] == 7));
    let mut rng = SeededRng::new(5, Stream::Data);
    for trial in 0..40 {
        let n = 30 + rng.below(300);
        let distinct = 5 + rng.below(40);
        let groups: Vec<u64> = (0..n).map(|_| rng.below(distinct) as u64 * 10).collect();
        let present = {
            let mut g = groups.clone();
            g.sort_unstable();
            g.dedup();
            g.len()
        };
        let k = 2 + rng.below(present.min(8) - 1);
        let shuffle = (trial % 2 == 1).then_some(trial as u64);
        let folds = group_k_fold(&groups, k, shuffle).unwrap();
        assert_partition(&folds, n);
        for f in &folds {
            for &i in &f.train {
                assert!(!f.test.iter().any(|&j| groups[j] == groups[i]), "group {} split", groups[i]);
            }
        }
        assert_eq!(folds, group_k_fold(&groups, k, shuffle).unwrap());
    }
}

#[test]
fn group_placement_is_balanced_within_the_largest_group() {
    // Largest-first onto the lightest fold: the folds' sizes differ by at most the largest group.
    let mut rng = SeededRng::new(9, Stream::Data);
    for _ in 0..30 {
        let groups: Vec<usize> = (0..400).map(|_| rng.below(60)).collect();
        let largest = (0..60).map(|g| groups.iter().filter(|&&x| x == g).count()).max().unwrap();
        for shuffle in [None, Some(3)] {
            let sizes: Vec<usize> = group_k_fold(&groups, 5, shuffle).unwrap().iter().map(|f| f.test.len()).collect();
            assert!(sizes.iter().max().unwrap() - sizes.iter().min().unwrap() <= largest, "{sizes:?}");
        }
    }
}

#[test]
fn time_series_by_hand_and_order() {
    // sklearn: TimeSeriesSplit(n_splits=3) on 10 rows: test_size 2, tests [4,5], [6,7], [8,9].
    let s = SeriesSettings { k: 3, gap: 0, test_size: None, max_train: None };
    let folds = time_series_split(10, s).unwrap();
    assert_eq!(tests(&folds), vec![vec![4, 5], vec![6, 7], vec![8, 9]]);
    assert_eq!(folds[0].train, vec![0, 1, 2, 3]);
    let with_gap = time_series_split(10, SeriesSettings { gap: 1, max_train: Some(2), ..s }).unwrap();
    assert_eq!(with_gap[2].train, vec![5, 6]);
    assert_eq!(with_gap[0].train, vec![1, 2]);
    for n in [6, 13, 100] {
        for k in 2..5 {
            for gap in 0..3 {
                let Ok(folds) = time_series_split(n, SeriesSettings { k, gap, test_size: None, max_train: None })
                else {
                    continue;
                };
                for f in &folds {
                    let last_train = *f.train.last().unwrap();
                    assert!(last_train + gap < f.test[0], "training ends {gap} rows before the test block");
                    assert!(f.test.windows(2).all(|w| w[1] == w[0] + 1));
                }
                assert!(folds.windows(2).all(|w| w[0].test.last().unwrap() + 1 == w[1].test[0]));
                assert_eq!(*folds.last().unwrap().test.last().unwrap(), n - 1);
            }
        }
    }
}

#[test]
fn time_series_by_a_time_column() {
    let times = [5.0, 1.0, 4.0, 2.0, 3.0, 0.0];
    let s = SeriesSettings { k: 2, gap: 0, test_size: Some(2), max_train: None };
    let folds = time_series_split_by(&times, s).unwrap();
    // Time order: rows 5, 1, 3, 4, 2, 0.
    assert_eq!(folds[0], Fold { train: vec![5, 1], test: vec![3, 4] });
    assert_eq!(folds[1], Fold { train: vec![5, 1, 3, 4], test: vec![2, 0] });
    for f in &folds {
        let latest_train = f.train.iter().map(|&i| times[i]).fold(f64::MIN, f64::max);
        assert!(f.test.iter().all(|&i| times[i] > latest_train), "no training row is later than a test row");
    }
    let e = time_series_split_by(&[0.0, f64::NAN, 1.0], s).unwrap_err();
    assert!(matches!(e, ValidateError::NotFinite { row: 1, .. }));
}

#[test]
fn make_folds_dispatches_and_marks_rows() {
    let labels = [0, 1, 0, 1, 0, 1, 0, 1];
    let folds = make_folds(&Folding::Stratified { k: 2, shuffle: true }, 8, Some(&labels), None, 3).unwrap();
    assert_eq!(folds, stratified_k_fold(&labels, 2, Some(3)).unwrap());
    let s = Folding::TimeSeries(SeriesSettings { k: 2, gap: 0, test_size: None, max_train: None });
    let folds = make_folds(&s, 6, None, None, 0).unwrap();
    assert_eq!(test_fold_of_rows(&folds, 6), vec![None, None, Some(0), Some(0), Some(1), Some(1)]);
    assert_eq!(s.k(), 2);
    assert_eq!(Folding::standard(5, true), Folding::Stratified { k: 5, shuffle: true });
    assert_eq!(Folding::standard(3, false).k(), 3);
    let json = serde_json::to_string(&Folding::KFold { k: 5, shuffle: true }).unwrap();
    assert_eq!(json, r#"{"kind":"k_fold","k":5,"shuffle":true}"#);
    let back: Folding = serde_json::from_str(r#"{"kind":"time_series","k":3}"#).unwrap();
    assert_eq!(back, Folding::TimeSeries(SeriesSettings { k: 3, gap: 0, test_size: None, max_train: None }));
}

#[test]
fn class_labels_checked() {
    assert_eq!(class_labels(&[0.0, 2.0, 1.0], 3).unwrap(), vec![0, 2, 1]);
    assert!(matches!(class_labels(&[0.0, 1.5], 3), Err(ValidateError::NotAClass { .. })));
    assert!(matches!(class_labels(&[3.0], 3), Err(ValidateError::NotAClass { max: 2, .. })));
}
