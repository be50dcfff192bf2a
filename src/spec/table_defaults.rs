//! Settings that fit a table: the split, batch size, learning rate, epochs with early stopping,
//! weight decay and the network, chosen from the table's number of rows and its task when the
//! table is chosen — and a one-sentence reason for each.
//!
//! The generated 2-D sets keep the playground's teaching defaults ([`TrainingSpec::default`]:
//! Adam η = 0.03, batches of 16, 500 epochs, two tanh layers of 8): they are made for watching
//! 400 points. A table of 100,000 rows trained that way takes two million steps.
//!
//! **When.** The defaults are computed once, when a table is chosen (the page's dataset menu or
//! a file opened; the command line's `--data`/`--builtin` without `--spec`), and written into
//! the spec: [`TableDefaults::apply`]. Nothing recomputes them at run time, so a spec — a share
//! link, a lesson, an exported experiment — replays exactly as it says, and a spec that leaves
//! its training settings out still means [`TrainingSpec::default`].
//!
//! **The rule** (rows of the table, before rows without a target are dropped; *n* below):
//!
//! | rows          | batch | epochs at most | patience | L2 (classes / numbers) |
//! |---------------|------:|---------------:|---------:|-----------------------:|
//! | under 1,000   |    16 |            300 |       30 | 0.01 / 0.03            |
//! | 1,000–9,999   |    64 |            200 |       15 | 0.001                  |
//! | 10,000–99,999 |   256 |             60 |        6 | 0.0001                 |
//! | 100,000–999,999 | 1,024 |           20 |        4 | 0                      |
//! | 1,000,000 and more | 4,096 |        10 |        2 | 0                      |
//!
//! and for every table: 70 % training, 10 % validation (early stopping watches it and keeps the
//! best epoch's weights), 20 % test; Adam with η = 0.01; one hidden layer of 32 ReLU units, no
//! dropout; the other training settings (schedule, L1, clipping, loss) as in
//! [`TrainingSpec::default`].
//!
//! Why these values: measured against scikit-learn's `MLPClassifier`/`MLPRegressor` on 12 tables
//! of 150 to 20,190 rows and on 100,000 rows (`tests/bench/sklearn_defaults.py`, results in
//! `docs/benchmarks.md`). Larger tables take larger batches, so that an epoch is about 50 to 300
//! steps whatever the size, and fewer epochs, since each epoch already sees many rows; patience
//! is a few hundred steps' worth of epochs. Small tables overfit, so they get weight decay —
//! more for a number to predict, whose noise a network chases (on the diabetes table test R²
//! 0.47 with 0.03 against 0.43 with 0.01; classes did not gain from more). One layer of 32 ReLU
//! units fitted every table as well as or better than wider, deeper or tanh networks (two tanh
//! layers of 8 lost 4 points of accuracy on the digits, 0.07 R² on the Grunfeld table).

use super::{Activation, ExperimentSpec, ModelSpec, Optimizer, TrainingSpec};
use crate::choice::Choice;
use crate::data::prepare::TaskChoice;
use crate::text::thousands;
use serde::Serialize;

/// What the rule looks at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct TableShape {
    /// Rows of the table (all of them, before rows without a target are dropped).
    pub rows: usize,
    /// Columns of the table, the target included. Kept with the choice, not used by the rule:
    /// one layer of 32 units fitted tables of 4 to 64 features alike.
    pub columns: usize,
    /// The task, or [`TaskChoice::Auto`] when it is not known yet (then the L2 of
    /// classification is chosen).
    pub task: TaskChoice,
}

impl TableShape {
    /// The shape of a bundled table with its usual target (known before the page has fetched
    /// the file).
    pub fn of_builtin(table: &crate::data::builtin::BuiltinDataset) -> Self {
        let task = TaskChoice::ALL.iter().copied().find(|t| t.name() == table.task).unwrap_or(TaskChoice::Auto);
        Self { rows: table.rows, columns: table.columns, task }
    }

    /// The shape of `table` predicting `target` (the last column when `None`) with the task
    /// `choice` (decided from the target column when automatic, as preparation does).
    pub fn of_table(table: &crate::data::Table, target: Option<&str>, choice: TaskChoice) -> Self {
        let column = match target {
            Some(name) => table.column(name),
            None => table.columns.last(),
        };
        let task = column.map_or(choice, |c| crate::data::prepare::infer_task(c, choice));
        Self { rows: table.rows(), columns: table.columns.len(), task }
    }
}

/// One size band of the rule: tables of at least `from` rows (and fewer than the next band's).
#[derive(Clone, Copy, Debug, PartialEq)]
struct Band {
    from: usize,
    batch: usize,
    epochs: usize,
    patience: usize,
    l2_classes: f64,
    l2_numbers: f64,
}

