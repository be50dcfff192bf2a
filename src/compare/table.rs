//! The runs table's model: which columns the recorded runs need, each run's cells as text, the
//! order of the rows (by any column, metrics best first on the first click), and the mean ± std
//! row of each seed group. The page's Compare view lays it out and binds the clicks.
//!
//! Columns, in order: the run (`#`, label, model), the test metrics any run has (of
//! [`SHOWN_METRICS`], in [`METRICS`] order), the cost (epochs, training time, trainable numbers),
//! then the longer descriptions (training settings, seed, data), so the numbers stay in view on
//! narrow screens.

use super::format;
use super::record::{MetricInfo, METRICS};
use super::stats::{group_summaries, sorted_ids, SortKey};
use super::RunRecord;
use std::collections::HashMap;

/// Metrics shown as columns (when any run has them): balanced accuracy stays in the records.
pub const SHOWN_METRICS: [&str; 7] = ["accuracy", "macro_f1", "log_loss", "roc_auc", "r2", "rmse", "mae"];

/// A column of the runs table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    /// The run's id (order of recording).
    Id,
    /// The run's label.
    Label,
    /// The model's name ([`RunRecord::model`]).
    Model,
    /// The data ([`RunRecord::data`]).
    Data,
    /// The training settings ([`RunRecord::settings`]).
    Settings,
    /// The seed.
    Seed,
    /// A test metric, with the baseline's value.
    Metric(&'static MetricInfo),
    /// Epochs completed.
    Epochs,
    /// Training time.
    TrainMs,
    /// Trainable numbers.
    Params,
}

impl Column {
    /// Stable name (the page's `sort-<id>` test id and `data-col`); a metric's [`MetricInfo::name`].
    pub fn id(self) -> &'static str {
        match self {
            Column::Id => "id",
            Column::Label => "label",
            Column::Model => "model",
            Column::Data => "data",
            Column::Settings => "settings",
            Column::Seed => "seed",
            Column::Metric(m) => m.name,
            Column::Epochs => "epochs",
            Column::TrainMs => "train_ms",
            Column::Params => "parameters",
        }
    }

    /// The header's text.
    pub fn title(self) -> &'static str {
        match self {
            Column::Id => "#",
            Column::Label => "run",
            Column::Model => "model",
            Column::Data => "data",
            Column::Settings => "training",
            Column::Seed => "seed",
            Column::Metric(m) => m.title,
            Column::Epochs => "epochs",
            Column::TrainMs => "train time",
            Column::Params => "parameters",
        }
    }

    /// What sorting by this column orders by.
    pub fn key(self) -> SortKey {
        match self {
            Column::Id => SortKey::Id,
            Column::Label => SortKey::Label,
            Column::Model => SortKey::Model,
            Column::Data => SortKey::Data,
            Column::Settings => SortKey::Settings,
            Column::Seed => SortKey::Seed,
            Column::Metric(m) => SortKey::Metric(m.name.to_string()),
            Column::Epochs => SortKey::Epochs,
            Column::TrainMs => SortKey::TrainMs,
            Column::Params => SortKey::Parameters,
        }
    }

    /// Whether the first click sorts descending: best first for a metric where higher is
    /// better; everything else (a loss or an error, time, size, text) ascending, so the first
    /// click also puts the best, fastest or smallest first.
    pub fn first_descending(self) -> bool {
        matches!(self, Column::Metric(m) if m.higher_is_better)
    }

    /// Whether the column holds numbers (aligned right).
    pub fn numeric(self) -> bool {
        matches!(
            self,
            Column::Id | Column::Seed | Column::Metric(_) | Column::Epochs | Column::TrainMs | Column::Params
        )
    }

    /// The cell of `r` in this column.
    pub fn cell(self, r: &RunRecord) -> Cell {
        let plain = |text: String| (text, None);
        let (text, baseline) = match self {
            Column::Id => plain(r.id.to_string()),
            Column::Label => plain(r.label.clone()),
            Column::Model => plain(r.model()),
            Column::Data => plain(r.data()),
            Column::Settings => plain(r.settings()),
            Column::Seed => plain(r.spec.seed.to_string()),
            Column::Metric(m) => match r.score(m.name) {
                Some(s) => (format::metric(s.value), s.baseline.map(|b| format!("baseline {}", format::metric(b)))),
                None => plain("—".into()),
            },
            Column::Epochs => plain(r.epochs.to_string()),
            Column::TrainMs => plain(r.train_ms.map_or("—".into(), format::duration)),
            Column::Params => plain(r.parameters.map_or("—".into(), crate::text::thousands)),
        };
        let title = match self {
            Column::Label => label_title(r),
            _ => baseline.clone().unwrap_or_default(),
        };
        Cell { column: self, text, baseline, title }
    }
}

/// The label cell's tooltip: why the run failed, then its notes, joined by "; ".
fn label_title(r: &RunRecord) -> String {
    [r.failure.clone().map(|f| format!("failed: {f}")), Some(r.notes.join("; "))]
        .into_iter()
        .flatten()
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join("; ")
}

/// One cell of a run's row.
#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    /// Its column.
    pub column: Column,
    /// The value as shown ("—" when the run has none).
    pub text: String,
    /// For a metric: "baseline 0.5000", shown under the value.
    pub baseline: Option<String>,
    /// The tooltip: the baseline for a metric, the failure and notes for the label.
    pub title: String,
}

