//! Turning a loaded [`Table`] into numeric train / validation / test matrices.
//!
//! Steps, in order: choose the target and the task; drop rows whose target is missing (and,
//! if asked, rows with missing features); split the rows (seeded, stratified by class for
//! classification); then fit every transformation on the **training rows only** — imputation
//! values, category lists, scaling statistics — and apply the fitted steps identically to all
//! three parts (and later to new rows at prediction time). The fitted steps are plain serde data
//! ([`FittedPreparation`]) stored with the run.

mod fit;
mod options;
mod split;

pub use fit::{FeatureStep, FittedPreparation, TargetEncoding};
pub use options::{CategoricalImpute, Derived, DerivedOp, NumericImpute, Scaling};
pub use split::{stratified_split, SplitFractions};

/// Sizes preparation refuses with a message, so that no table (a user's file, or one a link
/// carries) can make matrices that exhaust the tab's memory or time.
pub mod limits {
    /// Most categories one column may one-hot encode into (one feature each).
    pub const MAX_CATEGORIES: usize = 200;
    /// Most features in all, after one-hot encoding and derived features.
    pub const MAX_FEATURES: usize = 5_000;
    /// Most numbers in the prepared matrices, rows × features (50 million: 200 MB as f32).
    pub const MAX_CELLS: usize = 50_000_000;
}

use super::schema::{infer_kind, ColumnKind};
use super::table::{Column, ColumnData, Table};
use super::{Dataset, Split};
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Which task to learn, or let Lantern decide from the target column.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskChoice {
    /// Text, boolean or small-integer targets are classification; other numbers regression.
    #[default]
    Auto,
    /// Predict a number.
    Regression,
    /// Predict a class.
    Classification,
}

crate::choices!(TaskChoice, "data.prepare.task", {
    Auto => "auto", "automatic";
    Classification => "classification", "classification";
    Regression => "regression", "regression";
});

/// How to prepare a table: what the user chose (serde; part of the experiment spec).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PrepareSpec {
    /// Target column; `None` means the last column.
    pub target: Option<String>,
    /// Task, or automatic.
    pub task: TaskChoice,
    /// Feature columns; `None` means every usable column but the target (identifier-like,
    /// constant and free-text columns are left out, with the reason shown).
    pub features: Option<Vec<String>>,
    /// Missing numbers.
    pub numeric_missing: NumericImpute,
    /// Missing categories.
    pub categorical_missing: CategoricalImpute,
    /// Scaling of numeric features.
    pub scaling: Scaling,
    /// Extra features computed from numeric columns (x², x·y, sin x).
    pub derived: Vec<Derived>,
    /// Column kinds the user set, overriding the detected ones (e.g. a numeric code column
    /// treated as categorical, or a column marked as an identifier to leave it out).
    pub kinds: BTreeMap<String, ColumnKind>,
}

impl Default for PrepareSpec {
    fn default() -> Self {
        Self {
            target: None,
            task: TaskChoice::Auto,
            features: None,
            numeric_missing: NumericImpute::Mean,
            categorical_missing: CategoricalImpute::MostFrequent,
            scaling: Scaling::Standardize,
            derived: Vec::new(),
            kinds: BTreeMap::new(),
        }
    }
}

/// A prepared table: matrices ready to train on, the fitted steps, and what was done.
#[derive(Clone, Debug)]
pub struct Prepared {
    /// Train / validation / test matrices.
    pub split: Split,
    /// Validation rows (empty when the validation fraction is 0).
    pub validation: Dataset,
    /// The fitted steps, to apply to new data.
    pub fitted: FittedPreparation,
    /// Which table rows went where: (train, validation, test), each ascending, in the order of
    /// the matrices' rows.
    pub rows: (Vec<usize>, Vec<usize>, Vec<usize>),
    /// Things the user should know (rows dropped, columns left out and why).
    pub notices: Vec<String>,
}

impl PrepareSpec {
    /// The kind of `column`: the user's override, or the detected one.
    pub fn kind_of(&self, column: &Column) -> ColumnKind {
        self.kinds.get(&column.name).copied().unwrap_or_else(|| infer_kind(column))
    }
}

