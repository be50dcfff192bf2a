//! What each column of a loaded [`Table`] is, and a summary of it for the data panel and
//! `lantern inspect`.
//!
//! [`infer_kind`] applies these rules in order (`count` = non-missing cells, `distinct` =
//! distinct non-missing values):
//! 1. **Constant**: `distinct ≤ 1` — nothing to learn from.
//! 2. **Boolean**: exactly two values forming one pair, any case: true/false, yes/no, y/n, t/f, 0/1.
//! 3. **FreeText** (text only): more distinct values than a category allows (rule 6) and long
//!    values (30 characters or more on average) — sentences, comments, addresses.
//! 4. **Identifier**: every value is different and either `count > 20` (text, or whole numbers
//!    that nearly fill their range `max − min + 1 ≤ 2·count`, like row numbers), or the name looks
//!    like an id (`id`, `uuid`, `…_id`, `userId`, …) with text or whole-number values.
//! 5. **Numeric**: any other numeric column.
//! 6. **Categorical**: text with `distinct ≤ min(250, max(20, 5 % of count))`: few enough levels
//!    to one-hot encode (the 250 cap keeps a large file from producing thousands of inputs).
//! 7. **FreeText**: any other text column (too many different values to be categories).
//!
//! [`ColumnSummary::reason`] explains Identifier, Constant and FreeText in words for the UI.

use crate::data::table::{Column, ColumnData, Table, MISSING_CODE};
use serde::{Deserialize, Serialize};

/// What a column is, for choosing features and target.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnKind {
    /// Measurements: usable as features or a regression target.
    Numeric,
    /// A few repeated text values: one-hot features or a classification target.
    Categorical,
    /// Two values such as yes/no or 0/1.
    Boolean,
    /// A different value in every row (an ID): not a useful feature.
    Identifier,
    /// At most one distinct value: not a useful feature.
    Constant,
    /// Text with too many different values to be categories.
    FreeText,
}

/// One bar of a histogram: `count` values in `[lo, hi)` (the last bar includes `hi`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HistogramBin {
    /// Lower edge.
    pub lo: f64,
    /// Upper edge.
    pub hi: f64,
    /// Values in the bin.
    pub count: usize,
}

/// Everything the data panel shows about one column.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ColumnSummary {
    /// Column name.
    pub name: String,
    /// Inferred kind.
    pub kind: ColumnKind,
    /// Non-missing cells.
    pub count: usize,
    /// Missing cells.
    pub missing: usize,
    /// Distinct non-missing values.
    pub distinct: usize,
    /// Mean (numeric columns).
    pub mean: Option<f64>,
    /// Sample standard deviation, n − 1 (numeric columns with at least 2 values).
    pub std: Option<f64>,
    /// Smallest value (numeric columns).
    pub min: Option<f64>,
    /// Largest value (numeric columns).
    pub max: Option<f64>,
    /// Up to 10 most frequent values with their counts; ties in order of first appearance.
    pub top: Vec<(String, usize)>,
    /// Numeric columns: 20 equal-width bins from min to max (one bin when min = max).
    pub histogram: Vec<HistogramBin>,
    /// Why the column is an identifier, constant or free text.
    pub reason: Option<String>,
}

/// Histogram bars for numeric columns.
const BINS: usize = 20;
/// Values listed in [`ColumnSummary::top`].
const TOP: usize = 10;

/// Counts of a column's values: enough to classify and summarize it without turning every
/// distinct number into a string (only the [`TOP`] most frequent are formatted).
struct Freq {
    /// Non-missing cells.
    count: usize,
    /// Distinct non-missing values.
    distinct: usize,
    /// Most frequent values (all of them when `distinct ≤ TOP`), ties by first appearance.
    top: Vec<(String, usize)>,
    /// Text columns: total characters over all present cells.
    chars: usize,
    /// Numeric columns: the finite values, and whether all are whole numbers.
    numbers: Option<(Vec<f64>, bool)>,
}

