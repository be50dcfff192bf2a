//! Bringing your own data: open a CSV file, drop one anywhere on the page, or paste CSV text.

use crate::web::components::common::help_tip::{described_by, HelpTip};
use crate::web::glue::fetch::{fetch_bytes, host_of};
use crate::web::glue::file::{on_file_drop, picked_file, spawn};
use crate::web::state::AppState;
use leptos::prelude::*;

/// File button, page-wide drop target and a paste box.
#[component]
pub fn FileLoader() -> impl IntoView {
    let state = expect_context::<AppState>();
    on_file_drop(move |file| state.open_file(file));
    let pasted = RwSignal::new(String::new());
    let url = RwSignal::new(String::new());
    let fetching = RwSignal::new(false);
    let fetch = move |_| {
        let address = url.get_untracked();
        let name = address.trim_end_matches('/').rsplit('/').next().unwrap_or("download.csv").to_string();
        fetching.set(true);
        spawn(async move {
            match fetch_bytes(&address).await {
                Ok(bytes) => state.open_download(name, &bytes, &address),
                Err(e) => state.error.set(Some(e)),
            }
            fetching.set(false);
        });
    };
    view! {
        <div class="file-loader" data-testid="file-loader" aria-describedby=described_by("file-loader")>
            <label class="button-like">
                "Open CSV file…"
                <input
                    type="file"
                    accept=".csv,.tsv,.txt,text/csv,text/plain"
                    class="visually-hidden"
                    data-testid="file-input"
                    aria-describedby=described_by("file-loader")
                    on:change=move |ev| {
                        if let Some(file) = picked_file(&ev) {
                            state.open_file(file);
                        }
                    }
                />
            </label>
            <HelpTip ids=vec!["file-loader"] about="opening your own data" />
            <span class="caption">" or drop one on the page"</span>
            <details class="paste">
                <summary aria-describedby=described_by("paste-data")>"Paste CSV text"</summary>
                <textarea
                    rows="5"
                    data-testid="paste-text"
                    aria-label="CSV text to use as data"
                    aria-describedby=described_by("paste-data")
                    placeholder="a,b,label\n1,2,yes\n…"
                    prop:value=move || pasted.get()
                    on:input=move |ev| pasted.set(event_target_value(&ev))
                ></textarea>
                <button
                    data-testid="paste-use"
                    aria-describedby=described_by("paste-data")
                    on:click=move |_| state.open_text("pasted.csv".into(), &pasted.get_untracked())
                >
                    "Use this data"
                </button>
                <HelpTip ids=vec!["paste-data"] about="pasting CSV text" />
            </details>
            <details class="paste">
                <summary aria-describedby=described_by("url-data")>"Open from a web address"</summary>
                <input
                    type="url"
                    data-testid="url-input"
                    aria-label="Address of a CSV file"
                    aria-describedby=described_by("url-data")
                    placeholder="https://example.org/data.csv"
                    prop:value=move || url.get()
                    on:input=move |ev| url.set(event_target_value(&ev))
                />
                <button
                    data-testid="url-fetch"
                    aria-describedby=described_by("url-data")
                    disabled=move || host_of(&url.get()).is_none() || fetching.get()
                    on:click=fetch
                >
                    {move || match host_of(&url.get()) {
                        Some(host) if fetching.get() => format!("Downloading from {host}…"),
                        Some(host) => format!("Download from {host}"),
                        None => "Download".to_string(),
                    }}
                </button>
                <HelpTip ids=vec!["url-data"] about="opening a file from a web address" />
                <p class="caption">"Nothing is downloaded until you press the button; the file stays in this page."</p>
            </details>
        </div>
    }
}
