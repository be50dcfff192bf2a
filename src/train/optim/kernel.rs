//! The optimizer's update as one in-place pass over a variable's numbers (a candle
//! `InplaceOp1`), doing exactly the f32 arithmetic of the tensor ops it replaces.
//!
//! candle's `affine(a, b)` computes `x·(a as f32) + (b as f32)` in f32, so every constant here
//! is converted from the same f64 the tensor form used, and `+ 0.0` is kept where the tensor
//! form added it (it turns −0 into +0). That keeps runs bit-identical to before.

use super::{BETA1, BETA2, EPS, MOMENTUM, RHO};
use crate::spec::Optimizer;
use candle_core::{CpuStorage, InplaceOp1, Layout, Storage};
use std::cell::RefCell;

/// The contiguous f32 numbers of a CPU storage.
pub(super) fn f32_numbers<'a>(storage: &'a Storage, layout: &Layout) -> candle_core::Result<&'a [f32]> {
    match (storage, layout.contiguous_offsets()) {
        (Storage::Cpu(CpuStorage::F32(v)), Some((start, end))) => Ok(&v[start..end]),
        _ => candle_core::bail!("the optimizer needs contiguous f32 gradients on the CPU"),
    }
}

/// One step's constants, as the f32 values candle's ops used.
#[derive(Clone, Copy, Debug)]
pub(super) struct Rule {
    kind: Optimizer,
    /// η
    lr: f32,
    /// λ (L2, or AdamW's decay), and whether it applies (λ > 0).
    l2: f32,
    l2_on: bool,
    /// α (L1) and whether it applies.
    l1: f32,
    l1_on: bool,
    /// η·λ for AdamW's decoupled decay.
    lr_l2: f32,
    /// 1/(1−β₁ᵗ) and 1/(1−β₂ᵗ).
    inv_bias1: f32,
    inv_bias2: f32,
}

impl Rule {
    /// The constants of step `t` (1-based).
    pub(super) fn new(kind: Optimizer, t: i32, lr: f64, l2: f64, l1: f64) -> Self {
        Self {
            kind,
            lr: lr as f32,
            l2: l2 as f32,
            l2_on: l2 > 0.0,
            l1: l1 as f32,
            l1_on: l1 > 0.0,
            lr_l2: (lr * l2) as f32,
            inv_bias1: (1.0 / (1.0 - BETA1.powi(t))) as f32,
            inv_bias2: (1.0 / (1.0 - BETA2.powi(t))) as f32,
        }
    }

    /// The new value of one weight `w` with gradient `g` and slots `a`, `b` (first moment or
    /// velocity, second moment), updated in place.
    #[inline(always)]
    fn apply(&self, decays: bool, w: f32, g: f32, a: &mut f32, b: &mut f32) -> f32 {
        let decoupled = self.kind == Optimizer::AdamW;
        let mut g = g;
        if decays && self.l2_on && !decoupled {
            g += w * self.l2 + 0.0;
        }
        if decays && self.l1_on {
            let sign = f32::from(w > 0.0) - f32::from(w < 0.0);
            g += sign * self.l1 + 0.0;
        }
        let update = match self.kind {
            Optimizer::Sgd => g,
            Optimizer::Momentum | Optimizer::Nesterov => {
                *a = (*a * MOMENTUM as f32 + 0.0) + g;
                if self.kind == Optimizer::Nesterov {
                    g + (*a * MOMENTUM as f32 + 0.0)
                } else {
                    *a
                }
            }
            Optimizer::RmsProp => {
                *a = (*a * RHO as f32 + 0.0) + ((g * g) * (1.0 - RHO) as f32 + 0.0);
                g / (a.sqrt() * 1.0 + EPS as f32)
            }
            Optimizer::Adam | Optimizer::AdamW => self.adam_update(g, a, b),
        };
        let mut next = w - (update * self.lr + 0.0);
        if decoupled && decays && self.l2_on {
            next -= w * self.lr_l2 + 0.0;
        }
        next
    }
}

impl Rule {
    /// Adam's update `m̂/(√v̂ + ε)` of one weight with gradient `g`, moving the moments `a`
    /// (m) and `b` (v) in place.
    #[inline(always)]
    fn adam_update(&self, g: f32, a: &mut f32, b: &mut f32) -> f32 {
        *a = (*a * BETA1 as f32 + 0.0) + (g * (1.0 - BETA1) as f32 + 0.0);
        *b = (*b * BETA2 as f32 + 0.0) + ((g * g) * (1.0 - BETA2) as f32 + 0.0);
        let m_hat = *a * self.inv_bias1 + 0.0;
        let denom = (*b * self.inv_bias2 + 0.0).sqrt() * 1.0 + EPS as f32;
        m_hat / denom
    }

