//! Bringing new rows into the shape the model was trained on: the input columns present, read
//! as numbers or as categories like in training, with notices about what will be filled in.

use super::card::{InputKind, ModelCard};
use crate::data::csv::numbers::{classify, parse_comma_decimal, trim, Cell};
use crate::data::csv::{Expect, ReadOptions};
use crate::data::prepare::TargetEncoding;
use crate::data::table::{Column, ColumnData, Table};
use crate::error::{Error, Result};
use std::collections::BTreeMap;

/// How to read a CSV file of new rows for `card`: the numeric inputs must hold numbers, the
/// categorical ones are read as text (unless they are numeric codes), and a target with text
/// classes is read as text.
pub fn read_options(card: &ModelCard) -> ReadOptions {
    let mut expect: BTreeMap<String, Expect> = card
        .inputs
        .iter()
        .map(|c| (c.name.clone(), if c.reads_numbers() { Expect::Number } else { Expect::Text }))
        .collect();
    if let TargetEncoding::Classes { names } = &card.preparation.target {
        if names.iter().any(|n| n.parse::<f64>().is_err()) {
            expect.insert(card.target.clone(), Expect::Text);
        }
    }
    ReadOptions { expect, ..ReadOptions::default() }
}

/// New rows in the model's shape.
#[derive(Clone, Debug)]
pub struct Conformed {
    /// The input columns (and the target, when present), typed as in training.
    pub table: Table,
    /// Input columns the data lacks (only when not `strict`; they are left out of `table`).
    pub missing_columns: Vec<String>,
    /// What the user should know: cells filled in, unseen categories, cells made missing.
    pub notices: Vec<String>,
}

/// Parses one cell as a number: `Some(NaN)` for a missing token, `None` for anything that is
/// not a finite number (a decimal comma is accepted).
pub fn parse_number(cell: &str) -> Option<f64> {
    let cell = trim(cell.as_bytes());
    match classify(cell, false) {
        Cell::Missing => Some(f64::NAN),
        Cell::Number(v) => Some(v),
        Cell::Text => parse_comma_decimal(cell).filter(|v| v.is_finite()),
        Cell::NonFinite => None,
    }
}

/// A column as numbers: text cells are parsed; with `strict` one that is not a number is an
/// error naming the row, otherwise it becomes missing (counted in the second value).
fn as_numbers(column: &Column, strict: bool) -> Result<(Vec<f64>, usize)> {
    match &column.data {
        ColumnData::Numeric { values } => Ok((values.clone(), 0)),
        ColumnData::Text { .. } => {
            let mut bad = 0;
            let mut out = Vec::with_capacity(column.len());
            for r in 0..column.len() {
                let text = column.display(r);
                match text.as_deref().map(parse_number) {
                    None => out.push(f64::NAN),
                    Some(Some(v)) => out.push(v),
                    Some(None) if strict => {
                        return Err(Error::Data {
                            message: format!(
                                "row {}: `{}` is not a number, and the model reads numbers in this column. Correct it, \
                                 or leave it empty: empty cells are filled as in training.",
                                r + 1,
                                text.unwrap_or_default()
                            ),
                            line: None,
                            column: Some(column.name.clone()),
                        })
                    }
                    Some(None) => {
                        bad += 1;
                        out.push(f64::NAN);
                    }
                }
            }
            Ok((out, bad))
        }
    }
}

/// A column as text, the way the training read it (numbers written as Lantern writes them).
fn as_text(column: &Column) -> Column {
    match &column.data {
        ColumnData::Text { .. } => column.clone(),
        ColumnData::Numeric { .. } => {
            let cells: Vec<Option<String>> = (0..column.len()).map(|r| column.display(r)).collect();
            Column::text(column.name.clone(), &cells)
        }
    }
}

fn rows_word(n: usize) -> String {
    if n == 1 {
        "1 row has".into()
    } else {
        format!("{n} rows have")
    }
}

/// Brings `table` into `card`'s shape. With `strict` (prediction) missing input columns and
/// cells that are not numbers where numbers are read are errors; otherwise (drift) missing
/// columns are listed and such cells made missing, with a notice.
///
/// # Errors
/// [`Error::MissingColumns`] and [`Error::Data`] (with the column) in `strict` mode.
pub fn conform(card: &ModelCard, table: &Table, strict: bool) -> Result<Conformed> {
    let missing_columns: Vec<String> =
        card.inputs.iter().filter(|c| table.column(&c.name).is_none()).map(|c| c.name.clone()).collect();
    if strict && !missing_columns.is_empty() {
        return Err(Error::MissingColumns { missing: missing_columns, expected: card.input_names() });
    }
    let mut notices = Vec::new();
    let mut columns = Vec::new();
    for input in &card.inputs {
        let Some(column) = table.column(&input.name) else { continue };
        let name = &input.name;
        let typed = if input.reads_numbers() {
            let (values, bad) = as_numbers(column, strict)?;
            if bad > 0 {
                notices.push(format!(
                    "`{name}`: {} a value that is not a number; it is treated as missing.",
                    rows_word(bad)
                ));
            }
            Column::numeric(name.clone(), values)
        } else {
            as_text(column)
        };
        let missing = typed.missing();
        match &input.kind {
            InputKind::Numeric { fill, .. } if missing > 0 => notices.push(format!(
                "`{name}`: {} no value; filled with {} as in training.",
                rows_word(missing),
                crate::viz::compact_number(*fill)
            )),
            InputKind::Categorical { categories, fill, .. } => {
                if missing > 0 {
                    notices.push(format!(
                        "`{name}`: {} no value; filled with `{fill}` as in training.",
                        rows_word(missing)
                    ));
                }
                let mut unseen: BTreeMap<String, usize> = BTreeMap::new();
                for r in 0..typed.len() {
                    if let Some(t) = typed.display(r).filter(|t| !categories.contains(t)) {
                        *unseen.entry(t).or_insert(0) += 1;
                    }
                }
                if !unseen.is_empty() {
                    let n: usize = unseen.values().sum();
                    let names: Vec<String> = unseen.keys().take(5).map(|k| format!("`{k}`")).collect();
                    let more = if unseen.len() > 5 { format!(" and {} more", unseen.len() - 5) } else { String::new() };
                    notices.push(format!(
                        "`{name}`: {} a category the model never saw in training ({}{more}): its one-hot features are \
                         all zeros, as for unseen categories in training.",
                        rows_word(n),
                        names.join(", ")
                    ));
                }
            }
            InputKind::Numeric { .. } => {}
        }
        columns.push(typed);
    }
    if let Some(target) = table.column(&card.target).filter(|_| card.input(&card.target).is_none()) {
        let typed = match &card.preparation.target {
            TargetEncoding::Value { .. } => {
                let (values, bad) = as_numbers(target, false)?;
                if bad > 0 {
                    notices.push(format!(
                        "`{}`: {} a value that is not a number; those rows are not evaluated.",
                        card.target,
                        rows_word(bad)
                    ));
                }
                Column::numeric(card.target.clone(), values)
            }
            TargetEncoding::Classes { .. } => target.clone(),
        };
        columns.push(typed);
    }
    Ok(Conformed { table: Table { columns }, missing_columns, notices })
}
