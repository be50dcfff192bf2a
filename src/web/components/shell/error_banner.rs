//! The error banner: present only while there is an error, and never silent.

use crate::web::state::AppState;
use leptos::prelude::*;

/// Shows the current error with a dismiss button.
#[component]
pub fn ErrorBanner() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        state.error.get().map(|message| {
            view! {
                <div class="error-banner" data-testid="error" role="alert">
                    <span>{message}</span>
                    <button aria-label="Dismiss error" on:click=move |_| state.error.set(None)>"×"</button>
                </div>
            }
        })
    }
}
