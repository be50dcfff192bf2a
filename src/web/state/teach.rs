//! Teaching state: stepping through the open lesson (loading each step's experiment) and
//! presentation mode. The lesson itself is [`ShareState::lesson`]: it arrives with a link.

use super::{AppState, RunStatus, ShareState};
use crate::spec::lesson::LessonStep;
use crate::spec::stage::Stage;
use crate::spec::{DataSource, ExperimentSpec};
use crate::train::Command;
use crate::web::glue::teach;
use leptos::prelude::*;

/// The query flag that opens the page in presentation mode (`…/?present#x=…`).
pub const PRESENT_FLAG: &str = "present";

/// Lesson stepping and presentation mode, provided by context next to [`AppState`].
#[derive(Clone, Copy)]
pub struct TeachState {
    state: AppState,
    share: ShareState,
    /// The step shown, 0-based ([`ShareState::lesson_step`], which keeps it in the address).
    pub step: RwSignal<usize>,
    /// Presentation mode: large type, only the charts and the main controls.
    pub present: RwSignal<bool>,
}

impl TeachState {
    /// Starts at the first step of whatever lesson a link opens, and in presentation mode when
    /// the address asks for it (`?present`).
    pub fn start(state: AppState, share: ShareState) -> Self {
        let teach =
            Self { state, share, step: share.lesson_step, present: RwSignal::new(teach::query_flag(PRESENT_FLAG)) };
        // A lesson opened (or opened again, by Back or a menu): the step the address names (the
        // first one unless it names another).
        Effect::new(move |_| {
            if share.lesson.with(Option::is_some) {
                let k = teach.step.get_untracked().min(teach.steps().saturating_sub(1));
                teach.step.set(k);
                // The stage the address names (a reload mid-lesson) wins over the step's own.
                let keep_stage = teach.share.stage.get_untracked() != Stage::default();
                teach.apply(k, keep_stage);
            }
        });
        Effect::new(move |first: Option<()>| {
            let on = teach.present.get();
            teach::set_root_class("present", on);
            if first.is_some() {
                teach::set_query_flag(PRESENT_FLAG, on);
            }
        });
        teach::on_page_key(move |key| {
            if key == "Escape" && teach.present.get_untracked() {
                teach.present.set(false);
            }
        });
        teach
    }

    /// The step shown, if a lesson is open.
    pub fn current(&self) -> Option<LessonStep> {
        let k = self.step.get();
        self.share.lesson.with(|l| l.as_ref().and_then(|l| l.steps.get(k).cloned()))
    }

    /// Number of steps of the open lesson (0 without one).
    pub fn steps(&self) -> usize {
        self.share.lesson.with(|l| l.as_ref().map_or(0, |l| l.steps.len()))
    }

    /// Goes to step `k` (0-based) and applies it.
    pub fn go(&self, k: usize) {
        if k < self.steps() && k != self.step.get_untracked() {
            self.step.set(k);
            self.apply(k, false);
        }
    }

    /// Closes the lesson (the experiment on screen stays).
    pub fn close(&self) {
        self.share.lesson.set(None);
        self.step.set(0);
    }

    /// Loads step `k`'s experiment, if it has one, opens its stage (unless `keep_stage`), and
    /// starts training if the step says so.
    fn apply(&self, k: usize, keep_stage: bool) {
        let Some(step) = self.share.lesson.with_untracked(|l| l.as_ref().and_then(|l| l.steps.get(k).cloned())) else {
            return;
        };
        if let Some(stage) = step.stage.filter(|_| !keep_stage) {
            self.share.stage.set(stage);
        }
        if let Some(spec) = step.experiment {
            self.load(spec);
        }
        if step.autostart && self.state.status.get_untracked() != RunStatus::Playing {
            self.state.toggle_play();
        }
    }

    /// Shows `spec` as a fresh, paused run; the experiment on screen is kept when it is already
    /// that one (so a step that repeats the experiment keeps what was trained).
    fn load(&self, spec: ExperimentSpec) {
        let st = self.state;
        if st.spec.get_untracked() == spec && st.status.get_untracked() != RunStatus::Failed {
            return;
        }
        if st.status.get_untracked() == RunStatus::Playing {
            st.toggle_play();
        }
        if let Err(e) = spec.validate() {
            st.error.set(Some(format!("This step's experiment cannot run: {e}")));
            return;
        }
        if let DataSource::File { name } = &spec.data.source {
            match st.user_file.get_value().filter(|f| &f.name == name) {
                Some(file) => st.open_file_with(
                    file.name.clone(),
                    file.blob.clone(),
                    file.url.clone(),
                    super::files::FromLink { spec: Some(spec), ..Default::default() },
                ),
                None => st.error.set(Some(format!(
                    "This step trains on the file `{name}`, which is not open in this page: open it with “Open CSV \
                     file…”, then go to this step again."
                ))),
            }
            return;
        }
        st.error.set(None);
        if st.spec.get_untracked().data.source != spec.data.source {
            st.show_source_table(&spec.data.source);
        }
        st.replay.set(Vec::new());
        st.spec.set(spec.clone());
        st.start_fresh(Command::Load { spec, changes: Vec::new() });
    }
}
