//! End-to-end checks of [`read_csv`] on small inline files (fixtures live in tests/).

#![allow(clippy::unwrap_used)]

use super::*;

fn read(text: &str) -> Loaded {
    read_csv(text.as_bytes(), &ReadOptions::default()).unwrap_or_else(|e| panic!("refused: {e}"))
}

fn refuse(bytes: &[u8], options: &ReadOptions) -> (String, Option<usize>, Option<String>) {
    match read_csv(bytes, options) {
        Err(e @ Error::Data { .. }) => {
            let text = e.to_string();
            let Error::Data { line, column, .. } = e else { unreachable!() };
            (text, line, column)
        }
        Err(e) => panic!("wrong error kind: {e}"),
        Ok(l) => panic!("accepted: {:?}", l.table),
    }
}

fn numbers(l: &Loaded, j: usize) -> Vec<f64> {
    match &l.table.columns[j].data {
        ColumnData::Numeric { values } => values.clone(),
        other => panic!("not numeric: {other:?}"),
    }
}

#[test]
fn plain_file() {
    let l = read("x,y,label\n1,2.5,a\n3,-4e1,b\n");
    assert_eq!(l.table.names(), ["x", "y", "label"]);
    assert_eq!(numbers(&l, 1), [2.5, -40.0]);
    assert_eq!(l.table.columns[2].display(1).as_deref(), Some("b"));
    assert_eq!(
        l.format,
        DetectedFormat {
            delimiter: b',',
            encoding: Encoding::Utf8,
            header: true,
            decimal_comma: false,
            line_ending: LineEnding::Lf
        }
    );
    assert!(l.notices.is_empty(), "{:?}", l.notices);
}

#[test]
fn unquoted_cells_are_trimmed_quoted_ones_are_not() {
    let l = read("a,b,\" c \"\n  x  ,\" y \",\" 5 \"\n z ,\" \",6\n");
    assert_eq!(l.table.names(), ["a", "b", "c"]);
    assert_eq!(l.table.columns[0].display(0).as_deref(), Some("x"));
    assert_eq!(l.table.columns[1].display(0).as_deref(), Some(" y "));
    assert_eq!(l.table.columns[1].display(1), None);
    assert_eq!(l.table.columns[2].data, ColumnData::Numeric { values: vec![5.0, 6.0] });
}

#[test]
fn empty_rows_are_skipped_with_a_notice() {
    let l = read("a,b\n1,2\n,\n3,4\n , \n");
    assert_eq!(numbers(&l, 0), [1.0, 3.0]);
    assert!(l.notices.iter().any(|n| n.message.contains("2 rows with every cell empty were skipped: line 3, line 5")));
}

#[test]
fn limits_are_named() {
    let tight = |f: fn(&mut Limits)| {
        let mut o = ReadOptions::default();
        f(&mut o.limits);
        o
    };
    let text = b"a,b,c\n1,2,3\n4,5,6\n7,8,9\n";
    let (m, line, _) = refuse(text, &tight(|l| l.max_rows = 2));
    assert!(m.contains("more than 2 rows") && line == Some(4), "{m}");
    let (m, line, _) = refuse(text, &tight(|l| l.max_columns = 2));
    assert!(m.contains("3 columns, more than the limit of 2") && line == Some(1), "{m}");
    let (m, _, _) = refuse(text, &tight(|l| l.max_bytes = 10));
    assert!(m.contains("24 bytes, over the limit of 10 bytes"), "{m}");
}

#[test]
fn the_page_reads_at_most_100_mib() {
    let page = Limits::for_page();
    assert_eq!((page.max_bytes, page.max_rows, page.max_columns), (104_857_600, 2_000_000, 5_000));
    assert!(page.check_size(104_857_600).is_ok());
    assert_eq!(
        page.check_size(104_857_601).unwrap_err().to_string(),
        "the file is 100.0 MiB, over the limit of 100.0 MiB. Load a smaller file, e.g. a sample of the rows."
    );
    assert!(page.check_size(usize::MAX).unwrap_err().to_string().starts_with("the file is 17592186044416.0 MiB"));
    assert_eq!(Limits::default().max_bytes, 256 << 20, "the command line reads up to 256 MiB");
}

