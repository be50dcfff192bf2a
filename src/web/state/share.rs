//! Share links in the page: the experiment kept in the address's fragment (replaceState while
//! editing, pushState for a link the user makes), opened from it at start and on back/forward,
//! saved in browser storage, and the replay of a link's run checked against its fingerprint.

use super::files::FromLink;
use super::{add_notice, AppState, RunStatus};
use crate::page::address::Address;
use crate::spec::lesson::Lesson;
use crate::spec::link::{Fingerprint, LinkBudget, LinkData, ReplayChange, Reproduction, ShareLink, Teaching};
use crate::spec::stage::Stage;
use crate::spec::{DataSource, ExperimentSpec};
use crate::web::glue::{storage, url};
use leptos::prelude::*;

/// Storage key of the current experiment's link text.
const CURRENT_KEY: &str = "lantern.current";

/// Where the reader's copy of a link's referenced file came from.
#[derive(Clone, Debug, PartialEq)]
pub enum Supplied {
    /// A file the reader opened, by its name.
    Opened(String),
    /// Downloaded from the link's address, at this host.
    Downloaded(String),
}

/// What the Share panel's size meter shows.
#[derive(Clone, Debug, PartialEq)]
pub struct LinkSize {
    /// The link's length, and the compressed size of the user's file whether or not it fits.
    pub budget: LinkBudget,
    /// The public address the link names for a file too big to carry (when the file was
    /// downloaded from one).
    pub data_url: Option<String>,
}

/// Whether a replay matched the link's fingerprint.
#[derive(Clone, Debug, PartialEq)]
pub enum Verdict {
    /// Every metric and weight bit-identical.
    Exact,
    /// What differs.
    Differs(String),
}

/// Share-link state, provided by context next to [`AppState`].
#[derive(Clone, Copy)]
pub struct ShareState {
    state: AppState,
    /// The instructor's options of the opened link.
    pub teaching: RwSignal<Teaching>,
    /// The fingerprint of the run the opened link was made from.
    pub expected: RwSignal<Option<Fingerprint>>,
    /// A link whose data file the reader must supply (too big to travel in the link).
    pub pending: RwSignal<Option<ShareLink>>,
    /// Something to tell the user about storage (full, unavailable, corrupt data set aside).
    pub notice: RwSignal<Option<String>>,
    /// The link the user made last (full address).
    pub made: RwSignal<Option<String>>,
    /// The guided lesson of the opened link, kept in the address while it is open.
    pub lesson: RwSignal<Option<Lesson>>,
    /// The lesson step shown (0-based), kept in the address beside the link (`&step=K`, see
    /// [`crate::spec::lesson::address`]) so a reload or a shared address lands on it; stepped
    /// by [`super::TeachState`].
    pub lesson_step: RwSignal<usize>,
    /// The stage shown, kept in the address beside the link (`&stage=NAME`, see
    /// [`crate::page::address`]); changed by [`Self::show_stage`] and by a lesson step.
    pub stage: RwSignal<Stage>,
    /// Set by [`Self::show_stage`]: the next address written is a new history entry, so Back
    /// returns to the stage before.
    stage_entry: StoredValue<bool>,
    /// The link opened last, kept in the address as it came (fingerprint and changes
    /// included) until the experiment is edited.
    opened: StoredValue<Option<ShareLink>>,
    /// The fragment last written to the address (`#x=…`, with the lesson step).
    written: StoredValue<String>,
    /// Set when the address holds a link the user made: the next edit gets a history entry
    /// of its own, so Back returns to the shared state.
    shared_entry: StoredValue<bool>,
    /// Set when that edit's entry exists: a link made from it replaces it.
    edit_entry: StoredValue<bool>,
}

