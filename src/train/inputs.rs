//! From an experiment's data section to train / validation / test matrices.

use crate::data::csv::{read_csv, ReadOptions};
use crate::data::prepare::{prepare, FittedPreparation, Prepared, SplitFractions};
use crate::data::{builtin, generate, split_rows_with_validation, Dataset, Split, Table};
use crate::error::{Error, Result};
use crate::spec::{DataSource, ExperimentSpec};

/// The matrices a run trains and evaluates on.
#[derive(Clone, Debug)]
pub struct RunData {
    /// Training and test rows.
    pub split: Split,
    /// Validation rows (may be empty).
    pub validation: Dataset,
    /// How a table was prepared (`None` for synthetic data, which is used raw).
    pub fitted: Option<FittedPreparation>,
    /// What the user should know about the data.
    pub notices: Vec<String>,
    /// The table rows the model trains on, ascending, in the order of `split.train`'s rows
    /// (empty for synthetic data). Exported models keep statistics of these rows for drift.
    pub train_rows: Vec<usize>,
}

/// Reads the bundled table `name`.
pub fn builtin_table(name: &str) -> Result<Table> {
    let b = builtin::builtin(name)
        .ok_or_else(|| Error::spec("data.source.name", format!("no built-in dataset `{name}`")))?;
    Ok(read_csv(b.csv()?.as_bytes(), &ReadOptions::default())?.table)
}

/// `table` prepared as a run of `spec` prepares it: split into the same rows (the seeded split,
/// or the spec's cross-validation fold) and the preparation fitted on the training rows. The
/// Python export reads the rows of each part from here.
///
/// # Errors
/// As [`prepare`].
pub fn prepare_table(spec: &ExperimentSpec, table: &Table) -> Result<Prepared> {
    let d = &spec.data;
    let fractions = SplitFractions { train: d.train_fraction, validation: d.validation_fraction };
    match &d.fold {
        Some(fold) => super::cross_validation::prepare_fold(table, d, spec.seed, fold),
        None => prepare(table, &d.prepare, fractions, spec.seed),
    }
}

/// Builds the run's data: generates synthetic points, or prepares a table — the bundled one
/// named by the spec, or `table` for a user's file.
///
/// # Errors
/// [`Error::Data`] if the spec needs a file that was not given, or preparation fails.
pub fn load_data(spec: &ExperimentSpec, table: Option<&Table>) -> Result<RunData> {
    let d = &spec.data;
    let from_table = |t: &Table| -> Result<RunData> {
        let p = prepare_table(spec, t)?;
        Ok(RunData {
            split: p.split,
            validation: p.validation,
            fitted: Some(p.fitted),
            notices: p.notices,
            train_rows: p.rows.0,
        })
    };
    match &d.source {
        DataSource::Synthetic { generator, points, noise } => {
            let data = generate(*generator, *points, *noise, spec.seed);
            let (split, validation) =
                split_rows_with_validation(&data, d.train_fraction, d.validation_fraction, spec.seed);
            Ok(RunData { split, validation, fitted: None, notices: Vec::new(), train_rows: Vec::new() })
        }
        DataSource::Builtin { name } => from_table(&builtin_table(name)?),
        DataSource::File { name } => match table {
            Some(t) => from_table(t),
            None => Err(Error::data(format!("this experiment trains on the file `{name}`: open that file first"))),
        },
    }
}