#[test]
fn explicit_options_win() {
    let o = ReadOptions { delimiter: Some(b';'), header: Some(false), decimal_comma: Some(true), ..Default::default() };
    let l = read_csv(b"a;b\n1,5;2\n", &o).unwrap();
    assert_eq!(l.table.names(), ["column_1", "column_2"]);
    assert_eq!(l.table.rows(), 2);
    let bad = ReadOptions { delimiter: Some(b'"'), ..Default::default() };
    assert!(refuse(b"a,b\n1,2\n2,3\n", &bad).0.contains("cannot be a delimiter"));
}

#[test]
fn unclosed_quote_names_the_column() {
    let (m, line, column) = refuse(b"a,b\n1,2\n3,\"oops\n4,5\n", &ReadOptions::default());
    assert_eq!((line, column.as_deref()), (Some(3), Some("b")), "{m}");
}

#[test]
fn never_panics_on_odd_bytes() {
    let inputs: [&[u8]; 12] = [
        b"\"",
        b",",
        b"\n\n",
        b"\"\"\"",
        b"a,b\n\"",
        b"a,\"b\n",
        b"\xEF\xBB\xBF",
        b"a\rb",
        b",,\n,,\n,,\n",
        b"a,b\n1,2\n\"x\"\"y\"z,3\n",
        b"\xff\xfe",
        b"{",
    ];
    for bytes in inputs {
        let _ = read_csv(bytes, &ReadOptions::default());
    }
}

/// A cheap stand-in for the fuzz target: thousands of random files built from the bytes that
/// matter (delimiters, quotes, line breaks, digits, missing tokens, invalid UTF-8, NUL) must
/// each be read or refused, never panic, and any table read must be rectangular and summarizable.
#[test]
fn random_files_never_panic() {
    let mut accepted = 0;
    for bytes in random_files(6_000) {
        if let Ok(l) = read_csv(&bytes, &ReadOptions::default()) {
            let rows = l.table.rows();
            assert!(rows >= 2 && l.table.columns.len() >= 2);
            assert!(l.table.columns.iter().all(|c| c.len() == rows));
            let _ = crate::data::schema::summarize_table(&l.table);
            accepted += 1;
        }
    }
    assert!(accepted > 300, "only {accepted} random files were accepted: the test checks too little");
}

/// `count` random files, the same on every call: half pure noise of the pieces that matter,
/// half tables of random cells with a few random insertions.
pub(super) fn random_files(count: usize) -> Vec<Vec<u8>> {
    const PIECES: [&[u8]; 24] = [
        b",",
        b";",
        b"\t",
        b"|",
        b"\"",
        b"\"\"",
        b"\n",
        b"\r\n",
        b"\r",
        b" ",
        b"1",
        b"-2.5",
        b"1,5",
        b"inf",
        b"1e400",
        b"NA",
        b"?",
        b"abc",
        b"x y",
        b"\xE9",
        b"\x80",
        b"\x00",
        b"{",
        b"\xEF\xBB\xBF",
    ];
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut files = Vec::with_capacity(count);
    for round in 0..count {
        let mut pick = |n: usize| (next() % n as u64) as usize;
        let mut bytes = Vec::new();
        if round % 2 == 0 {
            // Pure noise.
            for _ in 0..pick(60) {
                bytes.extend_from_slice(PIECES.get(pick(PIECES.len())).copied().unwrap_or_default());
            }
        } else {
            // A table of random cells, then a few random insertions.
            let d = [b',', b';', b'\t', b'|'].get(pick(4)).copied().unwrap_or(b',');
            let (rows, cols) = (pick(6), 1 + pick(4));
            for _ in 0..rows {
                for c in 0..cols {
                    if c > 0 {
                        bytes.push(d);
                    }
                    for _ in 0..pick(3) {
                        bytes.extend_from_slice(PIECES.get(10 + pick(12)).copied().unwrap_or_default());
                    }
                }
                bytes.push(b'\n');
            }
            for _ in 0..pick(3) {
                let at = pick(bytes.len() + 1);
                let piece = PIECES.get(pick(PIECES.len())).copied().unwrap_or_default();
                bytes.splice(at..at, piece.iter().copied());
            }
        }
        files.push(bytes);
    }
    files
}
