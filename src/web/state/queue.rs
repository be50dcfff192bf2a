//! The background queue of the Compare view: queued runs train one after another in a second
//! Web Worker — the same worker runtime and [`Session`](crate::train::Session) protocol as the
//! interactive run, asked for numbers only — so the interactive run is not disturbed. Each run
//! ends as a record ([`RunCollector`]); cancelling ends the worker at once.

use super::{AppState, RecordsState, UserFile, WORKER_URL};
use crate::compare::{Job, RunCollector};
use crate::spec::DataSource;
use crate::train::{Command, Event};
use crate::web::glue::worker_client::WorkerClient;
use leptos::prelude::*;
use std::collections::VecDeque;
use std::sync::Arc;

/// Where the queue stands, for the status line.
#[derive(Clone, Debug, PartialEq)]
pub struct QueueProgress {
    /// Runs finished since the queue was last empty.
    pub done: usize,
    /// Runs queued since then, finished ones included.
    pub total: usize,
    /// The running job's label.
    pub label: String,
    /// Its epochs so far and in all.
    pub epoch: (usize, usize),
}

/// The queue, provided by context next to [`AppState`].
#[derive(Clone, Copy)]
pub struct QueueState {
    state: AppState,
    records: RecordsState,
    waiting: StoredValue<VecDeque<Job>>,
    current: StoredValue<Option<RunCollector>>,
    /// Set while runs are queued or running.
    pub progress: RwSignal<Option<QueueProgress>>,
    /// What happened last (the queue finished, was cancelled, a run failed).
    pub message: RwSignal<Option<String>>,
    worker: StoredValue<Option<WorkerClient>, LocalStorage>,
    /// The user's file the queue's worker has (name and size), if any.
    sent_file: StoredValue<Option<(String, usize)>>,
    /// The bundled tables the queue's worker has, by name.
    sent_table: StoredValue<Vec<String>>,
    /// Files made in the page for queued jobs (a retraining's old + new rows), by name: jobs on
    /// them train without the file being open in the Data panel.
    files: StoredValue<Vec<(String, Arc<Vec<u8>>)>>,
    counts: StoredValue<(usize, usize)>,
}

impl QueueState {
    /// An empty queue (its worker starts with the first job).
    pub fn new(state: AppState, records: RecordsState) -> Self {
        Self {
            state,
            records,
            waiting: StoredValue::new(VecDeque::new()),
            current: StoredValue::new(None),
            progress: RwSignal::new(None),
            message: RwSignal::new(None),
            worker: StoredValue::new_local(None),
            sent_file: StoredValue::new(None),
            sent_table: StoredValue::new(Vec::new()),
            files: StoredValue::new(Vec::new()),
            counts: StoredValue::new((0, 0)),
        }
    }

    /// Adds `jobs` to the queue and starts it if idle. Jobs on the user's file need it to be
    /// the file open in the page (its bytes go to the queue's worker).
    ///
    /// # Errors
    /// What to do when a job's file is not open.
    pub fn enqueue(&self, jobs: Vec<Job>) -> Result<(), String> {
        for job in &jobs {
            if let DataSource::File { name } = &job.spec.data.source {
                let open = self.state.user_file.with_value(|f| f.as_ref().is_some_and(|f| &f.name == name))
                    || self.files.with_value(|f| f.iter().any(|(n, _)| n == name));
                if !open {
                    return Err(format!(
                        "`{name}` is not open in the page any more: open it again to queue runs on it"
                    ));
                }
            }
        }
        self.message.set(None);
        let n = jobs.len();
        self.waiting.update_value(|w| w.extend(jobs));
        self.counts.update_value(|c| c.1 += n);
        if self.current.with_value(Option::is_none) {
            self.start_next();
        } else {
            self.show_progress();
        }
        Ok(())
    }

    /// Adds `jobs` that train on the CSV file `bytes` made in the page (not the Data panel's
    /// file), named `name` as in their specs; the file replaces an earlier one of that name.
    ///
    /// # Errors
    /// As [`QueueState::enqueue`].
    pub fn enqueue_on_file(&self, jobs: Vec<Job>, name: String, bytes: Arc<Vec<u8>>) -> Result<(), String> {
        self.files.update_value(|f| {
            f.retain(|(n, _)| *n != name);
            f.push((name, bytes));
        });
        self.enqueue(jobs)
    }

