//! The data behind the experiment: bundled tables shown in the data view, and the user's
//! files (opened, reopened, or carried by a share link).
//!
//! A user's file is read once, in the training worker: the page posts the browser's `File`
//! (a handle: the page never holds the bytes), the worker reads and parses it, reports how far
//! it has got ([`Event::Reading`], the progress bar), and answers with what the page shows
//! ([`Event::FileRead`]: summaries, correlations, the share link's data and the table's cells)
//! or why not ([`Event::FileRefused`]). Only then does the page switch to the file.

use super::{AppState, Supplied, TableView};
use crate::data::builtin::{self, BuiltinDataset};
use crate::data::csv::{read_csv, Limits, ReadOptions};
use crate::data::prepare::{PrepareSpec, TaskChoice};
use crate::data::Table;
use crate::spec::link::{LinkBudget, LinkData, ShareLink};
use crate::spec::table_defaults::TableShape;
use crate::spec::{DataSource, ExperimentSpec};
use crate::train::{Command, FileDigest};
use crate::web::glue::fetch::fetch_bytes;
use crate::web::glue::file::{blob_of, spawn};
use crate::web::glue::url;
use leptos::prelude::*;
use std::sync::Arc;
use std::time::Duration;

/// A timer's delay of zero: run in a task of its own, after the events already waiting.
const ZERO: Duration = Duration::ZERO;

/// A data file the user brought, as the browser holds it, with what a share link carries of it.
#[derive(Clone, Debug)]
pub struct UserFile {
    /// Its name, as opened.
    pub name: String,
    /// The file itself (a handle to it, or its bytes for pasted and downloaded text): what the
    /// workers read.
    pub blob: web_sys::Blob,
    /// The public http(s) address it was downloaded from, if it was: a link too big to carry
    /// the file names this address, so the reader can fetch it with one click.
    pub url: Option<String>,
    /// The file as a share link carries it (embedded, or its size and SHA-256 with `url`).
    pub link: LinkData,
    /// The link's data budget for it (the Share menu's size meter).
    pub budget: LinkBudget,
}

/// How far the worker has read the file being opened (the progress bar).
#[derive(Clone, Debug, PartialEq)]
pub struct Reading {
    /// The file's name.
    pub name: String,
    /// Its size in bytes.
    pub size: usize,
    /// How much is read, 0 to 1.
    pub share: f64,
}

/// What to do with a file once the worker has read it, when it comes from a share link.
#[derive(Clone, Debug, Default)]
pub(super) struct FromLink {
    /// The link's experiment, run on the file instead of predicting its last column.
    pub spec: Option<ExperimentSpec>,
    /// The link's reference the file must match (its SHA-256), and where the file came from.
    pub check: Option<(Supplied, LinkData)>,
    /// The link waiting for its file: cleared once the file is used.
    pub waiting: Option<RwSignal<Option<ShareLink>>>,
    /// Start training at once (the link's teaching options say so).
    pub autostart: bool,
}

/// A file sent to the worker and not read yet.
#[derive(Clone, Debug)]
pub(super) struct PendingFile {
    name: String,
    blob: web_sys::Blob,
    url: Option<String>,
    link: FromLink,
    /// [`AppState::load_requests`] when it was opened: another run asked for since then wins.
    request: u64,
}

impl AppState {
    /// Puts the table behind `source` into the data view (bundled tables are read here too;
    /// a user's file was put there when it was opened).
    pub(super) fn show_source_table(&self, source: &DataSource) {
        match source {
            DataSource::Synthetic { .. } => self.table.set(None),
            DataSource::Builtin { name } => {
                // (Nothing until the table has loaded: `load_table` shows it then.)
                let view = builtin::builtin(name).and_then(|b| {
                    let csv = b.csv().ok()?;
                    read_csv(csv.as_bytes(), &ReadOptions::default())
                        .ok()
                        .map(|l| Arc::new(TableView::from_loaded(b.title.to_string(), l)))
                });
                self.table.set(view);
            }
            DataSource::File { .. } => self.table.set(self.last_file.get_value()),
        }
    }

    /// Fetches the bundled table (served next to the app), gives it to the worker, and then
    /// starts `command`'s run — unless another run was asked for in the meantime.
    pub(super) fn load_table(&self, table: &'static BuiltinDataset, command: Command) {
        let state = *self;
        let request = self.load_requests.get_value();
        spawn(async move {
            let loaded = fetch_bytes(&url::app_file(&table.path()))
                .await
                .and_then(|bytes| builtin::provide(table.name, &bytes).map(|()| bytes).map_err(|e| e.to_string()));
            match loaded {
                Ok(bytes) => {
                    state.send(&Command::Table { name: table.name.into(), bytes: Arc::new(bytes) });
                    if state.load_requests.get_value() != request {
                        return;
                    }
                    if let Command::Load { spec, .. } = &command {
                        state.show_source_table(&spec.data.source);
                    }
                    state.start_fresh(command);
                }
                Err(e) => state.fail(format!(
                    "The table “{}” could not be loaded ({e}). Check the connection, then pick it again in the \
                     Dataset menu.",
                    table.title
                )),
            }
        });
    }

