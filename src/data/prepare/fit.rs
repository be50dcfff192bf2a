//! Fitted preparation steps: learned from the training rows, applied to any rows.

use super::options::{Derived, NumericImpute, Scaling};
use super::TaskChoice;
use crate::data::schema::ColumnKind;
use crate::data::table::{Column, ColumnData, Table, MISSING_CODE};
use crate::data::Task;
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// How the target becomes a number.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TargetEncoding {
    /// Regression: the value standardised with the training rows' mean and sd,
    /// `(y − center) / scale`, so the loss is on a unit scale whatever the target's units
    /// (R² is unchanged by this; predictions are mapped back with [`TargetEncoding::decode`]).
    Value {
        /// Training mean of the target.
        center: f64,
        /// Training population sd of the target (1 if it is constant).
        scale: f64,
    },
    /// Classification: the index of the class name in `names` (sorted).
    Classes {
        /// Class names, sorted.
        names: Vec<String>,
    },
}

fn cell_text(col: &Column, row: usize) -> Option<String> {
    col.display(row)
}

impl TargetEncoding {
    /// Learns the classes (or checks the values) of `target` over `rows`.
    pub fn fit(target: &Column, rows: &[usize], task: TaskChoice) -> Result<Self> {
        let name = &target.name;
        if task == TaskChoice::Regression {
            return match &target.data {
                ColumnData::Numeric { values } => {
                    let v: Vec<f64> = rows.iter().map(|&r| values[r]).filter(|x| !x.is_nan()).collect();
                    let (center, scale) = scaler(&v, Scaling::Standardize);
                    Ok(TargetEncoding::Value { center, scale })
                }
                ColumnData::Text { .. } => Err(Error::data(format!(
                    "`{name}` holds text, so it cannot be predicted as a number: choose classification"
                ))),
            };
        }
        let mut names: Vec<String> = rows.iter().filter_map(|&r| cell_text(target, r)).collect();
        match target.data {
            ColumnData::Numeric { .. } => {
                let mut v: Vec<f64> = names.iter().filter_map(|s| s.parse().ok()).collect();
                v.sort_by(f64::total_cmp);
                v.dedup();
                names = v.into_iter().map(|x| format!("{x}")).collect();
            }
            ColumnData::Text { .. } => {
                crate::order::sort_by_text(&mut names, crate::order::Direction::Ascending, String::as_str);
                names.dedup();
            }
        }
        if names.len() < 2 {
            return Err(Error::data(format!(
                "the target `{name}` has a single class ({}): there is nothing to learn. Pick another target, or \
                 choose regression if it is a measurement",
                names.first().map_or("no values", String::as_str)
            )));
        }
        if names.len() > 1000 {
            return Err(Error::data(format!(
                "the target `{name}` has {} different values: too many classes. Choose regression or another target",
                names.len()
            )));
        }
        Ok(TargetEncoding::Classes { names })
    }

    /// A model output back in the target's units (regression) or unchanged (class index).
    pub fn decode(&self, output: f64) -> f64 {
        match self {
            TargetEncoding::Value { center, scale } => output * scale + center,
            TargetEncoding::Classes { .. } => output,
        }
    }

    /// The number for `target`'s cell `row` (NaN when missing or an unseen class).
    pub fn encode(&self, target: &Column, row: usize) -> f32 {
        match self {
            TargetEncoding::Value { center, scale } => match &target.data {
                ColumnData::Numeric { values } => ((values[row] - center) / scale) as f32,
                ColumnData::Text { .. } => f32::NAN,
            },
            TargetEncoding::Classes { names } => {
                cell_text(target, row).and_then(|t| names.iter().position(|n| *n == t)).map_or(f32::NAN, |i| i as f32)
            }
        }
    }
}

/// One fitted transformation producing one or more output features.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum FeatureStep {
    /// `((x or fill) − center) / scale`.
    Numeric {
        /// Source column.
        column: String,
        /// Value used for a missing cell.
        fill: f64,
        /// Subtracted.
        center: f64,
        /// Divided by (never 0).
        scale: f64,
    },
    /// One 0/1 feature per training category; an unseen category gives all zeros.
    OneHot {
        /// Source column.
        column: String,
        /// Categories in training, in order of first appearance.
        categories: Vec<String>,
        /// Category used for a missing cell.
        fill: String,
    },
    /// A derived feature of filled raw values, then scaled.
    Derived {
        /// What is computed.
        derived: Derived,
        /// Fill value per input column.
        fills: Vec<f64>,
        /// Subtracted.
        center: f64,
        /// Divided by (never 0).
        scale: f64,
    },
}

