//! Histograms and the sweep over them: the inner loops of tree growing (see [`super`]).

use super::{Candidate, Grower, Rule, Targets};

impl Grower<'_> {
    /// Sweeps one feature's non-empty `bins` (ascending), updating `best`.
    pub(super) fn scan(
        &mut self,
        f: usize,
        h: &[f64],
        bins: impl Iterator<Item = usize>,
        total: &[f64],
        parent: f64,
        best: &mut Option<Candidate>,
    ) {
        if let Rule::Newton { l2, min_hessian, .. } = self.limits.rule {
            return self.scan_newton(f, h, bins, total, parent, best, (l2, min_hessian));
        }
        let w = self.width;
        let min_leaf = self.limits.min_samples_leaf as f64;
        let mut left = std::mem::take(&mut self.left);
        let mut right = std::mem::take(&mut self.right);
        left.iter_mut().for_each(|v| *v = 0.0);
        let mut previous: Option<usize> = None;
        for b in bins {
            if let Some(p) = previous {
                right.iter_mut().zip(total.iter().zip(&left)).for_each(|(r, (t, l))| *r = t - l);
                if left[0] >= min_leaf && right[0] >= min_leaf && self.sides_valid(&left, &right) {
                    let gain = self.score(&left) + self.score(&right) - parent;
                    if best.is_none_or(|c| gain > c.gain) {
                        *best = Some(Candidate { feature: f, left: p, right: b, gain, left_sums: None });
                    }
                }
                if total[0] - left[0] < min_leaf {
                    break;
                }
            }
            left.iter_mut().zip(&h[b * w..(b + 1) * w]).for_each(|(l, v)| *l += v);
            previous = Some(b);
        }
        self.left = left;
        self.right = right;
    }

    /// [`Grower::scan`] for boosting: the same sweep and the same arithmetic, on the three
    /// sums `[rows, Σg, Σh]` held in locals (the inner loop of boosting).
    #[allow(clippy::too_many_arguments)]
    fn scan_newton(
        &self,
        f: usize,
        h: &[f64],
        bins: impl Iterator<Item = usize>,
        total: &[f64],
        parent: f64,
        best: &mut Option<Candidate>,
        (l2, min_hessian): (f64, f64),
    ) {
        let min_leaf = self.limits.min_samples_leaf as f64;
        let score = |g: f64, h: f64| {
            let d = h + l2;
            if d > 0.0 {
                0.5 * g * g / d
            } else {
                0.0
            }
        };
        let [tc, tg, th] = [total[0], total[1], total[2]];
        let (mut lc, mut lg, mut lh) = (0.0, 0.0, 0.0);
        let mut previous: Option<usize> = None;
        for b in bins {
            if let Some(p) = previous {
                let (rc, rg, rh) = (tc - lc, tg - lg, th - lh);
                if lc >= min_leaf && rc >= min_leaf && lh >= min_hessian && rh >= min_hessian {
                    let gain = score(lg, lh) + score(rg, rh) - parent;
                    if best.is_none_or(|c| gain > c.gain) {
                        let left_sums = Some([lc, lg, lh]);
                        *best = Some(Candidate { feature: f, left: p, right: b, gain, left_sums });
                    }
                }
                if tc - lc < min_leaf {
                    break;
                }
            }
            lc += h[3 * b];
            lg += h[3 * b + 1];
            lh += h[3 * b + 2];
            previous = Some(b);
        }
    }

    fn sides_valid(&self, left: &[f64], right: &[f64]) -> bool {
        match self.limits.rule {
            Rule::Newton { min_hessian, .. } => left[2] >= min_hessian && right[2] >= min_hessian,
            _ => true,
        }
    }

    /// The criterion's score of a side's sums (see the module's documentation).
    pub(super) fn score(&self, s: &[f64]) -> f64 {
        match self.limits.rule {
            Rule::Gini => {
                let w: f64 = s[1..].iter().sum();
                if w > 0.0 {
                    s[1..].iter().map(|c| c * c).sum::<f64>() / w
                } else {
                    0.0
                }
            }
            Rule::Entropy => {
                let w: f64 = s[1..].iter().sum();
                let sum: f64 = s[1..].iter().filter(|&&c| c > 0.0).map(|&c| c * libm::log2(c)).sum();
                if w > 0.0 {
                    sum - w * libm::log2(w)
                } else {
                    0.0
                }
            }
            Rule::SquaredError => {
                if s[1] > 0.0 {
                    s[2] * s[2] / s[1]
                } else {
                    0.0
                }
            }
            Rule::Newton { l2, .. } => {
                let d = s[2] + l2;
                if d > 0.0 {
                    0.5 * s[1] * s[1] / d
                } else {
                    0.0
                }
            }
        }
    }

    /// Every feature's histogram of `rows`, one after the other (see `offsets`).
    pub(super) fn full_histogram(&self, rows: &[u32]) -> Vec<f64> {
        let mut h = vec![0.0; self.offsets[self.binned.width()]];
        if let Targets::Gradients { g, h: hess } = self.targets {
            // Every row (the root): in index order, since rows stay ascending, read in place.
            // Otherwise the gradients are gathered once in the node's row order (LightGBM's
            // "ordered gradients"), so each feature's sweep reads them contiguously. Same sums,
            // same order.
            let every_row = rows.len() == self.binned.rows();
            let ordered: Vec<[f64; 2]> =
                if every_row { Vec::new() } else { rows.iter().map(|&r| [g[r as usize], hess[r as usize]]).collect() };
            for f in 0..self.binned.width() {
                let col = self.binned.column(f);
                let out = &mut h[self.offsets[f]..self.offsets[f + 1]];
                if every_row {
                    add_gradients(out, col.iter().zip(g.iter().zip(hess.iter())).map(|(&b, (&g, &h))| (b, g, h)));
                } else {
                    let gathered = rows.iter().zip(&ordered).map(|(&r, gh)| (col[r as usize], gh[0], gh[1]));
                    add_gradients(out, gathered);
                }
            }
            return h;
        }
        for f in 0..self.binned.width() {
            let (a, b) = (self.offsets[f], self.offsets[f + 1]);
            self.accumulate_column(self.binned.column(f), rows, &mut h[a..b], None);
        }
        h
    }

    /// Sums of `rows` into `out`: per bin of feature `f` (marking non-empty bins in the mask),
    /// or all in one (`None`: the node's totals).
    pub(super) fn accumulate(&self, feature: Option<(usize, &mut [u64; 4])>, rows: &[u32], out: &mut [f64]) {
        match feature {
            Some((f, mask)) => self.accumulate_column(self.binned.column(f), rows, out, Some(mask)),
            None => self.accumulate_with(|_| 0, rows, out),
        }
    }

    fn accumulate_column(&self, col: &[u8], rows: &[u32], out: &mut [f64], mask: Option<&mut [u64; 4]>) {
        if let Some(mask) = mask {
            for &r in rows {
                let b = col[r as usize];
                mask[(b >> 6) as usize] |= 1 << (b & 63);
            }
        }
        self.accumulate_with(|r| col[r] as usize, rows, out);
    }

    /// Moves the rows whose bin in `col` is `≤ left` to the front, keeping both parts in order,
    /// and sums each part's statistics into `sides` (in row order, as [`Grower::accumulate`]
    /// would); returns how many went left.
    pub(super) fn partition(
        &self,
        rows: &mut [u32],
        col: &[u8],
        left: usize,
        spare: &mut Vec<u32>,
        sides: (&mut [f64], &mut [f64]),
    ) -> usize {
        match self.targets {
            Targets::Classes { class, weight, .. } => partition_with(rows, col, left, spare, sides, |r, t| {
                t[0] += 1.0;
                t[1 + class[r] as usize] += weight[r];
            }),
            Targets::Values { y, weight } => partition_with(rows, col, left, spare, sides, |r, t| {
                t[0] += 1.0;
                t[1] += weight[r];
                t[2] += weight[r] * y[r];
            }),
            Targets::Gradients { g, h } => partition_with(rows, col, left, spare, sides, |r, t| {
                t[0] += 1.0;
                t[1] += g[r];
                t[2] += h[r];
            }),
        }
    }

    /// The one summation loop per kind of target (rows in order: same bits everywhere).
    #[inline(always)]
    fn accumulate_with(&self, bin: impl Fn(usize) -> usize, rows: &[u32], out: &mut [f64]) {
        let w = self.width;
        match self.targets {
            Targets::Classes { class, weight, .. } => {
                for &r in rows {
                    let r = r as usize;
                    let at = bin(r) * w;
                    out[at] += 1.0;
                    out[at + 1 + class[r] as usize] += weight[r];
                }
            }
            Targets::Values { y, weight } => {
                for &r in rows {
                    let r = r as usize;
                    let at = bin(r) * w;
                    out[at] += 1.0;
                    out[at + 1] += weight[r];
                    out[at + 2] += weight[r] * y[r];
                }
            }
            Targets::Gradients { g, h } => {
                for &r in rows {
                    let r = r as usize;
                    let at = bin(r) * w;
                    out[at] += 1.0;
                    out[at + 1] += g[r];
                    out[at + 2] += h[r];
                }
            }
        }
    }
}

