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

    fn cpu_fwd(
        &self,
        s1: &CpuStorage,
        l1: &Layout,
        s2: &CpuStorage,
        l2: &Layout,
    ) -> candle_core::Result<(CpuStorage, Shape)> {
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

    fn bwd(
        &self,
        z: &Tensor,
        y: &Tensor,
        _res: &Tensor,
        grad: &Tensor,
    ) -> candle_core::Result<(Option<Tensor>, Option<Tensor>)> {
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

/// Most classes the fused softmax cross-entropy takes: candle sums a row of fewer than 16
/// numbers one after another on every platform (wider rows go through its SIMD lanes, in an
/// order that differs by platform), so below this the kernel can add in candle's order.
pub const SOFTMAX_MAX_CLASSES: usize = 15;

/// The per-row terms `log_softmax(z)ᵢ[yᵢ]` of categorical cross-entropy, for logits `z` of
/// shape `(n, k)` and class indices `y` of shape `(n, 1)` (as `f32`); `None` when the fused
/// kernel does not apply (types, device, layout, `k` over [`SOFTMAX_MAX_CLASSES`]).
///
/// candle's `cross_entropy` is `−mean(gather(log_softmax(z), y))`, and `log_softmax` is
/// `d − ln(Σⱼ e^dⱼ)` with `d = z − max(z)`: eight tensor ops forward and about twenty-five
/// tensors backward per step. This computes the gathered terms in one pass with the very f32
/// operations of that chain (max as candle's fold, sums from 0 in column order); the caller
/// keeps candle's `sum_all` and scaling, so the loss is the same number.
///
/// The backward pass replays candle's, which visits the chain's nodes in reverse topological
/// order and accumulates each contribution onto a zero tensor. With `G` the incoming gradient
/// of row `i`'s term, `t` its class, `e = e^d`, `s = Σⱼ eⱼ` and `m` the row maximum:
/// `L = 0 + [j = t]·(0 + G)` (gather), `A = Σⱼ(0 − Lⱼ)` (from 0), `S = 0 + (0 + A)/s` (ln),
/// `D = (0 + L) + (0 + S)·e` (subtraction, then exp), `M = Σⱼ(0 − Dⱼ)` (from 0), and
/// `∂z = (0 + D) + [z = m]·(0 + M)` (subtraction, then max).
pub fn softmax_terms(z: &Tensor, y: &Tensor) -> candle_core::Result<Option<Tensor>> {
    let ok = [z, y].iter().all(|t| t.dtype() == candle_core::DType::F32 && t.device().is_cpu() && t.is_contiguous());
    let shapes = match (z.dims(), y.dims()) {
        (&[n, k], &[m, 1]) => n == m && (1..=SOFTMAX_MAX_CLASSES).contains(&k),
        _ => false,
    };
    if !(ok && shapes) {
        return Ok(None);
    }
    Ok(Some(z.apply_op2(y, SoftmaxTerms)?))
}

/// The custom op behind [`softmax_terms`].
struct SoftmaxTerms;

/// Row `i`'s target class, as candle's `to_dtype(U32)` reads an `f32` (saturating; NaN is 0).
fn class_of(y: f32, k: usize) -> candle_core::Result<usize> {
    let t = y as u32 as usize;
    if t >= k {
        candle_core::bail!("lantern-softmax: class index {t} out of range for {k} classes");
    }
    Ok(t)
}

/// One row's forward quantities: the maximum `m` (candle's fold: the first of equals),
/// `d = z − m`, `e = e^d`, `s = Σ e` (from 0) and `ln s`.
struct Row {
    m: f32,
    d: [f32; SOFTMAX_MAX_CLASSES],
    e: [f32; SOFTMAX_MAX_CLASSES],
    s: f32,
    ln_s: f32,
}

#[inline(always)]
fn row(z: &[f32]) -> Row {
    let mut m = z[0];
    for &v in z {
        if m < v {
            m = v;
        }
    }
    let (mut d, mut e) = ([0f32; SOFTMAX_MAX_CLASSES], [0f32; SOFTMAX_MAX_CLASSES]);
    let mut s = 0f32;
    for (j, &v) in z.iter().enumerate() {
        d[j] = v - m;
        e[j] = d[j].exp();
        s += e[j];
    }
    Row { m, d, e, s, ln_s: s.ln() }
}

impl CustomOp2 for SoftmaxTerms {
    fn name(&self) -> &'static str {
        "lantern-softmax-terms"
    }

    fn cpu_fwd(
        &self,
        s1: &CpuStorage,
        l1: &Layout,
        s2: &CpuStorage,
        l2: &Layout,
    ) -> candle_core::Result<(CpuStorage, Shape)> {
        let (z, y) = (numbers(s1, l1)?, numbers(s2, l2)?);
        let k = l1.dims()[1];
        let mut out = Vec::with_capacity(y.len());
        for (zr, &yi) in z.chunks_exact(k).zip(y) {
            let t = class_of(yi, k)?;
            let r = row(zr);
            out.push(r.d[t] - r.ln_s);
        }
        Ok((CpuStorage::F32(out), l2.shape().clone()))
    }

    fn bwd(
        &self,
        z: &Tensor,
        y: &Tensor,
        _res: &Tensor,
        grad: &Tensor,
    ) -> candle_core::Result<(Option<Tensor>, Option<Tensor>)> {
        let k = z.dims()[1];
        let g = grad.contiguous()?.flatten_all()?.to_vec1::<f32>()?;
        let zs = z.flatten_all()?.to_vec1::<f32>()?;
        let ys = y.flatten_all()?.to_vec1::<f32>()?;
        let mut dz = Vec::with_capacity(zs.len());
        for ((zr, &yi), &gi) in zs.chunks_exact(k).zip(&ys).zip(&g) {
            let t = class_of(yi, k)?;
            let r = row(zr);
            let l = |j: usize| if j == t { 0.0 + gi } else { 0.0 };
            let mut a = 0f32;
            for j in 0..k {
                a += 0.0 - l(j);
            }
            let s = 0.0 + (0.0 + a) / r.s;
            // D (the gradient of `z − max`) once per column, and M from it.
            let mut d = [0f32; SOFTMAX_MAX_CLASSES];
            let mut m = 0f32;
            for (j, (dj, &ej)) in d.iter_mut().zip(&r.e).take(k).enumerate() {
                *dj = (0.0 + l(j)) + (0.0 + s) * ej;
                m += 0.0 - *dj;
            }
            for (j, &zj) in zr.iter().enumerate() {
                let mask = f32::from(u8::from(zj == r.m));
                dz.push((0.0 + d[j]) + mask * (0.0 + m));
            }
        }
        Ok((Some(Tensor::from_vec(dz, z.shape(), z.device())?), None))
    }
}
