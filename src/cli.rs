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
mod export;
mod link;
mod model;
mod output;
mod predict;
mod progress;

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
    /// `run` only: print one JSON object with the final test metrics (and the baseline) instead
    /// of one line per epoch.
    #[arg(long)]
    json: bool,
    /// `run` only: also cross-validate the experiment with K folds (stratified for classes; a
    /// table only) and report each fold's test metrics with their mean and standard deviation
    /// (`--json`: the report's `cv` object; otherwise a summary on stderr).
    #[arg(long, value_name = "K")]
    cv: Option<usize>,
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

impl SpecArgs {
    /// The table of a data file's bytes, the way `--data` reads it (notes go to stderr).
    fn table_of(bytes: &[u8]) -> Result<Table> {
        let loaded = read_csv(bytes, &ReadOptions::default())?;
        for n in &loaded.notices {
            eprintln!("lantern: note: {}", n.message);
        }
        Ok(loaded.table)
    }

    /// The spec `spec` prints: with the table defaults for `--builtin` (a `--data` file is not
    /// read here).
    fn resolve(&self) -> Result<ExperimentSpec> {
        let (spec, _) = self.resolve_link()?;
        match self.table_defaults(&spec, None)? {
            Some(d) => {
                let (spec, _) = self.resolve_with(Some(&d))?;
                defaults::note(&d, &spec);
                Ok(spec)
            }
            None => {
                spec.validate()?;
                Ok(spec)
            }
        }
    }

    /// The spec (from `--spec`, then the flags), and the share link it came from, if any.
    fn resolve_link(&self) -> Result<(ExperimentSpec, Option<crate::spec::link::ShareLink>)> {
        self.resolve_with(None)
    }

    /// The defaults for the table a run without `--spec` trains on — the `--data` file (`file`,
    /// once read) or the `--builtin` table — chosen from its rows and the task of `spec`, the
    /// spec the flags describe without them. `None` with `--spec` (a spec, a link or an
    /// experiment file states its own settings) and for generated data.
    fn table_defaults(&self, spec: &ExperimentSpec, file: Option<&Table>) -> Result<Option<TableDefaults>> {
        if self.spec.is_some() {
            return Ok(None);
        }
        let p = &spec.data.prepare;
        let shape = match (&spec.data.source, file) {
            (_, Some(table)) if self.data.is_some() => TableShape::of_table(table, p.target.as_deref(), p.task),
            (DataSource::Builtin { name }, _) if self.builtin.is_some() => {
                TableShape::of_table(&builtin_table(name)?, p.target.as_deref(), p.task)
            }
            _ => return Ok(None),
        };
        Ok(Some(TableDefaults::for_table(shape)))
    }

    /// The spec from `--spec` (or the built-in experiment), then `defaults` if given, then
    /// the flags, each overriding one field; and the share link it came from, if any.
    fn resolve_with(
        &self,
        defaults: Option<&TableDefaults>,
    ) -> Result<(ExperimentSpec, Option<crate::spec::link::ShareLink>)> {
        let (mut s, link) = link::source(self.spec.as_deref())?;
        if let Some(d) = defaults {
            d.apply(&mut s);
        }
        if let Some(g) = self.dataset {
            s.data.set_synthetic(Some(g), None, None);
        }
        s.model.activation = self.activation.unwrap_or(s.model.activation);
        s.training.optimizer = self.optimizer.unwrap_or(s.training.optimizer);
        if let Some(v) = &self.hidden {
            s.model.hidden = v
                .split(',')
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(|p| p.parse().map_err(|_| Error::spec("model.hidden", format!("`{p}` is not a layer width"))))
                .collect::<Result<_>>()?;
        }
        s.model.dropout = self.dropout.unwrap_or(s.model.dropout);
        s.training.loss = self.loss.unwrap_or(s.training.loss);
        if self.points.is_some() || self.noise.is_some() {
            s.data.set_synthetic(None, self.points, self.noise);
        }
        if let Some(name) = &self.builtin {
            let target = crate::data::builtin::builtin(name).map(|b| b.target.to_string());
            s.data.source = DataSource::Builtin { name: name.clone() };
            s.data.prepare.target = target;
        }
        if let Some(t) = &self.target {
            s.data.prepare.target = Some(t.clone());
        }
        s.data.prepare.task = self.task.unwrap_or(s.data.prepare.task);
        s.data.validation_fraction = self.validation_fraction.unwrap_or(s.data.validation_fraction);
        s.training.schedule = self.schedule.unwrap_or(s.training.schedule);
        s.training.clip_norm = self.clip_norm.unwrap_or(s.training.clip_norm);
        s.training.l1 = self.l1.unwrap_or(s.training.l1);
        s.training.patience = self.patience.unwrap_or(s.training.patience);
        s.data.train_fraction = self.train_fraction.unwrap_or(s.data.train_fraction);
        s.training.learning_rate = self.lr.unwrap_or(s.training.learning_rate);
        s.training.batch_size = self.batch_size.unwrap_or(s.training.batch_size);
        s.training.l2 = self.l2.unwrap_or(s.training.l2);
        s.training.epochs = self.epochs.unwrap_or(s.training.epochs);
        s.seed = self.seed.unwrap_or(s.seed);
        match (self.model, s.model.learner.take()) {
            (Some(m), _) => self.apply_model(&mut s, m)?,
            // A spec (or link) with a learner: the flags change its settings.
            (None, Some(learner)) => s.model.learner = Some(Box::new(self.learner_settings(*learner)?)),
            (None, None) => self.refuse_learner_flags("the spec's")?,
        }
        if defaults.is_some() {
            self.settle_split(&mut s);
        }
        // Checked here unless a table's defaults are still to come (`--builtin`, `--data`
        // without `--spec`): the flags may only make sense on top of them (`--patience` needs
        // the validation share the defaults set), and the caller checks the spec then.
        let defaults_to_come =
            defaults.is_none() && self.spec.is_none() && (self.builtin.is_some() || self.data.is_some());
        if !defaults_to_come {
            s.validate()?;
        }
        Ok((s, link))
    }