    /// [`Rule::apply`] for Adam or AdamW with no penalty on this variable (so also no
    /// decoupled decay), over a whole variable: the same operations, without the per-number
    /// checks, and in wasm four numbers at a time (each lane the same f32 operations in the same
    /// order, so the same bits; the browser build is compiled for size, without LLVM's loop
    /// vectorizer).
    fn adam_sweep(&self, w: &mut [f32], g: &[f32], a: &mut [f32], b: &mut [f32]) {
        #[cfg(target_arch = "wasm32")]
        let (w, g, a, b) = {
            use crate::model::lanes::{load, store};
            use core::arch::wasm32::*;
            let k = |x: f64| f32x4_splat(x as f32);
            let (b1, c1, b2, c2) = (k(BETA1), k(1.0 - BETA1), k(BETA2), k(1.0 - BETA2));
            let (i1, i2, eps, lr) =
                (f32x4_splat(self.inv_bias1), f32x4_splat(self.inv_bias2), k(EPS), f32x4_splat(self.lr));
            let (zero, one) = (f32x4_splat(0.0), f32x4_splat(1.0));
            let (mut ws, mut gs) = (w.chunks_exact_mut(4), g.chunks_exact(4));
            let (mut as_, mut bs) = (a.chunks_exact_mut(4), b.chunks_exact_mut(4));
            for (((wc, gc), ac), bc) in (&mut ws).zip(&mut gs).zip(&mut as_).zip(&mut bs) {
                let gv = load(gc);
                let av = f32x4_add(f32x4_add(f32x4_mul(load(ac), b1), zero), f32x4_add(f32x4_mul(gv, c1), zero));
                let bv = f32x4_add(
                    f32x4_add(f32x4_mul(load(bc), b2), zero),
                    f32x4_add(f32x4_mul(f32x4_mul(gv, gv), c2), zero),
                );
                let m_hat = f32x4_add(f32x4_mul(av, i1), zero);
                let denom = f32x4_add(f32x4_mul(f32x4_sqrt(f32x4_add(f32x4_mul(bv, i2), zero)), one), eps);
                let step = f32x4_add(f32x4_mul(f32x4_div(m_hat, denom), lr), zero);
                store(f32x4_sub(load(wc), step), wc);
                store(av, ac);
                store(bv, bc);
            }
            (ws.into_remainder(), gs.remainder(), as_.into_remainder(), bs.into_remainder())
        };
        for (((w, &g), a), b) in w.iter_mut().zip(g).zip(a.iter_mut()).zip(b.iter_mut()) {
            *w -= self.adam_update(g, a, b) * self.lr + 0.0;
        }
    }
}

/// The in-place update of one variable: its gradient and optimizer slots (none for SGD).
pub(super) struct Update<'a> {
    pub(super) rule: Rule,
    /// Whether L1/L2/decay apply (weights yes, biases no).
    pub(super) decays: bool,
    pub(super) g: &'a [f32],
    pub(super) slots: RefCell<Option<(&'a mut [f32], &'a mut [f32])>>,
}

