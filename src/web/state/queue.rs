//! The background queue of the Compare view: queued runs train in a pool of Web Workers — the
//! same worker runtime and [`Session`](crate::train::Session) protocol as the interactive run,
//! asked for numbers only — so the interactive run is not disturbed. Each run ends as a record
//! ([`RunCollector`]); cancelling ends the workers at once.
//!
//! **The pool.** [`QueueState::workers`] workers (by default one per core but one, which the
//! page and its interactive run keep: [`default_workers`]) each take the next waiting job. A
//! run's numbers depend only on its spec, never on which worker trained it or beside what, and
//! finished runs are recorded in the order they were queued (a run that finishes early waits
//! for those queued before it), so the runs table, a search's ranking and a cross-validation's
//! mean are the same whatever the pool's size.

use super::{AppState, RecordsState, UserFile, WORKER_URL};
use crate::compare::{workers_for, Job, RunCollector, RunRecord, MAX_WORKERS};
use crate::spec::DataSource;
use crate::train::{Command, Event};
use crate::web::glue::worker_client::WorkerClient;
use leptos::prelude::*;
use std::collections::{BTreeMap, VecDeque};
use std::sync::Arc;

/// Where the queue stands, for the status line.
#[derive(Clone, Debug, PartialEq)]
pub struct QueueProgress {
    /// Runs finished since the queue was last empty.
    pub done: usize,
    /// Runs queued since then, finished ones included.
    pub total: usize,
    /// Runs training now (one per busy worker).
    pub running: usize,
    /// The label of the earliest queued run training now.
    pub label: String,
    /// Its epochs so far and in all.
    pub epoch: (usize, usize),
}

/// One worker of the pool and what it holds.
#[derive(Default)]
struct Slot {
    worker: Option<WorkerClient>,
    /// The job it trains: its place in the queue's order, and its collector.
    current: Option<(usize, RunCollector)>,
    /// The user's file it has (name and size), if any.
    sent_file: Option<(String, usize)>,
    /// The bundled tables it has, by name.
    sent_table: Vec<String>,
}

impl Slot {
    /// Ends its worker (it is started again for its next job).
    fn stop(&mut self) {
        self.worker = None; // terminates it
        self.current = None;
        self.sent_file = None;
        self.sent_table.clear();
    }
}

/// [`workers_for`] this browser's `navigator.hardwareConcurrency`.
pub fn default_workers() -> usize {
    let cores = web_sys::window().map_or(1.0, |w| w.navigator().hardware_concurrency());
    workers_for(cores as usize)
}

/// The queue, provided by context next to [`AppState`].
#[derive(Clone, Copy)]
pub struct QueueState {
    state: AppState,
    records: RecordsState,
    /// Jobs not started yet, with their place in the queue's order.
    waiting: StoredValue<VecDeque<(usize, Job)>>,
    slots: StoredValue<Vec<Slot>, LocalStorage>,
    /// Finished runs waiting for the runs queued before them, by place.
    finished: StoredValue<BTreeMap<usize, RunRecord>>,
    /// The next place to give a queued job, and the next to record.
    order: StoredValue<(usize, usize)>,
    /// How many workers the pool runs (1 to [`MAX_WORKERS`]); takes effect as jobs start.
    pub workers: RwSignal<usize>,
    /// Set while runs are queued or running.
    pub progress: RwSignal<Option<QueueProgress>>,
    /// What happened last (the queue finished, was cancelled, a run failed).
    pub message: RwSignal<Option<String>>,
    /// Files made in the page for queued jobs (a retraining's old + new rows), by name: jobs on
    /// them train without the file being open in the Data panel.
    files: StoredValue<Vec<(String, Arc<Vec<u8>>)>>,
    counts: StoredValue<(usize, usize)>,
}

