//! `lantern export`: an exported model (folder, zip or model.json) written in another format:
//! `--format onnx`, the whole pipeline as one ONNX file (see [`crate::deploy::onnx`]);
//! `--format python` / `notebook`, a script (or Jupyter notebook) that reproduces the run with
//! numpy and scikit-learn (see [`crate::deploy::python`]); `--format web`, the web predictor's
//! folder or zip (see [`crate::deploy::embed`]).

use super::predict::load_bundle;
use crate::data::csv::{read_csv, ReadOptions};
use crate::deploy::embed::Runtime;
use crate::deploy::python::{to_notebook, to_python, FileFacts, ScriptData};
use crate::error::{Error, Result};
use clap::{Args, ValueEnum};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The formats `lantern export` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(super) enum ExportFormat {
    /// ONNX (opset 17, ai.onnx.ml 3): the preparation and the model, raw columns in.
    Onnx,
    /// A Python script (numpy + scikit-learn) that trains the same model on the same rows with
    /// the same preparation and settings, and prints the test metrics.
    Python,
    /// The Python script as a Jupyter notebook (.ipynb), one cell per step.
    Notebook,
    /// A web predictor: predictor.mjs (an ES module), Lantern's predictor as wasm, model.zip,
    /// model.onnx and README.md, as a folder, or a zip when --out ends in .zip.
    Web,
}

/// `lantern export`.
#[derive(Debug, Args)]
pub(super) struct ExportArgs {
    /// The exported model: its folder (model.json + weights), a .zip of it, or its model.json.
    #[arg(long, value_name = "DIR|ZIP")]
    model: PathBuf,
    /// What to write.
    #[arg(long, value_enum)]
    format: ExportFormat,
    /// The file to write (e.g. model.onnx, train.py, train.ipynb); for `web`, a folder (created
    /// if needed) or a .zip.
    #[arg(long, value_name = "FILE|DIR")]
    out: PathBuf,
    /// `python` and `notebook` of a model trained on a CSV file: that file (the script holds
    /// the rows of each part of the split, and the table itself when it is small).
    #[arg(long, value_name = "FILE")]
    data: Option<PathBuf>,
    /// `web`: the folder with the web predictor's runtime (lantern_predictor.js and
    /// lantern_predictor_bg.wasm), which `trunk build --release` writes into dist/predictor/.
    /// Default: dist/predictor in the current folder, else in Lantern's folder (two levels
    /// above this program, as cargo builds it).
    #[arg(long, value_name = "DIR")]
    runtime: Option<PathBuf>,
}

/// Runs `lantern export`, writing a line about the file to `out`.
pub(super) fn run(args: &ExportArgs, out: &mut impl Write) -> Result<()> {
    let bundle = load_bundle(&args.model)?;
    let card = &bundle.card;
    let (bytes, what) = match args.format {
        ExportFormat::Onnx => (
            crate::deploy::onnx::to_onnx(&bundle)?,
            format!(
                "inputs {}; outputs {}",
                card.input_names().join(", "),
                if card.class_names.is_empty() { "value" } else { "label, probabilities" }
            ),
        ),
        ExportFormat::Web => return web(&bundle, &args.out, &runtime(args.runtime.as_deref())?, out),
        ExportFormat::Python | ExportFormat::Notebook => {
            if let (crate::spec::DataSource::File { name }, None) = (&card.spec.data.source, &args.data) {
                return Err(Error::data(format!(
                    "this model was trained on the file `{name}`: give it with --data FILE, so that the script \
                     holds the rows of its split"
                )));
            }
            let file = match &args.data {
                Some(path) => {
                    let bytes = std::fs::read(path)
                        .map_err(|e| Error::data(format!("cannot read `{}`: {e}", path.display())))?;
                    let loaded = read_csv(&bytes, &ReadOptions::default())?;
                    Some((bytes, loaded))
                }
                None => None,
            };
            let facts = FileFacts {
                format: file.as_ref().map(|(_, l)| &l.format),
                bytes: file.as_ref().map(|(b, _)| b.as_slice()),
            };
            let data = ScriptData::new(card, file.as_ref().map(|(_, l)| &l.table), facts)?;
            let text =
                if args.format == ExportFormat::Python { to_python(card, &data)? } else { to_notebook(card, &data)? };
            let parts = |k: u8| data.parts.iter().filter(|&&p| p == k).count();
            (
                text.into_bytes(),
                format!(
                    "{}; rows: {} train, {} validation, {} test; requires {}",
                    crate::deploy::python::model::estimator_name(&card.spec, card.task),
                    parts(1),
                    parts(2),
                    parts(3),
                    crate::deploy::python::REQUIRES
                ),
            )
        }
    };
    std::fs::write(&args.out, &bytes).map_err(|e| Error::Output {
        path: args.out.display().to_string(),
        message: format!("{e}. Give --out a file in a directory you can write to"),
    })?;
    let _ = writeln!(out, "wrote {} ({} bytes): {what}", args.out.display(), bytes.len());
    Ok(())
}

