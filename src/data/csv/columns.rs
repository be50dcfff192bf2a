//! Building columns from cells.
//!
//! Every column is first read as numbers ([`NumberColumn`], one `f64` per cell, no strings).
//! A column is numeric when at least 90 % of its present (non-missing) cells are numbers; the
//! other cells are then made missing and listed in a notice. Non-finite numbers (`inf`,
//! `1e400`) count as numbers for that rule but are never kept: they become missing too, with a
//! notice of their own. Columns that fail the rule are read again as text ([`TextColumn`]).

use super::numbers::{self, Cell};
use super::Notice;
use crate::data::table::MISSING_CODE;
use std::collections::HashMap;

/// How many example lines a notice lists before "and N more".
const EXAMPLES: usize = 10;

/// A count of cells of some sort, with the first few lines and values.
#[derive(Clone, Debug, Default)]
pub struct Examples {
    /// How many there are.
    pub count: usize,
    /// The first [`EXAMPLES`]: line and (shortened) cell text.
    pub first: Vec<(usize, String)>,
}

impl Examples {
    /// Counts one more, remembering it if it is among the first.
    pub fn add(&mut self, line: usize, value: &[u8]) {
        self.count += 1;
        if self.first.len() < EXAMPLES {
            let text = String::from_utf8_lossy(value);
            self.first.push((line, crate::text::ellipsis(&text, 41)));
        }
    }

    /// "line 5 `abc`, line 9 `x` and 3 more" (without values when `with_values` is false).
    pub fn describe(&self, with_values: bool) -> String {
        let parts: Vec<String> = self
            .first
            .iter()
            .map(|(line, v)| if with_values { format!("line {line} `{v}`") } else { format!("line {line}") })
            .collect();
        let more = self.count.saturating_sub(self.first.len());
        if more > 0 {
            format!("{} and {more} more", parts.join(", "))
        } else {
            parts.join(", ")
        }
    }

    /// Line of the first one.
    pub fn first_line(&self) -> Option<usize> {
        self.first.first().map(|(l, _)| *l)
    }
}

/// A column read as numbers (first pass).
#[derive(Clone, Debug, Default)]
pub struct NumberColumn {
    /// One value per row; NaN when missing, not finite, or not a number.
    pub values: Vec<f64>,
    /// Present (non-missing) cells, numbers or not.
    pub present: usize,
    /// Cells that are not numbers.
    pub text: Examples,
    /// Cells that are numbers but not finite.
    pub non_finite: Examples,
}

impl NumberColumn {
    /// Adds the cell of the next row (whitespace around a number never matters, even quoted).
    #[inline]
    pub fn push(&mut self, cell: &[u8], line: usize, decimal_comma: bool) {
        let cell = numbers::trim(cell);
        let value = match numbers::classify(cell, decimal_comma) {
            Cell::Number(v) => {
                self.present += 1;
                v
            }
            Cell::Missing => f64::NAN,
            Cell::NonFinite => {
                self.present += 1;
                self.non_finite.add(line, cell);
                f64::NAN
            }
            Cell::Text => {
                self.present += 1;
                self.text.add(line, cell);
                f64::NAN
            }
        };
        self.values.push(value);
    }

    /// The 90 % rule (a column without any present cell is numeric: all missing).
    pub fn is_numeric(&self) -> bool {
        let numbers = self.present - self.text.count;
        numbers.saturating_mul(10) >= self.present.saturating_mul(9)
    }

    /// Notices about the cells a numeric column made missing.
    pub fn notices(&self, name: &str) -> Vec<Notice> {
        let mut out = Vec::new();
        if self.text.count > 0 {
            out.push(Notice {
                message: format!(
                    "{} of {} {} made missing (the column is numeric): {}. \
                     Fix them in the file if they are typos.",
                    self.text.count,
                    self.present,
                    if self.text.count == 1 {
                        "values is not a number and was"
                    } else {
                        "values are not numbers and were"
                    },
                    self.text.describe(true)
                ),
                line: self.text.first_line(),
                column: Some(name.to_string()),
            });
        }
        if self.non_finite.count > 0 {
            out.push(Notice {
                message: format!(
                    "{} not finite (infinite, too large or NaN) and made missing: {}.",
                    if self.non_finite.count == 1 {
                        "1 value is".to_string()
                    } else {
                        format!("{} values are", self.non_finite.count)
                    },
                    self.non_finite.describe(true)
                ),
                line: self.non_finite.first_line(),
                column: Some(name.to_string()),
            });
        }
        out
    }
}

/// A column read as text (second pass), dictionary-encoded as it goes.
#[derive(Clone, Debug, Default)]
pub struct TextColumn {
    /// One code per row.
    pub codes: Vec<u32>,
    /// Distinct values in order of first appearance.
    pub levels: Vec<String>,
    index: HashMap<String, u32>,
}

impl TextColumn {
    /// Adds the cell of the next row (trimmed unless quoted; all-blank or a missing token is missing).
    pub fn push(&mut self, cell: &[u8]) {
        if numbers::is_missing(numbers::trim(cell)) {
            self.codes.push(MISSING_CODE);
            return;
        }
        let text = String::from_utf8_lossy(cell);
        let code = match self.index.get(text.as_ref()) {
            Some(&c) => c,
            None => {
                // More than 4 billion levels cannot fit in memory anyway; never panic.
                let c = u32::try_from(self.levels.len()).unwrap_or(MISSING_CODE);
                self.levels.push(text.to_string());
                self.index.insert(text.into_owned(), c);
                c
            }
        };
        self.codes.push(code);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_with_junk() {
        let mut c = NumberColumn::default();
        for (i, cell) in ["1", "NA", "x", "2.5", "inf", "3"].iter().enumerate() {
            c.push(cell.as_bytes(), i + 2, false);
        }
        assert_eq!(c.present, 5);
        assert_eq!((c.text.count, c.non_finite.count), (1, 1));
        assert!(!c.is_numeric()); // 4 of 5 = 80 %
        assert_eq!(c.text.describe(true), "line 4 `x`");
        let mut e = Examples::default();
        for l in 0..13 {
            e.add(l, b"v");
        }
        assert!(e.describe(false).ends_with("line 9 and 3 more"));
    }

    #[test]
    fn text_is_dictionary_encoded() {
        let mut t = TextColumn::default();
        for cell in ["b", "a", "", "b"] {
            t.push(cell.as_bytes());
        }
        assert_eq!(t.codes, [0, 1, MISSING_CODE, 0]);
        assert_eq!(t.levels, ["b", "a"]);
    }
}
