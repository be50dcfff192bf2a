//! # Python export
//!
//! [`to_python`] writes a self-contained `train.py` that reproduces an exported model's run
//! with **numpy + scikit-learn**, and [`to_notebook`] the same code as a Jupyter notebook
//! (`.ipynb`, nbformat 4; its code cells joined by blank lines are the script). The script reads
//! the same table, prepares it with the card's fitted preparation (applied, never refitted),
//! splits it into the same rows, builds the same model with the same settings, trains it and
//! prints the test metrics — the last line one JSON object with Lantern's own test metrics
//! beside (`{"accuracy": …, "lantern": {"accuracy": …}}`).
//!
//! Why scikit-learn and not PyTorch: every family Lantern trains has a scikit-learn estimator
//! (networks → `MLPClassifier`/`MLPRegressor`, trees → `DecisionTree*`, `RandomForest*`,
//! `HistGradientBoosting*`, k-NN → `KNeighbors*`, naive Bayes → `GaussianNB`), and it installs
//! in seconds (about 60 MB with scipy), where torch from PyPI is the CUDA build, about 4 GB.
//! The script names its pins ([`REQUIRES`]); `tools/setup.sh` installs the same into
//! `tools/sklearn-venv` for `tests/python_export.rs`.
//!
//! ## One description
//! The writer reads the card only: its fitted preparation (fills, categories, scaling, derived
//! features, the target's encoding), its experiment spec (model and training settings, seed)
//! and its test metrics. The rows of each part of the split come from [`ScriptData::new`],
//! which prepares the table with Lantern's own code ([`crate::train::inputs::prepare_table`])
//! and checks that the preparation it fits is the card's — the proof that the table is the
//! one the model was trained on. The script holds them as one digit per table row (`1` train,
//! `2` validation, `3` test, `0` unused), zlib + base64.
//!
//! ## The table
//! The table as Lantern read it ([`crate::deploy::table_to_csv`]: numbers in their shortest
//! exact form) is embedded in the script, zlib + base64, when that takes at most
//! [`EMBED_LIMIT`] bytes (a bundled table: 1.5 to 8 KB; generated points are always embedded);
//! a bigger file is read from its path (the file name, or the first argument), with the
//! delimiter, header and decimal comma Lantern detected, its row count checked, and its SHA-256
//! compared when known. A path given on the command line always wins over the embedded copy.
//!
//! ## What maps how ([`model`])
//! Every setting maps to its scikit-learn parameter; where scikit-learn's is the nearest rather
//! than the same (leaky ReLU and GELU → relu, RMSprop → Adam, AdamW → Adam with L2, binned
//! versus exact tree thresholds, the random draws), the script's header says so. Settings with
//! no equivalent (dropout, L1, gradient clipping, MAE and Huber losses) are refused with
//! [`crate::error::Error::PythonUnsupported`] naming the setting.
//!
//! Tests: the writer's constants and escaping (`tests`); `tests/python_export.rs` runs the
//! scripts of models trained by `lantern run` with the pinned packages and compares the test
//! metric with Lantern's.

mod cells;
pub mod literal;
pub mod model;

use crate::data::csv::DetectedFormat;
use crate::data::table::{Column, Table};
use crate::data::Dataset;
use crate::deploy::card::ModelCard;
use crate::error::{Error, Result};
use crate::spec::link::sha256_hex;
use crate::spec::DataSource;
use cells::{metrics_cell, preparation_cell, table_cell};
use literal::wrapped;
use serde_json::json;

/// The packages (and versions) the script imports, as its header names them.
pub const REQUIRES: &str = "numpy==2.4.6 scikit-learn==1.9.1";
/// Most bytes of compressed, base64 table a script embeds; a bigger table is read from its file.
pub const EMBED_LIMIT: usize = 4 << 20;
/// Width of the base64 lines.
const LINE: usize = 100;

