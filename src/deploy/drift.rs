//! Drift: how far new rows have moved from the training rows, per input column, from the
//! statistics kept in the model card (so an exported model needs no training file).
//!
//! Per numeric column: PSI over the ten training quantile bins, and the two-sample
//! Kolmogorov–Smirnov test against the kept training sample (see [`super::stats`]). Per
//! categorical column: PSI over the training categories plus one bin for categories never
//! seen in training, the largest change of a category's share, and the unseen share. For
//! every column: the change of the share of missing cells. Missing cells are left out of PSI
//! and KS (their share is compared on its own).
//!
//! # Flags ([`thresholds`])
//!
//! A column's level is the highest of:
//! - PSI: below 0.1 none, 0.1 to 0.25 moderate, 0.25 and above major (the usual credit-scoring
//!   reading: < 0.1 stable, 0.1–0.25 some change, > 0.25 a shift to act on);
//! - KS (numeric): p < 0.01 is at least moderate (different distributions at the 1 % level);
//! - unseen categories (categorical): 5 % of the present values or more is at least moderate;
//! - missing cells: a change of 10 percentage points or more is at least moderate;
//! - no present value at all in the new rows: major.

use super::card::ModelCard;
use super::conform::{conform, read_options};
use super::reference::ReferenceStats;
use super::stats::{bin_shares, ks_test, psi, shares, KsTest};
use crate::data::csv::{read_csv, Expect};
use crate::data::table::{ColumnData, Table};
use crate::error::Result;
use crate::order::{self, Direction};
use crate::viz::{shared_bins, OverlayBins, ShareOverlay};
use serde::{Deserialize, Serialize};

/// The documented flag thresholds (module documentation).
pub mod thresholds {
    /// PSI from which a column is flagged moderate.
    pub const PSI_MODERATE: f64 = 0.1;
    /// PSI from which a column is flagged major.
    pub const PSI_MAJOR: f64 = 0.25;
    /// KS p-value below which a numeric column is flagged (at least moderate).
    pub const KS_ALPHA: f64 = 0.01;
    /// Share of unseen categories from which a categorical column is flagged.
    pub const UNSEEN_SHARE: f64 = 0.05;
    /// Change of the missing share (absolute) from which a column is flagged.
    pub const MISSING_SHIFT: f64 = 0.1;
}

/// How much a column drifted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DriftLevel {
    /// Below every threshold.
    None,
    /// Above a moderate threshold: worth a look.
    Moderate,
    /// Above a major threshold: the model sees data unlike its training data.
    Major,
}

impl DriftLevel {
    /// `none`, `moderate`, `major`.
    pub fn name(self) -> &'static str {
        match self {
            DriftLevel::None => "none",
            DriftLevel::Moderate => "moderate",
            DriftLevel::Major => "major",
        }
    }
}

/// The largest change of one category's share.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ShareShift {
    /// The category (`(unseen)` for categories new to the model).
    pub category: String,
    /// Its share of the present training values.
    pub reference: f64,
    /// Its share of the present new values.
    pub current: f64,
}

/// The drift of one input column.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ColumnDrift {
    /// Column name.
    pub name: String,
    /// True for a numeric column, false for a categorical one.
    pub numeric: bool,
    /// New rows with a value.
    pub present: usize,
    /// Population stability index (`NaN`, written `null`, without present values).
    #[serde(deserialize_with = "super::card::nan_if_null")]
    pub psi: f64,
    /// Kolmogorov–Smirnov test (numeric columns).
    pub ks: Option<KsTest>,
    /// Largest change of a category's share (categorical columns).
    pub largest_shift: Option<ShareShift>,
    /// Share of present new values in categories unseen in training (categorical columns).
    pub unseen_share: Option<f64>,
    /// Share of missing cells: (training, new).
    pub missing_share: (f64, f64),
    /// The flag.
    pub level: DriftLevel,
    /// Why it is flagged, in words (empty when not).
    pub reasons: Vec<String>,
    /// Training against new distribution on shared bins, for an overlaid chart.
    pub chart: ShareOverlay,
}

/// The drift of new rows against a model's training rows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DriftReport {
    /// New rows.
    pub rows: usize,
    /// Training rows.
    pub reference_rows: usize,
    /// One entry per input column present in the new rows, in the model's order.
    pub columns: Vec<ColumnDrift>,
    /// Input columns the new rows lack (not measured).
    pub missing_columns: Vec<String>,
    /// How the data was read and what was made missing.
    pub notices: Vec<String>,
}

