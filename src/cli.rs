//! The native command line (feature `cli`): runs the same experiments as the page, on the same
//! core, and prints one JSON line per epoch (with a progress bar on a terminal); `run --out DIR`
//! also writes the run's charts as SVG files with an index page, the final metrics and the
//! exported model (see `output`). `predict` and `drift` use an exported model on new rows;
//! `export` writes it in another format (ONNX, a Python script or notebook).

use crate::choice::Choice;
use crate::data::csv::{read_csv, ReadOptions};
use crate::data::prepare::TaskChoice;
use crate::data::Generator;
use crate::data::Table;
use crate::error::{Error, Result};
use crate::spec::learner::{FeatureShare, KnnDistance, KnnWeighting, SplitCriterion};
use crate::spec::table_defaults::{TableDefaults, TableShape};
use crate::spec::DataSource;
use crate::spec::{
    Activation, ExperimentSpec, LossKind, ModelFamily, Optimizer, RegressionLoss, Schedule, ScheduleKind,
};
use crate::train::inputs::builtin_table;
use crate::train::Trainer;
use crate::viz::report::{record_snapshot, snapshot_limit, weight_snapshot};
use clap::{Args, Parser, Subcommand};
use std::io::Write;

mod defaults;
mod drift;
mod explain;
mod export;
mod link;
mod model;
mod output;
mod predict;
mod progress;
mod search;
mod spec_args;

use spec_args::{parse_loss, parse_schedule};

/// Lantern: a machine-learning playground. This is its command line.
#[derive(Debug, Parser)]
#[command(name = "lantern", version, about)]
pub struct Cli {
    #[command(subcommand)]
    command: Commands,
}

#[derive(Debug, Subcommand)]
enum Commands {
    /// Train an experiment and print one JSON line per epoch (with --out DIR, then write its
    /// charts as SVG files, DIR/index.html and DIR/metrics.json).
    Run(SpecArgs),
    /// Print the experiment spec (JSON) that the given options describe.
    Spec(SpecArgs),
    /// Print a share link that opens the experiment given by the options in the page (and
    /// replays in `lantern run --spec LINK`). A `--data` file is embedded when it compresses to
    /// at most 64 KiB; a bigger one is identified by its SHA-256.
    Link(link::LinkArgs),
    /// Read a CSV file and describe it: detected format, column kinds and summaries, notices.
    /// A file that cannot be used is refused with exit code 2 and the reason on stderr.
    Inspect(InspectArgs),
    /// Predict the rows of a CSV file with an exported model (`run --out DIR` writes one to
    /// DIR/model): writes them with the predictions appended; with the target column present,
    /// prints the model's metrics on them next to its original test metrics.
    Predict(predict::PredictArgs),
    /// Compare the rows of a CSV file with an exported model's training rows, per input column
    /// (population stability index, Kolmogorov–Smirnov, category shares), flagging drift above
    /// documented thresholds. Exits 0 whatever it finds.
    Drift(drift::DriftArgs),
    /// Write an exported model (`run --out DIR` writes one to DIR/model) in another format:
    /// `--format onnx` gives one ONNX file with the whole pipeline (one input per original
    /// column, the fitted preparation, the model, label and probabilities or the value);
    /// `--format python` a train.py that reproduces the run with numpy and scikit-learn (same
    /// rows, preparation, model and settings; prints the test metrics), `--format notebook` the
    /// same as a Jupyter notebook (a model trained on a CSV file needs it: `--data FILE`);
    /// `--format web` a web predictor (predictor.mjs for onnxruntime-web, model.onnx,
    /// README.md) as a folder, or a zip when --out ends in .zip.
    Export(export::ExportArgs),
}

