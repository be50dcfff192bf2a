//! The current model in other formats: one ONNX file (the whole pipeline: raw columns in, label
//! and probabilities or the value out; see [`crate::deploy::onnx`]), a web predictor (a zip of
//! an ES module, Lantern's predictor as its own wasm, the model, the ONNX file and a README; see
//! [`crate::deploy::embed`]), and a Python script or notebook that retrains it with numpy and
//! scikit-learn on the same rows (see [`crate::deploy::python`]). Part of the deploy tools' wasm
//! chunk, so the writers are
//! fetched with them, not with the first page load.

use crate::deploy::embed::{web_predictor_zip, Runtime, RUNTIME_DIR, RUNTIME_GLUE, RUNTIME_WASM};
use crate::deploy::onnx::to_onnx;
use crate::deploy::python::{to_notebook, to_python, FileFacts, ScriptData};
use crate::spec::DataSource;
use crate::web::components::common::help_tip::described_by;
use crate::web::glue::download::save_bytes;
use crate::web::glue::fetch::fetch_bytes;
use crate::web::glue::url;
use crate::web::state::{AppState, DeployState};
use leptos::prelude::*;

/// "Download `<name>.onnx`", "Download `<name>-web.zip`", "Python script" and "Notebook"; a
/// model with no such form says
/// why when clicked.
#[component]
pub fn OnnxExport() -> impl IntoView {
    let deploy = expect_context::<DeployState>();
    let state = expect_context::<AppState>();
    let save = move |_| {
        let Some(m) = deploy.model.get_untracked() else { return };
        let saved = to_onnx(m.predictor.bundle())
            .map_err(|e| e.to_string())
            .and_then(|bytes| save_bytes(&format!("{}.onnx", m.stem), "application/octet-stream", &bytes));
        if let Err(e) = saved {
            deploy.fail(e);
        }
    };
    // The runtime (Lantern's predictor as its own wasm module, dist/predictor/) is fetched only
    // now, when it is asked for.
    let save_web = move |_| {
        let Some(m) = deploy.model.get_untracked() else { return };
        leptos::task::spawn_local(async move {
            let folder = format!("{}-web", m.stem);
            let saved = async {
                let at = |name: &str| url::app_file(&format!("{RUNTIME_DIR}/{name}"));
                let runtime =
                    Runtime::new(fetch_bytes(&at(RUNTIME_GLUE)).await?, fetch_bytes(&at(RUNTIME_WASM)).await?)
                        .map_err(|e| e.to_string())?;
                let bytes = web_predictor_zip(m.predictor.bundle(), &runtime, &folder).map_err(|e| e.to_string())?;
                save_bytes(&format!("{folder}.zip"), "application/zip", &bytes)
            };
            if let Err(e) = saved.await {
                deploy.fail(format!("The web predictor could not be made: {e}"));
            }
        });
    };
    let script = move |notebook: bool| {
        let Some(m) = deploy.model.get_untracked() else { return };
        let card = m.predictor.card();
        let view = state.table.get_untracked();
        // A model trained on the user's file needs that file's table (its rows are written).
        let table = match &card.spec.data.source {
            DataSource::File { name } => match view.as_ref() {
                Some(v) => Some(v),
                None => {
                    return deploy.fail(format!(
                        "Open {name}, the file this model was trained on, in the Data stage first: the script \
                         holds the rows of its split."
                    ))
                }
            },
            _ => None,
        };
        let facts = FileFacts { format: table.and_then(|v| v.format.as_ref()), bytes: None };
        let saved = ScriptData::new(card, table.map(|v| &v.table), facts)
            .and_then(|data| if notebook { to_notebook(card, &data) } else { to_python(card, &data) })
            .map_err(|e| e.to_string())
            .and_then(|text| {
                let (ext, mime) =
                    if notebook { ("ipynb", "application/x-ipynb+json") } else { ("py", "text/x-python") };
                save_bytes(&format!("{}.{ext}", m.stem), mime, text.as_bytes())
            });
        if let Err(e) = saved {
            deploy.fail(e);
        }
    };
    let name = move || deploy.model.with(|m| m.as_ref().map(|m| format!("Download {}.onnx", m.stem)));
    let web_name = move || deploy.model.with(|m| m.as_ref().map(|m| format!("Download {}-web.zip", m.stem)));
    view! {
        <details class="deploy-section" open=true>
            <summary aria-describedby=described_by("export-model")><h3>"Use it elsewhere"</h3></summary>
            <div class="export-formats">
                <div class="export-buttons">
                    <button data-testid="download-onnx" aria-describedby=described_by("export-model") on:click=save>
                        {name}
                    </button>
                </div>
                <p class="caption">
                    "ONNX: the preparation and the model in one file, for any ONNX runtime (one input per column)."
                </p>
                <div class="export-buttons">
                    <button data-testid="download-web-predictor" aria-describedby=described_by("export-model") on:click=save_web>
                        {web_name}
                    </button>
                </div>
                <p class="caption">
                    "Web predictor: an ES module (load, predict, predictBatch) running Lantern's own predictor \
                     (about 350 KB gzip), with the model and a README, for any web site, no server."
                </p>
                <div class="export-buttons">
                    <button data-testid="download-python" aria-describedby=described_by("export-model") on:click=move |_| script(false)>
                        "Python script"
                    </button>
                    <button data-testid="download-notebook" aria-describedby=described_by("export-model") on:click=move |_| script(true)>
                        "Notebook"
                    </button>
                </div>
                <p class="caption">
                    "train.py (or .ipynb): retrains this model with numpy + scikit-learn on the same rows, preparation \
                     and settings, and prints its test metrics."
                </p>
            </div>
        </details>
    }
}
