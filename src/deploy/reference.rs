//! What an exported model keeps of its training rows so that drift can be measured without the
//! training file: per input column, the missing count and either a sorted sample of the values
//! with the PSI bins, or the category counts.

use super::card::InputKind;
use super::stats::{bin_shares, quantile_edges};
use crate::data::table::{Column, ColumnData};
use crate::rng::{SeededRng, Stream};
use serde::{Deserialize, Serialize};

/// Most training values kept per numeric column. The Kolmogorov–Smirnov test on 2,000
/// reference values against `m` new ones detects a shift of `D ≈ 1.63·√(1/2000 + 1/m)` at
/// the 1 % level — 0.05 for `m = 2000`: small shifts are still seen, and the card stays small
/// (about 40 KB per column as JSON).
pub const REFERENCE_SAMPLE: usize = 2000;

/// Quantile bins of the PSI of a numeric column.
pub const PSI_BINS: usize = 10;

/// The training statistics of one input column.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ColumnReference {
    /// Column name.
    pub name: String,
    /// Training rows.
    pub rows: usize,
    /// Training rows where the column was missing.
    pub missing: usize,
    /// Values.
    #[serde(flatten)]
    pub stats: ReferenceStats,
}

/// Statistics of the present training values.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ReferenceStats {
    /// A numeric column.
    Numeric {
        /// Inner edges of the PSI bins, fitted on every present training value
        /// ([`quantile_edges`] with [`PSI_BINS`]).
        edges: Vec<f64>,
        /// Share of the present training values in each of the `edges.len() + 1` bins.
        shares: Vec<f64>,
        /// Present training values, sorted: all of them, or [`REFERENCE_SAMPLE`] drawn without
        /// replacement from the experiment seed (stream `Reference`) when there are more.
        sample: Vec<f64>,
    },
    /// A categorical column.
    Categorical {
        /// The training categories (the model's one-hot order).
        categories: Vec<String>,
        /// Training rows per category.
        counts: Vec<u64>,
    },
}

/// The statistics of `column` over the training `rows`, for an input of `kind`.
pub fn reference_of(column: &Column, kind: &InputKind, rows: &[usize], seed: u64) -> ColumnReference {
    let missing = rows.iter().filter(|&&r| column.is_missing(r)).count();
    let stats = match (kind, &column.data) {
        (InputKind::Numeric { .. }, ColumnData::Numeric { values }) => {
            let mut present: Vec<f64> = rows.iter().map(|&r| values[r]).filter(|v| v.is_finite()).collect();
            present.sort_by(f64::total_cmp);
            let edges = quantile_edges(&present, PSI_BINS);
            let shares = bin_shares(&edges, &present).0;
            ReferenceStats::Numeric { edges, shares, sample: sample_sorted(&present, seed) }
        }
        (InputKind::Categorical { categories, .. }, _) => {
            let mut counts = vec![0u64; categories.len()];
            for &r in rows {
                if let Some(i) = column.display(r).and_then(|t| categories.iter().position(|c| *c == t)) {
                    counts[i] += 1;
                }
            }
            ReferenceStats::Categorical { categories: categories.clone(), counts }
        }
        // A numeric input is always a numeric column (the preparation refused anything else).
        (InputKind::Numeric { .. }, ColumnData::Text { .. }) => {
            ReferenceStats::Numeric { edges: Vec::new(), shares: vec![0.0], sample: Vec::new() }
        }
    };
    ColumnReference { name: column.name.clone(), rows: rows.len(), missing, stats }
}

/// All of the sorted values, or [`REFERENCE_SAMPLE`] of them drawn without replacement
/// (a partial Fisher–Yates shuffle of the positions), sorted.
fn sample_sorted(sorted: &[f64], seed: u64) -> Vec<f64> {
    if sorted.len() <= REFERENCE_SAMPLE {
        return sorted.to_vec();
    }
    let mut rng = SeededRng::new(seed, Stream::Reference);
    let mut positions: Vec<usize> = (0..sorted.len()).collect();
    for i in 0..REFERENCE_SAMPLE {
        let j = i + rng.below(sorted.len() - i);
        positions.swap(i, j);
    }
    let mut out: Vec<f64> = positions[..REFERENCE_SAMPLE].iter().map(|&p| sorted[p]).collect();
    out.sort_by(f64::total_cmp);
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn numeric_reference() {
        let c = Column::numeric("x", vec![5.0, f64::NAN, 1.0, 3.0, 2.0, 4.0]);
        let kind = InputKind::Numeric { fill: 3.0, min: 1.0, max: 5.0 };
        // Rows 0..5 without row 5: values 5, NaN, 1, 3, 2 → sorted 1, 2, 3, 5.
        let r = reference_of(&c, &kind, &[0, 1, 2, 3, 4], 1);
        assert_eq!((r.rows, r.missing), (5, 1));
        let ReferenceStats::Numeric { edges, shares, sample } = r.stats else { panic!() };
        assert_eq!(sample, [1.0, 2.0, 3.0, 5.0]);
        // n = 4: positions ⌊4k/10⌋ = 0,0,1,1,2,2,2,3,3 → values 1 (dropped: the minimum), 2, 3, 5.
        assert_eq!(edges, [2.0, 3.0, 5.0]);
        assert_eq!(shares, [0.25, 0.25, 0.25, 0.25]);
    }

    #[test]
    fn large_columns_are_sampled_from_the_seed() {
        let values: Vec<f64> = (0..5000).map(f64::from).collect();
        let c = Column::numeric("x", values);
        let kind = InputKind::Numeric { fill: 0.0, min: 0.0, max: 4999.0 };
        let rows: Vec<usize> = (0..5000).collect();
        let sample = |seed| match reference_of(&c, &kind, &rows, seed).stats {
            ReferenceStats::Numeric { sample, .. } => sample,
            ReferenceStats::Categorical { .. } => panic!(),
        };
        let a = sample(3);
        assert_eq!(a.len(), REFERENCE_SAMPLE);
        assert!(a.windows(2).all(|w| w[0] < w[1]), "sorted, without repeats");
        assert_eq!(a, sample(3));
        assert_ne!(a, sample(4));
        // A uniform sample of 0..5000 has a mean near 2500 (sd of the mean ≈ 1443/√2000 ≈ 32).
        let mean = a.iter().sum::<f64>() / a.len() as f64;
        assert!((mean - 2499.5).abs() < 150.0, "{mean}");
    }

    #[test]
    fn categorical_reference() {
        let c = Column::text("k", &[Some("b"), Some("a"), None, Some("b"), Some("z")]);
        let kind =
            InputKind::Categorical { categories: vec!["b".into(), "a".into()], fill: "b".into(), numeric_codes: false };
        let r = reference_of(&c, &kind, &[0, 1, 2, 3], 1);
        assert_eq!((r.rows, r.missing), (4, 1));
        assert_eq!(
            r.stats,
            ReferenceStats::Categorical { categories: vec!["b".into(), "a".into()], counts: vec![2, 1] }
        );
    }
}
