//! The progress bar of a file being read: the worker reads a big file (hundreds of thousands of
//! rows take seconds) while the page stays usable, and says how far it has got.

use crate::data::csv::human_size;
use crate::web::state::AppState;
use leptos::prelude::*;

/// "Reading data.csv (85.2 MiB): 40 %", with a progress bar, while a file is read. Built once
/// per file; each report from the worker changes only the bar and the percentage.
#[component]
pub fn ReadingBar() -> impl IntoView {
    let state = expect_context::<AppState>();
    let file = Memo::new(move |_| state.reading.with(|r| r.as_ref().map(|r| (r.name.clone(), r.size))));
    let percent = move || state.reading.with(|r| r.as_ref().map_or(0.0, |r| (r.share.clamp(0.0, 1.0) * 100.0).round()));
    move || {
        file.get().map(|(name, size)| {
            view! {
                <div class="reading-bar" data-testid="reading-bar" role="status">
                    <label for="reading-progress">
                        {format!("Reading {name} ({}): ", human_size(size))} {move || format!("{} %", percent())}
                    </label>
                    <progress id="reading-progress" max="100" prop:value=percent data-testid="reading-progress"></progress>
                    <span class="caption">"The page stays usable meanwhile; the current run goes on until the file is read."</span>
                </div>
            }
        })
    }
}
