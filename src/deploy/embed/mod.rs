//! # Web predictor
//!
//! [`web_predictor`] writes the files a web developer drops into any site to predict with an
//! exported model in the browser, no server:
//! - `predictor.mjs`: one ES module, `load(url)`, `predict(row)`, `predictBatch(rows)` and the
//!   `model` it reads (inputs and their types, classes), rows keyed by the original column names
//!   with raw values as in the CSV ([`rows`]). The module is `src/deploy/embed/predictor.mjs`
//!   with the model's description written into its `model` constant.
//! - `lantern_predictor.js` and `lantern_predictor_bg.wasm`: Lantern's own predictor compiled
//!   to wasm (`src/bin/lantern_predictor.rs`; the [`Runtime`]), the same code as `lantern
//!   predict`, so the predictions are its predictions bit for bit, for every model Lantern
//!   trains (k-NN and naive Bayes included, which ONNX cannot express).
//! - `model.zip`: the model bundle ([`ModelBundle::to_zip`]: the card and the weights or trees).
//! - `model.onnx` (when ONNX can express the model): the same pipeline for any ONNX runtime.
//! - `README.md`: the snippet with one row of this model, and the sizes.
//!
//! ## Lantern's own predictor or onnxruntime-web: sizes (measured, gzip -9)
//! - **Lantern's predictor** (what the folder uses): `lantern_predictor_bg.wasm` about 1 MB raw,
//!   **about 350 KB gzip**, its glue about 2 KB, `predictor.mjs` 1.3 KB
//!   (`tests/e2e/web_predictor.test.mjs` prints the exact numbers).
//! - **onnxruntime-web 1.31.1**: its smallest CPU build is `ort-wasm-simd-threaded.wasm`
//!   3,799,585 bytes + `ort.wasm.min.mjs` 17,179 + `ort-wasm-simd-threaded.mjs` 9,186 =
//!   **3.83 MB** — eleven times as much to download. It runs `model.onnx` within 3e-7 of
//!   `lantern predict` (`tests/e2e/onnx_web.test.mjs`), so a site that already serves it can use
//!   the ONNX file instead (the README says how).
//!
//! The page fetches the runtime's two files from `dist/predictor/` only when the web predictor
//! is downloaded; `lantern export --format web` reads them from the folder `--runtime` names.
//!
pub mod rows;

use super::onnx::network::OutputNames;
use super::onnx::to_onnx;
use super::ModelBundle;
use crate::data::Task;
use crate::error::{Error, Result};
use serde_json::json;

/// The onnxruntime-web version `model.onnx` is tested with (tests/e2e/package.json pins the
/// same; a test checks they agree).
pub const ORT_WEB_VERSION: &str = "1.31.1";

/// The module's text, with [`MODEL_MARKER`] where the model's description goes.
pub const MODULE: &str = include_str!("predictor.mjs");

/// Where the description is written into [`MODULE`].
pub const MODEL_MARKER: &str = "/* LANTERN_MODEL */ null";

/// The folder, inside the page's `dist/`, where Trunk writes the [`Runtime`] (index.html).
pub const RUNTIME_DIR: &str = "predictor";
/// The runtime's JavaScript glue (wasm-bindgen `--target web`), named after the binary.
pub const RUNTIME_GLUE: &str = "lantern_predictor.js";
/// The runtime's wasm module.
pub const RUNTIME_WASM: &str = "lantern_predictor_bg.wasm";

/// Lantern's predictor compiled to wasm: the two files wasm-bindgen writes for
/// `src/bin/lantern_predictor.rs`.
#[derive(Clone, Debug)]
pub struct Runtime {
    /// [`RUNTIME_GLUE`]'s bytes.
    pub glue: Vec<u8>,
    /// [`RUNTIME_WASM`]'s bytes.
    pub wasm: Vec<u8>,
}