impl DriftReport {
    /// The columns flagged moderate or major, worst first (ties in the model's order).
    pub fn flagged(&self) -> Vec<&ColumnDrift> {
        let mut v: Vec<&ColumnDrift> = self.columns.iter().filter(|c| c.level > DriftLevel::None).collect();
        order::sort_by_number(&mut v, Direction::Descending, |c| c.level as u8 as f64);
        v
    }

    /// Every measured column, most drifted first: by level, then by PSI (largest first, a
    /// missing PSI last), ties in the model's order.
    pub fn by_severity(&self) -> Vec<&ColumnDrift> {
        let mut v: Vec<&ColumnDrift> = self.columns.iter().collect();
        let psi = |c: &&ColumnDrift| if c.psi.is_nan() { f64::NEG_INFINITY } else { c.psi };
        order::sort_by_number(&mut v, Direction::Descending, psi);
        order::sort_by_number(&mut v, Direction::Descending, |c| c.level as u8 as f64);
        v
    }

    /// The report in one sentence: how many of the measured columns drifted and what to do —
    /// retraining is advised when one is major, a look (and the metrics on labelled new rows)
    /// when they are moderate only.
    pub fn verdict(&self) -> String {
        let n = self.columns.len();
        let major = self.columns.iter().filter(|c| c.level == DriftLevel::Major).count();
        let moderate = self.columns.iter().filter(|c| c.level == DriftLevel::Moderate).count();
        let drifted = major + moderate;
        let features = if n == 1 { "feature" } else { "features" };
        let verb = if drifted == 1 { "has" } else { "have" };
        if drifted == 0 {
            return format!("None of the {n} {features} has drifted beyond the thresholds: the new rows look like the training rows.");
        }
        let all = if drifted == 1 { "" } else { "all " };
        let split = match (major, moderate) {
            (0, _) => format!("{all}moderate"),
            (_, 0) => format!("{all}major"),
            (a, b) => format!("{a} major, {b} moderate"),
        };
        let advice = if major > 0 {
            "retraining on recent data is advised"
        } else {
            "worth a look; check the model's metrics on labelled new rows before retraining"
        };
        format!("{drifted} of {n} {features} {verb} drifted ({split}): {advice}.")
    }
}

/// Drift of the rows of a CSV file (read like the app reads files; numeric inputs follow the
/// usual 90 % rule, so stray text becomes missing and shows as a change of the missing share).
///
/// # Errors
/// The CSV reader's refusals.
pub fn drift_csv(card: &ModelCard, bytes: &[u8]) -> Result<DriftReport> {
    let mut options = read_options(card);
    options.expect.retain(|_, e| *e == Expect::Text);
    let loaded = read_csv(bytes, &options)?;
    let mut report = drift(card, &loaded.table)?;
    let mut notices: Vec<String> = loaded.notices.into_iter().map(|n| n.message).collect();
    notices.append(&mut report.notices);
    report.notices = notices;
    Ok(report)
}

