//! What the data charts take from a loaded [`Table`]: a column's distribution (its numbers, or
//! how often each text value occurs) and the numeric columns' correlation matrix for the heat map. The
//! page's data view and the report of `run --out` (`crate::viz::report`) count the same way.

use crate::data::table::{Column, ColumnData, Table, MISSING_CODE};
use serde::{Deserialize, Serialize};

/// What a column's distribution chart shows.
#[derive(Clone, Debug, PartialEq)]
pub enum Distribution {
    /// A numeric column's values, NaN for a missing cell (a histogram).
    Numbers {
        /// The column's name.
        name: String,
        /// Its cells.
        values: Vec<f64>,
    },
    /// A text column's values with how often each occurs (a bar chart).
    Categories {
        /// The column's name.
        name: String,
        /// `(value, count)`, most frequent first, ties by value (see [`by_frequency`]).
        counts: Vec<(String, u64)>,
    },
}

impl Distribution {
    /// The distribution of `column`: its numbers, or its [`level_counts`] [`by_frequency`].
    pub fn of(column: &Column) -> Distribution {
        let name = column.name.clone();
        match &column.data {
            ColumnData::Numeric { values } => Distribution::Numbers { name, values: values.clone() },
            ColumnData::Text { codes, levels } => {
                Distribution::Categories { name, counts: by_frequency(level_counts(codes, levels)) }
            }
        }
    }
}

/// How often each level of a text column occurs, in level order (first appearance); missing
/// cells are not counted, and a level without cells (after selecting rows) counts 0.
pub fn level_counts(codes: &[u32], levels: &[String]) -> Vec<(String, u64)> {
    let mut counts = vec![0u64; levels.len()];
    for &c in codes.iter().filter(|&&c| c != MISSING_CODE) {
        if let Some(n) = counts.get_mut(c as usize) {
            *n += 1;
        }
    }
    levels.iter().cloned().zip(counts).collect()
}

/// `counts` most frequent first, equal counts in the order of their values (by
/// [`crate::order::sort_by_text`]).
pub fn by_frequency(mut counts: Vec<(String, u64)>) -> Vec<(String, u64)> {
    use crate::order::{sort_by_number, sort_by_text, Direction};
    sort_by_text(&mut counts, Direction::Ascending, |p| p.0.as_str());
    sort_by_number(&mut counts, Direction::Descending, |p| p.1 as f64);
    counts
}

/// The numeric columns of `table` in table order, at most `max` of them: their names and their
/// values (NaN for missing), borrowed, not copied (a 100,000-row column is megabytes).
pub fn numeric_columns(table: &Table, max: usize) -> (Vec<String>, Vec<&[f64]>) {
    table
        .columns
        .iter()
        .filter_map(|c| match &c.data {
            ColumnData::Numeric { values } => Some((c.name.clone(), values.as_slice())),
            ColumnData::Text { .. } => None,
        })
        .take(max)
        .unzip()
}

/// The Pearson correlation of every pair of `columns`, pairwise-complete over non-finite
/// values (see the module docs): a symmetric `n × n` matrix, 1 on the diagonal of a column
/// with at least two finite values that are not all equal, NaN where undefined. Columns of
/// different lengths are compared over their common prefix.
pub fn pearson_matrix<C: AsRef<[f64]>>(columns: &[C]) -> Vec<Vec<f64>> {
    let n = columns.len();
    let mut out = vec![vec![f64::NAN; n]; n];
    for i in 0..n {
        for j in i..n {
            let r = pearson(columns[i].as_ref(), columns[j].as_ref());
            // Exactly 1 on the diagonal, not 0.9999999 from rounding.
            let r = if i == j && r.is_finite() { 1.0 } else { r };
            out[i][j] = r;
            out[j][i] = r;
        }
    }
    out
}

/// Pearson's `r` over the rows where both are finite; NaN if fewer than two or no variance.
fn pearson(x: &[f64], y: &[f64]) -> f64 {
    // Two passes over the pairs where both are finite (not collected: columns are long).
    let pairs = || x.iter().zip(y).filter(|(a, b)| a.is_finite() && b.is_finite());
    let count = pairs().count();
    if count < 2 {
        return f64::NAN;
    }
    let n = count as f64;
    let (mx, my) = pairs().fold((0.0, 0.0), |(sx, sy), (a, b)| (sx + a / n, sy + b / n));
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in pairs() {
        let (dx, dy) = (a - mx, b - my);
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    if sxx <= 0.0 || syy <= 0.0 {
        return f64::NAN;
    }
    (sxy / (sxx * syy).sqrt()).clamp(-1.0, 1.0)
}

/// Most numeric columns in the correlation heat map (the first ones in table order).
pub const CORRELATED_COLUMNS: usize = 24;

/// The correlation heat map's data: the first numeric columns' names (at most `max`, in table
/// order) and their [`pearson_matrix`]. Computed where the table is read (the worker, for a
/// user's file), so the page never loops over every row to draw it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Correlation {
    /// Column names.
    pub names: Vec<String>,
    /// `r[i][j]`: Pearson's r of columns `i` and `j` (NaN where undefined; `null` in JSON).
    #[serde(with = "nan_as_null")]
    pub r: Vec<Vec<f64>>,
}