impl Runtime {
    /// Checks that the files are what they claim: a wasm module, and glue that loads it and
    /// defines the `Model` the module imports.
    ///
    /// # Errors
    /// [`Error::Data`] naming the file and how to rebuild it.
    pub fn new(glue: Vec<u8>, wasm: Vec<u8>) -> Result<Self> {
        let rebuild = "rebuild the page (`trunk build --release`), which writes both into dist/predictor/";
        if !wasm.starts_with(b"\0asm") {
            return Err(Error::data(format!("{RUNTIME_WASM} is not a WebAssembly module: {rebuild}")));
        }
        let text = String::from_utf8_lossy(&glue);
        if !(text.contains("class Model") && text.contains(RUNTIME_WASM)) {
            return Err(Error::data(format!("{RUNTIME_GLUE} is not the predictor's glue: {rebuild}")));
        }
        Ok(Self { glue, wasm })
    }
}

/// The folder's files, in order: `predictor.mjs`, the runtime's glue and wasm, `model.zip`,
/// `model.onnx` (left out for a model ONNX cannot express: the README says why), `README.md`.
///
/// # Errors
/// As [`ModelBundle::to_zip`], and [`to_onnx`]'s errors other than
/// [`Error::OnnxUnsupported`].
pub fn web_predictor(bundle: &ModelBundle, runtime: &Runtime) -> Result<Vec<(String, Vec<u8>)>> {
    let onnx = match to_onnx(bundle) {
        Ok(bytes) => Ok(bytes),
        Err(e @ Error::OnnxUnsupported { .. }) => Err(e.to_string()),
        Err(e) => return Err(e),
    };
    let description = describe(bundle);
    let text = serde_json::to_string_pretty(&description)
        .map_err(|e| Error::data(format!("the model's description cannot be written: {e}")))?;
    if !MODULE.contains(MODEL_MARKER) {
        return Err(Error::data("predictor.mjs has no place for the model's description (a bug)"));
    }
    let module = MODULE.replacen(MODEL_MARKER, &text, 1);
    let zip = bundle.to_zip()?;
    let readme = readme(bundle, runtime, zip.len(), onnx.as_ref().map(Vec::len));
    let mut files = vec![
        ("predictor.mjs".to_string(), module.into_bytes()),
        (RUNTIME_GLUE.to_string(), runtime.glue.clone()),
        (RUNTIME_WASM.to_string(), runtime.wasm.clone()),
        ("model.zip".to_string(), zip),
    ];
    if let Ok(onnx) = onnx {
        files.push(("model.onnx".to_string(), onnx));
    }
    files.push(("README.md".to_string(), readme.into_bytes()));
    Ok(files)
}

/// The web predictor as one zip, its files in the folder `folder` (the page's download and
/// `lantern export --format web --out x.zip`).
///
/// # Errors
/// As [`web_predictor`]; [`crate::error::BundleError::Damaged`] if zipping fails.
pub fn web_predictor_zip(bundle: &ModelBundle, runtime: &Runtime, folder: &str) -> Result<Vec<u8>> {
    let files: Vec<(String, Vec<u8>)> =
        web_predictor(bundle, runtime)?.into_iter().map(|(name, bytes)| (format!("{folder}/{name}"), bytes)).collect();
    super::zip::write(&files)
}

/// The `model` constant of `predictor.mjs` (and what the runtime's `describe` gives).
pub fn describe(bundle: &ModelBundle) -> serde_json::Value {
    let card = &bundle.card;
    let inputs: Vec<serde_json::Value> = card
        .inputs
        .iter()
        .map(|c| json!({"name": c.name, "type": if c.reads_numbers() { "number" } else { "category" }}))
        .collect();
    let task = match card.task {
        Task::Classification { .. } => "classification",
        Task::Regression => "regression",
    };
    json!({
        "name": super::file_stem(card),
        "target": card.target,
        "task": task,
        "classes": card.class_names,
        "inputs": inputs,
        "lantern": card.lantern_version,
    })
}