impl QueueState {
    /// An empty queue (its workers start with the first jobs).
    pub fn new(state: AppState, records: RecordsState) -> Self {
        Self {
            state,
            records,
            waiting: StoredValue::new(VecDeque::new()),
            slots: StoredValue::new_local(Vec::new()),
            finished: StoredValue::new(BTreeMap::new()),
            order: StoredValue::new((0, 0)),
            workers: RwSignal::new(default_workers()),
            progress: RwSignal::new(None),
            message: RwSignal::new(None),
            files: StoredValue::new(Vec::new()),
            counts: StoredValue::new((0, 0)),
        }
    }

    /// Adds `jobs` to the queue and starts idle workers. Jobs on the user's file need it to be
    /// the file open in the page (its bytes go to the workers).
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
        let first = self.order.with_value(|o| o.0);
        self.order.update_value(|o| o.0 += n);
        self.waiting.update_value(|w| w.extend(jobs.into_iter().enumerate().map(|(i, j)| (first + i, j))));
        self.counts.update_value(|c| c.1 += n);
        self.fill();
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

    /// Whether any run is training.
    fn busy(&self) -> bool {
        self.slots.with_value(|s| s.iter().any(|s| s.current.is_some()))
    }

    /// Ends the running jobs and drops the waiting ones (finished runs are recorded).
    pub fn cancel(&self) {
        if !self.busy() {
            return;
        }
        self.slots.update_value(|s| s.iter_mut().for_each(Slot::stop));
        self.waiting.update_value(VecDeque::clear);
        // Runs that finished ahead of a cancelled one are kept.
        let early: Vec<RunRecord> =
            self.finished.try_update_value(std::mem::take).unwrap_or_default().into_values().collect();
        let kept = early.len();
        for record in early {
            self.records.add(record);
        }
        let (done, total) = self.counts.get_value();
        self.order.update_value(|o| o.1 = o.0);
        self.counts.set_value((0, 0));
        self.progress.set(None);
        self.message.set(Some(format!("Cancelled: {} of {total} runs finished and recorded.", done + kept)));
    }

    /// Starts waiting jobs on idle workers, up to the pool's size; says "Done" when nothing is
    /// left.
    fn fill(&self) {
        let size = self.workers.get_untracked().clamp(1, MAX_WORKERS);
        self.slots.update_value(|s| {
            if s.len() < size {
                s.resize_with(size, Slot::default);
            }
        });
        for i in 0..size {
            if self.slots.with_value(|s| s[i].current.is_some()) {
                continue;
            }
            let Some((place, job)) = self.waiting.try_update_value(VecDeque::pop_front).flatten() else { break };
            if let Err(e) = self.start(i, place, job) {
                self.message.set(Some(format!("The background worker did not start ({e}); nothing was queued.")));
                self.waiting.update_value(VecDeque::clear);
                break;
            }
        }
        if !self.busy() && self.waiting.with_value(VecDeque::is_empty) {
            let (done, _) = self.counts.get_value();
            self.counts.set_value((0, 0));
            self.progress.set(None);
            if self.message.with_untracked(Option::is_none) {
                self.message.set(Some(format!("Done: {done} run{} recorded.", if done == 1 { "" } else { "s" })));
            }
            return;
        }
        self.show_progress();
    }

    /// Starts `job` (queued at `place`) on worker `i`, starting the worker if needed.
    fn start(&self, i: usize, place: usize, job: Job) -> Result<(), String> {
        if self.slots.with_value(|s| s[i].worker.is_none()) {
            let queue = *self;
            let worker = WorkerClient::spawn(WORKER_URL, move |event| queue.on_event(i, event))?;
            self.slots.update_value(|s| s[i].worker = Some(worker));
        }
        self.send_file_for(i, &job);
        let collector = RunCollector::new(job);
        self.slots.update_value(|s| {
            if let Some(w) = &s[i].worker {
                for c in collector.commands() {
                    w.send(&c);
                }
            }
            s[i].current = Some((place, collector));
        });
        Ok(())
    }

