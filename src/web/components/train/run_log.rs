//! The run's per-epoch numbers as JSON lines — the same format the CLI prints, so a browser
//! run can be compared with a native one line by line — with a download button.

use crate::web::components::common::help_tip::{described_by, HelpTip};
use crate::web::glue::download::save_text;
use crate::web::state::AppState;
use leptos::prelude::*;

fn json_lines(state: &AppState) -> String {
    state
        .history
        .with(|h| h.iter().map(|m| serde_json::to_string(m).unwrap_or_default()).collect::<Vec<_>>().join("\n"))
}

/// Collapsible log of every epoch (rendered only while open, so long runs stay cheap).
#[component]
pub fn RunLog() -> impl IntoView {
    let state = expect_context::<AppState>();
    let open = RwSignal::new(false);
    // The shown text: refreshed when the log opens, when training pauses or ends, and at most
    // once a second while it trains (re-laying out thousands of lines on every progress report
    // made main-thread tasks of 60 ms).
    let text = RwSignal::new(String::new());
    let last = StoredValue::new(f64::NEG_INFINITY);
    Effect::new(move |was_open: Option<bool>| {
        state.history.track();
        let playing = state.status.get() == crate::web::state::RunStatus::Playing;
        let is_open = open.get();
        let now = crate::web::glue::clock::now_ms();
        let just_opened = is_open && was_open != Some(true);
        if is_open && (just_opened || !playing || now - last.get_value() >= 1000.0) {
            last.set_value(now);
            text.set(json_lines(&state));
        }
        is_open
    });
    let download = move |_| {
        let text = json_lines(&state) + "\n";
        let spec = state.spec.get_untracked();
        if let Err(e) = save_text(&format!("lantern-run-seed{}.jsonl", spec.seed), "application/x-ndjson", &text) {
            state.error.set(Some(e));
        }
    };
    let changes = move || {
        state.changes.with(|c| {
            c.iter()
                .map(|c| {
                    format!(
                        "after epoch {} (step {}): {} {} → {}",
                        c.epoch,
                        c.steps,
                        c.field.replace('_', " "),
                        c.from,
                        c.to
                    )
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <Show when=move || state.changes.with(|c| !c.is_empty())>
            <div class="live-changes" data-testid="live-changes">
                <span class="caption">"Changed while training:"</span>
                <ul>{move || changes().into_iter().map(|t| view! { <li>{t}</li> }).collect_view()}</ul>
            </div>
        </Show>
        <details class="run-log" data-testid="run-log" on:toggle=move |ev| {
            open.set(event_target::<web_sys::HtmlElement>(&ev).has_attribute("open"))
        }>
            <summary aria-describedby=described_by("run-log")>"Run log (one JSON line per epoch, as the CLI prints)"</summary>
            <div class="row">
                <button data-testid="download-log" aria-describedby=described_by("run-log") on:click=download>"Download"</button>
                <HelpTip ids=vec!["run-log"] about="the run log" />
            </div>
            <pre data-testid="run-log-text">{move || if open.get() { text.get() } else { String::new() }}</pre>
        </details>
    }
}
