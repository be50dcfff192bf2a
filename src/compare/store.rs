//! The list of runs the page keeps in browser storage (`lantern.runs`): versioned, bounded in
//! number and in size, and able to read what older versions wrote.
//!
//! Format 2 (this one) is `{"version": 2, "next_id": …, "next_group": …, "records": [RunRecord…]}`.
//! Format 1 (before Compare) was a bare array of `{"spec", "final", "fingerprint"}`: its entries
//! become records with the final epoch as their only curve point and no test scores.

use super::{GroupKind, RunGroup, RunRecord};
use crate::error::{Error, Result};
use crate::spec::link::{decode_json, Fingerprint, JsonError};
use crate::spec::ExperimentSpec;
use crate::train::EpochMetrics;
use serde::{Deserialize, Serialize};

/// Format version written now.
pub const STORE_VERSION: u32 = 2;

/// Most records kept; the oldest go first.
pub const MAX_RECORDS: usize = 100;

/// Most characters of the stored JSON. Browsers give a site about 5 million characters of
/// `localStorage`, which the current experiment (possibly with an embedded data file) shares:
/// the records take at most 1.5 million. The oldest records go first.
pub const MAX_STORE_CHARS: usize = 1_500_000;

/// Most epochs of a record's curves kept: evenly spaced, the first and last always kept.
/// 200 points draw a smooth line at any chart width the page uses.
pub const MAX_CURVE_POINTS: usize = 200;

/// The records, and the next ids to give out.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunStore {
    version: u32,
    next_id: u64,
    next_group: u64,
    records: Vec<RunRecord>,
}

impl Default for RunStore {
    fn default() -> Self {
        Self::new()
    }
}

/// The stored list's `version`, read without building the rest of it (its other fields are
/// skipped).
#[derive(Deserialize)]
struct Outline {
    #[serde(default)]
    version: Option<serde_json::Value>,
}

/// An entry of format 1.
#[derive(Deserialize)]
struct LegacyRun {
    spec: ExperimentSpec,
    #[serde(rename = "final")]
    last: Option<EpochMetrics>,
    fingerprint: Option<Fingerprint>,
}

/// At most `max` of `curves`: indices `⌊i·(n−1)/(max−1)⌋` for `i = 0 … max−1`, so the first
/// and last epochs stay and the rest are evenly spaced.
pub fn thin_curves(curves: Vec<EpochMetrics>, max: usize) -> Vec<EpochMetrics> {
    let n = curves.len();
    if n <= max || max < 2 {
        return curves;
    }
    let keep: Vec<usize> = (0..max).map(|i| i * (n - 1) / (max - 1)).collect();
    curves.into_iter().enumerate().filter(|(k, _)| keep.binary_search(k).is_ok()).map(|(_, m)| m).collect()
}

impl RunStore {
    /// No records.
    pub fn new() -> Self {
        Self { version: STORE_VERSION, next_id: 1, next_group: 1, records: Vec::new() }
    }

