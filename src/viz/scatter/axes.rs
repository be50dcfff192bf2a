//! Axes of the scatter plot: numeric axes with chosen ticks, text axes with jittered
//! category positions, and the number/label formatting they need.

use super::*;

/// A linear `f64` axis with ticks of our choosing. (plotters' `WithKeyPoints` over
/// `RangedCoordf64` would do, but its mesh then insists on a default number format even when a
/// label formatter is given.)
pub(super) struct TickedAxis {
    inner: RangedCoordf64,
    ticks: Vec<f64>,
}

impl TickedAxis {
    pub(super) fn new(range: (f64, f64), ticks: Vec<f64>) -> Self {
        Self { inner: (range.0..range.1).into(), ticks }
    }
}

impl Ranged for TickedAxis {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        self.inner.map(value, limit)
    }

    fn key_points<H: KeyPointHint>(&self, hint: H) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            self.ticks.clone()
        }
    }

    fn range(&self) -> Range<f64> {
        self.inner.range()
    }
}

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

/// Multiples of a step of 1, 2, 2.5 or 5 × 10ᵏ inside `[lo, hi]`, about `target` of them.
pub(super) fn nice_ticks(lo: f64, hi: f64, target: usize) -> Vec<f64> {
    let span = hi - lo;
    if !(span > 0.0 && span.is_finite()) {
        return vec![lo];
    }
    let raw = span / target as f64;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0].iter().map(|m| m * magnitude).find(|&s| s >= raw).unwrap_or(10.0 * magnitude);
    let (first, last) = ((lo / step).ceil() as i64, (hi / step).floor() as i64);
    (first..=last).map(|k| k as f64 * step).collect()
}

/// At most [`LABEL_CHARS`] characters, "…" marking a cut.
pub(super) fn short(s: &str) -> String {
    truncate(s, LABEL_CHARS)
}

/// An axis title: at most 40 characters.
pub(super) fn short_name(s: &str) -> String {
    truncate(s, 40)
}

pub(super) fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        return s.to_string();
    }
    let cut: String = s.chars().take(n.saturating_sub(1)).collect();
    format!("{cut}…")
}

/// `1234567` → `1,234,567`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out
}
