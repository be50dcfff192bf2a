//! Building a [`ModelBundle`] from a finished (or stopped) run.

use super::card::{
    Architecture, BaselineFit, InputColumn, InputKind, ModelCard, RowCounts, TrainingSummary, WeightsInfo, FORMAT,
    NETWORK_FORMAT_VERSION, WEIGHTS_FILE,
};
use super::reference::reference_of;
use super::{weights, ModelBundle};
use crate::data::prepare::{FeatureStep, FittedPreparation, TargetEncoding};
use crate::data::table::{Column, ColumnData, Table};
use crate::data::Task;
use crate::error::{Error, Result};
use crate::spec::link::sha256_hex;
use crate::spec::DataSource;
use crate::train::evaluation::training_mean;
use crate::train::inputs::builtin_table;
use crate::train::trainer::outputs_for;
use crate::train::Trainer;

/// Name of the target of generated data in a bundle: `label` (classes `0`, `1`) or `y`.
pub fn synthetic_target(task: Task) -> &'static str {
    if task.is_classification() {
        "label"
    } else {
        "y"
    }
}

impl ModelBundle {
    /// The bundle of `trainer`'s current weights (after a stop that restored the best epoch,
    /// those), with its card. `table` is the user's table for a run on a file (the one it was
    /// trained on; the statistics of its training rows go into the card); bundled tables are
    /// read again, and generated data needs none.
    ///
    /// # Errors
    /// [`Error::Data`] when a file's table is not given or is not the one trained on; tensor
    /// errors as they come.
    pub fn from_trainer(trainer: &Trainer, table: Option<&Table>) -> Result<Self> {
        let spec = trainer.spec();
        let task = trainer.split().train.task;
        let (table, preparation, rows) = match (&spec.data.source, trainer.preparation()) {
            (DataSource::Synthetic { .. }, _) => {
                let (t, p) = synthetic_table(trainer);
                let rows = (0..t.rows()).collect();
                (std::borrow::Cow::Owned(t), p, rows)
            }
            (DataSource::Builtin { name }, Some(f)) => {
                (std::borrow::Cow::Owned(builtin_table(name)?), f.clone(), trainer.training_rows().to_vec())
            }
            (DataSource::File { name }, Some(f)) => {
                let t = table.ok_or_else(|| {
                    Error::data(format!("exporting this model needs the table it was trained on (`{name}`)"))
                })?;
                (std::borrow::Cow::Borrowed(t), f.clone(), trainer.training_rows().to_vec())
            }
            (_, None) => return Err(Error::data("this run has no fitted preparation to export")),
        };
        if rows.iter().any(|&r| r >= table.rows()) || rows.len() != trainer.split().train.rows() {
            return Err(Error::data(
                "this table is not the one the model was trained on: give the same file to export the model",
            ));
        }
        let inputs = input_columns(&table, &preparation, &rows)?;
        let reference = inputs
            .iter()
            .map(|i| {
                let column = table.column(&i.name).ok_or_else(|| Error::data(format!("no column `{}`", i.name)))?;
                Ok(reference_of(column, &i.kind, &rows, spec.seed))
            })
            .collect::<Result<Vec<_>>>()?;
        // A network's weights, or the fitted model that is not a network.
        let learner = trainer.learner().and_then(|l| l.model());
        let layers = match trainer.model() {
            Some(network) => network.weights()?,
            None => Vec::new(),
        };
        let (file, bytes, tensors, format_version) = match &learner {
            Some(model) => {
                let f = super::bundle::learner_file(model)?;
                (f.name, f.bytes, f.tensors, f.format_version)
            }
            None => (WEIGHTS_FILE, weights::encode(&layers)?, weights::tensor_infos(&layers), NETWORK_FORMAT_VERSION),
        };
        let train = &trainer.split().train;
        let baseline = match task {
            Task::Classification { classes } => {
                let mut train_counts = vec![0u64; classes];
                for &y in &train.y {
                    if let Some(c) = train_counts.get_mut(y as usize) {
                        *c += 1;
                    }
                }
                BaselineFit::Classes { train_counts }
            }
            // The same decoded f32 targets as the trainer's test evaluation uses.
            Task::Regression => BaselineFit::Mean {
                mean: training_mean(
                    &train.y.iter().map(|&v| preparation.target.decode(f64::from(v)) as f32).collect::<Vec<_>>(),
                ),
            },
        };
        let last = trainer.history().last().cloned();
        let card = ModelCard {
            format: FORMAT.into(),
            format_version,
            lantern_version: env!("CARGO_PKG_VERSION").into(),
            created: None,
            task,
            target: preparation.target_column.clone(),
            class_names: trainer.class_names(),
            architecture: Architecture {
                inputs: train.width(),
                hidden: spec.model.hidden.clone(),
                outputs: outputs_for(task),
                activation: spec.model.activation,
                parameters: trainer.size(),
                features: preparation.output_names.clone(),
                family: spec.model.learner.as_ref().map(|l| l.family().to_string()),
            },
            inputs,
            preparation,
            spec: spec.clone(),
            training: TrainingSummary {
                epochs: trainer.epoch(),
                steps: trainer.steps(),
                stopped_at: trainer.stopped_at(),
                rows: RowCounts {
                    train: train.rows(),
                    validation: trainer.validation().rows(),
                    test: trainer.split().test.rows(),
                },
                last_epoch: last,
            },
            test: trainer.evaluate_test()?,
            baseline,
            reference,
            weights: WeightsInfo { file: file.into(), sha256: sha256_hex(&bytes), tensors },
        };
        Ok(Self { card, layers, learner })
    }
}

