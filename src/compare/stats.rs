//! Mean ± standard deviation over runs, per metric, and the order of the runs table.
//!
//! The spread uses the sample standard deviation `s = √(Σ(xᵢ − x̄)² / (n − 1))`: the runs are a
//! sample of what other seeds would give, so `n − 1` (Bessel's correction) estimates the spread
//! without bias in the variance. It is undefined (NaN) for one run. Values that are not finite
//! (a failed run, an undefined AUC) are left out and not counted in `n`.

use super::record::METRICS;
use super::{GroupKind, RunGroup, RunRecord};

/// Mean and sample standard deviation of the finite `values`, and how many there were:
/// `(NaN, NaN, 0)` for none, `(x, NaN, 1)` for one.
pub fn mean_std(values: &[f64]) -> (f64, f64, usize) {
    let finite: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    let n = finite.len();
    if n == 0 {
        return (f64::NAN, f64::NAN, 0);
    }
    let mean = finite.iter().sum::<f64>() / n as f64;
    if n == 1 {
        return (mean, f64::NAN, 1);
    }
    let ss: f64 = finite.iter().map(|v| (v - mean) * (v - mean)).sum();
    (mean, (ss / (n - 1) as f64).sqrt(), n)
}

/// One metric over several runs.
#[derive(Clone, Debug, PartialEq)]
pub struct MetricSummary {
    /// A [`METRICS`] name, or `train_ms`.
    pub name: String,
    /// Mean of the finite values.
    pub mean: f64,
    /// Their sample standard deviation (NaN for fewer than two).
    pub std: f64,
    /// How many finite values there were.
    pub n: usize,
}

/// Mean ± sample standard deviation of every test metric any of `records` has (in [`METRICS`]
/// order), then of the training time (`train_ms`).
pub fn summarise(records: &[&RunRecord]) -> Vec<MetricSummary> {
    let names = METRICS.iter().map(|m| m.name).filter(|name| records.iter().any(|r| r.score(name).is_some()));
    let mut out: Vec<MetricSummary> = names
        .map(|name| {
            let values: Vec<f64> = records.iter().map(|r| r.value(name)).collect();
            let (mean, std, n) = mean_std(&values);
            MetricSummary { name: name.to_string(), mean, std, n }
        })
        .collect();
    let times: Vec<f64> = records.iter().map(|r| r.train_ms.unwrap_or(f64::NAN)).collect();
    let (mean, std, n) = mean_std(&times);
    if n > 0 {
        out.push(MetricSummary { name: "train_ms".into(), mean, std, n });
    }
    out
}

/// A seed or fold group's summary row.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupSummary {
    /// The group.
    pub group: RunGroup,
    /// Ids of its runs (in record order).
    pub members: Vec<u64>,
    /// Its metrics over those runs.
    pub metrics: Vec<MetricSummary>,
}

/// Every group of seeds or of folds of `records` with at least two runs, in order of first
/// appearance: their mean ± standard deviation is the result.
pub fn group_summaries(records: &[RunRecord]) -> Vec<GroupSummary> {
    let mut groups: Vec<RunGroup> = Vec::new();
    for g in records.iter().filter_map(|r| r.group.as_ref()) {
        if matches!(g.kind, GroupKind::Seeds | GroupKind::Folds) && !groups.iter().any(|h| h.id == g.id) {
            groups.push(g.clone());
        }
    }
    groups
        .into_iter()
        .filter_map(|group| {
            let members: Vec<&RunRecord> =
                records.iter().filter(|r| r.group.as_ref().is_some_and(|g| g.id == group.id)).collect();
            (members.len() >= 2).then(|| GroupSummary {
                members: members.iter().map(|r| r.id).collect(),
                metrics: summarise(&members),
                group,
            })
        })
        .collect()
}

/// A column of the runs table to sort by.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SortKey {
    /// Order of recording.
    Id,
    /// The label.
    Label,
    /// The model's name.
    Model,
    /// The data's description.
    Data,
    /// The training settings' line.
    Settings,
    /// The seed.
    Seed,
    /// A test metric by name.
    Metric(String),
    /// Training time.
    TrainMs,
    /// Trainable numbers.
    Parameters,
    /// Epochs completed.
    Epochs,
}

/// A text or a number to order by; a missing number (or NaN) is `None`.
enum Key {
    Text(String),
    Number(Option<f64>),
}

fn key(r: &RunRecord, by: &SortKey) -> Key {
    let num = |v: Option<f64>| Key::Number(v.filter(|v| !v.is_nan()));
    match by {
        SortKey::Id => num(Some(r.id as f64)),
        SortKey::Label => Key::Text(r.label.to_lowercase()),
        SortKey::Model => Key::Text(r.model()),
        SortKey::Data => Key::Text(r.data()),
        SortKey::Settings => Key::Text(r.settings()),
        SortKey::Seed => num(Some(r.spec.seed as f64)),
        SortKey::Metric(name) => num(r.score(name).map(|s| s.value)),
        SortKey::TrainMs => num(r.train_ms),
        SortKey::Parameters => num(r.parameters.map(|p| p as f64)),
        SortKey::Epochs => num(Some(r.epochs as f64)),
    }
}

