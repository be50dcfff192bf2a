//! The bar on every stage: the dataset, the model in a few words, the run's buttons, the epoch
//! and the status, so a run can be watched and controlled from any stage.

use crate::compare::record::model_name;
use crate::web::components::data::data_panel::DatasetSelect;
use crate::web::components::shell::controls::RunControls;
use crate::web::state::AppState;
use leptos::prelude::*;

/// The run bar (stays on screen while the stage scrolls).
#[component]
pub fn RunBar() -> impl IntoView {
    let state = expect_context::<AppState>();
    let model = move || state.spec.with(|s| model_name(s, state.task.get()));
    view! {
        <div class="run-bar" role="region" aria-label="The run">
            <div class="run-what">
                <DatasetSelect />
                <p class="bar-model">
                    <span class="caption">"Model "</span>
                    <span data-testid="bar-model">{model}</span>
                </p>
            </div>
            <RunControls />
        </div>
    }
}
