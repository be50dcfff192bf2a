//! Update rules, applied to the model's candle variables.
//!
//! L2 regularisation with strength λ adds `λ·w` to the gradient of every weight matrix (the
//! gradient of `λ/2·‖w‖²`); L1 with strength α adds `α·sign(w)` (the gradient of `α·‖w‖₁`,
//! which pushes small weights to exactly 0); biases are not penalised. AdamW instead decays the weights directly
//! (decoupled weight decay), which is what makes it differ from Adam with L2.

use crate::error::Result;
use crate::model::Mlp;
use crate::spec::Optimizer;
use candle_core::backprop::GradStore;
use candle_core::Var;

pub(crate) const BETA1: f64 = 0.9;
pub(crate) const BETA2: f64 = 0.999;
pub(crate) const EPS: f64 = 1e-8;
pub(crate) const MOMENTUM: f64 = 0.9;
pub(crate) const RHO: f64 = 0.9;

/// Optimizer state across steps.
#[derive(Debug)]
pub struct OptimizerState {
    kind: Optimizer,
    /// Per variable, in parameter order: (first moment or velocity, second moment), as plain
    /// numbers (no tensor, so no graph can be kept alive from one step to the next).
    slots: Vec<(Vec<f32>, Vec<f32>)>,
    t: i32,
}

/// The model's variables in a fixed order, each with whether weight decay applies (weights yes,
/// biases no).
pub fn params(model: &Mlp) -> Vec<(&Var, bool)> {
    model.layers().iter().flat_map(|l| [(&l.w, true), (&l.b, false)]).collect()
}

impl OptimizerState {
    /// Fresh state for `model`.
    pub fn new(kind: Optimizer, model: &Mlp) -> Result<Self> {
        Self::for_params(kind, &params(model))
    }

    /// Fresh state for these variables.
    pub fn for_params(kind: Optimizer, params: &[(&Var, bool)]) -> Result<Self> {
        let slots = match kind {
            Optimizer::Sgd => Vec::new(),
            _ => params.iter().map(|(v, _)| (vec![0f32; v.elem_count()], vec![0f32; v.elem_count()])).collect(),
        };
        Ok(Self { kind, slots, t: 0 })
    }

    /// Applies one update to the model with learning rate `lr`, L2 strength (or AdamW decay)
    /// `l2` and L1 strength `l1`.
    pub fn step(&mut self, model: &Mlp, grads: &GradStore, lr: f64, l2: f64, l1: f64) -> Result<()> {
        self.step_params(&params(model), grads, lr, l2, l1)
    }

    /// Scales all gradients by `max_norm / ‖g‖₂` when the global norm ‖g‖₂ (over every
    /// variable) exceeds `max_norm` (0 = off). Returns the norm before clipping.
    pub fn clip(params: &[(&Var, bool)], grads: &mut GradStore, max_norm: f64) -> Result<f64> {
        let mut sum = 0f64;
        for (v, _) in params {
            if let Some(g) = grads.get(v.as_tensor()) {
                sum += f64::from(g.sqr()?.sum_all()?.to_scalar::<f32>()?);
            }
        }
        let norm = sum.sqrt();
        if max_norm > 0.0 && norm > max_norm {
            let scale = max_norm / norm;
            for (v, _) in params {
                if let Some(g) = grads.remove(v.as_tensor()) {
                    grads.insert(v.as_tensor(), g.affine(scale, 0.0)?);
                }
            }
        }
        Ok(norm)
    }