    /// Sends `command` to worker `i`.
    fn send(&self, i: usize, command: &Command) {
        self.slots.with_value(|s| {
            if let Some(w) = &s[i].worker {
                w.send(command);
            }
        });
    }

    /// Sends the job's data — a bundled table, a file made in the page for it, or the user's
    /// file — to worker `i` when it does not have it yet.
    fn send_file_for(&self, i: usize, job: &Job) {
        if let DataSource::Builtin { name } = &job.spec.data.source {
            // The page loaded the table for its own run; each worker gets it once.
            if self.slots.with_value(|s| !s[i].sent_table.contains(name)) {
                if let Some(command) = crate::data::builtin::builtin(name).and_then(super::files::table_command) {
                    self.send(i, &command);
                    self.slots.update_value(|s| s[i].sent_table.push(name.clone()));
                }
            }
            return;
        }
        let DataSource::File { name } = &job.spec.data.source else { return };
        let has = |file: &str, size: usize| {
            self.slots.with_value(|s| s[i].sent_file.as_ref() == Some(&(file.to_string(), size)))
        };
        let made = self.files.with_value(|f| f.iter().find(|(n, _)| n == name).map(|(n, b)| (n.clone(), b.clone())));
        if let Some((file, bytes)) = made {
            let size = bytes.len();
            if !has(&file, size) {
                self.send(i, &Command::File { name: file.clone(), describe: false, bytes });
                self.slots.update_value(|s| s[i].sent_file = Some((file, size)));
            }
            return;
        }
        // The user's file: the worker reads it from the browser's copy.
        let Some(UserFile { name: file, blob, .. }) = self.state.user_file.get_value() else { return };
        let size = blob.size() as usize;
        if &file != name || has(&file, size) {
            return;
        }
        self.slots.with_value(|s| {
            if let Some(w) = &s[i].worker {
                w.send_file(&file, false, &blob);
            }
        });
        self.slots.update_value(|s| s[i].sent_file = Some((file, size)));
    }

    fn show_progress(&self) {
        let (done, total) = self.counts.get_value();
        let progress = self.slots.with_value(|s| {
            let running: Vec<&(usize, RunCollector)> = s.iter().filter_map(|s| s.current.as_ref()).collect();
            let first = running.iter().min_by_key(|(place, _)| *place)?;
            Some(QueueProgress {
                done,
                total,
                running: running.len(),
                label: first.1.label().to_string(),
                epoch: first.1.progress(),
            })
        });
        self.progress.set(progress);
    }

    /// An event from worker `i`: progress, or its run's end (recorded in the queue's order),
    /// after which the worker takes the next job.
    fn on_event(&self, i: usize, event: Event) {
        let failed = matches!(event, Event::Failed { .. });
        let finished = self
            .slots
            .try_update_value(|s| {
                let (place, collector) = s.get_mut(i)?.current.as_mut()?;
                collector.feed(event).map(|record| (*place, record))
            })
            .flatten();
        let Some((place, record)) = finished else {
            self.show_progress();
            return;
        };
        if let Some(why) = &record.failure {
            self.message.set(Some(format!("{} failed: {why}", record.label)));
        }
        self.slots.update_value(|s| {
            if failed {
                // A crashed worker may not take more commands: its next job gets a fresh one.
                s[i].stop();
            }
            s[i].current = None;
        });
        self.finished.update_value(|f| {
            f.insert(place, record);
        });
        self.record_in_order();
        self.fill();
    }

    /// Records the finished runs whose predecessors in the queue are all recorded.
    fn record_in_order(&self) {
        loop {
            let next = self.order.with_value(|o| o.1);
            let Some(record) = self.finished.try_update_value(|f| f.remove(&next)).flatten() else { return };
            self.records.add(record);
            self.order.update_value(|o| o.1 += 1);
            self.counts.update_value(|c| c.0 += 1);
        }
    }
}
