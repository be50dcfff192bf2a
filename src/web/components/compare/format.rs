//! How the Compare panel writes numbers: metrics with 4 decimals (as the evaluation panel),
//! times in ms or s, "—" for anything missing (counts: `crate::text::thousands`).

/// A metric value with 4 decimals, "—" when not finite.
pub fn metric(v: f64) -> String {
    if v.is_finite() {
        format!("{v:.4}")
    } else {
        "—".into()
    }
}

/// `mean ± std` with 4 decimals each ("—" for an undefined spread).
pub fn mean_std(mean: f64, std: f64) -> String {
    format!("{} ± {}", metric(mean), metric(std))
}

/// A duration: "850 ms" below a second, "12.3 s" above.
pub fn duration(ms: f64) -> String {
    if !ms.is_finite() {
        "—".into()
    } else if ms < 1000.0 {
        format!("{ms:.0} ms")
    } else {
        format!("{:.1} s", ms / 1000.0)
    }
}
