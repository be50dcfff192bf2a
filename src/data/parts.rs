//! A [`Table`] split into its column heads (names and text levels: small, sent as JSON) and its
//! cells (one array of numbers per column: large, sent as typed arrays beside the JSON, never
//! written out as text), and joined again. This is how a table read in the worker reaches the
//! page without the page reading the file a second time.

use super::table::{Column, ColumnData, Table, MISSING_CODE};
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};

/// A column without its cells.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ColumnHead {
    /// Column name.
    pub name: String,
    /// The distinct values of a text column, in code order; `None` for a numeric column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub levels: Option<Vec<String>>,
}

/// The cells of one column.
#[derive(Clone, Debug, PartialEq)]
pub enum Cells {
    /// A numeric column's values (NaN = missing).
    Numbers(Vec<f64>),
    /// A text column's codes into its levels ([`MISSING_CODE`] = missing).
    Codes(Vec<u32>),
}

impl Table {
    /// The table as column heads and cells, in column order.
    pub fn into_parts(self) -> (Vec<ColumnHead>, Vec<Cells>) {
        self.columns
            .into_iter()
            .map(|c| match c.data {
                ColumnData::Numeric { values } => (ColumnHead { name: c.name, levels: None }, Cells::Numbers(values)),
                ColumnData::Text { codes, levels } => {
                    (ColumnHead { name: c.name, levels: Some(levels) }, Cells::Codes(codes))
                }
            })
            .unzip()
    }

    /// The column heads alone (what [`Table::into_parts`] gives first), without touching the
    /// cells.
    pub fn heads(&self) -> Vec<ColumnHead> {
        self.columns
            .iter()
            .map(|c| ColumnHead {
                name: c.name.clone(),
                levels: match &c.data {
                    ColumnData::Numeric { .. } => None,
                    ColumnData::Text { levels, .. } => Some(levels.clone()),
                },
            })
            .collect()
    }

    /// Joins what [`Table::into_parts`] split.
    ///
    /// # Errors
    /// [`Error::Protocol`] when the parts do not fit together: a different number of heads and
    /// cell arrays, numbers for a text column (or codes for a numeric one), columns of
    /// different lengths, or a code beyond its column's levels.
    pub fn from_parts(heads: Vec<ColumnHead>, cells: Vec<Cells>) -> Result<Table> {
        let broken = |what: String| Error::Protocol(format!("the table sent by the worker is damaged: {what}"));
        if heads.len() != cells.len() {
            return Err(broken(format!("{} column names for {} columns of cells", heads.len(), cells.len())));
        }
        let columns = heads
            .into_iter()
            .zip(cells)
            .map(|(head, cells)| {
                let data = match (head.levels, cells) {
                    (None, Cells::Numbers(values)) => ColumnData::Numeric { values },
                    (Some(levels), Cells::Codes(codes)) => {
                        if codes.iter().any(|&c| c != MISSING_CODE && c as usize >= levels.len()) {
                            return Err(broken(format!("column `{}` has a code beyond its values", head.name)));
                        }
                        ColumnData::Text { codes, levels }
                    }
                    _ => return Err(broken(format!("column `{}` has cells of the wrong kind", head.name))),
                };
                Ok(Column { name: head.name, data })
            })
            .collect::<Result<Vec<_>>>()?;
        let table = Table { columns };
        if table.columns.iter().any(|c| c.len() != table.rows()) {
            return Err(broken("its columns have different lengths".into()));
        }
        Ok(table)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn table() -> Table {
        Table {
            columns: vec![
                Column::numeric("x", vec![1.5, f64::NAN, -2.0]),
                Column::text("species", &[Some("a"), None, Some("b")]),
            ],
        }
    }

    #[test]
    fn parts_join_to_the_same_table() {
        assert_eq!(table().heads(), table().into_parts().0);
        let (heads, cells) = table().into_parts();
        assert_eq!(heads[1].levels.as_deref(), Some(&["a".to_string(), "b".to_string()][..]));
        assert_eq!(cells[1], Cells::Codes(vec![0, MISSING_CODE, 1]));
        let back = Table::from_parts(heads, cells).unwrap();
        // NaN ≠ NaN: compare the bits.
        let bits = |t: &Table| match &t.columns[0].data {
            ColumnData::Numeric { values } => values.iter().map(|v| v.to_bits()).collect::<Vec<_>>(),
            ColumnData::Text { .. } => Vec::new(),
        };
        assert_eq!(bits(&back), bits(&table()));
        assert_eq!(back.columns[1], table().columns[1]);
        // The heads travel as JSON.
        let (heads, _) = table().into_parts();
        let json = serde_json::to_string(&heads).unwrap();
        assert_eq!(json, r#"[{"name":"x"},{"name":"species","levels":["a","b"]}]"#);
    }

    #[test]
    fn damaged_parts_are_refused() {
        let (heads, mut cells) = table().into_parts();
        assert!(Table::from_parts(heads.clone(), cells[..1].to_vec()).is_err());
        let swapped = vec![cells[1].clone(), cells[0].clone()];
        assert!(Table::from_parts(heads.clone(), swapped).is_err());
        cells[1] = Cells::Codes(vec![0, 2, 1]);
        assert!(Table::from_parts(heads.clone(), cells.clone()).is_err());
        cells[1] = Cells::Codes(vec![0, 1]);
        let err = Table::from_parts(heads, cells).unwrap_err().to_string();
        assert!(err.contains("different lengths"), "{err}");
    }
}
