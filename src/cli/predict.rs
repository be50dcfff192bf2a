//! `lantern predict`: an exported model's predictions for the rows of a CSV file, written as
//! CSV with the prediction columns appended; with the target column present, the model's
//! metrics on those rows next to its original test metrics.

use crate::deploy::card::{CARD_FILE, LEARNER_FILE, TREES_FILE, WEIGHTS_FILE};
use crate::deploy::{LabelledEvaluation, ModelBundle, ModelCard, Prediction, Predictor};
use crate::error::{BundleError, Error, Result};
use crate::train::Evaluation;
use clap::Args;
use std::io::Write;
use std::path::{Path, PathBuf};

/// `lantern predict`.
#[derive(Debug, Args)]
pub(super) struct PredictArgs {
    /// The exported model: its folder (model.json + model.safetensors), a .zip of it, or its
    /// model.json (the weights next to it).
    #[arg(long, value_name = "DIR|ZIP")]
    model: PathBuf,
    /// CSV file with the model's input columns (others are ignored; the target column, when
    /// present, is used to evaluate the model).
    #[arg(long)]
    data: PathBuf,
    /// Where to write the rows with the predictions appended.
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// Print one JSON object (rows, notices, predicted classes or values, metrics) instead of
    /// the summary.
    #[arg(long)]
    json: bool,
}

fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| Error::data(format!("cannot read `{}`: {e}", path.display())))
}

/// Reads an exported model from a folder, a zip or a `model.json` path.
///
/// # Errors
/// [`Error::Data`] if the path cannot be read; [`Error::Bundle`] as the bundle reader says.
pub(super) fn load_bundle(path: &Path) -> Result<ModelBundle> {
    let folder = if path.is_dir() {
        path.to_path_buf()
    } else {
        let bytes = read(path)?;
        if ModelBundle::is_zip(&bytes) {
            return ModelBundle::from_zip(&bytes);
        }
        path.parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf)
    };
    let card = if path.is_dir() { folder.join(CARD_FILE) } else { path.to_path_buf() };
    if !card.is_file() {
        return Err(BundleError::MissingFile(card.display().to_string()).into());
    }
    let mut files = vec![(CARD_FILE.to_string(), read(&card)?)];
    for name in [WEIGHTS_FILE, TREES_FILE, LEARNER_FILE] {
        let file = folder.join(name);
        if file.is_file() {
            files.push((name.to_string(), read(&file)?));
        }
    }
    ModelBundle::from_files(&files)
}

/// `name  value  (test value)` lines of the evaluation's headline metrics next to the card's.
pub(super) fn metrics_lines(labelled: &LabelledEvaluation, card: &ModelCard) -> Vec<String> {
    let mut lines = vec![format!(
        "metrics on the {} rows with a `{}` value (the model's own test set in brackets){}:",
        labelled.labelled,
        card.target,
        if labelled.unlabelled > 0 { format!("; {} rows without one", labelled.unlabelled) } else { String::new() }
    )];
    let test = ModelCard::headline(&card.test);
    for ((name, now), (_, then)) in ModelCard::headline(&labelled.evaluation).into_iter().zip(test) {
        lines.push(format!("  {name:<18} {now:>9.4}  ({then:.4})"));
    }
    let (base_now, base_then) = match (&labelled.evaluation, &card.test) {
        (Evaluation::Classification(a), Evaluation::Classification(b)) => {
            (("baseline accuracy", a.baseline.accuracy), b.baseline.accuracy)
        }
        (Evaluation::Regression(a), Evaluation::Regression(b)) => (("baseline rmse", a.baseline.rmse), b.baseline.rmse),
        _ => return lines,
    };
    lines.push(format!("  {:<18} {:>9.4}  ({base_then:.4})", base_now.0, base_now.1));
    if let Evaluation::Classification(r) = &labelled.evaluation {
        if r.skipped > 0 {
            lines.push(format!("  ({} rows have a class the model does not know and were not evaluated)", r.skipped));
        }
    }
    lines
}

/// The headline metrics as a JSON object.
pub(super) fn metrics_json(evaluation: &Evaluation) -> serde_json::Value {
    let mut m = serde_json::Map::new();
    for (name, v) in ModelCard::headline(evaluation) {
        m.insert(name.into(), serde_json::json!(v));
    }
    serde_json::Value::Object(m)
}

/// Runs `lantern predict`, writing the summary to `out`.
pub(super) fn run(args: &PredictArgs, out: &mut impl Write) -> Result<()> {
    let predictor = Predictor::new(load_bundle(&args.model)?)?;
    let batch = predictor.predict_csv(&read(&args.data)?)?;
    let csv = batch.to_csv()?;
    std::fs::write(&args.out, csv).map_err(|e| Error::Output {
        path: args.out.display().to_string(),
        message: format!("{e}. Give --out a file in a directory you can write to"),
    })?;
    let card = predictor.card();
    let predicted = match card.task {
        crate::data::Task::Classification { .. } => {
            let mut counts = vec![0usize; card.class_names.len()];
            for p in &batch.predictions {
                if let Prediction::Class { index, .. } = p {
                    counts[*index] += 1;
                }
            }
            serde_json::Value::Object(
                card.class_names.iter().cloned().zip(counts.into_iter().map(serde_json::Value::from)).collect(),
            )
        }
        crate::data::Task::Regression => {
            let v: Vec<f64> = batch
                .predictions
                .iter()
                .filter_map(|p| match p {
                    Prediction::Value { value } => Some(*value),
                    _ => None,
                })
                .collect();
            let (lo, hi) = v.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| (a.min(x), b.max(x)));
            serde_json::json!({"mean": v.iter().sum::<f64>() / v.len().max(1) as f64, "min": lo, "max": hi})
        }
    };
    if args.json {
        let report = serde_json::json!({
            "rows": batch.predictions.len(),
            "out": args.out.display().to_string(),
            "target": card.target,
            "notices": batch.notices,
            "predicted": predicted,
            "labelled": batch.evaluation.as_ref().map(|e| e.labelled),
            "metrics": batch.evaluation.as_ref().map(|e| metrics_json(&e.evaluation)),
            "test_metrics": metrics_json(&card.test),
            "evaluation": batch.evaluation.as_ref().map(|e| &e.evaluation),
        });
        let _ = writeln!(out, "{report}");
        return Ok(());
    }
    for n in &batch.notices {
        let _ = writeln!(out, "note: {n}");
    }
    let _ = writeln!(out, "predicted {} rows → {}", batch.predictions.len(), args.out.display());
    let _ = writeln!(out, "predicted `{}`: {}", card.target, summary_text(&predicted));
    if let Some(e) = &batch.evaluation {
        for line in metrics_lines(e, card) {
            let _ = writeln!(out, "{line}");
        }
    }
    Ok(())
}

/// `Adelie 18, Gentoo 22` or `mean 152.3, from 71.2 to 260.8`.
fn summary_text(predicted: &serde_json::Value) -> String {
    let Some(map) = predicted.as_object() else { return String::new() };
    if map.contains_key("mean") {
        let f =
            |k: &str| map.get(k).and_then(serde_json::Value::as_f64).map_or("n/a".into(), crate::viz::compact_number);
        format!("mean {}, from {} to {}", f("mean"), f("min"), f("max"))
    } else {
        map.iter().map(|(k, v)| format!("{k} {v}")).collect::<Vec<_>>().join(", ")
    }
}
