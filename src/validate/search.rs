//! Hyper-parameter search: ranges a person sets, and settings proposed within them, at random or
//! by a model of the scores so far (TPE, [`tpe`]).
//!
//! A grid spends most of its runs on settings that do not matter; random search (Bergstra &
//! Bengio, 2012) tries a new value of every parameter in every run, and a model-based search
//! moves towards the settings that scored well. Each parameter has a [`Range`]: a float on a
//! linear or a log scale (a learning rate: every factor of 10 as likely), an integer, or a
//! choice among named options.
//!
//! # Determinism, also over a pool of workers
//! Proposal `i` draws from its own generator, [`crate::rng::Stream::Search`] of a seed mixed from
//! the search's seed and `i`, so it depends only on the seed, `i` and the trials it is shown —
//! never on the order in which runs finish. [`propose`] is a pure function of these. A driver
//! that proposes a batch of settings from the same history ([`Tuner::propose_batch`]), runs them
//! on any number of workers and observes them all before the next batch gets the same results
//! bit for bit whatever the pool size, as long as the batch size is fixed (1 = fully sequential
//! TPE; the batch size is a setting of the search, not the pool size).

pub mod tpe;

use super::error::{ValidateError, ValidateResult};
use super::summary::Better;
use crate::rng::{SeededRng, Stream};
use serde::{Deserialize, Serialize};
pub use tpe::TpeSettings;

/// The values one parameter may take.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Range {
    /// A number in `[lo, hi]`; with `log`, spread evenly over `ln lo … ln hi` (`lo > 0`).
    Float {
        /// Smallest value.
        lo: f64,
        /// Largest value.
        hi: f64,
        /// Log scale.
        #[serde(default)]
        log: bool,
    },
    /// A whole number in `lo..=hi`; with `log`, spread evenly over its logarithm (`lo ≥ 1`).
    Int {
        /// Smallest value.
        lo: i64,
        /// Largest value.
        hi: i64,
        /// Log scale.
        #[serde(default)]
        log: bool,
    },
    /// One of these options.
    Choice {
        /// The options' names.
        options: Vec<String>,
    },
}

/// A named parameter and its range.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Param {
    /// The setting it sets (e.g. `training.learning_rate`); the driver reads it.
    pub name: String,
    /// Its values.
    pub range: Range,
}

/// One parameter's value in a setting.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Value {
    /// For [`Range::Float`].
    Float(f64),
    /// For [`Range::Int`].
    Int(i64),
    /// For [`Range::Choice`]: the option's position.
    Choice(usize),
}

impl Value {
    /// The value as a number (a choice's position).
    pub fn as_f64(&self) -> f64 {
        match *self {
            Value::Float(v) => v,
            Value::Int(v) => v as f64,
            Value::Choice(i) => i as f64,
        }
    }
}

/// One value per parameter, in the space's order.
pub type Setting = Vec<Value>;

/// A setting that was run, and its score.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Trial {
    /// Its proposal number.
    pub index: usize,
    /// The setting.
    pub setting: Setting,
    /// Its score (e.g. the cross-validated mean); not finite for a failed run.
    pub score: f64,
}

/// How settings are proposed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Method {
    /// Every setting at random.
    Random,
    /// Tree-structured Parzen estimators.
    Tpe(TpeSettings),
}

/// Checks a search space: at least one parameter, distinct non-empty names, ranges with
/// `lo < hi` (`lo ≤ hi` for integers), finite, `lo > 0` on a log scale (`≥ 1` for integers), and
/// at least one option.
///
/// # Errors
/// [`ValidateError::Setting`] naming the parameter and what is allowed.
pub fn check_space(space: &[Param]) -> ValidateResult<()> {
    let bad = |name: &str, what: String| Err(ValidateError::Setting(format!("search range `{name}`: {what}")));
    if space.is_empty() {
        return Err(ValidateError::Setting("a search needs at least one setting to vary".into()));
    }
    for (i, p) in space.iter().enumerate() {
        if p.name.is_empty() || space[..i].iter().any(|q| q.name == p.name) {
            return Err(ValidateError::Setting(format!("search range {i}: each needs its own non-empty name")));
        }
        match p.range {
            Range::Float { lo, hi, log } => {
                if !(lo.is_finite() && hi.is_finite() && lo < hi) {
                    return bad(
                        &p.name,
                        format!("from {lo} to {hi} is not a range: the low end must be below the high end"),
                    );
                }
                if log && lo <= 0.0 {
                    return bad(&p.name, format!("a log scale needs a low end above 0, not {lo}"));
                }
            }
            Range::Int { lo, hi, log } => {
                if lo > hi {
                    return bad(
                        &p.name,
                        format!("from {lo} to {hi} is not a range: the low end must not be above the high end"),
                    );
                }
                if log && lo < 1 {
                    return bad(&p.name, format!("a log scale needs a low end of at least 1, not {lo}"));
                }
            }
            Range::Choice { ref options } => {
                if options.is_empty() {
                    return bad(&p.name, "give at least one option".into());
                }
            }
        }
    }
    Ok(())
}

/// A parameter in the coordinates the search works in: `[lo, hi]` of a float (of its logarithm
/// on a log scale), `[lo − ½, hi + ½]` of an integer (of `ln(lo − ½) … ln(hi + ½)` on a log
/// scale) so that rounding gives every integer an equal share, or `k` options.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Axis {
    /// Continuous interval; `int`: the value is rounded; `log`: the coordinate is a logarithm.
    Line { a: f64, b: f64, int: bool, log: bool },
    /// `k` options.
    Options(usize),
}

