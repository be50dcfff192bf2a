//! Binary cross-entropy from logits as one candle custom op, bit-identical to the tensor form.
//!
//! [`super::binary_cross_entropy_with_logits`] was written as ten element-wise tensor ops
//! (`|z|`, `−`, `exp`, `·1 + 1`, `ln`, `max(z, 0)`, `z·y`, `−`, `+`, then the mean), and its
//! backward pass as about thirty more, each a fresh tensor: for logistic regression (W3 of the
//! benchmark) those dominated a step. [`bce_terms`] computes the per-row terms
//! `ℓᵢ = (max(zᵢ, 0) − zᵢ·yᵢ) + ln(e^−|zᵢ|·1 + 1)` in one pass, with the very f32 operations of
//! the tensor form; the mean stays candle's `mean_all`, so the reduction order is unchanged.
//!
//! Its gradient replays the tensor form's backward pass number for number. candle visits the
//! ten ops in reverse topological order — the `ln` branch first (down to `|z|`), then `z·y`,
//! then `max(z, 0)` — and accumulates each contribution onto a zero tensor, so with `g` the
//! incoming gradient of `ℓ`:
//! `A = (0 − (0 + (0 + ((0 + (0 + g)/f)·1 + 0))·e))·sgn` where `e = e^−|z|`, `f = e·1 + 1`,
//! `sgn = ±1` (`+1` for `z ≥ 0`); `P = (0 − (0 + g))·y`; `R = (0 + (0 + g))·[z ≥ 0]`; and
//! `∂z = ((0 + A) + P) + R`. The zeros matter: `0 + x` turns −0 into +0 as candle's sums did.

use candle_core::{CpuStorage, CustomOp2, Layout, Shape, Tensor};

/// The per-row terms of binary cross-entropy from logits `z` against 0/1 targets `y`, both
/// `(n, 1)`; `None` when the fused kernel does not apply (types, device, layout), so the caller
/// uses the tensor form.
pub fn bce_terms(z: &Tensor, y: &Tensor) -> candle_core::Result<Option<Tensor>> {
    let ok = [z, y].iter().all(|t| t.dtype() == candle_core::DType::F32 && t.device().is_cpu() && t.is_contiguous())
        && z.dims() == y.dims();
    if !ok {
        return Ok(None);
    }
    Ok(Some(z.apply_op2(y, BceTerms)?))
}

/// The contiguous `f32` numbers of a storage.
fn numbers<'a>(s: &'a CpuStorage, l: &Layout) -> candle_core::Result<&'a [f32]> {
    match (s, l.contiguous_offsets()) {
        (CpuStorage::F32(v), Some((start, end))) => Ok(&v[start..end]),
        _ => candle_core::bail!("lantern-bce: needs contiguous f32 input"),
    }
}

/// The custom op behind [`bce_terms`].
struct BceTerms;

/// `e^−|z|` and `ln(e·1 + 1)`, as the tensor form computed them.
#[inline(always)]
fn softplus_parts(z: f32) -> (f32, f32, f32) {
    let e = (-z.abs()).exp();
    let f = e * 1.0 + 1.0;
    (e, f, f.ln())
}

impl CustomOp2 for BceTerms {
    fn name(&self) -> &'static str {
        "lantern-bce-terms"
    }

    fn cpu_fwd(&self, s1: &CpuStorage, l1: &Layout, s2: &CpuStorage, l2: &Layout) -> candle_core::Result<(CpuStorage, Shape)> {
        let (z, y) = (numbers(s1, l1)?, numbers(s2, l2)?);
        let out = z
            .iter()
            .zip(y)
            .map(|(&z, &y)| {
                let (_, _, sp) = softplus_parts(z);
                (z.max(0f32) - z * y) + sp
            })
            .collect();
        Ok((CpuStorage::F32(out), l1.shape().clone()))
    }

    fn bwd(&self, z: &Tensor, y: &Tensor, _res: &Tensor, grad: &Tensor) -> candle_core::Result<(Option<Tensor>, Option<Tensor>)> {
        let g = grad.contiguous()?.flatten_all()?.to_vec1::<f32>()?;
        let zs = z.flatten_all()?.to_vec1::<f32>()?;
        let ys = y.flatten_all()?.to_vec1::<f32>()?;
        let dz: Vec<f32> = zs
            .iter()
            .zip(&ys)
            .zip(&g)
            .map(|((&z, &y), &g)| {
                let (e, f, _) = softplus_parts(z);
                let g_ln = 0.0 + g; // ∂ℓ/∂ln(f): the `+` node hands g to both sides
                let g_f = 0.0 + g_ln / f; // ln
                let g_e = 0.0 + (g_f * 1.0 + 0.0); // ·1 + 1
                let g_neg = 0.0 + g_e * e; // exp
                let g_abs = 0.0 - g_neg; // −
                let sign = if z >= 0.0 { 1.0 } else { -1.0 };
                let a = g_abs * sign; // |z|
                let g_diff = 0.0 + g; // max(z,0) − z·y
                let p = (0.0 - g_diff) * y; // z·y
                let r = (0.0 + g_diff) * f32::from(u8::from(z >= 0.0)); // max(z, 0)
                ((0.0 + a) + p) + r
            })
            .collect();
        Ok((Some(Tensor::from_vec(dz, z.shape(), z.device())?), None))
    }
}
