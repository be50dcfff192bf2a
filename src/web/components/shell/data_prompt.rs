//! A link whose data file was too big to travel in it: ask the reader for the file (checked
//! against the link's SHA-256 before training), or fetch it from its public address — only when
//! the reader clicks, naming the host first.

use crate::spec::link::LinkData;
use crate::web::components::common::help_tip::{described_by, HelpTip};
use crate::web::glue::fetch::{fetch_bytes, host_of};
use crate::web::glue::file::{blob_of, picked_file, spawn};
use crate::web::state::{AppState, ShareState, Supplied};
use leptos::prelude::*;

/// The prompt, shown while a link waits for its data file.
#[component]
pub fn DataPrompt() -> impl IntoView {
    let state = expect_context::<AppState>();
    let share = expect_context::<ShareState>();
    let fetching = RwSignal::new(false);
    move || {
        let link = share.pending.get()?;
        let Some(LinkData::Reference(r)) = link.data.clone() else { return None };
        let sha = r.sha256.clone().map(|s| format!(", SHA-256 {}…", &s[..s.len().min(16)])).unwrap_or_default();
        let source = r.url.clone().and_then(|u| host_of(&u).map(|h| (u, h)));
        let text = match &source {
            Some((_, host)) => format!(
                "This experiment trains on {} ({} bytes{sha}), published at {host}. Open your copy of that file, or \
                 fetch it from {host}: nothing is downloaded until you press the button, and the file is checked \
                 before training.",
                r.name, r.size
            ),
            None => {
                format!("This experiment trains on {} ({} bytes{sha}). Open that file to train on it.", r.name, r.size)
            }
        };
        let fetch = source.map(|(u, host)| {
            let label = format!("Fetch from {host}");
            view! {
                <button data-testid="data-prompt-fetch" aria-describedby=described_by("data-prompt") prop:disabled=move || fetching.get() on:click=move |_| {
                    let (u, host) = (u.clone(), host.clone());
                    fetching.set(true);
                    spawn(async move {
                        match fetch_bytes(&u).await {
                            Ok(bytes) => match blob_of(&bytes) {
                                Ok(blob) => share.supply_file(Supplied::Downloaded(host), blob),
                                Err(e) => state.error.set(Some(e)),
                            },
                            Err(e) => state.error.set(Some(e)),
                        }
                        fetching.set(false);
                    });
                }>{label}</button>
            }
        });
        Some(view! {
            <div class="data-prompt" data-testid="data-prompt" role="dialog" aria-label="Data file needed">
                <p>{text}</p>
                <label class="button-like">"Open that file…"
                    <input type="file" accept=".csv,.tsv,.txt,text/csv,text/plain" class="visually-hidden"
                        data-testid="data-prompt-file"
                        aria-describedby=described_by("data-prompt")
                        on:change=move |ev| {
                            if let Some(file) = picked_file(&ev) {
                                share.supply_file(Supplied::Opened(file.name()), file.into());
                            }
                        } />
                </label>
                {fetch}
                <HelpTip ids=vec!["data-prompt"] about="the link's data file" />
            </div>
        })
    }
}