/// An experiment: a spec file (or inline JSON), then flags that override its fields.
#[derive(Debug, Args)]
struct SpecArgs {
    /// Experiment spec: a JSON file path, inline JSON text, an exported experiment file, or a
    /// share link (`https://…/#x=…`, `#x=…` or `v1.…`). Defaults to the built-in experiment.
    #[arg(long)]
    spec: Option<String>,
    /// Dataset: circle, xor, two_gaussians, spiral, plane, gaussian_bump.
    #[arg(long, value_parser = choice::<Generator>)]
    dataset: Option<Generator>,
    /// A CSV file to train on (its preparation follows the spec and the flags below).
    #[arg(long, conflicts_with_all = ["dataset", "builtin"])]
    data: Option<String>,
    /// A bundled real table: iris, penguins, diabetes.
    #[arg(long, conflicts_with = "dataset")]
    builtin: Option<String>,
    /// Column to predict (tables only; default: the bundled table's usual target, or the last column).
    #[arg(long)]
    target: Option<String>,
    /// Task for tables: auto, classification, regression.
    #[arg(long, value_parser = choice::<TaskChoice>)]
    task: Option<TaskChoice>,
    /// Share of rows held out for validation (0 to 0.5).
    #[arg(long)]
    validation_fraction: Option<f64>,
    /// Learning-rate schedule: constant, cosine, step_decay (halve every 50 epochs) or
    /// step_decay:EVERY:FACTOR (e.g. step_decay:50:0.5; `step` is short for step_decay).
    #[arg(long, value_parser = parse_schedule)]
    schedule: Option<Schedule>,
    /// L1 regularisation strength.
    #[arg(long)]
    l1: Option<f64>,
    /// Clip the global gradient norm to this value (0 = off).
    #[arg(long)]
    clip_norm: Option<f64>,
    /// Early stopping: epochs without a better validation loss before stopping (0 = off).
    #[arg(long)]
    patience: Option<usize>,
    /// Number of points generated.
    #[arg(long)]
    points: Option<usize>,
    /// Noise, 0 to 0.5.
    #[arg(long)]
    noise: Option<f64>,
    /// Share of points used for training (0.1 to 0.9).
    #[arg(long)]
    train_fraction: Option<f64>,
    /// Hidden layer widths, comma-separated ("8,8"); "" for none.
    #[arg(long)]
    hidden: Option<String>,
    /// Activation: relu, tanh, sigmoid, linear, leaky_relu, gelu.
    #[arg(long, value_parser = choice::<Activation>)]
    activation: Option<Activation>,
    /// Optimizer: sgd, momentum, nesterov, rmsprop, adam, adamw.
    #[arg(long, value_parser = choice::<Optimizer>)]
    optimizer: Option<Optimizer>,
    /// Learning rate (a network's step size; boosting's shrinkage η).
    #[arg(long, alias = "learning-rate")]
    lr: Option<f64>,
    /// `--model forest`: number of trees.
    #[arg(long)]
    trees: Option<usize>,
    /// `--model boosting`: most rounds.
    #[arg(long)]
    rounds: Option<usize>,
    /// `--model tree|forest|boosting`: deepest level a node may reach (the root is 0).
    #[arg(long)]
    max_depth: Option<usize>,
    /// `--model boosting`: most leaves per tree.
    #[arg(long)]
    max_leaves: Option<usize>,
    /// `--model tree|forest|boosting`: fewest training rows in a leaf.
    #[arg(long)]
    min_samples_leaf: Option<usize>,
    /// `--model knn`: neighbours that vote.
    #[arg(long)]
    k: Option<usize>,
    /// `--model tree|forest`: split quality for classes: gini, entropy.
    #[arg(long, value_parser = choice::<SplitCriterion>)]
    criterion: Option<SplitCriterion>,
    /// `--model forest`: features each split chooses from: auto, sqrt, all or a share (0.5).
    #[arg(long, value_parser = FeatureShare::parse)]
    max_features: Option<FeatureShare>,
    /// `--model forest`: grow every tree on all the training rows, not a bootstrap sample.
    #[arg(long)]
    no_bootstrap: bool,
    /// `--model knn`: distance between rows: euclidean, manhattan.
    #[arg(long, value_parser = choice::<KnnDistance>)]
    distance: Option<KnnDistance>,
    /// `--model knn`: how neighbours count: uniform, distance.
    #[arg(long, value_parser = choice::<KnnWeighting>)]
    weighting: Option<KnnWeighting>,
    /// Mini-batch size.
    #[arg(long)]
    batch_size: Option<usize>,
    /// L2 regularisation strength (a network's weight decay; boosting's penalty on leaf values).
    #[arg(long)]
    l2: Option<f64>,
    /// Number of epochs.
    #[arg(long)]
    epochs: Option<usize>,
    /// Random seed.
    #[arg(long)]
    seed: Option<u64>,
    /// Model family: `logistic` (logistic/softmax regression: no hidden layer, classification),
    /// `linear` (linear regression: no hidden layer, regression) or `mlp` (hidden layers from
    /// --hidden or the spec).
    #[arg(long, value_parser = choice::<ModelFamily>)]
    model: Option<ModelFamily>,
    /// Dropout rate after each hidden layer while training (0 to 0.9).
    #[arg(long)]
    dropout: Option<f64>,
    /// Regression loss: mse, mae, or huber[:DELTA] (δ defaults to 1).
    #[arg(long, value_parser = parse_loss)]
    loss: Option<RegressionLoss>,
    /// Class weights in a network's training loss: balanced (n / (classes · rows of the
    /// class)), or Class=w,Class=w (classes not named weigh 1).
    #[arg(long, value_parser = crate::spec::ClassWeight::parse)]
    class_weight: Option<crate::spec::ClassWeight>,
    /// `run` only: print one JSON object with the final test metrics (and the baseline) instead
    /// of one line per epoch.
    #[arg(long)]
    json: bool,
    /// `run` only: also cross-validate the experiment with K folds (stratified for classes; a
    /// table only) and report each fold's test metrics with their mean and standard deviation
    /// (`--json`: the report's `cv` object; otherwise a summary on stderr).
    #[arg(long, value_name = "K")]
    cv: Option<usize>,
    /// `--cv` by group: rows with the same value in COLUMN (a patient, a site) stay in one fold,
    /// so each fold tests on groups the model never saw (not stratified).
    #[arg(long, value_name = "COLUMN", requires = "cv", conflicts_with = "cv_time")]
    cv_group: Option<String>,
    /// `--cv` in time order: each fold tests on the next block of rows and trains on the rows
    /// before it only; ordered by the numeric COLUMN, or by the table's order without one.
    #[arg(long, value_name = "COLUMN", requires = "cv", num_args = 0..=1, default_missing_value = "")]
    cv_time: Option<String>,
    /// `run` only: instead of one run, search the --range settings with `random:N` or `tpe:N`
    /// (N runs, 1 to 200), each scored by its validation accuracy or R² (with --cv K: the K-fold
    /// mean); prints the runs ranked and the best settings (`--json`: one object with the
    /// ranking and the best spec).
    #[arg(long, value_name = "METHOD:N")]
    search: Option<String>,
    /// `run --search` only: a setting's range, NAME=LO..HI or NAME=LO..HI:log (repeat for up to
    /// 3 settings), e.g. `--range lr=1e-4..1e-1:log --range hidden=4..64`; NAME is a grid
    /// setting (learning_rate or lr, hidden, epochs, batch_size, dropout, l2, trees, max_depth,
    /// rounds, k …).
    #[arg(long, value_name = "NAME=LO..HI[:log]")]
    range: Vec<String>,
    /// `run --search` only: score by `validation` (accuracy or R², the default) or
    /// `validation_loss`.
    #[arg(long, value_name = "SCORE")]
    score: Option<String>,
    /// `run` only: after training, write every chart as DIR/<name>.svg, a page listing them
    /// (DIR/index.html), DIR/metrics.json (the --json report) and the model
    /// (DIR/model/model.json and model.safetensors, for `lantern predict` and `lantern drift`).
    /// DIR is created if missing.
    #[arg(long, value_name = "DIR")]
    out: Option<std::path::PathBuf>,
    /// `run` with `--model tree`: after training, print the fitted tree as indented rules, one
    /// node a line (its test in the columns' own units, rows, impurity, class mix or mean).
    #[arg(long)]
    tree: bool,
    /// `run` only: explain the model: partial dependence with ICE curves of each FEATURE (the
    /// inputs' names as in the report's `importance.features`; without a list, the 4 most
    /// important, or every input if there are at most 4) and the test rows it gets most wrong.
    /// Adds an `explain` object to the --json report and writes DIR/pdp-<feature>.svg and
    /// DIR/misclassified.csv (regression: DIR/worst-rows.csv) with --out DIR.
    #[arg(long, value_name = "FEATURE,...", num_args = 0..=1, value_delimiter = ',')]
    explain: Option<Vec<String>>,
}

