//! Networks, built with candle from a [`ModelSpec`](crate::spec::ModelSpec).
//!
//! A multi-layer perceptron computes, for an input batch `x` of shape `(n, d)`,
//! `h₀ = x`, `hₖ = σ(hₖ₋₁·Wₖ + bₖ)` for each hidden layer and `z = h_L·W_out + b_out`, with
//! `Wₖ` of shape `(inₖ, outₖ)` and `bₖ` of shape `(outₖ,)`. The output `z` has shape
//! `(n, outputs)`: one logit for binary classification, one logit per class for more classes,
//! one value for regression. With no hidden layer this is linear or logistic regression.

pub mod init;
pub(crate) mod lanes;
pub mod matmul;
pub mod ops;

use crate::error::Result;
use crate::rng::{SeededRng, Stream};
use crate::spec::Activation;
use candle_core::{Device, Tensor, Var};
use serde::{Deserialize, Serialize};

/// One fully connected layer: `y = x·W + b`.
#[derive(Debug)]
pub struct Dense {
    /// Weights, shape `(inputs, outputs)`.
    pub w: Var,
    /// Biases, shape `(outputs,)`.
    pub b: Var,
}

/// A multi-layer perceptron with trainable candle variables.
#[derive(Debug)]
pub struct Mlp {
    layers: Vec<Dense>,
    activation: Activation,
}

/// Plain numbers of one layer (for diagrams, fingerprints and export).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LayerWeights {
    /// Fan-in.
    pub inputs: usize,
    /// Fan-out.
    pub outputs: usize,
    /// Row-major `(inputs, outputs)`.
    pub w: Vec<f32>,
    /// `outputs` biases.
    pub b: Vec<f32>,
}

impl Mlp {
    /// Builds a network with `inputs` features, the given hidden widths and `outputs` outputs,
    /// initialised from the experiment seed (see [`init`]).
    pub fn new(inputs: usize, hidden: &[usize], outputs: usize, activation: Activation, seed: u64) -> Result<Self> {
        let mut rng = SeededRng::new(seed, Stream::Init);
        let device = Device::Cpu;
        let mut widths = vec![inputs];
        widths.extend_from_slice(hidden);
        widths.push(outputs);
        let last = widths.len() - 2;
        let mut layers = Vec::with_capacity(widths.len() - 1);
        for (k, pair) in widths.windows(2).enumerate() {
            let (fan_in, fan_out) = (pair[0], pair[1]);
            // The output layer has no nonlinearity after it: Glorot suits it whatever σ is.
            let scheme = if k == last { init::Scheme::Glorot } else { init::Scheme::for_activation(activation) };
            let w = init::weights(&mut rng, scheme, fan_in, fan_out);
            let w = Var::from_vec(w, (fan_in, fan_out), &device)?;
            let b = Var::from_vec(vec![0f32; fan_out], fan_out, &device)?;
            layers.push(Dense { w, b });
        }
        Ok(Self { layers, activation })
    }

    /// Logits (or values) for a batch: `(n, inputs)` → `(n, outputs)`.
    pub fn forward(&self, x: &Tensor) -> Result<Tensor> {
        let mut h = x.clone();
        let last = self.layers.len() - 1;
        for (k, layer) in self.layers.iter().enumerate() {
            h = ops::dense(&h, layer.w.as_tensor(), layer.b.as_tensor())?;
            if k != last {
                h = activate(&h, self.activation)?;
            }
        }
        Ok(h)
    }

    /// Training-mode forward pass with inverted dropout: after each hidden activation, every
    /// unit is zeroed with probability `p` and the survivors are scaled by `1/(1−p)`, so the
    /// expected activation equals the evaluation-mode one and [`Mlp::forward`] needs no change.
    /// The masks are drawn from `rng` (our seeded generator, never candle's), so a run with
    /// dropout replays bit-identically. With `p = 0` this is exactly [`Mlp::forward`].
    pub fn forward_train(&self, x: &Tensor, p: f64, rng: &mut SeededRng) -> Result<Tensor> {
        if p <= 0.0 {
            return self.forward(x);
        }
        let mut h = x.clone();
        let last = self.layers.len() - 1;
        let keep = 1.0 - p;
        for (k, layer) in self.layers.iter().enumerate() {
            h = ops::dense(&h, layer.w.as_tensor(), layer.b.as_tensor())?;
            if k != last {
                h = activate(&h, self.activation)?;
                let scale = (1.0 / keep) as f32;
                let mask: Vec<f32> =
                    (0..h.elem_count()).map(|_| if rng.uniform() < keep { scale } else { 0.0 }).collect();
                let mask = Tensor::from_vec(mask, h.dims(), h.device())?;
                h = (&h * &mask)?;
            }
        }
        Ok(h)
    }

    /// Every layer's output for a batch, input side first: the hidden layers after their
    /// activation, then the raw outputs (logits or values). `(n, width_k)` each.
    pub fn forward_all(&self, x: &Tensor) -> Result<Vec<Tensor>> {
        let mut h = x.clone();
        let last = self.layers.len() - 1;
        let mut out = Vec::with_capacity(self.layers.len());
        for (k, layer) in self.layers.iter().enumerate() {
            h = ops::dense(&h, layer.w.as_tensor(), layer.b.as_tensor())?;
            if k != last {
                h = activate(&h, self.activation)?;
            }
            out.push(h.clone());
        }
        Ok(out)
    }