/// `(first appearance, count)` per distinct value → the [`TOP`] most frequent, ties by first.
///
/// One pass that keeps the best [`TOP`] so far in a heap (the worst of them on top, to be
/// replaced): a million distinct values cost a million pushes onto a heap of ten, where sorting
/// them all took ~0.2 s a column.
fn top_of(runs: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    use std::cmp::Reverse;
    // Better = more frequent, then seen first; `Reverse` puts the worst kept one on top.
    let mut best = std::collections::BinaryHeap::with_capacity(TOP + 1);
    for (first, count) in runs {
        best.push(Reverse((count, Reverse(first))));
        if best.len() > TOP {
            best.pop();
        }
    }
    // Ascending `Reverse(…)` is descending (count, then first appearance ascending).
    best.into_sorted_vec().into_iter().map(|Reverse((count, Reverse(first)))| (first, count)).collect()
}

fn frequencies(column: &Column) -> Freq {
    match &column.data {
        ColumnData::Text { codes, levels } => {
            let mut counts = vec![0usize; levels.len()];
            for &c in codes.iter().filter(|&&c| c != MISSING_CODE) {
                if let Some(n) = counts.get_mut(c as usize) {
                    *n += 1;
                }
            }
            // Levels are in order of first appearance, so the level index orders ties.
            let runs: Vec<(usize, usize)> = counts.iter().copied().enumerate().filter(|&(_, n)| n > 0).collect();
            let chars = runs.iter().map(|&(i, n)| levels.get(i).map_or(0, |l| l.chars().count()) * n).sum();
            let (count, distinct) = (runs.iter().map(|r| r.1).sum(), runs.len());
            let top = top_of(runs).into_iter().filter_map(|(i, n)| Some((levels.get(i)?.clone(), n))).collect();
            Freq { count, distinct, top, chars, numbers: None }
        }
        ColumnData::Numeric { values } => {
            let finite: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
            // Sorting (bits, position) groups equal values with their first position first.
            // -0 and 0 are one value (and `+ 0.0` below shows it as `0`).
            let mut keyed: Vec<(u64, usize)> =
                finite.iter().enumerate().map(|(i, &v)| ((if v == 0.0 { 0.0 } else { v }).to_bits(), i)).collect();
            keyed.sort_unstable();
            let runs: Vec<(usize, usize)> =
                keyed.chunk_by(|a, b| a.0 == b.0).filter_map(|run| Some((run.first()?.1, run.len()))).collect();
            let distinct = runs.len();
            let top =
                top_of(runs).into_iter().filter_map(|(i, n)| Some((format!("{}", finite.get(i)? + 0.0), n))).collect();
            let whole = finite.iter().all(|v| v.fract() == 0.0);
            Freq { count: finite.len(), distinct, top, chars: 0, numbers: Some((finite, whole)) }
        }
    }
}

/// True for names such as `id`, `ID`, `uuid`, `customer_id`, `order-id`, `userId`.
fn id_like(name: &str) -> bool {
    let lower = name.trim().to_lowercase();
    matches!(lower.as_str(), "id" | "uuid" | "guid" | "key" | "index" | "idx")
        || ["_id", " id", "-id", ".id", "_uuid"].iter().any(|s| lower.ends_with(s))
        || lower.starts_with("id_")
        || (name.ends_with("Id") && name.len() > 2 && name.chars().rev().nth(2).is_some_and(char::is_lowercase))
}

fn is_boolean_pair(a: &str, b: &str) -> bool {
    const PAIRS: [(&str, &str); 5] = [("true", "false"), ("yes", "no"), ("y", "n"), ("t", "f"), ("1", "0")];
    let (a, b) = (a.trim().to_lowercase(), b.trim().to_lowercase());
    PAIRS.iter().any(|&(x, y)| (a == x && b == y) || (a == y && b == x))
}

