//! The messages between the page and the worker: [`Command`]s in, [`Event`]s out, as JSON.
//!
//! Every message is one variant carrying all its data: a data file travels inside
//! [`Command::File`], the benchmark's rows inside [`Command::Bench`], never as a separate
//! message whose meaning depends on what came before it. Their bytes and numbers are not
//! written into the JSON (a file's bytes as a JSON array, or base64, would be a third to four
//! times bigger and slow to parse): [`Command::into_wire`] splits a command into its JSON text
//! and its [`Payload`], which the host posts beside the text as typed arrays, and
//! [`Command::from_wire`] joins them again. Which payload a command has is said by its variant
//! ([`Command::payload_kind`]), never guessed from the message's shape.
//!
//! Both enums use serde's external tagging — `"play"`, `{"load":{"spec":…}}`,
//! `{"progress":{"epochs":[…],…}}` — not a `"type"` field inside the object: an internally
//! tagged enum is decoded by buffering the whole message into serde's generic `Content` tree
//! and decoding every nested type a second way from it, which cost 27 KB of the download
//! (gzip). The wire is private to one build: page and worker run the same module.

use super::file::FileDigest;
use crate::data::parts::Cells;
use crate::data::Table;
use crate::error::{Error, Result};
use crate::model::LayerWeights;
use crate::spec::link::{Fingerprint, ReplayChange};
use crate::spec::{ExperimentSpec, TrainingSpec};
use crate::train::bench::Workload;
use crate::train::grid::DecisionGrid;
use crate::train::importance::Importance;
use crate::train::metrics::EpochMetrics;
use crate::train::trainer::{Evaluation, LiveChange};
use crate::train::tree_view::{Encoded, NodeRows, TreeSource};
use crate::train::views::{Plane, PlaneView};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// What the page asks of the worker.
// `Load` is much larger than the rest; commands are few (one per click) and are written to JSON
// at once, so boxing its spec would only change every `Command::Load` site.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Command {
    /// Start a fresh, paused run of this spec (regenerating data and weights from its seed).
    Load {
        /// The experiment.
        spec: ExperimentSpec,
        /// Settings to change during the run, each at its gradient step (a share link's
        /// replay; see [`crate::train::Replay`]).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        changes: Vec<ReplayChange>,
    },
    /// Report the current run's fingerprint ([`Event::Fingerprint`]).
    Fingerprint,
    /// Train continuously until paused or the spec's epochs are done.
    Play,
    /// Stop after the current epoch.
    Pause,
    /// Train exactly one epoch (or the rest of a half-done one), then pause.
    Step,
    /// Take exactly one gradient step on the next mini-batch, then pause.
    StepBatch,
    /// End the run now, keeping the best model (see [`crate::train::Trainer::stop`]), and evaluate it.
    Stop,
    /// Change training settings that can change mid-run (learning rate, L1, L2 …) without a
    /// reset (see [`crate::train::Trainer::tune`]).
    Tune {
        /// The new training settings.
        training: TrainingSpec,
    },
    /// Show the model over these two features (tables; the others are held at their mean).
    Plane {
        /// The two features.
        plane: Plane,
    },
    /// Start the current spec again from epoch 0.
    Reset,
    /// Whether events carry the pictures of the run — decision grids, the plane, weights, unit
    /// maps, regression predictions — (`send: true`, the default) or only its numbers. A
    /// background run (the Compare queue) needs only the metrics, and leaving the pictures
    /// out keeps the page from parsing them.
    Details {
        /// Send the pictures.
        send: bool,
    },
    /// List the training rows that reach node `node` of the fitted decision tree, answered by
    /// [`Event::NodeRows`] (nothing when the model is not a fitted tree).
    NodeRows {
        /// The node.
        node: u32,
    },
    /// Explain input `feature` of the finished run's model (partial dependence with ICE curves
    /// of the default class's probability, or of the value, and the test rows it gets most
    /// wrong), answered by [`Event::Explained`]. The worker answers it, not the session (its
    /// code is a wasm chunk of its own, loaded on first use).
    Explain {
        /// The input.
        feature: u32,
    },
    /// Export the current run's model, answered by [`Event::Exported`] (or
    /// [`Event::ExportFailed`]): the zip of `model.json` and `model.safetensors` that the
    /// host's exporter builds from the run's current weights (the core's training layer does
    /// not know the model format: see [`Session::with_exporter`]).
    ///
    /// [`Session::with_exporter`]: crate::train::Session::with_exporter
    Export,
    /// The user's data file, for runs whose data is a file (`DataSource::File`): the worker
    /// reads it as CSV — the only place it is read — and keeps the table. Its bytes are the
    /// [`Payload::Bytes`] of the message, not part of its JSON (in the browser the page posts
    /// the picked `File` itself, which the worker reads: the page never holds the bytes).
    File {
        /// The file's name, as opened.
        name: String,
        /// Answer with what the page shows of the file ([`Event::Reading`] while it is read,
        /// then [`Event::FileRead`], or [`Event::FileRefused`], keeping the table it had). A
        /// worker that only trains on it (the Compare queue's) is not asked.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        describe: bool,
        /// Its bytes.
        #[serde(skip)]
        bytes: Arc<Vec<u8>>,
    },
    /// A bundled table's CSV file (`DataSource::Builtin`), which the page loads on first use
    /// and sends before the first run that needs it (see [`crate::data::builtin`]). Its bytes
    /// are the [`Payload::Bytes`] of the message.
    Table {
        /// The table's name (`iris`).
        name: String,
        /// The file's bytes.
        #[serde(skip)]
        bytes: Arc<Vec<u8>>,
    },
    /// The speed benchmark's run (tests/bench/): the harness's rows become the data, as they
    /// are, and `workload`'s experiment is loaded (see [`crate::train::bench`]). The rows are
    /// the [`Payload::Rows`] of the message.
    Bench {
        /// Which workload.
        workload: Workload,
        /// Features, row-major (`rows × width`).
        #[serde(skip)]
        x: Vec<f32>,
        /// Targets (class indices), one per row.
        #[serde(skip)]
        y: Vec<f32>,
    },
}

