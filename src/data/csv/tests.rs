//! End-to-end checks of [`read_csv`] on small inline files (fixtures live in tests/).

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
        DetectedFormat { delimiter: b',', encoding: Encoding::Utf8, header: true, decimal_comma: false, line_ending: LineEnding::Lf }
    );
    assert!(l.notices.is_empty(), "{:?}", l.notices);
}

#[test]
fn unquoted_cells_are_trimmed_quoted_ones_are_not() {
    let l = read("a,b\n  x  ,\" y \"\n z ,w\n");
    assert_eq!(l.table.columns[0].display(0).as_deref(), Some("x"));
    assert_eq!(l.table.columns[1].display(0).as_deref(), Some(" y "));
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
        b"\"", b",", b"\n\n", b"\"\"\"", b"a,b\n\"", b"a,\"b\n", b"\xEF\xBB\xBF", b"a\rb", b",,\n,,\n,,\n",
        b"a,b\n1,2\n\"x\"\"y\"z,3\n", b"\xff\xfe", b"{",
    ];
    for bytes in inputs {
        let _ = read_csv(bytes, &ReadOptions::default());
    }
}
