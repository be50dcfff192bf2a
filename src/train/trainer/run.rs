//! Training a spec to the end in one call (the command line's and the tests' way).

use super::Trainer;
use crate::data::Table;
use crate::error::Result;
use crate::spec::ExperimentSpec;
use crate::train::metrics::EpochMetrics;

/// Trains `spec` to the end, calling `on_epoch` after each epoch, and returns the history.
pub fn run(spec: &ExperimentSpec, on_epoch: impl FnMut(&EpochMetrics)) -> Result<Vec<EpochMetrics>> {
    run_with(spec, None, on_epoch)
}

/// As [`run`], with the user's `table` for a spec whose data is a file.
pub fn run_with(
    spec: &ExperimentSpec,
    table: Option<&Table>,
    mut on_epoch: impl FnMut(&EpochMetrics),
) -> Result<Vec<EpochMetrics>> {
    let mut trainer = Trainer::with_table(spec, table)?;
    while !trainer.is_done() {
        let m = trainer.run_epoch()?;
        on_epoch(&m);
    }
    Ok(trainer.history().to_vec())
}