/// The data a [`Command`] carries beside its JSON text.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Payload {
    /// Nothing (most commands).
    #[default]
    None,
    /// A file's bytes ([`Command::File`], [`Command::Table`]).
    Bytes(Arc<Vec<u8>>),
    /// Rows of numbers ([`Command::Bench`]).
    Rows {
        /// Features, row-major.
        x: Vec<f32>,
        /// Targets.
        y: Vec<f32>,
    },
}

/// Which [`Payload`] a command carries: what a host reads beside its JSON text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PayloadKind {
    /// None.
    None,
    /// One byte array.
    Bytes,
    /// Two arrays of numbers, `x` then `y`.
    Rows,
}

/// Where a run stands after a single batch step.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BatchProgress {
    /// The epoch (1-based) the batch belongs to.
    pub epoch: usize,
    /// The batch number within the epoch (1-based).
    pub batch: usize,
    /// Batches per epoch.
    pub batches: usize,
    /// The mini-batch's loss before the step.
    pub loss: f64,
    /// Gradient steps taken in the run.
    pub steps: u64,
}

/// What the worker tells the page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Event {
    /// The worker has started and takes commands.
    Ready,
    /// A fresh run is set up.
    Loaded {
        /// Trainable numbers in the model.
        parameters: usize,
        /// What the model predicts (decides which losses and metrics apply).
        task: crate::data::Task,
        /// Batches per epoch.
        batches: usize,
        /// Class names by index (empty for regression).
        #[serde(default)]
        classes: Vec<String>,
        /// Decision grid of the untrained model (2-feature data only).
        grid: Option<DecisionGrid>,
        /// What the user should know about the data (rows dropped, columns left out …).
        notices: Vec<String>,
        /// The fitted preparation steps, in words (empty for synthetic data).
        preparation: Vec<String>,
    },
    /// Epochs completed since the last progress event.
    Progress {
        /// Their metrics, in order.
        epochs: Vec<EpochMetrics>,
        /// The model's output after the last of them (2-feature data only).
        grid: Option<DecisionGrid>,
        /// Whether training continues.
        playing: bool,
        /// Whether the spec's epochs are all done.
        done: bool,
        /// When early stopping ended the run: the epoch whose weights were kept.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        stopped_at: Option<usize>,
        /// The test-set evaluation, once the run is done.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        evaluation: Option<Box<Evaluation>>,
        /// The inputs' importance, with the evaluation when it was measured before (a page's
        /// run: not for runs in the background, see `Details { send: false }`); else it follows
        /// in an [`Event::Importance`].
        #[serde(default, skip_serializing_if = "Option::is_none")]
        importance: Option<Box<Importance>>,
        /// Set when the user's Stop ended the run.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        stopped_by_user: bool,
        /// After a single batch step: where the run stands inside its epoch.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        batch: Option<BatchProgress>,
        /// The weights now (sent with every progress event for small networks, every few for
        /// large ones, and always when training pauses or ends).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        weights: Option<Vec<LayerWeights>>,
        /// What each unit computes over the plane (see [`crate::train::Trainer::unit_maps`]), with the weights,
        /// for networks of at most [`super::UNIT_MAP_LIMIT`] units.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        units: Option<Vec<Vec<f32>>>,
        /// Regression, once done: the test rows' actual and predicted targets.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        predictions: Option<(Vec<f32>, Vec<f32>)>,
        /// Milliseconds spent training this run so far (epochs, batch steps, the stop and
        /// their progress reports), when the session has a clock (see [`Session::with_clock`]).
        ///
        /// [`Session::with_clock`]: crate::train::Session::with_clock
        #[serde(default, skip_serializing_if = "Option::is_none")]
        train_ms: Option<f64>,
    },
    /// The plane the decision map shows: its axes and points (sent after `Loaded` and after
    /// a `Plane` command).
    Plane {
        /// Axes, feature names and a sample of the points.
        view: Box<PlaneView>,
        /// The model's output over it now.
        grid: DecisionGrid,
    },
    /// Settings were changed mid-run.
    Tuned {
        /// What changed, with the epoch and step it took effect at.
        changes: Vec<LiveChange>,
    },
    /// The finished run's feature importance, measured on the tick after the progress that
    /// said done (so the curves and the evaluation are not kept waiting for it).
    Importance {
        /// Permutation (and for trees impurity) importance of each input.
        importance: Box<Importance>,
    },
    /// The run's fingerprint (asked for, and sent by itself when a run is done).
    Fingerprint {
        /// Hash of the metrics and weights so far (see [`Fingerprint::of`]).
        fingerprint: Fingerprint,
    },
    /// The fitted decision tree, with what names its features (sent once when a tree's run is
    /// done; the page builds the parts it draws from it).
    Tree {
        /// The tree (as JSON text: see [`Encoded`]).
        tree: Encoded<TreeSource>,
    },
    /// The training rows that reach a node of the decision tree ([`Command::NodeRows`]).
    NodeRows {
        /// How many, and the first of them (as JSON text: see [`Encoded`]).
        rows: Encoded<NodeRows>,
    },
    /// The answer to [`Command::Explain`]: a [`crate::train::explain::Explanation`] as JSON
    /// text (a plain string, so the page's first download carries no code of its own for it;
    /// the Explain section decodes it).
    Explained {
        /// The explanation, or why there is none.
        explanation: String,
    },
    /// The current run's model as a zip file (the answer to [`Command::Export`]). On the wire:
    /// `{"exported":{"zip":"<base64>"}}`, standard alphabet with padding, so a 4 MB model
    /// is a 5.3 MB string rather than a JSON array of numbers three times as long.
    Exported {
        /// The zip's bytes.
        #[serde(with = "base64_bytes")]
        zip: Vec<u8>,
    },
    /// The model could not be exported (what happened and what to do); unlike
    /// [`Event::Failed`], the run is not affected.
    ExportFailed {
        /// What happened and what to do.
        message: String,
    },
    /// A share of the user's file has been read (sent at most every
    /// [`super::REPORT_MS`] while a [`Command::File`] with `describe` is read).
    Reading {
        /// The file's name.
        name: String,
        /// How much is done, 0 to 1.
        share: f64,
    },
    /// The user's file was read: what the page shows of it, and its table, whose cells travel
    /// beside the JSON as typed arrays (one per column, see [`Event::into_wire`]).
    FileRead {
        /// Everything about the file but the cells.
        digest: Box<FileDigest>,
        /// The table (shared with the worker's session: the worker copies the cells only into
        /// the message).
        #[serde(skip)]
        table: Arc<Table>,
    },
    /// The user's file could not be read as a table: the run and the table the worker had are
    /// kept.
    FileRefused {
        /// The file's name.
        name: String,
        /// What is wrong, where, and what to do.
        message: String,
    },
    /// Something failed; training has stopped.
    Failed {
        /// What happened and what to do.
        message: String,
    },
}