/// The exported zip of `trainer`'s model ([`ModelBundle::from_trainer`], then
/// [`ModelBundle::to_zip`]): a worker session's [`crate::train::Exporter`].
///
/// # Errors
/// As those two.
pub fn export_zip(trainer: &Trainer, table: Option<&Table>) -> Result<Vec<u8>> {
    ModelBundle::from_trainer(trainer, table)?.to_zip()
}

/// Generated data as a table (`x1`, `x2` and the target, training rows only) and the identity
/// preparation that reproduces its raw features: `(x − 0) / 1`, missing → the training mean.
fn synthetic_table(trainer: &Trainer) -> (Table, FittedPreparation) {
    let train = &trainer.split().train;
    let task = train.task;
    let mut columns: Vec<Column> = (0..train.width())
        .map(|j| {
            Column::numeric(train.features[j].clone(), (0..train.rows()).map(|i| f64::from(train.row(i)[j])).collect())
        })
        .collect();
    let n = train.rows().max(1) as f64;
    let steps = (0..train.width())
        .map(|j| {
            let fill = (0..train.rows()).map(|i| f64::from(train.row(i)[j])).sum::<f64>() / n;
            FeatureStep::Numeric { column: train.features[j].clone(), fill, center: 0.0, scale: 1.0 }
        })
        .collect();
    let target = match task {
        Task::Classification { classes } => {
            TargetEncoding::Classes { names: (0..classes).map(|c| c.to_string()).collect() }
        }
        Task::Regression => TargetEncoding::Value { center: 0.0, scale: 1.0 },
    };
    let name = synthetic_target(task);
    columns.push(Column::numeric(name, train.y.iter().map(|&y| f64::from(y)).collect()));
    let preparation =
        FittedPreparation { target_column: name.into(), target, steps, output_names: train.features.clone() };
    (Table { columns }, preparation)
}

/// The original columns the preparation reads, in the table's order, with the training `rows`'
/// ranges.
fn input_columns(table: &Table, preparation: &FittedPreparation, rows: &[usize]) -> Result<Vec<InputColumn>> {
    let range = |name: &str| -> (f64, f64) {
        match table.column(name).map(|c| &c.data) {
            Some(ColumnData::Numeric { values }) => rows
                .iter()
                .map(|&r| values[r])
                .filter(|v| v.is_finite())
                .fold((f64::NAN, f64::NAN), |(lo, hi), v| (lo.min(v), hi.max(v))),
            _ => (f64::NAN, f64::NAN),
        }
    };
    let mut found: Vec<InputColumn> = Vec::new();
    let mut add = |name: &str, kind: InputKind| {
        if !found.iter().any(|c| c.name == name) {
            found.push(InputColumn { name: name.to_string(), kind });
        }
    };
    for step in &preparation.steps {
        match step {
            FeatureStep::Numeric { column, fill, .. } => {
                let (min, max) = range(column);
                add(column, InputKind::Numeric { fill: *fill, min, max });
            }
            FeatureStep::OneHot { column, categories, fill } => {
                let numeric_codes = matches!(table.column(column).map(|c| &c.data), Some(ColumnData::Numeric { .. }));
                add(
                    column,
                    InputKind::Categorical { categories: categories.clone(), fill: fill.clone(), numeric_codes },
                );
            }
            FeatureStep::Derived { derived, fills, .. } => {
                for (name, fill) in derived.inputs().into_iter().zip(fills) {
                    let (min, max) = range(name);
                    add(name, InputKind::Numeric { fill: *fill, min, max });
                }
            }
        }
    }
    let position = |name: &str| table.columns.iter().position(|c| c.name == name);
    if let Some(c) = found.iter().find(|c| position(&c.name).is_none()) {
        return Err(Error::data(format!("the table has no column `{}`, which the model reads", c.name)));
    }
    crate::order::sort_by_number(&mut found, crate::order::Direction::Ascending, |c| {
        position(&c.name).map_or(-1.0, |p| p as f64)
    });
    Ok(found)
}
