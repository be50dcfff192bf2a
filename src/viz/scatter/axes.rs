//! Axes of the scatter plot: numeric axes with nice ticks (`frame::Ticked`), text axes with jittered
//! category positions, and the number/label formatting they need.

use super::*;
use crate::text::ellipsis;

/// One coordinate column, read as positions on its axis.
pub(super) enum AxisData<'a> {
    Numeric(&'a [f64]),
    Text {
        codes: &'a [u32],
        levels: &'a [String],
        /// Makes the x and y jitters of a row independent.
        salt: u64,
    },
}

impl<'a> AxisData<'a> {
    pub(super) fn of(c: &'a Column, salt: u64) -> Self {
        match &c.data {
            ColumnData::Numeric { values } => AxisData::Numeric(values),
            ColumnData::Text { codes, levels } => AxisData::Text { codes, levels, salt },
        }
    }

    /// Where row `r` sits on the axis; `None` when its cell is missing (or out of range).
    pub(super) fn position(&self, r: usize) -> Option<f64> {
        match self {
            AxisData::Numeric(v) => v.get(r).copied().filter(|v| v.is_finite()),
            AxisData::Text { codes, levels, salt } => {
                let code = *codes.get(r)? as usize;
                (code < levels.len()).then(|| code as f64 + jitter(r as u64, *salt))
            }
        }
    }

    /// The axis range: for numbers the points' range padded by 5 % (±0.5 around a single
    /// value, 0..1 without points); for text `-0.5 … levels − 0.5`.
    pub(super) fn range(&self, points: &[Point], get: impl Fn(&Point) -> f64) -> (f64, f64) {
        match self {
            AxisData::Text { levels, .. } => (-0.5, levels.len().max(1) as f64 - 0.5),
            AxisData::Numeric(_) => {
                let (lo, hi) = points
                    .iter()
                    .map(get)
                    .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)));
                if lo > hi {
                    (0.0, 1.0)
                } else if hi - lo > 0.0 && (hi - lo).is_finite() {
                    let margin = (hi - lo) * 0.05;
                    (lo - margin, hi + margin)
                } else {
                    let margin = (lo.abs() * 0.1).max(0.5);
                    (lo - margin, hi + margin)
                }
            }
        }
    }

    /// Tick positions: "nice" numbers, or every `k`-th category so that at most `slots` fit.
    pub(super) fn ticks(&self, range: (f64, f64), slots: usize) -> Vec<f64> {
        match self {
            AxisData::Numeric(_) => nice_ticks(range.0, range.1, slots.max(2)),
            AxisData::Text { levels, .. } => {
                let step = levels.len().div_ceil(slots.max(1)).max(1);
                (0..levels.len()).step_by(step).map(|i| i as f64).collect()
            }
        }
    }

    /// Tick label at `v`: the number, or the category at that integer position.
    pub(super) fn label(&self, v: f64) -> String {
        match self {
            AxisData::Numeric(_) => compact_number(v),
            AxisData::Text { levels, .. } => {
                let i = v.round();
                if (v - i).abs() < 1e-6 && i >= 0.0 {
                    levels.get(i as usize).map(|l| short(l)).unwrap_or_default()
                } else {
                    String::new()
                }
            }
        }
    }
}

/// A deterministic offset in `[-JITTER, JITTER)` for row `r`.
pub(super) fn jitter(r: u64, salt: u64) -> f64 {
    let u = (splitmix(r.wrapping_mul(2).wrapping_add(salt)) >> 11) as f64 / (1u64 << 53) as f64;
    (u * 2.0 - 1.0) * JITTER
}

/// SplitMix64's output function: a well-mixed 64-bit hash of `x`.
pub(super) fn splitmix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// At most [`LABEL_CHARS`] characters, "…" marking a cut.
pub(super) fn short(s: &str) -> String {
    ellipsis(s, LABEL_CHARS)
}

/// An axis title: at most 40 characters.
pub(super) fn short_name(s: &str) -> String {
    ellipsis(s, 40)
}
