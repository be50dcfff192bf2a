//! The data behind the experiment: bundled tables shown in the data view, and the user's
//! files (opened, reopened, or carried by a share link).

use super::{AppState, TableView};
use crate::data::builtin;
use crate::data::csv::{read_csv, ReadOptions};
use crate::data::prepare::PrepareSpec;
use crate::spec::{DataSource, ExperimentSpec};
use crate::train::Command;
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
                let view = builtin::builtin(name).and_then(|b| {
                    read_csv(b.csv.as_bytes(), &ReadOptions::default())
                        .ok()
                        .map(|l| Arc::new(TableView::from_loaded(b.title.to_string(), l)))
                });
                self.table.set(view);
            }
            DataSource::File { .. } => self.table.set(self.last_file.get_value()),
        }
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
        self.edit(|s| {
            s.data.source = DataSource::File { name: view.name.clone() };
            s.data.prepare = PrepareSpec { target, ..PrepareSpec::default() };
        });
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
            self.replay.set(Vec::new());
        }
        self.error.set(None);
        self.spec.set(next.clone());
        self.start_fresh(Command::Load { spec: next, changes });
    }
}