    /// Reads stored text of this format or format 1.
    ///
    /// # Errors
    /// [`Error::Records`] for text that is not JSON, an entry that is not a run, or a format
    /// newer than this version reads.
    pub fn from_json(text: &str) -> Result<Self> {
        let bad = |e: JsonError| Error::Records(format!("{}; the list was set aside and a new one started", e.message));
        // Format 1 is a bare array; a JSON array is the only text starting with `[`.
        if text.trim_start().starts_with('[') {
            let old: Vec<LegacyRun> = decode_json(text.as_bytes()).map_err(bad)?;
            let mut store = Self::new();
            for run in old {
                let mut record = RunRecord::new("", run.spec);
                record.set_curves(run.last.into_iter().collect());
                record.fingerprint = run.fingerprint;
                record.notes.push("recorded before Compare: no test scores".into());
                let id = store.add(record);
                if let Some(r) = store.records.iter_mut().find(|r| r.id == id) {
                    r.label = format!("run {id}");
                }
            }
            return Ok(store);
        }
        // Only the version first (the list is read at start-up and can be 1.5 MB), then the
        // whole list, both through the one deserializer (see `decode_json`).
        let outline: Outline = decode_json(text.as_bytes()).map_err(bad)?;
        let version = outline.version.as_ref().and_then(serde_json::Value::as_u64).unwrap_or(0);
        if version > u64::from(STORE_VERSION) {
            return Err(Error::Records(format!(
                "they were saved by a newer Lantern (format {version}; this one reads up to {STORE_VERSION}): \
                 open the page's newer version, or clear the runs here"
            )));
        }
        let mut store: Self = decode_json(text.as_bytes()).map_err(bad)?;
        store.version = STORE_VERSION;
        store.next_id = store.next_id.max(store.records.iter().map(|r| r.id + 1).max().unwrap_or(1));
        let groups = store.records.iter().filter_map(|r| r.group.as_ref()).map(|g| g.id + 1).max().unwrap_or(1);
        store.next_group = store.next_group.max(groups);
        store.fit();
        Ok(store)
    }

