//! The progress bar of `lantern run` on a terminal: one line on stderr, redrawn after each
//! epoch, only when stderr is a terminal and the output is not `--json` (never in pipes or
//! files, whose readers want the JSON lines alone).

use crate::train::EpochMetrics;
use std::io::{IsTerminal, Write};
use std::time::Instant;

/// Width of the bar in characters.
const BAR: usize = 30;

/// The bar's state.
pub(super) struct Progress {
    total: usize,
    enabled: bool,
    drawn: bool,
    start: Instant,
}

impl Progress {
    /// A bar for `total` epochs, shown only when `wanted` and stderr is a terminal.
    pub(super) fn new(total: usize, wanted: bool) -> Self {
        Self { total, enabled: wanted && std::io::stderr().is_terminal(), drawn: false, start: Instant::now() }
    }

    /// Erases the bar (before other output goes to the same terminal).
    pub(super) fn clear(&mut self) {
        if self.drawn {
            let mut e = std::io::stderr().lock();
            let _ = write!(e, "\r\x1b[2K");
            let _ = e.flush();
            self.drawn = false;
        }
    }

    /// Draws the bar after epoch `m`.
    pub(super) fn show(&mut self, m: &EpochMetrics) {
        if !self.enabled {
            return;
        }
        let line = bar_line(m, self.total, self.start.elapsed().as_secs_f64());
        let mut e = std::io::stderr().lock();
        let _ = write!(e, "\r\x1b[2K{line}");
        let _ = e.flush();
        self.drawn = true;
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.clear();
    }
}

/// `epoch  12/100 [###.......]  12%  loss 0.4321  3.2 s`: the epoch, a bar of [`BAR`]
/// characters (`#` per finished thirtieth), the share done, the last training loss, and the
/// time so far.
pub(super) fn bar_line(m: &EpochMetrics, total: usize, seconds: f64) -> String {
    let total = total.max(1);
    let done = m.epoch.min(total);
    let filled = done * BAR / total;
    format!(
        "epoch {:>w$}/{total} [{}{}] {:>3}%  loss {:.4}  {seconds:.1} s",
        m.epoch,
        "#".repeat(filled),
        ".".repeat(BAR - filled),
        done * 100 / total,
        m.train_loss,
        w = total.to_string().len()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bar_by_hand() {
        let m = EpochMetrics { epoch: 25, train_loss: 0.123_456, ..EpochMetrics::default() };
        // 25 of 100: 25·30/100 = 7 filled characters (7.5 rounded down), 25 %.
        assert_eq!(bar_line(&m, 100, 3.21), "epoch  25/100 [#######.......................]  25%  loss 0.1235  3.2 s");
        let last = EpochMetrics { epoch: 7, ..m };
        assert_eq!(bar_line(&last, 7, 0.0), format!("epoch 7/7 [{}] 100%  loss 0.1235  0.0 s", "#".repeat(30)));
    }
}