    /// The layers, input side first.
    pub fn layers(&self) -> &[Dense] {
        &self.layers
    }

    /// Number of trainable numbers.
    pub fn parameter_count(&self) -> usize {
        self.layers.iter().map(|l| l.w.elem_count() + l.b.elem_count()).sum()
    }

    /// A copy of every layer's numbers.
    pub fn weights(&self) -> Result<Vec<LayerWeights>> {
        self.layers
            .iter()
            .map(|l| {
                let (inputs, outputs) = l.w.dims2()?;
                Ok(LayerWeights { inputs, outputs, w: l.w.flatten_all()?.to_vec1()?, b: l.b.to_vec1()? })
            })
            .collect()
    }
}

impl Mlp {
    /// Overwrites every layer's numbers (from [`Mlp::weights`] of a model of the same shape).
    pub fn set_weights(&self, weights: &[LayerWeights]) -> Result<()> {
        for (layer, w) in self.layers.iter().zip(weights) {
            let dev = layer.w.device().clone();
            layer.w.set(&Tensor::from_slice(&w.w, (w.inputs, w.outputs), &dev)?)?;
            layer.b.set(&Tensor::from_slice(&w.b, w.outputs, &dev)?)?;
        }
        Ok(())
    }
}

/// Applies the hidden-layer nonlinearity.
pub fn activate(h: &Tensor, activation: Activation) -> Result<Tensor> {
    Ok(match activation {
        Activation::Relu => ops::relu(h)?,
        Activation::Tanh => ops::tanh(h)?,
        Activation::Sigmoid => candle_nn::ops::sigmoid(h)?,
        Activation::Linear => h.clone(),
        Activation::LeakyRelu => h.maximum(&h.affine(0.01, 0.0)?)?,
        Activation::Gelu => h.gelu()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::choice::Choice;

    #[test]
    fn shapes_and_parameter_count() {
        let m = Mlp::new(2, &[8, 4], 1, Activation::Tanh, 1).unwrap();
        // (2·8 + 8) + (8·4 + 4) + (4·1 + 1) = 24 + 36 + 5
        assert_eq!(m.parameter_count(), 65);
        let x = Tensor::zeros((5, 2), candle_core::DType::F32, &Device::Cpu).unwrap();
        assert_eq!(m.forward(&x).unwrap().dims(), &[5, 1]);
    }

    #[test]
    fn no_hidden_layer_is_linear() {
        let m = Mlp::new(2, &[], 1, Activation::Relu, 1).unwrap();
        assert_eq!(m.layers().len(), 1);
        let w = m.weights().unwrap();
        let x = Tensor::new(&[[1f32, 2.0]], &Device::Cpu).unwrap();
        let z: Vec<f32> = m.forward(&x).unwrap().flatten_all().unwrap().to_vec1().unwrap();
        assert!((z[0] - (w[0].w[0] + 2.0 * w[0].w[1])).abs() < 1e-6);
    }

    #[test]
    fn activations_by_hand() {
        let x = Tensor::new(&[-2f32, 0.0, 3.0], &Device::Cpu).unwrap();
        let v = |a| activate(&x, a).unwrap().to_vec1::<f32>().unwrap();
        assert_eq!(v(Activation::Relu), [0.0, 0.0, 3.0]);
        assert_eq!(v(Activation::LeakyRelu), [-0.02, 0.0, 3.0]);
        assert_eq!(v(Activation::Linear), [-2.0, 0.0, 3.0]);
        // Tanh form ½x(1 + tanh(√(2/π)(x + 0.044715x³))): GELU(3) = 1.5(1 + tanh 3.35700) = 2.996363,
        // GELU(−2) = −(1 − tanh 1.88075) = −0.045402 (the exact x·Φ(x) gives 2.995950 and −0.045500).
        let g = v(Activation::Gelu);
        assert!((g[2] - 2.996363).abs() < 1e-5 && (g[0] + 0.045402).abs() < 1e-5 && g[1] == 0.0, "{g:?}");
        // The gradient flows through every activation (ReLU-like ones included).
        for &a in Activation::ALL {
            let w = candle_core::Var::from_vec(vec![-2f32, 0.5, 3.0], 3, &Device::Cpu).unwrap();
            let grads = activate(w.as_tensor(), a).unwrap().sum_all().unwrap().backward().unwrap();
            assert!(grads.get(w.as_tensor()).is_some(), "{a:?}");
        }
    }

    #[test]
    fn init_is_seeded() {
        let a = Mlp::new(2, &[8], 1, Activation::Relu, 5).unwrap().weights().unwrap();
        let b = Mlp::new(2, &[8], 1, Activation::Relu, 5).unwrap().weights().unwrap();
        let c = Mlp::new(2, &[8], 1, Activation::Relu, 6).unwrap().weights().unwrap();
        assert_eq!(a, b);
        assert_ne!(a, c);
    }
}