    /// Name of the user's last opened file, if any (tracked through the experiment, which
    /// changes whenever a file is opened).
    pub fn last_file_name(&self) -> Option<String> {
        self.spec.track();
        self.last_file.with_value(|f| f.as_ref().map(|v| v.name.clone()))
    }

    /// The user's last opened file as a table, if it is called `name`.
    pub fn user_table(&self, name: &str) -> Option<Table> {
        self.last_file.with_value(|f| f.as_ref().filter(|v| v.name == name).map(|v| v.table.clone()))
    }

    /// Goes back to the user's last opened file (predicting its last column).
    pub fn reopen_file(&self) {
        let Some(view) = self.last_file.get_value() else { return };
        let target = view.table.columns.last().map(|c| c.name.clone());
        let mut next = self.spec.get_untracked();
        next.data.source = DataSource::File { name: view.name.clone() };
        next.data.prepare = PrepareSpec { target, ..PrepareSpec::default() };
        let next = self.with_table_defaults(next, TableShape::of_table(&view.table, None, TaskChoice::Auto));
        self.edit(|s| *s = next);
    }

    /// Opens a CSV file the user picked or dropped: the worker reads it (a refused file is
    /// reported and the current data kept), then the page shows it and trains on it,
    /// predicting its last column until the user picks another target.
    pub fn open_file(&self, file: web_sys::File) {
        self.open_file_with(file.name(), file.into(), None, FromLink::default());
    }

    /// As [`AppState::open_file`], for text the user pasted.
    pub fn open_text(&self, name: String, text: &str) {
        match blob_of(text.as_bytes()) {
            Ok(blob) => self.open_file_with(name, blob, None, FromLink::default()),
            Err(e) => self.error.set(Some(e)),
        }
    }

    /// As [`AppState::open_file`], for a file downloaded from the public address `url`
    /// (remembered for share links).
    pub fn open_download(&self, name: String, bytes: &[u8], url: &str) {
        match blob_of(bytes) {
            Ok(blob) => self.open_file_with(name, blob, Some(url.trim().to_string()), FromLink::default()),
            Err(e) => self.error.set(Some(e)),
        }
    }

    /// Sends the file `blob` to the worker to be read; when it is, shows it and runs the
    /// link's experiment on it (see [`FromLink`]), or predicts its last column. `url` is the
    /// public address it came from, if any.
    pub(super) fn open_file_with(&self, name: String, blob: web_sys::Blob, url: Option<String>, link: FromLink) {
        // `as` saturates: a size beyond usize is usize::MAX, still refused.
        if let Err(e) = Limits::for_page().check_size(blob.size() as usize) {
            self.error.set(Some(format!("`{name}` was not loaded: {e}")));
            return;
        }
        self.reading.set(Some(Reading { name: name.clone(), size: blob.size() as usize, share: 0.0 }));
        self.worker.with_value(|w| {
            if let Some(w) = w {
                w.send_file(&name, true, &blob);
            }
        });
        let request = self.load_requests.get_value();
        self.pending_file.set_value(Some(PendingFile { name, blob, url, link, request }));
    }

    /// The worker's news of the file being read: how far it has got, the file read, or why it
    /// was refused. Returns false for any other event.
    pub(super) fn on_file_event(&self, event: &mut Option<crate::train::Event>) -> bool {
        use crate::train::Event;
        let pending = |name: &str| self.pending_file.with_value(|p| p.as_ref().is_some_and(|p| p.name == name));
        match event.take() {
            Some(Event::Reading { name, share }) => {
                if pending(&name) {
                    self.reading.update(|r| {
                        if let Some(r) = r.as_mut().filter(|r| r.name == name) {
                            r.share = share;
                        }
                    });
                }
                true
            }
            Some(Event::FileRefused { name, message }) => {
                if pending(&name) {
                    self.pending_file.set_value(None);
                    self.reading.set(None);
                    self.error.set(Some(message));
                }
                true
            }
            Some(Event::FileRead { digest, table }) => {
                if pending(&digest.name) {
                    if let Some(file) = self.pending_file.try_update_value(Option::take).flatten() {
                        // (The reading bar stays until the experiment on the file is set: see
                        // `run_file`.)
                        // The event holds the only reference: the table is moved, not copied.
                        self.file_read(file, *digest, Arc::unwrap_or_clone(table));
                    }
                }
                true
            }
            other => {
                *event = other;
                false
            }
        }
    }

