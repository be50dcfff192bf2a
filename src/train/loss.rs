//! Losses, computed from raw model outputs (logits) for numerical stability.

use crate::data::Task;
use crate::error::Result;
use crate::spec::RegressionLoss;
use candle_core::Tensor;

mod fused;

/// Mean loss of outputs `z` against targets `y`, for the task (`regression` picks the loss of
/// a regression model; classification always uses cross-entropy from logits).
///
/// Shapes: `z` is `(n, outputs)`; `y` is `(n, 1)` of `f32`. For binary classification `y`
/// holds 0/1; for `k > 2` classes it holds class indices.
pub fn loss(z: &Tensor, y: &Tensor, task: Task, regression: RegressionLoss) -> Result<Tensor> {
    match task {
        Task::Classification { classes } if classes > 2 => softmax_cross_entropy(z, y),
        Task::Classification { .. } => binary_cross_entropy_with_logits(z, y),
        Task::Regression => match regression {
            RegressionLoss::Mse => mse(z, y),
            RegressionLoss::Mae => mae(z, y),
            RegressionLoss::Huber { delta } => huber(z, y, delta),
        },
    }
}

/// [`loss`] with each row's loss term multiplied by its weight (`weights`, one per row of `z`,
/// `None` = [`loss`] itself, bit for bit).
///
/// Normalised as PyTorch's `CrossEntropyLoss(weight=…)` / `BCEWithLogitsLoss` with a per-row
/// weight and `reduction="mean"` divides: by the sum of the weights,
/// `L = Σᵢ wᵢ·ℓᵢ / Σᵢ wᵢ`, where `ℓᵢ` is row `i`'s cross-entropy term
/// (`max(z, 0) − z·y + ln(1 + e^−|z|)` for two classes, `−log_softmax(z)[y]` for more) and
/// `wᵢ` its class's weight. So a batch's loss stays on the unweighted scale (all weights 1 give
/// the plain mean), and a batch's rows are what is averaged, whatever their classes. (scikit-learn's
/// `LogisticRegression(class_weight=…)` sums `Σ wᵢ·ℓᵢ` instead; with balanced weights over the
/// whole training set `Σ wᵢ = n`, the two differ only by the constant `n`.) Weights apply to
/// classification; a regression loss ignores them.
///
/// # Errors
/// When `weights` is not one number per row, or a candle op fails.
pub fn weighted_loss(
    z: &Tensor,
    y: &Tensor,
    task: Task,
    regression: RegressionLoss,
    weights: Option<&[f32]>,
) -> Result<Tensor> {
    let (Some(w), Task::Classification { classes }) = (weights, task) else {
        return loss(z, y, task, regression);
    };
    let n = z.dims()[0];
    if w.len() != n {
        return Err(crate::error::Error::spec(
            "training.class_weight",
            format!("{} row weights for {n} rows: this is a bug, please report it", w.len()),
        ));
    }
    let total: f64 = w.iter().map(|&v| f64::from(v)).sum();
    let wt = Tensor::from_slice(w, (n, 1), z.device())?;
    // Terms ℓᵢ (binary) or −ℓᵢ (softmax: log-probabilities), then Σ wᵢ·(±ℓᵢ) / Σ wᵢ.
    let (terms, sign) = if classes > 2 {
        let t = match fused::softmax_terms(z, y)? {
            Some(t) => t,
            None => {
                let target = y.flatten_all()?.to_dtype(candle_core::DType::U32)?.unsqueeze(1)?;
                candle_nn::ops::log_softmax(z, 1)?.gather(&target, 1)?
            }
        };
        (t, -1.0)
    } else {
        let t = match fused::bce_terms(z, y)? {
            Some(t) => t,
            None => bce_tensor_terms(z, y)?,
        };
        (t, 1.0)
    };
    Ok((terms * wt)?.sum_all()?.affine(sign / total.max(f64::MIN_POSITIVE), 0.0)?)
}

/// Mean absolute error `mean(|z − y|)`. Its gradient is `sign(z − y)/n` (0 at 0 in candle).
pub fn mae(z: &Tensor, y: &Tensor) -> Result<Tensor> {
    Ok((z - y)?.abs()?.mean_all()?)
}

