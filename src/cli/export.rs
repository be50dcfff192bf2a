//! `lantern export`: an exported model (folder, zip or model.json) written in another format:
//! `--format onnx`, the whole pipeline as one ONNX file (see [`crate::deploy::onnx`]), or
//! `--format web`, the web predictor's folder or zip (see [`crate::deploy::embed`]).

use super::predict::load_bundle;
use crate::error::{Error, Result};
use clap::{Args, ValueEnum};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The formats `lantern export` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(super) enum ExportFormat {
    /// ONNX (opset 17, ai.onnx.ml 3): the preparation and the model, raw columns in.
    Onnx,
    /// A web predictor: predictor.mjs (an ES module wrapping onnxruntime-web), model.onnx and
    /// README.md, as a folder, or a zip when --out ends in .zip.
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
    /// The file to write (e.g. model.onnx); for `web`, a folder (created if needed) or a .zip.
    #[arg(long, value_name = "FILE|DIR")]
    out: PathBuf,
}

/// Runs `lantern export`, writing a line about the file to `out`.
pub(super) fn run(args: &ExportArgs, out: &mut impl Write) -> Result<()> {
    let bundle = load_bundle(&args.model)?;
    let write_error = |path: &Path, e: std::io::Error, todo: &str| Error::Output {
        path: path.display().to_string(),
        message: format!("{e}. {todo}"),
    };
    let card = &bundle.card;
    let outputs = if card.class_names.is_empty() { "value" } else { "label, probabilities" };
    match args.format {
        ExportFormat::Onnx => {
            let bytes = crate::deploy::onnx::to_onnx(&bundle)?;
            std::fs::write(&args.out, &bytes)
                .map_err(|e| write_error(&args.out, e, "Give --out a file in a directory you can write to"))?;
            let _ = writeln!(
                out,
                "wrote {} ({} bytes): inputs {}; outputs {outputs}",
                args.out.display(),
                bytes.len(),
                card.input_names().join(", "),
            );
        }
        ExportFormat::Web => {
            let files = crate::deploy::embed::web_predictor(&bundle)?;
            let zip = args.out.extension().is_some_and(|e| e.eq_ignore_ascii_case("zip"));
            let bytes = if zip {
                let folder = args.out.file_stem().map_or_else(|| "web-predictor".into(), |s| s.to_string_lossy());
                let bytes = crate::deploy::embed::web_predictor_zip(&bundle, &folder)?;
                std::fs::write(&args.out, &bytes)
                    .map_err(|e| write_error(&args.out, e, "Give --out a .zip in a directory you can write to"))?;
                bytes.len()
            } else {
                std::fs::create_dir_all(&args.out)
                    .map_err(|e| write_error(&args.out, e, "Give --out a folder you can create"))?;
                for (name, bytes) in &files {
                    let path = args.out.join(name);
                    std::fs::write(&path, bytes)
                        .map_err(|e| write_error(&path, e, "Give --out a folder you can write to"))?;
                }
                files.iter().map(|(_, b)| b.len()).sum()
            };
            let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
            let _ = writeln!(
                out,
                "wrote {} ({}; {bytes} bytes): a web predictor with onnxruntime-web {}; rows keyed by {}; gives {outputs}",
                args.out.display(),
                names.join(", "),
                crate::deploy::embed::ORT_WEB_VERSION,
                card.input_names().join(", "),
            );
        }
    }
    Ok(())
}
