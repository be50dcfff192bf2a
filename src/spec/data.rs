//! The experiment's data section: where the rows come from, the split's shares, the table's
//! preparation, and the cross-validation fold a run tests on.

use crate::data::prepare::PrepareSpec;
use crate::data::Generator;
use serde::{Deserialize, Serialize};

/// Where the rows come from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum DataSource {
    /// A generated 2-D teaching dataset (features `x1`, `x2`, used raw as in TF Playground).
    Synthetic {
        /// Which generator.
        generator: Generator,
        /// Number of points generated (train + test).
        points: usize,
        /// Noise level, 0 to 0.5.
        noise: f64,
    },
    /// One of the real tables bundled with Lantern (see [`crate::data::builtin`]).
    Builtin {
        /// Its name, e.g. `iris`.
        name: String,
    },
    /// A table the user brought (the file itself travels separately).
    File {
        /// File name, for display.
        name: String,
    },
}

/// The data, how it is prepared and how it is split.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DataSpec {
    /// Where the rows come from.
    pub source: DataSource,
    /// Share of the rows used for training (0.1 to 0.9).
    pub train_fraction: f64,
    /// Share held out for validation (0 to 0.5); the test set gets the rest.
    pub validation_fraction: f64,
    /// Preparation of tables (not used for synthetic data).
    pub prepare: PrepareSpec,
    /// Cross-validation: test on fold `index` of `k` instead of the seeded split (tables only;
    /// see [`crate::train::cross_validation`]). Absent: the usual split.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fold: Option<FoldSpec>,
}

/// One fold of a k-fold cross-validation: the usable rows are cut into `k` folds (stratified
/// for classes, drawn from the seed; or as `by` says), fold `index` is the test set, and the
/// other rows train and validate in the experiment's proportions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FoldSpec {
    /// Number of folds, 2 to 20.
    pub k: usize,
    /// The fold tested, `0..k`.
    pub index: usize,
    /// How the rows are cut, when not the standard (stratified, shuffled) way. Absent in every
    /// link made before, which therefore replays as it did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<FoldBy>,
}

impl FoldSpec {
    /// Fold `index` of `k`, cut the standard way.
    pub fn standard(k: usize, index: usize) -> Self {
        Self { k, index, by: None }
    }
}

/// Folds that keep what the standard cut would break. Written as one short text, as a menu
/// names it and a link carries it: `"group:patient"`, `"time"` (the table's order) or
/// `"time:year"`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub enum FoldBy {
    /// Group k-fold: the rows with the same value in `column` (a patient, a site, a user) are
    /// never split between folds, so the test rows are of groups the model never saw. Rows
    /// without a value form one group. Not stratified.
    Group {
        /// The column naming each row's group.
        column: String,
    },
    /// Time-series folds: fold `i` tests on the `i`-th of `k` consecutive blocks of the rows in
    /// time order and trains on the rows before it only (never on the future); the validation
    /// rows are the latest of those. Ordered by `column` (numbers; ties keep table order), or
    /// by the table's own order when absent.
    Time {
        /// The numeric column giving each row's time; absent: the table's order.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        column: Option<String>,
    },
}

impl From<FoldBy> for String {
    fn from(by: FoldBy) -> String {
        match by {
            FoldBy::Group { column } => format!("group:{column}"),
            FoldBy::Time { column: None } => "time".into(),
            FoldBy::Time { column: Some(column) } => format!("time:{column}"),
        }
    }
}

impl TryFrom<String> for FoldBy {
    type Error = String;

    fn try_from(text: String) -> Result<Self, String> {
        if let Some(column) = text.strip_prefix("group:") {
            return Ok(FoldBy::Group { column: column.to_string() });
        }
        match text.strip_prefix("time") {
            Some("") => Ok(FoldBy::Time { column: None }),
            Some(rest) if rest.starts_with(':') => Ok(FoldBy::Time { column: Some(rest[1..].to_string()) }),
            _ => {
                Err(format!("`{text}` is not a way to cut folds: write \"group:COLUMN\", \"time\" or \"time:COLUMN\""))
            }
        }
    }
}

impl Default for DataSpec {
    fn default() -> Self {
        Self {
            source: DataSource::Synthetic { generator: Generator::Circle, points: 400, noise: 0.0 },
            train_fraction: 0.7,
            validation_fraction: 0.0,
            prepare: PrepareSpec::default(),
            fold: None,
        }
    }
}

impl DataSpec {
    /// The generator, if the data is synthetic.
    pub fn generator(&self) -> Option<Generator> {
        match self.source {
            DataSource::Synthetic { generator, .. } => Some(generator),
            _ => None,
        }
    }

    /// `(points, noise)` if the data is synthetic.
    pub fn synthetic_size(&self) -> Option<(usize, f64)> {
        match self.source {
            DataSource::Synthetic { points, noise, .. } => Some((points, noise)),
            _ => None,
        }
    }

    /// Changes the synthetic parameters (switching to synthetic data if needed, keeping the
    /// current size and noise when they exist).
    pub fn set_synthetic(&mut self, generator: Option<Generator>, points: Option<usize>, noise: Option<f64>) {
        let (g0, p0, n0) = match self.source {
            DataSource::Synthetic { generator, points, noise } => (generator, points, noise),
            _ => (Generator::Circle, 400, 0.0),
        };
        self.source = DataSource::Synthetic {
            generator: generator.unwrap_or(g0),
            points: points.unwrap_or(p0),
            noise: noise.unwrap_or(n0),
        };
    }
}