    /// Applies one update to `params` (the same list, in the same order, every time).
    ///
    /// With g the gradient (plus λ·w for penalised weights, except in AdamW):
    /// - SGD: `w ← w − η·g`
    /// - Momentum: `v ← μv + g`, `w ← w − η·v`; Nesterov: `w ← w − η·(g + μv)`
    /// - RMSprop: `s ← ρs + (1−ρ)g²`, `w ← w − η·g/(√s + ε)`
    /// - Adam: `m ← β₁m + (1−β₁)g`, `v ← β₂v + (1−β₂)g²`, `w ← w − η·m̂/(√v̂ + ε)` with
    ///   `m̂ = m/(1−β₁ᵗ)`, `v̂ = v/(1−β₂ᵗ)`; AdamW then also `w ← w − η·λ·w` (penalised weights).
    ///
    /// Each variable is updated in place in one pass over its numbers (`kernel::Update`):
    /// written as candle tensor ops, Adam took 14 ops and as many fresh tensors per variable
    /// and step. The pass does the very f32 operations those ops did, in the same order, so
    /// the numbers are unchanged bit for bit (tested against the tensor form).
    pub fn step_params(&mut self, params: &[(&Var, bool)], grads: &GradStore, lr: f64, l2: f64, l1: f64) -> Result<()> {
        self.t += 1;
        let rule = kernel::Rule::new(self.kind, self.t, lr, l2, l1);
        for (k, &(var, decays)) in params.iter().enumerate() {
            let Some(g) = grads.get(var.as_tensor()) else { continue };
            let g = g.contiguous()?;
            let (storage, layout) = g.storage_and_layout();
            let g = kernel::f32_numbers(&storage, layout)?;
            let slots = self.slots.get_mut(k).map(|(a, b)| (a.as_mut_slice(), b.as_mut_slice()));
            let update = kernel::Update { rule, decays, g, slots: std::cell::RefCell::new(slots) };
            var.as_tensor().inplace_op1(&update)?;
        }
        Ok(())
    }
}

mod kernel;

#[cfg(test)]
mod tests {
    use super::*;
    use candle_core::{Device, Tensor};

    /// Minimises f(w) = (w − 3)² from w = 0 for two steps; the gradient is 2(w − 3).
    fn two_steps(kind: Optimizer, lr: f64, l2: f64) -> f64 {
        let w = Var::from_vec(vec![0f32], 1, &Device::Cpu).unwrap();
        let mut opt = OptimizerState::for_params(kind, &[(&w, true)]).unwrap();
        for _ in 0..2 {
            let loss = (w.as_tensor() - 3.0).unwrap().sqr().unwrap().sum_all().unwrap();
            let grads = loss.backward().unwrap();
            opt.step_params(&[(&w, true)], &grads, lr, l2, 0.0).unwrap();
        }
        f64::from(w.as_tensor().to_vec1::<f32>().unwrap()[0])
    }

    /// The moments must not keep the forward graph alive: after many steps of a two-layer
    /// model, dropping the optimizer (in a thread with a small stack) must not recurse deeply.
    #[test]
    fn moments_do_not_chain_across_steps() {
        let result = std::thread::Builder::new()
            .stack_size(128 * 1024)
            .spawn(|| {
                let dev = Device::Cpu;
                let w1 = Var::from_vec(vec![0.1f32, -0.2, 0.3, 0.4], (2, 2), &dev).unwrap();
                let w2 = Var::from_vec(vec![0.5f32, -0.5], (2, 1), &dev).unwrap();
                let x = Tensor::new(&[[1f32, 2.0], [0.5, -1.0]], &dev).unwrap();
                let params = [(&w1, true), (&w2, true)];
                let mut opt = OptimizerState::for_params(Optimizer::Adam, &params).unwrap();
                for _ in 0..20_000 {
                    let h = x.matmul(w1.as_tensor()).unwrap().tanh().unwrap();
                    let loss = h.matmul(w2.as_tensor()).unwrap().sqr().unwrap().sum_all().unwrap();
                    let grads = loss.backward().unwrap();
                    opt.step_params(&params, &grads, 0.001, 0.0, 0.0).unwrap();
                }
                drop(opt);
            })
            .unwrap()
            .join();
        assert!(result.is_ok());
    }

    #[test]
    fn clipping_scales_to_the_global_norm() {
        let a = Var::from_vec(vec![0f32, 0.0], 2, &Device::Cpu).unwrap();
        let b = Var::from_vec(vec![0f32], 1, &Device::Cpu).unwrap();
        // Loss 3a₀ + 4b₀ → gradients (3, 0) and (4): global norm 5.
        let loss = ((a.as_tensor().narrow(0, 0, 1).unwrap() * 3.0).unwrap() + (b.as_tensor() * 4.0).unwrap())
            .unwrap()
            .sum_all()
            .unwrap();
        let mut grads = loss.backward().unwrap();
        let params = [(&a, true), (&b, false)];
        assert!((OptimizerState::clip(&params, &mut grads, 1.0).unwrap() - 5.0).abs() < 1e-6);
        let ga: Vec<f32> = grads.get(a.as_tensor()).unwrap().to_vec1().unwrap();
        let gb: Vec<f32> = grads.get(b.as_tensor()).unwrap().to_vec1().unwrap();
        assert!((ga[0] - 0.6).abs() < 1e-6 && ga[1] == 0.0 && (gb[0] - 0.8).abs() < 1e-6);
        // Under the limit nothing changes.
        assert!((OptimizerState::clip(&params, &mut grads, 10.0).unwrap() - 1.0).abs() < 1e-6);
    }

