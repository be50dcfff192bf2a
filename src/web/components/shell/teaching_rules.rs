//! What an opened link and the open lesson's current step impose on the page, in one place:
//! hidden, locked and highlighted controls. Both sources are combined into one generated style
//! sheet and one set of disabled controls, recomputed whenever either changes — so opening
//! another link, moving to a step with fewer locks or hides, or leaving the lesson lifts exactly
//! what no longer applies (and nothing the page disabled itself).
//!
//! Hidden, locked and highlighted controls are CSS rules keyed by `data-testid` (ids are plain
//! names, checked when the link or lesson was read), so they apply to elements drawn at any
//! time. The sheet is a constructed style sheet, which the page's Content-Security-Policy allows
//! where it blocks `<style>` elements ([`url::set_generated_css`]). Locked controls are also
//! disabled after each redraw ([`teach::apply_locks`]), with `pointer-events: none` as a second
//! guard.

use crate::web::glue::{teach, url};
use crate::web::rules::{css, Rules};
use crate::web::state::{AppState, ShareState, TeachState};
use leptos::prelude::*;

/// Keeps the page's generated style sheet and disabled controls in step with the opened link's
/// class options and the lesson's current step. Renders nothing.
#[component]
pub fn TeachingRules() -> impl IntoView {
    let state = expect_context::<AppState>();
    let share = expect_context::<ShareState>();
    let teach = expect_context::<TeachState>();
    let rules = Memo::new(move |_| {
        let link = share.teaching.with(|t| Rules {
            hidden: t.hidden.clone(),
            locked: t.locked.clone(),
            highlight: Vec::new(),
        });
        let step = teach
            .current()
            .map(|s| Rules { hidden: s.hidden, locked: s.locked, highlight: s.highlight })
            .unwrap_or_default();
        link.and(step)
    });
    Effect::new(move |_| url::set_generated_css(&rules.with(css)));
    // Locks: applied after this render's DOM updates, and again after each redraw (spec, run
    // status, table) — also with no locks left, to lift the last ones.
    Effect::new(move |_| {
        state.spec.track();
        state.status.track();
        state.table.track();
        let locked = rules.with(|r| r.locked.clone());
        set_timeout(move || teach::apply_locks(&locked), std::time::Duration::from_millis(0));
    });
}
