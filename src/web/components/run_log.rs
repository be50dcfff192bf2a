//! The run's per-epoch numbers as JSON lines — the same format the CLI prints, so a browser
//! run can be compared with a native one line by line — with a download button.

use crate::web::glue::download::save_text;
use crate::web::state::AppState;
use leptos::prelude::*;

fn json_lines(state: &AppState) -> String {
    state.history.with(|h| {
        h.iter().map(|m| serde_json::to_string(m).unwrap_or_default()).collect::<Vec<_>>().join("\n")
    })
}

/// Collapsible log of every epoch (rendered only while open, so long runs stay cheap).
#[component]
pub fn RunLog() -> impl IntoView {
    let state = expect_context::<AppState>();
    let open = RwSignal::new(false);
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
                .map(|c| format!("after epoch {} (step {}): {} {} → {}", c.epoch, c.steps, c.field.replace('_', " "), c.from, c.to))
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
            <summary>"Run log (one JSON line per epoch, as the CLI prints)"</summary>
            <button data-testid="download-log" on:click=download>"Download"</button>
            <pre data-testid="run-log-text">{move || if open.get() { json_lines(&state) } else { String::new() }}</pre>
        </details>
    }
}
