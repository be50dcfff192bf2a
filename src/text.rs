//! Text shortened for display: one rule for chart labels, terminal tables and messages that
//! quote what a user typed.

/// The ellipsis that marks a cut.
pub const ELLIPSIS: char = '…';

/// `s` itself if it has at most `max_chars` characters, else its first `max_chars − 1`
/// characters and "…", so that the result never has more than `max_chars` characters (and a
/// text of exactly `max_chars` is never cut). Counts Unicode scalar values (`char`s), so a cut
/// never splits a character; `max_chars = 0` gives "…" for any non-empty text.
pub fn ellipsis(s: &str, max_chars: usize) -> String {
    match s.char_indices().nth(max_chars) {
        None => s.to_string(),
        Some(_) => {
            let keep = max_chars.saturating_sub(1);
            let end = s.char_indices().nth(keep).map_or(s.len(), |(i, _)| i);
            format!("{}{ELLIPSIS}", &s[..end])
        }
    }
}

/// `n` with a comma between groups of three digits: `1234567` → `1,234,567`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_only_what_is_too_long() {
        assert_eq!(ellipsis("abcdef", 6), "abcdef");
        assert_eq!(ellipsis("abcdefg", 6), "abcde…");
        assert_eq!(ellipsis("", 3), "");
        assert_eq!(ellipsis("ab", 1), "…");
        assert_eq!(ellipsis("ab", 0), "…");
    }

    #[test]
    fn thousands_by_hand() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1234567), "1,234,567");
    }

    #[test]
    fn counts_characters_not_bytes() {
        // "é" is two bytes, "→" three: a byte-based cut would split them.
        assert_eq!(ellipsis("éééé", 4), "éééé");
        assert_eq!(ellipsis("é→é→é", 3), "é→…");
        assert_eq!(ellipsis("é→é→é", 3).chars().count(), 3);
    }
}