/// Huber loss with threshold δ, mean over rows: with `r = z − y` and `a = min(|r|, δ)`,
/// `h(r) = ½a² + δ(|r| − a)`, which is `½r²` when `|r| ≤ δ` and `δ(|r| − ½δ)` beyond (the same
/// definition as PyTorch's `HuberLoss` and scikit-learn's `HuberRegressor` before scaling).
/// Written with `min` so it is one smooth expression and its gradient is `r` inside, `δ·sign(r)`
/// outside.
pub fn huber(z: &Tensor, y: &Tensor, delta: f64) -> Result<Tensor> {
    let abs = (z - y)?.abs()?;
    let a = abs.clamp(0f32, delta as f32)?;
    let quadratic = a.sqr()?.affine(0.5, 0.0)?;
    let linear = (abs - &a)?.affine(delta, 0.0)?;
    Ok((quadratic + linear)?.mean_all()?)
}

/// Binary cross-entropy from logits: `mean(max(z, 0) − z·y + ln(1 + e^−|z|))`, which equals
/// `−mean(y·ln σ(z) + (1−y)·ln(1−σ(z)))` but never takes the log of 0.
///
/// Computed by one fused kernel (`fused::bce_terms`, the same numbers) when it applies.
pub fn binary_cross_entropy_with_logits(z: &Tensor, y: &Tensor) -> Result<Tensor> {
    if let Some(terms) = fused::bce_terms(z, y)? {
        return Ok(terms.mean_all()?);
    }
    bce_tensor_form(z, y)
}

/// [`binary_cross_entropy_with_logits`] as plain tensor ops (the reference of the fused kernel).
fn bce_tensor_form(z: &Tensor, y: &Tensor) -> Result<Tensor> {
    Ok(bce_tensor_terms(z, y)?.mean_all()?)
}

/// The per-row terms of [`bce_tensor_form`].
fn bce_tensor_terms(z: &Tensor, y: &Tensor) -> Result<Tensor> {
    let softplus_neg_abs = z.abs()?.neg()?.exp()?.affine(1.0, 1.0)?.log()?;
    Ok(((z.relu()? - (z * y)?)? + softplus_neg_abs)?)
}

/// Mean squared error `mean((z − y)²)`.
pub fn mse(z: &Tensor, y: &Tensor) -> Result<Tensor> {
    Ok((z - y)?.sqr()?.mean_all()?)
}

/// Categorical cross-entropy from logits: `−mean(log_softmax(z)[y])`.
///
/// Computed by one fused kernel (`fused::softmax_terms`, the same numbers) when it applies:
/// the gathered terms, then candle's `sum_all` and scaling by `−1/n`, as `cross_entropy` does.
pub fn softmax_cross_entropy(z: &Tensor, y: &Tensor) -> Result<Tensor> {
    if let Some(terms) = fused::softmax_terms(z, y)? {
        let n = terms.dims()[0];
        return Ok(terms.sum_all()?.affine(-1f64 / n as f64, 0.)?);
    }
    softmax_tensor_form(z, y)
}