    /// The worker has read `file`: checks it against a link's reference, shows it, and trains
    /// on it (unless another run was asked for meanwhile: then it is only remembered).
    fn file_read(&self, file: PendingFile, digest: FileDigest, table: Table) {
        let PendingFile { name, blob, url, link: from_link, request } = file;
        let FromLink { spec, check, waiting, autostart } = from_link;
        if let Some((from, expected)) = &check {
            if let Err(e) = expected.check_sha256(&digest.link.sha256(), digest.size as u64) {
                self.reading.set(None);
                self.error.set(Some(refusal(from, &e.to_string(), expected.name())));
                // The worker took this file as its table: give it back the user's own.
                self.resend_user_file(self.worker);
                return;
            }
        }
        let mut link = digest.link.clone();
        if let LinkData::Reference(r) = &mut link {
            r.url = url.clone();
            // An address a link cannot carry (too long, say) is left out rather than spoiling it.
            if LinkData::Reference(r.clone()).validate().is_err() {
                r.url = None;
            }
        }
        let budget = digest.budget;
        let view = Arc::new(TableView::from_digest(digest, table));
        self.last_file.set_value(Some(view.clone()));
        self.user_file.set_value(Some(UserFile { name: name.clone(), blob, url, link, budget }));
        if self.load_requests.get_value() != request {
            // Another run was asked for while the file was read: it waits in the Dataset menu.
            self.reading.set(None);
            return;
        }
        // Three tasks, not one: the cells arrived in this one; the experiment on the file and its
        // controls come in the next (the run is asked for there), and the data view in the last,
        // so that no task keeps the page busy for long (a 100,000-row table was one 150 ms task).
        // When the table shows, the run on it is already being set up.
        let state = *self;
        set_timeout(
            move || {
                if state.load_requests.get_value() != request {
                    state.reading.set(None);
                    return;
                }
                state.run_file(name, spec, waiting, autostart);
                set_timeout(move || state.table.set(Some(view)), ZERO);
            },
            ZERO,
        );
    }

    /// Runs the experiment on the user's file `name` that was just read: `spec` (a link's), or
    /// one predicting its last column.
    fn run_file(
        &self,
        name: String,
        spec: Option<ExperimentSpec>,
        waiting: Option<RwSignal<Option<ShareLink>>>,
        autostart: bool,
    ) {
        let target =
            self.last_file.with_value(|f| f.as_ref().and_then(|v| v.table.columns.last().map(|c| c.name.clone())));
        // A new file is a new experiment on it, even if it has the same name as the last one.
        let mut next = self.spec.get_untracked();
        next.data.source = DataSource::File { name: name.clone() };
        next.data.prepare = PrepareSpec { target, ..PrepareSpec::default() };
        let changes = if spec.is_some() { self.replay.get_untracked() } else { Vec::new() };
        if let Some(mut s) = spec {
            s.data.source = DataSource::File { name };
            next = s;
        } else {
            // Settings that suit the table's size and task (the `?` by the training settings
            // says why); a link's experiment keeps its own.
            let shape = self
                .last_file
                .with_value(|f| f.as_ref().map(|v| TableShape::of_table(&v.table, None, TaskChoice::Auto)));
            if let Some(shape) = shape {
                next = self.with_table_defaults(next, shape);
            }
            self.replay.set(Vec::new());
        }
        if let Some(waiting) = waiting {
            waiting.set(None);
        }
        // In the same task as the new experiment: the address follows the experiment only once no
        // file is being read (`ShareState`), so a link's run is never taken for an edit of it.
        self.reading.set(None);
        self.error.set(None);
        self.spec.set(next.clone());
        self.start_fresh(Command::Load { spec: next, changes });
        if autostart {
            self.toggle_play();
        }
    }

    /// Gives the worker in `worker` the user's file again (after a crash, or after it read a
    /// file that was then not used), without asking it to describe the file.
    pub(super) fn resend_user_file(
        &self,
        worker: StoredValue<Option<crate::web::glue::worker_client::WorkerClient>, LocalStorage>,
    ) {
        if let Some(file) = self.user_file.get_value() {
            worker.with_value(|w| {
                if let Some(w) = w {
                    w.send_file(&file.name, false, &file.blob);
                }
            });
        }
    }
}

/// The message for a supplied file that is not the one a link refers to.
fn refusal(from: &Supplied, why: &str, want: &str) -> String {
    match from {
        Supplied::Downloaded(host) => format!(
            "The file downloaded from {host} was not used: {why}. The file at that address has changed since the \
             link was made: ask for a new link, or open the original `{want}` with “Open that file…”."
        ),
        Supplied::Opened(name) => {
            format!("`{name}` was not used: {why}. Open the original file (`{want}`) to train this experiment.")
        }
    }
}

/// The bundled table `command`'s run needs and the page has not loaded yet.
pub(super) fn table_to_load(command: &Command) -> Option<&'static BuiltinDataset> {
    let Command::Load { spec, .. } = command else { return None };
    let DataSource::Builtin { name } = &spec.data.source else { return None };
    builtin::builtin(name).filter(|b| !b.is_loaded())
}

/// The [`Command::Table`] that gives a worker the bundled table `b`, if the page has it.
pub(super) fn table_command(b: &BuiltinDataset) -> Option<Command> {
    let csv = b.csv().ok()?;
    Some(Command::Table { name: b.name.into(), bytes: Arc::new(csv.as_bytes().to_vec()) })
}

/// A [`Command::Table`] for every bundled table the page has loaded (for a new worker).
pub(super) fn loaded_tables() -> Vec<Command> {
    builtin::BUILTIN.iter().filter_map(table_command).collect()
}
