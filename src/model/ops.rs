//! Fused candle operations for the dense layers of small networks.
//!
//! candle adds a bias with `broadcast_add`, whose gradient for the bias is a `sum` over the
//! batch dimension. candle reduces over a leading dimension with an index division per
//! element, which on the 64-128-64-10 benchmark network took 12% of a training step (native
//! profile). [`bias_add`] is the same sum `h[i][j] + b[j]` as one custom op whose backward
//! pass hands `h` the incoming gradient and sums it over rows for `b`, in one pass and in the
//! same order as candle (row 0 first, from 0), so results are bit-identical.

//!
//! [`dense`] goes one step further for a whole layer `x·W + b`: the product is candle's own
//! matmul kernel, called as candle calls it but with the thread count chosen by size
//! ([`super::matmul`]; the same bits), and the backward pass skips `∂x = g·Wᵀ` when `x` needs no
//! gradient — candle's matmul always computes it, and for the first layer `x` is the data:
//! on the benchmark's 64-128-64-10 network that was one matmul of 64×128×64 per step thrown
//! away (15% of the step's multiply-adds).

use super::matmul::{matmul_no_grad, product, Matrix};
use candle_core::{CpuStorage, CustomOp1, CustomOp2, CustomOp3, Layout, Shape, Storage, Tensor};

/// One dense layer `x·W + b` for `x` of shape `(n, k)`, `W` of `(k, m)` and `b` of `(m,)`:
/// `out[i][j] = (Σₗ x[i][l]·W[l][j]) + b[j]`, the sum being candle's matmul kernel
/// ([`super::matmul::product`]). Gradients are those
/// of `bias_add(&x.matmul(W)?, b)` bit for bit: `∂W = xᵀ·g`, `∂b[j] = Σᵢ g[i][j]`, and
/// `∂x = g·Wᵀ` only when `x` tracks a gradient (a hidden layer's input, not the data). Falls
/// back to the two ops for other shapes, types or devices.
pub fn dense(x: &Tensor, w: &Tensor, b: &Tensor) -> candle_core::Result<Tensor> {
    let fused = [x, w, b].iter().all(|t| t.dtype() == candle_core::DType::F32 && t.device().is_cpu())
        && x.rank() == 2
        && w.rank() == 2
        && b.rank() == 1
        && x.dim(1)? == w.dim(0)?
        && w.dim(1)? == b.dim(0)?;
    if fused {
        x.apply_op3(w, b, Dense)
    } else {
        bias_add(&x.matmul(w)?, b)
    }
}

/// The custom op behind [`dense`].
struct Dense;

impl CustomOp3 for Dense {
    fn name(&self) -> &'static str {
        "lantern-dense"
    }

    #[allow(clippy::many_single_char_names)]
    fn cpu_fwd(
        &self,
        s1: &CpuStorage,
        l1: &Layout,
        s2: &CpuStorage,
        l2: &Layout,
        s3: &CpuStorage,
        l3: &Layout,
    ) -> candle_core::Result<(CpuStorage, Shape)> {
        let (x, w) = (Matrix::of(s1, l1, self.name())?, Matrix::of(s2, l2, self.name())?);
        let ((n, _), (_, m)) = (x.dims(), w.dims());
        let b = f32_slice(s3, l3, self.name())?;
        let mut out = product(x, w)?;
        for row in out.chunks_exact_mut(m.max(1)) {
            super::lanes::add_assign(row, b);
        }
        Ok((CpuStorage::F32(out), Shape::from((n, m))))
    }

    fn bwd(
        &self,
        x: &Tensor,
        w: &Tensor,
        _b: &Tensor,
        _res: &Tensor,
        grad: &Tensor,
    ) -> candle_core::Result<(Option<Tensor>, Option<Tensor>, Option<Tensor>)> {
        // The two-op form's steps, in its order: bias_add hands `grad` (contiguous) to the
        // product, where candle accumulates it onto zeros (`0 + g`, which turns −0 into +0),
        // then the matmul's rules.
        let g = grad.contiguous()?;
        let db = g.apply_op1_no_bwd(&ColumnSum)?;
        let gm = (g.zeros_like()? + &g)?;
        let dx = if x.track_op() { Some(matmul_no_grad(&gm, &w.t()?)?) } else { None };
        let dw = matmul_no_grad(&x.t()?, &gm)?;
        Ok((dx, Some(dw), Some(db)))
    }
}

