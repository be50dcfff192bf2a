//! The crate's one error type. Every message says what went wrong and what to do about it,
//! because it is shown to the user as it is.

use thiserror::Error;

/// Everything that can go wrong in the core.
#[derive(Debug, Error)]
pub enum Error {
    /// A field of the experiment spec is out of range or inconsistent.
    #[error("invalid setting `{field}`: {message}")]
    Spec {
        /// Dotted path of the field, e.g. `training.learning_rate`.
        field: String,
        /// What is wrong and what values are allowed.
        message: String,
    },
    /// The spec text could not be read at all.
    #[error("could not read the experiment: {0}")]
    SpecFormat(String),
    /// Training produced a non-finite or exploding loss or gradient: the run is stopped.
    #[error(
        "training diverged in epoch {epoch} (step {step}): the {what} became {value}, so the weights \
         can no longer improve. Try a learning rate ten times lower, standardised features \
         (scaling in the data preparation), gradient clipping (e.g. clip norm 1), or a smaller network."
    )]
    Diverged {
        /// Epoch (1-based) in which it happened.
        epoch: usize,
        /// Gradient step (1-based, counted over the run) at which it was seen.
        step: u64,
        /// Which quantity blew up.
        what: String,
        /// Its value (NaN or ±inf).
        value: f32,
    },
    /// A data file was refused. `line` (1-based, as an editor shows it) and `column` say where,
    /// when the problem has a place; the message says what to do.
    #[error("{}{message}", location(*line, column.as_deref()))]
    Data {
        /// What is wrong and what to do.
        message: String,
        /// Line of the file, 1-based.
        line: Option<usize>,
        /// Column name or number.
        column: Option<String>,
    },
    /// A tensor operation failed inside candle. This is a bug in Lantern, not in the input.
    #[error("internal tensor error (please report it): {0}")]
    Tensor(#[from] candle_core::Error),
    /// Drawing a chart failed.
    #[error("could not draw the chart: {0}")]
    Plot(String),
    /// A file or directory could not be written (the command line's `--out`). The message says
    /// why and what to do.
    #[error("could not write `{path}`: {message}")]
    Output {
        /// The file or directory.
        path: String,
        /// The reason, and what to do about it.
        message: String,
    },
    /// A share link could not be opened: unknown format version, damaged or cut-short text,
    /// contents too large, or not an experiment.
    #[error("cannot open the share link: {0}")]
    Link(String),
    /// An exported experiment file could not be read: not JSON, not an experiment file, of a
    /// newer format, or too large. (A bad field inside it is an [`Error::Spec`].)
    #[error("cannot read the experiment file: {0}")]
    ExperimentFile(String),
    /// A message between the page and the training worker could not be understood.
    #[error("bad message between page and worker: {0}")]
    Protocol(String),
    /// An exported model (folder or zip) could not be opened.
    #[error("cannot open the model: {0}")]
    Bundle(#[from] BundleError),
    /// An exported model that the ONNX export cannot write: `what` names the part (a k-NN
    /// model, …), `todo` says what to do instead.
    #[error("this model cannot be expressed in ONNX: {what}. {todo}")]
    OnnxUnsupported {
        /// What cannot be expressed.
        what: String,
        /// What to do instead.
        todo: String,
    },
    /// An exported model that the Python export cannot reproduce with scikit-learn: `what`
    /// names the setting (dropout, an L1 penalty, …), `todo` says what to do instead.
    #[error("this model cannot be reproduced with scikit-learn: {what}. {todo}")]
    PythonUnsupported {
        /// What has no scikit-learn equivalent.
        what: String,
        /// What to do instead.
        todo: String,
    },
    /// New data lacks columns the model was trained on.
    #[error(
        "the data has no column {}, which the model needs (it was trained on {}). Add the column \
         (empty cells are filled as in training), or check the header line's spelling",
        quoted(missing),
        quoted(expected)
    )]
    MissingColumns {
        /// The columns not found, in the model's order.
        missing: Vec<String>,
        /// Every column the model reads.
        expected: Vec<String>,
    },

    /// A batch of runs to compare (seed repeats, a grid search) that cannot be planned; the
    /// message names the setting or value and what is allowed.
    #[error("cannot queue these runs: {0}")]
    Plan(String),

    /// The saved list of runs could not be read.
    #[error("the saved runs could not be read: {0}")]
    Records(String),
}

/// Why an exported model could not be opened. Every message says what to do.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum BundleError {
    /// A file of the bundle is absent.
    #[error("`{0}` is missing: an exported model holds model.json and model.safetensors. Export the model again, or give the folder (or .zip) that holds both")]
    MissingFile(String),
    /// The card is not JSON, or is JSON of something else than a Lantern model.
    #[error("this is not a Lantern model ({0}). Give the model.json (its folder or .zip) that Lantern exported")]
    Foreign(String),
    /// The card was written by a newer Lantern with a format this one does not read.
    #[error("the model was exported in format version {found}, newer than this Lantern reads (up to {supported}). Update Lantern, or export the model again with this version")]
    NewerVersion {
        /// Version in the card.
        found: u32,
        /// Newest version this build reads.
        supported: u32,
    },
    /// The files do not agree with each other or are cut short.
    #[error("the model files are damaged: {0}. Export the model again")]
    Damaged(String),
    /// An ONNX file another tool wrote (`producer` is its `producer_name` and version, as the
    /// file gives them, or `unnamed`).
    #[error("this .onnx file was not made by Lantern (producer {producer}): Lantern imports its own model bundles (.zip or model.json), not ONNX models. Export the model from Lantern, or run it with an ONNX runtime")]
    OnnxForeign {
        /// `producer_name` and `producer_version` of the file.
        producer: String,
    },
    /// An ONNX file Lantern exported: ONNX is one-way, the bundle it came from is what imports.
    #[error("this .onnx file is a Lantern export (Lantern {version}), and ONNX is an export format only: import the model bundle it was exported from (.zip or model.json)")]
    OnnxExported {
        /// The Lantern version that wrote it.
        version: String,
    },
}

fn quoted(names: &[String]) -> String {
    names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
}

fn location(line: Option<usize>, column: Option<&str>) -> String {
    match (line, column) {
        (Some(l), Some(c)) => format!("line {l}, column {c}: "),
        (Some(l), None) => format!("line {l}: "),
        (None, Some(c)) => format!("column {c}: "),
        (None, None) => String::new(),
    }
}

/// Shorthand for results in this crate.
pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    /// Builds a [`Error::Data`] without a location.
    pub fn data(message: impl Into<String>) -> Self {
        Error::Data { message: message.into(), line: None, column: None }
    }

    /// Builds a [`Error::Spec`] for `field`.
    pub fn spec(field: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Spec { field: field.into(), message: message.into() }
    }
}
