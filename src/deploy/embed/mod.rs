//! # Web predictor
//!
//! [`web_predictor`] writes the files a web developer drops into any site to predict with an
//! exported model in the browser, no server: `predictor.mjs` (one ES module: `load(url)`,
//! `predict(row)`, `predictBatch(rows)`, rows keyed by the original column names with raw
//! values as in the CSV), `model.onnx` (the whole pipeline, [`super::onnx`]) and `README.md`
//! (the snippet, and the exact onnxruntime-web version to load). The module is
//! `src/deploy/embed/predictor.mjs` with the model's description (inputs and their types,
//! classes, output names) written into its `model` constant; it wraps onnxruntime-web.
//!
//! ## onnxruntime-web or Lantern's own predictor in wasm: sizes (measured, gzip -9)
//! - **onnxruntime-web 1.31.1** (what this module uses): its smallest CPU build is
//!   `ort-wasm-simd-threaded.wasm` 3,799,585 bytes + `ort.wasm.min.mjs` 17,179 +
//!   `ort-wasm-simd-threaded.mjs` 9,186 = **3.83 MB**, plus `predictor.mjs` (2.2 KB) and the
//!   model (2.6 KB for a small MLP on penguins). Every operator the export uses runs in it
//!   (LabelEncoder and TreeEnsembleRegressor of ai.onnx.ml, string inputs and outputs, double
//!   inputs), within 3e-7 of `lantern predict` (`tests/e2e/onnx_web.test.mjs`).
//! - **Lantern's own predictor** (`ModelBundle::from_zip` + `Predictor::predict_csv`: the zip,
//!   the card's JSON, the CSV reader, the preparation, candle's network and the trees), linked
//!   alone by `examples/predictor_wasm.rs` (opt-level z, LTO, after wasm-bindgen): 1,067,293
//!   bytes raw, **352 KB** gzip (357 KB after wasm-opt -Oz), plus about 1.6 KB of glue — about
//!   a tenth of onnxruntime-web, and bit-identical to `lantern predict` by construction.
//!
//! onnxruntime-web is still what the folder uses today: the ONNX file is already the one
//! description of the pipeline (the web predictor is a third writer of it, not a second
//! predictor), onnxruntime-web is a maintained npm package that bundlers and CDNs serve, and a
//! wasm build of the predictor would be a second wasm program with its own JavaScript API,
//! build and release steps (and, for the page's download, its ~1 MB file served beside the
//! app). Were download size to decide, that build is the lighter choice (see the numbers).
//!
use super::onnx::network::OutputNames;
use super::onnx::to_onnx;
use super::ModelBundle;
use crate::data::Task;
use crate::error::{Error, Result};
use serde_json::json;

/// The onnxruntime-web version the module is tested with (tests/e2e/package.json pins the same;
/// a test checks they agree).
pub const ORT_WEB_VERSION: &str = "1.31.1";

/// The module's text, with [`MODEL_MARKER`] where the model's description goes.
pub const MODULE: &str = include_str!("predictor.mjs");

/// Where the description is written into [`MODULE`].
pub const MODEL_MARKER: &str = "/* LANTERN_MODEL */ null";

/// The folder's files, in order: `predictor.mjs`, `model.onnx`, `README.md`.
///
/// # Errors
/// As [`to_onnx`] (a model ONNX cannot express is named).
pub fn web_predictor(bundle: &ModelBundle) -> Result<Vec<(String, Vec<u8>)>> {
    let onnx = to_onnx(bundle)?;
    let description = describe(bundle);
    let text = serde_json::to_string_pretty(&description)
        .map_err(|e| Error::data(format!("the model's description cannot be written: {e}")))?;
    if !MODULE.contains(MODEL_MARKER) {
        return Err(Error::data("predictor.mjs has no place for the model's description (a bug)"));
    }
    let module = MODULE.replacen(MODEL_MARKER, &text, 1);
    let readme = readme(bundle, onnx.len());
    Ok(vec![
        ("predictor.mjs".to_string(), module.into_bytes()),
        ("model.onnx".to_string(), onnx),
        ("README.md".to_string(), readme.into_bytes()),
    ])
}

/// The web predictor as one zip, its files in the folder `folder` (the page's download and
/// `lantern export --format web --out x.zip`).
///
/// # Errors
/// As [`web_predictor`]; [`crate::error::BundleError::Damaged`] if zipping fails.
pub fn web_predictor_zip(bundle: &ModelBundle, folder: &str) -> Result<Vec<u8>> {
    let files: Vec<(String, Vec<u8>)> =
        web_predictor(bundle)?.into_iter().map(|(name, bytes)| (format!("{folder}/{name}"), bytes)).collect();
    super::zip::write(&files)
}