/// `h + b` for `h` of shape `(n, k)` and `b` of shape `(k,)`: `out[i][j] = h[i][j] + b[j]`,
/// with gradients `∂h = g` and `∂b[j] = Σᵢ g[i][j]`. Falls back to `broadcast_add` for other
/// shapes or layouts.
pub fn bias_add(h: &Tensor, b: &Tensor) -> candle_core::Result<Tensor> {
    let fused = h.dtype() == candle_core::DType::F32
        && b.dtype() == candle_core::DType::F32
        && h.device().is_cpu()
        && h.rank() == 2
        && b.rank() == 1
        && h.dim(1)? == b.dim(0)?;
    if fused {
        h.apply_op2(b, BiasAdd)
    } else {
        h.broadcast_add(b)
    }
}

/// The contiguous `f32` numbers of a storage, or an error naming the op.
fn f32_slice<'a>(s: &'a CpuStorage, l: &Layout, op: &str) -> candle_core::Result<&'a [f32]> {
    match (s, l.contiguous_offsets()) {
        (CpuStorage::F32(v), Some((start, end))) => Ok(&v[start..end]),
        _ => candle_core::bail!("{op}: needs contiguous f32 input"),
    }
}

/// `tanh(h)` element-wise, as candle's `tanh` (same `f32::tanh`), with its backward pass in one
/// op: candle's is `0 − g·((y·y)·1 + (−1))` with `y = tanh(h)`, four tensors; this computes the
/// same expression per number (candle then adds it onto zeros, which changes nothing here: the
/// difference is never −0). Falls back to candle's `tanh` for other types or layouts.
pub fn tanh(h: &Tensor) -> candle_core::Result<Tensor> {
    fused_or(h, Tanh, Tensor::tanh)
}

/// `op` on `h` when `h` is contiguous f32 on the CPU (what the fused ops handle), otherwise
/// candle's own `fallback`.
fn fused_or(
    h: &Tensor,
    op: impl CustomOp1 + Send + Sync + 'static,
    fallback: impl FnOnce(&Tensor) -> candle_core::Result<Tensor>,
) -> candle_core::Result<Tensor> {
    if h.dtype() == candle_core::DType::F32 && h.device().is_cpu() && h.is_contiguous() {
        h.apply_op1(op)
    } else {
        fallback(h)
    }
}

/// The custom op behind [`tanh`].
struct Tanh;

impl CustomOp1 for Tanh {
    fn name(&self) -> &'static str {
        "lantern-tanh"
    }

    fn cpu_fwd(&self, s: &CpuStorage, l: &Layout) -> candle_core::Result<(CpuStorage, Shape)> {
        let h = f32_slice(s, l, self.name())?;
        Ok((CpuStorage::F32(h.iter().map(|v| v.tanh()).collect()), l.shape().clone()))
    }

    fn bwd(&self, _h: &Tensor, res: &Tensor, grad: &Tensor) -> candle_core::Result<Option<Tensor>> {
        let y = res.flatten_all()?.to_vec1::<f32>()?;
        let g = grad.flatten_all()?.to_vec1::<f32>()?;
        let d: Vec<f32> = y.iter().zip(&g).map(|(&y, &g)| 0.0 - g * ((y * y) * 1.0 + -1.0)).collect();
        Ok(Some(Tensor::from_vec(d, res.shape(), res.device())?))
    }
}

/// `max(h, 0)` element-wise, as candle's `relu`, with its backward pass in one op: candle's is
/// `g·(h ≥ 0 as f32)` built from four tensors (zeros, a comparison, a cast and the product);
/// this computes the same product per number. The forward pass is a select instead of a call
/// to `f32::max` on every number (in wasm that is a call to `fmaxf`, with branches on the sign
/// of each activation), with every result candle's bit for bit (tested, signed zeros and NaN
/// included). Falls back to candle's `relu` for other types or layouts.
pub fn relu(h: &Tensor) -> candle_core::Result<Tensor> {
    fused_or(h, Relu, Tensor::relu)
}

/// The custom op behind [`relu`].
struct Relu;

