//! Python literals: strings, numbers and lists written so that Python reads back exactly the
//! value Lantern holds (every `f64` in its shortest exact form, every string escaped).

/// `s` as a double-quoted Python string literal. Quotes and backslashes are escaped, and so is
/// every character a reader could take for a line end or that does not print (control
/// characters, U+2028/U+2029, U+FEFF); other Unicode stays as it is (a Python file is UTF-8).
pub fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x100 && c.is_control() => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}') => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `v` as a Python float: its shortest exact decimal form (`0.1`, `1e-9`, `3.0`), or
/// `math.nan` / `math.inf` / `-math.inf`.
pub fn float(v: f64) -> String {
    if v.is_nan() {
        "math.nan".into()
    } else if v.is_infinite() {
        if v > 0.0 { "math.inf" } else { "-math.inf" }.into()
    } else {
        format!("{v:?}")
    }
}

/// A Python list of strings.
pub fn strings<S: AsRef<str>>(items: &[S]) -> String {
    list(items.iter().map(|s| string(s.as_ref())))
}

/// A Python list of floats.
pub fn floats(items: &[f64]) -> String {
    list(items.iter().map(|v| float(*v)))
}

/// A Python list of already written items.
pub fn list(items: impl Iterator<Item = String>) -> String {
    format!("[{}]", items.collect::<Vec<_>>().join(", "))
}

/// `True` or `False`.
pub fn boolean(b: bool) -> &'static str {
    if b {
        "True"
    } else {
        "False"
    }
}

/// `Some(n)` as `n`, `None` as `None`.
pub fn optional(n: Option<usize>) -> String {
    n.map_or_else(|| "None".into(), |n| n.to_string())
}

/// ASCII `text` (base64) as a parenthesised run of string literals of at most `width`
/// characters each, one per line, indented by four spaces.
pub fn wrapped(text: &str, width: usize) -> String {
    let mut out = String::from("(\n");
    let bytes = text.as_bytes();
    for chunk in bytes.chunks(width.max(1)) {
        out.push_str("    \"");
        out.push_str(&String::from_utf8_lossy(chunk));
        out.push_str("\"\n");
    }
    if bytes.is_empty() {
        out.push_str("    \"\"\n");
    }
    out.push(')');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_escape_what_python_would_misread() {
        assert_eq!(string("bill_length_mm"), "\"bill_length_mm\"");
        assert_eq!(string("a \"quoted\" name"), r#""a \"quoted\" name""#);
        assert_eq!(string("back\\slash"), r#""back\\slash""#);
        assert_eq!(string("two\nlines\r\t"), r#""two\nlines\r\t""#);
        assert_eq!(string("bell\u{7}"), r#""bell\x07""#);
        assert_eq!(string("next\u{85}line"), r#""next\x85line""#);
        assert_eq!(string("sep\u{2028}"), r#""sep\u2028""#);
        assert_eq!(string("température (°C) 企鹅 🐧"), "\"température (°C) 企鹅 🐧\"");
    }

    #[test]
    fn floats_are_exact_and_python_spelled() {
        assert_eq!(float(0.1), "0.1");
        assert_eq!(float(3.0), "3.0");
        assert_eq!(float(-2.5e-9), "-2.5e-9");
        assert_eq!(float(1e300), "1e300");
        assert_eq!(float(f64::NAN), "math.nan");
        assert_eq!(float(f64::NEG_INFINITY), "-math.inf");
        let v = 43.921_929_824_561_4_f64;
        assert_eq!(float(v).parse::<f64>().unwrap(), v);
        assert_eq!(floats(&[1.0, 0.5]), "[1.0, 0.5]");
        assert_eq!(strings(&["a", "b\"c"]), r#"["a", "b\"c"]"#);
    }

    #[test]
    fn long_text_is_wrapped() {
        assert_eq!(wrapped("abcdefg", 3), "(\n    \"abc\"\n    \"def\"\n    \"g\"\n)");
        assert_eq!(wrapped("", 3), "(\n    \"\"\n)");
    }
}