/// Where the script's table comes from.
#[derive(Clone, Debug, PartialEq)]
pub enum TableSource {
    /// Embedded: the table as Lantern read it, CSV (comma, header line), zlib + base64.
    Embedded {
        /// The file (or table) name, for the header and as the default path.
        name: String,
        /// zlib + base64 of the CSV.
        base64: String,
    },
    /// Read from the user's file.
    File {
        /// The file name (the default path).
        name: String,
        /// The delimiter Lantern detected.
        delimiter: u8,
        /// Whether the first line is the header.
        header: bool,
        /// Whether numbers are written `1,5`.
        decimal_comma: bool,
        /// SHA-256 of the file, when the writer had its bytes.
        sha256: Option<String>,
    },
}

/// The data side of a script: the table's source, its columns and the split's rows.
#[derive(Clone, Debug, PartialEq)]
pub struct ScriptData {
    /// Where the table comes from.
    pub source: TableSource,
    /// The table's column names, as Lantern named them, in order.
    pub columns: Vec<String>,
    /// Per table row, its part: 0 unused, 1 train, 2 validation, 3 test.
    pub parts: Vec<u8>,
}

/// A file the model was trained on, as the writer got it: how Lantern read it and, if at hand,
/// its bytes (for the SHA-256 check).
#[derive(Clone, Copy, Debug)]
pub struct FileFacts<'a> {
    /// How Lantern read the file.
    pub format: Option<&'a DetectedFormat>,
    /// The file's bytes.
    pub bytes: Option<&'a [u8]>,
}

impl ScriptData {
    /// The data of `card`'s run: generated points are generated again, a bundled table read
    /// again, a user's file is `table` (read as `file` says). The split's rows come from
    /// Lantern's own preparation of the table with the card's spec.
    ///
    /// # Errors
    /// [`Error::Data`] when a run on a file is given no table, or a table whose preparation is
    /// not the card's (not the table the model was trained on).
    pub fn new(card: &ModelCard, table: Option<&Table>, file: FileFacts<'_>) -> Result<Self> {
        let spec = &card.spec;
        match &spec.data.source {
            DataSource::Synthetic { .. } => Self::generated(card),
            DataSource::Builtin { name } => {
                let t = crate::train::inputs::builtin_table(name)?;
                Self::of_table(card, &t, name, FileFacts { format: None, bytes: None })
            }
            DataSource::File { name } => {
                let t = table.ok_or_else(|| {
                    Error::data(format!(
                        "the Python export needs the table this model was trained on (`{name}`), to write its rows"
                    ))
                })?;
                Self::of_table(card, t, name, file)
            }
        }
    }

    fn of_table(card: &ModelCard, table: &Table, name: &str, file: FileFacts<'_>) -> Result<Self> {
        let prepared = crate::train::inputs::prepare_table(&card.spec, table)?;
        if prepared.fitted != card.preparation {
            return Err(Error::data(format!(
                "`{name}` is not the table this model was trained on: preparing it as the model's experiment \
                 does gives other fitted values. Give the file it was trained on"
            )));
        }
        let mut parts = vec![0u8; table.rows()];
        let (train, validation, test) = &prepared.rows;
        for (rows, part) in [(train, 1u8), (validation, 2), (test, 3)] {
            for &r in rows {
                if let Some(p) = parts.get_mut(r) {
                    *p = part;
                }
            }
        }
        let columns = table.columns.iter().map(|c| c.name.clone()).collect();
        let csv = crate::deploy::table_to_csv(table)?;
        let embedded = pack(&csv);
        let source = if embedded.len() <= EMBED_LIMIT {
            TableSource::Embedded { name: name.to_string(), base64: embedded }
        } else {
            let format = file.format;
            TableSource::File {
                name: name.to_string(),
                delimiter: format.map_or(b',', |f| f.delimiter),
                header: format.is_none_or(|f| f.header),
                decimal_comma: format.is_some_and(|f| f.decimal_comma),
                sha256: file.bytes.map(sha256_hex),
            }
        };
        Ok(Self { source, columns, parts })
    }