/// What candle's relu makes of −0 (+0 or −0, see [`Relu`]'s forward pass), asked once.
fn candle_relu_of_neg_zero() -> candle_core::Result<f32> {
    static ANSWER: std::sync::OnceLock<f32> = std::sync::OnceLock::new();
    if let Some(&v) = ANSWER.get() {
        return Ok(v);
    }
    let v = Tensor::from_slice(&[-0.0f32], 1, &candle_core::Device::Cpu)?.relu()?.to_vec1::<f32>()?[0];
    Ok(*ANSWER.get_or_init(|| v))
}

impl CustomOp1 for Relu {
    fn name(&self) -> &'static str {
        "lantern-relu"
    }

    fn cpu_fwd(&self, s: &CpuStorage, l: &Layout) -> candle_core::Result<(CpuStorage, Shape)> {
        let h = f32_slice(s, l, self.name())?;
        // `max(v, 0)` is `v` for v > 0 and +0 for negatives, +0 and NaN; for −0 the answer
        // depends on how `max` was compiled (inlined SSE on x86 gives +0, a call to libm's
        // `fmaxf` −0, as in wasm), so that one number is asked of candle's own relu, once. Two
        // selects per number, no branch to mispredict on the sign of each activation.
        let neg_zero = candle_relu_of_neg_zero()?;
        let mut y = vec![0f32; h.len()];
        super::lanes::relu(h, neg_zero, &mut y);
        Ok((CpuStorage::F32(y), l.shape().clone()))
    }

    fn bwd(&self, h: &Tensor, _res: &Tensor, grad: &Tensor) -> candle_core::Result<Option<Tensor>> {
        let (h_storage, h_layout) = h.storage_and_layout();
        let grad = grad.contiguous()?;
        let (g_storage, g_layout) = grad.storage_and_layout();
        let (Storage::Cpu(hs), Storage::Cpu(gs)) = (&*h_storage, &*g_storage) else {
            candle_core::bail!("lantern-relu: needs tensors on the CPU");
        };
        let (h, g) = (f32_slice(hs, h_layout, self.name())?, f32_slice(gs, g_layout, self.name())?);
        if h.len() != g.len() {
            candle_core::bail!("lantern-relu: gradient of {} numbers for {}", g.len(), h.len());
        }
        let mut d = vec![0f32; h.len()];
        super::lanes::relu_grad(h, g, &mut d);
        Ok(Some(Tensor::from_vec(d, grad.shape(), grad.device())?))
    }
}

/// The custom op behind [`bias_add`].
struct BiasAdd;

impl CustomOp2 for BiasAdd {
    fn name(&self) -> &'static str {
        "lantern-bias-add"
    }

    fn cpu_fwd(
        &self,
        s1: &CpuStorage,
        l1: &Layout,
        s2: &CpuStorage,
        l2: &Layout,
    ) -> candle_core::Result<(CpuStorage, Shape)> {
        let h = f32_slice(s1, l1, self.name())?;
        let b = f32_slice(s2, l2, self.name())?;
        let k = b.len();
        let mut out = Vec::with_capacity(h.len());
        for row in h.chunks_exact(k.max(1)) {
            out.extend(row.iter().zip(b).map(|(x, y)| x + y));
        }
        Ok((CpuStorage::F32(out), l1.shape().clone()))
    }

    fn bwd(
        &self,
        _h: &Tensor,
        _b: &Tensor,
        _res: &Tensor,
        grad: &Tensor,
    ) -> candle_core::Result<(Option<Tensor>, Option<Tensor>)> {
        let grad = grad.contiguous()?;
        let db = grad.apply_op1_no_bwd(&ColumnSum)?;
        Ok((Some(grad), Some(db)))
    }
}

/// Column sums of an `(n, k)` matrix: `(k,)`, each accumulated from row 0 down, starting at 0.
struct ColumnSum;

