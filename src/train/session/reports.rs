//! How often a playing session reports its progress.
//!
//! The worker trains in slices of a few tens of milliseconds so that a pause or a step is
//! handled at once, but every progress event costs the page a parse, a re-render and a
//! compositor frame. Sent after every slice (~33 a second), they kept the page's main thread
//! busy most of the time on two cores (tasks of 50–230 ms, measured by the responsiveness
//! e2e). So a session with a clock sends at most one progress event per [`REPORT_MS`] while
//! playing and holds the epochs in between; anything that ends or interrupts playing (pause,
//! step, stop, the end of the run) sends what is held at once. A session without a clock (the
//! CLI, native tests) reports after every tick, as it cannot tell time.

use super::Event;
use crate::train::metrics::EpochMetrics;

/// Shortest time between two progress events while playing, ms: ten pictures a second are
/// smooth enough to watch a network learn, and leave the page's main thread mostly idle.
pub const REPORT_MS: f64 = 100.0;

/// The epochs trained since the last progress event and when that was sent.
#[derive(Debug, Default)]
pub(super) struct Reports {
    /// Epochs trained but not reported yet, in order.
    held: Vec<EpochMetrics>,
    /// Clock reading when the last progress event was sent while playing (`None`: none since
    /// playing started, so the next one goes at once).
    last: Option<f64>,
}

impl Reports {
    /// Forgets held epochs and the last report's time (a new run, or playing starts again).
    pub fn restart(&mut self) {
        self.held.clear();
        self.last = None;
    }

    /// Whether a progress event is due for a tick that started at clock reading `now`
    /// (`None`: the session has no clock, and every tick reports). Ticks are timed from their
    /// start, so that reporting reads the clock no more often than training does.
    pub fn due(&self, now: Option<f64>) -> bool {
        match (now, self.last) {
            (Some(now), Some(last)) => now - last >= REPORT_MS,
            _ => true,
        }
    }

    /// Keeps `epochs` for the next progress event.
    pub fn hold(&mut self, epochs: Vec<EpochMetrics>) {
        self.held.extend(epochs);
    }

    /// The held epochs followed by `epochs`, all to be reported now (for a tick or command that
    /// started at clock reading `now`).
    pub fn take(&mut self, epochs: Vec<EpochMetrics>, now: Option<f64>) -> Vec<EpochMetrics> {
        self.last = now;
        let mut all = std::mem::take(&mut self.held);
        all.extend(epochs);
        all
    }

    /// Whether epochs are waiting to be reported.
    #[cfg(test)]
    pub fn holding(&self) -> bool {
        !self.held.is_empty()
    }

    /// The held epochs alone in a progress event of a run that stopped playing (no pictures:
    /// a run that failed may have no model left to draw), if any are held.
    pub fn bare_progress(&mut self) -> Option<Event> {
        if self.held.is_empty() {
            return None;
        }
        Some(Event::epochs_only(std::mem::take(&mut self.held)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn epoch(n: usize) -> EpochMetrics {
        EpochMetrics { epoch: n, ..EpochMetrics::default() }
    }

    #[test]
    fn a_timed_session_reports_once_per_interval_and_keeps_every_epoch() {
        let mut r = Reports::default();
        assert!(r.due(Some(0.0)), "the first report after playing starts goes at once");
        assert_eq!(r.take(vec![epoch(1)], Some(0.0)).len(), 1);
        assert!(!r.due(Some(REPORT_MS - 1.0)));
        r.hold(vec![epoch(2), epoch(3)]);
        assert!(r.holding());
        assert!(r.due(Some(REPORT_MS)));
        let sent: Vec<usize> = r.take(vec![epoch(4)], Some(REPORT_MS)).iter().map(|m| m.epoch).collect();
        assert_eq!(sent, [2, 3, 4]);
        assert!(!r.holding());
        r.restart();
        assert!(r.due(Some(REPORT_MS + 1.0)));
    }

    #[test]
    fn without_a_clock_every_tick_reports() {
        let mut r = Reports::default();
        r.take(Vec::new(), None);
        assert!(r.due(None));
    }
}
