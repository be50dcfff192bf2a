//! Indented JSON for the files people open (experiment and lesson files, model cards), made by
//! re-indenting compact JSON.
//!
//! serde_json's own `to_string_pretty` compiles every `Serialize` impl a second time, for its
//! pretty formatter; the compact form is compiled anyway (links, worker messages, stored runs).
//! This gives the same bytes as `to_string_pretty` — two spaces per level, `": "` after keys,
//! one element per line, `[]` and `{}` for empty containers (tested against serde_json).

use serde::Serialize;

/// `value` as indented JSON, byte for byte as `serde_json::to_string_pretty` writes it.
pub fn to_pretty_json<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<String> {
    Ok(indent(&serde_json::to_string(value)?))
}

/// Re-indents compact JSON (no whitespace outside strings, as serde_json writes it).
fn indent(compact: &str) -> String {
    let bytes = compact.as_bytes();
    let mut out = String::with_capacity(compact.len() * 2);
    let mut depth = 0usize;
    let mut i = 0;
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        (0..depth).for_each(|_| out.push_str("  "));
    };
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                // A string, copied whole: skip escaped characters (`\"`, `\\`).
                let start = i;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                out.push_str(&compact[start..(i + 1).min(bytes.len())]);
            }
            open @ (b'{' | b'[') => {
                let close = if open == b'{' { b'}' } else { b']' };
                if bytes.get(i + 1) == Some(&close) {
                    out.push(open as char);
                    out.push(close as char);
                    i += 1;
                } else {
                    out.push(open as char);
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            close @ (b'}' | b']') => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(close as char);
            }
            b',' => {
                out.push(',');
                newline(&mut out, depth);
            }
            b':' => out.push_str(": "),
            _ => {
                // A number, literal or a multi-byte character: copy up to the next ASCII
                // delimiter (always a character boundary).
                let start = i;
                while i + 1 < bytes.len() && !matches!(bytes[i + 1], b'"' | b'{' | b'[' | b'}' | b']' | b',' | b':') {
                    i += 1;
                }
                out.push_str(&compact[start..=i]);
            }
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn same_bytes_as_serde_json_pretty() {
        let values = [
            json!({}),
            json!([]),
            json!(null),
            json!(1.5e-7),
            json!("a \"quoted\" {x: [1,2]}, \\ back\\slash é ✓ \u{1}"),
            json!({"a": [], "b": {}, "c": [1, [2, []], {"d": null}], "e": "f,g:h", "ü": -0.0}),
            json!([[[]], [{}], {"k": [true, false]}]),
        ];
        for v in values {
            assert_eq!(to_pretty_json(&v).unwrap(), serde_json::to_string_pretty(&v).unwrap(), "{v}");
        }
        let spec = crate::spec::ExperimentSpec::default();
        assert_eq!(to_pretty_json(&spec).unwrap(), serde_json::to_string_pretty(&spec).unwrap());
    }
}