impl CustomOp1 for ColumnSum {
    fn name(&self) -> &'static str {
        "lantern-column-sum"
    }

    fn cpu_fwd(&self, s: &CpuStorage, l: &Layout) -> candle_core::Result<(CpuStorage, Shape)> {
        let g = f32_slice(s, l, self.name())?;
        let (_, k) = l.shape().dims2()?;
        let mut sums = vec![0f32; k];
        for row in g.chunks_exact(k.max(1)) {
            super::lanes::add_assign(&mut sums, row);
        }
        Ok((CpuStorage::F32(sums), Shape::from(k)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use candle_core::{Device, Var};

    /// A three-layer tanh network with `dense` gives the two-op form's outputs and every
    /// variable's gradient bit for bit, and leaves the data's gradient out.
    #[test]
    fn dense_matches_matmul_and_bias_add_bit_for_bit() {
        let dev = Device::Cpu;
        let num =
            |n: usize, s: f32| -> Vec<f32> { (0..n).map(|i| ((i as f32 * 0.731 + s).sin() * 1.7).powi(3)).collect() };
        let x = Tensor::from_vec(num(7 * 5, 0.3), (7, 5), &dev).unwrap();
        let vars: Vec<(Var, Var)> = [(5, 6), (6, 4), (4, 3)]
            .iter()
            .enumerate()
            .map(|(l, &(i, o))| {
                (
                    Var::from_vec(num(i * o, l as f32), (i, o), &dev).unwrap(),
                    Var::from_vec(num(o, 9.0 + l as f32), o, &dev).unwrap(),
                )
            })
            .collect();
        let run = |fused: bool| {
            let mut h = x.clone();
            for (k, (w, b)) in vars.iter().enumerate() {
                h = if fused {
                    dense(&h, w.as_tensor(), b.as_tensor())
                } else {
                    bias_add(&h.matmul(w.as_tensor()).unwrap(), b.as_tensor())
                }
                .unwrap();
                if k < 2 {
                    h = h.tanh().unwrap();
                }
            }
            let loss =
                candle_nn::loss::cross_entropy(&h, &Tensor::new(&[0u32, 2, 1, 1, 0, 2, 2], &dev).unwrap()).unwrap();
            (h, loss.backward().unwrap())
        };
        let bits = |t: &Tensor| {
            t.flatten_all().unwrap().to_vec1::<f32>().unwrap().iter().map(|v| v.to_bits()).collect::<Vec<_>>()
        };
        let ((hf, gf), (hp, gp)) = (run(true), run(false));
        assert_eq!(bits(&hf), bits(&hp));
        for (w, b) in &vars {
            for v in [w.as_tensor(), b.as_tensor()] {
                assert_eq!(bits(gf.get(v).unwrap()), bits(gp.get(v).unwrap()));
            }
        }
        assert!(gp.get(&x).is_some() && gf.get(&x).is_none());
        // By hand on one row: [1, 2]·[[1, 0, 2], [3, 1, −1]] + [0.5, 0, −0.25] = [7.5, 2, −0.25].
        let y = dense(
            &Tensor::new(&[[1f32, 2.0]], &dev).unwrap(),
            &Tensor::new(&[[1f32, 0.0, 2.0], [3.0, 1.0, -1.0]], &dev).unwrap(),
            &Tensor::new(&[0.5f32, 0.0, -0.25], &dev).unwrap(),
        )
        .unwrap();
        assert_eq!(y.to_vec2::<f32>().unwrap(), [[7.5, 2.0, -0.25]]);
    }

    /// `fused` and candle's `plain` give the same values and gradients (of Σ f(h)·w), bit for
    /// bit, on `special` numbers followed by 3,000 varied ones; returns the values, the
    /// gradient and `w`, flattened.
    fn same_as_candle(
        special: &[f32],
        fused: fn(&Tensor) -> candle_core::Result<Tensor>,
        plain: fn(&Tensor) -> candle_core::Result<Tensor>,
    ) -> (Vec<f32>, Vec<f32>, Vec<f32>) {
        let dev = Device::Cpu;
        let mut v = special.to_vec();
        v.extend((0..3000).map(|i| ((i as f32) * 0.377).sin() * (1 + i % 9) as f32));
        v.resize(v.len().div_ceil(6) * 6, 0.25);
        let n = v.len();
        let h = Var::from_vec(v, (n / 6, 6), &dev).unwrap();
        let w =
            Tensor::from_vec((0..n).map(|i| ((i as f32) * 1.3).cos()).collect::<Vec<_>>(), (n / 6, 6), &dev).unwrap();
        let flat = |t: &Tensor| t.flatten_all().unwrap().to_vec1::<f32>().unwrap();
        let bits = |t: &Tensor| flat(t).iter().map(|v| v.to_bits()).collect::<Vec<_>>();
        let (f, p) = (fused(h.as_tensor()).unwrap(), plain(h.as_tensor()).unwrap());
        assert_eq!(bits(&f), bits(&p));
        let gf = (&f * &w).unwrap().sum_all().unwrap().backward().unwrap();
        let gp = (&p * &w).unwrap().sum_all().unwrap().backward().unwrap();
        assert_eq!(bits(gf.get(h.as_tensor()).unwrap()), bits(gp.get(h.as_tensor()).unwrap()));
        (flat(&f), flat(gf.get(h.as_tensor()).unwrap()), flat(&w))
    }

    /// The fused tanh gives candle's values and gradients bit for bit.
    #[test]
    fn tanh_matches_candle_bit_for_bit() {
        let (_, g, w) = same_as_candle(&[0.0, -0.0, 30.0, -30.0, 1e-30, 0.5], tanh, Tensor::tanh);
        // tanh′(0) = 1: the gradient at h = 0 is w there.
        assert_eq!(g[0], w[0]);
    }

    /// The fused relu gives candle's values and gradients bit for bit, signed zeros and NaN
    /// included.
    #[test]
    fn relu_matches_candle_bit_for_bit() {
        let special =
            [0.0, -0.0, f32::NAN, -f32::NAN, f32::INFINITY, f32::NEG_INFINITY, 1e-45, -1e-45, 3.0, -3.0, 0.5, -0.5];
        let (y, g, wv) = same_as_candle(&special, relu, Tensor::relu);
        // By hand: relu(3) = 3, relu(−3) = 0, and the gradient passes where h ≥ 0 only.
        assert_eq!((y[8], y[9]), (3.0, 0.0));
        assert_eq!((g[8], g[9], g[0]), (wv[8], 0.0 * wv[9], wv[0]));
    }

    /// Forward values and both gradients equal candle's `broadcast_add`, bit for bit.
    #[test]
    fn matches_broadcast_add_bit_for_bit() {
        let dev = Device::Cpu;
        let hv: Vec<f32> = (0..12).map(|i| (i as f32 * 0.37 - 1.9).sin() * 1e3f32.powi(i % 3 - 1)).collect();
        let h = Var::from_vec(hv, (4, 3), &dev).unwrap();
        let b = Var::from_vec(vec![0.1f32, -0.2, 1e-7], 3, &dev).unwrap();
        let w =
            Tensor::new(&[[1.5f32, -0.25, 3.0], [0.5, 2.0, -1.0], [0.125, 1.0, 7.0], [-2.0, 0.75, 0.3]], &dev).unwrap();
        let fused = bias_add(h.as_tensor(), b.as_tensor()).unwrap();
        let plain = h.as_tensor().broadcast_add(b.as_tensor()).unwrap();
        let bits = |t: &Tensor| {
            t.flatten_all().unwrap().to_vec1::<f32>().unwrap().iter().map(|v| v.to_bits()).collect::<Vec<_>>()
        };
        assert_eq!(bits(&fused), bits(&plain));
        let gf = (&fused * &w).unwrap().sqr().unwrap().sum_all().unwrap().backward().unwrap();
        let gp = (&plain * &w).unwrap().sqr().unwrap().sum_all().unwrap().backward().unwrap();
        for v in [h.as_tensor(), b.as_tensor()] {
            assert_eq!(bits(gf.get(v).unwrap()), bits(gp.get(v).unwrap()));
        }
        // By hand: ∂b₀ of Σ((h+b)·w)² is Σᵢ 2(hᵢ₀+b₀)wᵢ₀².
        let hb: Vec<f32> = plain.flatten_all().unwrap().to_vec1().unwrap();
        let wv: Vec<f32> = w.flatten_all().unwrap().to_vec1().unwrap();
        let expect: f32 = (0..4).map(|i| 2.0 * hb[i * 3] * wv[i * 3] * wv[i * 3]).sum();
        let got = gf.get(b.as_tensor()).unwrap().to_vec1::<f32>().unwrap()[0];
        assert!((got - expect).abs() <= 1e-3 * expect.abs(), "{got} vs {expect}");
    }
}