    /// The stored form (within [`MAX_STORE_CHARS`] once [`RunStore::add`] has fitted it).
    pub fn to_json(&self) -> String {
        // Records hold plain numbers, strings and enums: serialising cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The id the next record added gets.
    pub fn next_id(&self) -> u64 {
        self.next_id
    }

    /// The records, oldest first.
    pub fn records(&self) -> &[RunRecord] {
        &self.records
    }

    /// The record with `id`.
    pub fn get(&self, id: u64) -> Option<&RunRecord> {
        self.records.iter().find(|r| r.id == id)
    }

    /// A new group id for runs queued together.
    pub fn new_group(&mut self, kind: GroupKind, title: impl Into<String>) -> RunGroup {
        let id = self.next_group;
        self.next_group += 1;
        RunGroup { id, kind, title: title.into() }
    }

    /// Adds `record` with the next id (its curves thinned to [`MAX_CURVE_POINTS`]), then drops
    /// the oldest records beyond [`MAX_RECORDS`] or [`MAX_STORE_CHARS`]. Returns its id.
    pub fn add(&mut self, mut record: RunRecord) -> u64 {
        record.id = self.next_id;
        self.next_id += 1;
        record.curves = thin_curves(std::mem::take(&mut record.curves), MAX_CURVE_POINTS);
        let id = record.id;
        self.records.push(record);
        self.fit();
        id
    }

    /// Removes the records with these ids; returns how many were removed.
    pub fn remove(&mut self, ids: &[u64]) -> usize {
        let before = self.records.len();
        self.records.retain(|r| !ids.contains(&r.id));
        before - self.records.len()
    }

    /// Removes every record (ids keep counting up, so an old id never names a new run).
    pub fn clear(&mut self) {
        self.records.clear();
    }

    /// Drops the oldest records until at most [`MAX_RECORDS`] remain and the JSON is at most
    /// [`MAX_STORE_CHARS`] long (the newest record always stays).
    fn fit(&mut self) {
        let extra = self.records.len().saturating_sub(MAX_RECORDS);
        self.records.drain(..extra);
        // Each record's share of the JSON: its own text and the comma after it.
        let sizes: Vec<usize> =
            self.records.iter().map(|r| serde_json::to_string(r).map_or(0, |t| t.chars().count() + 1)).collect();
        let empty = self.clone_header();
        let mut total = empty.to_json().chars().count() + sizes.iter().sum::<usize>();
        let mut drop = 0;
        while total > MAX_STORE_CHARS && drop + 1 < self.records.len() {
            total -= sizes[drop];
            drop += 1;
        }
        self.records.drain(..drop);
    }

    /// The store without its records.
    fn clone_header(&self) -> Self {
        Self { version: self.version, next_id: self.next_id, next_group: self.next_group, records: Vec::new() }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn m(epoch: usize) -> EpochMetrics {
        EpochMetrics {
            epoch,
            steps: epoch as u64,
            train_loss: 1.0 / epoch as f64,
            test_loss: 0.5,
            ..Default::default()
        }
    }

    #[test]
    fn thinning_keeps_ends_evenly() {
        let epochs = |v: Vec<EpochMetrics>| v.iter().map(|m| m.epoch).collect::<Vec<_>>();
        assert_eq!(epochs(thin_curves((1..=10).map(m).collect(), 4)), [1, 4, 7, 10]);
        // n = 11, max 4: ⌊0·10/3⌋, ⌊10/3⌋, ⌊20/3⌋, 10 → indices 0, 3, 6, 10.
        assert_eq!(epochs(thin_curves((1..=11).map(m).collect(), 4)), [1, 4, 7, 11]);
        assert_eq!(epochs(thin_curves((1..=3).map(m).collect(), 4)), [1, 2, 3]);
    }

    #[test]
    fn ids_count_up_and_survive_json() {
        let mut s = RunStore::new();
        let mut r = RunRecord::new("a", ExperimentSpec::default());
        r.set_curves((1..=500).map(m).collect());
        assert_eq!(s.add(r.clone()), 1);
        assert_eq!(s.add(r.clone()), 2);
        assert_eq!(s.get(1).unwrap().curves.len(), MAX_CURVE_POINTS);
        assert_eq!(s.get(1).unwrap().epochs, 500);
        let g = s.new_group(GroupKind::Seeds, "3 seeds");
        assert_eq!(g.id, 1);
        assert_eq!(s.remove(&[1]), 1);
        let back = RunStore::from_json(&s.to_json()).unwrap();
        assert_eq!(back, s);
        let mut back = back;
        back.clear();
        assert_eq!(back.add(r), 3, "ids are never reused");
        assert_eq!(back.new_group(GroupKind::Grid, "g").id, 2);
    }

    #[test]
    fn bounded_in_number_and_size() {
        let mut s = RunStore::new();
        for _ in 0..(MAX_RECORDS + 5) {
            s.add(RunRecord::new("a", ExperimentSpec::default()));
        }
        assert_eq!(s.records().len(), MAX_RECORDS);
        assert_eq!(s.records()[0].id, 6, "the oldest five went first");
        // Records of ~100,000 characters each: at most 15 fit in 1.5 million.
        let mut s = RunStore::new();
        let mut big = RunRecord::new("a", ExperimentSpec::default());
        big.notes.push("x".repeat(100_000));
        for _ in 0..20 {
            s.add(big.clone());
        }
        assert!(s.to_json().len() <= MAX_STORE_CHARS, "{}", s.to_json().len());
        assert_eq!(s.records().len(), 14, "15 notes plus the JSON around them do not fit");
        assert_eq!(s.records().last().unwrap().id, 20);
    }

    #[test]
    fn reads_format_one_and_refuses_newer_and_junk() {
        let spec = ExperimentSpec::default().to_json();
        let text = format!(
            r#"[{{"spec":{spec},"final":{{"epoch":500,"steps":9000,"train_loss":0.1,"test_loss":0.2,"test_accuracy":0.95}},"fingerprint":null}},
                {{"spec":{spec},"final":null,"fingerprint":null}}]"#
        );
        let s = RunStore::from_json(&text).unwrap();
        assert_eq!(s.records().len(), 2);
        let r = &s.records()[0];
        assert_eq!((r.id, r.label.as_str(), r.epochs), (1, "run 1", 500));
        assert_eq!(r.curves[0].test_accuracy, Some(0.95));
        assert!(r.scores.is_empty());
        assert_eq!(s.records()[1].epochs, 0);
        let newer = RunStore::from_json(r#"{"version":3,"next_id":1,"next_group":1,"records":[]}"#).unwrap_err();
        assert!(newer.to_string().contains("newer Lantern (format 3"), "{newer}");
        assert!(RunStore::from_json("{not json").is_err());
        assert!(RunStore::from_json(r#"[{"spec":{"seed":"x"}}]"#).is_err());
    }
}