pub(crate) fn axis(range: &Range) -> Axis {
    match *range {
        Range::Float { lo, hi, log } => {
            if log {
                Axis::Line { a: libm::log(lo), b: libm::log(hi), int: false, log }
            } else {
                Axis::Line { a: lo, b: hi, int: false, log }
            }
        }
        Range::Int { lo, hi, log } => {
            let (a, b) = (lo as f64 - 0.5, hi as f64 + 0.5);
            if log {
                Axis::Line { a: libm::log(a), b: libm::log(b), int: true, log }
            } else {
                Axis::Line { a, b, int: true, log }
            }
        }
        Range::Choice { ref options } => Axis::Options(options.len()),
    }
}

/// The value at coordinate `u` (a choice's position for options).
pub(crate) fn value_at(range: &Range, u: f64) -> Value {
    match *range {
        Range::Float { lo, hi, log } => Value::Float((if log { libm::exp(u) } else { u }).clamp(lo, hi)),
        Range::Int { lo, hi, log } => {
            let x = if log { libm::exp(u) } else { u };
            Value::Int((libm::round(x) as i64).clamp(lo, hi))
        }
        Range::Choice { ref options } => Value::Choice((u as usize).min(options.len().saturating_sub(1))),
    }
}

/// The coordinate of a value (for the estimators).
pub(crate) fn coordinate(range: &Range, v: &Value) -> f64 {
    let log = matches!(range, Range::Float { log: true, .. } | Range::Int { log: true, .. });
    let x = v.as_f64();
    if log {
        libm::log(x.max(f64::MIN_POSITIVE))
    } else {
        x
    }
}

/// A uniform draw of a coordinate on `axis`.
pub(crate) fn draw_uniform(axis: Axis, rng: &mut SeededRng) -> f64 {
    match axis {
        Axis::Line { a, b, .. } => rng.uniform_range(a, b),
        Axis::Options(k) => rng.below(k) as f64,
    }
}

/// The generator of proposal `index`: SplitMix64 of the seed and the index, so proposals do
/// not depend on each other's draws.
pub(crate) fn proposal_rng(seed: u64, index: usize) -> SeededRng {
    let mix = |mut z: u64| {
        z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    SeededRng::new(mix(seed ^ mix(index as u64)), Stream::Search)
}

/// A setting drawn uniformly (on each parameter's scale).
pub fn random_setting(space: &[Param], rng: &mut SeededRng) -> Setting {
    space.iter().map(|p| value_at(&p.range, draw_uniform(axis(&p.range), rng))).collect()
}

/// Proposal number `index` of a search over `space` (checked with [`check_space`]) after the
/// trials in `history` (any order; a trial whose setting does not fit the space is ignored).
pub fn propose(
    space: &[Param],
    method: &Method,
    better: Better,
    seed: u64,
    index: usize,
    history: &[Trial],
) -> Setting {
    let mut rng = proposal_rng(seed, index);
    match method {
        Method::Random => random_setting(space, &mut rng),
        Method::Tpe(settings) => tpe::propose(space, settings, better, history, &mut rng),
    }
}

/// A search in progress: proposes settings and keeps the trials observed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Tuner {
    /// The parameters.
    pub space: Vec<Param>,
    /// How settings are proposed.
    pub method: Method,
    /// Which way the score is better.
    pub better: Better,
    /// The search's seed.
    pub seed: u64,
    history: Vec<Trial>,
    next: usize,
}

impl Tuner {
    /// A search with no trials yet.
    ///
    /// # Errors
    /// As [`check_space`]; TPE settings as [`TpeSettings::check`].
    pub fn new(space: Vec<Param>, method: Method, better: Better, seed: u64) -> ValidateResult<Self> {
        check_space(&space)?;
        if let Method::Tpe(s) = &method {
            s.check()?;
        }
        Ok(Tuner { space, method, better, seed, history: Vec::new(), next: 0 })
    }

    /// The next proposal: its number and setting.
    pub fn propose(&mut self) -> (usize, Setting) {
        let index = self.next;
        self.next += 1;
        (index, propose(&self.space, &self.method, self.better, self.seed, index, &self.history))
    }

    /// `n` proposals from the same history (to run in parallel; observe them all before the
    /// next batch).
    pub fn propose_batch(&mut self, n: usize) -> Vec<(usize, Setting)> {
        let first = self.next;
        self.next += n;
        (first..first + n)
            .map(|i| (i, propose(&self.space, &self.method, self.better, self.seed, i, &self.history)))
            .collect()
    }

    /// Records the score of proposal `index` (kept in proposal order whatever the order of calls).
    pub fn observe(&mut self, index: usize, setting: Setting, score: f64) {
        let at = self.history.partition_point(|t| t.index < index);
        self.history.insert(at, Trial { index, setting, score });
    }

    /// The trials observed, in proposal order.
    pub fn history(&self) -> &[Trial] {
        &self.history
    }

    /// The trial with the best finite score (the earliest among equals).
    pub fn best(&self) -> Option<&Trial> {
        self.history.iter().filter(|t| t.score.is_finite()).fold(None, |best: Option<&Trial>, t| match best {
            Some(b) if !self.better.beats(t.score, b.score) => Some(b),
            _ => Some(t),
        })
    }
}

#[cfg(test)]
mod tests;