/// The `model` constant of `predictor.mjs`.
fn describe(bundle: &ModelBundle) -> serde_json::Value {
    let card = &bundle.card;
    let names = OutputNames::new(&card.input_names());
    let inputs: Vec<serde_json::Value> = card
        .inputs
        .iter()
        .map(|c| json!({"name": c.name, "type": if c.reads_numbers() { "number" } else { "category" }}))
        .collect();
    let (task, outputs) = match card.task {
        Task::Classification { .. } => {
            ("classification", json!({"label": names.label, "probabilities": names.probabilities}))
        }
        Task::Regression => ("regression", json!({"value": names.value})),
    };
    json!({
        "name": super::file_stem(card),
        "target": card.target,
        "task": task,
        "classes": card.class_names,
        "inputs": inputs,
        "outputs": outputs,
        "lantern": card.lantern_version,
        "onnxruntimeWeb": ORT_WEB_VERSION,
    })
}

/// `README.md`: what the files are, the snippet with one row of this model, and how to serve
/// onnxruntime-web.
fn readme(bundle: &ModelBundle, onnx_bytes: usize) -> String {
    let card = &bundle.card;
    let row = super::typical_row(card);
    let cells: Vec<String> = card
        .inputs
        .iter()
        .zip(row.iter().map(|(_, v)| v))
        .map(|(c, v)| {
            let value = match v.parse::<f64>() {
                Ok(_) if c.reads_numbers() => v.clone(),
                _ => serde_json::to_string(v).unwrap_or_default(),
            };
            format!("{}: {value}", serde_json::to_string(&c.name).unwrap_or_default())
        })
        .collect();
    let gives = match card.task {
        Task::Classification { .. } => format!(
            "`{{ label, probabilities }}`: the predicted `{}` (one of {}) and each class's probability, in that order",
            card.target,
            card.class_names.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", ")
        ),
        Task::Regression => format!("`{{ value }}`: the predicted `{}`, in its own units", card.target),
    };
    let model = crate::compare::model_name(&card.spec, Some(card.task));
    format!(
        "# {stem}: a web predictor\n\n\
         {model} predicting `{target}`, exported by Lantern {version}. Everything runs in the browser: no server.\n\n\
         - `predictor.mjs`: the ES module to import (`load`, `predict`, `predictBatch`, `model`).\n\
         - `model.onnx` ({onnx_bytes} bytes): the whole pipeline — filling missing cells, one-hot codes, scaling, \
         the model — for onnxruntime-web.\n\n\
         ## Use\n\n\
         ```js\n\
         import {{ load, predict, predictBatch }} from './predictor.mjs';\n\n\
         await load(); // fetches model.onnx from next to predictor.mjs (or load(url), or load(bytes))\n\
         const p = await predict({{ {cells} }});\n\
         // p is {gives_short}\n\
         const many = await predictBatch(rows); // an array of such objects, one per row\n\
         ```\n\n\
         Rows are objects keyed by the original column names ({columns}), with raw values as in the training CSV: \
         numbers (or their text; a decimal comma is read too) and categories as text. `null`, `''`, `NA`, `N/A`, \
         `NaN`, `?`, `-` mean missing and are filled as in training; a category never seen in training counts as \
         none of the known ones; text that is not a number in a number column is an error naming the column. \
         Each prediction is {gives}.\n\n\
         ## onnxruntime-web\n\n\
         `predictor.mjs` imports `onnxruntime-web/wasm`; it was tested with onnxruntime-web **{ort}**:\n\n\
         ```sh\n\
         npm install onnxruntime-web@{ort}\n\
         ```\n\n\
         - With a bundler (Vite, webpack, esbuild …) the import resolves by itself; give `load` the URL where \
         you serve `model.onnx` (a bundled module's own URL may not be next to it).\n\
         - In a plain page, map the import and serve the package's `dist/` folder, then tell `load` where its \
         `.wasm` files are:\n\n\
         ```html\n\
         <script type=\"importmap\">\n\
         {{ \"imports\": {{ \"onnxruntime-web/wasm\": \"/ort/ort.wasm.min.mjs\" }} }}\n\
         </script>\n\
         <script type=\"module\">\n\
         import {{ load, predict }} from './predictor.mjs';\n\
         await load('./model.onnx', {{ wasmPaths: '/ort/' }});\n\
         </script>\n\
         ```\n\n\
         (`/ort/` is where you copied `node_modules/onnxruntime-web/dist/`; a CDN copy of onnxruntime-web {ort} \
         works the same way.) Download: `ort-wasm-simd-threaded.wasm` is about 3.8 MB gzip, the JavaScript about \
         26 KB gzip; `predictor.mjs` and `model.onnx` add a few KB.\n",
        stem = super::file_stem(card),
        target = card.target,
        version = card.lantern_version,
        cells = cells.join(", "),
        gives_short = match card.task {
            Task::Classification { .. } => "{ label, probabilities }",
            Task::Regression => "{ value }",
        },
        columns = card.inputs.iter().map(|c| format!("`{}`", c.name)).collect::<Vec<_>>().join(", "),
        ort = ORT_WEB_VERSION,
    )
}

#[cfg(test)]
mod tests;
