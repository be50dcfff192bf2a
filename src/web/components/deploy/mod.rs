//! The Deploy & monitor panel: export the finished run's model or import one, predict one row
//! with a form or a whole CSV file, check new data for drift, and retrain on it.
//!
//! One concern per file: `model_card` (export, import, downloads and the card summary),
//! `predict_form` (one row, live), `batch` (a CSV file of rows and the predictions file),
//! `drift` (the per-feature report, verdict and overlaid histograms), `retrain` (the two
//! retraining buttons), `metrics` (metrics on labelled new rows next to the test metrics),
//! `onnx_export` (the model as an ONNX file, in the tools' chunk).

pub mod batch;
pub mod drift;
pub mod metrics;
pub mod model_card;
pub mod onnx_export;
pub mod predict_form;
pub mod retrain;

use crate::web::components::common::help_tip::{described_by, HelpTip};
use crate::web::components::common::lazy::LazyPart;
use crate::web::state::DeployState;
use batch::BatchPredict;
use drift::DriftCheck;
use leptos::prelude::*;
use model_card::ModelCard;
use onnx_export::OnnxExport;
use predict_form::PredictForm;

/// What works on a model (the ONNX download, predicting one row or a file, the drift check and
/// retraining): a wasm
/// chunk of its own ([`LazyPart`]), fetched the first time there is a model (a run finished, or
/// one imported).
#[allow(unsafe_code)] // the split point's extern "C" import/export pair (wasm_split_macros)
mod lazy_tools {
    use super::*;
    use crate::web::components::common::lazy::Loaded;

    #[leptos::wasm_split::wasm_split(deploy_tools, wasm_split_path = ::leptos::wasm_split, fallible)]
    pub fn deploy_tools() -> Loaded {
        let deploy = expect_context::<DeployState>();
        let has_model = move || deploy.model.with(Option::is_some);
        // Built again for each model, as before the split.
        Ok(view! {
            {move || has_model().then(|| view! {
                <OnnxExport />
                <PredictForm />
                <BatchPredict />
                <DriftCheck />
            })}
        }
        .into_any())
    }
}

/// The Deploy & monitor panel.
#[component]
pub fn DeployPanel() -> impl IntoView {
    let deploy = expect_context::<DeployState>();
    let has_model = move || deploy.model.with(Option::is_some);
    view! {
        <section class="panel deploy" aria-labelledby="deploy-title" aria-describedby=described_by("deploy") data-testid="deploy">
            <div class="field-row">
                <h2 id="deploy-title">"Deploy & monitor"</h2>
                <HelpTip ids=vec!["deploy"] about="deploying and monitoring" />
            </div>
            <ModelCard />
            <p class="caption" data-testid="deploy-busy" aria-live="polite">{move || deploy.busy.get().unwrap_or_default()}</p>
            {move || deploy.message.get().map(|m| {
                let class = if deploy.failed.get() { "deploy-message error-text" } else { "deploy-message" };
                view! { <p class=class data-testid="deploy-message" role="status">{m}</p> }
            })}
            <LazyPart when=Signal::derive(has_model) load=lazy_tools::deploy_tools what="Predicting and drift checks" />
        </section>
    }
}
