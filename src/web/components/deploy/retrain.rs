//! The two retraining buttons under a drift report whose new rows carry the target: retrain
//! the model the same way on old + new rows, or on the new rows only. The run trains in the
//! Compare queue and is listed there next to the current model.

use crate::deploy::RetrainRows;
use crate::web::components::common::help_tip::{described_by, HelpTip};
use crate::web::state::DeployState;
use leptos::prelude::*;

/// Retrain on old + new, or new only.
#[component]
pub fn RetrainButtons() -> impl IntoView {
    let deploy = expect_context::<DeployState>();
    view! {
        <div class="row retrain" data-testid="retrain">
            <button data-testid="retrain-old-new" aria-describedby=described_by("retrain") on:click=move |_| deploy.retrain(RetrainRows::OldAndNew)>
                "Retrain on old + new"
            </button>
            <button data-testid="retrain-new" aria-describedby=described_by("retrain") on:click=move |_| deploy.retrain(RetrainRows::NewOnly)>
                "Retrain on new only"
            </button>
            <HelpTip ids=vec!["retrain"] about="retraining" />
            <span class="caption">"Trains in the background; Compare runs shows it next to the current model on the same test rows."</span>
        </div>
    }
}
