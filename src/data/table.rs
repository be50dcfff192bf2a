//! A loaded table: named columns of numbers or text, as read from a file, before any
//! preparation. Memory-lean so 100,000-row files fit comfortably in a browser tab: numbers are
//! `f64` with NaN for missing; text is dictionary-encoded (one `u32` code per cell).

use serde::{Deserialize, Serialize};

/// Code of a missing text cell.
pub const MISSING_CODE: u32 = u32::MAX;

/// Cell storage of one column.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "storage", rename_all = "snake_case")]
pub enum ColumnData {
    /// Numbers; `NaN` marks a missing cell. Never holds ±infinity.
    Numeric {
        /// One value per row.
        values: Vec<f64>,
    },
    /// Text, dictionary-encoded: `codes[row]` indexes `levels`, or is [`MISSING_CODE`].
    Text {
        /// One code per row.
        codes: Vec<u32>,
        /// Distinct values, in order of first appearance.
        levels: Vec<String>,
    },
}

/// One named column.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Column {
    /// Header name (unique within the table).
    pub name: String,
    /// The cells.
    pub data: ColumnData,
}

impl Column {
    /// A numeric column.
    pub fn numeric(name: impl Into<String>, values: Vec<f64>) -> Self {
        Self { name: name.into(), data: ColumnData::Numeric { values } }
    }

    /// A text column from optional strings (`None` = missing), dictionary-encoding them.
    pub fn text<S: AsRef<str>>(name: impl Into<String>, cells: &[Option<S>]) -> Self {
        let mut levels: Vec<String> = Vec::new();
        let mut index = std::collections::HashMap::<String, u32>::new();
        let codes = cells
            .iter()
            .map(|c| match c {
                None => MISSING_CODE,
                Some(s) => {
                    let s = s.as_ref();
                    *index.entry(s.to_string()).or_insert_with(|| {
                        levels.push(s.to_string());
                        (levels.len() - 1) as u32
                    })
                }
            })
            .collect();
        Self { name: name.into(), data: ColumnData::Text { codes, levels } }
    }

    /// Number of cells.
    pub fn len(&self) -> usize {
        match &self.data {
            ColumnData::Numeric { values } => values.len(),
            ColumnData::Text { codes, .. } => codes.len(),
        }
    }

    /// True when the column has no cells.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether cell `row` is missing.
    pub fn is_missing(&self, row: usize) -> bool {
        match &self.data {
            ColumnData::Numeric { values } => values[row].is_nan(),
            ColumnData::Text { codes, .. } => codes[row] == MISSING_CODE,
        }
    }

    /// Number of missing cells.
    pub fn missing(&self) -> usize {
        (0..self.len()).filter(|&r| self.is_missing(r)).count()
    }

    /// The cell as display text (`None` when missing).
    pub fn display(&self, row: usize) -> Option<String> {
        match &self.data {
            ColumnData::Numeric { values } => {
                let v = values[row];
                (!v.is_nan()).then(|| format!("{v}"))
            }
            ColumnData::Text { codes, levels } => levels.get(codes[row] as usize).cloned(),
        }
    }
}

/// A rectangular table: every column has `rows` cells.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Table {
    /// Columns in file order.
    pub columns: Vec<Column>,
}

impl Table {
    /// Number of rows (0 for a table without columns).
    pub fn rows(&self) -> usize {
        self.columns.first().map_or(0, Column::len)
    }

    /// The column called `name`.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// Column names in order.
    pub fn names(&self) -> Vec<&str> {
        self.columns.iter().map(|c| c.name.as_str()).collect()
    }

    /// A table of the given rows (in that order; each must be `< rows()`), every column kept
    /// with its type (text columns keep their levels).
    pub fn select_rows(&self, rows: &[usize]) -> Table {
        let columns = self
            .columns
            .iter()
            .map(|c| Column {
                name: c.name.clone(),
                data: match &c.data {
                    ColumnData::Numeric { values } => {
                        ColumnData::Numeric { values: rows.iter().map(|&r| values[r]).collect() }
                    }
                    ColumnData::Text { codes, levels } => {
                        ColumnData::Text { codes: rows.iter().map(|&r| codes[r]).collect(), levels: levels.clone() }
                    }
                },
            })
            .collect();
        Table { columns }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_columns_are_dictionary_encoded() {
        let c = Column::text("species", &[Some("a"), None, Some("b"), Some("a")]);
        let ColumnData::Text { codes, levels } = &c.data else { panic!() };
        assert_eq!(codes, &[0, MISSING_CODE, 1, 0]);
        assert_eq!(levels, &["a", "b"]);
        assert_eq!(c.missing(), 1);
        assert_eq!(c.display(2).as_deref(), Some("b"));
        assert_eq!(c.display(1), None);
    }

    #[test]
    fn numeric_missing_is_nan() {
        let c = Column::numeric("x", vec![1.0, f64::NAN, 2.5]);
        assert_eq!(c.missing(), 1);
        assert_eq!(c.display(2).as_deref(), Some("2.5"));
        let t = Table { columns: vec![c] };
        assert_eq!(t.rows(), 3);
        assert!(t.column("x").is_some() && t.column("y").is_none());
    }
}
