//! Comparing runs: every finished run kept as a [`RunRecord`] (spec, per-epoch curves, test
//! metrics with their baseline, training time, model size, fingerprint), the differences between
//! specs, mean ± standard deviation over runs, and the plans that queue runs to compare — the
//! same experiment over several seeds, a grid over one or two hyper-parameters, and linear vs
//! MLP models on the same split.
//!
//! Pure data and arithmetic: the page runs the queued [`Job`]s in a background worker with the
//! ordinary [`crate::train::Session`] protocol and turns its events into records with a
//! [`RunCollector`]; the same code runs natively in the tests.
//!
//! - [`record`]: [`RunRecord`], its [`Score`]s (named test metrics with the baseline's value) and
//!   the names shown in the table.
//! - [`store`]: [`RunStore`], the versioned, size-bounded list the page keeps in storage
//!   (reads the format of older versions too).
//! - [`collect`]: [`RunCollector`], worker events → one record.
//! - [`diff`]: [`spec_diff`] and [`spec_diff_many`], the differing fields of specs.
//! - [`stats`]: [`summarise`] (mean, sample standard deviation, count per metric),
//!   [`group_summaries`], and sorting by any column ([`sorted_ids`]).
//! - [`table`]: [`RunsTable`], the runs table's model: its columns, rows and cells as text, the
//!   order after a click ([`TableSort`]), the seed groups' mean ± std rows.
//! - [`format`](mod@format): how metrics and times are written.
//! - [`plan`]: [`seed_repeats`], [`grid`] over [`Param`]s, [`algorithm_presets`].
//! - [`search`](mod@search): random search and TPE over ranges of the same settings ([`Search`]).

pub mod collect;
pub mod diff;
pub mod format;
pub mod plan;
pub mod record;
pub mod search;
pub mod stats;
pub mod store;
pub mod table;

pub use collect::RunCollector;
pub use diff::{show_value, spec_diff, spec_diff_many, FieldDiff};
pub use plan::{
    algorithm_presets, fold_by, fold_choices, folds, grid, seed_repeats, workers_for, GridAxis, Param, MAX_GRID_RUNS,
    MAX_SEED_REPEATS, MAX_WORKERS,
};
pub use record::{metric_info, model_name, MetricInfo, RunRecord, Score, METRICS};
pub use search::{run_search, Scoring, Search, SearchMethod, SearchPlan, SearchRange};
pub use stats::{group_summaries, mean_std, sorted_ids, summarise, GroupSummary, MetricSummary, SortKey};
pub use store::{RunStore, MAX_CURVE_POINTS, MAX_RECORDS, MAX_STORE_CHARS, STORE_VERSION};
pub use table::{RunsTable, TableSort};

use crate::spec::ExperimentSpec;
use serde::{Deserialize, Serialize};

/// Runs queued together: the seeds of one experiment, a grid search, or an algorithm
/// comparison. Seed groups are summarised as mean ± standard deviation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunGroup {
    /// Unique within a [`RunStore`] (see [`RunStore::new_group`]).
    pub id: u64,
    /// Why the runs belong together.
    pub kind: GroupKind,
    /// What the group varies, in words ("3 seeds", "learning rate × batch size").
    pub title: String,
}

/// Why runs were queued together.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupKind {
    /// One experiment repeated with different seeds: the spread of its metrics is the noise a
    /// better model has to beat.
    Seeds,
    /// A grid over one or two hyper-parameters.
    Grid,
    /// A linear model and two MLPs on the same split and seed.
    Algorithms,
    /// The folds of a k-fold cross-validation: each fold's test rows once.
    Folds,
}

/// One run to train in the background: its spec, the label it gets in the table, its group.
#[derive(Clone, Debug, PartialEq)]
pub struct Job {
    /// Shown in the table and the chart's legend.
    pub label: String,
    /// The experiment.
    pub spec: ExperimentSpec,
    /// The group it was queued with.
    pub group: Option<RunGroup>,
}

/// Puts every job in `group`.
pub fn in_group(mut jobs: Vec<Job>, group: &RunGroup) -> Vec<Job> {
    for j in &mut jobs {
        j.group = Some(group.clone());
    }
    jobs
}
