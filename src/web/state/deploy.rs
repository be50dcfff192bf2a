//! The Deploy & monitor panel's state: the current model (exported from the interactive run by
//! the worker, or imported from files), the prediction form, batch predictions, drift of new
//! data, and retraining through the Compare queue.
//!
//! Predictions run on the page's thread: the [`Predictor`] is small (one form row takes well
//! under a millisecond), and a batch is predicted and written a slice of rows at a time
//! ([`batch`]), each slice sized to take about [`SLICE_MS`], with a yield to the event loop in
//! between, so no task runs long whatever the file's size.

mod batch;
mod retrain;

pub use batch::{BatchView, DriftView};

use super::{AppState, QueueState, RecordsState, RunStatus};
use crate::deploy::{file_stem, form_fields, typical_row, FormField, ModelBundle, Predictor};
use crate::train::Command;
use crate::web::glue::clock::now_ms;
use crate::web::glue::download::save_bytes;
use leptos::prelude::*;
use std::sync::Arc;

/// Time one slice of a batch job aims at, ms (the next slice's rows are scaled to it).
pub const SLICE_MS: f64 = 12.0;

/// A model ready to predict, and where it came from.
#[derive(Debug)]
pub struct DeployedModel {
    /// The model.
    pub predictor: Predictor,
    /// Where it came from, in words ("exported from run 2", "imported from penguins.zip").
    pub origin: String,
    /// File name of downloads, without extension.
    pub stem: String,
    /// Its zip (what "Download" saves).
    pub zip: Arc<Vec<u8>>,
    /// The prediction form's fields.
    pub fields: Vec<FormField>,
}

/// How long the last operations took, ms (shown in the panel, read by the end-to-end test).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Timings {
    /// Export: from the click to the model ready (worker, transfer and reading the zip).
    pub export: Option<f64>,
    /// Import: from the files read to the model ready.
    pub import: Option<f64>,
    /// Batch prediction: from the file read to the preview and CSV ready.
    pub batch: Option<f64>,
    /// Drift: from the file read to the report shown.
    pub drift: Option<f64>,
}

/// The panel's state, provided by context.
#[derive(Clone, Copy)]
pub struct DeployState {
    pub(super) state: AppState,
    pub(super) records: RecordsState,
    pub(super) queue: QueueState,
    /// The current model.
    pub model: RwSignal<Option<Arc<DeployedModel>>>,
    /// The form's values, `(column, text)` in the model's input order.
    pub form: RwSignal<Vec<(String, String)>>,
    /// The last batch prediction.
    pub batch: RwSignal<Option<Arc<BatchView>>>,
    /// The last drift report.
    pub drift: RwSignal<Option<Arc<DriftView>>>,
    /// What is running ("Predicting 4,000 of 10,000 rows…").
    pub busy: RwSignal<Option<String>>,
    /// What went wrong or what happened last (import refused, retraining queued …).
    pub message: RwSignal<Option<String>>,
    /// Whether `message` is an error.
    pub failed: RwSignal<bool>,
    /// Measured times.
    pub timings: RwSignal<Timings>,
    /// Set while an export is on its way: (start time, download the zip when it arrives).
    export_wanted: StoredValue<Option<(f64, bool)>>,
    /// Bumped by every new batch or drift job: a running job that sees another number stops.
    pub(super) generation: StoredValue<u64>,
}

impl DeployState {
    /// The panel's state; takes the worker's exported models from now on.
    pub fn new(state: AppState, records: RecordsState, queue: QueueState) -> Self {
        let deploy = Self {
            state,
            records,
            queue,
            model: RwSignal::new(None),
            form: RwSignal::new(Vec::new()),
            batch: RwSignal::new(None),
            drift: RwSignal::new(None),
            busy: RwSignal::new(None),
            message: RwSignal::new(None),
            failed: RwSignal::new(false),
            timings: RwSignal::new(Timings::default()),
            export_wanted: StoredValue::new(None),
            generation: StoredValue::new(0),
        };
        Effect::new(move |_| {
            if let Some(outcome) = state.exported.get() {
                deploy.on_exported(outcome);
            }
        });
        deploy
    }

    /// Reports an error in the panel.
    pub fn fail(&self, message: impl Into<String>) {
        self.busy.set(None);
        self.failed.set(true);
        self.message.set(Some(message.into()));
    }

    /// Reports what happened in the panel.
    pub fn say(&self, message: impl Into<String>) {
        self.failed.set(false);
        self.message.set(Some(message.into()));
    }

    /// True when the interactive run is finished, so its model can be exported.
    pub fn can_export(&self) -> bool {
        self.state.status.get() == RunStatus::Done
    }

