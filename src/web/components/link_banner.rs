//! What an opened link says to the reader: the instructor's note (plain text, never HTML),
//! hidden and locked controls, whether the run is a replay and whether it reproduced exactly,
//! and notices about browser storage.
//!
//! Hidden controls: a CSS rule per id (in a constructed style sheet, which the page's
//! Content-Security-Policy allows where it would block a `<style>` element) (`[data-testid="id"]` and the `label.field` holding
//! it) — CSS applies to elements drawn at any time, so nothing can reappear after a render.
//! Locked controls: `disabled` set on every element with the id, re-applied after each change
//! of the experiment or run status (the moments panels redraw), plus `pointer-events: none` in
//! the same style sheet as a second guard. Ids are validated plain names, so both are safe.

use crate::web::glue::url;
use crate::web::state::{AppState, ShareState, Verdict};
use leptos::prelude::*;

fn css(hidden: &[String], locked: &[String]) -> String {
    let mut out = String::new();
    for id in hidden {
        out.push_str(&format!("[data-testid=\"{id}\"],label.field:has([data-testid=\"{id}\"]){{display:none !important}}\n"));
    }
    for id in locked {
        out.push_str(&format!("[data-testid=\"{id}\"]{{pointer-events:none;opacity:.6}}\n"));
    }
    out
}

/// The banner under the header.
#[component]
pub fn LinkBanner() -> impl IntoView {
    let state = expect_context::<AppState>();
    let share = expect_context::<ShareState>();
    Effect::new(move |_| {
        state.spec.track();
        state.status.track();
        state.table.track();
        let locked = share.teaching.with(|t| t.locked.clone());
        if !locked.is_empty() {
            // After this render's DOM updates.
            set_timeout(move || url::lock_controls(&locked), std::time::Duration::from_millis(0));
        }
    });
    Effect::new(move |_| url::set_generated_css(&share.teaching.with(|t| css(&t.hidden, &t.locked))));
    view! {
        {move || {
            let note = share.teaching.with(|t| t.note.clone());
            (!note.is_empty()).then(|| view! { <p class="teaching-note" data-testid="teaching-note">{note}</p> })
        }}
        {move || share.expected.get().map(|f| view! {
            <p class="replay-info" data-testid="replay-info">
                {format!(
                    "This link replays a run of {} epochs (fingerprint {}): train it to the end to check it reproduces exactly.",
                    f.epochs, f.hash
                )}
            </p>
        })}
        {move || share.verdict().map(|v| match v {
            Verdict::Exact => view! {
                <p class="verdict exact" data-testid="replay-verdict">"Reproduced exactly ✓ — every epoch's metrics and the final weights are bit-identical."</p>
            }.into_any(),
            Verdict::Differs(detail) => view! {
                <p class="verdict differs" data-testid="replay-verdict">{format!("Not reproduced exactly: {detail}")}</p>
            }.into_any(),
        })}
        {move || share.notice.get().map(|n| view! {
            <div class="notice" data-testid="notice" role="status">
                <span>{n}</span>
                <button aria-label="Dismiss notice" on:click=move |_| share.notice.set(None)>"×"</button>
            </div>
        })}
    }
}