/// One run's row.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// The run's id.
    pub id: u64,
    /// "#id label", naming the run in the row's controls.
    pub name: String,
    /// Whether the run failed (its label is marked "(failed)").
    pub failed: bool,
    /// One cell per column, in column order.
    pub cells: Vec<Cell>,
}

/// One cell of a seed group's row.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupCell {
    /// Its column (the first of the columns it spans).
    pub column: Column,
    /// "mean ± std over …" in the label, the mean ± std of a metric or the training time, "∑"
    /// in the id column, else empty.
    pub text: String,
    /// Columns it spans: the label spans the model's column too.
    pub colspan: usize,
}

/// A seed group's mean ± std row.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupRow {
    /// The group's id.
    pub id: u64,
    /// Its cells (none for the columns the label spans).
    pub cells: Vec<GroupCell>,
}

/// The column the table is sorted by, and whether descending.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableSort {
    /// What the rows are ordered by.
    pub key: SortKey,
    /// Descending, else ascending.
    pub descending: bool,
}

impl Default for TableSort {
    /// Order of recording.
    fn default() -> Self {
        TableSort { key: SortKey::Id, descending: false }
    }
}

impl TableSort {
    /// The order after a click on `column`'s header: the other direction when already sorted by
    /// it, else by it in its [`Column::first_descending`] direction.
    pub fn clicked(&self, column: Column) -> TableSort {
        let key = column.key();
        if key == self.key {
            TableSort { key, descending: !self.descending }
        } else {
            TableSort { key, descending: column.first_descending() }
        }
    }

    /// `Some(descending)` when the table is sorted by `column`.
    pub fn direction(&self, column: Column) -> Option<bool> {
        (column.key() == self.key).then_some(self.descending)
    }

    /// The header's `aria-sort`: "descending", "ascending" or "none".
    pub fn aria_sort(&self, column: Column) -> &'static str {
        match self.direction(column) {
            Some(true) => "descending",
            Some(false) => "ascending",
            None => "none",
        }
    }

    /// The arrow after the header's title: " ▼" descending, " ▲" ascending, else nothing.
    pub fn arrow(&self, column: Column) -> &'static str {
        match self.direction(column) {
            Some(true) => " ▼",
            Some(false) => " ▲",
            None => "",
        }
    }
}

/// The columns for `records` (see the module's description).
pub fn columns(records: &[RunRecord]) -> Vec<Column> {
    let mut cols = vec![Column::Id, Column::Label, Column::Model];
    cols.extend(
        METRICS
            .iter()
            .filter(|m| SHOWN_METRICS.contains(&m.name) && records.iter().any(|r| r.score(m.name).is_some()))
            .map(Column::Metric),
    );
    cols.extend([Column::Epochs, Column::TrainMs, Column::Params, Column::Settings, Column::Seed, Column::Data]);
    cols
}

/// The runs table of `records`: its columns, one row per run in `sort` order ([`sorted_ids`]:
/// ties keep the order of recording, a run without the value, such as a failed run without
/// metrics, comes last either way), and a mean ± std row per seed group of two runs or more.
#[derive(Clone, Debug, PartialEq)]
pub struct RunsTable {
    /// The columns, in order.
    pub columns: Vec<Column>,
    /// The runs' rows, sorted.
    pub rows: Vec<Row>,
    /// The seed groups' rows, in order of first appearance.
    pub groups: Vec<GroupRow>,
}

impl RunsTable {
    /// The table of `records` sorted by `sort`.
    pub fn new(records: &[RunRecord], sort: &TableSort) -> RunsTable {
        let columns = columns(records);
        let by_id: HashMap<u64, &RunRecord> = records.iter().map(|r| (r.id, r)).collect();
        let rows = sorted_ids(records, &sort.key, sort.descending)
            .into_iter()
            .filter_map(|id| by_id.get(&id))
            .map(|r| Row {
                id: r.id,
                name: format!("#{} {}", r.id, r.label),
                failed: r.failure.is_some(),
                cells: columns.iter().map(|c| c.cell(r)).collect(),
            })
            .collect();
        let groups = group_rows(records, &columns);
        RunsTable { columns, rows, groups }
    }
}

/// The mean ± std rows of the seed groups of `records`.
fn group_rows(records: &[RunRecord], columns: &[Column]) -> Vec<GroupRow> {
    let spanned = [Column::Model];
    let span = 1 + columns.iter().filter(|c| spanned.contains(c)).count();
    group_summaries(records)
        .into_iter()
        .map(|g| {
            let cells = columns
                .iter()
                .filter(|c| !spanned.contains(c))
                .map(|&c| {
                    let text = match c {
                        Column::Label => format!("mean ± std over {} ({} runs)", g.group.title, g.members.len()),
                        Column::Metric(_) | Column::TrainMs => {
                            g.metrics.iter().find(|m| m.name == c.id()).map_or(String::new(), |m| {
                                if c == Column::TrainMs {
                                    format!("{} ± {}", format::duration(m.mean), format::duration(m.std))
                                } else {
                                    format::mean_std(m.mean, m.std)
                                }
                            })
                        }
                        Column::Id => "∑".into(),
                        _ => String::new(),
                    };
                    GroupCell { column: c, text, colspan: if c == Column::Label { span } else { 1 } }
                })
                .collect();
            GroupRow { id: g.group.id, cells }
        })
        .collect()
}

#[cfg(test)]
#[path = "table_tests.rs"]
mod tests;
