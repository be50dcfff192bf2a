//! Column names: from the header line, made unique and non-empty, or generated.

use super::Notice;
use std::collections::HashSet;

/// Generated name of column `index` (0-based): `column_1`, `column_2`, …
pub fn generated(index: usize) -> String {
    format!("column_{}", index + 1)
}

/// Names for the columns of a file whose header line (at `line`) has these `fields`.
///
/// Empty names become `column_N` (N = position, 1-based); a repeated name becomes `name (2)`,
/// `name (3)`, …, skipping names that are already taken. Each change is a notice.
pub fn unique(fields: &[String], line: usize, notices: &mut Vec<Notice>) -> Vec<String> {
    let bases: Vec<String> =
        fields.iter().enumerate().map(|(i, f)| if f.is_empty() { generated(i) } else { f.clone() }).collect();
    // Every name as written is reserved, so a later `a (2)` keeps its name.
    let mut taken: HashSet<String> = bases.iter().cloned().collect();
    let mut seen: HashSet<&str> = HashSet::new();
    let mut out = Vec::with_capacity(fields.len());
    for (i, (field, base)) in fields.iter().zip(&bases).enumerate() {
        let name = if seen.insert(base.as_str()) {
            base.clone()
        } else {
            let mut k = 2;
            let mut candidate = format!("{base} ({k})");
            while taken.contains(&candidate) {
                k += 1;
                candidate = format!("{base} ({k})");
            }
            taken.insert(candidate.clone());
            notices.push(Notice {
                message: format!(
                    "the name `{base}` is used by more than one column: column {} is called `{candidate}`.",
                    i + 1
                ),
                line: Some(line),
                column: Some(candidate.clone()),
            });
            candidate
        };
        if field.is_empty() {
            notices.push(Notice {
                message: format!("column {} has no name in the header line: it is called `{name}`.", i + 1),
                line: Some(line),
                column: Some(name.clone()),
            });
        }
        out.push(name);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(fields: &[&str]) -> (Vec<String>, usize) {
        let mut notices = Vec::new();
        let f: Vec<String> = fields.iter().map(|s| s.to_string()).collect();
        (unique(&f, 1, &mut notices), notices.len())
    }

    #[test]
    fn duplicates_and_empty_names() {
        assert_eq!(names(&["a", "b"]), (vec!["a".into(), "b".into()], 0));
        assert_eq!(names(&["a", "a", "", "a"]).0, ["a", "a (2)", "column_3", "a (3)"]);
        assert_eq!(names(&["a", "a", "a (2)"]).0, ["a", "a (3)", "a (2)"]);
        assert_eq!(names(&["", "column_1"]).0, ["column_1", "column_1 (2)"]);
        assert_eq!(names(&["x", "", ""]).1, 2);
    }
}
