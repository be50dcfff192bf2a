//! Rows as a web page holds them — JSON objects keyed by the original column names — in, the
//! predictions as JSON out: what the web predictor's wasm entry (`src/bin/lantern_predictor.rs`)
//! does with `JSON.stringify(rows)`. Cells are read as [`Predictor::predict_row`] reads a form's
//! text: numbers (as JSON numbers or their text, a decimal comma accepted) in the numeric
//! inputs, category names in the others; `null`, `""` and the missing tokens (`NA`, `?`, …)
//! are filled as in training; a category never seen in training counts as none of the known
//! ones. So the predictions are `lantern predict`'s, bit for bit (one code path).

use crate::data::csv::numbers::{is_missing, trim};
use crate::data::table::{Column, Table};
use crate::deploy::conform::parse_number;
use crate::deploy::{ModelCard, Prediction, Predictor};
use crate::error::{Error, Result};
use serde_json::{json, Value};

/// Predictions for `rows` (a JSON array of objects): a JSON array with, per row,
/// `{"label", "probabilities"}` (probabilities in the order of the card's classes) for a
/// classifier or `{"value"}` (in the target's units) for a regression.
///
/// # Errors
/// [`Error::Data`] naming the row (1-based) and the column: text that is not JSON or not an
/// array of objects, an input absent from a row, text that is not a number in a numeric input,
/// a cell that is neither text, a number nor null.
pub fn predict_json(predictor: &Predictor, rows: &str) -> Result<String> {
    let rows: Value = serde_json::from_str(rows).map_err(|e| Error::data(format!("the rows are not JSON: {e}")))?;
    let Value::Array(rows) = rows else { return Err(Error::data("give the rows as an array of objects")) };
    if rows.is_empty() {
        return Ok("[]".into());
    }
    let table = table_of(predictor.card(), &rows)?;
    let batch = predictor.predict_table(&table)?;
    let out: Vec<Value> = batch
        .predictions
        .iter()
        .map(|p| match p {
            Prediction::Class { class, probabilities, .. } => json!({"label": class, "probabilities": probabilities}),
            Prediction::Value { value } => json!({"value": value}),
        })
        .collect();
    Ok(Value::Array(out).to_string())
}

/// The model's input columns from `rows`, typed as in training (the numeric inputs as numbers,
/// NaN when missing; the others as text, `None` when missing).
///
/// # Errors
/// As [`predict_json`].
pub fn table_of(card: &ModelCard, rows: &[Value]) -> Result<Table> {
    let mut columns = Vec::with_capacity(card.inputs.len());
    for input in &card.inputs {
        let name = &input.name;
        let cells: Vec<&Value> = rows
            .iter()
            .enumerate()
            .map(|(i, row)| match row {
                Value::Object(cells) => cells.get(name).ok_or_else(|| {
                    Error::data(format!("row {} has no `{name}` (give null or '' for a missing value)", i + 1))
                }),
                _ => Err(Error::data(format!("row {} is not an object keyed by the column names", i + 1))),
            })
            .collect::<Result<_>>()?;
        let column = if input.reads_numbers() {
            let values = cells.iter().enumerate().map(|(i, v)| number(v, i, name)).collect::<Result<Vec<f64>>>()?;
            Column::numeric(name.clone(), values)
        } else {
            let texts = cells.iter().enumerate().map(|(i, v)| category(v, i, name)).collect::<Result<Vec<_>>>()?;
            Column::text(name.clone(), &texts)
        };
        columns.push(column);
    }
    Ok(Table { columns })
}

/// A numeric input's cell of row `i` (0-based): NaN when missing.
fn number(cell: &Value, i: usize, column: &str) -> Result<f64> {
    let parsed = match cell {
        Value::Null => Some(f64::NAN),
        Value::Number(n) => n.as_f64(),
        Value::String(s) => parse_number(s),
        _ => None,
    };
    parsed.ok_or_else(|| {
        Error::data(format!(
            "row {}, {column}: `{}` is not a number, and the model reads numbers here (leave it empty for a missing value)",
            i + 1,
            shown(cell)
        ))
    })
}

/// A categorical input's cell of row `i` (0-based), trimmed; `None` when missing.
fn category(cell: &Value, i: usize, column: &str) -> Result<Option<String>> {
    let text = match cell {
        Value::Null => return Ok(None),
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => {
            return Err(Error::data(format!(
                "row {}, {column}: `{}` is not a category name (give text, or null for a missing value)",
                i + 1,
                shown(cell)
            )))
        }
    };
    let cell = trim(text.as_bytes());
    Ok((!is_missing(cell)).then(|| String::from_utf8_lossy(cell).into_owned()))
}

/// A cell as the error shows it: text without its quotes, anything else as JSON.
fn shown(cell: &Value) -> String {
    match cell {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
