//! Retraining the current model on the drift panel's new rows (with the old ones, or alone):
//! the plan's table goes to the Compare queue's worker as a CSV file and trains in the
//! background as "retrained on old + new (412 rows)"; the model before retraining is recorded
//! next to it, evaluated on the very same test rows, so the Compare table puts the two side by
//! side on equal terms.

use super::DeployState;
use crate::compare::{model_name, Job, RunRecord};
use crate::data::csv::{read_csv, ReadOptions};
use crate::deploy::{old_table, retrain_plan, table_to_csv, test_rows, RetrainRows};
use crate::error::Result;
use leptos::prelude::*;
use std::sync::Arc;

impl DeployState {
    /// Queues a retraining of the current model on the drift panel's new rows (`rows`: with
    /// the old ones, or alone), and records the current model on the same test rows.
    pub fn retrain(&self, rows: RetrainRows) {
        match self.try_retrain(rows) {
            Ok(message) => self.say(message),
            Err(message) => self.fail(message),
        }
    }

    fn try_retrain(&self, rows: RetrainRows) -> std::result::Result<String, String> {
        let (Some(model), Some(drift)) = (self.model.get_untracked(), self.drift.get_untracked()) else {
            return Err("Load new data with the target column under Drift first.".into());
        };
        let card = model.predictor.card();
        let plan = (|| -> Result<_> {
            let new = read_csv(&drift.bytes, &model.predictor.read_options())?.table;
            let old = match rows {
                RetrainRows::NewOnly => None,
                RetrainRows::OldAndNew => {
                    // The user's file as the worker read it (the page keeps its table).
                    let name = self.state.user_file.with_value(|f| f.as_ref().map(|f| f.name.clone()));
                    let table = name.and_then(|n| self.state.user_table(&n).map(|t| (n, t)));
                    Some(old_table(card, table.as_ref().map(|(n, t)| (n.as_str(), t)))?)
                }
            };
            let which = if rows == RetrainRows::OldAndNew { "old+new" } else { "new" };
            let file_name = format!("{}-retrain-{which}.csv", model.stem);
            let plan = retrain_plan(card, old.as_ref(), &new, rows, &file_name)?;
            let bytes = table_to_csv(&plan.table)?;
            // The worker reads these bytes as any file: its test rows are those of this table.
            let table = read_csv(&bytes, &ReadOptions::default())?.table;
            let test = test_rows(&plan.spec, &table)?;
            let before = model.predictor.predict_table(&table.select_rows(&test))?;
            Ok((plan, file_name, bytes, test.len(), before.evaluation))
        })()
        .map_err(|e| format!("Retraining was not queued: {e}"))?;
        let (plan, file_name, bytes, tested, before) = plan;
        let total = plan.rows.0 + plan.rows.1;
        let label = match rows {
            RetrainRows::OldAndNew => format!("retrained on old + new ({total} rows)"),
            RetrainRows::NewOnly => format!("retrained on new only ({total} rows)"),
        };
        let mut record =
            RunRecord::new(format!("before retraining, on the same {tested} test rows"), card.spec.clone());
        record.task = Some(card.task);
        record.epochs = card.training.epochs;
        record.stopped_at = card.training.stopped_at;
        record.parameters = Some(card.architecture.parameters);
        if let Some(e) = &before {
            record.set_evaluation(&e.evaluation);
        }
        record.notes = vec![
            format!("the current model ({}, {}), not trained again", model_name(&card.spec, Some(card.task)), model.origin),
            format!("evaluated on the {tested} test rows of “{label}” ({file_name}); its baseline is fitted on its own training rows"),
        ];
        let job = Job { label: label.clone(), spec: plan.spec, group: None };
        self.queue
            .enqueue_on_file(vec![job], file_name, Arc::new(bytes))
            .map_err(|e| format!("Retraining was not queued: {e}"))?;
        self.records.add(record);
        Ok(format!(
            "Retraining queued: “{label}” ({} old and {} new rows) trains in the background. Compare runs lists it \
             next to the current model evaluated on the same {tested} test rows.",
            plan.rows.0, plan.rows.1
        ))
    }
}