/// Kind and reason from the frequencies (see the module documentation for the rules).
fn classify(name: &str, freq: &Freq) -> (ColumnKind, Option<String>) {
    let (count, distinct) = (freq.count, freq.distinct);
    match (distinct, freq.top.as_slice()) {
        (0, _) => return (ColumnKind::Constant, Some("every value is missing".into())),
        (1, [(v, _)]) => return (ColumnKind::Constant, Some(format!("every value is `{v}`"))),
        (2, [(a, _), (b, _)]) if is_boolean_pair(a, b) => return (ColumnKind::Boolean, None),
        _ => {}
    }
    let category_limit = (count / 20).clamp(20, 250);
    let long = freq.numbers.is_none() && freq.chars >= count.saturating_mul(30);
    if long && distinct > category_limit {
        return (ColumnKind::FreeText, Some(format!("long text with many different values ({distinct})")));
    }
    let all_distinct = distinct == count;
    let (whole, fills_range) = match &freq.numbers {
        None => (true, true),
        Some((v, whole)) => {
            let (lo, hi) = v.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &x| (lo.min(x), hi.max(x)));
            (*whole, hi - lo + 1.0 <= 2.0 * count as f64)
        }
    };
    if all_distinct && count > 20 && whole && fills_range {
        return (
            ColumnKind::Identifier,
            Some(format!("every value is different ({count} values), like an ID or row number")),
        );
    }
    if all_distinct && whole && id_like(name) {
        return (ColumnKind::Identifier, Some("named like an identifier and every value is different".into()));
    }
    if freq.numbers.is_some() {
        (ColumnKind::Numeric, None)
    } else if distinct <= category_limit {
        (ColumnKind::Categorical, None)
    } else {
        (ColumnKind::FreeText, Some(format!("too many different values ({distinct}) to use as categories")))
    }
}

crate::choices!(ColumnKind, "data.prepare.kinds", {
    Numeric => "numeric", "numeric";
    Categorical => "categorical", "categorical";
    Boolean => "boolean", "boolean";
    Identifier => "identifier", "identifier";
    Constant => "constant", "constant";
    FreeText => "free_text", "free text";
});

/// The kind of `column` (rules in the module documentation).
pub fn infer_kind(column: &Column) -> ColumnKind {
    classify(&column.name, &frequencies(column)).0
}

/// Kind, counts, statistics, most frequent values and histogram of `column`.
pub fn summarize(column: &Column) -> ColumnSummary {
    let freq = frequencies(column);
    let (kind, reason) = classify(&column.name, &freq);
    let count = freq.count;
    let mut s = ColumnSummary {
        name: column.name.clone(),
        kind,
        count,
        missing: column.len().saturating_sub(count),
        distinct: freq.distinct,
        mean: None,
        std: None,
        min: None,
        max: None,
        top: freq.top,
        histogram: Vec::new(),
        reason,
    };
    if let Some((values, _)) = freq.numbers.as_ref().filter(|(v, _)| !v.is_empty()) {
        let (mut mean, mut m2) = (0.0f64, 0.0f64);
        for (k, &v) in values.iter().enumerate() {
            let d = v - mean;
            mean += d / (k + 1) as f64;
            m2 += d * (v - mean);
        }
        let (lo, hi) = values.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &x| (lo.min(x), hi.max(x)));
        let std = (m2 / (values.len() as f64 - 1.0)).sqrt();
        s.mean = mean.is_finite().then_some(mean);
        s.std = (values.len() > 1 && std.is_finite()).then_some(std);
        s.min = Some(lo);
        s.max = Some(hi);
        s.histogram = histogram(values, lo, hi);
    }
    s
}

/// Equal-width bins; computed with halves so that `hi − lo` cannot overflow.
fn histogram(values: &[f64], lo: f64, hi: f64) -> Vec<HistogramBin> {
    if lo >= hi {
        return vec![HistogramBin { lo, hi, count: values.len() }];
    }
    let half_span = hi / 2.0 - lo / 2.0;
    let mut counts = [0usize; BINS];
    for &v in values {
        let t = (v / 2.0 - lo / 2.0) / half_span; // 0..=1
        let i = ((t * BINS as f64) as usize).min(BINS - 1);
        if let Some(c) = counts.get_mut(i) {
            *c += 1;
        }
    }
    let edge = |i: usize| if i == BINS { hi } else { lo + (half_span / BINS as f64) * 2.0 * i as f64 };
    counts.iter().enumerate().map(|(i, &count)| HistogramBin { lo: edge(i), hi: edge(i + 1), count }).collect()
}

