//! Batch prediction and drift on the page's thread, a slice at a time: each slice of rows is
//! sized from the last one's time to take about [`SLICE_MS`], and the job yields to the event
//! loop between slices (see [`next_task`]). A newer job (another file, another model) ends an
//! older one at its next slice.

use super::{DeployState, DeployedModel, SLICE_MS};
use crate::deploy::{drift_csv, BatchPrediction, DriftReport, LabelledEvaluation, Prediction, Predictor};
use crate::error::Result;
use crate::text::thousands;
use crate::web::glue::clock::now_ms;
use crate::web::glue::file::spawn;
use crate::web::glue::tick::next_task;
use leptos::prelude::*;
use std::sync::Arc;

/// Rows shown in the preview table.
pub const PREVIEW_ROWS: usize = 10;

/// A batch prediction as the panel shows it.
#[derive(Clone, Debug)]
pub struct BatchView {
    /// The file's name.
    pub name: String,
    /// Rows predicted.
    pub rows: usize,
    /// How the file was read, what was filled in, unseen categories.
    pub notices: Vec<String>,
    /// The header of the CSV: the file's columns, then the prediction columns.
    pub header: Vec<String>,
    /// Columns of the file (the rest of `header` are predictions).
    pub given: usize,
    /// The first `PREVIEW_ROWS` rows as shown (probabilities to 4 decimals).
    pub preview: Vec<Vec<String>>,
    /// The CSV with the predictions appended (what "Download" saves).
    pub csv: Arc<Vec<u8>>,
    /// The evaluation on the rows that carry the target.
    pub evaluation: Option<LabelledEvaluation>,
    /// Time from the file read to this view, ms.
    pub ms: f64,
}

/// A drift report as the panel shows it.
#[derive(Clone, Debug)]
pub struct DriftView {
    /// The file's name.
    pub name: String,
    /// Its bytes (read again, strictly, to retrain on it).
    pub bytes: Arc<Vec<u8>>,
    /// The report.
    pub report: DriftReport,
    /// With the target column: the model's metrics on the new rows, or why there are none
    /// (`None` while they are computed, or without the target).
    pub evaluation: Option<std::result::Result<LabelledEvaluation, String>>,
    /// Time from the file read to the report, ms.
    pub ms: f64,
}

impl DriftView {
    /// True when the new rows carry labels the model can be evaluated and retrained on.
    pub fn labelled(&self) -> bool {
        matches!(self.evaluation, Some(Ok(_)))
    }
}

/// Rows for the next slice: scaled so that it takes about [`SLICE_MS`] (at most 4× the last).
fn next_slice(rows: usize, took_ms: f64) -> usize {
    let scaled = rows as f64 * SLICE_MS / took_ms.max(0.05);
    (scaled.min(rows as f64 * 4.0) as usize).clamp(50, 50_000)
}

impl DeployState {
    /// Starts a new job: older ones stop at their next slice. Returns its number.
    fn next_generation(&self) -> u64 {
        self.generation.update_value(|g| *g += 1);
        self.generation.get_value()
    }

    fn current(&self, generation: u64) -> bool {
        self.generation.get_value() == generation
    }

    /// Predicts every row of `bytes` (a CSV file called `name`) with the current model, a
    /// slice at a time; shows a preview and keeps the CSV with the predictions appended.
    pub fn predict_file(&self, name: String, bytes: Vec<u8>) {
        let Some(model) = self.model.get_untracked() else {
            return self.fail("Export or import a model first.");
        };
        let generation = self.next_generation();
        let deploy = *self;
        self.message.set(None);
        self.batch.set(None);
        spawn(async move {
            let start = now_ms();
            let result = match deploy.run_batch(&model.predictor, &bytes, generation).await {
                Ok(Some(batch)) => deploy.write_csv(&batch, generation).await.map(|csv| csv.map(|csv| (batch, csv))),
                Ok(None) => Ok(None),
                Err(e) => Err(e),
            };
            if !deploy.current(generation) {
                return;
            }
            deploy.busy.set(None);
            match result {
                Ok(Some((batch, csv))) => {
                    let ms = now_ms() - start;
                    deploy.timings.update(|t| t.batch = Some(ms));
                    deploy.batch.set(Some(Arc::new(batch_view(name, &batch, csv, ms))));
                }
                Ok(None) => {}
                Err(e) => deploy.fail(format!("`{name}` was not predicted: {e}")),
            }
        });
    }

