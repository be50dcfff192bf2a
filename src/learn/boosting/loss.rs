//! The three losses of boosting: their best constant, per-row loss, gradients and hessians,
//! and the links from raw scores to probabilities (see [`super`] for the formulas). `libm`'s
//! `exp`, `log` and `log1p` give the same bits natively and in WebAssembly.

use crate::data::Task;

/// Least hessian of one row, so that a leaf's `H + λ` is never 0.
const TINY_HESSIAN: f64 = 1e-16;

/// The loss, from the task.
#[derive(Clone, Copy, Debug)]
pub(super) enum Objective {
    Squared,
    Binary,
    Softmax(usize),
}

impl Objective {
    pub(super) fn of(task: Task) -> Self {
        match task {
            Task::Regression => Objective::Squared,
            Task::Classification { classes: 2 } => Objective::Binary,
            Task::Classification { classes } => Objective::Softmax(classes),
        }
    }

    /// Raw scores per row.
    pub(super) fn outputs(self) -> usize {
        match self {
            Objective::Softmax(k) => k,
            _ => 1,
        }
    }

    /// The best constant raw scores.
    pub(super) fn base(self, y: &[f32]) -> Vec<f64> {
        let n = y.len().max(1) as f64;
        match self {
            Objective::Squared => vec![y.iter().map(|&v| f64::from(v)).sum::<f64>() / n],
            Objective::Binary => {
                let p = (y.iter().filter(|&&v| v == 1.0).count() as f64 / n).clamp(1e-15, 1.0 - 1e-15);
                vec![libm::log(p / (1.0 - p))]
            }
            Objective::Softmax(k) => {
                let mut logs: Vec<f64> = (0..k)
                    .map(|c| libm::log((y.iter().filter(|&&v| v as usize == c).count() as f64 / n).max(1e-15)))
                    .collect();
                let mean = logs.iter().sum::<f64>() / k as f64;
                logs.iter_mut().for_each(|l| *l -= mean);
                logs
            }
        }
    }

    /// Loss of one row with raw scores `f` and target `y`.
    pub(super) fn loss(self, f: &[f64], y: f32) -> f64 {
        match self {
            Objective::Squared => (f64::from(y) - f[0]) * (f64::from(y) - f[0]),
            // ln(1 + e^F) − y·F, computed without overflow.
            Objective::Binary => softplus(f[0]) - f64::from(y) * f[0],
            Objective::Softmax(_) => log_sum_exp(f) - f[y as usize],
        }
    }

    /// Gradients and hessians of every row for every output, output-major (`g[k·n + i]`).
    pub(super) fn gradients(self, raw: &[f64], y: &[f32], g: &mut [f64], h: &mut [f64]) {
        let n = y.len();
        match self {
            Objective::Squared => {
                for i in 0..n {
                    g[i] = raw[i] - f64::from(y[i]);
                    h[i] = 1.0;
                }
            }
            Objective::Binary => {
                for i in 0..n {
                    let p = sigmoid(raw[i]);
                    g[i] = p - f64::from(y[i]);
                    h[i] = (p * (1.0 - p)).max(TINY_HESSIAN);
                }
            }
            Objective::Softmax(k) => {
                let mut p = vec![0.0; k];
                for i in 0..n {
                    softmax(&raw[i * k..(i + 1) * k], &mut p);
                    for (c, &pc) in p.iter().enumerate() {
                        g[c * n + i] = pc - if y[i] as usize == c { 1.0 } else { 0.0 };
                        h[c * n + i] = (pc * (1.0 - pc)).max(TINY_HESSIAN);
                    }
                }
            }
        }
    }
}

pub(super) fn sigmoid(x: f64) -> f64 {
    if x >= 0.0 {
        1.0 / (1.0 + libm::exp(-x))
    } else {
        let e = libm::exp(x);
        e / (1.0 + e)
    }
}

fn softplus(x: f64) -> f64 {
    if x > 0.0 {
        x + libm::log1p(libm::exp(-x))
    } else {
        libm::log1p(libm::exp(x))
    }
}

fn log_sum_exp(f: &[f64]) -> f64 {
    let m = f.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    m + libm::log(f.iter().map(|&v| libm::exp(v - m)).sum::<f64>())
}

pub(super) fn softmax(f: &[f64], out: &mut [f64]) {
    let m = f.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let mut total = 0.0;
    for (o, &v) in out.iter_mut().zip(f) {
        *o = libm::exp(v - m);
        total += *o;
    }
    out.iter_mut().for_each(|o| *o /= total);
}