impl ShareState {
    /// Opens the experiment of the address's fragment, or the one saved in storage, and keeps
    /// both up to date from then on.
    pub fn start(state: AppState) -> Self {
        let share = Self {
            state,
            teaching: RwSignal::new(Teaching::default()),
            expected: RwSignal::new(None),
            pending: RwSignal::new(None),
            notice: RwSignal::new(None),
            made: RwSignal::new(None),
            lesson: RwSignal::new(None),
            lesson_step: RwSignal::new(0),
            stage: RwSignal::new(Stage::default()),
            stage_entry: StoredValue::new(false),
            opened: StoredValue::new(None),
            written: StoredValue::new(String::new()),
            shared_entry: StoredValue::new(false),
            edit_entry: StoredValue::new(false),
        };
        let fragment = url::fragment();
        let opened = if fragment.starts_with("#x=") {
            share.open_text(&fragment, "The link in the address")
        } else {
            match storage::get(CURRENT_KEY) {
                Ok(Some(text)) => {
                    match ShareLink::decode(&text) {
                        Ok(link) => share.open_at(link, &text),
                        Err(e) => {
                            share.set_aside(
                            CURRENT_KEY,
                            &text,
                            &format!("the saved experiment could not be read ({e}); the default experiment opened instead"),
                        );
                            false
                        }
                    }
                }
                Ok(None) => false,
                Err(e) => {
                    share.notice.set(Some(e));
                    false
                }
            }
        };
        if !opened {
            let spec = state.spec.get_untracked();
            state.start_fresh(crate::train::Command::Load { spec, changes: Vec::new() });
        }
        url::on_history(move |fragment| {
            share.shared_entry.set_value(false);
            share.edit_entry.set_value(false);
            let (address, problem) = Address::parse(&fragment);
            share.report_address(problem);
            // Back or forward between two stages of the same experiment only changes the stage.
            let written = Address::parse(&share.written.get_value()).0;
            if address.same_experiment(&written) {
                share.written.set_value(written.at_stage(address.stage).to_fragment());
                share.stage.set(address.stage);
            } else if address.link.is_some() {
                share.open_text(&fragment, "The link in the address");
            } else {
                share.stage.set(address.stage);
            }
        });
        // Keep the fragment and storage in step with the experiment (no history entries).
        Effect::new(move |_| {
            let spec = state.spec.get();
            let teaching = share.teaching.get();
            let lesson = share.lesson.get();
            let step = if lesson.is_some() { share.lesson_step.get() } else { 0 };
            let stage = share.stage.get();
            // A link waiting for its file, or a file being read: the experiment is about to
            // change to the one on the file (an opened link's, whose fingerprint must be kept).
            if share.pending.with(Option::is_some) || state.reading.with(Option::is_some) {
                return;
            }
            let teaching = Some(teaching).filter(|t| *t != Teaching::default());
            let link = match share.opened.get_value() {
                // Unchanged since opened: keep its fingerprint and replay.
                Some(l) if l.spec == spec => ShareLink { teaching, lesson, ..l },
                _ => {
                    // Edited: no longer the run the link's fingerprint describes.
                    share.opened.set_value(None);
                    share.expected.set(None);
                    ShareLink { data: share.data_for(&spec), teaching, lesson, ..ShareLink::new(spec) }
                }
            };
            // A lesson that cannot travel with this experiment (a step's file is not the one
            // open) is left out of the address rather than stopping it from following edits.
            let (text, step) = match link.encode() {
                Ok(text) => (text, step),
                Err(_) => match (ShareLink { lesson: None, ..link }).encode() {
                    Ok(text) => (text, 0),
                    Err(_) => return,
                },
            };
            let fragment = Address { link: Some(text), step, stage }.to_fragment();
            if fragment == share.written.get_value() {
                return;
            }
            share.written.set_value(fragment.clone());
            if share.stage_entry.get_value() {
                share.stage_entry.set_value(false);
                url::push_fragment(&fragment);
            } else if share.shared_entry.get_value() {
                share.shared_entry.set_value(false);
                share.edit_entry.set_value(true);
                url::push_fragment(&fragment);
            } else {
                url::replace_fragment(&fragment);
            }
            // Stored as the fragment, so the step comes back too (older pages read it as well).
            share.save(CURRENT_KEY, &fragment, "the current experiment");
        });
        share
    }

    /// Shows `stage`, as a new history entry (Back returns to the stage before).
    pub fn show_stage(&self, stage: Stage) {
        if self.stage.get_untracked() != stage {
            self.stage_entry.set_value(true);
            self.stage.set(stage);
        }
    }

    /// Tells the user about a part of the address that could not be used (an unknown stage).
    fn report_address(&self, problem: Option<crate::error::Error>) {
        if let Some(e) = problem {
            add_notice(self.notice, format!("The address could not be followed completely: {e}."));
        }
    }

