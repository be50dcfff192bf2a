//! `lantern export`: an exported model (folder, zip or model.json) written in another format.
//! Today one: `--format onnx`, the whole pipeline as one ONNX file (see
//! [`crate::deploy::onnx`]).

use super::predict::load_bundle;
use crate::error::{Error, Result};
use clap::{Args, ValueEnum};
use std::io::Write;
use std::path::PathBuf;

/// The formats `lantern export` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(super) enum ExportFormat {
    /// ONNX (opset 17, ai.onnx.ml 3): the preparation and the model, raw columns in.
    Onnx,
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
    /// The file to write (e.g. model.onnx).
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
}

/// Runs `lantern export`, writing a line about the file to `out`.
pub(super) fn run(args: &ExportArgs, out: &mut impl Write) -> Result<()> {
    let bundle = load_bundle(&args.model)?;
    let bytes = match args.format {
        ExportFormat::Onnx => crate::deploy::onnx::to_onnx(&bundle)?,
    };
    std::fs::write(&args.out, &bytes).map_err(|e| Error::Output {
        path: args.out.display().to_string(),
        message: format!("{e}. Give --out a file in a directory you can write to"),
    })?;
    let card = &bundle.card;
    let _ = writeln!(
        out,
        "wrote {} ({} bytes): inputs {}; outputs {}",
        args.out.display(),
        bytes.len(),
        card.input_names().join(", "),
        if card.class_names.is_empty() { "value" } else { "label, probabilities" }
    );
    Ok(())
}
