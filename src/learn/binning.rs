//! Features binned once, so that trees find splits from per-bin sums instead of sorting.
//!
//! Each feature gets at most `max_bins` (≤ 256) bins, so a bin index is one byte:
//! - When the training values of a feature have at most `max_bins` distinct finite values, each
//!   gets its own bin, and the candidate splits are exactly exact CART's (every boundary between
//!   two neighbouring values).
//! - Otherwise the sorted distinct values are cut into runs of about equal row counts
//!   (equal-frequency bins, as LightGBM and scikit-learn's `HistGradientBoosting*` do with
//!   quantiles), never inside a run of equal values, so no bin is empty.
//!
//! A bin `b` holds the values `x` with `edge[b−1] < x ≤ edge[b]`; the edges lie half-way between
//! the neighbouring distinct values (the value below when the half-way point rounds up onto the
//! value above in `f32`, as scikit-learn does). The per-bin smallest and largest training value
//! are kept: a split between bins is stored as a threshold half-way between the values actually
//! on either side ([`BinMapper::threshold`]).
//!
//! Non-finite values do not panic and are handled the same way everywhere: `−∞` falls into the
//! first bin, `+∞` and NaN into the last, and the edges come from finite values only. A tree's
//! rule `x ≤ threshold` sends NaN and `+∞` right at every split — exactly where their bin goes.

use super::matrix::Matrix;

/// The most bins a feature may have (bin indices are `u8`).
pub const MAX_BINS: usize = 256;

/// How one feature's values map to bins.
#[derive(Clone, Debug)]
struct FeatureBins {
    /// Upper edges of all bins but the last, ascending.
    edges: Vec<f32>,
    /// Smallest finite training value of each bin.
    min: Vec<f32>,
    /// Largest finite training value of each bin.
    max: Vec<f32>,
}

/// The bins of every feature, fitted on training rows.
#[derive(Clone, Debug)]
pub struct BinMapper {
    features: Vec<FeatureBins>,
}

/// A matrix as bin indices, column-major (one feature's bins are contiguous: histograms read
/// them in one sweep).
#[derive(Clone, Debug)]
pub struct Binned {
    bins: Vec<u8>,
    rows: usize,
    n_bins: Vec<usize>,
}

impl Binned {
    /// The bin of every row for feature `f`.
    pub fn column(&self, f: usize) -> &[u8] {
        &self.bins[f * self.rows..(f + 1) * self.rows]
    }

    /// Number of bins of feature `f`.
    pub fn n_bins(&self, f: usize) -> usize {
        self.n_bins[f]
    }

    /// Number of features.
    pub fn width(&self) -> usize {
        self.n_bins.len()
    }

    /// Number of rows.
    pub fn rows(&self) -> usize {
        self.rows
    }
}

impl BinMapper {
    /// Bins for every column of `x`; `max_bins` is clamped to `2..=256`.
    pub fn fit(x: Matrix, max_bins: usize) -> BinMapper {
        let max_bins = max_bins.clamp(2, MAX_BINS);
        let features = (0..x.width())
            .map(|f| {
                let mut values: Vec<f32> =
                    (0..x.rows()).map(|i| x.get(i, f)).filter(|v| v.is_finite()).map(|v| v + 0.0).collect();
                values.sort_unstable_by(f32::total_cmp);
                feature_bins(&values, max_bins)
            })
            .collect();
        BinMapper { features }
    }

    /// Number of bins of feature `f`.
    pub fn n_bins(&self, f: usize) -> usize {
        self.features[f].edges.len() + 1
    }

    /// The bin of value `v` of feature `f`.
    pub fn bin(&self, f: usize, v: f32) -> u8 {
        let edges = &self.features[f].edges;
        if v.is_nan() {
            return edges.len() as u8;
        }
        edges.partition_point(|&e| e < v) as u8
    }

    /// All of `x` as bins.
    pub fn transform(&self, x: Matrix) -> Binned {
        let rows = x.rows();
        let width = self.features.len();
        let mut bins = vec![0u8; rows * width];
        for (f, col) in bins.chunks_exact_mut(rows.max(1)).take(width).enumerate() {
            for (i, b) in col.iter_mut().enumerate() {
                *b = self.bin(f, x.get(i, f));
            }
        }
        Binned { bins, rows, n_bins: (0..width).map(|f| self.n_bins(f)).collect() }
    }

    /// The threshold of a split of feature `f` that sends bins `..=left` left and bins
    /// `right..` right (`left < right`; the bins between hold no row of the node): half-way
    /// between the largest training value of bin `left` and the smallest of bin `right`,
    /// in `f64`, rounded to `f32`, and the lower value if that rounds onto the upper one. Every
    /// row of the node then goes the same way by `x ≤ threshold` as by its bin.
    pub fn threshold(&self, f: usize, left: usize, right: usize) -> f32 {
        let fb = &self.features[f];
        midpoint(fb.max[left], fb.min[right])
    }
}

/// Half-way between `lo < hi`, as scikit-learn places its thresholds: computed in `f64`; when it
/// rounds to `hi` (neighbouring `f32`s) or is infinite, `lo`.
fn midpoint(lo: f32, hi: f32) -> f32 {
    let mid = ((f64::from(lo) + f64::from(hi)) / 2.0) as f32;
    if mid >= hi || !mid.is_finite() {
        lo
    } else {
        mid
    }
}

