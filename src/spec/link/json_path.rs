//! Where in a JSON document a decoding error happened, as a field path (`spec.training.epochs`,
//! `changes[0].set`), found from the line and column serde_json puts in its errors.
//!
//! Scanning the text up to the error is enough: a path is the keys of the objects and the
//! indices of the arrays that are open at that point. This replaces a deserializer wrapper
//! that tracked the path while decoding, at the price of a second copy of every type's
//! decoding code in the wasm module (about 170 KB of code).

/// One open container.
enum Frame {
    /// An object, with the key whose value is being read, if any, and whether that value is
    /// complete (the next string is then a key).
    Object { key: Option<String>, done: bool },
    /// An array, with the index of the element being read, if one has started.
    Array { index: Option<usize> },
}

/// The path of the value being read at byte `offset` of `json`, in serde_path_to_error's
/// notation: keys joined by `.`, indices as `[i]`, `.` for the document itself. (An error
/// about an object as a whole, such as a missing field, is reported just after its closing
/// brace: the path is then the object's own.)
pub(crate) fn path_at(json: &[u8], offset: usize) -> String {
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    let end = offset.min(json.len());
    while i < end {
        match json[i] {
            b'"' => {
                let start = i + 1;
                i += 1;
                while i < json.len() && json[i] != b'"' {
                    i += if json[i] == b'\\' { 2 } else { 1 };
                }
                let text = String::from_utf8_lossy(&json[start..i.min(json.len())]).into_owned();
                match stack.last_mut() {
                    // A key: an object waiting for one.
                    Some(Frame::Object { key, done }) if key.is_none() || *done => {
                        *key = Some(text);
                        *done = false;
                        // `:` follows; until it is read the key's value has not started.
                    }
                    _ => value_started(&mut stack, true),
                }
            }
            b'{' => {
                value_started(&mut stack, false);
                stack.push(Frame::Object { key: None, done: false });
            }
            b'[' => {
                value_started(&mut stack, false);
                stack.push(Frame::Array { index: None });
            }
            b'}' | b']' => {
                stack.pop();
                value_finished(&mut stack);
            }
            b',' => match stack.last_mut() {
                Some(Frame::Object { key, done }) => {
                    *key = None;
                    *done = false;
                }
                Some(Frame::Array { index }) => *index = Some(index.map_or(1, |k| k + 1)),
                None => {}
            },
            b':' | b' ' | b'\t' | b'\n' | b'\r' => {}
            // Numbers, true, false, null.
            _ => value_started(&mut stack, true),
        }
        i += 1;
    }
    let mut out = String::new();
    for frame in &stack {
        match frame {
            Frame::Object { key: Some(key), .. } => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Frame::Array { index: Some(index) } => out.push_str(&format!("[{index}]")),
            _ => {}
        }
    }
    if out.is_empty() {
        out.push('.');
    }
    out
}

/// A value starts in the innermost container (`whole`: and ends with it: a string or scalar).
fn value_started(stack: &mut [Frame], whole: bool) {
    match stack.last_mut() {
        Some(Frame::Array { index }) => {
            index.get_or_insert(0);
        }
        Some(Frame::Object { done, .. }) => *done = whole,
        None => {}
    }
}

/// The innermost container's current value has ended.
fn value_finished(stack: &mut [Frame]) {
    if let Some(Frame::Object { done, .. }) = stack.last_mut() {
        *done = true;
    }
}

/// The byte offset of serde_json's 1-based `line` and `column` (bytes read on that line).
pub(crate) fn offset_of(json: &[u8], line: usize, column: usize) -> usize {
    let start = if line <= 1 {
        0
    } else {
        json.iter().enumerate().filter(|(_, &b)| b == b'\n').nth(line - 2).map_or(json.len(), |(k, _)| k + 1)
    };
    start + column
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// The path serde_json's error points at, for `T`.
    fn error_path<T: serde::de::DeserializeOwned + std::fmt::Debug>(json: &str) -> (String, String) {
        let e = serde_json::from_str::<T>(json).unwrap_err();
        (path_at(json.as_bytes(), offset_of(json.as_bytes(), e.line(), e.column())), e.to_string())
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Inner {
        epochs: u32,
        rate: f64,
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Outer {
        name: String,
        training: Inner,
        #[serde(default)]
        list: Vec<Inner>,
    }

    /// The same paths serde_path_to_error gave, for wrong types, missing fields and arrays, on
    /// one line and pretty-printed.
    #[test]
    fn paths_of_decoding_errors() {
        let cases = [
            (r#"{"name":"a","training":{"epochs":"many","rate":1}}"#, "training.epochs"),
            (r#"{"name":"a","training":{"epochs":{"x":1},"rate":1}}"#, "training.epochs"),
            (r#"{"name":"a","training":{"epochs":[1,2],"rate":1}}"#, "training.epochs"),
            (r#"{"name":"a","training":{"epochs":3}}"#, "training"),
            (
                r#"{"name":"a","training":{"epochs":3,"rate":1},"list":[{"epochs":1,"rate":2},{"epochs":-1,"rate":2}]}"#,
                "list[1].epochs",
            ),
            (r#"{"name":"a","training":{"epochs":3,"rate":1},"list":[{"epochs":1,"rate":2},{"epochs":1}]}"#, "list[1]"),
            (r#"{"name":7}"#, "name"),
            (r#"{"name":"a\"b","training":{"rate":"x","epochs":1}}"#, "training.rate"),
            (r#"[1]"#, "[0]"),
            (r#"{"name":"a","training":{"epochs":1,"rate":1}} x"#, "."),
            (
                "{\n  \"name\": \"a\",\n  \"training\": {\n    \"epochs\": true,\n    \"rate\": 1\n  }\n}",
                "training.epochs",
            ),
        ];
        for (json, want) in cases {
            let (path, message) = error_path::<Outer>(json);
            assert_eq!(path, want, "{json}: {message}");
        }
    }
}