    /// Asks the worker for the finished run's model; it becomes the current model, and with
    /// `download` is saved as `<name>.zip`.
    pub fn export(&self, download: bool) {
        if self.state.status.get_untracked() != RunStatus::Done {
            self.fail("Train the run to the end (or stop it with ■) first: only a finished run's model is exported.");
            return;
        }
        self.export_wanted.set_value(Some((now_ms(), download)));
        self.busy.set(Some("Exporting the model…".into()));
        self.message.set(None);
        self.state.send(&Command::Export);
    }

    fn on_exported(&self, outcome: Result<Arc<Vec<u8>>, String>) {
        let Some((start, download)) = self.export_wanted.get_value() else { return };
        self.export_wanted.set_value(None);
        self.busy.set(None);
        let zip = match outcome {
            Ok(zip) => zip,
            Err(message) => return self.fail(message),
        };
        let fingerprint = self.state.fingerprint.get_untracked();
        let run = self.records.store.with_untracked(|s| {
            s.records()
                .iter()
                .rev()
                .find(|r| r.fingerprint.is_some() && r.fingerprint == fingerprint)
                .map(|r| r.label.clone())
        });
        let origin = format!("exported from {}", run.unwrap_or_else(|| "the run trained in this page".into()));
        match ModelBundle::from_zip(&zip) {
            Ok(bundle) => {
                if self.set_model(bundle, origin, zip) && download {
                    self.download_zip();
                }
                self.timings.update(|t| t.export = Some(now_ms() - start));
            }
            Err(e) => self.fail(format!("The exported model could not be read back: {e}")),
        }
    }

    /// Makes `bundle` the current model; false (with the error shown) if it cannot predict.
    pub(super) fn set_model(&self, bundle: ModelBundle, origin: String, zip: Arc<Vec<u8>>) -> bool {
        let stem = file_stem(&bundle.card);
        let fields = form_fields(&bundle.card);
        let row = typical_row(&bundle.card);
        match Predictor::new(bundle) {
            Ok(predictor) => {
                self.generation.update_value(|g| *g += 1);
                self.form.set(row);
                self.batch.set(None);
                self.drift.set(None);
                self.busy.set(None);
                self.say(format!("The current model is now the one {origin}."));
                self.model.set(Some(Arc::new(DeployedModel { predictor, origin, stem, zip, fields })));
                true
            }
            Err(e) => {
                self.fail(format!("This model cannot predict: {e}"));
                false
            }
        }
    }

    /// Imports a model from the files the user picked: one `.zip`, or `model.json` with
    /// `model.safetensors`.
    pub fn import(&self, files: Vec<(String, Vec<u8>)>) {
        let start = now_ms();
        let names: Vec<String> = files.iter().map(|(n, _)| n.clone()).collect();
        let result = match files.as_slice() {
            [] => return,
            [(_, bytes)] if ModelBundle::is_zip(bytes) => {
                ModelBundle::from_zip(bytes).map(|b| (b, Arc::new(bytes.clone())))
            }
            _ if files.iter().any(|(_, b)| ModelBundle::is_zip(b)) => {
                return self.fail(
                    "Choose one .zip file, or model.json with the model file beside it — not a zip with other files.",
                );
            }
            _ => ModelBundle::from_files(&files).and_then(|b| {
                let zip = b.to_zip()?;
                Ok((b, Arc::new(zip)))
            }),
        };
        match result {
            Ok((bundle, zip)) => {
                if self.set_model(bundle, format!("imported from {}", names.join(" and ")), zip) {
                    self.timings.update(|t| t.import = Some(now_ms() - start));
                }
            }
            Err(e) => self.fail(format!("{} was not imported: {e}. The current model is kept.", names.join(" and "))),
        }
    }

    /// Saves the current model as `<name>.zip`.
    pub fn download_zip(&self) {
        let Some(m) = self.model.get_untracked() else { return };
        if let Err(e) = save_bytes(&format!("{}.zip", m.stem), "application/zip", &m.zip) {
            self.fail(e);
        }
    }

    /// Saves the current model as its two files, `model.json` and `model.safetensors` (or the
    /// file of a model that is not a network).
    pub fn download_files(&self) {
        let Some(m) = self.model.get_untracked() else { return };
        let files = match m.predictor.bundle().to_files() {
            Ok(f) => f,
            Err(e) => return self.fail(e.to_string()),
        };
        for (name, bytes) in files {
            let mime = if name.ends_with(".json") { "application/json" } else { "application/octet-stream" };
            if let Err(e) = save_bytes(&name, mime, &bytes) {
                return self.fail(e);
            }
        }
    }

    /// Changes one form value.
    pub fn set_field(&self, name: &str, text: String) {
        self.form.update(|row| {
            if let Some(slot) = row.iter_mut().find(|(n, _)| n == name) {
                slot.1 = text;
            }
        });
    }

    /// Puts the typical training row back into the form.
    pub fn reset_form(&self) {
        if let Some(m) = self.model.get_untracked() {
            self.form.set(typical_row(m.predictor.card()));
        }
    }
}
