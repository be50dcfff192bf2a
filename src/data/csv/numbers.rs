//! What a cell means: missing, a number, a non-finite number, or text.
//!
//! Works on bytes straight out of `csv::ByteRecord`, so numeric cells never become `String`s.

/// Cell texts (after trimming) that mean "no value". Compared exactly, so `Na` or `none` stay
/// text: a column of them shows up in the junk notice rather than vanishing silently.
pub const MISSING_TOKENS: [&str; 10] = ["", "NA", "N/A", "n/a", "null", "NULL", "NaN", "nan", "?", "-"];

/// The meaning of one (trimmed) cell.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Cell {
    /// Empty or a missing token.
    Missing,
    /// A finite number.
    Number(f64),
    /// A number that is not finite: `inf`, `-Infinity`, `1e400` (overflow), or a NaN spelling
    /// that is not a missing token (`NAN`). Never kept as a value.
    NonFinite,
    /// Anything else.
    Text,
}

/// True when `cell` (already trimmed) is one of [`MISSING_TOKENS`].
pub fn is_missing(cell: &[u8]) -> bool {
    cell.len() <= 4 && MISSING_TOKENS.iter().any(|t| t.as_bytes() == cell)
}

/// Removes ASCII whitespace (space, tab, CR, LF, FF) from both ends.
pub fn trim(cell: &[u8]) -> &[u8] {
    cell.trim_ascii()
}

/// Classifies a trimmed cell. With `decimal_comma`, a single `,` is the decimal separator
/// (`1,5`, `-3,25e2`) and a `.` is not accepted (it could be a thousands separator, so such
/// cells are reported as text instead of being guessed).
pub fn classify(cell: &[u8], decimal_comma: bool) -> Cell {
    if is_missing(cell) {
        return Cell::Missing;
    }
    match parse(cell, decimal_comma) {
        Some(v) if v.is_finite() => Cell::Number(v),
        Some(_) => Cell::NonFinite,
        None => Cell::Text,
    }
}

/// Parses a number; `None` when the cell is not one. May return ±inf or NaN.
pub fn parse(cell: &[u8], decimal_comma: bool) -> Option<f64> {
    let first = *cell.first()?;
    // Cheap rejection before any parsing: every number Rust accepts starts like this.
    if !(first.is_ascii_digit() || matches!(first, b'+' | b'-' | b'.' | b'i' | b'I' | b'n' | b'N' | b',')) {
        return None;
    }
    if decimal_comma {
        return parse_comma_decimal(cell);
    }
    std::str::from_utf8(cell).ok()?.parse::<f64>().ok()
}

/// Parses `1,5`-style numbers: at most one `,` (read as the decimal point) and no `.`.
/// Plain integers and `inf` are accepted too.
pub fn parse_comma_decimal(cell: &[u8]) -> Option<f64> {
    let mut buf = [0u8; 64];
    let dst = buf.get_mut(..cell.len())?;
    let mut commas = 0;
    for (d, &b) in dst.iter_mut().zip(cell) {
        *d = match b {
            b'.' => return None,
            b',' => {
                commas += 1;
                b'.'
            }
            _ => b,
        };
    }
    if commas > 1 {
        return None;
    }
    std::str::from_utf8(dst).ok()?.parse::<f64>().ok()
}

/// True for a cell written with a decimal comma and digits on both sides: `1,5`, `-3,25e2`.
/// Used by the sniffer to decide whether a `;`- or tab-separated file uses decimal commas.
pub fn looks_comma_decimal(cell: &[u8]) -> bool {
    let body = cell.strip_prefix(b"-").or_else(|| cell.strip_prefix(b"+")).unwrap_or(cell);
    let Some(comma) = body.iter().position(|&b| b == b',') else { return false };
    let (int, rest) = body.split_at(comma);
    let frac = rest.get(1..).unwrap_or_default();
    let frac_digits = frac.iter().take_while(|b| b.is_ascii_digit()).count();
    !int.is_empty()
        && int.iter().all(u8::is_ascii_digit)
        && frac_digits > 0
        && parse_comma_decimal(cell).is_some_and(f64::is_finite)
}

/// True for a cell written with a decimal point: `1.5`, `-0.25e3` (not plain integers).
pub fn looks_dot_decimal(cell: &[u8]) -> bool {
    cell.contains(&b'.') && parse(cell, false).is_some_and(f64::is_finite)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_tokens() {
        for t in ["", "NA", "N/A", "n/a", "null", "NULL", "NaN", "nan", "?", "-"] {
            assert_eq!(classify(t.as_bytes(), false), Cell::Missing, "{t}");
        }
        assert_eq!(classify(b"none", false), Cell::Text);
        assert_eq!(trim(b"  NA \t"), b"NA");
    }

    #[test]
    fn numbers_and_non_finite() {
        assert_eq!(classify(b"1.5", false), Cell::Number(1.5));
        assert_eq!(classify(b"-3e2", false), Cell::Number(-300.0));
        assert_eq!(classify(b"+.5", false), Cell::Number(0.5));
        assert_eq!(classify(b"007", false), Cell::Number(7.0));
        for t in ["inf", "-inf", "Infinity", "1e400", "-1e999", "NAN"] {
            assert_eq!(classify(t.as_bytes(), false), Cell::NonFinite, "{t}");
        }
        for t in ["abc", "1,5", "5%", "$3", "1_000", "0x10", "1.2.3", "."] {
            assert_eq!(classify(t.as_bytes(), false), Cell::Text, "{t}");
        }
    }

    #[test]
    fn decimal_commas() {
        assert_eq!(classify(b"1,5", true), Cell::Number(1.5));
        assert_eq!(classify(b"-3,25e2", true), Cell::Number(-325.0));
        assert_eq!(classify(b"12", true), Cell::Number(12.0));
        assert_eq!(classify(b"1.5", true), Cell::Text);
        assert_eq!(classify(b"1,2,3", true), Cell::Text);
        assert_eq!(classify(&[b'1'; 100], true), Cell::Text);
        assert!(looks_comma_decimal(b"1,5") && looks_comma_decimal(b"-3,25e2"));
        assert!(!looks_comma_decimal(b"1,") && !looks_comma_decimal(b",5") && !looks_comma_decimal(b"a,b"));
        assert!(looks_dot_decimal(b"0.5") && !looks_dot_decimal(b"5"));
    }
}
