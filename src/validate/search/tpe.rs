//! The tree-structured Parzen estimator (TPE; Bergstra, Bardenet, Bengio & Kégl, "Algorithms for
//! Hyper-Parameter Optimization", NIPS 2011), as hyperopt implements it for independent
//! parameters.
//!
//! Instead of modelling the score given the setting, TPE models the settings given the score:
//! the trials are split at the γ-quantile of their scores into the good ones (the best `⌈γ·n⌉`)
//! and the others, and each parameter gets two densities, `l(x)` from the good trials' values and
//! `g(x)` from the others'. The expected improvement over the γ-quantile is an increasing function
//! of `l(x)/g(x)`, so the proposal is, among `M` candidates drawn from `l`, the one with the
//! largest `Σ_params ln l(x) − ln g(x)`. Failed trials (a score that is not finite) count among
//! the others. The first `startup` proposals are random.
//!
//! Each density is a Parzen estimator: a mixture, on the parameter's scale (its logarithm for a
//! log range), of the uniform prior's stand-in — a normal at the middle of the range with the
//! range as its width, weight `prior_weight` — and a normal at each observed value, weight 1,
//! whose width is the larger distance to its sorted neighbours (the prior's mean included),
//! clipped to `[range / min(100, 1 + m), range]` for `m` components (hyperopt's
//! `adaptive_parzen_normal`); every normal is truncated to the range. An integer's density is the
//! mass of the mixture between `x − ½` and `x + ½`. A choice's is a histogram of the observed
//! options plus `prior_weight` for each option. Hyperopt also down-weights old observations
//! beyond 25 (linear forgetting) and splits at `⌈γ·√n⌉`; this keeps every observation's weight
//! at 1 and splits at the γ-quantile of the paper.

use super::{axis, coordinate, random_setting, value_at, Axis, Param, Range, Setting, Trial, Value};
use crate::rng::SeededRng;
use crate::validate::error::{ValidateError, ValidateResult};
use crate::validate::summary::Better;
use serde::{Deserialize, Serialize};

/// The settings of TPE.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TpeSettings {
    /// Random proposals before the model is used (≥ 1).
    pub startup: usize,
    /// Share of the trials counted as good (0 < γ < 1).
    pub gamma: f64,
    /// Candidates drawn from the good trials' density per proposal (≥ 1).
    pub candidates: usize,
    /// Weight of the prior in each density (> 0).
    pub prior_weight: f64,
}

impl Default for TpeSettings {
    /// 10 random proposals first, γ = 0.25, 24 candidates (hyperopt's), prior weight 1.
    fn default() -> Self {
        TpeSettings { startup: 10, gamma: 0.25, candidates: 24, prior_weight: 1.0 }
    }
}

impl TpeSettings {
    /// Errs on a setting out of range.
    ///
    /// # Errors
    /// [`ValidateError::Setting`] naming it.
    pub fn check(&self) -> ValidateResult<()> {
        let bad = |m: &str| Err(ValidateError::Setting(format!("TPE: {m}")));
        if self.startup == 0 {
            return bad("at least 1 random proposal must come first");
        }
        if !(self.gamma > 0.0 && self.gamma < 1.0) {
            return bad("the share of good trials (gamma) is between 0 and 1, e.g. 0.25");
        }
        if self.candidates == 0 {
            return bad("at least 1 candidate per proposal");
        }
        if !(self.prior_weight.is_finite() && self.prior_weight > 0.0) {
            return bad("the prior weight is a number above 0, e.g. 1");
        }
        Ok(())
    }
}

/// Φ, the standard normal distribution function.
fn phi(z: f64) -> f64 {
    0.5 * libm::erfc(-z / std::f64::consts::SQRT_2)
}

/// One parameter's density.
enum Density {
    /// Truncated normals on `[a, b]`: `(mean, width, weight / mass inside [a, b])`.
    Mixture { parts: Vec<(f64, f64, f64)>, weights: Vec<f64>, a: f64, b: f64, int: bool, log: bool },
    /// Probabilities of the options.
    Options(Vec<f64>),
}

impl Density {
    fn new(axis: Axis, observed: &[f64], prior_weight: f64) -> Density {
        let (a, b, int, log) = match axis {
            Axis::Options(k) => {
                let mut counts = vec![prior_weight; k];
                for &o in observed {
                    if let Some(c) = counts.get_mut(o as usize) {
                        *c += 1.0;
                    }
                }
                let total: f64 = counts.iter().sum();
                return Density::Options(counts.into_iter().map(|c| c / total).collect());
            }
            Axis::Line { a, b, int, log } => (a, b, int, log),
        };
        let (prior_mu, prior_sigma) = (0.5 * (a + b), b - a);
        let mut mus: Vec<f64> = observed.iter().map(|&u| u.clamp(a, b)).collect();
        mus.sort_by(f64::total_cmp);
        let prior_pos = mus.partition_point(|&m| m < prior_mu);
        mus.insert(prior_pos, prior_mu);
        let m = mus.len();
        let mut sigmas = vec![prior_sigma; m];
        if m == 2 {
            sigmas[1 - prior_pos] = 0.5 * prior_sigma;
        } else if m > 2 {
            for i in 0..m {
                let left = if i > 0 { mus[i] - mus[i - 1] } else { mus[1] - mus[0] };
                let right = if i + 1 < m { mus[i + 1] - mus[i] } else { mus[m - 1] - mus[m - 2] };
                sigmas[i] = left.max(right);
            }
        }
        let min_sigma = prior_sigma / (1.0 + m as f64).min(100.0);
        let mut weights = vec![1.0; m];
        weights[prior_pos] = prior_weight;
        let total: f64 = weights.iter().sum();
        let parts = mus
            .iter()
            .zip(&sigmas)
            .zip(&weights)
            .enumerate()
            .map(|(i, ((&mu, &s), &w))| {
                let s = if i == prior_pos { prior_sigma } else { s.clamp(min_sigma, prior_sigma) };
                let mass = phi((b - mu) / s) - phi((a - mu) / s);
                (mu, s, w / total / mass.max(f64::MIN_POSITIVE))
            })
            .collect();
        Density::Mixture { parts, weights: weights.iter().map(|w| w / total).collect(), a, b, int, log }
    }