impl SpecArgs {
    /// How `--cv` cuts the folds: `--cv-group`, `--cv-time`, or the standard way (`None`).
    fn fold_by(&self) -> Option<crate::spec::FoldBy> {
        match (&self.cv_group, &self.cv_time) {
            (Some(column), _) => Some(crate::spec::FoldBy::Group { column: column.clone() }),
            (None, Some(column)) => {
                Some(crate::spec::FoldBy::Time { column: (!column.is_empty()).then(|| column.clone()) })
            }
            (None, None) => None,
        }
    }
}

/// `lantern inspect`: which file, and how to print the report.
#[derive(Debug, Args)]
struct InspectArgs {
    /// The CSV file to read.
    #[arg(long)]
    data: String,
    /// Print one JSON object (rows, columns, format, notices) instead of a table.
    #[arg(long)]
    json: bool,
}

/// clap's parser for the flag of a menu enum: a name from its one table ([`Choice`]); any other
/// is refused with the valid names.
fn choice<T: Choice>(name: &str) -> Result<T> {
    T::parse(name)
}

/// Runs the command line; returns the process exit code.
pub fn main() -> i32 {
    let cli = Cli::parse();
    match execute(&cli) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("lantern: {e}");
            2
        }
    }
}

fn execute(cli: &Cli) -> Result<()> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match &cli.command {
        Commands::Spec(args) => {
            let _ = writeln!(out, "{}", args.resolve()?.to_json());
        }
        Commands::Inspect(args) => {
            use crate::data::csv::{read_csv, report, ReadOptions};
            let path = &args.data;
            let bytes = std::fs::read(path).map_err(|e| Error::data(format!("cannot read `{path}`: {e}")))?;
            let loaded = read_csv(&bytes, &ReadOptions::default())?;
            let summaries = crate::data::schema::summarize_table(&loaded.table);
            let text = if args.json {
                report::json(&loaded, &summaries).to_string()
            } else {
                report::text(&loaded, &summaries)
            };
            let _ = writeln!(out, "{text}");
        }
        Commands::Link(args) => {
            let _ = writeln!(out, "{}", link::make(args)?);
        }
        Commands::Predict(args) => predict::run(args, &mut out)?,
        Commands::Drift(args) => drift::run(args, &mut out)?,
        Commands::Export(args) => export::run(args, &mut out)?,
        Commands::Run(args) => {
            if args.explain.is_some() && !args.json && args.out.is_none() {
                return Err(Error::spec(
                    "explain",
                    "--explain adds to the --json report or writes into --out DIR: add one of them",
                ));
            }
            let mut run = link::resolve_run(args)?;
            if let Some(method) = &args.search {
                return search::run(args, method, &run, &mut out);
            }
            if !args.range.is_empty() || args.score.is_some() {
                return Err(Error::spec("range", "--range and --score set a search: add --search random:N or tpe:N"));
            }
            // The file's bytes are in the table now: free them before training (169 MB for a
            // million rows of 20 numbers).
            run.file = None;
            let spec = &run.spec;
            let mut trainer = Trainer::with_table(spec, run.table.as_ref())?;
            let by = args.fold_by();
            let cv = args
                .cv
                .map(|k| output::cross_validation(spec, run.table.as_ref(), k, by.as_ref(), args.json))
                .transpose()?;
            if args.out.is_none() {
                // The trainer holds the prepared rows; only `--out` reads the table again.
                run.table = None;
            }
            // Weight snapshots for the charts, from the initial weights on.
            let mut weights = Vec::new();
            let limit = snapshot_limit(trainer.size());
            if let Some(dir) = &args.out {
                // Before training, so that a directory that cannot be written fails at once.
                output::create_dir(dir)?;
                record_snapshot(&mut weights, weight_snapshot(&trainer)?, limit);
            }
            let mut bar = progress::Progress::new(spec.planned_epochs(), !args.json);
            link::train(&mut trainer, &run.changes, |trainer, m| {
                if !args.json {
                    bar.clear();
                    // A closed pipe (e.g. `| head`) is not an error worth reporting.
                    let _ = writeln!(out, "{}", serde_json::to_string(m).unwrap_or_default());
                    let _ = out.flush();
                    bar.show(m);
                }
                if args.out.is_some() {
                    record_snapshot(&mut weights, weight_snapshot(trainer)?, limit);
                }
                Ok(())
            })?;
            drop(bar);
            if args.tree {
                let view = trainer
                    .tree_view(0, usize::MAX, usize::MAX)?
                    .ok_or_else(|| Error::spec("model", "--tree prints a decision tree: use it with --model tree"))?;
                for line in crate::viz::tree_rules(&view) {
                    let _ = writeln!(out, "{line}");
                }
            }
            let reproduced = link::reproduced(run.fingerprint.as_ref(), &trainer)?;
            if args.json || args.out.is_some() {
                let mut report = output::final_report(spec, &trainer)?;
                report["reproduced"] = reproduced;
                report["cv"] = cv.unwrap_or(serde_json::Value::Null);
                report["table_defaults"] =
                    run.defaults.as_ref().map_or(serde_json::Value::Null, |d| defaults::json(d, spec));
                if let Some(wanted) = &args.explain {
                    let importance: Option<crate::train::Importance> =
                        serde_json::from_value(report["importance"].clone()).unwrap_or(None);
                    report["explain"] = explain::run(&trainer, wanted, importance.as_ref(), args.out.as_deref())?;
                }
                if args.json {
                    let _ = writeln!(out, "{report}");
                }
                if let Some(dir) = &args.out {
                    output::write_run(dir, spec, &trainer, &weights, run.table.as_ref(), &report)?;
                    output::write_model(dir, &trainer, run.table.as_ref())?;
                }
            }
        }
    }
    Ok(())
}