impl Command {
    /// Wire form.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Parses the wire form's JSON text (a command with a payload then has none: see
    /// [`Command::from_wire`]).
    pub fn from_json(text: &str) -> Result<Self> {
        crate::spec::link::decode_json(text.as_bytes()).map_err(|e| Error::Protocol(e.message))
    }

    /// The payload this command carries beside its JSON.
    pub fn payload_kind(&self) -> PayloadKind {
        match self {
            Command::File { .. } | Command::Table { .. } => PayloadKind::Bytes,
            Command::Bench { .. } => PayloadKind::Rows,
            _ => PayloadKind::None,
        }
    }

    /// The message to post: the JSON text and the payload.
    pub fn into_wire(self) -> (String, Payload) {
        let text = self.to_json();
        let payload = match self {
            Command::File { bytes, .. } | Command::Table { bytes, .. } => Payload::Bytes(bytes),
            Command::Bench { x, y, .. } => Payload::Rows { x, y },
            _ => Payload::None,
        };
        (text, payload)
    }

    /// This command (read from its JSON) with its payload put back.
    ///
    /// # Errors
    /// [`Error::Protocol`] when the payload is not the one the variant carries.
    pub fn with_payload(self, payload: Payload) -> Result<Self> {
        Ok(match (self, payload) {
            (Command::File { name, describe, .. }, Payload::Bytes(bytes)) => Command::File { name, describe, bytes },
            (Command::Table { name, .. }, Payload::Bytes(bytes)) => Command::Table { name, bytes },
            (Command::Bench { workload, .. }, Payload::Rows { x, y }) => Command::Bench { workload, x, y },
            (command, Payload::None) if command.payload_kind() == PayloadKind::None => command,
            (command, _) => {
                // The variant's name, as in the JSON (`"play"`, `{"file": …}`).
                let what = match serde_json::to_value(&command) {
                    Ok(serde_json::Value::String(s)) => s,
                    Ok(serde_json::Value::Object(m)) => m.keys().next().cloned().unwrap_or_default(),
                    _ => String::new(),
                };
                return Err(Error::Protocol(format!(
                    "the `{what}` message came with data it does not carry, or without the data it carries"
                )));
            }
        })
    }