    /// Predicts a whole file, a slice at a time (`None` when a newer job took over).
    async fn run_batch(&self, predictor: &Predictor, bytes: &[u8], generation: u64) -> Result<Option<BatchPrediction>> {
        self.busy.set(Some("Reading the file…".into()));
        next_task().await;
        let mut job = predictor.start_csv(bytes)?;
        let mut rows = 500;
        while !job.is_done() {
            let t = now_ms();
            predictor.advance(&mut job, rows)?;
            rows = next_slice(rows, now_ms() - t);
            self.busy.set(Some(format!("Predicting: {} of {} rows…", thousands(job.done()), thousands(job.rows()))));
            next_task().await;
            if !self.current(generation) {
                return Ok(None);
            }
        }
        let batch = predictor.finish(job)?;
        next_task().await;
        Ok(self.current(generation).then_some(batch))
    }

    /// The CSV of `batch`, written a slice at a time.
    async fn write_csv(&self, batch: &BatchPrediction, generation: u64) -> Result<Option<Arc<Vec<u8>>>> {
        let mut csv = batch.csv_header()?;
        let (mut done, mut rows, n) = (0, 1000, batch.predictions.len());
        while done < n {
            let t = now_ms();
            csv.extend(batch.csv_rows(done..done + rows)?);
            done = (done + rows).min(n);
            rows = next_slice(rows, now_ms() - t);
            self.busy.set(Some(format!("Writing predictions.csv: {} of {} rows…", thousands(done), thousands(n))));
            next_task().await;
            if !self.current(generation) {
                return Ok(None);
            }
        }
        Ok(Some(Arc::new(csv)))
    }

    /// Measures the drift of `bytes` (a CSV file called `name`) against the current model's
    /// training data; when the file has the target and every input, the model's metrics on it
    /// follow (a batch prediction).
    pub fn check_drift(&self, name: String, bytes: Vec<u8>) {
        let Some(model) = self.model.get_untracked() else {
            return self.fail("Export or import a model first.");
        };
        let generation = self.next_generation();
        let deploy = *self;
        self.message.set(None);
        self.drift.set(None);
        spawn(async move {
            deploy.busy.set(Some("Measuring drift…".into()));
            next_task().await;
            let start = now_ms();
            let report = match drift_csv(model.predictor.card(), &bytes) {
                Ok(r) => r,
                Err(e) => return deploy.fail(format!("`{name}` was not checked for drift: {e}")),
            };
            let ms = now_ms() - start;
            deploy.timings.update(|t| t.drift = Some(ms));
            let bytes = Arc::new(bytes);
            let has_target = report_has_target(&model, &bytes);
            let view = DriftView { name, bytes: bytes.clone(), report, evaluation: None, ms };
            deploy.drift.set(Some(Arc::new(view.clone())));
            deploy.busy.set(None);
            if !has_target {
                return;
            }
            let evaluation = match deploy.run_batch(&model.predictor, &bytes, generation).await {
                Ok(None) => return,
                Ok(Some(batch)) => batch.evaluation.ok_or_else(|| "the file has no target values".to_string()),
                Err(e) => Err(format!("the model's metrics need every input column, read as in training: {e}")),
            };
            deploy.busy.set(None);
            deploy.drift.set(Some(Arc::new(DriftView { evaluation: Some(evaluation), ..view })));
        });
    }
}

/// True when the header of `bytes` names the model's target column (read from the first 20
/// lines only: a cheap look before a whole batch is predicted for the metrics).
fn report_has_target(model: &DeployedModel, bytes: &[u8]) -> bool {
    let target = &model.predictor.card().target;
    let end = bytes.iter().enumerate().filter(|(_, &b)| b == b'\n').nth(19).map_or(bytes.len(), |(i, _)| i + 1);
    crate::data::csv::read_csv(&bytes[..end], &crate::data::csv::ReadOptions::default())
        .map(|l| l.table.column(target).is_some())
        .unwrap_or(false)
}

/// The panel's view of a finished batch.
fn batch_view(name: String, batch: &BatchPrediction, csv: Arc<Vec<u8>>, ms: f64) -> BatchView {
    let given = batch.table.columns.len();
    let mut header: Vec<String> = batch.table.columns.iter().map(|c| c.name.clone()).collect();
    header.extend(batch.prediction_columns());
    let preview = (0..batch.predictions.len().min(PREVIEW_ROWS))
        .map(|r| {
            let mut row: Vec<String> = batch.table.columns.iter().map(|c| c.display(r).unwrap_or_default()).collect();
            match &batch.predictions[r] {
                Prediction::Class { class, probabilities, .. } => {
                    row.push(class.clone());
                    row.extend(probabilities.iter().map(|p| format!("{p:.4}")));
                }
                Prediction::Value { value } => row.push(crate::viz::compact_number(*value)),
            }
            row
        })
        .collect();
    BatchView {
        name,
        rows: batch.predictions.len(),
        notices: batch.notices.clone(),
        header,
        given,
        preview,
        csv,
        evaluation: batch.evaluation.clone(),
        ms,
    }
}