    fn save(&self, key: &str, value: &str, what: &str) {
        if let Err(e) = storage::set(key, value, what) {
            self.notice.set(Some(e));
        }
    }

    /// Moves unreadable stored text to `<key>.corrupt` and says so (`why`: what could not be
    /// read and what happened instead).
    fn set_aside(&self, key: &str, text: &str, why: &str) {
        let where_ = storage::set_aside(key, text)
            .map_or_else(String::new, |aside| format!(" It was kept under `{aside}` in this site's storage."));
        let mut chars = why.chars();
        let why: String = chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default();
        add_notice(self.notice, format!("{why}.{where_}"));
    }

    /// Decodes `text` and opens it; a bad link is reported and the current experiment kept.
    /// Returns whether a run was started.
    pub fn open_text(&self, text: &str, what: &str) -> bool {
        match ShareLink::decode(text) {
            Ok(link) => self.open_at(link, text),
            Err(e) => {
                self.state.error.set(Some(format!(
                    "{what} could not be opened: {e}. The default experiment is shown instead; ask for a new link."
                )));
                false
            }
        }
    }

    /// [`Self::open`], with its lesson at the step the address `text` names (`&step=K`; the
    /// first step without one, and the last when K is past the end).
    fn open_at(&self, link: ShareLink, text: &str) -> bool {
        let last = link.lesson.as_ref().map_or(0, |l| l.steps.len().saturating_sub(1));
        let (address, problem) = Address::parse(text);
        self.report_address(problem);
        let started = self.open(link);
        self.lesson_step.set(address.step.min(last));
        self.stage.set(address.stage);
        started
    }

    /// Opens a link's experiment: its data (embedded, or asked for), its teaching options,
    /// its replay changes and fingerprint, and its lesson at the first step. Returns whether a
    /// run was started (not when the link waits for its data file).
    pub fn open(&self, link: ShareLink) -> bool {
        self.teaching.set(link.teaching.clone().unwrap_or_default());
        self.lesson_step.set(0);
        self.lesson.set(link.lesson.clone());
        self.expected.set(link.fingerprint.clone());
        self.opened.set_value(Some(link.clone()));
        self.state.replay.set(link.changes.clone());
        self.pending.set(None);
        let autostart = link.teaching.as_ref().is_some_and(|t| t.autostart);
        match &link.data {
            Some(LinkData::Embedded(f)) => {
                match crate::web::glue::file::blob_of(&f.bytes) {
                    Ok(blob) => {
                        let then = FromLink { spec: Some(link.spec.clone()), autostart, ..FromLink::default() };
                        self.state.open_file_with(f.name.clone(), blob, None, then);
                    }
                    Err(e) => self.state.error.set(Some(e)),
                }
                // Training starts (if the link says so) once the worker has read the file.
                return true;
            }
            Some(LinkData::Reference(_)) => {
                self.pending.set(Some(link));
                return false;
            }
            None if matches!(link.spec.data.source, DataSource::File { .. }) => {
                self.state.error.set(Some(
                    "this experiment trains on a file the link does not carry: open the file with “Open CSV file…”"
                        .into(),
                ));
                return false;
            }
            None => {
                self.state.error.set(None);
                self.state.spec.set(link.spec.clone());
                let changes = link.changes.clone();
                self.state.start_fresh(crate::train::Command::Load { spec: link.spec, changes });
            }
        }
        if autostart && self.state.status.get_untracked() != RunStatus::Playing {
            self.state.toggle_play();
        }
        true
    }

    /// The reader's copy of a referenced file: read by the worker, then checked against the
    /// link's SHA-256 and size and trained on (the link waits for its file until then). A file
    /// that passes keeps the link's address, so a link made from this page names it too.
    pub fn supply_file(&self, from: Supplied, blob: web_sys::Blob) {
        let Some(link) = self.pending.get_untracked() else { return };
        let Some(data) = link.data.clone() else { return };
        let url = match &data {
            LinkData::Reference(r) => r.url.clone(),
            LinkData::Embedded(_) => None,
        };
        let then = FromLink {
            spec: Some(link.spec.clone()),
            autostart: link.teaching.as_ref().is_some_and(|t| t.autostart),
            check: Some((from, data.clone())),
            waiting: Some(self.pending),
        };
        self.state.open_file_with(data.name().to_string(), blob, url, then);
    }