/// A matrix with NaN cells through JSON, which has no NaN: written as `null`, read back as NaN.
mod nan_as_null {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(m: &[Vec<f64>], s: S) -> Result<S::Ok, S::Error> {
        let cells: Vec<Vec<Option<f64>>> =
            m.iter().map(|row| row.iter().map(|v| Some(*v).filter(|v| !v.is_nan())).collect()).collect();
        cells.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Vec<f64>>, D::Error> {
        let cells = Vec::<Vec<Option<f64>>>::deserialize(d)?;
        Ok(cells.into_iter().map(|row| row.into_iter().map(|v| v.unwrap_or(f64::NAN)).collect()).collect())
    }
}

impl Correlation {
    /// The correlation of `table`'s first `max` numeric columns.
    pub fn of(table: &Table, max: usize) -> Self {
        let (names, columns) = numeric_columns(table, max);
        Self { names, r: pearson_matrix(&columns) }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn pairs(p: &[(&str, u64)]) -> Vec<(String, u64)> {
        p.iter().map(|&(s, n)| (s.to_string(), n)).collect()
    }

    fn table() -> Table {
        Table {
            columns: vec![
                Column::text("colour", &[Some("red"), Some("blue"), None, Some("red"), Some("green"), Some("blue")]),
                Column::numeric("x", vec![1.0, f64::NAN, 3.0, 4.0, 5.0, 6.0]),
                Column::text("city", &[Some("b"), Some("a"), Some("c"), Some("a"), Some("b"), None]),
                Column::numeric("y", vec![0.5; 6]),
                Column::numeric("z", vec![2.0; 6]),
            ],
        }
    }

    #[test]
    fn counts_per_level_skip_missing_cells() {
        let t = table();
        let ColumnData::Text { codes, levels } = &t.columns[0].data else { panic!("text") };
        assert_eq!(level_counts(codes, levels), pairs(&[("red", 2), ("blue", 2), ("green", 1)]));
        // Every cell missing: the levels are all still there, at 0.
        let levels = vec!["p".to_string(), "q".to_string()];
        assert_eq!(level_counts(&[MISSING_CODE, 1, MISSING_CODE], &levels), pairs(&[("p", 0), ("q", 1)]));
        assert_eq!(level_counts(&[], &[]), pairs(&[]));
    }

    #[test]
    fn categories_most_frequent_first_ties_by_value() {
        let t = table();
        assert_eq!(
            Distribution::of(&t.columns[0]),
            Distribution::Categories { name: "colour".into(), counts: pairs(&[("blue", 2), ("red", 2), ("green", 1)]) }
        );
        // b, a, c in order of appearance; a and b tie at 2 and sort by value.
        assert_eq!(
            Distribution::of(&t.columns[2]),
            Distribution::Categories { name: "city".into(), counts: pairs(&[("a", 2), ("b", 2), ("c", 1)]) }
        );
        assert_eq!(by_frequency(pairs(&[("z", 1), ("y", 1), ("x", 3)])), pairs(&[("x", 3), ("y", 1), ("z", 1)]));
    }

    #[test]
    fn numbers_are_kept_with_their_missing_cells() {
        let Distribution::Numbers { name, values } = Distribution::of(&table().columns[1]) else { panic!("numbers") };
        assert_eq!(name, "x");
        assert_eq!(values.len(), 6);
        assert!(values[1].is_nan());
        assert_eq!(values[5], 6.0);
    }

    #[test]
    fn numeric_columns_in_table_order_up_to_a_cap() {
        let t = table();
        let (names, values) = numeric_columns(&t, 24);
        assert_eq!(names, ["x", "y", "z"]);
        assert_eq!(values[1], [0.5; 6]);
        assert!(values[0][1].is_nan());
        assert_eq!(numeric_columns(&t, 2).0, ["x", "y"]);
        assert_eq!(numeric_columns(&Table::default(), 5), (vec![], Vec::<&[f64]>::new()));
    }

    #[test]
    fn correlation_travels_through_json_with_its_undefined_cells() {
        let t = Table {
            columns: vec![
                Column::numeric("x", vec![1.0, 2.0, 3.0]),
                Column::numeric("k", vec![5.0, 5.0, 5.0]),
                Column::text("t", &[Some("a"), Some("b"), None]),
            ],
        };
        let c = Correlation::of(&t, 24);
        assert_eq!(c.names, ["x", "k"]);
        assert!(c.r[0][1].is_nan() && c.r[0][0] == 1.0);
        let json = serde_json::to_string(&c).unwrap();
        assert_eq!(json, r#"{"names":["x","k"],"r":[[1.0,null],[null,null]]}"#);
        let back: Correlation = serde_json::from_str(&json).unwrap();
        assert_eq!(back.r[0][0], 1.0);
        assert!(back.r[1][0].is_nan() && back.r[1][1].is_nan());
    }
}
