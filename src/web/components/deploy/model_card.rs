//! The current model: export it from the finished run (the worker builds the zip) or import
//! one (a `.zip`, or `model.json` with `model.safetensors`), download it, and its card in a few
//! lines.

use crate::deploy::card_summary;
use crate::web::components::common::help_tip::{described_by, HelpTip};
use crate::web::glue::file::{picked_files, read_bytes, spawn};
use crate::web::state::DeployState;
use leptos::prelude::*;

fn ms(v: Option<f64>) -> Option<String> {
    v.map(|v| format!("{v:.0} ms"))
}

/// Export / import buttons, downloads, and the card summary.
#[component]
pub fn ModelCard() -> impl IntoView {
    let deploy = expect_context::<DeployState>();
    let import = move |ev: leptos::ev::Event| {
        let files = picked_files(&ev);
        spawn(async move {
            let mut read = Vec::new();
            for file in files {
                match read_bytes(&file).await {
                    Ok(bytes) => read.push((file.name(), bytes)),
                    Err(e) => return deploy.fail(e),
                }
            }
            deploy.import(read);
        });
    };
    let summary = move || {
        deploy.model.get().map(|m| {
            let lines = card_summary(m.predictor.card())
                .into_iter()
                .map(|(k, v)| view! { <div class="card-line" data-key=k><dt>{k}</dt><dd>{v}</dd></div> })
                .collect_view();
            view! {
                <div class="model-card" data-testid="model-card">
                    <p class="caption">"Current model, " {m.origin.clone()} ":"</p>
                    <dl>{lines}</dl>
                    <div class="row">
                        <button data-testid="download-zip" aria-describedby=described_by("export-model") on:click=move |_| deploy.download_zip()>
                            {format!("Download {}.zip", m.stem)}
                        </button>
                        <button data-testid="download-files" aria-describedby=described_by("export-model") on:click=move |_| deploy.download_files()>
                            {format!("Download model.json + {}", m.predictor.card().weights.file)}
                        </button>
                    </div>
                </div>
            }
        })
    };
    let timing = move || {
        let t = deploy.timings.get();
        let parts: Vec<String> = [("export", t.export), ("import", t.import), ("batch", t.batch), ("drift", t.drift)]
            .into_iter()
            .filter_map(|(k, v)| ms(v).map(|v| format!("{k} {v}")))
            .collect();
        (!parts.is_empty()).then(|| format!("Last times: {}.", parts.join(", ")))
    };
    view! {
        <div class="row deploy-io">
            <button
                data-testid="export-model"
                aria-describedby=described_by("export-model")
                disabled=move || !deploy.can_export()
                on:click=move |_| deploy.export(true)
            >
                "Export model"
            </button>
            <HelpTip ids=vec!["export-model"] about="exporting the model" />
            <label class="button-like">
                "Import model…"
                <input
                    type="file"
                    multiple=true
                    accept=".zip,.json,.safetensors,.onnx,application/zip,application/json"
                    class="visually-hidden"
                    data-testid="import-model"
                    aria-describedby=described_by("import-model")
                    on:change=import
                />
            </label>
            <HelpTip ids=vec!["import-model"] about="importing a model" />
            <span class="caption">
                {move || if deploy.can_export() { "" } else { "Export needs a finished run (train to the end, or stop it with ■)." }}
            </span>
        </div>
        {summary}
        <p class="caption" data-testid="deploy-timing">{timing}</p>
    }
}