/// The web predictor's runtime: from `dir`, or the default places (see [`ExportArgs`]).
fn runtime(dir: Option<&Path>) -> Result<Runtime> {
    use crate::deploy::embed::{RUNTIME_DIR, RUNTIME_GLUE, RUNTIME_WASM};
    let places: Vec<PathBuf> = match dir {
        Some(d) => vec![d.to_path_buf()],
        None => {
            let mut places = vec![Path::new("dist").join(RUNTIME_DIR)];
            let exe = std::env::current_exe().ok();
            if let Some(root) = exe.as_deref().and_then(|e| e.parent()?.parent()?.parent()) {
                places.push(root.join("dist").join(RUNTIME_DIR));
            }
            places
        }
    };
    let Some(found) = places.iter().find(|d| d.join(RUNTIME_WASM).is_file()) else {
        let looked: Vec<String> = places.iter().map(|p| format!("`{}`", p.display())).collect();
        return Err(Error::data(format!(
            "the web predictor's runtime ({RUNTIME_WASM} and {RUNTIME_GLUE}) is not in {}: build the page with \
             `trunk build --release` in Lantern's folder (it writes them into dist/{RUNTIME_DIR}/), or give their \
             folder with --runtime DIR",
            looked.join(" or ")
        )));
    };
    let read = |name: &str| {
        let path = found.join(name);
        std::fs::read(&path).map_err(|e| Error::data(format!("cannot read `{}`: {e}", path.display())))
    };
    Runtime::new(read(RUNTIME_GLUE)?, read(RUNTIME_WASM)?)
}

/// `--format web`: the web predictor's files in the folder `dir`, or as a zip (of one folder
/// named after it) when it ends in `.zip`.
fn web(bundle: &crate::deploy::ModelBundle, dir: &Path, runtime: &Runtime, out: &mut impl Write) -> Result<()> {
    let write_error = |path: &Path, e: std::io::Error, todo: &str| Error::Output {
        path: path.display().to_string(),
        message: format!("{e}. {todo}"),
    };
    let files = crate::deploy::embed::web_predictor(bundle, runtime)?;
    let bytes = if dir.extension().is_some_and(|e| e.eq_ignore_ascii_case("zip")) {
        let folder = dir.file_stem().map_or_else(|| "web-predictor".into(), |s| s.to_string_lossy());
        // The files already made, in one folder of the zip (as web_predictor_zip writes them).
        let inside: Vec<(String, Vec<u8>)> = files.iter().map(|(n, b)| (format!("{folder}/{n}"), b.clone())).collect();
        let bytes = crate::deploy::zip::write(&inside)?;
        std::fs::write(dir, &bytes)
            .map_err(|e| write_error(dir, e, "Give --out a .zip in a directory you can write to"))?;
        bytes.len()
    } else {
        std::fs::create_dir_all(dir).map_err(|e| write_error(dir, e, "Give --out a folder you can create"))?;
        for (name, bytes) in &files {
            let path = dir.join(name);
            std::fs::write(&path, bytes).map_err(|e| write_error(&path, e, "Give --out a folder you can write to"))?;
        }
        files.iter().map(|(_, b)| b.len()).sum()
    };
    let card = &bundle.card;
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    let _ = writeln!(
        out,
        "wrote {} ({}; {bytes} bytes): a web predictor (Lantern's predictor in wasm, {} bytes); rows keyed by {}; gives {}",
        dir.display(),
        names.join(", "),
        runtime.wasm.len(),
        card.input_names().join(", "),
        if card.class_names.is_empty() { "value" } else { "label, probabilities" }
    );
    Ok(())
}