    /// The data part of a link for `spec`: the user's file as the worker that read it said a
    /// link carries it (embedded when small enough, else its size, SHA-256 and address).
    fn data_for(&self, spec: &ExperimentSpec) -> Option<LinkData> {
        let DataSource::File { name } = &spec.data.source else { return None };
        self.state.user_file.with_value(|f| f.as_ref().filter(|f| &f.name == name).map(|f| f.link.clone()))
    }

    /// The size meter's numbers for the current link: its length, the compressed size of the
    /// user's file whether or not it fits, and the address named for a file too big for it.
    pub fn budget(&self) -> crate::error::Result<LinkSize> {
        let link = self.current_link(false, self.teaching.get_untracked())?;
        let mut budget = link.budget()?;
        let mut data_url = None;
        let file_budget = self.state.user_file.with_value(|f| f.as_ref().map(|f| f.budget));
        if let (Some(LinkData::Reference(r)), Some(file)) = (&link.data, file_budget) {
            budget.data_compressed = file.data_compressed;
            budget.data_fits = false;
            data_url = r.url.clone();
        }
        Ok(LinkSize { budget, data_url })
    }

    /// The link of the current run: the spec it started from and its live changes (or the
    /// edited spec if none), its data, the teaching options, and its fingerprint if asked.
    pub fn current_link(&self, fingerprint: bool, teaching: Teaching) -> crate::error::Result<ShareLink> {
        let st = self.state;
        let live = st.changes.get_untracked();
        let spec = if live.is_empty() { st.spec.get_untracked() } else { st.run_spec.get_value() };
        let changes = live.iter().map(|c| ReplayChange { steps: c.steps, set: c.set }).collect();
        Ok(ShareLink {
            data: self.data_for(&spec),
            teaching: Some(teaching).filter(|t| *t != Teaching::default()),
            fingerprint: if fingerprint { st.fingerprint.get_untracked() } else { None },
            changes,
            spec,
            // A lesson travels only in links the lesson builder makes.
            lesson: None,
        })
    }

    /// Makes the link the user asked for: puts it in the address as a new history entry and
    /// returns the full address.
    pub fn make(&self, fingerprint: bool, teaching: Teaching) -> crate::error::Result<String> {
        self.make_link(self.current_link(fingerprint, teaching)?)
    }

    /// The link of `lesson` (see [`crate::spec::lesson::builtin::lesson_link`]), carrying the
    /// user's file when a step trains on it.
    pub fn lesson_link(&self, lesson: Lesson) -> crate::error::Result<ShareLink> {
        let file_step = lesson
            .steps
            .iter()
            .filter_map(|s| s.experiment.as_ref())
            .find(|e| matches!(e.data.source, DataSource::File { .. }));
        let data = file_step.and_then(|spec| self.data_for(spec));
        crate::spec::lesson::builtin::lesson_link(lesson, self.state.spec.get_untracked(), data)
    }

    /// Puts `link` in the address as a new history entry (the link the user asked for) and
    /// returns the full address.
    pub fn make_link(&self, link: ShareLink) -> crate::error::Result<String> {
        let stage = self.stage.get_untracked();
        let fragment = Address { stage, ..Address::parse(&link.to_fragment()?).0 }.to_fragment();
        if self.edit_entry.get_value() {
            url::replace_fragment(&fragment);
        } else {
            url::push_fragment(&fragment);
        }
        self.edit_entry.set_value(false);
        self.written.set_value(fragment.clone());
        self.shared_entry.set_value(true);
        let full = format!("{}{fragment}", url::base());
        self.made.set(Some(full.clone()));
        Ok(full)
    }

    /// How the replay of the opened link compares with its fingerprint, once the run is done.
    pub fn verdict(&self) -> Option<Verdict> {
        let expected = self.expected.get()?;
        if self.state.status.get() != RunStatus::Done {
            return None;
        }
        let got = self.state.fingerprint.get()?;
        Some(match expected.compare(&got) {
            Reproduction::Exact => Verdict::Exact,
            Reproduction::Differs { detail, .. } => Verdict::Differs(detail),
        })
    }
}
