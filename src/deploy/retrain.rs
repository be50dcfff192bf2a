//! Retraining a model on new rows: the training table (old rows and new, or new only) and the
//! experiment that trains it like the original — same features, target, task, preparation
//! choices, network, training settings and seed.

use super::card::ModelCard;
use super::conform::conform;
use crate::data::prepare::{prepare, FeatureStep, SplitFractions, TaskChoice};
use crate::data::table::{Column, ColumnData, Table};
use crate::error::{Error, Result};
use crate::spec::{DataSource, ExperimentSpec};
use serde::{Deserialize, Serialize};

/// Which rows to retrain on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RetrainRows {
    /// The original table's rows, then the new ones.
    OldAndNew,
    /// The new rows only.
    NewOnly,
}

/// A retraining run, ready for [`crate::train::Trainer::with_table`].
#[derive(Clone, Debug)]
pub struct RetrainPlan {
    /// The experiment: the original one, on the file `table` (named as given).
    pub spec: ExperimentSpec,
    /// The model's input columns and target (only those), old rows first.
    pub table: Table,
    /// Rows taken: (old, new).
    pub rows: (usize, usize),
    /// What the user should know (from checking the new rows).
    pub notices: Vec<String>,
}

/// Plans a retraining of `card`'s model on `new` rows (which must hold every input column and
/// the target), with the `old` table (the one trained on: the user's file, or the bundled
/// table) for [`RetrainRows::OldAndNew`]. The result is saved as `file_name` in the spec.
///
/// # Errors
/// [`Error::MissingColumns`] when `new` (or `old`) lacks an input column or the target;
/// [`Error::Data`] for a cell that is not a number in a numeric input, new rows without any
/// target value, or `OldAndNew` without the old table.
pub fn retrain_plan(
    card: &ModelCard,
    old: Option<&Table>,
    new: &Table,
    rows: RetrainRows,
    file_name: &str,
) -> Result<RetrainPlan> {
    let need = |t: &Table, which: &str| -> Result<Table> {
        if t.column(&card.target).is_none() {
            let mut expected = card.input_names();
            expected.push(card.target.clone());
            return Err(Error::MissingColumns { missing: vec![card.target.clone()], expected });
        }
        let c = conform(card, t, true).map_err(|e| match e {
            Error::MissingColumns { mut missing, mut expected } => {
                expected.push(card.target.clone());
                crate::order::sort_by_text(&mut missing, crate::order::Direction::Ascending, String::as_str);
                Error::MissingColumns { missing, expected }
            }
            other => other,
        })?;
        let target = c.table.column(&card.target).map_or(0, |t| t.len() - t.missing());
        if target == 0 {
            return Err(Error::data(format!(
                "the {which} rows have no `{}` value: retraining needs rows whose answer is known",
                card.target
            )));
        }
        Ok(c.table)
    };
    let new_table = need(new, "new")?;
    let mut notices = Vec::new();
    let (table, counts) = match rows {
        RetrainRows::NewOnly => {
            let n = new_table.rows();
            (new_table, (0, n))
        }
        RetrainRows::OldAndNew => {
            let old = old.ok_or_else(|| {
                Error::data("retraining on old and new rows needs the table the model was trained on: open it too")
            })?;
            let old_table = need(old, "old")?;
            let counts = (old_table.rows(), new_table.rows());
            (concat(&old_table, &new_table), counts)
        }
    };
    notices.push(format!("retraining on {} old and {} new rows", counts.0, counts.1));
    let mut spec = card.spec.clone();
    spec.data.source = DataSource::File { name: file_name.to_string() };
    let p = &mut spec.data.prepare;
    p.target = Some(card.target.clone());
    p.task = if card.task.is_classification() { TaskChoice::Classification } else { TaskChoice::Regression };
    // The same features as the model, whatever other columns a new file has.
    p.features = Some(
        card.preparation
            .steps
            .iter()
            .filter_map(|s| match s {
                FeatureStep::Numeric { column, .. } | FeatureStep::OneHot { column, .. } => Some(column.clone()),
                FeatureStep::Derived { .. } => None,
            })
            .collect(),
    );
    // Generated data was used raw: keep it raw.
    if matches!(card.spec.data.source, DataSource::Synthetic { .. }) {
        p.scaling = crate::data::prepare::Scaling::None;
    }
    spec.validate()?;
    Ok(RetrainPlan { spec, table, rows: counts, notices })
}

/// The table `card`'s model was trained on, for [`RetrainRows::OldAndNew`]: the bundled
/// table read again, the generated points made again from the seed (`x1`, `x2` and `label` or
/// `y`), or `file` — the user's file as `(name, table)` — when it is the file named in the
/// model's spec.
///
/// # Errors
/// [`Error::Data`] saying which file to open when the model was trained on a file that is not
/// `file`.
pub fn old_table(card: &ModelCard, file: Option<(&str, &Table)>) -> Result<Table> {
    match &card.spec.data.source {
        DataSource::Builtin { name } => crate::train::inputs::builtin_table(name),
        DataSource::Synthetic { generator, points, noise } => {
            let data = crate::data::generate(*generator, *points, *noise, card.spec.seed);
            let mut columns: Vec<Column> = (0..data.width())
                .map(|j| {
                    Column::numeric(
                        data.features[j].clone(),
                        (0..data.rows()).map(|i| f64::from(data.row(i)[j])).collect(),
                    )
                })
                .collect();
            let target = super::build::synthetic_target(data.task);
            columns.push(Column::numeric(target, data.y.iter().map(|&y| f64::from(y)).collect()));
            Ok(Table { columns })
        }
        DataSource::File { name } => match file {
            Some((open, table)) if open == name => Ok(table.clone()),
            _ => Err(Error::data(format!(
                "retraining on old and new rows needs `{name}`, the file the model was trained on: open it in the \
                 Data panel first, or retrain on the new rows only"
            ))),
        },
    }
}

/// The test rows (indices into `table`) of a run of `spec` on `table`: the rows its test
/// evaluation is computed on, for evaluating another model on the very same rows.
///
/// # Errors
/// As the preparation ([`crate::data::prepare::prepare`]).
pub fn test_rows(spec: &ExperimentSpec, table: &Table) -> Result<Vec<usize>> {
    let d = &spec.data;
    let fractions = SplitFractions { train: d.train_fraction, validation: d.validation_fraction };
    Ok(prepare(table, &d.prepare, fractions, spec.seed)?.rows.2)
}

/// The rows of `a` then those of `b`, column by column (same names, in `a`'s order). A column
/// numeric in both stays numeric; otherwise both are joined as text.
fn concat(a: &Table, b: &Table) -> Table {
    let columns = a
        .columns
        .iter()
        .filter_map(|ca| {
            let cb = b.column(&ca.name)?;
            Some(match (&ca.data, &cb.data) {
                (ColumnData::Numeric { values: va }, ColumnData::Numeric { values: vb }) => {
                    Column::numeric(ca.name.clone(), va.iter().chain(vb).copied().collect())
                }
                _ => {
                    let cells: Vec<Option<String>> =
                        (0..ca.len()).map(|r| ca.display(r)).chain((0..cb.len()).map(|r| cb.display(r))).collect();
                    Column::text(ca.name.clone(), &cells)
                }
            })
        })
        .collect();
    Table { columns }
}
