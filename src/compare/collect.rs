//! A queued run from the worker's events to a [`RunRecord`]: the page's background queue (and
//! the native tests) send [`RunCollector::commands`], feed every event back, and get the
//! record once the run is done and fingerprinted, or has failed.

use super::{Job, RunRecord};
use crate::train::{Command, EpochMetrics, Event};

/// Collects one run's events.
#[derive(Clone, Debug)]
pub struct RunCollector {
    record: RunRecord,
    curves: Vec<EpochMetrics>,
    done: bool,
}

impl RunCollector {
    /// Ready to collect `job`'s run.
    pub fn new(job: Job) -> Self {
        let mut record = RunRecord::new(job.label, job.spec);
        record.group = job.group;
        Self { record, curves: Vec::new(), done: false }
    }

    /// What to send the worker: numbers only (no pictures), load the spec, play to the end.
    pub fn commands(&self) -> Vec<Command> {
        vec![
            Command::Details { send: false },
            Command::Load { spec: self.record.spec.clone(), changes: Vec::new() },
            Command::Play,
        ]
    }

    /// The job's label.
    pub fn label(&self) -> &str {
        &self.record.label
    }

    /// Epochs reported so far, and the run's total.
    pub fn progress(&self) -> (usize, usize) {
        (self.curves.last().map_or(0, |m| m.epoch), self.record.spec.training.epochs)
    }

    /// Takes one event; returns the record when the run is complete: after the fingerprint
    /// that follows the last progress event, or at a failure (with the epochs so far).
    pub fn feed(&mut self, event: Event) -> Option<RunRecord> {
        match event {
            Event::Loaded { parameters, task, .. } => {
                self.record.parameters = Some(parameters);
                self.record.task = Some(task);
                None
            }
            Event::Progress { epochs, done, stopped_at, evaluation, train_ms, .. } => {
                self.curves.extend(epochs);
                if let Some(e) = evaluation {
                    self.record.set_evaluation(&e);
                }
                self.record.train_ms = train_ms.or(self.record.train_ms);
                self.record.stopped_at = stopped_at;
                self.done |= done;
                None
            }
            Event::Fingerprint { fingerprint } if self.done => {
                self.record.fingerprint = Some(fingerprint);
                Some(self.finish())
            }
            Event::Failed { message } => {
                self.record.failure = Some(message);
                Some(self.finish())
            }
            _ => None,
        }
    }

    fn finish(&mut self) -> RunRecord {
        let mut record = self.record.clone();
        record.set_curves(std::mem::take(&mut self.curves));
        record
    }
}