impl InplaceOp1 for Update<'_> {
    fn name(&self) -> &'static str {
        "lantern-optimizer-update"
    }

    fn cpu_fwd(&self, storage: &mut CpuStorage, layout: &Layout) -> candle_core::Result<()> {
        let (CpuStorage::F32(v), Some((start, end))) = (storage, layout.contiguous_offsets()) else {
            candle_core::bail!("the optimizer updates contiguous f32 variables only");
        };
        let w = &mut v[start..end];
        if w.len() != self.g.len() {
            candle_core::bail!("gradient has {} numbers for a variable of {}", self.g.len(), w.len());
        }
        let (rule, decays) = (self.rule, self.decays);
        let mut slots = self.slots.borrow_mut();
        match slots.as_mut() {
            Some((a, b)) if a.len() == w.len() && b.len() == w.len() => {
                // Adam without a weight penalty is the common case and the hot loop: the rule's
                // kind and flags are decided once here, not per number.
                let plain = !(decays && (rule.l2_on || rule.l1_on));
                if plain && matches!(rule.kind, Optimizer::Adam | Optimizer::AdamW) {
                    rule.adam_sweep(w, self.g, a, b);
                } else {
                    for (((w, &g), a), b) in w.iter_mut().zip(self.g).zip(a.iter_mut()).zip(b.iter_mut()) {
                        *w = rule.apply(decays, *w, g, a, b);
                    }
                }
            }
            Some(_) => candle_core::bail!("optimizer state does not match the variable's size"),
            None if rule.kind == Optimizer::Sgd => {
                let (mut a, mut b) = (0f32, 0f32);
                for (w, &g) in w.iter_mut().zip(self.g) {
                    *w = rule.apply(decays, *w, g, &mut a, &mut b);
                }
            }
            None => candle_core::bail!("optimizer state missing for {:?}", rule.kind),
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::OptimizerState;
    use super::*;
    use crate::choice::Choice;
    use candle_core::backprop::GradStore;
    use candle_core::{Device, Tensor, Var};

    /// The update as candle tensor ops (the form this kernel replaced).
    fn tensor_step(
        kind: Optimizer,
        t: i32,
        slots: &mut [(Tensor, Tensor)],
        params: &[(&Var, bool)],
        grads: &GradStore,
        lr: f64,
        l2: f64,
        l1: f64,
    ) {
        let (bias1, bias2) = (1.0 - BETA1.powi(t), 1.0 - BETA2.powi(t));
        let decoupled = kind == Optimizer::AdamW;
        for (k, &(var, decays)) in params.iter().enumerate() {
            let g = grads.get(var.as_tensor()).unwrap().detach();
            let w = var.as_tensor();
            let mut g = if decays && l2 > 0.0 && !decoupled { (g + w.affine(l2, 0.0).unwrap()).unwrap() } else { g };
            if decays && l1 > 0.0 {
                g = (g + w.sign().unwrap().affine(l1, 0.0).unwrap()).unwrap();
            }
            let update = match kind {
                Optimizer::Sgd => g,
                Optimizer::Momentum | Optimizer::Nesterov => {
                    let (v, _) = &mut slots[k];
                    *v = (v.affine(MOMENTUM, 0.0).unwrap() + &g).unwrap();
                    if kind == Optimizer::Nesterov {
                        (g + v.affine(MOMENTUM, 0.0).unwrap()).unwrap()
                    } else {
                        v.clone()
                    }
                }
                Optimizer::RmsProp => {
                    let (s, _) = &mut slots[k];
                    *s = (s.affine(RHO, 0.0).unwrap() + g.sqr().unwrap().affine(1.0 - RHO, 0.0).unwrap()).unwrap();
                    (g / s.sqrt().unwrap().affine(1.0, EPS).unwrap()).unwrap()
                }
                Optimizer::Adam | Optimizer::AdamW => {
                    let (m, v) = &mut slots[k];
                    *m = (m.affine(BETA1, 0.0).unwrap() + g.affine(1.0 - BETA1, 0.0).unwrap()).unwrap();
                    *v = (v.affine(BETA2, 0.0).unwrap() + g.sqr().unwrap().affine(1.0 - BETA2, 0.0).unwrap()).unwrap();
                    let m_hat = m.affine(1.0 / bias1, 0.0).unwrap();
                    let denom = v.affine(1.0 / bias2, 0.0).unwrap().sqrt().unwrap().affine(1.0, EPS).unwrap();
                    (m_hat / denom).unwrap()
                }
            };
            let mut next = (w - update.affine(lr, 0.0).unwrap()).unwrap();
            if decoupled && decays && l2 > 0.0 {
                next = (next - w.affine(lr * l2, 0.0).unwrap()).unwrap();
            }
            var.set(&next).unwrap();
        }
    }

    /// Thirty steps of every rule, with and without L1/L2, on a small tanh network: the
    /// in-place kernel and the tensor form give the same bits.
    #[test]
    fn same_bits_as_the_tensor_form() {
        let dev = Device::Cpu;
        let x = Tensor::new(&[[1f32, -2.0, 0.5], [0.25, 3.0, -1.0], [0.0, 0.1, 0.2], [-0.7, 0.4, 1.9]], &dev).unwrap();
        let make = || {
            let w1 = Var::from_vec((0..12).map(|i| (i as f32 * 0.61).sin() * 0.5).collect(), (3, 4), &dev).unwrap();
            let b1 = Var::from_vec(vec![0.0f32, -0.0, 0.1, -0.2], 4, &dev).unwrap();
            let w2 = Var::from_vec(vec![0.3f32, -0.6, 0.0, 0.9], (4, 1), &dev).unwrap();
            (w1, b1, w2)
        };
        for &kind in Optimizer::ALL {
            for (l2, l1) in [(0.0, 0.0), (0.01, 0.0), (0.0, 0.003), (0.02, 0.001)] {
                let (a1, ab, a2) = make();
                let (c1, cb, c2) = make();
                let pa = [(&a1, true), (&ab, false), (&a2, true)];
                let pc = [(&c1, true), (&cb, false), (&c2, true)];
                let mut fused = OptimizerState::for_params(kind, &pa).unwrap();
                let mut slots: Vec<(Tensor, Tensor)> =
                    pc.iter().map(|(v, _)| (v.zeros_like().unwrap(), v.zeros_like().unwrap())).collect();
                let loss = |p: &[(&Var, bool)]| {
                    let h = x
                        .matmul(p[0].0.as_tensor())
                        .unwrap()
                        .broadcast_add(p[1].0.as_tensor())
                        .unwrap()
                        .tanh()
                        .unwrap();
                    h.matmul(p[2].0.as_tensor()).unwrap().affine(1.0, -0.5).unwrap().sqr().unwrap().mean_all().unwrap()
                };
                for t in 1..=30 {
                    let ga = loss(&pa).backward().unwrap();
                    fused.step_params(&pa, &ga, 0.05, l2, l1).unwrap();
                    let gc = loss(&pc).backward().unwrap();
                    tensor_step(kind, t, &mut slots, &pc, &gc, 0.05, l2, l1);
                }
                for (a, c) in pa.iter().zip(&pc) {
                    let bits = |v: &Var| {
                        v.flatten_all()
                            .unwrap()
                            .to_vec1::<f32>()
                            .unwrap()
                            .iter()
                            .map(|x| x.to_bits())
                            .collect::<Vec<_>>()
                    };
                    assert_eq!(bits(a.0), bits(c.0), "{kind:?} l2 {l2} l1 {l1}");
                }
            }
        }
    }
}
