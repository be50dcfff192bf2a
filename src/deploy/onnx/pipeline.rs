//! The fitted preparation as ONNX nodes: one graph input per original column, and the prepared
//! feature matrix `[N, F]` (float) in the order of the card's `preparation.output_names`.
//!
//! Number columns are **double** inputs: Lantern reads numbers as f64 and prepares them in f64
//! before rounding the feature to f32, and so does the graph, so the features are bit-identical
//! to `lantern predict`'s. (With float inputs `39.1` would arrive as `39.09999847…`: a tree's
//! threshold half-way between two training values can then send a row the other way —
//! measured on a 20-tree forest, 3 rows of 354 moved a probability by 0.05.)
//!
//! Per step of [`FittedPreparation::steps`], exactly as `FittedPreparation::transform_rows`:
//!
//! - **Numeric** `((x or fill) − center) / scale`: `Where(IsNaN(x), fill, x)`, `Sub`, `Div` in
//!   double, then `Cast` to float — one column.
//! - **One-hot of text**: `LabelEncoder` (ai.onnx.ml) maps each training category to its index,
//!   each missing-cell token (`""`, `NA`, `?` … as Lantern's CSV reader reads them) to the fill
//!   category's index, anything else to −1; `Equal` against `[0, 1, …, k−1]` and `Cast` give
//!   `k` 0/1 columns, all zeros for an unseen category (−1).
//! - **One-hot of numeric codes** (a number column used as categories): `Where(IsNaN(x), fill,
//!   x)`, then `Equal` against the codes (doubles; Lantern compares the numbers' shortest
//!   decimal forms, which are equal exactly when the doubles are) — all zeros for an unseen code.
//! - **Derived** (`x²`, `a·b`, `sin x` of the filled raw values): in double, then scaled like a
//!   numeric step.
//!
//! The columns are joined with one `Concat` (axis 1).

use super::graph::{Graph, ML};
use super::proto::{attr_int, attr_ints, attr_strings, dtype, value_info};
use crate::data::csv::numbers::MISSING_TOKENS;
use crate::data::prepare::{Derived, FeatureStep, FittedPreparation};
use crate::deploy::card::{InputColumn, ModelCard};
use crate::error::{BundleError, Result};
use std::collections::HashMap;

/// The symbolic number of rows.
pub const ROWS: &str = "N";

/// Adds one input per column of `card.inputs` and the nodes of the preparation; returns the
/// name of the `[N, F]` float feature matrix.
///
/// # Errors
/// [`BundleError::Damaged`] when a step reads a column the card does not list, or numeric
/// category codes are not numbers.
pub fn features(g: &mut Graph, card: &ModelCard) -> Result<String> {
    for input in &card.inputs {
        g.input(input_info(input));
    }
    let mut p = Prep { card, nan: HashMap::new() };
    let prep: &FittedPreparation = &card.preparation;
    let mut columns = Vec::with_capacity(prep.steps.len());
    for step in &prep.steps {
        columns.push(match step {
            FeatureStep::Numeric { column, fill, center, scale } => {
                let x = p.filled(g, column, *fill)?;
                scaled(g, &x, *center, *scale)
            }
            FeatureStep::OneHot { column, categories, fill } => p.one_hot(g, column, categories, fill)?,
            FeatureStep::Derived { derived, fills, center, scale } => {
                let names = derived.inputs();
                let mut v = Vec::with_capacity(names.len());
                for (name, fill) in names.iter().zip(fills) {
                    v.push(p.filled(g, name, *fill)?);
                }
                let raw = match (derived, v.as_slice()) {
                    (Derived::Square { .. }, [a]) => g.op("Mul", &[a, a], vec![]),
                    (Derived::Product { .. }, [a, b]) => g.op("Mul", &[a, b], vec![]),
                    (Derived::Sin { .. }, [a]) => g.op("Sin", &[a], vec![]),
                    _ => return Err(damaged(format!("the derived feature {} has no fill values", derived.name()))),
                };
                scaled(g, &raw, *center, *scale)
            }
        });
    }
    let refs: Vec<&str> = columns.iter().map(String::as_str).collect();
    Ok(g.op("Concat", &refs, vec![attr_int("axis", 1)]))
}

