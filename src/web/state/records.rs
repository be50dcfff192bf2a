//! The runs the Compare view lists: kept in browser storage (`lantern.runs`, a versioned and
//! size-bounded [`RunStore`]), added to when the interactive run finishes or a queued run ends,
//! and deleted by the user. A full storage is reported, never silently ignored; unreadable
//! stored text is set aside under `lantern.runs.corrupt`.

use super::{add_notice, AppState, RunStatus};
use crate::compare::{GroupKind, RunGroup, RunRecord, RunStore};
use crate::web::glue::storage;
use leptos::prelude::*;

/// Storage key of the runs.
const RUNS_KEY: &str = "lantern.runs";

/// The recorded runs, provided by context next to [`AppState`].
#[derive(Clone, Copy)]
pub struct RecordsState {
    /// The runs, oldest first.
    pub store: RwSignal<RunStore>,
    /// Where storage problems are reported (the Share state's notice).
    notice: RwSignal<Option<String>>,
}

impl RecordsState {
    /// Reads the stored runs and records every interactive run that finishes from now on.
    pub fn start(state: AppState, notice: RwSignal<Option<String>>) -> Self {
        let store = match storage::get(RUNS_KEY) {
            Ok(Some(text)) => RunStore::from_json(&text).unwrap_or_else(|e| {
                let where_ = storage::set_aside(RUNS_KEY, &text).map_or_else(String::new, |aside| {
                    format!(" They were kept under `{aside}` in this site's storage.")
                });
                add_notice(notice, format!("{e}.{where_}"));
                RunStore::new()
            }),
            Ok(None) => RunStore::new(),
            Err(e) => {
                notice.set(Some(e));
                RunStore::new()
            }
        };
        let records = Self { store: RwSignal::new(store), notice };
        Effect::new(move |_| {
            if state.fingerprint.with(Option::is_some) {
                records.record_interactive(state);
            }
        });
        records
    }

    /// Adds `record`; returns its id.
    pub fn add(&self, record: RunRecord) -> u64 {
        let mut id = 0;
        self.store.update(|s| id = s.add(record));
        self.save();
        id
    }

    /// A new group for runs queued together.
    pub fn new_group(&self, kind: GroupKind, title: String) -> RunGroup {
        let mut group = None;
        self.store.update(|s| group = Some(s.new_group(kind, title)));
        self.save();
        // `update` always runs its closure.
        group.unwrap_or(RunGroup { id: 0, kind, title: String::new() })
    }

    /// Deletes the runs with these ids.
    pub fn remove(&self, ids: &[u64]) {
        self.store.update(|s| {
            s.remove(ids);
        });
        self.save();
    }

    /// Deletes every run.
    pub fn clear(&self) {
        self.store.update(RunStore::clear);
        self.save();
    }

    fn save(&self) {
        let text = self.store.with_untracked(RunStore::to_json);
        if let Err(e) = storage::set(RUNS_KEY, &text, "the list of runs") {
            self.notice.set(Some(e));
        }
    }

    /// Records the interactive run that just finished (its fingerprint has arrived), unless it
    /// is the last record already (the same run reported twice).
    fn record_interactive(&self, st: AppState) {
        let (Some(fingerprint), Some(evaluation)) = (st.fingerprint.get_untracked(), st.evaluation.get_untracked())
        else {
            return;
        };
        if st.status.get_untracked() != RunStatus::Done {
            return;
        }
        // Settings changed during the run are in the edited spec (any other edit starts a new run).
        let spec = st.spec.get_untracked();
        let duplicate = self.store.with_untracked(|s| {
            s.records()
                .last()
                .is_some_and(|r| r.group.is_none() && r.fingerprint.as_ref() == Some(&fingerprint) && r.spec == spec)
        });
        if duplicate {
            return;
        }
        let id = self.store.with_untracked(RunStore::next_id);
        let mut record = RunRecord::new(format!("run {id}"), spec);
        record.task = st.task.get_untracked();
        record.set_curves(st.history.get_untracked());
        record.set_evaluation(&evaluation);
        record.stopped_at = st.stopped_at.get_untracked();
        record.train_ms = st.train_ms.get_untracked();
        record.parameters = Some(st.parameters.get_untracked());
        record.fingerprint = Some(fingerprint);
        record.notes = st
            .changes
            .get_untracked()
            .iter()
            .map(|c| format!("{} {} → {} at epoch {}", c.field.replace('_', " "), c.from, c.to, c.epoch))
            .collect();
        if st.stopped_by_user.get_untracked() {
            record.notes.push(format!("stopped by the user after {} epochs", record.epochs));
        }
        self.add(record);
    }
}