    /// A coordinate drawn from the density.
    fn sample(&self, rng: &mut SeededRng) -> f64 {
        match self {
            Density::Options(p) => pick(p, rng) as f64,
            Density::Mixture { parts, weights, a, b, .. } => {
                let (mu, s, _) = parts[pick(weights, rng)];
                // Rejection from the untruncated normal: its mean is in [a, b] and its width at
                // most b − a, so at least a third of the draws land inside.
                for _ in 0..1000 {
                    let u = mu + s * rng.normal();
                    if (*a..=*b).contains(&u) {
                        return u;
                    }
                }
                mu
            }
        }
    }

    /// ln of the density at coordinate `u` (of the mass of the integer `u` rounds to).
    fn log_density(&self, u: f64) -> f64 {
        let p = match self {
            Density::Options(p) => p.get(u as usize).copied().unwrap_or(0.0),
            Density::Mixture { parts, int: false, .. } => parts
                .iter()
                .map(|&(mu, s, w)| {
                    let z = (u - mu) / s;
                    w * libm::exp(-0.5 * z * z) / (s * (2.0 * std::f64::consts::PI).sqrt())
                })
                .sum(),
            Density::Mixture { parts, int: true, log, a, b, .. } => {
                let x = libm::round(if *log { libm::exp(u) } else { u });
                let (lo, hi) = if *log {
                    (libm::log((x - 0.5).max(f64::MIN_POSITIVE)), libm::log(x + 0.5))
                } else {
                    (x - 0.5, x + 0.5)
                };
                let (lo, hi) = (lo.max(*a), hi.min(*b));
                parts.iter().map(|&(mu, s, w)| w * (phi((hi - mu) / s) - phi((lo - mu) / s))).sum()
            }
        };
        libm::log(p.max(1e-300))
    }
}

/// An index drawn with the given probabilities (summing to 1).
fn pick(p: &[f64], rng: &mut SeededRng) -> usize {
    let r = rng.uniform();
    let mut acc = 0.0;
    for (i, &w) in p.iter().enumerate() {
        acc += w;
        if r < acc {
            return i;
        }
    }
    p.len().saturating_sub(1)
}

/// Whether a value fits a range (the kind, and a choice's position).
fn fits(range: &Range, v: &Value) -> bool {
    match (range, v) {
        (Range::Float { .. }, Value::Float(x)) => x.is_finite(),
        (Range::Int { .. }, Value::Int(_)) => true,
        (Range::Choice { options }, Value::Choice(i)) => *i < options.len(),
        _ => false,
    }
}

/// The TPE proposal after `history` (see the module doc).
pub(super) fn propose(
    space: &[Param],
    s: &TpeSettings,
    better: Better,
    history: &[Trial],
    rng: &mut SeededRng,
) -> Setting {
    let mut trials: Vec<&Trial> = history
        .iter()
        .filter(|t| t.setting.len() == space.len() && space.iter().zip(&t.setting).all(|(p, v)| fits(&p.range, v)))
        .collect();
    trials.sort_by_key(|t| t.index);
    let finite = trials.iter().filter(|t| t.score.is_finite()).count();
    if trials.len() < s.startup || finite == 0 {
        return random_setting(space, rng);
    }
    // Best first (the earlier trial among equal scores), failed trials last.
    let key: Vec<f64> = trials
        .iter()
        .map(|t| match (t.score.is_finite(), better) {
            (false, _) => f64::NEG_INFINITY,
            (true, Better::Higher) => t.score,
            (true, Better::Lower) => -t.score,
        })
        .collect();
    let order = crate::order::by_numbers(&key, crate::order::Direction::Descending);
    let n_good = ((s.gamma * finite as f64).ceil() as usize).clamp(1, finite);
    let (good, bad) = order.split_at(n_good);
    let densities: Vec<(Density, Density)> = space
        .iter()
        .enumerate()
        .map(|(j, p)| {
            let values = |rows: &[usize]| -> Vec<f64> {
                rows.iter().map(|&r| coordinate(&p.range, &trials[r].setting[j])).collect()
            };
            let ax = axis(&p.range);
            (Density::new(ax, &values(good), s.prior_weight), Density::new(ax, &values(bad), s.prior_weight))
        })
        .collect();
    let mut best: Option<(f64, Vec<f64>)> = None;
    for _ in 0..s.candidates {
        let u: Vec<f64> = densities.iter().map(|(l, _)| l.sample(rng)).collect();
        let score: f64 = densities.iter().zip(&u).map(|((l, g), &u)| l.log_density(u) - g.log_density(u)).sum();
        if best.as_ref().is_none_or(|(b, _)| score > *b) {
            best = Some((score, u));
        }
    }
    match best {
        Some((_, u)) => space.iter().zip(u).map(|(p, u)| value_at(&p.range, u)).collect(),
        None => random_setting(space, rng),
    }
}