/// The ids of `records` ordered by `by`, ascending or `descending`; ties keep recording order,
/// and a run without the value (a failed run has no metrics) comes last either way.
pub fn sorted_ids(records: &[RunRecord], by: &SortKey, descending: bool) -> Vec<u64> {
    use crate::order::{sort_by_number, sort_by_text, Direction};
    let direction = Direction::from_descending(descending);
    let mut keyed: Vec<(Key, u64)> = records.iter().map(|r| (key(r, by), r.id)).collect();
    // Stable sorts from the last criterion to the first: id, the value (a text or a number:
    // one `SortKey` gives one kind, the other pass leaves the order alone), missing last.
    sort_by_number(&mut keyed, Direction::Ascending, |k| k.1 as f64);
    sort_by_text(&mut keyed, direction, |k| match &k.0 {
        Key::Text(t) => t.as_str(),
        Key::Number(_) => "",
    });
    sort_by_number(&mut keyed, direction, |k| match k.0 {
        Key::Number(Some(v)) => v,
        _ => 0.0,
    });
    sort_by_number(&mut keyed, Direction::Ascending, |k| f64::from(u8::from(matches!(k.0, Key::Number(None)))));
    keyed.into_iter().map(|(_, id)| id).collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::compare::Score;
    use crate::spec::ExperimentSpec;

    #[test]
    fn mean_and_sample_std_by_hand() {
        // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, squares sum to 32, sample variance 32/7.
        let (m, s, n) = mean_std(&[2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0]);
        assert_eq!((m, n), (5.0, 8));
        assert!((s - (32.0f64 / 7.0).sqrt()).abs() < 1e-15, "{s}");
        // 0.9, 0.8, 1.0: mean 0.9, squares 0.01 + 0.01 → variance 0.01, std 0.1.
        let (m, s, n) = mean_std(&[0.9, 0.8, f64::NAN, 1.0]);
        assert!((m - 0.9).abs() < 1e-15 && (s - 0.1).abs() < 1e-12 && n == 3, "{m} {s}");
        let (m, s, n) = mean_std(&[3.0]);
        assert!(m == 3.0 && s.is_nan() && n == 1);
        let (m, _, n) = mean_std(&[]);
        assert!(m.is_nan() && n == 0);
    }

    fn rec(id: u64, acc: Option<f64>, ms: f64, group: Option<&RunGroup>) -> RunRecord {
        let mut r = RunRecord::new(format!("run {id}"), ExperimentSpec::default());
        r.id = id;
        r.scores =
            acc.map(|a| vec![Score { name: "accuracy".into(), value: a, baseline: Some(0.5) }]).unwrap_or_default();
        r.train_ms = Some(ms);
        r.group = group.cloned();
        r
    }

    #[test]
    fn summaries_per_metric_and_per_seed_group() {
        let g = RunGroup { id: 4, kind: GroupKind::Seeds, title: "3 seeds".into() };
        let grid = RunGroup { id: 5, kind: GroupKind::Grid, title: "lr".into() };
        let records = vec![
            rec(1, Some(0.5), 10.0, None),
            rec(2, Some(0.9), 100.0, Some(&g)),
            rec(3, Some(0.8), 200.0, Some(&g)),
            rec(4, None, 300.0, Some(&grid)),
            rec(5, Some(1.0), 300.0, Some(&g)),
            rec(6, Some(0.7), 300.0, Some(&grid)),
        ];
        let groups = group_summaries(&records);
        assert_eq!(groups.len(), 1, "grids get no mean row");
        assert_eq!(groups[0].members, [2, 3, 5]);
        let acc = &groups[0].metrics[0];
        assert_eq!((acc.name.as_str(), acc.n), ("accuracy", 3));
        assert!((acc.mean - 0.9).abs() < 1e-15 && (acc.std - 0.1).abs() < 1e-12);
        let time = &groups[0].metrics[1];
        assert_eq!((time.name.as_str(), time.mean, time.std), ("train_ms", 200.0, 100.0));
    }

    #[test]
    fn sorting_puts_missing_values_last() {
        let records = vec![
            rec(1, Some(0.5), 30.0, None),
            rec(2, None, 10.0, None),
            rec(3, Some(0.9), 20.0, None),
            rec(4, Some(0.5), 5.0, None),
        ];
        let acc = SortKey::Metric("accuracy".into());
        assert_eq!(sorted_ids(&records, &acc, false), [1, 4, 3, 2]);
        assert_eq!(sorted_ids(&records, &acc, true), [3, 1, 4, 2]);
        assert_eq!(sorted_ids(&records, &SortKey::TrainMs, false), [4, 2, 3, 1]);
        assert_eq!(sorted_ids(&records, &SortKey::Label, true), [4, 3, 2, 1]);
    }
}