/// Adds each row's count, gradient and hessian to its bin of `out` (`[rows, Σg, Σh]` per bin),
/// the rows given as `(bin, g, h)` in order.
#[inline(always)]
fn add_gradients(out: &mut [f64], rows: impl Iterator<Item = (u8, f64, f64)>) {
    for (bin, g, h) in rows {
        let at = bin as usize * 3;
        if let Some(bin) = out.get_mut(at..at + 3) {
            bin[0] += 1.0;
            bin[1] += g;
            bin[2] += h;
        }
    }
}

/// Moves the rows whose bin in `col` is `≤ left` to the front, keeping both parts in order;
/// returns how many went left.
pub(super) fn partition(rows: &mut [u32], col: &[u8], left: usize, spare: &mut Vec<u32>) -> usize {
    partition_with(rows, col, left, spare, (&mut [], &mut []), |_, _| {})
}

/// [`Grower::partition`] with `add(row, sums)` adding one row's statistics.
#[inline(always)]
fn partition_with(
    rows: &mut [u32],
    col: &[u8],
    left: usize,
    spare: &mut Vec<u32>,
    (left_sums, right_sums): (&mut [f64], &mut [f64]),
    add: impl Fn(usize, &mut [f64]),
) -> usize {
    spare.clear();
    let mut w = 0;
    for i in 0..rows.len() {
        let r = rows[i];
        if col[r as usize] as usize <= left {
            rows[w] = r;
            w += 1;
            add(r as usize, left_sums);
        } else {
            spare.push(r);
            add(r as usize, right_sums);
        }
    }
    rows[w..].copy_from_slice(spare);
    w
}

/// The set bits of a 256-bit mask, ascending.
pub(super) struct MaskBins {
    pub(super) mask: [u64; 4],
    pub(super) word: usize,
}

impl Iterator for MaskBins {
    type Item = usize;
    fn next(&mut self) -> Option<usize> {
        while self.word < 4 {
            let m = self.mask[self.word];
            if m != 0 {
                let bit = m.trailing_zeros() as usize;
                self.mask[self.word] = m & (m - 1);
                return Some(self.word * 64 + bit);
            }
            self.word += 1;
        }
        None
    }
}