/// Everything learned from the training rows: apply it to any table with the same columns.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FittedPreparation {
    /// Target column name.
    pub target_column: String,
    /// How the target is encoded.
    pub target: TargetEncoding,
    /// Steps, in output order.
    pub steps: Vec<FeatureStep>,
    /// Names of the output features.
    pub output_names: Vec<String>,
}

fn numeric_values(col: &Column) -> Result<&[f64]> {
    match &col.data {
        ColumnData::Numeric { values } => Ok(values),
        ColumnData::Text { .. } => Err(Error::data(format!("`{}` is not numeric", col.name))),
    }
}

fn mean(v: &[f64]) -> f64 {
    if v.is_empty() {
        0.0
    } else {
        v.iter().sum::<f64>() / v.len() as f64
    }
}

fn median(v: &[f64]) -> f64 {
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    match s.len() {
        0 => 0.0,
        n if n % 2 == 1 => s[n / 2],
        n => (s[n / 2 - 1] + s[n / 2]) / 2.0,
    }
}

/// (center, scale) of `values` for `scaling`; a zero spread scales by 1.
fn scaler(values: &[f64], scaling: Scaling) -> (f64, f64) {
    let (center, spread) = match scaling {
        Scaling::None => (0.0, 1.0),
        Scaling::Standardize => {
            let m = mean(values);
            let var = mean(&values.iter().map(|v| (v - m) * (v - m)).collect::<Vec<_>>());
            (m, var.sqrt())
        }
        Scaling::MinMax => {
            let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
            let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            if lo.is_finite() {
                (lo, hi - lo)
            } else {
                (0.0, 1.0)
            }
        }
    };
    (center, if spread > 0.0 && spread.is_finite() { spread } else { 1.0 })
}

