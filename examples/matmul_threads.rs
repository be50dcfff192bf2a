//! When does splitting a matrix product over threads pay? Times `lantern::model::matmul`'s
//! product on one thread and on rayon's threads for the shapes Lantern multiplies (a batch or a
//! whole data set through a layer, the backward pass's products), interleaved, and prints the
//! best time of each with the ratio. `PARALLEL_WORK` in src/model/matmul.rs comes from this.
//!
//! ```sh
//! cargo run --release --example matmul_threads [threads] [milliseconds per measurement]
//! ```
//! `threads` defaults to rayon's pool (the machine's cores, or `RAYON_NUM_THREADS`).

use lantern::model::matmul::{product_on, Matrix, PARALLEL_WORK};
use std::time::{Duration, Instant};

/// `(rows, inner, cols)` of `x·W`-like products: small batches, whole sets, wide layers (up
/// to the limits: 512 units, batches of 4,096).
const SHAPES: &[(usize, usize, usize)] = &[
    (256, 19, 3),
    (256, 20, 32),
    (20, 256, 32),
    (64, 128, 64),
    (256, 128, 64),
    (1_024, 64, 64),
    (4_096, 64, 64),
    (256, 256, 256),
    (256, 512, 512),
    (1_024, 512, 512),
    (4_096, 512, 512),
    (10_000, 19, 3),
    (10_000, 20, 32),
    (30_000, 19, 3),
    (30_000, 20, 32),
    (70_000, 19, 3),
    (70_000, 19, 1),
    (70_000, 20, 32),
    (70_000, 32, 3),
    (300_000, 19, 3),
    (700_000, 19, 3),
    (700_000, 20, 32),
    (700_000, 32, 3),
];

/// Best time per product over repeats filling `budget`.
fn best(budget: Duration, mut f: impl FnMut()) -> Duration {
    let mut best = Duration::MAX;
    let start = Instant::now();
    let mut runs = 0;
    while runs < 3 || start.elapsed() < budget {
        let t = Instant::now();
        f();
        best = best.min(t.elapsed());
        runs += 1;
    }
    best
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let threads = args.get(1).and_then(|t| t.parse().ok()).unwrap_or_else(rayon::current_num_threads);
    let budget = Duration::from_millis(args.get(2).and_then(|t| t.parse().ok()).unwrap_or(300));
    println!("threads: {threads}; PARALLEL_WORK = {PARALLEL_WORK} multiply-adds");
    println!(
        "{:>22} {:>12} {:>12} {:>12} {:>8}",
        "m×k·k×n",
        "m·n·k",
        "1 thread",
        format!("{threads} threads"),
        "ratio"
    );
    for &(m, k, n) in SHAPES {
        let a: Vec<f32> = (0..m * k).map(|i| ((i % 97) as f32 - 48.0) / 17.0).collect();
        let b: Vec<f32> = (0..k * n).map(|i| ((i % 89) as f32 - 44.0) / 13.0).collect();
        let (Some(a), Some(b)) = (Matrix::row_major(&a, m, k), Matrix::row_major(&b, k, n)) else { return };
        // Interleaved: one then many, twice over, so that a busy moment hurts both alike.
        let (mut one, mut many) = (Duration::MAX, Duration::MAX);
        for _ in 0..2 {
            one = one.min(best(budget / 2, || drop(product_on(a, b, 1))));
            many = many.min(best(budget / 2, || drop(product_on(a, b, threads))));
        }
        let us = |d: Duration| format!("{:.1} µs", d.as_secs_f64() * 1e6);
        println!(
            "{:>22} {:>12} {:>12} {:>12} {:>8.2}",
            format!("{m}×{k}·{k}×{n}"),
            m * n * k,
            us(one),
            us(many),
            one.as_secs_f64() / many.as_secs_f64()
        );
    }
}