/// The bins of one feature from its sorted finite values.
fn feature_bins(sorted: &[f32], max_bins: usize) -> FeatureBins {
    // Distinct values and the number of rows that have each.
    let mut distinct: Vec<(f32, usize)> = Vec::new();
    for &v in sorted {
        match distinct.last_mut() {
            Some((last, count)) if *last == v => *count += 1,
            _ => distinct.push((v, 1)),
        }
    }
    if distinct.is_empty() {
        return FeatureBins { edges: Vec::new(), min: vec![0.0], max: vec![0.0] };
    }
    // `cuts[j]`: the index of the last distinct value of bin j (the last bin is implied).
    let cuts: Vec<usize> = if distinct.len() <= max_bins {
        (0..distinct.len() - 1).collect()
    } else {
        // Equal-frequency: close a bin at the first distinct value whose cumulative count
        // reaches the next multiple of n / max_bins (never twice at one value).
        let n = sorted.len() as f64;
        let mut cuts = Vec::with_capacity(max_bins - 1);
        let mut cumulative = 0usize;
        let mut next = 1usize;
        for (i, &(_, count)) in distinct.iter().enumerate().take(distinct.len() - 1) {
            cumulative += count;
            if next < max_bins && cumulative as f64 >= n * next as f64 / max_bins as f64 {
                cuts.push(i);
                while next < max_bins && cumulative as f64 >= n * next as f64 / max_bins as f64 {
                    next += 1;
                }
            }
        }
        cuts
    };
    let edges = cuts.iter().map(|&i| midpoint(distinct[i].0, distinct[i + 1].0)).collect();
    let mut min = Vec::with_capacity(cuts.len() + 1);
    let mut max = Vec::with_capacity(cuts.len() + 1);
    let mut first = 0;
    for &i in cuts.iter().chain(std::iter::once(&(distinct.len() - 1))) {
        min.push(distinct[first].0);
        max.push(distinct[i].0);
        first = i + 1;
    }
    FeatureBins { edges, min, max }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mapper(col: &[f32], max_bins: usize) -> BinMapper {
        BinMapper::fit(Matrix::new(col, col.len(), 1).unwrap(), max_bins)
    }

    #[test]
    fn few_values_get_one_bin_each_with_midpoint_edges() {
        let m = mapper(&[3.0, 1.0, 2.0, 1.0, 3.0], 255);
        assert_eq!(m.features[0].edges, vec![1.5, 2.5]);
        assert_eq!([m.bin(0, 1.0), m.bin(0, 1.5), m.bin(0, 2.0), m.bin(0, 2.6), m.bin(0, 9.0)], [0, 0, 1, 2, 2]);
        assert_eq!(m.threshold(0, 0, 2), 2.0);
    }

    #[test]
    fn many_values_get_equal_frequency_bins_and_no_empty_bin() {
        let col: Vec<f32> = (0..10_000).map(|i| ((i * 7919) % 10_000) as f32 / 7.0).collect();
        let m = mapper(&col, 255);
        assert_eq!(m.n_bins(0), 255);
        let b = m.transform(Matrix::new(&col, col.len(), 1).unwrap());
        let mut counts = vec![0usize; 255];
        for &v in b.column(0) {
            counts[v as usize] += 1;
        }
        assert!(counts.iter().all(|&c| (38..=41).contains(&c)), "{counts:?}");
        // Heavy ties: one value is 90 % of the rows; bins never split it and none is empty.
        let col: Vec<f32> = (0..1000).map(|i| if i < 900 { 5.0 } else { i as f32 }).collect();
        let m = mapper(&col, 16);
        let b = m.transform(Matrix::new(&col, col.len(), 1).unwrap());
        let mut counts = vec![0usize; m.n_bins(0)];
        for &v in b.column(0) {
            counts[v as usize] += 1;
        }
        assert!(counts.iter().all(|&c| c > 0), "{counts:?}");
        assert!(counts.contains(&900));
    }

    #[test]
    fn non_finite_values_go_to_the_end_bins() {
        let m = mapper(&[f32::NAN, 1.0, f32::INFINITY, 2.0, f32::NEG_INFINITY], 255);
        assert_eq!(m.features[0].edges, vec![1.5]);
        assert_eq!(m.bin(0, f32::NEG_INFINITY), 0);
        assert_eq!(m.bin(0, f32::INFINITY), 1);
        assert_eq!(m.bin(0, f32::NAN), 1);
        // All missing: one bin, no split possible.
        let m = mapper(&[f32::NAN, f32::NAN], 255);
        assert_eq!(m.n_bins(0), 1);
        assert_eq!(m.bin(0, 3.0), 0);
    }

    #[test]
    fn midpoint_of_neighbouring_floats_is_the_lower_one() {
        let lo = 1.0f32;
        let hi = f32::from_bits(lo.to_bits() + 1);
        assert_eq!(midpoint(lo, hi), lo);
        assert_eq!(midpoint(-0.0, 0.5), 0.25);
        assert_eq!(midpoint(f32::MAX, f32::INFINITY), f32::MAX);
    }
}
