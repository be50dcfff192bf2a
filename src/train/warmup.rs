//! Warming up the training code before the user trains, so the first epochs run at full speed.
//!
//! A browser compiles WebAssembly in two tiers: every function starts in a quick baseline
//! compile and is recompiled optimised once it has run enough. Measured in Chromium on the
//! benchmark's 64-128-64-10 network, the first epochs took 1,201 and 787 ms before settling at
//! 188–339 ms. [`WarmUp`] trains three small throwaway runs — shaped like the three benchmark
//! workloads: a wide ReLU network with Adam and softmax cross-entropy, a tiny tanh network
//! with SGD and binary cross-entropy, and logistic regression — through a [`Session`], events
//! and their JSON included, so the hot code is hot before the first ▶. The runs use data drawn
//! from our seeded generator and are thrown away: nothing of them reaches the user's runs
//! (each run draws its own weights and batch order from its own seed).

use super::bench::{run_data, Workload};
use super::{Command, Session};
use crate::error::Result;
use crate::rng::{SeededRng, Stream};

/// Rows of each warm-up run: a few batches per epoch, so that evaluation is warmed up too.
const ROWS: [usize; 3] = [640, 100, 1024];

/// Epochs of each warm-up run.
const EPOCHS: [usize; 3] = [3, 6, 2];

/// Throwaway runs that warm up the training code, a slice at a time.
#[derive(Debug, Default)]
pub struct WarmUp {
    sessions: Vec<Session>,
}

impl WarmUp {
    /// Loads the three runs (data drawn from a fixed seed).
    ///
    /// # Errors
    /// Only if a workload's experiment could not be set up (a bug: they are fixed).
    pub fn new() -> Result<Self> {
        let mut rng = SeededRng::new(0x5741_524d, Stream::Data);
        let mut sessions = Vec::new();
        for (k, w) in Workload::ALL.into_iter().enumerate() {
            let shape = w.shape();
            let rows = ROWS[k];
            let x: Vec<f32> = (0..rows * shape.width).map(|_| rng.uniform_range(-1.0, 1.0) as f32).collect();
            let y: Vec<f32> = (0..rows).map(|_| rng.below(shape.classes) as f32).collect();
            let mut session = Session::new();
            session.set_prepared(run_data(x, y, shape.width, shape.classes)?);
            let mut spec = w.spec();
            spec.training.epochs = EPOCHS[k];
            for e in session.handle(Command::Load { spec, changes: Vec::new() }) {
                let _ = e.to_json();
            }
            session.handle(Command::Play);
            sessions.push(session);
        }
        Ok(Self { sessions })
    }

    /// True once every run has finished.
    pub fn is_done(&self) -> bool {
        self.sessions.iter().all(|s| !s.is_playing())
    }

    /// Trains the next unfinished run while `keep_going()` says so (at least one epoch, as a
    /// [`Session::tick`]), turning its events into JSON as the worker does.
    pub fn slice(&mut self, keep_going: impl FnMut() -> bool) {
        if let Some(session) = self.sessions.iter_mut().find(|s| s.is_playing()) {
            for e in session.tick(keep_going) {
                let _ = e.to_json();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The warm-up trains its three runs to the end, and leaves a real run's numbers alone.
    #[test]
    fn warms_up_and_changes_nothing() {
        let spec = crate::spec::ExperimentSpec::default();
        let before = crate::train::run(&spec, |_| {}).unwrap();
        let mut w = WarmUp::new().unwrap();
        let mut slices = 0;
        while !w.is_done() {
            w.slice(|| true);
            slices += 1;
            assert!(slices < 100);
        }
        // One slice per run: each trains to its end when the budget never runs out.
        assert_eq!(slices, 3);
        assert!(w.sessions.iter().all(|s| s.trainer().is_some_and(|t| t.is_done())));
        assert_eq!(w.sessions[1].trainer().map(|t| t.epoch()), Some(6));
        assert_eq!(crate::train::run(&spec, |_| {}).unwrap(), before);
    }
}