    /// The command of a message: its JSON `text` and its `payload`.
    ///
    /// # Errors
    /// [`Error::Protocol`] for text that is not a command, or a payload that does not belong to it.
    pub fn from_wire(text: &str, payload: Payload) -> Result<Self> {
        Self::from_json(text)?.with_payload(payload)
    }
}

impl Event {
    /// A progress event of a run that is not playing, with `epochs` and nothing else (no
    /// pictures, no clock): fill in what else applies.
    pub fn epochs_only(epochs: Vec<EpochMetrics>) -> Self {
        Event::Progress {
            epochs,
            grid: None,
            playing: false,
            done: false,
            stopped_at: None,
            evaluation: None,
            importance: None,
            stopped_by_user: false,
            batch: None,
            weights: None,
            units: None,
            predictions: None,
            train_ms: None,
        }
    }

    /// Wire form.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Parses the wire form.
    pub fn from_json(text: &str) -> Result<Self> {
        crate::spec::link::decode_json(text.as_bytes()).map_err(|e| Error::Protocol(e.message))
    }

    /// The message to post: the JSON text and the table whose cells go beside it
    /// ([`Event::FileRead`]; `None` for every other event), which the host posts as typed
    /// arrays, one per column: its numbers, or its text codes ([`Cells`] says which).
    pub fn into_wire(self) -> (String, Option<Arc<Table>>) {
        let text = self.to_json();
        match self {
            Event::FileRead { table, .. } => (text, Some(table)),
            _ => (text, None),
        }
    }

    /// The event of a message: its JSON `text` and the `cells` posted beside it.
    ///
    /// # Errors
    /// [`Error::Protocol`] for text that is not an event, or cells that do not belong to it
    /// (a [`Event::FileRead`] whose cells do not fit its columns, or cells with another event).
    pub fn from_wire(text: &str, cells: Vec<Cells>) -> Result<Self> {
        match (Self::from_json(text)?, cells) {
            (Event::FileRead { digest, .. }, cells) => {
                let table = Table::from_parts(digest.columns.clone(), cells)?;
                Ok(Event::FileRead { digest, table: Arc::new(table) })
            }
            (event, cells) if cells.is_empty() => Ok(event),
            _ => Err(Error::Protocol("the worker sent cells with a message that carries none".into())),
        }
    }
}

/// Bytes as one base64 string (standard alphabet, padded) in JSON.
mod base64_bytes {
    use base64::engine::general_purpose::STANDARD;
    use base64::Engine;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&STANDARD.encode(bytes))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let text = String::deserialize(d)?;
        STANDARD.decode(text.as_bytes()).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;