/// Whether a *numeric* column of this kind is one-hot encoded rather than used as a number
/// (text columns are always one-hot encoded).
pub fn is_categorical(kind: ColumnKind) -> bool {
    matches!(kind, ColumnKind::Categorical | ColumnKind::Boolean)
}

/// Why a column is not a feature by default, if it is not.
pub fn default_exclusion(kind: ColumnKind) -> Option<&'static str> {
    match kind {
        ColumnKind::Identifier => Some("looks like an identifier (every value differs)"),
        ColumnKind::Constant => Some("has a single value, so it carries no information"),
        ColumnKind::FreeText => Some("is free text (too many different values to encode)"),
        _ => None,
    }
}

/// Decides the task from the target column when the user did not.
pub fn infer_task(target: &Column, choice: TaskChoice) -> TaskChoice {
    match choice {
        TaskChoice::Auto => match &target.data {
            ColumnData::Text { .. } => TaskChoice::Classification,
            ColumnData::Numeric { values } => {
                // Whole numbers taking at most 10 values are classes. One pass that stops at the
                // first fraction or the 11th value (sorting every value took ~50 ms of the
                // page's thread for a 500,000-row file).
                let mut seen: Vec<f64> = Vec::with_capacity(11);
                for &v in values.iter().filter(|v| !v.is_nan()) {
                    if v.fract() != 0.0 {
                        return TaskChoice::Regression;
                    }
                    if !seen.contains(&v) {
                        seen.push(v);
                        if seen.len() > 10 {
                            return TaskChoice::Regression;
                        }
                    }
                }
                TaskChoice::Classification
            }
        },
        other => other,
    }
}

/// Prepares `table` per `spec`, splitting with `fractions` from `seed`.
///
/// # Errors
/// [`Error::Data`] when the target or a feature does not exist, no feature is left, a
/// classification target has a single class, or too few rows remain to split.
pub fn prepare(table: &Table, spec: &PrepareSpec, fractions: SplitFractions, seed: u64) -> Result<Prepared> {
    let s = select(table, spec)?;
    let parts = stratified_split(s.rows.len(), s.strata.as_deref(), fractions, seed)?;
    build(table, spec, &s, parts)
}

/// What preparation decides before splitting: the target, the features, the usable rows and
/// their classes.
pub(crate) struct Selection<'t> {
    /// The target column's name.
    target_name: String,
    /// The target column.
    target: &'t Column,
    /// The feature columns and their kinds.
    features: Vec<(&'t Column, ColumnKind)>,
    /// The usable table rows, ascending.
    pub rows: Vec<usize>,
    /// The class of each usable row (`None` for a regression).
    pub strata: Option<Vec<usize>>,
    /// The classes, or a regression target's encoding fitted on every usable row (refitted on
    /// the training rows by [`build`]).
    classes: TargetEncoding,
    /// Things the user should know so far.
    notices: Vec<String>,
}

