//! The three losses of boosting: their best constant, per-row loss, gradients and hessians,
//! and the links from raw scores to probabilities (see [`super`] for the formulas). `libm`'s
//! `exp`, `log` and `log1p` give the same bits natively and in WebAssembly.

use crate::data::Task;
use crate::learn::argmax;

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
    /// (`out`: `1 − p, p` per row, the softmax, or the value) and how well they fit `y` — each
    /// exponential serving all of them. The outputs' bits are those of [`sigmoid`] and
    /// [`softmax`]; the fit is what the trainer scores every model by: the summed squared
    /// error, or the summed cross-entropy `−ln max(p_y, 10⁻¹⁵)` and the rows whose first most
    /// probable class is `y`.
    pub(super) fn gradients_and_fit(
        self,
        raw: &[f64],
        y: &[f32],
        g: &mut [f64],
        h: &mut [f64],
        out: &mut [f64],
    ) -> Fit {
        let n = y.len();
        let mut fit = Fit { loss: 0.0, correct: 0 };
        match self {
            Objective::Squared => {
                for i in 0..n {
                    let t = f64::from(y[i]);
                    g[i] = raw[i] - t;
                    h[i] = 1.0;
                    out[i] = raw[i];
                    fit.loss += (raw[i] - t) * (raw[i] - t);
                }
            }
            Objective::Binary => {
                for i in 0..n {
                    let p = sigmoid(raw[i]);
                    let t = f64::from(y[i]);
                    g[i] = p - t;
                    h[i] = (p * (1.0 - p)).max(TINY_HESSIAN);
                    out[2 * i] = 1.0 - p;
                    out[2 * i + 1] = p;
                    fit.add(&out[2 * i..2 * i + 2], y[i]);
                }
            }
            Objective::Softmax(k) => {
                for i in 0..n {
                    let p = &mut out[i * k..(i + 1) * k];
                    softmax(&raw[i * k..(i + 1) * k], p);
                    let class = y[i] as usize;
                    for (c, &pc) in p.iter().enumerate() {
                        g[c * n + i] = pc - if class == c { 1.0 } else { 0.0 };
                        h[c * n + i] = (pc * (1.0 - pc)).max(TINY_HESSIAN);
                    }
                    fit.add(p, y[i]);
                }
            }
        }
        fit
    }
}

/// How well outputs fit their targets, summed over rows (see
/// [`Objective::gradients_and_fit`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Fit {
    /// Summed squared error or cross-entropy.
    pub loss: f64,
    /// Rows whose most probable class is their own.
    pub correct: usize,
}

impl Fit {
    /// Adds one row's probabilities `p` for class `y`.
    fn add(&mut self, p: &[f64], y: f32) {
        // libm's log, not the platform's: the same bits natively and in wasm.
        self.loss += -libm::log(p.get(y as usize).copied().unwrap_or(0.0).max(1e-15));
        if argmax(p) as u32 == y as u32 {
            self.correct += 1;
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
