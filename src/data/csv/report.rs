//! What `lantern inspect` prints about a loaded file: a table for people, or one JSON object.
//! Kept in the core (no CLI dependency) so that other front ends can show the same report.

use super::{show_delimiter, Encoding, LineEnding, Loaded, Notice};
use crate::choice::Choice;
use crate::data::schema::{ColumnKind, ColumnSummary};
use serde_json::{json, Value};

/// One JSON object: `rows`, `columns` (each summary with its kind also under `type`), `format`
/// (as [`super::DetectedFormat`] serializes, the delimiter as a byte) and `notices`.
pub fn json(loaded: &Loaded, summaries: &[ColumnSummary]) -> Value {
    let columns: Vec<Value> = summaries
        .iter()
        .map(|s| {
            let mut v = serde_json::to_value(s).unwrap_or(Value::Null);
            if let Value::Object(map) = &mut v {
                map.insert("type".into(), json!(kind_name(s.kind)));
            }
            v
        })
        .collect();
    json!({
        "rows": loaded.table.rows(),
        "columns": columns,
        "format": loaded.format,
        "notices": loaded.notices,
    })
}

/// The kind as written in JSON (`free_text`).
pub fn kind_name(kind: ColumnKind) -> &'static str {
    kind.name()
}

/// The human report: format, size, one line per column, then every notice.
pub fn text(loaded: &Loaded, summaries: &[ColumnSummary]) -> String {
    let f = &loaded.format;
    let encoding = match f.encoding {
        Encoding::Utf8 => "UTF-8",
        Encoding::Utf8Bom => "UTF-8 with BOM",
        Encoding::Windows1252 => "Windows-1252",
    };
    let yes = |b: bool| if b { "yes" } else { "no" };
    let endings = match f.line_ending {
        LineEnding::Lf => "LF",
        LineEnding::CrLf => "CRLF",
    };
    let mut out = format!(
        "format: delimiter {}, encoding {encoding}, header {}, decimal comma {}, line endings {endings}\n{} rows × {} columns\n\n",
        show_delimiter(f.delimiter),
        yes(f.header),
        yes(f.decimal_comma),
        loaded.table.rows(),
        loaded.table.columns.len(),
    );
    let width = summaries.iter().map(|s| s.name.chars().count()).max().unwrap_or(4).clamp(4, 30);
    out += &format!("{:width$}  {:11}  {:>7}  summary\n", "name", "kind", "missing");
    for s in summaries {
        let name: String = s.name.chars().take(30).collect();
        out += &format!("{name:width$}  {:11}  {:>7}  {}\n", kind_name(s.kind), s.missing, describe(s));
    }
    if !loaded.notices.is_empty() {
        out += "\nnotices:\n";
        for n in &loaded.notices {
            out += &format!("  {}\n", notice_line(n));
        }
    }
    out.pop();
    out
}

/// `line 3, column x: message`.
pub fn notice_line(n: &Notice) -> String {
    match (n.line, &n.column) {
        (Some(l), Some(c)) => format!("line {l}, column {c}: {}", n.message),
        (Some(l), None) => format!("line {l}: {}", n.message),
        (None, Some(c)) => format!("column {c}: {}", n.message),
        (None, None) => n.message.clone(),
    }
}

/// Statistics for numbers, most frequent values for text, and the reason if any.
fn describe(s: &ColumnSummary) -> String {
    let mut parts = Vec::new();
    if let (Some(mean), Some(min), Some(max)) = (s.mean, s.min, s.max) {
        let std = s.std.map_or("-".to_string(), num);
        parts.push(format!("mean {}  std {std}  min {}  max {}", num(mean), num(min), num(max)));
    } else if !s.top.is_empty() {
        let shown: Vec<String> =
            s.top.iter().take(5).map(|(v, n)| format!("{} {n}", crate::text::ellipsis(v, 21))).collect();
        let more = if s.distinct > shown.len() { format!(", … ({} distinct)", s.distinct) } else { String::new() };
        parts.push(format!("{}{more}", shown.join(", ")));
    }
    if let Some(r) = &s.reason {
        parts.push(format!("({r})"));
    }
    parts.join("  ")
}

/// Four significant digits, scientific notation for very large or small magnitudes.
fn num(v: f64) -> String {
    let a = v.abs();
    if a != 0.0 && !(1e-3..1e6).contains(&a) {
        return format!("{v:.3e}");
    }
    let digits = if a == 0.0 { 0 } else { (3 - a.log10().floor() as i32).clamp(0, 6) as usize };
    let s = format!("{v:.digits$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_well() {
        assert_eq!(num(5.843333), "5.843");
        assert_eq!(num(0.828), "0.828");
        assert_eq!(num(120.0), "120");
        assert_eq!(num(-3.5), "-3.5");
        assert_eq!(num(0.0), "0");
        assert_eq!(num(1.5e9), "1.500e9");
    }
}
