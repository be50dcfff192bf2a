//! What was done to the data before training: the fitted steps and any notices.

use crate::web::components::common::help_tip::Explain;
use crate::web::state::AppState;
use leptos::prelude::*;

/// The preparation steps (fitted on the training rows) and data notices, when there are any.
#[component]
pub fn PreparationNotes() -> impl IntoView {
    let state = expect_context::<AppState>();
    let has_any = move || !state.preparation.with(Vec::is_empty) || !state.notices.with(Vec::is_empty);
    view! {
        <Show when=has_any>
            <section class="panel prep" data-testid="preparation" aria-labelledby="prep-title">
                <h2 id="prep-title">"Data preparation (fitted on the training rows only)"</h2>
                <Explain id="preparation" />
                <ul class="notices" data-testid="data-notices">
                    {move || state.notices.get().into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}
                </ul>
                <ol class="steps" data-testid="preparation-steps">
                    {move || state.preparation.get().into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}
                </ol>
            </section>
        </Show>
    }
}