const BANDS: [Band; 5] = [
    Band { from: 0, batch: 16, epochs: 300, patience: 30, l2_classes: 0.01, l2_numbers: 0.03 },
    Band { from: 1_000, batch: 64, epochs: 200, patience: 15, l2_classes: 0.001, l2_numbers: 0.001 },
    Band { from: 10_000, batch: 256, epochs: 60, patience: 6, l2_classes: 0.0001, l2_numbers: 0.0001 },
    Band { from: 100_000, batch: 1024, epochs: 20, patience: 4, l2_classes: 0.0, l2_numbers: 0.0 },
    Band { from: 1_000_000, batch: 4096, epochs: 10, patience: 2, l2_classes: 0.0, l2_numbers: 0.0 },
];

/// Share of the rows for training.
pub const TRAIN_FRACTION: f64 = 0.7;
/// Share of the rows for validation (the test set gets the remaining 20 %).
pub const VALIDATION_FRACTION: f64 = 0.1;
/// Adam's learning rate for tables.
pub const LEARNING_RATE: f64 = 0.01;
/// The hidden layer of the network for tables.
pub const HIDDEN: usize = 32;

/// The settings chosen for one table.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TableDefaults {
    /// The table they were chosen for.
    pub shape: TableShape,
    /// `data.train_fraction`.
    pub train_fraction: f64,
    /// `data.validation_fraction`.
    pub validation_fraction: f64,
    /// `training.batch_size`.
    pub batch_size: usize,
    /// `training.learning_rate` (Adam).
    pub learning_rate: f64,
    /// `training.epochs`: the most epochs; early stopping usually ends the run before.
    pub epochs: usize,
    /// `training.patience`.
    pub patience: usize,
    /// `training.l2`.
    pub l2: f64,
    /// `model.hidden`.
    pub hidden: Vec<usize>,
    /// `model.activation`.
    pub activation: Activation,
}

/// A setting the rule chooses, as a reason names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Setting {
    /// `data.train_fraction` and `data.validation_fraction`.
    Split,
    /// `training.batch_size`.
    BatchSize,
    /// `training.learning_rate` (and the optimizer, Adam).
    LearningRate,
    /// `training.epochs` and `training.patience`.
    Epochs,
    /// `training.l2`.
    L2,
    /// `model.hidden` and `model.activation`.
    Network,
}

/// Why a setting has its value: one sentence.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Reason {
    /// The setting explained.
    pub setting: Setting,
    /// The explanation, starting with the setting and its value ("batch 1024: …").
    pub text: String,
}

impl TableDefaults {
    /// The rule (see the module documentation).
    pub fn for_table(shape: TableShape) -> Self {
        let band = band_of(shape.rows);
        let l2 = if shape.task == TaskChoice::Regression { band.l2_numbers } else { band.l2_classes };
        Self {
            shape,
            train_fraction: TRAIN_FRACTION,
            validation_fraction: VALIDATION_FRACTION,
            batch_size: band.batch,
            learning_rate: LEARNING_RATE,
            epochs: band.epochs,
            patience: band.patience,
            l2,
            hidden: vec![HIDDEN],
            activation: Activation::Relu,
        }
    }

    /// Writes these settings into `spec`: the split, the network (no dropout) and the training
    /// settings, the ones the rule does not choose reset to [`TrainingSpec::default`]'s (a new
    /// table is a new experiment). The data source, its preparation and the seed are left as
    /// they are.
    pub fn apply(&self, spec: &mut ExperimentSpec) {
        spec.data.train_fraction = self.train_fraction;
        spec.data.validation_fraction = self.validation_fraction;
        spec.model = ModelSpec {
            hidden: self.hidden.clone(),
            activation: self.activation,
            dropout: 0.0,
            learner: spec.model.learner.take(),
        };
        spec.training = TrainingSpec {
            optimizer: Optimizer::Adam,
            learning_rate: self.learning_rate,
            batch_size: self.batch_size,
            l2: self.l2,
            epochs: self.epochs,
            patience: self.patience,
            ..TrainingSpec::default()
        };
    }

    /// Whether `spec` still has this default for `setting` (the user, a flag or a link may
    /// have changed it since).
    pub fn holds(&self, setting: Setting, spec: &ExperimentSpec) -> bool {
        let (d, t, m) = (&spec.data, &spec.training, &spec.model);
        match setting {
            Setting::Split => {
                d.train_fraction == self.train_fraction && d.validation_fraction == self.validation_fraction
            }
            Setting::BatchSize => t.batch_size == self.batch_size,
            Setting::LearningRate => t.optimizer == Optimizer::Adam && t.learning_rate == self.learning_rate,
            Setting::Epochs => t.epochs == self.epochs && t.patience == self.patience,
            Setting::L2 => t.l2 == self.l2,
            Setting::Network => m.hidden == self.hidden && m.activation == self.activation,
        }
    }