impl FittedPreparation {
    /// Fits the steps for `features` on `train_rows` of `table`, each feature with its kind
    /// (detecting a kind counts the column's distinct values: [`super::prepare`] does it once
    /// per column).
    pub fn fit(
        table: &Table,
        features: &[(&Column, ColumnKind)],
        train_rows: &[usize],
        spec: &super::PrepareSpec,
        target: TargetEncoding,
        target_column: &str,
    ) -> Result<Self> {
        let mut steps = Vec::new();
        let mut fills: HashMap<String, f64> = HashMap::new();
        for &(col, kind) in features {
            let as_categories = super::is_categorical(kind);
            match &col.data {
                ColumnData::Numeric { .. } if as_categories => {
                    // A numeric code used as categories: one-hot over its distinct values.
                    let mut categories: Vec<String> = Vec::new();
                    let mut counts: HashMap<String, usize> = HashMap::new();
                    for &r in train_rows {
                        if let Some(t) = cell_text(col, r) {
                            if !counts.contains_key(&t) {
                                categories.push(t.clone());
                            }
                            *counts.entry(t).or_insert(0) += 1;
                        }
                    }
                    let fill = categories
                        .iter()
                        .fold((String::new(), 0), |b, c| {
                            let n = counts.get(c).copied().unwrap_or(0);
                            if n > b.1 {
                                (c.clone(), n)
                            } else {
                                b
                            }
                        })
                        .0;
                    check_category_count(&col.name, categories.len())?;
                    steps.push(FeatureStep::OneHot { column: col.name.clone(), categories, fill });
                }
                ColumnData::Numeric { values } => {
                    let present: Vec<f64> = train_rows.iter().map(|&r| values[r]).filter(|v| !v.is_nan()).collect();
                    let fill = match spec.numeric_missing {
                        NumericImpute::Median => median(&present),
                        NumericImpute::Mean | NumericImpute::DropRows => mean(&present),
                    };
                    let filled: Vec<f64> =
                        train_rows.iter().map(|&r| if values[r].is_nan() { fill } else { values[r] }).collect();
                    let (center, scale) = scaler(&filled, spec.scaling);
                    fills.insert(col.name.clone(), fill);
                    steps.push(FeatureStep::Numeric { column: col.name.clone(), fill, center, scale });
                }
                ColumnData::Text { codes, levels } => {
                    let mut counts = vec![0usize; levels.len()];
                    for &r in train_rows {
                        if let Some(c) = counts.get_mut(codes[r] as usize) {
                            *c += 1;
                        }
                    }
                    let categories: Vec<String> =
                        levels.iter().zip(&counts).filter(|(_, &n)| n > 0).map(|(l, _)| l.clone()).collect();
                    // Most frequent; ties go to the first seen.
                    let best = counts.iter().enumerate().fold((0, 0), |b, (i, &n)| if n > b.1 { (i, n) } else { b });
                    let fill = levels.get(best.0).cloned().unwrap_or_default();
                    check_category_count(&col.name, categories.len())?;
                    steps.push(FeatureStep::OneHot { column: col.name.clone(), categories, fill });
                }
            }
        }
        check_width(&steps, spec.derived.len())?;
        for d in &spec.derived {
            let inputs: Vec<&Column> = d
                .inputs()
                .iter()
                .map(|n| table.column(n).ok_or_else(|| Error::data(format!("derived feature: no column `{n}`"))))
                .collect::<Result<_>>()?;
            let input_fills: Vec<f64> = inputs
                .iter()
                .map(|c| {
                    let v = numeric_values(c)?;
                    let present: Vec<f64> = train_rows.iter().map(|&r| v[r]).filter(|x| !x.is_nan()).collect();
                    Ok(*fills.get(&c.name).unwrap_or(&mean(&present)))
                })
                .collect::<Result<_>>()?;
            let raw: Vec<f64> =
                train_rows.iter().map(|&r| derived_value(d, &inputs, &input_fills, r)).collect::<Result<_>>()?;
            let (center, scale) = scaler(&raw, spec.scaling);
            steps.push(FeatureStep::Derived { derived: d.clone(), fills: input_fills, center, scale });
        }
        let output_names = steps
            .iter()
            .flat_map(|s| match s {
                FeatureStep::Numeric { column, .. } => vec![column.clone()],
                FeatureStep::OneHot { column, categories, .. } => {
                    categories.iter().map(|c| format!("{column}={c}")).collect()
                }
                FeatureStep::Derived { derived, .. } => vec![derived.name()],
            })
            .collect();
        Ok(Self { target_column: target_column.to_string(), target, steps, output_names })
    }

    /// The learning task this preparation produces.
    pub fn task(&self) -> Task {
        match &self.target {
            TargetEncoding::Value { .. } => Task::Regression,
            TargetEncoding::Classes { names } => Task::Classification { classes: names.len() },
        }
    }

    /// Row-major features (`rows.len() × output_names.len()`) of `rows` of `table`.
    ///
    /// # Errors
    /// [`Error::Data`] when a needed column is missing or has the wrong type.
    pub fn transform_rows(&self, table: &Table, rows: &[usize]) -> Result<Vec<f32>> {
        let width = self.output_names.len();
        let mut out = vec![0f32; rows.len() * width];
        let mut offset = 0;
        let find = |name: &str| {
            table
                .column(name)
                .ok_or_else(|| Error::data(format!("the data has no column `{name}`, which the model needs")))
        };
        for step in &self.steps {
            match step {
                FeatureStep::Numeric { column, fill, center, scale } => {
                    let v = numeric_values(find(column)?)?;
                    for (i, &r) in rows.iter().enumerate() {
                        let x = if v[r].is_nan() { *fill } else { v[r] };
                        out[i * width + offset] = ((x - center) / scale) as f32;
                    }
                    offset += 1;
                }
                FeatureStep::OneHot { column, categories, fill } => {
                    let col = find(column)?;
                    let fill_index = categories.iter().position(|c| c == fill);
                    let index_of: Vec<Option<usize>> = match &col.data {
                        ColumnData::Text { levels, .. } => {
                            levels.iter().map(|l| categories.iter().position(|c| c == l)).collect()
                        }
                        ColumnData::Numeric { .. } => Vec::new(),
                    };
                    for (i, &r) in rows.iter().enumerate() {
                        let k = match &col.data {
                            ColumnData::Text { codes, .. } if codes[r] == MISSING_CODE => fill_index,
                            ColumnData::Text { codes, .. } => index_of.get(codes[r] as usize).copied().flatten(),
                            ColumnData::Numeric { .. } => match cell_text(col, r) {
                                None => fill_index,
                                Some(t) => categories.iter().position(|c| *c == t),
                            },
                        };
                        if let Some(k) = k {
                            out[i * width + offset + k] = 1.0;
                        }
                    }
                    offset += categories.len();
                }
                FeatureStep::Derived { derived, fills, center, scale } => {
                    let inputs: Vec<&Column> = derived.inputs().iter().map(|n| find(n)).collect::<Result<_>>()?;
                    for (i, &r) in rows.iter().enumerate() {
                        let x = derived_value(derived, &inputs, fills, r)?;
                        out[i * width + offset] = ((x - center) / scale) as f32;
                    }
                    offset += 1;
                }
            }
        }
        Ok(out)
    }

