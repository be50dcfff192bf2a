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
#[derive(Debug)]
pub struct WarmUp {
    /// Workloads not loaded yet (loaded one per slice).
    pending: Vec<usize>,
    sessions: Vec<Session>,
    rng: Option<SeededRng>,
}

impl WarmUp {
    /// The three runs, to be loaded and trained by [`WarmUp::slice`].
    pub fn new() -> Self {
        Self { pending: vec![2, 1, 0], sessions: Vec::new(), rng: Some(SeededRng::new(0x5741_524d, Stream::Data)) }
    }

    /// True once every run has finished.
    pub fn is_done(&self) -> bool {
        self.pending.is_empty() && self.sessions.iter().all(|s| s.trainer().is_none_or(super::Trainer::is_done))
    }

    /// Loads the next run, or trains the current one a mini-batch at a time while
    /// `keep_going()` says so (at least one batch; an epoch's last batch also evaluates it),
    /// turning the events into JSON as the worker does. A slice never blocks for longer than
    /// one batch (or one load, or one evaluation of a few hundred rows) past its budget.
    ///
    /// # Errors
    /// Only if a workload's experiment could not be set up (a bug: they are fixed).
    pub fn slice(&mut self, mut keep_going: impl FnMut() -> bool) -> Result<()> {
        let busy = self.sessions.iter_mut().find(|s| s.trainer().is_some_and(|t| !t.is_done()));
        if let Some(session) = busy {
            loop {
                for e in session.handle(Command::StepBatch) {
                    let _ = e.to_json();
                }
                if session.trainer().is_none_or(super::Trainer::is_done) || !keep_going() {
                    return Ok(());
                }
            }
        }
        let (Some(k), Some(rng)) = (self.pending.pop(), self.rng.as_mut()) else { return Ok(()) };
        let w = Workload::ALL[k];
        let shape = w.shape();
        let rows = ROWS[k];
        let x: Vec<f32> = (0..rows * shape.width).map(|_| rng.uniform_range(-1.0, 1.0) as f32).collect();
        let y: Vec<f32> = (0..rows).map(|_| rng.below(shape.classes) as f32).collect();
        let mut session = Session::new();
        session.set_prepared(run_data(x, y, shape.width, shape.classes)?);
        let mut spec = w.spec();
        spec.training.epochs = EPOCHS[k];
        for e in session.handle(Command::Load { spec, changes: Vec::new() }) {
            if let super::Event::Failed { message } = e {
                return Err(crate::error::Error::Protocol(message));
            }
            let _ = e.to_json();
        }
        self.sessions.push(session);
        Ok(())
    }
}

impl Default for WarmUp {
    fn default() -> Self {
        Self::new()
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
        let mut w = WarmUp::new();
        let mut slices = 0;
        while !w.is_done() {
            w.slice(|| true).unwrap();
            slices += 1;
            assert!(slices < 100);
        }
        // A load, then one slice of training, per run, when the budget never runs out.
        assert_eq!(slices, 6);
        let epochs: Vec<usize> = w.sessions.iter().map(|s| s.trainer().map_or(0, |t| t.epoch())).collect();
        assert_eq!(epochs, EPOCHS);
        // With no budget at all, each slice takes exactly one batch (640 rows / 64 = 10 per epoch).
        let mut w = WarmUp::new();
        w.slice(|| false).unwrap();
        w.slice(|| false).unwrap();
        assert_eq!(w.sessions[0].trainer().map(|t| t.steps()), Some(1));
        assert_eq!(crate::train::run(&spec, |_| {}).unwrap(), before);
    }
}