/// [`softmax_cross_entropy`] as candle's tensor ops (the reference of the fused kernel).
fn softmax_tensor_form(z: &Tensor, y: &Tensor) -> Result<Tensor> {
    let target = y.flatten_all()?.to_dtype(candle_core::DType::U32)?;
    Ok(candle_nn::loss::cross_entropy(z, &target)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use candle_core::Device;

    fn t(v: &[f32]) -> Tensor {
        Tensor::from_slice(v, (v.len(), 1), &Device::Cpu).unwrap()
    }

    fn scalar(x: Tensor) -> f32 {
        x.to_scalar::<f32>().unwrap()
    }

    #[test]
    fn bce_by_hand() {
        // z = 0: ln 2 whatever y is. z = 2, y = 1: ln(1 + e^−2) = 0.126928.
        let v = scalar(binary_cross_entropy_with_logits(&t(&[0.0, 2.0]), &t(&[1.0, 1.0])).unwrap());
        let expect = ((2f32).ln() + (1.0 + (-2f32).exp()).ln()) / 2.0;
        assert!((v - expect).abs() < 1e-6, "{v} vs {expect}");
    }

    /// The fused kernel gives the tensor form's loss and gradient bit for bit, signed zeros,
    /// huge logits and a deep network's worth of varied values included.
    #[test]
    fn fused_bce_matches_the_tensor_form_bit_for_bit() {
        let mut z: Vec<f32> = vec![0.0, -0.0, 1000.0, -1000.0, 1e-30, -1e-30, 88.0, -88.0, 17.5, -3.25];
        z.extend((0..2000).map(|i| ((i as f32) * 0.618).sin() * (1.0 + (i % 7) as f32).powi(2)));
        let y: Vec<f32> = (0..z.len()).map(|i| ((i * 7 + i / 3) % 2) as f32).collect();
        let n = z.len();
        let bits = |t: &Tensor| {
            t.flatten_all().unwrap().to_vec1::<f32>().unwrap().iter().map(|v| v.to_bits()).collect::<Vec<_>>()
        };
        let yt = Tensor::from_slice(&y, (n, 1), &Device::Cpu).unwrap();
        let run = |fused: bool| {
            let zv = candle_core::Var::from_slice(&z, (n, 1), &Device::Cpu).unwrap();
            // Scale so the incoming gradient is not a plain 1/n.
            let zz = (zv.as_tensor() * 1.37).unwrap();
            let l = if fused { binary_cross_entropy_with_logits(&zz, &yt) } else { bce_tensor_form(&zz, &yt) }.unwrap();
            let g = (&l * 3.1).unwrap().backward().unwrap();
            (l, g.get(zv.as_tensor()).unwrap().clone())
        };
        let ((lf, gf), (lt, gt)) = (run(true), run(false));
        assert_eq!(bits(&lf), bits(&lt));
        assert_eq!(bits(&gf), bits(&gt));
        // By hand: d/dz of ln(1 + e^z) − z·y is σ(z) − y; at z = 0 that is ½ − y, times 1.37·3.1/n.
        let g0 = gf.flatten_all().unwrap().to_vec1::<f32>().unwrap()[0];
        assert!((g0 - (0.5 - y[0]) * 1.37 * 3.1 / n as f32).abs() < 1e-7, "{g0}");
    }

    #[test]
    fn bce_is_finite_for_huge_logits() {
        let v = scalar(binary_cross_entropy_with_logits(&t(&[1000.0, -1000.0]), &t(&[0.0, 1.0])).unwrap());
        assert!((v - 1000.0).abs() < 1e-3, "{v}");
    }

    #[test]
    fn mse_by_hand() {
        let v = scalar(mse(&t(&[1.0, 2.0, 3.0]), &t(&[1.0, 0.0, 0.0])).unwrap());
        assert!((v - 13.0 / 3.0).abs() < 1e-6);
    }

    #[test]
    fn mae_by_hand() {
        let v = scalar(mae(&t(&[1.0, 2.0, -3.0]), &t(&[1.0, 0.0, 0.0])).unwrap());
        assert!((v - 5.0 / 3.0).abs() < 1e-6, "{v}");
    }

    #[test]
    fn huber_by_hand() {
        // δ = 1: r = 0.5 → 0.125; r = −3 → 1·(3 − 0.5) = 2.5; r = 1 → 0.5. Mean = 3.125 / 3.
        let v = scalar(huber(&t(&[0.5, -3.0, 1.0]), &t(&[0.0, 0.0, 0.0]), 1.0).unwrap());
        assert!((v - 3.125 / 3.0).abs() < 1e-6, "{v}");
        // Large δ: Huber is half the squared error.
        let v = scalar(huber(&t(&[2.0, -1.0]), &t(&[0.0, 0.0]), 100.0).unwrap());
        assert!((v - 1.25).abs() < 1e-6, "{v}");
    }

    #[test]
    fn huber_gradient_is_residual_inside_and_delta_outside() {
        let z = candle_core::Var::from_slice(&[0.5f32, -3.0], (2, 1), &Device::Cpu).unwrap();
        let grads = huber(z.as_tensor(), &t(&[0.0, 0.0]), 1.0).unwrap().backward().unwrap();
        let g: Vec<f32> = grads.get(z.as_tensor()).unwrap().flatten_all().unwrap().to_vec1().unwrap();
        // d/dz mean = h'(r)/n: 0.5/2 and −1/2.
        assert!((g[0] - 0.25).abs() < 1e-6 && (g[1] + 0.5).abs() < 1e-6, "{g:?}");
    }

    /// The fused kernel gives candle's `cross_entropy` loss and gradient bit for bit: ties for
    /// the maximum, signed zeros, huge logits, every class count it takes, and a wide row that
    /// falls back to the tensor form.
    #[test]
    fn fused_softmax_matches_the_tensor_form_bit_for_bit() {
        let bits = |t: &Tensor| {
            t.flatten_all().unwrap().to_vec1::<f32>().unwrap().iter().map(|v| v.to_bits()).collect::<Vec<_>>()
        };
        for k in [2usize, 3, 10, 15, 16, 20] {
            let n = 301;
            let mut z: Vec<f32> =
                (0..n * k).map(|i| ((i as f32) * 0.618).sin() * (1.0 + (i % 7) as f32).powi(2)).collect();
            z[..6].copy_from_slice(&[0.0, -0.0, 0.0, 1000.0, -1000.0, 88.0][..6]);
            for j in 0..k {
                z[k + j] = 2.5; // a row of ties
                z[2 * k + j] = if j % 2 == 0 { -0.0 } else { 0.0 };
            }
            z[3 * k] = 1e30;
            let y: Vec<f32> = (0..n).map(|i| ((i * 7 + i / 3) % k) as f32).collect();
            let yt = Tensor::from_slice(&y, (n, 1), &Device::Cpu).unwrap();
            let run = |fused: bool| {
                let zv = candle_core::Var::from_slice(&z, (n, k), &Device::Cpu).unwrap();
                let zz = (zv.as_tensor() * 1.37).unwrap();
                let l = if fused { softmax_cross_entropy(&zz, &yt) } else { softmax_tensor_form(&zz, &yt) }.unwrap();
                let g = (&l * 3.1).unwrap().backward().unwrap();
                (l, g.get(zv.as_tensor()).unwrap().clone())
            };
            let ((lf, gf), (lt, gt)) = (run(true), run(false));
            assert_eq!(bits(&lf), bits(&lt), "loss, k = {k}");
            assert_eq!(bits(&gf), bits(&gt), "gradient, k = {k}");
            // By hand: ∂/∂z of the mean is (softmax − one-hot)/n, times 1.37·3.1.
            let g: Vec<f32> = gf.flatten_all().unwrap().to_vec1().unwrap();
            let row: Vec<f32> = z[4 * k..5 * k].iter().map(|v| v * 1.37).collect();
            let mx = row.iter().copied().fold(f32::MIN, f32::max);
            let sum: f32 = row.iter().map(|v| (v - mx).exp()).sum();
            for j in 0..k {
                let p = (row[j] - mx).exp() / sum - f32::from(u8::from(j == y[4] as usize));
                assert!((g[4 * k + j] - p * 1.37 * 3.1 / n as f32).abs() < 1e-6, "k = {k}, j = {j}");
            }
        }
        assert!(fused::softmax_terms(
            &Tensor::zeros((4, 16), candle_core::DType::F32, &Device::Cpu).unwrap(),
            &t(&[0.0, 1.0, 2.0, 3.0])
        )
        .unwrap()
        .is_none());
    }

    /// Weighted cross-entropy on three rows by hand: `Σ wᵢℓᵢ / Σ wᵢ`.
    #[test]
    fn weighted_cross_entropy_by_hand() {
        let two = Task::Classification { classes: 2 };
        // z = 0, 2, −1 against y = 1, 1, 0; weights 2, 2, 0.5 (class 1 ×2, class 0 ×0.5).
        // ℓ₁ = ln 2, ℓ₂ = ln(1 + e^−2), ℓ₃ = max(−1, 0) − (−1)·0 + ln(1 + e^−1) = 0.313262;
        // L = (2ℓ₁ + 2ℓ₂ + 0.5ℓ₃) / 4.5 = 0.399285.
        let (l1, l2, l3) = (2f64.ln(), (1.0 + (-2f64).exp()).ln(), (1.0 + (-1f64).exp()).ln());
        let expect = (2.0 * l1 + 2.0 * l2 + 0.5 * l3) / 4.5;
        assert!((expect - 0.399_285).abs() < 1e-6, "{expect}");
        let z = t(&[0.0, 2.0, -1.0]);
        let y = t(&[1.0, 1.0, 0.0]);
        let w = [2.0, 2.0, 0.5];
        let v = scalar(weighted_loss(&z, &y, two, RegressionLoss::Mse, Some(&w)).unwrap());
        assert!((f64::from(v) - expect).abs() < 1e-6, "{v} vs {expect}");
        // The tensor form's terms give the same number.
        let terms: Vec<f32> = bce_tensor_terms(&z, &y).unwrap().flatten_all().unwrap().to_vec1().unwrap();
        let by_terms: f64 = terms.iter().zip(&w).map(|(&l, &w)| f64::from(l * w)).sum::<f64>() / 4.5;
        assert!((by_terms - expect).abs() < 1e-6);
        // All weights 1 = the plain mean (to rounding); None = loss() bit for bit.
        let ones = scalar(weighted_loss(&z, &y, two, RegressionLoss::Mse, Some(&[1.0; 3])).unwrap());
        let plain = scalar(loss(&z, &y, two, RegressionLoss::Mse).unwrap());
        assert!((ones - plain).abs() < 1e-6);
        let none = scalar(weighted_loss(&z, &y, two, RegressionLoss::Mse, None).unwrap());
        assert_eq!(none.to_bits(), plain.to_bits());
        // Three classes: logits [0, ln 3, 0] per row, targets 1, 0, 2, weights 1, 3, 0.
        // p = 3/5 for class 1, 1/5 for classes 0 and 2: (−ln 0.6 + 3·(−ln 0.2)) / 4.
        let three = Task::Classification { classes: 3 };
        let ln3 = 3f32.ln();
        let z = Tensor::new(&[[0f32, ln3, 0.0], [0.0, ln3, 0.0], [0.0, ln3, 0.0]], &Device::Cpu).unwrap();
        let v = scalar(
            weighted_loss(&z, &t(&[1.0, 0.0, 2.0]), three, RegressionLoss::Mse, Some(&[1.0, 3.0, 0.0])).unwrap(),
        );
        let expect = (-(0.6f64).ln() - 3.0 * (0.2f64).ln()) / 4.0;
        assert!((f64::from(v) - expect).abs() < 1e-6, "{v} vs {expect}");
        // The gradient of a weighted row: w·(σ(z) − y)/Σw; row 3 at z = −1: 0.5·σ(−1)/4.5.
        let zv = candle_core::Var::from_slice(&[0f32, 2.0, -1.0], (3, 1), &Device::Cpu).unwrap();
        let g = weighted_loss(zv.as_tensor(), &y, two, RegressionLoss::Mse, Some(&w)).unwrap().backward().unwrap();
        let g: Vec<f32> = g.get(zv.as_tensor()).unwrap().flatten_all().unwrap().to_vec1().unwrap();
        let sig = 1.0 / (1.0 + 1f32.exp());
        assert!((g[2] - 0.5 * sig / 4.5).abs() < 1e-6, "{g:?}");
        assert!((g[0] - 2.0 * (0.5 - 1.0) / 4.5).abs() < 1e-6, "{g:?}");
    }

    #[test]
    fn softmax_ce_by_hand() {
        // Logits [0, ln 3] with target 1: p = 3/4 → −ln(0.75).
        let z = Tensor::new(&[[0f32, 3f32.ln()]], &Device::Cpu).unwrap();
        let v = scalar(softmax_cross_entropy(&z, &t(&[1.0])).unwrap());
        assert!((v + 0.75f32.ln()).abs() < 1e-6, "{v}");
    }
}
