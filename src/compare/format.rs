//! How the Compare view (and the Deploy stage's metrics) write numbers: metrics with 4 decimals
//! (as the evaluation panel), times in ms or s, "—" for anything missing (counts:
//! [`crate::text::thousands`]).

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_words() {
        assert_eq!(metric(0.91234), "0.9123");
        assert_eq!(metric(1.0), "1.0000");
        assert_eq!((metric(f64::NAN), metric(f64::INFINITY)), ("—".to_string(), "—".to_string()));
        assert_eq!(mean_std(0.9, 0.1), "0.9000 ± 0.1000");
        assert_eq!(mean_std(0.9, f64::NAN), "0.9000 ± —");
        assert_eq!(duration(850.4), "850 ms");
        assert_eq!(duration(999.0), "999 ms");
        assert_eq!(duration(1000.0), "1.0 s");
        assert_eq!(duration(12_345.0), "12.3 s");
        assert_eq!(duration(f64::NAN), "—");
    }
}