/// Drift of the rows of `table` against `card`'s training statistics.
///
/// # Errors
/// None in practice (conforming is lenient); typed errors as [`conform`] gives them.
pub fn drift(card: &ModelCard, table: &Table) -> Result<DriftReport> {
    let conformed = conform(card, table, false)?;
    let rows = table.rows();
    let mut columns = Vec::new();
    for reference in &card.reference {
        let Some(column) = conformed.table.column(&reference.name) else { continue };
        let missing = column.missing();
        let missing_share = (share(reference.missing, reference.rows), share(missing, rows));
        let present = rows - missing;
        let mut reasons = Vec::new();
        let mut level = DriftLevel::None;
        let mut raise = |to: DriftLevel, why: String| {
            level = level.max(to);
            reasons.push(why);
        };
        let (numeric, psi_value, ks, largest_shift, unseen_share, chart) = match &reference.stats {
            ReferenceStats::Numeric { edges, shares: expected, sample } => {
                let mut values: Vec<f64> = match &column.data {
                    ColumnData::Numeric { values } => values.iter().copied().filter(|v| v.is_finite()).collect(),
                    ColumnData::Text { .. } => Vec::new(),
                };
                values.sort_by(f64::total_cmp);
                let psi_value = if values.is_empty() { f64::NAN } else { psi(expected, &bin_shares(edges, &values).0) };
                let ks = ks_test(sample, &values);
                if ks.p_value < thresholds::KS_ALPHA {
                    raise(
                        DriftLevel::Moderate,
                        format!(
                            "Kolmogorov–Smirnov D = {:.3}, p = {} < {}",
                            ks.d,
                            compact_p(ks.p_value),
                            thresholds::KS_ALPHA
                        ),
                    );
                }
                let (a, b) = shared_bins(sample, &values);
                let total = |c: &[u64]| c.iter().sum::<u64>();
                let frac = |c: &[u64]| -> Vec<f64> {
                    let n = total(c);
                    c.iter().map(|&x| if n == 0 { 0.0 } else { x as f64 / n as f64 }).collect()
                };
                let chart = ShareOverlay {
                    name: reference.name.clone(),
                    bins: OverlayBins::Edges(a.edges.clone()),
                    reference: frac(&a.counts),
                    current: frac(&b.counts),
                    counts: (total(&a.counts), total(&b.counts)),
                };
                (true, psi_value, Some(ks), None, None, chart)
            }
            ReferenceStats::Categorical { categories, counts } => {
                let mut current = vec![0usize; categories.len() + 1];
                for r in 0..column.len() {
                    if let Some(t) = column.display(r) {
                        let i = categories.iter().position(|c| *c == t).unwrap_or(categories.len());
                        current[i] += 1;
                    }
                }
                let train: Vec<usize> = counts.iter().map(|&c| c as usize).chain([0]).collect();
                let expected = shares(&train, train.iter().sum());
                let actual = shares(&current, present);
                let psi_value = if present == 0 { f64::NAN } else { psi(&expected, &actual) };
                let mut labels = categories.clone();
                labels.push("(unseen)".into());
                let shift = (0..labels.len())
                    .max_by(|&i, &j| (actual[i] - expected[i]).abs().total_cmp(&(actual[j] - expected[j]).abs()))
                    .map(|i| ShareShift { category: labels[i].clone(), reference: expected[i], current: actual[i] });
                let unseen = actual[categories.len()];
                if unseen >= thresholds::UNSEEN_SHARE {
                    raise(
                        DriftLevel::Moderate,
                        format!("{:.1} % of the values are categories unseen in training", unseen * 100.0),
                    );
                }
                // Drop the unseen bin from the chart when neither set has any.
                let keep = if current[categories.len()] == 0 { categories.len() } else { labels.len() };
                labels.truncate(keep);
                let chart = ShareOverlay {
                    name: reference.name.clone(),
                    bins: OverlayBins::Labels(labels),
                    reference: expected[..keep].to_vec(),
                    current: actual[..keep].to_vec(),
                    counts: (train.iter().sum::<usize>() as u64, present as u64),
                };
                (false, psi_value, None, shift, Some(unseen), chart)
            }
        };
        if present == 0 {
            raise(DriftLevel::Major, "no value in the new rows".into());
        } else if psi_value >= thresholds::PSI_MAJOR {
            raise(DriftLevel::Major, format!("PSI {psi_value:.3} ≥ {}", thresholds::PSI_MAJOR));
        } else if psi_value >= thresholds::PSI_MODERATE {
            raise(DriftLevel::Moderate, format!("PSI {psi_value:.3} ≥ {}", thresholds::PSI_MODERATE));
        }
        if (missing_share.1 - missing_share.0).abs() >= thresholds::MISSING_SHIFT {
            raise(
                DriftLevel::Moderate,
                format!("missing cells {:.1} % → {:.1} %", missing_share.0 * 100.0, missing_share.1 * 100.0),
            );
        }
        columns.push(ColumnDrift {
            name: reference.name.clone(),
            numeric,
            present,
            psi: psi_value,
            ks,
            largest_shift,
            unseen_share,
            missing_share,
            level,
            reasons,
            chart,
        });
    }
    let reference_rows = card.reference.first().map_or(card.training.rows.train, |r| r.rows);
    Ok(DriftReport {
        rows,
        reference_rows,
        columns,
        missing_columns: conformed.missing_columns,
        notices: conformed.notices,
    })
}

fn share(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// A p-value for people: `0.0003`, `2.1e-12`.
pub fn compact_p(p: f64) -> String {
    if p.is_nan() {
        "n/a".into()
    } else if p >= 1e-4 {
        format!("{}", (p * 1e4).round() / 1e4)
    } else {
        format!("{p:.1e}")
    }
}
