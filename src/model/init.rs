//! Seeded weight initialisation (candle's own initialisers draw from an unseedable generator).
//!
//! Glorot/Xavier uniform: `W ~ U(−a, a)` with `a = √(6 / (fan_in + fan_out))`, which keeps the
//! variance of activations and gradients roughly constant through tanh/sigmoid/linear layers.
//! He/Kaiming uniform: `a = √(6 / fan_in)`, which compensates for ReLU zeroing half its inputs.

use crate::rng::SeededRng;
use crate::spec::Activation;

/// Which variance-preserving rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scheme {
    /// Glorot/Xavier uniform.
    Glorot,
    /// He/Kaiming uniform.
    He,
}

impl Scheme {
    /// He for ReLU, Glorot otherwise.
    pub fn for_activation(a: Activation) -> Self {
        match a {
            Activation::Relu | Activation::LeakyRelu | Activation::Gelu => Scheme::He,
            _ => Scheme::Glorot,
        }
    }

    /// Half-width `a` of the uniform distribution.
    pub fn limit(self, fan_in: usize, fan_out: usize) -> f64 {
        match self {
            Scheme::Glorot => libm::sqrt(6.0 / (fan_in + fan_out) as f64),
            Scheme::He => libm::sqrt(6.0 / fan_in as f64),
        }
    }
}

/// `fan_in × fan_out` row-major weights drawn from `U(−a, a)`.
pub fn weights(rng: &mut SeededRng, scheme: Scheme, fan_in: usize, fan_out: usize) -> Vec<f32> {
    let a = scheme.limit(fan_in, fan_out);
    (0..fan_in * fan_out).map(|_| rng.uniform_range(-a, a) as f32).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Stream;

    #[test]
    fn limits_by_hand() {
        assert!((Scheme::Glorot.limit(2, 4) - 1.0).abs() < 1e-12); // √(6/6)
        assert!((Scheme::He.limit(6, 100) - 1.0).abs() < 1e-12); // √(6/6)
    }

    #[test]
    fn values_within_limit_and_spread() {
        let mut rng = SeededRng::new(1, Stream::Init);
        let w = weights(&mut rng, Scheme::Glorot, 100, 50);
        let a = Scheme::Glorot.limit(100, 50) as f32;
        assert!(w.iter().all(|v| v.abs() <= a));
        // Variance of U(−a, a) is a²/3.
        let var = w.iter().map(|v| v * v).sum::<f32>() / w.len() as f32;
        assert!((var - a * a / 3.0).abs() < 0.1 * a * a / 3.0, "{var}");
    }
}
