//! The one source of randomness.
//!
//! candle's CPU random generator cannot be seeded, so nothing in Lantern uses it: data
//! generation, weight initialisation and batch shuffling all draw from [`SeededRng`], a ChaCha8
//! stream derived from the experiment seed and a purpose label. Separate streams mean that, for
//! example, changing the network does not change the generated data.
//!
//! Transcendental functions come from `libm` (pure Rust), not the platform maths library, so
//! the same seed yields bit-identical numbers natively and in WebAssembly.

use rand_chacha::ChaCha8Rng;
use rand_core::{RngCore, SeedableRng};

/// A seeded, platform-independent random generator.
#[derive(Clone, Debug)]
pub struct SeededRng {
    inner: ChaCha8Rng,
    spare_normal: Option<f64>,
}

/// The purposes that get their own stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    /// Generating synthetic data.
    Data,
    /// Splitting rows into train and test.
    Split,
    /// Initialising weights.
    Init,
    /// Shuffling mini-batches.
    Shuffle,
    /// Dropout masks.
    Dropout,
    /// The seeds of a run repeated over several seeds (Compare).
    Repeats,
    /// Choosing the training values an exported model keeps for drift monitoring.
    Reference,
    /// Tree ensembles: a forest's bootstrap samples and the features each split may consider
    /// (`learn`).
    Trees,
    /// Shuffling a column for permutation importance (`learn::importance`).
    Permutation,
    /// Cross-validation folds: the rows' order before k-fold, the fold of each class's rows in
    /// stratified k-fold, the groups' order in shuffled group k-fold (`validate::folds`).
    Folds,
    /// The settings a hyper-parameter search proposes (`validate::search`).
    Search,
    /// The rows sampled for partial dependence and ICE curves (`validate::dependence`).
    Dependence,
}

impl Stream {
    fn id(self) -> u64 {
        match self {
            Stream::Data => 1,
            Stream::Split => 2,
            Stream::Init => 3,
            Stream::Shuffle => 4,
            Stream::Dropout => 5,
            Stream::Repeats => 6,
            Stream::Reference => 7,
            Stream::Trees => 8,
            Stream::Permutation => 9,
            Stream::Folds => 10,
            Stream::Search => 11,
            Stream::Dependence => 12,
        }
    }
}

impl SeededRng {
    /// The generator for `stream` of experiment `seed`.
    pub fn new(seed: u64, stream: Stream) -> Self {
        let mut inner = ChaCha8Rng::seed_from_u64(seed);
        inner.set_stream(stream.id());
        Self { inner, spare_normal: None }
    }

    /// A uniformly distributed `u64`.
    pub fn next_u64(&mut self) -> u64 {
        self.inner.next_u64()
    }

    /// Uniform in `[0, 1)` with 53 random bits.
    pub fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in `[lo, hi)`.
    pub fn uniform_range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.uniform()
    }

    /// Standard normal N(0, 1) by the Box–Muller transform (pairs, the second one cached).
    pub fn normal(&mut self) -> f64 {
        if let Some(z) = self.spare_normal.take() {
            return z;
        }
        // u1 in (0, 1] so that ln(u1) is finite.
        let u1 = 1.0 - self.uniform();
        let u2 = self.uniform();
        let r = libm::sqrt(-2.0 * libm::log(u1));
        let theta = 2.0 * std::f64::consts::PI * u2;
        self.spare_normal = Some(r * libm::sin(theta));
        r * libm::cos(theta)
    }

    /// Uniform integer in `0..n` without modulo bias (rejection sampling). `n` must be > 0.
    pub fn below(&mut self, n: usize) -> usize {
        let n = n as u64;
        if n <= 1 {
            return 0;
        }
        let zone = u64::MAX - (u64::MAX % n);
        loop {
            let v = self.next_u64();
            if v < zone {
                return (v % n) as usize;
            }
        }
    }

    /// Fisher–Yates shuffle in place.
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_stream_is_identical() {
        let mut a = SeededRng::new(7, Stream::Data);
        let mut b = SeededRng::new(7, Stream::Data);
        for _ in 0..100 {
            assert_eq!(a.next_u64(), b.next_u64());
        }
    }

    #[test]
    fn streams_and_seeds_differ() {
        let a = SeededRng::new(7, Stream::Data).next_u64();
        assert_ne!(a, SeededRng::new(7, Stream::Init).next_u64());
        assert_ne!(a, SeededRng::new(8, Stream::Data).next_u64());
    }

    #[test]
    fn uniform_and_normal_moments() {
        let mut r = SeededRng::new(1, Stream::Data);
        let n = 200_000;
        let (mut su, mut sn, mut sn2) = (0.0, 0.0, 0.0);
        for _ in 0..n {
            let u = r.uniform();
            assert!((0.0..1.0).contains(&u));
            su += u;
            let z = r.normal();
            sn += z;
            sn2 += z * z;
        }
        let n = n as f64;
        assert!((su / n - 0.5).abs() < 0.005);
        assert!((sn / n).abs() < 0.01);
        assert!((sn2 / n - 1.0).abs() < 0.01);
    }

    #[test]
    fn below_is_in_range_and_covers() {
        let mut r = SeededRng::new(3, Stream::Shuffle);
        let mut seen = [0usize; 5];
        for _ in 0..5000 {
            seen[r.below(5)] += 1;
        }
        assert!(seen.iter().all(|&c| c > 800), "{seen:?}");
    }

    #[test]
    fn shuffle_is_a_permutation() {
        let mut r = SeededRng::new(3, Stream::Shuffle);
        let mut v: Vec<usize> = (0..100).collect();
        r.shuffle(&mut v);
        assert_ne!(v, (0..100).collect::<Vec<_>>());
        v.sort_unstable();
        assert_eq!(v, (0..100).collect::<Vec<_>>());
    }
}
