//! Bringing your own data: open a CSV file, drop one anywhere on the page, or paste CSV text.

use crate::web::glue::file::{on_file_drop, picked_file, read_bytes, spawn};
use crate::web::state::AppState;
use leptos::prelude::*;

fn open(state: AppState, file: web_sys::File) {
    spawn(async move {
        let name = file.name();
        match read_bytes(&file).await {
            Ok(bytes) => state.open_file(name, &bytes),
            Err(e) => state.error.set(Some(e)),
        }
    });
}

/// File button, page-wide drop target and a paste box.
#[component]
pub fn FileLoader() -> impl IntoView {
    let state = expect_context::<AppState>();
    on_file_drop(move |file| open(state, file));
    let pasted = RwSignal::new(String::new());
    view! {
        <div class="file-loader">
            <label class="button-like" title="Open a CSV file from your computer; it never leaves this page">
                "Open CSV file…"
                <input
                    type="file"
                    accept=".csv,.tsv,.txt,text/csv,text/plain"
                    class="visually-hidden"
                    data-testid="file-input"
                    on:change=move |ev| {
                        if let Some(file) = picked_file(&ev) {
                            open(state, file);
                        }
                    }
                />
            </label>
            <span class="caption">" or drop one on the page"</span>
            <details class="paste">
                <summary>"Paste CSV text"</summary>
                <textarea
                    rows="5"
                    data-testid="paste-text"
                    aria-label="CSV text to use as data"
                    placeholder="a,b,label\n1,2,yes\n…"
                    prop:value=move || pasted.get()
                    on:input=move |ev| pasted.set(event_target_value(&ev))
                ></textarea>
                <button
                    data-testid="paste-use"
                    on:click=move |_| state.open_file("pasted.csv".into(), pasted.get_untracked().as_bytes())
                >
                    "Use this data"
                </button>
            </details>
        </div>
    }
}
