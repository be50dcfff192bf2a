//! `lantern run --out DIR`: the final report, and the charts, page, metrics and model written
//! to DIR.

use crate::data::Table;
use crate::error::{Error, Result};
use crate::spec::{DataSource, ExperimentSpec};
use crate::train::inputs::builtin_table;
use crate::train::{EpochMetrics, Evaluation, Trainer};
use crate::viz::report::{index_html, run_charts};
use crate::viz::WeightSnapshot;
use std::path::Path;

/// Pixel size of every chart written.
const CHART_SIZE: (u32, u32) = (720, 480);

/// Creates `dir` (and its parents) if missing, and checks that a file can be written in it.
///
/// # Errors
/// [`Error::Output`] naming the directory, why, and what to do.
pub(super) fn create_dir(dir: &Path) -> Result<()> {
    let fail = |e: std::io::Error| Error::Output {
        path: dir.display().to_string(),
        message: format!("{e}. Give --out a directory you can write to (it is created if missing)"),
    };
    std::fs::create_dir_all(dir).map_err(fail)?;
    let probe = dir.join(format!(".lantern-write-check-{}", std::process::id()));
    std::fs::write(&probe, b"").map_err(fail)?;
    std::fs::remove_file(&probe).map_err(fail)
}

/// Writes `path`, and says so on stderr.
pub(super) fn write(path: &Path, contents: &[u8]) -> Result<()> {
    std::fs::write(path, contents).map_err(|e| Error::Output {
        path: path.display().to_string(),
        message: format!("{e}. Check that the --out directory is writable and the disk not full"),
    })?;
    eprintln!("lantern: wrote {}", path.display());
    Ok(())
}

/// Writes the charts of the finished run (`<name>.svg` each), `index.html` listing them and
/// `metrics.json` (`report`) into `dir`, which must exist. The data charts use `table` (the
/// user's file) or the bundled table the spec names.
///
/// # Errors
/// [`Error::Output`] if a file cannot be written; drawing and evaluation errors as they come.
pub(super) fn write_run(
    dir: &Path,
    spec: &ExperimentSpec,
    trainer: &Trainer,
    weights: &[WeightSnapshot],
    table: Option<&Table>,
    report: &serde_json::Value,
) -> Result<()> {
    let bundled = match &spec.data.source {
        DataSource::Builtin { name } => Some(builtin_table(name)?),
        _ => None,
    };
    let charts = run_charts(trainer, weights, table.or(bundled.as_ref()), CHART_SIZE)?;
    for c in &charts {
        write(&dir.join(format!("{}.svg", c.name)), c.svg.as_bytes())?;
    }
    write(&dir.join("index.html"), index_html(&charts).as_bytes())?;
    let json = serde_json::to_string_pretty(report).map_err(|e| Error::Output {
        path: dir.join("metrics.json").display().to_string(),
        message: format!("the report could not be encoded: {e}"),
    })?;
    write(&dir.join("metrics.json"), format!("{json}\n").as_bytes())
}

/// Writes the trained model to `dir/model/` (`model.json` and `model.safetensors`, see
/// [`crate::deploy`]); `table` is the user's file for a run on one.
///
/// # Errors
/// [`Error::Output`] if a file cannot be written; export errors as they come.
pub(super) fn write_model(dir: &Path, trainer: &Trainer, table: Option<&Table>) -> Result<()> {
    let bundle = crate::deploy::ModelBundle::from_trainer(trainer, table)?;
    let folder = dir.join("model");
    create_dir(&folder)?;
    for (name, bytes) in bundle.to_files()? {
        write(&folder.join(name), &bytes)?;
    }
    Ok(())
}