    /// A default split that the flags made impossible gives way: with `--train-fraction` above
    /// 0.85 the default validation share shrinks (to whole percent) to leave at least 5 % for testing, and without a
    /// validation share (`--validation-fraction 0`, or none left) early stopping is off unless
    /// `--patience` asks for it (and the spec's check then says why it cannot).
    fn settle_split(&self, s: &mut ExperimentSpec) {
        let d = &mut s.data;
        if self.validation_fraction.is_none() && d.train_fraction + d.validation_fraction > 0.95 {
            d.validation_fraction = (((0.95 - d.train_fraction) * 100.0).floor() / 100.0).max(0.0);
        }
        if self.patience.is_none() && d.validation_fraction == 0.0 {
            s.training.patience = 0;
        }
    }
}

/// `--loss`: a loss kind's name ([`LossKind`]), Huber with `:DELTA` (default
/// [`RegressionLoss::DEFAULT_HUBER_DELTA`]).
fn parse_loss(v: &str) -> Result<RegressionLoss> {
    let bad = || Error::spec("training.loss", format!("`{v}`: use {} (huber:DELTA sets δ)", names::<LossKind>()));
    let (kind, params) = kind_and_parameters::<LossKind>(v)?;
    match (kind, params.as_slice()) {
        (LossKind::Huber, [delta]) => Ok(RegressionLoss::Huber { delta: delta.parse().map_err(|_| bad())? }),
        (kind, []) => Ok(RegressionLoss::default().with_kind(kind)),
        _ => Err(bad()),
    }
}

/// `--schedule`: a schedule kind's name ([`ScheduleKind`]), step decay with `:EVERY:FACTOR`
/// (default [`Schedule::DEFAULT_STEP_DECAY`]). `step` is short for `step_decay`.
fn parse_schedule(v: &str) -> Result<Schedule> {
    let bad = || {
        let use_ = names::<ScheduleKind>();
        Error::spec("training.schedule", format!("`{v}`: use {use_} (step_decay:EVERY:FACTOR sets its parameters)"))
    };
    let long = v.strip_prefix("step").filter(|rest| rest.is_empty() || rest.starts_with(':'));
    let (kind, params) = match long {
        Some(rest) => kind_and_parameters::<ScheduleKind>(&format!("step_decay{rest}"))?,
        None => kind_and_parameters::<ScheduleKind>(v)?,
    };
    match (kind, params.as_slice()) {
        (ScheduleKind::StepDecay, [every, factor]) => Ok(Schedule::StepDecay {
            every: every.parse().map_err(|_| bad())?,
            factor: factor.parse().map_err(|_| bad())?,
        }),
        (kind, []) => Ok(Schedule::default().with_kind(kind)),
        _ => Err(bad()),
    }
}

/// `KIND[:P1:P2…]`: the kind from `T`'s table and the parameters as text.
fn kind_and_parameters<T: Choice>(v: &str) -> Result<(T, Vec<String>)> {
    let mut parts = v.split(':');
    let kind = T::parse(parts.next().unwrap_or_default())?;
    Ok((kind, parts.map(str::to_string).collect()))
}

/// "a, b, c": the names in `T`'s table.
fn names<T: Choice>() -> String {
    T::ALL.iter().map(|v| v.name()).collect::<Vec<_>>().join(", ")
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
            let mut run = link::resolve_run(args)?;
            // The file's bytes are in the table now: free them before training (169 MB for a
            // million rows of 20 numbers).
            run.file = None;
            let spec = &run.spec;
            let mut trainer = Trainer::with_table(spec, run.table.as_ref())?;
            let cv = args.cv.map(|k| output::cross_validation(spec, run.table.as_ref(), k, args.json)).transpose()?;
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
