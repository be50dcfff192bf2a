//! The two retraining buttons under a drift report whose new rows carry the target: retrain
//! the model the same way on old + new rows, or on the new rows only. The run trains in the
//! Compare queue and is listed there next to the current model.

use crate::deploy::RetrainRows;
use crate::web::state::DeployState;
use leptos::prelude::*;

/// Retrain on old + new, or new only.
#[component]
pub fn RetrainButtons() -> impl IntoView {
    let deploy = expect_context::<DeployState>();
    view! {
        <div class="row retrain" data-testid="retrain">
            <button data-testid="retrain-old-new" on:click=move |_| deploy.retrain(RetrainRows::OldAndNew)
                title="Train the same model, with the same settings and seed, on the training data and the new rows together">
                "Retrain on old + new"
            </button>
            <button data-testid="retrain-new" on:click=move |_| deploy.retrain(RetrainRows::NewOnly)
                title="Train the same model, with the same settings and seed, on the new rows only">
                "Retrain on new only"
            </button>
            <span class="caption">"Trains in the background; Compare runs shows it next to the current model on the same test rows."</span>
        </div>
    }
}