    /// The steps in words, for the page's "preparation" list.
    pub fn describe(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .steps
            .iter()
            .map(|s| match s {
                FeatureStep::Numeric { column, fill, center, scale } => {
                    format!("{column}: missing → {}; then (x − {}) / {}", short(*fill), short(*center), short(*scale))
                }
                FeatureStep::OneHot { column, categories, fill } => format!(
                    "{column}: one-hot over {} categories ({}); missing → {fill}; unseen → all zeros",
                    categories.len(),
                    categories.join(", ")
                ),
                FeatureStep::Derived { derived, center, scale, .. } => {
                    format!("{}: derived; then (x − {}) / {}", derived.name(), short(*center), short(*scale))
                }
            })
            .collect();
        out.push(match &self.target {
            TargetEncoding::Value { center, scale } => format!(
                "target {}: predicted as a number, trained as (y − {}) / {}",
                self.target_column,
                short(*center),
                short(*scale)
            ),
            TargetEncoding::Classes { names } => {
                format!("target {}: {} classes ({})", self.target_column, names.len(), names.join(", "))
            }
        });
        out
    }
}

/// One-hot encoding adds one feature per category: refuse an explosion.
fn check_category_count(name: &str, n: usize) -> Result<()> {
    if n > super::limits::MAX_CATEGORIES {
        return Err(Error::data(format!(
            "`{name}` has {n} categories, more than the {} one column may have: one-hot encoding would add that \
             many features. Leave it out of the features, or treat it as a number",
            super::limits::MAX_CATEGORIES
        )));
    }
    Ok(())
}

/// The features `steps` make plus `derived` ones must stay within [`super::limits::MAX_FEATURES`]
/// (checked before the derived features are computed). The message names the widest columns.
fn check_width(steps: &[FeatureStep], derived: usize) -> Result<()> {
    let width = |s: &FeatureStep| match s {
        FeatureStep::OneHot { categories, .. } => categories.len(),
        _ => 1,
    };
    let total = steps.iter().map(width).sum::<usize>().saturating_add(derived);
    if total <= super::limits::MAX_FEATURES {
        return Ok(());
    }
    let mut widest: Vec<(&str, usize)> = steps
        .iter()
        .filter_map(|s| match s {
            FeatureStep::OneHot { column, categories, .. } => Some((column.as_str(), categories.len())),
            _ => None,
        })
        .collect();
    crate::order::sort_by_number(&mut widest, crate::order::Direction::Descending, |w| w.1 as f64);
    let named: Vec<String> = widest.iter().take(3).map(|(c, n)| format!("`{c}` ({n})")).collect();
    let hint = if named.is_empty() {
        String::new()
    } else {
        format!(" The columns with the most categories: {}.", named.join(", "))
    };
    Err(Error::data(format!(
        "the features would be {total} numbers per row after one-hot encoding, more than the limit of {}. \
         Leave some columns (or derived features) out of the features, or treat category codes as numbers.{hint}",
        super::limits::MAX_FEATURES
    )))
}

fn short(v: f64) -> String {
    format!("{}", (v * 1e4).round() / 1e4)
}

fn derived_value(d: &Derived, inputs: &[&Column], fills: &[f64], row: usize) -> Result<f64> {
    let mut v = Vec::with_capacity(inputs.len());
    for (c, &fill) in inputs.iter().zip(fills) {
        let x = numeric_values(c)?[row];
        v.push(if x.is_nan() { fill } else { x });
    }
    Ok(d.apply(&v))
}
