//! The pictures a session's progress events carry: the decision grid over the plane, the
//! weights and what each unit computes — and how often each is sent, since every one costs
//! the page a parse.

#[cfg(doc)]
use super::REPORT_MS;
use super::{Event, Session, Trainer};
use crate::error::Result;
use crate::model::LayerWeights;
use crate::train::grid::DecisionGrid;

/// Cells per side of the decision grid sent with progress.
pub const GRID_RESOLUTION: usize = 50;

/// While playing, the decision grid goes with every this-many-th progress event (about ten a
/// second with ~30 ms slices): the eye needs no more, and each grid costs the page a parse.
pub const GRID_EVERY: usize = 3;

/// Rounds to 3 decimals (display values: colours have 256 levels).
fn round_all(values: &mut [f32]) {
    for v in values {
        *v = (*v * 1000.0).round() / 1000.0;
    }
}

/// Cells per side of each unit's map in the network diagram.
pub const UNIT_MAP_RESOLUTION: usize = 12;

/// Most units (inputs, hidden and outputs) for which unit maps are sent.
pub const UNIT_MAP_LIMIT: usize = 100;

/// Trainable numbers per progress event worth of weights: a network with `p` parameters sends
/// its weights with every `⌈p / WEIGHTS_PER_EVENT⌉`-th progress event (at most every 30th), so
/// a large network does not flood the page with numbers it cannot draw faster anyway.
pub const WEIGHTS_PER_EVENT: usize = 5000;

/// The latest weights and, for small networks, what each unit computes over the plane.
type Details = (Option<Vec<LayerWeights>>, Option<Vec<Vec<f32>>>);

impl Session {
    /// The decision grid over the current plane (none for one-feature data), its values
    /// rounded to 3 decimals: they only colour a map, and short numbers keep the page's
    /// message parsing cheap.
    pub(super) fn grid(&self, trainer: &Trainer) -> Result<Option<DecisionGrid>> {
        if self.quiet {
            return Ok(None);
        }
        Ok(self.plane.map(|p| trainer.plane_grid(p, GRID_RESOLUTION)).transpose()?.map(|mut g| {
            round_all(&mut g.values);
            round_all(&mut g.confidence);
            g
        }))
    }

    /// The grid when it is due: while playing, with every progress event of a session with a
    /// clock (those are [`REPORT_MS`] apart) and every [`GRID_EVERY`]-th of one without; always
    /// when training pauses or ends.
    pub(super) fn grid_if_due(&mut self, trainer: &Trainer, force: bool) -> Result<Option<DecisionGrid>> {
        self.since_grid += 1;
        if !force && self.clock.is_none() && self.since_grid < GRID_EVERY {
            return Ok(None);
        }
        self.since_grid = 0;
        self.grid(trainer)
    }

    /// A progress event with no epochs carrying the weights and unit maps of a fresh model, so
    /// the network diagram shows the initial weights before training.
    pub(super) fn initial_details(&mut self, trainer: &Trainer) -> Result<Event> {
        let (new_weights, new_units) = self.details(trainer, true)?;
        let mut event = Event::epochs_only(Vec::new());
        if let Event::Progress { grid, weights, units, train_ms, .. } = &mut event {
            *grid = self.grid(trainer)?;
            (*weights, *units) = (new_weights, new_units);
            *train_ms = self.clock.map(|_| self.trained_ms);
        }
        Ok(event)
    }

    /// Weights and unit maps when they are due (`force`: always).
    pub(super) fn details(&mut self, trainer: &Trainer, force: bool) -> Result<Details> {
        // Weights and unit maps are a network's pictures.
        let Some(network) = trainer.model() else { return Ok((None, None)) };
        let every = network.parameter_count().div_ceil(WEIGHTS_PER_EVENT).clamp(1, 30);
        self.since_weights += 1;
        if self.quiet || (!force && self.since_weights < every) {
            return Ok((None, None));
        }
        self.since_weights = 0;
        let weights = network.weights()?;
        let units: usize = weights.first().map_or(0, |w| w.inputs) + weights.iter().map(|w| w.outputs).sum::<usize>();
        let maps = match self.plane {
            Some(p) if units <= UNIT_MAP_LIMIT => {
                let mut maps = trainer.unit_maps(p, UNIT_MAP_RESOLUTION)?;
                maps.iter_mut().for_each(|m| round_all(m));
                Some(maps)
            }
            _ => None,
        };
        Ok((Some(weights), maps))
    }
}