/// The graph input of one original column: `[N, 1]` double for numbers (and numeric category
/// codes), `[N, 1]` string for text categories.
fn input_info(input: &InputColumn) -> super::proto::ValueInfoProto {
    let (elem, doc) = match &input.kind {
        crate::deploy::InputKind::Numeric { .. } => (dtype::DOUBLE, "a number; NaN for a missing cell".to_string()),
        crate::deploy::InputKind::Categorical { numeric_codes: true, categories, .. } => {
            (dtype::DOUBLE, format!("a category code, one of {}; NaN for a missing cell", categories.join(", ")))
        }
        crate::deploy::InputKind::Categorical { categories, .. } => (
            dtype::STRING,
            format!(
                "a category, one of {} (trimmed of surrounding spaces); \"\" or NA for a missing cell",
                categories.join(", ")
            ),
        ),
    };
    value_info(&input.name, elem, &[Err(ROWS), Ok(1)], &doc)
}

/// `(x − center) / scale` in double, then float.
fn scaled(g: &mut Graph, x: &str, center: f64, scale: f64) -> String {
    let c = g.doubles("center", &[], vec![center]);
    let s = g.doubles("scale", &[], vec![scale]);
    let d = g.op("Sub", &[x, &c], vec![]);
    let q = g.op("Div", &[&d, &s], vec![]);
    g.op("Cast", &[&q], vec![attr_int("to", i64::from(dtype::FLOAT))])
}

fn damaged(message: String) -> crate::error::Error {
    BundleError::Damaged(message).into()
}

/// Shared per-column values: each input's NaN mask once.
struct Prep<'a> {
    card: &'a ModelCard,
    nan: HashMap<String, String>,
}

impl Prep<'_> {
    fn input(&self, column: &str) -> Result<&InputColumn> {
        self.card.input(column).ok_or_else(|| {
            damaged(format!("the preparation reads `{column}`, which model.json does not list as an input"))
        })
    }

    /// Input `column` (a number column) as double, missing cells (NaN) replaced by `fill`.
    fn filled(&mut self, g: &mut Graph, column: &str, fill: f64) -> Result<String> {
        if !self.input(column)?.reads_numbers() {
            return Err(damaged(format!("`{column}` is read as text, but a numeric step uses it")));
        }
        let nan = self.nan_mask(g, column);
        let f = g.doubles("fill", &[], vec![fill]);
        Ok(g.op("Where", &[&nan, &f, column], vec![]))
    }

    /// `IsNaN` of input `column`.
    fn nan_mask(&mut self, g: &mut Graph, column: &str) -> String {
        if let Some(m) = self.nan.get(column) {
            return m.clone();
        }
        let m = g.op("IsNaN", &[column], vec![]);
        self.nan.insert(column.to_string(), m.clone());
        m
    }

    /// `k` float 0/1 columns: the one-hot code of input `column` over `categories`.
    fn one_hot(&mut self, g: &mut Graph, column: &str, categories: &[String], fill: &str) -> Result<String> {
        let k = categories.len();
        let fill_index = categories.iter().position(|c| c == fill).map_or(-1, |i| i as i64);
        let hit = if self.input(column)?.reads_numbers() {
            let codes: Vec<f64> =
                categories.iter().map(|c| c.parse::<f64>()).collect::<std::result::Result<_, _>>().map_err(|_| {
                    damaged(format!("`{column}` holds number codes, but its categories are not numbers"))
                })?;
            let nan = self.nan_mask(g, column);
            // An unseen fill (no training rows) gives NaN: never equal to a code, all zeros.
            let fill_code = usize::try_from(fill_index).ok().map_or(f64::NAN, |i| codes[i]);
            let f = g.doubles("fill", &[], vec![fill_code]);
            let x = g.op("Where", &[&nan, &f, column], vec![]);
            let c = g.doubles("codes", &[k], codes);
            g.op("Equal", &[&x, &c], vec![])
        } else {
            let mut keys: Vec<String> = categories.to_vec();
            let mut values: Vec<i64> = (0..k as i64).collect();
            for token in MISSING_TOKENS.iter().filter(|t| !categories.iter().any(|c| c == *t)) {
                keys.push((*token).to_string());
                values.push(fill_index);
            }
            let index = g.fresh("index");
            g.node_in(
                ML,
                "LabelEncoder",
                &[column],
                &[&index],
                vec![
                    attr_strings("keys_strings", &keys),
                    attr_ints("values_int64s", values),
                    attr_int("default_int64", -1),
                ],
            );
            let positions = g.int64s("positions", &[k], (0..k as i64).collect());
            g.op("Equal", &[&index, &positions], vec![])
        };
        Ok(g.op("Cast", &[&hit], vec![attr_int("to", i64::from(dtype::FLOAT))]))
    }
}