    /// One sentence per setting saying why it has its value for this table.
    pub fn reasons(&self) -> Vec<Reason> {
        let rows = thousands(self.shape.rows);
        let train = (self.shape.rows as f64 * self.train_fraction).round() as usize;
        let steps = thousands(train.div_ceil(self.batch_size).max(1));
        let band = band_of(self.shape.rows);
        let pct = |f: f64| (f * 100.0).round();
        let (validation, test) =
            (pct(self.validation_fraction), pct(1.0 - self.train_fraction - self.validation_fraction));
        let split = format!(
            "{}/{validation}/{test} split: {validation}% of the rows are held out to catch overfitting while it \
             happens (early stopping), {test}% to test the final model.",
            pct(self.train_fraction),
        );
        let batch = format!(
            "batch {}: {rows} rows make about {steps} steps per epoch, {}.",
            self.batch_size,
            if self.batch_size >= 256 {
                "each on a smooth gradient, and big batches train fast"
            } else {
                "enough to learn in a few epochs"
            }
        );
        let rate = format!(
            "learning rate {}: Adam's usual step for a table, smaller than the playground's 0.03, which jumps \
             around the minimum over a table's many steps.",
            self.learning_rate
        );
        let epochs = format!(
            "at most {} epochs, stopping after {} without a better validation loss and keeping the best: {}.",
            self.epochs,
            self.patience,
            if self.epochs >= 100 {
                format!("{rows} rows need many short passes")
            } else {
                format!("each pass over {rows} rows already takes {steps} steps")
            }
        );
        let l2 = if self.l2 > 0.0 {
            let numbers = self.shape.task == TaskChoice::Regression && band.l2_numbers > band.l2_classes;
            format!(
                "L2 {}: a network can memorise {rows} rows, and weight decay keeps its weights small{}.",
                self.l2,
                if numbers { " (more for a number to predict, whose noise a network chases)" } else { "" }
            )
        } else {
            format!("L2 0: a network of this size has little room to memorise {rows} rows.")
        };
        let network = format!(
            "one hidden layer of {} ReLU units: on tables of 150 to 100,000 rows it learned as well as wider, \
             deeper or tanh networks.",
            self.hidden.first().copied().unwrap_or(HIDDEN),
        );
        [
            (Setting::Split, split),
            (Setting::BatchSize, batch),
            (Setting::LearningRate, rate),
            (Setting::Epochs, epochs),
            (Setting::L2, l2),
            (Setting::Network, network),
        ]
        .into_iter()
        .map(|(setting, text)| Reason { setting, text })
        .collect()
    }
}

impl Setting {
    /// What `spec` has for this setting, in the words of the reasons ("batch 32", "no hidden
    /// layer", …): to say what a changed default is now.
    pub fn in_spec(self, spec: &ExperimentSpec) -> String {
        let (d, t, m) = (&spec.data, &spec.training, &spec.model);
        let pct = |f: f64| (f * 100.0).round();
        match self {
            Setting::Split => format!(
                "{}/{}/{} split",
                pct(d.train_fraction),
                pct(d.validation_fraction),
                pct(1.0 - d.train_fraction - d.validation_fraction)
            ),
            Setting::BatchSize => format!("batch {}", t.batch_size),
            Setting::LearningRate => format!("{} with learning rate {}", t.optimizer.name(), t.learning_rate),
            Setting::Epochs if t.patience == 0 => format!("{} epochs, no early stopping", t.epochs),
            Setting::Epochs => format!("at most {} epochs, patience {}", t.epochs, t.patience),
            Setting::L2 => format!("L2 {}", t.l2),
            Setting::Network if m.hidden.is_empty() => "no hidden layer".to_string(),
            Setting::Network => {
                let widths: Vec<String> = m.hidden.iter().map(ToString::to_string).collect();
                format!("hidden layers {} {}", widths.join(", "), m.activation.name())
            }
        }
    }

    /// Stable machine name (`batch_size`, …).
    pub fn name(self) -> &'static str {
        match self {
            Setting::Split => "split",
            Setting::BatchSize => "batch_size",
            Setting::LearningRate => "learning_rate",
            Setting::Epochs => "epochs",
            Setting::L2 => "l2",
            Setting::Network => "network",
        }
    }
}

/// The band of a table of `rows` rows.
fn band_of(rows: usize) -> Band {
    BANDS.iter().rev().find(|b| rows >= b.from).copied().unwrap_or(BANDS[0])
}

/// `base` with the defaults for a table of this shape applied ([`TableDefaults::apply`]): what
/// the page and the command line do when a table is chosen.
pub fn table_spec(mut base: ExperimentSpec, shape: TableShape) -> ExperimentSpec {
    TableDefaults::for_table(shape).apply(&mut base);
    base
}

#[cfg(test)]
mod tests;
