//! The size limits of preparation: categories per column, features in all, numbers in the
//! matrices, and a feature listed twice. Each is refused with a message saying what to do.

use super::*;
use crate::data::table::Column;

/// A text column whose row `r` holds category `r % categories`.
fn cycling(name: &str, rows: usize, categories: usize) -> Column {
    let cells: Vec<Option<String>> = (0..rows).map(|r| Some(format!("k{}", r % categories))).collect();
    Column::text(name, &cells)
}

fn target(rows: usize) -> Column {
    Column::numeric("y", (0..rows).map(|r| r as f64 * 0.5).collect())
}

/// Fits on every row (so every category is a training category) and returns the error text.
fn fit_error(table: &Table) -> Option<String> {
    let (features, y) = table.columns.split_at(table.columns.len() - 1);
    let features: Vec<_> = features.iter().map(|c| (c, PrepareSpec::default().kind_of(c))).collect();
    let rows: Vec<usize> = (0..table.rows()).collect();
    let enc = TargetEncoding::fit(&y[0], &rows, TaskChoice::Regression).unwrap();
    FittedPreparation::fit(table, &features, &rows, &PrepareSpec::default(), enc, "y").err().map(|e| e.to_string())
}

#[test]
fn categories_per_column_are_capped_at_200() {
    let at = Table { columns: vec![cycling("city", 400, 200), target(400)] };
    assert_eq!(fit_error(&at), None);
    let over = Table { columns: vec![cycling("city", 400, 201), target(400)] };
    let e = fit_error(&over).unwrap();
    assert!(e.contains("`city` has 201 categories, more than the 200 one column may have"), "{e}");
    assert!(e.contains("Leave it out of the features, or treat it as a number"), "{e}");
}

#[test]
fn features_in_all_are_capped_at_5000() {
    // 25 columns × 200 categories = 5,000 features: allowed. One more numeric column: 5,001.
    let mut columns: Vec<Column> = (0..25).map(|j| cycling(&format!("c{j}"), 200, 200)).collect();
    columns.push(target(200));
    assert_eq!(fit_error(&Table { columns: columns.clone() }), None);
    columns.insert(0, Column::numeric("n", vec![1.0; 200]));
    columns[3] = cycling("c2", 200, 7); // 24 × 200 + 7 + 1 = 4,808: allowed again
    assert_eq!(fit_error(&Table { columns: columns.clone() }), None);
    columns[3] = cycling("c2", 200, 200); // 25 × 200 + 1 = 5,001
    let e = fit_error(&Table { columns }).unwrap();
    assert!(
        e.contains("the features would be 5001 numbers per row after one-hot encoding, more than the limit of 5000"),
        "{e}"
    );
    assert!(e.contains("The columns with the most categories: `c0` (200), `c1` (200), `c2` (200)."), "{e}");
}

#[test]
fn derived_features_count_before_they_are_computed() {
    let table = Table { columns: vec![Column::numeric("a", vec![1.0, 2.0, 3.0, 4.0]), target(4)] };
    let rows = [0, 1, 2, 3];
    let enc = TargetEncoding::fit(&table.columns[1], &rows, TaskChoice::Regression).unwrap();
    let spec = PrepareSpec { derived: vec![Derived::Sin { column: "a".into() }; 5_000], ..PrepareSpec::default() };
    let features = vec![(&table.columns[0], spec.kind_of(&table.columns[0]))];
    let e = FittedPreparation::fit(&table, &features, &rows, &spec, enc, "y").unwrap_err().to_string();
    assert!(e.contains("would be 5001 numbers per row"), "{e}");
}

#[test]
fn prepared_matrices_are_capped_at_50_million_numbers() {
    // 250,001 rows × 200 one-hot features = 50,000,200 numbers.
    let rows = 250_001;
    let table = Table { columns: vec![cycling("k", rows, 200), target(rows)] };
    let fractions = SplitFractions { train: 0.6, validation: 0.0 };
    let e = prepare(&table, &PrepareSpec::default(), fractions, 1).unwrap_err().to_string();
    assert!(e.contains("250001 rows × 200 features = 50000200 numbers, over the limit of 50000000"), "{e}");
}

#[test]
fn a_feature_listed_twice_is_refused() {
    let table = Table { columns: vec![Column::numeric("a", vec![1.0, 2.0, 3.0, 4.0]), target(4)] };
    let spec = PrepareSpec { features: Some(vec!["a".into(), "a".into()]), ..PrepareSpec::default() };
    let e = prepare(&table, &spec, SplitFractions { train: 0.5, validation: 0.0 }, 1).unwrap_err().to_string();
    assert_eq!(e, "`a` is listed twice as a feature: list each column once");
}