    /// Generated points: the run's rows (train, then validation, then test) as a table.
    fn generated(card: &ModelCard) -> Result<Self> {
        let data = crate::train::inputs::load_data(&card.spec, None)?;
        let parts_of: [(&Dataset, u8); 3] = [(&data.split.train, 1), (&data.validation, 2), (&data.split.test, 3)];
        let features = data.split.train.features.clone();
        let mut columns: Vec<Column> = features.iter().map(|f| Column::numeric(f.clone(), Vec::new())).collect();
        let mut target = Vec::new();
        let mut parts = Vec::new();
        for (d, part) in parts_of {
            for i in 0..d.rows() {
                for (j, c) in columns.iter_mut().enumerate() {
                    if let crate::data::table::ColumnData::Numeric { values } = &mut c.data {
                        values.push(f64::from(d.row(i)[j]));
                    }
                }
                target.push(f64::from(d.y[i]));
                parts.push(part);
            }
        }
        columns.push(Column::numeric(card.target.clone(), target));
        let table = Table { columns };
        let csv = crate::deploy::table_to_csv(&table)?;
        let name = "generated points".to_string();
        Ok(Self {
            source: TableSource::Embedded { name, base64: pack(&csv) },
            columns: table.columns.iter().map(|c| c.name.clone()).collect(),
            parts,
        })
    }
}

/// zlib (deflate level 9) then base64 of `bytes`.
fn pack(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(miniz_oxide::deflate::compress_to_vec_zlib(bytes, 9))
}

/// The script: [`cells`] joined by blank lines.
///
/// # Errors
/// As [`cells`].
pub fn to_python(card: &ModelCard, data: &ScriptData) -> Result<String> {
    let cells = cells(card, data)?;
    Ok(script_of(&cells))
}

/// The script of `cells`: their code joined by one blank line, ending with a line end.
pub fn script_of(cells: &[Cell]) -> String {
    let code: Vec<&str> = cells.iter().filter_map(|c| c.code.as_deref()).map(|c| c.trim_end_matches('\n')).collect();
    format!("{}\n", code.join("\n\n"))
}

/// The notebook (nbformat 4.4 JSON): a title cell, then one Markdown and one code cell per
/// step; its code cells joined by blank lines are [`to_python`]'s script.
///
/// # Errors
/// As [`cells`].
pub fn to_notebook(card: &ModelCard, data: &ScriptData) -> Result<String> {
    let cells = cells(card, data)?;
    let source = |text: &str| -> Vec<String> {
        let text = text.trim_end_matches('\n');
        let lines: Vec<&str> = text.split('\n').collect();
        let last = lines.len() - 1;
        lines.iter().enumerate().map(|(i, l)| if i < last { format!("{l}\n") } else { (*l).to_string() }).collect()
    };
    let mut out = Vec::new();
    for c in &cells {
        if let Some(md) = &c.markdown {
            out.push(json!({"cell_type": "markdown", "metadata": {}, "source": source(md)}));
        }
        if let Some(code) = &c.code {
            out.push(json!({
                "cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [], "source": source(code)
            }));
        }
    }
    let notebook = json!({
        "cells": out,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
            "lantern": {"version": card.lantern_version, "requires": REQUIRES},
        },
        "nbformat": 4,
        "nbformat_minor": 4,
    });
    serde_json::to_string_pretty(&notebook)
        .map(|s| s + "\n")
        .map_err(|e| Error::data(format!("the notebook cannot be written: {e}")))
}

/// One step of the script: its explanation (a notebook's Markdown cell) and its code.
#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    /// Markdown shown above the code in a notebook.
    pub markdown: Option<String>,
    /// The code.
    pub code: Option<String>,
}

fn cell(markdown: &str, code: String) -> Cell {
    Cell { markdown: Some(markdown.to_string()), code: Some(code) }
}

