//! The sums of a growing ensemble on the rows it was last asked about, so that asking again
//! after more trees only adds the new trees.
//!
//! A page asks a growing forest or booster for its output on the same rows after every step:
//! the cells of the decision map. Walking every tree for every cell each time makes the cost of
//! a step grow with the trees already there (a quarter of a 100-round boosting run on 100,000
//! rows went there). The cache keeps the rows, their per-row sums and how many trees (rounds)
//! those include; a call with the same rows adds the trees since, in the same order as a sum
//! from scratch adds them to each row's sum — so the result has the same bits either way.

use super::matrix::Matrix;
use std::sync::Mutex;

/// Most rows a cache keeps (a decision map has 2,500 cells): larger inputs (a test split, a
/// file to predict) are summed from scratch and not kept.
pub(crate) const CACHED_ROWS: usize = 16_384;

/// Rows, their sums over the first `steps` trees (rounds), and `steps`.
struct Cached {
    x: Vec<f32>,
    sums: Vec<f64>,
    steps: usize,
}

/// The last small input and its sums (see the module's documentation). Behind a mutex so that
/// a model answers through `&self`; the lock is never held across anything that can panic.
#[derive(Default)]
pub(crate) struct OutputCache(Mutex<Option<Cached>>);

impl OutputCache {
    /// The per-row sums of `x` over the first `steps` steps: `start(x)` gives the sums before
    /// any step and `add(step, x, sums)` adds one step's outputs to every row's sums; only the
    /// steps not yet in the cached sums are added when `x` is the cached input.
    pub(crate) fn sums(
        &self,
        x: Matrix,
        steps: usize,
        start: impl Fn(Matrix) -> Vec<f64>,
        add: impl Fn(usize, Matrix, &mut [f64]),
    ) -> Vec<f64> {
        let from_scratch = || {
            let mut sums = start(x);
            (0..steps).for_each(|s| add(s, x, &mut sums));
            sums
        };
        if x.rows() > CACHED_ROWS {
            return from_scratch();
        }
        let Ok(mut cache) = self.0.lock() else { return from_scratch() };
        match cache.as_mut() {
            Some(c) if c.steps <= steps && c.x == x.values() => {
                (c.steps..steps).for_each(|s| add(s, x, &mut c.sums));
                c.steps = steps;
                c.sums.clone()
            }
            _ => {
                let sums = from_scratch();
                *cache = Some(Cached { x: x.values().to_vec(), sums: sums.clone(), steps });
                sums
            }
        }
    }
}
