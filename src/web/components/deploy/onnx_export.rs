//! The current model as one ONNX file (the whole pipeline: raw columns in, label and
//! probabilities or the value out; see [`crate::deploy::onnx`]), and as a web predictor (a zip
//! of an ES module wrapping onnxruntime-web, the ONNX file and a README; see
//! [`crate::deploy::embed`]). Part of the deploy tools' wasm chunk, so the ONNX writer is
//! fetched with them, not with the first page load.

use crate::deploy::embed::web_predictor_zip;
use crate::deploy::onnx::to_onnx;
use crate::web::components::common::help_tip::described_by;
use crate::web::glue::download::save_bytes;
use crate::web::state::DeployState;
use leptos::prelude::*;

/// "Download `<name>.onnx`" and "Download `<name>-web.zip`"; a model with no ONNX form says
/// why when clicked.
#[component]
pub fn OnnxExport() -> impl IntoView {
    let deploy = expect_context::<DeployState>();
    let save = move |_| {
        let Some(m) = deploy.model.get_untracked() else { return };
        let saved = to_onnx(m.predictor.bundle())
            .map_err(|e| e.to_string())
            .and_then(|bytes| save_bytes(&format!("{}.onnx", m.stem), "application/octet-stream", &bytes));
        if let Err(e) = saved {
            deploy.fail(e);
        }
    };
    let save_web = move |_| {
        let Some(m) = deploy.model.get_untracked() else { return };
        let folder = format!("{}-web", m.stem);
        let saved = web_predictor_zip(m.predictor.bundle(), &folder)
            .map_err(|e| e.to_string())
            .and_then(|bytes| save_bytes(&format!("{folder}.zip"), "application/zip", &bytes));
        if let Err(e) = saved {
            deploy.fail(e);
        }
    };
    let name = move || deploy.model.with(|m| m.as_ref().map(|m| format!("Download {}.onnx", m.stem)));
    let web_name = move || deploy.model.with(|m| m.as_ref().map(|m| format!("Download {}-web.zip", m.stem)));
    view! {
        <div class="row onnx-export">
            <button data-testid="download-onnx" aria-describedby=described_by("export-model") on:click=save>
                {name}
            </button>
            <span class="caption">
                "ONNX: the preparation and the model in one file, for any ONNX runtime (one input per column)."
            </span>
        </div>
        <div class="row onnx-export">
            <button data-testid="download-web-predictor" aria-describedby=described_by("export-model") on:click=save_web>
                {web_name}
            </button>
            <span class="caption">
                "Web predictor: predictor.mjs (load, predict, predictBatch with onnxruntime-web), model.onnx and a \
                 README, for any web site, no server."
            </span>
        </div>
    }
}
