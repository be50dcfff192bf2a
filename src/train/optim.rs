//! Update rules, applied to the model's candle variables.
//!
//! L2 regularisation with strength λ adds `λ·w` to the gradient of every weight matrix (the
//! gradient of `λ/2·‖w‖²`); biases are not penalised.

use crate::error::Result;
use crate::model::Mlp;
use crate::spec::Optimizer;
use candle_core::backprop::GradStore;
use candle_core::{Tensor, Var};

/// Optimizer state across steps.
#[derive(Debug)]
pub struct OptimizerState {
    kind: Optimizer,
    /// Adam first and second moments per variable, in [`params`] order.
    moments: Vec<(Tensor, Tensor)>,
    t: i32,
}

const BETA1: f64 = 0.9;
const BETA2: f64 = 0.999;
const EPS: f64 = 1e-8;

/// The model's variables in a fixed order, each with whether L2 applies (weights yes, biases no).
fn params(model: &Mlp) -> Vec<(&Var, bool)> {
    model.layers().iter().flat_map(|l| [(&l.w, true), (&l.b, false)]).collect()
}

impl OptimizerState {
    /// Fresh state for `model`.
    pub fn new(kind: Optimizer, model: &Mlp) -> Result<Self> {
        let moments = match kind {
            Optimizer::Sgd => Vec::new(),
            Optimizer::Adam => params(model)
                .into_iter()
                .map(|(v, _)| Ok((v.zeros_like()?, v.zeros_like()?)))
                .collect::<Result<_>>()?,
        };
        Ok(Self { kind, moments, t: 0 })
    }

    /// Applies one update with learning rate `lr` and L2 strength `l2`.
    ///
    /// SGD: `w ← w − lr·g`.
    /// Adam: `m ← β₁m + (1−β₁)g`, `v ← β₂v + (1−β₂)g²`,
    /// `w ← w − lr·m̂/(√v̂ + ε)` with `m̂ = m/(1−β₁ᵗ)`, `v̂ = v/(1−β₂ᵗ)`.
    pub fn step(&mut self, model: &Mlp, grads: &GradStore, lr: f64, l2: f64) -> Result<()> {
        self.t += 1;
        let bias1 = 1.0 - BETA1.powi(self.t);
        let bias2 = 1.0 - BETA2.powi(self.t);
        for (k, (var, decays)) in params(model).into_iter().enumerate() {
            let Some(g) = grads.get(var.as_tensor()) else { continue };
            let g = if decays && l2 > 0.0 { (g + var.as_tensor().affine(l2, 0.0)?)? } else { g.clone() };
            match self.kind {
                Optimizer::Sgd => {
                    var.set(&(var.as_tensor() - g.affine(lr, 0.0)?)?)?;
                }
                Optimizer::Adam => {
                    let (m, v) = &mut self.moments[k];
                    *m = ((m.affine(BETA1, 0.0)?) + g.affine(1.0 - BETA1, 0.0)?)?;
                    *v = ((v.affine(BETA2, 0.0)?) + g.sqr()?.affine(1.0 - BETA2, 0.0)?)?;
                    let m_hat = m.affine(1.0 / bias1, 0.0)?;
                    let denom = v.affine(1.0 / bias2, 0.0)?.sqrt()?.affine(1.0, EPS)?;
                    let update = (m_hat / denom)?.affine(lr, 0.0)?;
                    var.set(&(var.as_tensor() - update)?)?;
                }
            }
        }
        Ok(())
    }
}
