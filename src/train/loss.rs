//! Losses, computed from raw model outputs (logits) for numerical stability.

use crate::data::Task;
use crate::error::Result;
use candle_core::Tensor;

/// Mean loss of outputs `z` against targets `y`, for the task.
///
/// Shapes: `z` is `(n, outputs)`; `y` is `(n, 1)` of `f32`. For binary classification `y`
/// holds 0/1; for `k > 2` classes it holds class indices.
pub fn loss(z: &Tensor, y: &Tensor, task: Task) -> Result<Tensor> {
    match task {
        Task::Classification { classes } if classes > 2 => softmax_cross_entropy(z, y),
        Task::Classification { .. } => binary_cross_entropy_with_logits(z, y),
        Task::Regression => mse(z, y),
    }
}

/// Binary cross-entropy from logits: `mean(max(z, 0) − z·y + ln(1 + e^−|z|))`, which equals
/// `−mean(y·ln σ(z) + (1−y)·ln(1−σ(z)))` but never takes the log of 0.
pub fn binary_cross_entropy_with_logits(z: &Tensor, y: &Tensor) -> Result<Tensor> {
    let softplus_neg_abs = z.abs()?.neg()?.exp()?.affine(1.0, 1.0)?.log()?;
    Ok(((z.relu()? - (z * y)?)? + softplus_neg_abs)?.mean_all()?)
}

/// Mean squared error `mean((z − y)²)`.
pub fn mse(z: &Tensor, y: &Tensor) -> Result<Tensor> {
    Ok((z - y)?.sqr()?.mean_all()?)
}

/// Categorical cross-entropy from logits: `−mean(log_softmax(z)[y])`.
pub fn softmax_cross_entropy(z: &Tensor, y: &Tensor) -> Result<Tensor> {
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
    fn softmax_ce_by_hand() {
        // Logits [0, ln 3] with target 1: p = 3/4 → −ln(0.75).
        let z = Tensor::new(&[[0f32, 3f32.ln()]], &Device::Cpu).unwrap();
        let v = scalar(softmax_cross_entropy(&z, &t(&[1.0])).unwrap());
        assert!((v + 0.75f32.ln()).abs() < 1e-6, "{v}");
    }
}
