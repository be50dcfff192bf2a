//! The data behind the experiment: bundled tables shown in the data view, and the user's
//! files (opened, reopened, or carried by a share link).

use super::{AppState, TableView};
use crate::data::builtin::{self, BuiltinDataset};
use crate::data::csv::{read_csv, ReadOptions};
use crate::data::prepare::{PrepareSpec, TaskChoice};
use crate::spec::table_defaults::TableShape;
use crate::spec::{DataSource, ExperimentSpec};
use crate::train::Command;
use crate::web::glue::fetch::fetch_bytes;
use crate::web::glue::file::spawn;
use crate::web::glue::url;
use leptos::prelude::*;
use std::sync::Arc;

/// A data file the user brought, kept for share links.
#[derive(Clone, Debug)]
pub struct UserFile {
    /// Its name, as opened.
    pub name: String,
    /// Its bytes, as read.
    pub bytes: Arc<Vec<u8>>,
    /// The public http(s) address it was downloaded from, if it was: a link too big to carry
    /// the file names this address, so the reader can fetch it with one click.
    pub url: Option<String>,
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

    /// Opens a CSV file the user brought: reads it here (a refused file is reported and the
    /// current data kept), shows it, hands its bytes to the worker and trains on it, predicting
    /// its last column until the user picks another target.
    pub fn open_file(&self, name: String, bytes: Vec<u8>) {
        self.open_file_with(name, Arc::new(bytes), None, None);
    }

    /// As [`AppState::open_file`], for a file downloaded from the public address `url`
    /// (remembered for share links).
    pub fn open_download(&self, name: String, bytes: Vec<u8>, url: &str) {
        self.open_file_with(name, Arc::new(bytes), Some(url.trim().to_string()), None);
    }

    /// As [`AppState::open_file`]; `url` is the public address the file came from, if any;
    /// with `spec`, runs that experiment (a share link's) on the file instead of predicting its
    /// last column.
    ///
    /// The page keeps the one copy of the bytes it was given (shared, not copied: for a 17 MB
    /// file a second copy was 17 MB more at the load's memory peak).
    pub fn open_file_with(&self, name: String, bytes: Arc<Vec<u8>>, url: Option<String>, spec: Option<ExperimentSpec>) {
        let options = ReadOptions { limits: crate::data::csv::Limits::for_page(), ..ReadOptions::default() };
        let loaded = match read_csv(&bytes, &options) {
            Ok(l) => l,
            Err(e) => {
                self.error.set(Some(format!("`{name}` was not loaded: {e}")));
                return;
            }
        };
        let target = loaded.table.columns.last().map(|c| c.name.clone());
        let shape = TableShape::of_table(&loaded.table, None, TaskChoice::Auto);
        let view = Arc::new(TableView::from_loaded(name.clone(), loaded));
        self.last_file.set_value(Some(view.clone()));
        self.user_file.set_value(Some(UserFile { name: name.clone(), bytes: bytes.clone(), url }));
        self.table.set(Some(view));
        self.worker.with_value(|w| {
            if let Some(w) = w {
                w.send(&Command::File { name: name.clone(), bytes: bytes.clone() });
            }
        });
        // A new file is a new experiment on it, even if it has the same name as the last one.
        let mut next = self.spec.get_untracked();
        next.data.source = DataSource::File { name: name.clone() };
        next.data.prepare = PrepareSpec { target, ..PrepareSpec::default() };
        let changes = if spec.is_some() { self.replay.get_untracked() } else { Vec::new() };
        if let Some(mut s) = spec {
            s.data.source = DataSource::File { name };
            next = s;
        } else {
            next = self.with_table_defaults(next, shape);
            self.replay.set(Vec::new());
        }
        self.error.set(None);
        self.spec.set(next.clone());
        self.start_fresh(Command::Load { spec: next, changes });
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