    #[test]
    fn l1_adds_the_sign() {
        // w = [−2, 0, 3], loss = Σw (gradient 1 each): SGD η = 0.1, α = 1 moves each weight by
        // −0.1·(1 + sign(w)): [−2, −0.1, 2.8].
        let w = Var::from_vec(vec![-2f32, 0.0, 3.0], 3, &Device::Cpu).unwrap();
        let grads = w.as_tensor().sum_all().unwrap().backward().unwrap();
        let mut opt = OptimizerState::for_params(Optimizer::Sgd, &[(&w, true)]).unwrap();
        opt.step_params(&[(&w, true)], &grads, 0.1, 0.0, 1.0).unwrap();
        let v: Vec<f32> = w.as_tensor().to_vec1().unwrap();
        assert!((v[0] + 2.0).abs() < 1e-6 && (v[1] + 0.1).abs() < 1e-6 && (v[2] - 2.8).abs() < 1e-6, "{v:?}");
    }

    #[test]
    fn each_rule_by_hand() {
        // SGD η = 0.1: g₁ = −6 → w = 0.6; g₂ = −4.8 → w = 1.08.
        assert!((two_steps(Optimizer::Sgd, 0.1, 0.0) - 1.08).abs() < 1e-6);
        // Momentum: v₁ = −6, w = 0.6; g₂ = −4.8, v₂ = 0.9·(−6) − 4.8 = −10.2, w = 0.6 + 1.02 = 1.62.
        assert!((two_steps(Optimizer::Momentum, 0.1, 0.0) - 1.62).abs() < 1e-6);
        // Nesterov: v₁ = −6, w = 0 − 0.1·(−6 + 0.9·(−6)) = 1.14; g₂ = 2(1.14 − 3) = −3.72,
        // v₂ = −5.4 − 3.72 = −9.12, w = 1.14 − 0.1·(−3.72 − 8.208) = 2.3328.
        assert!((two_steps(Optimizer::Nesterov, 0.1, 0.0) - 2.3328).abs() < 1e-5);
        // RMSprop η = 0.01: s₁ = 0.1·36 = 3.6, w = 0.01·6/√3.6 = 0.0316228;
        // g₂ = 2(0.0316228 − 3) = −5.9367544, s₂ = 0.9·3.6 + 0.1·35.2450 = 6.7645,
        // w = 0.0316228 + 0.01·5.9367544/2.6008654 = 0.0544487.
        assert!((two_steps(Optimizer::RmsProp, 0.01, 0.0) - 0.0544487).abs() < 1e-5);
        // Adam: step 1 moves by exactly η (m̂/√v̂ = −6/6): w = 0.1. Step 2: g = −5.8,
        // m = −1.12, v = 0.069604, m̂ = −1.12/0.19, v̂ = 0.069604/0.001999 → w = 0.1998973.
        // Reference values for these three come from the same recurrences in Python floats:
        //   w=m=v=0; for t in 1,2: g=2(w−3)+l2·w; m=.9m+.1g; v=.999v+.001g²;
        //   w' = w − .1·(m/(1−.9^t))/(√(v/(1−.999^t))+1e-8) − .1·decay·w
        assert!((two_steps(Optimizer::Adam, 0.1, 0.0) - 0.199_897_3).abs() < 2e-6);
        // AdamW λ = 0.5: the same moments, then w −= η·λ·w_old = 0.005 → 0.1948973.
        assert!((two_steps(Optimizer::AdamW, 0.1, 0.5) - 0.194_897_3).abs() < 2e-6);
        // Adam with L2 λ = 0.5 instead adds 0.5·w to g: 0.1998665.
        assert!((two_steps(Optimizer::Adam, 0.1, 0.5) - 0.199_866_5).abs() < 2e-6);
    }
}