/// The script's steps: header and imports, the table, the split, the preparation, the model,
/// its training, the test metrics.
///
/// # Errors
/// [`Error::PythonUnsupported`] for a setting scikit-learn has no equivalent of;
/// [`Error::Data`] when the data does not fit the card (a column the preparation reads is not
/// in the table).
pub fn cells(card: &ModelCard, data: &ScriptData) -> Result<Vec<Cell>> {
    let model = model::model_code(&card.spec, card.task)?;
    for input in &card.inputs {
        if !data.columns.contains(&input.name) {
            return Err(Error::data(format!("the table has no column `{}`, which the model reads", input.name)));
        }
    }
    if !data.columns.contains(&card.target) {
        return Err(Error::data(format!("the table has no column `{}`, which the model predicts", card.target)));
    }
    let estimator = model::estimator_name(&card.spec, card.task);
    let spec_json =
        serde_json::to_vec(&card.spec).map_err(|e| Error::data(format!("the spec cannot be written: {e}")))?;
    let name = crate::compare::model_name(&card.spec, Some(card.task));
    let count = |p: u8| data.parts.iter().filter(|&&x| x == p).count();
    let mut cells = vec![Cell {
        markdown: Some(format!(
            "# {name} predicting `{}`\n\nWritten by Lantern {}: this notebook reproduces the run with numpy and \
             scikit-learn ({estimator}). Run the cells in order; the last one prints the test metrics next to \
             Lantern's.",
            card.target,
            env!("CARGO_PKG_VERSION")
        )),
        code: Some(header(card, data, &name, &estimator, &model.notes, &sha256_hex(&spec_json))),
    }];
    cells.push(cell("## The table\n\nRead as Lantern read it; the rows are checked.", table_cell(data)));
    cells.push(cell(
        "## The split\n\nThe rows of each part, as Lantern split them (not drawn again).",
        format!(
            "# One digit per table row: 1 training ({}), 2 validation ({}), 3 test ({}), 0 not used ({}).\n\
             SPLIT = {}\n\
             parts = np.frombuffer(zlib.decompress(base64.b64decode(\"\".join(SPLIT))), dtype=np.uint8) - ord(\"0\")\n\
             if len(parts) != len(records):\n    \
             sys.exit(\"the split does not fit the table: give the file the model was trained on\")\n\
             TRAIN, VALIDATION, TEST = (np.flatnonzero(parts == k) for k in (1, 2, 3))\n",
            count(1),
            count(2),
            count(3),
            count(0),
            wrapped(&pack(&data.parts.iter().map(|p| b'0' + p).collect::<Vec<u8>>()), LINE),
        ),
    ));
    cells.push(cell(
        "## The preparation\n\nThe steps Lantern fitted on the training rows, applied as they are (never refitted).",
        preparation_cell(card),
    ));
    cells.push(cell("## The model", model.build));
    cells.push(cell(
        "## Training",
        format!("warnings.filterwarnings(\"ignore\", category=ConvergenceWarning)\n{}", model.fit),
    ));
    cells.push(cell("## Test metrics", metrics_cell(card)));
    Ok(cells)
}

fn header(card: &ModelCard, data: &ScriptData, name: &str, estimator: &str, notes: &[String], spec: &str) -> String {
    let mut h = String::new();
    let mut line = |s: &str| {
        h.push_str(s);
        h.push('\n');
    };
    line(&format!(
        "# Lantern {}: {name} predicting `{}`, reproduced with scikit-learn.",
        card.lantern_version, card.target
    ));
    line("#");
    line("# Reads the same table, prepares it with the fitted choices Lantern stored (no refitting), splits");
    line("# it into the same rows, builds the same model with the same settings, trains it and prints the");
    line("# test metrics; the last line is JSON, with Lantern's own test metrics beside.");
    line("# numpy + scikit-learn, not PyTorch: scikit-learn has every model Lantern trains and installs in");
    line("# seconds; torch from PyPI is the CUDA build, about 4 GB.");
    line("#");
    line(&format!("# requires: {REQUIRES}"));
    let run = match &data.source {
        TableSource::Embedded { .. } => {
            "python train.py            (the table is embedded; a CSV path reads that file)"
        }
        TableSource::File { .. } => "python train.py [data.csv]",
    };
    line(&format!("# run: {run}"));
    line(&format!("# model: {estimator}; spec SHA-256: {spec}"));
    if card.created.is_some() || !notes.is_empty() {
        line("#");
    }
    if let Some(created) = &card.created {
        line(&format!("# trained: {created}"));
    }
    for note in notes {
        line(&format!("# note: {note}."));
    }
    h.push_str(
        "\nimport base64\nimport csv\nimport hashlib\nimport io\nimport json\nimport math\nimport sys\nimport warnings\nimport zlib\n\n\
         import numpy as np\nfrom sklearn.exceptions import ConvergenceWarning\n",
    );
    h
}

#[cfg(test)]
mod tests;