    /// Ends the running job and drops the waiting ones.
    pub fn cancel(&self) {
        let (done, total) = self.counts.get_value();
        if self.current.with_value(Option::is_none) {
            return;
        }
        self.worker.set_value(None); // terminates it
        self.sent_file.set_value(None);
        self.sent_table.set_value(Vec::new());
        self.current.set_value(None);
        self.waiting.update_value(VecDeque::clear);
        self.counts.set_value((0, 0));
        self.progress.set(None);
        self.message.set(Some(format!("Cancelled: {done} of {total} runs finished and recorded.")));
    }

    fn start_next(&self) {
        let Some(job) = self.waiting.try_update_value(VecDeque::pop_front).flatten() else {
            let (done, _) = self.counts.get_value();
            self.counts.set_value((0, 0));
            self.progress.set(None);
            if self.message.with_untracked(Option::is_none) {
                self.message.set(Some(format!("Done: {done} run{} recorded.", if done == 1 { "" } else { "s" })));
            }
            return;
        };
        if self.worker.with_value(Option::is_none) {
            let queue = *self;
            match WorkerClient::spawn(WORKER_URL, move |event| queue.on_event(event)) {
                Ok(w) => self.worker.set_value(Some(w)),
                Err(e) => {
                    self.message.set(Some(format!("The background worker did not start ({e}); nothing was queued.")));
                    self.waiting.update_value(VecDeque::clear);
                    self.counts.set_value((0, 0));
                    self.progress.set(None);
                    return;
                }
            }
        }
        self.send_file_for(&job);
        let collector = RunCollector::new(job);
        self.worker.with_value(|w| {
            if let Some(w) = w {
                for c in collector.commands() {
                    w.send(&c);
                }
            }
        });
        self.current.set_value(Some(collector));
        self.show_progress();
    }

    /// Sends the job's file — one made in the page for it, or the user's — to the queue's
    /// worker when the worker does not have it yet.
    fn send_file_for(&self, job: &Job) {
        if let DataSource::Builtin { name } = &job.spec.data.source {
            // The page loaded the table for its own run; the queue's worker gets it once.
            if self.sent_table.with_value(|t| !t.contains(name)) {
                if let Some(command) = crate::data::builtin::builtin(name).and_then(super::files::table_command) {
                    self.worker.with_value(|w| {
                        if let Some(w) = w {
                            w.send(&command);
                        }
                    });
                    self.sent_table.update_value(|t| t.push(name.clone()));
                }
            }
            return;
        }
        let DataSource::File { name } = &job.spec.data.source else { return };
        let made = self.files.with_value(|f| f.iter().find(|(n, _)| n == name).map(|(n, b)| (n.clone(), b.clone())));
        if let Some((file, bytes)) = made {
            if self.sent_file.get_value() == Some((file.clone(), bytes.len())) {
                return;
            }
            let size = bytes.len();
            self.worker.with_value(|w| {
                if let Some(w) = w {
                    w.send(&Command::File { name: file.clone(), describe: false, bytes });
                }
            });
            self.sent_file.set_value(Some((file, size)));
            return;
        }
        // The user's file: the queue's worker reads it from the browser's copy.
        let Some(UserFile { name: file, blob, .. }) = self.state.user_file.get_value() else { return };
        let size = blob.size() as usize;
        if &file != name || self.sent_file.get_value() == Some((file.clone(), size)) {
            return;
        }
        self.worker.with_value(|w| {
            if let Some(w) = w {
                w.send_file(&file, false, &blob);
            }
        });
        self.sent_file.set_value(Some((file, size)));
    }

    fn show_progress(&self) {
        let (done, total) = self.counts.get_value();
        let progress = self.current.with_value(|c| {
            c.as_ref().map(|c| QueueProgress { done, total, label: c.label().to_string(), epoch: c.progress() })
        });
        self.progress.set(progress);
    }

    fn on_event(&self, event: Event) {
        let failed = matches!(event, Event::Failed { .. });
        let finished = self.current.try_update_value(|c| c.as_mut().and_then(|c| c.feed(event))).flatten();
        let Some(record) = finished else {
            self.show_progress();
            return;
        };
        if let Some(why) = &record.failure {
            self.message.set(Some(format!("{} failed: {why}", record.label)));
        }
        self.records.add(record);
        self.current.set_value(None);
        self.counts.update_value(|c| c.0 += 1);
        if failed {
            // A crashed worker may not take more commands: the next job gets a fresh one.
            self.worker.set_value(None);
            self.sent_file.set_value(None);
            self.sent_table.set_value(Vec::new());
        }
        self.start_next();
    }
}