/// The target, features and usable rows of `table` per `spec` (see [`prepare`]).
pub(crate) fn select<'t>(table: &'t Table, spec: &PrepareSpec) -> Result<Selection<'t>> {
    let mut notices = Vec::new();
    let target_name = match &spec.target {
        Some(t) => t.clone(),
        None => table.columns.last().map(|c| c.name.clone()).ok_or_else(|| Error::data("the table has no columns"))?,
    };
    let target = table.column(&target_name).ok_or_else(|| {
        Error::data(format!("there is no column `{target_name}` to predict; pick one of: {}", table.names().join(", ")))
    })?;
    let task = infer_task(target, spec.task);

    // Features: chosen, or every usable column but the target; each with its kind, detected
    // once.
    let features: Vec<(&Column, ColumnKind)> = match &spec.features {
        Some(names) => {
            let mut seen = std::collections::HashSet::new();
            if let Some(twice) = names.iter().find(|n| !seen.insert(n.as_str())) {
                return Err(Error::data(format!("`{twice}` is listed twice as a feature: list each column once")));
            }
            names
                .iter()
                .map(|n| match table.column(n) {
                    Some(c) => Ok((c, spec.kind_of(c))),
                    None => Err(Error::data(format!("there is no feature column `{n}` in this table"))),
                })
                .collect::<Result<_>>()?
        }
        None => table
            .columns
            .iter()
            .filter(|c| c.name != target_name)
            .map(|c| (c, spec.kind_of(c)))
            .filter(|&(c, kind)| match default_exclusion(kind) {
                Some(why) => {
                    notices.push(format!("`{}` is not used as a feature: it {why}.", c.name));
                    false
                }
                None => true,
            })
            .collect(),
    };
    if let Some((c, _)) = features.iter().find(|(c, _)| c.name == target_name) {
        return Err(Error::data(format!("`{}` is the target, so it cannot also be a feature", c.name)));
    }
    if features.is_empty() {
        return Err(Error::data("no feature columns are left: choose at least one column to learn from"));
    }

    // Rows: the target must be present; optionally every feature too.
    let mut rows: Vec<usize> = (0..table.rows()).filter(|&r| !target.is_missing(r)).collect();
    let no_target = table.rows() - rows.len();
    if no_target > 0 {
        notices.push(format!("{no_target} rows have no `{target_name}` value and were left out."));
    }
    let drop_numeric = spec.numeric_missing == NumericImpute::DropRows;
    let drop_text = spec.categorical_missing == CategoricalImpute::DropRows;
    if drop_numeric || drop_text {
        let before = rows.len();
        rows.retain(|&r| {
            features.iter().all(|(c, _)| {
                let numeric = matches!(c.data, ColumnData::Numeric { .. });
                !(c.is_missing(r) && ((numeric && drop_numeric) || (!numeric && drop_text)))
            })
        });
        if rows.len() < before {
            notices.push(format!("{} rows with missing feature values were dropped.", before - rows.len()));
        }
    }

    // Classes are known before splitting (to stratify); a regression target's scaling is
    // fitted on the training rows after it.
    let classes = TargetEncoding::fit(target, &rows, task)?;
    let strata: Option<Vec<usize>> = match &classes {
        TargetEncoding::Classes { .. } => Some(rows.iter().map(|&r| classes.encode(target, r) as usize).collect()),
        TargetEncoding::Value { .. } => None,
    };
    Ok(Selection { target_name, target, features, rows, strata, classes, notices })
}

/// The prepared matrices of a selection cut into `parts` (train, validation, test: positions
/// in `s.rows`): the preparation is fitted on the training rows only.
pub(crate) fn build(
    table: &Table,
    spec: &PrepareSpec,
    s: &Selection<'_>,
    parts: (Vec<usize>, Vec<usize>, Vec<usize>),
) -> Result<Prepared> {
    let Selection { target_name, target, features, rows, classes, .. } = s;
    let (target, rows) = (*target, rows.as_slice());
    let notices = s.notices.clone();
    let pick = |idx: &[usize]| -> Vec<usize> { idx.iter().map(|&i| rows[i]).collect() };
    let (train_rows, validation_rows, test_rows) = (pick(&parts.0), pick(&parts.1), pick(&parts.2));
    let target_encoding = match classes {
        TargetEncoding::Value { .. } => TargetEncoding::fit(target, &train_rows, TaskChoice::Regression)?,
        c => c.clone(),
    };

    let fitted = FittedPreparation::fit(table, features, &train_rows, spec, target_encoding, target_name)?;
    let width = fitted.output_names.len();
    if rows.len().saturating_mul(width) > limits::MAX_CELLS {
        return Err(Error::data(format!(
            "the prepared data would hold {} rows × {width} features = {} numbers, over the limit of {}: \
             use fewer features (or fewer categories) or a sample of the rows",
            rows.len(),
            rows.len().saturating_mul(width),
            limits::MAX_CELLS
        )));
    }
    let make = |part: &[usize]| -> Result<Dataset> {
        let x = fitted.transform_rows(table, part)?;
        let y = part.iter().map(|&r| fitted.target.encode(target, r)).collect();
        Ok(Dataset { features: fitted.output_names.clone(), x, y, task: fitted.task() })
    };
    Ok(Prepared {
        split: Split { train: make(&train_rows)?, test: make(&test_rows)? },
        validation: make(&validation_rows)?,
        fitted,
        notices,
        rows: (train_rows, validation_rows, test_rows),
    })
}

#[cfg(test)]
mod limit_tests;
#[cfg(test)]
mod tests;