/// `README.md`: what the files are, the snippet with one row of this model, their sizes, and
/// the ONNX file's inputs and outputs (or why there is none).
fn readme(
    bundle: &ModelBundle,
    runtime: &Runtime,
    zip_bytes: usize,
    onnx: std::result::Result<usize, &String>,
) -> String {
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
    let onnx_section = match onnx {
        Ok(bytes) => {
            let names = OutputNames::new(&card.input_names());
            let outputs = match card.task {
                Task::Classification { .. } => {
                    format!("`{}` (string, [N]) and `{}` (float, [N, classes])", names.label, names.probabilities)
                }
                Task::Regression => format!("`{}` (float, [N, 1])", names.value),
            };
            format!(
                "`model.onnx` ({bytes} bytes) is the same pipeline for any ONNX runtime (onnxruntime in Python,                  C#, Java; onnxruntime-web {ORT_WEB_VERSION} was tested in Chromium): one [N, 1] input per column                  (double for numbers, NaN when missing; string for categories, trimmed, '' when missing) and the                  outputs {outputs}. Its predictions equal this module's within 1e-5. onnxruntime-web's wasm is                  about 3.8 MB gzip, so this folder uses Lantern's own predictor; delete `model.onnx` if you                  do not need it."
            )
        }
        Err(why) => format!("There is no `model.onnx`, because {}.", why.trim_end_matches('.')),
    };
    let model = crate::compare::model_name(&card.spec, Some(card.task));
    let kb = |n: usize| format!("{:.0} KB", n as f64 / 1000.0);
    format!(
        "# {stem}: a web predictor\n\n\
         {model} predicting `{target}`, exported by Lantern {version}. Everything runs in the browser: no server.\n\n\
         - `predictor.mjs`: the ES module to import (`load`, `predict`, `predictBatch`, `model`).\n\
         - `{glue}` and `{wasm}` ({wasm_kb}; servers send it compressed, about a third of that): Lantern's own predictor compiled to WebAssembly — the same code \
         as `lantern predict`, so it gives the same predictions.\n\
         - `model.zip` ({zip_kb}): the model — how to fill missing cells, the category codes, the scaling and \
         the trained model. The Deploy stage of Lantern opens it too.\n\n\
         ## Use\n\n\
         Serve the folder with the rest of your site (any static host; the files must come from a web server, \
         not `file://`), then:\n\n\
         ```js\n\
         import {{ load, predict, predictBatch }} from './predictor.mjs'; // where you put this folder\n\n\
         await load(); // fetches model.zip and the wasm from next to predictor.mjs (or load(url), or load(bytes))\n\
         const p = await predict({{ {cells} }});\n\
         // p is {gives_short}\n\
         const many = await predictBatch(rows); // an array of such objects, one per row\n\
         ```\n\n\
         Rows are objects keyed by the original column names ({columns}), with raw values as in the training CSV: \
         numbers (or their text; a decimal comma is read too) and categories as text. `null`, `''`, `NA`, `N/A`, \
         `NaN`, `?`, `-` mean missing and are filled as in training; a category never seen in training counts as \
         none of the known ones; text that is not a number in a number column is an error naming the row and \
         the column. Each prediction is {gives}.\n\n\
         With a bundler (Vite, webpack, esbuild …), copy the folder into your public files and give `load` the \
         URLs where they are served: `load('/models/{stem}/model.zip', {{ wasm: '/models/{stem}/{wasm}' }})`. A \
         Content-Security-Policy must allow `'wasm-unsafe-eval'` in `script-src`.\n\n\
         ## ONNX\n\n\
         {onnx_section}\n",
        stem = super::file_stem(card),
        target = card.target,
        version = card.lantern_version,
        glue = RUNTIME_GLUE,
        wasm = RUNTIME_WASM,
        wasm_kb = kb(runtime.wasm.len()),
        zip_kb = kb(zip_bytes),
        cells = cells.join(", "),
        gives_short = match card.task {
            Task::Classification { .. } => "{ label, probabilities }",
            Task::Regression => "{ value }",
        },
        columns = card.inputs.iter().map(|c| format!("`{}`", c.name)).collect::<Vec<_>>().join(", "),
    )
}

#[cfg(test)]
mod tests;