/// The `run --json` object: what was trained, the last epoch, the test evaluation with its
/// baseline, and the inputs' importance ([`Trainer::importance`]). `test` repeats the headline
/// numbers flat, for scripts (`jq .test.accuracy`).
pub(super) fn final_report(spec: &ExperimentSpec, trainer: &Trainer) -> Result<serde_json::Value> {
    let evaluation = trainer.evaluate_test()?;
    let test = match &evaluation {
        Evaluation::Classification(r) => serde_json::json!({
            "accuracy": r.accuracy,
            "balanced_accuracy": r.balanced_accuracy,
            "macro_precision": r.macro_precision,
            "macro_recall": r.macro_recall,
            "macro_f1": r.macro_f1,
            "log_loss": r.log_loss,
            "roc_auc": r.roc_auc,
            "baseline_accuracy": r.baseline.accuracy,
            "baseline_log_loss": r.baseline.log_loss,
        }),
        Evaluation::Regression(r) => serde_json::json!({
            "rmse": r.rmse,
            "mae": r.mae,
            "r2": r.r2,
            "baseline_rmse": r.baseline.rmse,
            "baseline_r2": r.baseline.r2,
        }),
    };
    let last: Option<&EpochMetrics> = trainer.history().last();
    let family = if let Some(learner) = &spec.model.learner {
        learner.family()
    } else if !spec.model.hidden.is_empty() {
        "mlp"
    } else if trainer.split().train.task.is_classification() {
        "logistic"
    } else {
        "linear"
    };
    Ok(serde_json::json!({
        "model": family,
        "hidden": spec.model.hidden,
        "parameters": trainer.size(),
        "seed": spec.seed,
        "rows": {
            "train": trainer.split().train.rows(),
            "validation": trainer.validation().rows(),
            "test": trainer.split().test.rows(),
        },
        "epochs": trainer.epoch(),
        "steps": trainer.steps(),
        "stopped_at": trainer.stopped_at(),
        "final_epoch": last,
        "test": test,
        "evaluation": evaluation,
        "importance": trainer.importance()?,
    }))
}

/// `run --cv K` (`--cv-group`, `--cv-time`: `by`): cross-validates `spec` (see
/// [`crate::train::cross_validation`]) on its table
/// (`table` for a file, else the bundled one) and returns the report's `cv` object: each fold's
/// rows, epochs and test metrics, and per metric the mean and sample standard deviation. Without
/// `--json` a summary line per metric goes to stderr as the folds finish.
///
/// # Errors
/// [`Error::Spec`] for generated data (it has no table to fold) or a bad `k`; as training fails.
pub(super) fn cross_validation(
    spec: &ExperimentSpec,
    table: Option<&Table>,
    k: usize,
    by: Option<&crate::spec::FoldBy>,
    quiet: bool,
) -> Result<serde_json::Value> {
    let bundled;
    let table = match (&spec.data.source, table) {
        (_, Some(t)) => t,
        (DataSource::Builtin { name }, None) => {
            bundled = builtin_table(name)?;
            &bundled
        }
        _ => {
            return Err(Error::spec(
                "cv",
                "cross-validation folds a table (--data or --builtin): generated points have none",
            ))
        }
    };
    let cv = crate::train::cross_validation::cross_validate(spec, table, k, by, |i, _| {
        if !quiet {
            eprintln!("lantern: cross-validation: fold {} of {k} trained", i + 1);
        }
    })?;
    let metrics = |pick: &dyn Fn(&crate::validate::CvSummary) -> f64| -> serde_json::Map<String, serde_json::Value> {
        cv.summary.iter().map(|(name, s)| ((*name).to_string(), serde_json::json!(pick(s)))).collect()
    };
    if !quiet {
        for (name, s) in &cv.summary {
            let folds: Vec<String> = s.folds.iter().map(|v| format!("{v:.4}")).collect();
            eprintln!("lantern: {k}-fold {name}: {:.4} ± {:.4} (folds {})", s.mean, s.std, folds.join(", "));
        }
    }
    let folds: Vec<serde_json::Value> = cv
        .folds
        .iter()
        .map(|f| {
            let test: serde_json::Map<String, serde_json::Value> =
                f.test.iter().map(|(n, v)| ((*n).to_string(), serde_json::json!(v))).collect();
            serde_json::json!({
                "rows": {"train": f.rows[0], "validation": f.rows[1], "test": f.rows[2]},
                "epochs": f.epochs,
                "test": test,
            })
        })
        .collect();
    Ok(serde_json::json!({
        "k": k,
        "stratified": cv.stratified,
        "by": by,
        "folds": folds,
        "mean": metrics(&|s| s.mean),
        "std": metrics(&|s| s.std),
    }))
}
