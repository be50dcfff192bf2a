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

    /// Outputs per row: class probabilities (two for binary) or the value.
    pub(super) fn output_width(self) -> usize {
        match self {
            Objective::Squared => 1,
            Objective::Binary => 2,
            Objective::Softmax(k) => k,
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

    /// At raw scores `raw`, in one pass over the rows: the gradients and hessians of every row
    /// for every output, output-major (`g[k·n + i]`), the outputs as the model gives them
    /// (`out`: `1 − p, p` per row, the softmax, or the value) and the summed loss — each
    /// exponential serving all three. The bits are those of [`Objective::loss`], [`sigmoid`]
    /// and [`softmax`] called one by one.
    pub(super) fn gradients_and_loss(
        self,
        raw: &[f64],
        y: &[f32],
        g: &mut [f64],
        h: &mut [f64],
        out: &mut [f64],
    ) -> f64 {
        let n = y.len();
        let mut total = 0.0;
        match self {
            Objective::Squared => {
                for i in 0..n {
                    let t = f64::from(y[i]);
                    g[i] = raw[i] - t;
                    h[i] = 1.0;
                    out[i] = raw[i];
                    total += (t - raw[i]) * (t - raw[i]);
                }
            }
            Objective::Binary => {
                for i in 0..n {
                    let f = raw[i];
                    // e^−|F| gives σ(F) and softplus(F) = max(F, 0) + ln(1 + e^−|F|).
                    let e = libm::exp(-f.abs());
                    let p = if f >= 0.0 { 1.0 / (1.0 + e) } else { e / (1.0 + e) };
                    let t = f64::from(y[i]);
                    g[i] = p - t;
                    h[i] = (p * (1.0 - p)).max(TINY_HESSIAN);
                    out[2 * i] = 1.0 - p;
                    out[2 * i + 1] = p;
                    let softplus = if f > 0.0 { f + libm::log1p(e) } else { libm::log1p(e) };
                    total += softplus - t * f;
                }
            }
            Objective::Softmax(k) => {
                for i in 0..n {
                    let f = &raw[i * k..(i + 1) * k];
                    let p = &mut out[i * k..(i + 1) * k];
                    let sum = exp_shifted(f, p);
                    p.iter_mut().for_each(|o| *o /= sum);
                    let class = y[i] as usize;
                    for (c, &pc) in p.iter().enumerate() {
                        g[c * n + i] = pc - if class == c { 1.0 } else { 0.0 };
                        h[c * n + i] = (pc * (1.0 - pc)).max(TINY_HESSIAN);
                    }
                    let max = f.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                    total += (max + libm::log(sum)) - f[class];
                }
            }
        }
        total
    }
}

/// `e^(f − max f)` of each score into `out`, and their sum (in order).
fn exp_shifted(f: &[f64], out: &mut [f64]) -> f64 {
    let m = f.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let mut total = 0.0;
    for (o, &v) in out.iter_mut().zip(f) {
        *o = libm::exp(v - m);
        total += *o;
    }
    total
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
    let total = exp_shifted(f, out);
    out.iter_mut().for_each(|o| *o /= total);
}