/// [`summarize`] for every column, in order.
pub fn summarize_table(table: &Table) -> Vec<ColumnSummary> {
    table.columns.iter().map(summarize).collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn text(name: &str, cells: &[&str]) -> Column {
        Column::text(name, &cells.iter().map(|c| (!c.is_empty()).then_some(*c)).collect::<Vec<_>>())
    }

    #[test]
    fn kinds() {
        assert_eq!(infer_kind(&Column::numeric("x", vec![1.0, 2.5, 2.5])), ColumnKind::Numeric);
        assert_eq!(infer_kind(&Column::numeric("x", vec![3.0, f64::NAN, 3.0])), ColumnKind::Constant);
        assert_eq!(infer_kind(&Column::numeric("x", vec![0.0, 1.0, 1.0])), ColumnKind::Boolean);
        assert_eq!(infer_kind(&text("b", &["Yes", "no", "", "yes"])), ColumnKind::Categorical); // 3 distinct
        assert_eq!(infer_kind(&text("b", &["Yes", "NO", "Yes"])), ColumnKind::Boolean);
        assert_eq!(infer_kind(&text("c", &["a", "b", "c", "a"])), ColumnKind::Categorical);
        assert_eq!(infer_kind(&text("user_id", &["u1", "u2", "u3"])), ColumnKind::Identifier);
        assert_eq!(infer_kind(&Column::numeric("row", (0..30).map(f64::from).collect())), ColumnKind::Identifier);
        assert_eq!(
            infer_kind(&Column::numeric("pay", (0..30).map(|i| f64::from(i) * 97.0).collect())),
            ColumnKind::Numeric
        );
        let names: Vec<String> = (0..30).map(|i| format!("n{i}")).collect();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        assert_eq!(infer_kind(&text("name", &refs)), ColumnKind::Identifier);
        let long: Vec<String> = (0..30).map(|i| format!("this is a rather long comment number {i}")).collect();
        let refs: Vec<&str> = long.iter().map(String::as_str).collect();
        assert_eq!(infer_kind(&text("note", &refs)), ColumnKind::FreeText);
        assert!(id_like("ID") && id_like("customerId") && id_like("order-id") && !id_like("paid") && !id_like("valid"));
    }

    /// The most frequent values, ties by first appearance: the same as sorting every value
    /// stably by count, most first, and keeping ten.
    #[test]
    fn top_values_most_frequent_first_ties_by_first_appearance() {
        // (first appearance, count): counts repeat, so ties decide most of the order.
        let runs: Vec<(usize, usize)> = (0..500).map(|i| ((i * 37) % 500, 1 + (i * i) % 7)).collect();
        let mut expected = runs.clone();
        expected.sort_by_key(|&(first, _)| first);
        expected.sort_by_key(|&(_, count)| std::cmp::Reverse(count));
        expected.truncate(TOP);
        assert_eq!(top_of(runs), expected);
        assert_eq!(top_of(vec![(3, 1), (1, 1), (2, 5)]), [(2, 5), (1, 1), (3, 1)]);
        assert!(top_of(Vec::new()).is_empty());
        // As the summary shows them: 2.5 three times, then 1 and 4 once each, 1 seen first.
        let s = summarize(&Column::numeric("x", vec![1.0, 2.5, 4.0, 2.5, 2.5]));
        assert_eq!(s.top, [("2.5".to_string(), 3), ("1".to_string(), 1), ("4".to_string(), 1)]);
    }

    #[test]
    fn numeric_summary() {
        let s = summarize(&Column::numeric("x", vec![1.0, 2.0, f64::NAN, 3.0, 4.0]));
        assert_eq!((s.count, s.missing, s.distinct), (4, 1, 4));
        assert_eq!((s.mean, s.min, s.max), (Some(2.5), Some(1.0), Some(4.0)));
        assert!((s.std.unwrap() - 1.290_994_448_735_805_6).abs() < 1e-12);
        assert_eq!(s.histogram.len(), 20);
        assert_eq!(s.histogram.iter().map(|b| b.count).sum::<usize>(), 4);
        assert_eq!((s.histogram[0].lo, s.histogram[19].hi, s.histogram[19].count), (1.0, 4.0, 1));
        let s = summarize(&Column::numeric("x", vec![-1e308, 1e308]));
        assert_eq!(s.histogram.iter().map(|b| b.count).collect::<Vec<_>>().iter().sum::<usize>(), 2);
    }
}
