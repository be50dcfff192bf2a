//! What an opened link says to the reader: the instructor's note (plain text, never HTML),
//! hidden and locked controls, whether the run is a replay and whether it reproduced exactly,
//! and notices about browser storage.
//!
//! The hidden and locked controls themselves are applied by
//! [`crate::web::components::shell::teaching_rules::TeachingRules`], together with a lesson step's.

use crate::web::state::{ShareState, Verdict};
use leptos::prelude::*;

/// The banner under the header.
#[component]
pub fn LinkBanner() -> impl IntoView {
    let share = expect_context::<ShareState>();
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
