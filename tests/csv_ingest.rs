//! CSV ingest as a user meets it: files in tests/fixtures/ read into tables with exact values,
//! every refusal with its line, column and advice, column kinds, and `lantern inspect`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use lantern::data::csv::{read_csv, DetectedFormat, Encoding, LineEnding, Loaded, Notice, ReadOptions};
use lantern::data::schema::{summarize_table, ColumnKind};
use lantern::data::{ColumnData, Table};
use lantern::Error;
use std::process::Command;

fn read(bytes: &[u8]) -> Loaded {
    read_csv(bytes, &ReadOptions::default()).unwrap_or_else(|e| panic!("refused: {e}"))
}

/// The refusal's full message, line and column.
fn refused(bytes: &[u8]) -> (String, Option<usize>, Option<String>) {
    match read_csv(bytes, &ReadOptions::default()) {
        Err(e @ Error::Data { .. }) => {
            let message = e.to_string();
            match e {
                Error::Data { line, column, .. } => (message, line, column),
                _ => unreachable!(),
            }
        }
        Err(e) => panic!("not a data error: {e}"),
        Ok(l) => panic!("accepted: {:?}", l.table),
    }
}

fn nums(t: &Table, name: &str) -> Vec<Option<f64>> {
    match &t.column(name).unwrap_or_else(|| panic!("no column {name}")).data {
        ColumnData::Numeric { values } => values.iter().map(|v| (!v.is_nan()).then_some(*v)).collect(),
        ColumnData::Text { .. } => panic!("{name} is text"),
    }
}

fn texts(t: &Table, name: &str) -> Vec<Option<String>> {
    let c = t.column(name).unwrap_or_else(|| panic!("no column {name}"));
    assert!(matches!(c.data, ColumnData::Text { .. }), "{name} is not text");
    (0..c.len()).map(|r| c.display(r)).collect()
}

fn s(v: &[&str]) -> Vec<Option<String>> {
    v.iter().map(|x| Some(x.to_string())).collect()
}

fn has_notice(notices: &[Notice], needle: &str) -> Notice {
    notices
        .iter()
        .find(|n| n.message.contains(needle))
        .cloned()
        .unwrap_or_else(|| panic!("no notice with {needle:?} in {notices:#?}"))
}

#[test]
fn quoted_fields_doubled_quotes_embedded_newlines_and_crlf() {
    let l = read(include_bytes!("fixtures/quoted_crlf.csv"));
    assert_eq!(l.table.names(), ["name", "comment", "score"]);
    assert_eq!(texts(&l.table, "name"), s(&["Smith, Jane", "Lee", "Plain"]));
    assert_eq!(texts(&l.table, "comment"), s(&["She said \"hi\"", "two\r\nlines", "text"]));
    assert_eq!(nums(&l.table, "score"), [Some(1.5), Some(2.0), Some(3.0)]);
    assert_eq!(
        l.format,
        DetectedFormat {
            delimiter: b',',
            encoding: Encoding::Utf8,
            header: true,
            decimal_comma: false,
            line_ending: LineEnding::CrLf
        }
    );
    assert!(l.notices.is_empty(), "{:?}", l.notices);
}

#[test]
fn utf8_bom_is_stripped() {
    let l = read(include_bytes!("fixtures/bom.csv"));
    assert_eq!(l.table.names(), ["city", "temp"]);
    assert_eq!(l.format.encoding, Encoding::Utf8Bom);
    assert_eq!(nums(&l.table, "temp"), [Some(-3.5), Some(14.0)]);
}

#[test]
fn semicolons_with_decimal_commas() {
    let l = read(include_bytes!("fixtures/semicolon_decimal_comma.csv"));
    assert_eq!((l.format.delimiter, l.format.decimal_comma), (b';', true));
    assert_eq!(texts(&l.table, "Produkt"), s(&["Äpfel", "Birnen", "Kiwi"]));
    assert_eq!(nums(&l.table, "Preis"), [Some(1.5), Some(-325.0), Some(0.75)]);
    assert_eq!(nums(&l.table, "Menge"), [Some(3.0), Some(4.0), None]);
    has_notice(&l.notices, "decimal comma");
}

#[test]
fn tab_and_pipe_delimiters() {
    let l = read(include_bytes!("fixtures/tab.tsv"));
    assert_eq!((l.format.delimiter, l.format.decimal_comma), (b'\t', false));
    assert_eq!(texts(&l.table, "label"), s(&["a b", "c"]));
    assert_eq!(nums(&l.table, "y"), [Some(2.0), Some(4.0)]);
    let l = read(include_bytes!("fixtures/pipe.csv"));
    assert_eq!(l.format.delimiter, b'|');
    assert_eq!(texts(&l.table, "label"), s(&["a,b", "c;d"]));
}

#[test]
fn headerless_file_gets_generated_names() {
    let l = read(include_bytes!("fixtures/headerless.csv"));
    assert!(!l.format.header);
    assert_eq!(l.table.names(), ["column_1", "column_2", "column_3"]);
    assert_eq!(nums(&l.table, "column_1"), [Some(5.1), Some(4.9), Some(6.3)]);
    assert_eq!(texts(&l.table, "column_3"), s(&["setosa", "setosa", "virginica"]));
    assert_eq!(has_notice(&l.notices, "looks like data").line, Some(1));
}

#[test]
fn windows_1252_is_decoded_with_a_notice() {
    let l = read(include_bytes!("fixtures/windows1252.csv"));
    assert_eq!(l.format.encoding, Encoding::Windows1252);
    assert_eq!(texts(&l.table, "name"), s(&["café", "recette €"]));
    let n = has_notice(&l.notices, "not UTF-8: read as Windows-1252");
    assert!(n.message.contains("first non-UTF-8 byte at offset 14"), "{}", n.message);
    assert_eq!(n.line, Some(2));
}

#[test]
fn missing_tokens_become_missing() {
    let l = read(include_bytes!("fixtures/missing_tokens.csv"));
    let none = None;
    assert_eq!(nums(&l.table, "a"), [Some(1.0), none, none, none, none, none, none, Some(2.0)]);
    let b = texts(&l.table, "b");
    assert_eq!(b, [Some("x".into()), None, None, None, None, None, Some("y".into()), Some("z".into())]);
    assert!(l.notices.is_empty(), "{:?}", l.notices);
}

#[test]
fn junk_in_a_numeric_column_is_reported_by_line() {
    let l = read(include_bytes!("fixtures/numeric_with_junk.csv"));
    let v = nums(&l.table, "value");
    assert_eq!((v[0], v[3], v[16], v[19]), (Some(1.5), None, None, Some(30.0)));
    let n = has_notice(&l.notices, "not numbers");
    assert_eq!(
        n.message,
        "2 of 20 values are not numbers and were made missing (the column is numeric): line 5 `oops`, \
         line 18 `12.5kg`. Fix them in the file if they are typos."
    );
    assert_eq!((n.line, n.column.as_deref()), (Some(5), Some("value")));
    // One more junk cell and the column would be text (17 of 20 < 90 %).
    let text = String::from_utf8_lossy(include_bytes!("fixtures/numeric_with_junk.csv")).replace("r9,13.5", "r9,bad");
    assert!(matches!(read(text.as_bytes()).table.columns[1].data, ColumnData::Text { .. }));
}

#[test]
fn junk_notice_lists_ten_lines_then_counts_the_rest() {
    let mut text = String::from("x,y\n");
    for i in 0..200 {
        text += &if i % 14 == 0 { format!("{i},bad{i}\n") } else { format!("{i},{i}\n") };
    }
    let n = has_notice(&read(text.as_bytes()).notices, "not numbers");
    assert!(n.message.contains("line 128 `bad126` and 5 more."), "{}", n.message);
}

#[test]
fn non_finite_numbers_are_never_values() {
    let l = read(include_bytes!("fixtures/non_finite.csv"));
    assert_eq!(nums(&l.table, "y"), [None, None, None, Some(5.0), Some(6.0)]);
    let n = has_notice(&l.notices, "not finite");
    assert!(
        n.message.contains("3 values") && n.message.contains("line 2 `inf`, line 3 `-Infinity`, line 4 `1e400`"),
        "{}",
        n.message
    );
    assert_eq!(n.column.as_deref(), Some("y"));
}

#[test]
fn duplicate_and_empty_headers_are_renamed() {
    let l = read(include_bytes!("fixtures/duplicate_headers.csv"));
    assert_eq!(l.table.names(), ["a", "a (2)", "column_3", "b", "a (3)"]);
    assert_eq!(nums(&l.table, "a (3)"), [Some(5.0), Some(10.0)]);
    assert_eq!(has_notice(&l.notices, "is called `a (2)`").column.as_deref(), Some("a (2)"));
    assert_eq!(has_notice(&l.notices, "has no name").column.as_deref(), Some("column_3"));
    assert_eq!(l.notices.len(), 3);
}

#[test]
fn refusals_name_the_problem_place_and_fix() {
    type Case<'a> = (&'a [u8], &'a str, Option<usize>, Option<&'a str>);
    let cases: [Case; 10] = [
        (include_bytes!("fixtures/empty.csv"), "the file is empty", None, None),
        (include_bytes!("fixtures/whitespace.csv"), "only blank space", None, None),
        (include_bytes!("fixtures/header_only.csv"), "header line but no rows of data", None, None),
        (include_bytes!("fixtures/one_row.csv"), "need at least 2 rows to train and test", None, None),
        (include_bytes!("fixtures/one_column.csv"), "need at least two columns: features and a target", Some(1), None),
        (
            include_bytes!("fixtures/ragged.csv"),
            "line 5: this line has 4 fields but the header line has 3",
            Some(5),
            None,
        ),
        (
            include_bytes!("fixtures/unclosed_quote.csv"),
            "line 3, column note: a quote (\") opens a value",
            Some(3),
            Some("note"),
        ),
        (
            include_bytes!("fixtures/binary.csv"),
            "line 3: this looks like a binary file (byte 0x00 at offset 8)",
            Some(3),
            None,
        ),
        (include_bytes!("fixtures/data.json"), "this is a JSON file, not CSV", None, None),
        (b"a,b\n1,2\n3", "line 3: this line has 1 field but the header line has 2", Some(3), None),
    ];
    for (bytes, needle, line, column) in cases {
        let (message, l, c) = refused(bytes);
        assert!(message.contains(needle), "{message:?} lacks {needle:?}");
        assert_eq!((l, c.as_deref()), (line, column), "{message}");
    }
}

#[test]
fn refusals_say_what_to_do() {
    let advice = [
        (
            &include_bytes!("fixtures/ragged.csv")[..],
            "never pads or shifts rows: a value probably contains `,`: put that value in double quotes",
        ),
        (include_bytes!("fixtures/unclosed_quote.csv"), "Close the quote, or double it"),
        (include_bytes!("fixtures/binary.csv"), "export it as CSV"),
        (include_bytes!("fixtures/data.json"), "Convert or export it to CSV"),
        (include_bytes!("fixtures/one_column.csv"), "choose that delimiter"),
        (b"a,b,c\n1,2,3,\n", "the line ends with an extra `,`; remove it"),
    ];
    for (bytes, needle) in advice {
        let (message, _, _) = refused(bytes);
        assert!(message.contains(needle), "{message:?} lacks {needle:?}");
    }
}

#[test]
fn limits_are_refused_with_the_limit_named() {
    let mut o = ReadOptions::default();
    o.limits.max_rows = 2;
    let err = read_csv(include_bytes!("fixtures/headerless.csv"), &o).err().map(|e| e.to_string()).unwrap_or_default();
    assert_eq!(err, "line 3: the file has more than 2 rows of data, the limit. Use a sample of the rows (or fewer rows) and load that.");
    let mut o = ReadOptions::default();
    o.limits.max_bytes = 1024;
    let big = "x,y\n1,2\n".repeat(300);
    let err = read_csv(big.as_bytes(), &o).err().map(|e| e.to_string()).unwrap_or_default();
    assert!(err.contains("the file is 2.3 KiB, over the limit of 1.0 KiB"), "{err}");
}

#[test]
fn column_kinds_and_summaries() {
    let mut text = String::from("id,age,smoker,city,constant,comment\n");
    for i in 0..40 {
        let city = ["Oslo", "Rome", "Lima"][i % 3];
        let smoker = if i % 4 == 0 { "Yes" } else { "no" };
        text +=
            &format!("{},{},{smoker},{city},7,\"free comment number {i}, quite long text\"\n", 1000 + i, 20 + i % 7);
    }
    let kinds: Vec<ColumnKind> = summarize_table(&read(text.as_bytes()).table).iter().map(|s| s.kind).collect();
    use ColumnKind::*;
    assert_eq!(kinds, [Identifier, Numeric, Boolean, Categorical, Constant, FreeText]);
    let sums = summarize_table(&read(text.as_bytes()).table);
    assert_eq!(sums[3].top, [("Oslo".to_string(), 14), ("Rome".to_string(), 13), ("Lima".to_string(), 13)]);
    assert_eq!((sums[1].min, sums[1].max, sums[1].count, sums[1].missing), (Some(20.0), Some(26.0), 40, 0));
    assert_eq!(sums[4].reason.as_deref(), Some("every value is `7`"));
    assert!(sums[0].reason.as_deref().is_some_and(|r| r.contains("every value is different")));
}

#[test]
fn top_values_ties_keep_first_appearance() {
    use lantern::data::schema::summarize;
    use lantern::data::Column;
    let s = summarize(&Column::text("c", &[Some("b"), Some("a"), Some("a"), Some("c"), Some("b"), None]));
    assert_eq!(s.top, [("b".to_string(), 2), ("a".to_string(), 2), ("c".to_string(), 1)]);
    assert_eq!((s.missing, s.distinct, s.mean, s.kind), (1, 3, None, ColumnKind::Categorical));
    let s = summarize(&Column::numeric("n", vec![2.0, 1.0, 1.0, 2.0, 3.0, -0.0, 0.0]));
    assert_eq!(s.top[..3], [("2".to_string(), 2), ("1".to_string(), 2), ("0".to_string(), 2)]);
    assert_eq!(s.distinct, 4);
}

fn lantern(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_lantern")).args(args).output().expect("the lantern binary runs")
}

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn inspect_prints_format_columns_and_notices() {
    let out = lantern(&["inspect", "--data", &fixture("semicolon_decimal_comma.csv")]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    for needle in [
        "format: delimiter `;`, encoding UTF-8, header yes, decimal comma yes, line endings LF",
        "3 rows × 3 columns",
        "Preis",
        "mean -107.6  std 188.3  min -325  max 1.5",
        "notices:\n  numbers are written with a decimal comma",
    ] {
        assert!(text.contains(needle), "{needle:?} not in:\n{text}");
    }
}

#[test]
fn inspect_json_is_one_object() {
    let out = lantern(&["inspect", "--data", &fixture("numeric_with_junk.csv"), "--json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["rows"], 20);
    assert_eq!(v["columns"][0]["name"], "id_code");
    assert_eq!(v["columns"][0]["type"], "identifier");
    assert_eq!(v["columns"][1]["type"], "numeric");
    assert_eq!(v["columns"][1]["missing"], 2);
    assert_eq!(v["columns"][1]["histogram"].as_array().map(Vec::len), Some(20));
    assert_eq!(v["format"]["delimiter"], 44);
    assert_eq!(v["notices"][0]["line"], 5);
}

#[test]
fn inspect_refuses_with_exit_code_2() {
    let out = lantern(&["inspect", "--data", &fixture("ragged.csv")]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 5: this line has 4 fields but the header line has 3"), "{err}");
    assert!(out.stdout.is_empty());
    let out = lantern(&["inspect", "--data", &fixture("does_not_exist.csv")]);
    assert_eq!(out.status.code(), Some(2));
}

/// `cargo test --release --test csv_ingest -- --ignored --nocapture speed`: 100,000 rows × 20
/// numeric columns (the size the page must read in well under 3 s as wasm).
#[test]
#[ignore]
fn speed_100k_rows_20_numeric_columns() {
    let mut text = (1..=20).map(|j| format!("x{j}")).collect::<Vec<_>>().join(",") + "\n";
    let mut state = 0x2545_f491_4f6c_dd1du64;
    for _ in 0..100_000 {
        let row: Vec<String> = (0..20)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                format!("{:.4}", (state >> 11) as f64 / (1u64 << 53) as f64 * 200.0 - 100.0)
            })
            .collect();
        text += &row.join(",");
        text += "\n";
    }
    let mb = text.len() as f64 / 1e6;
    for _ in 0..3 {
        let t = std::time::Instant::now();
        let l = read(text.as_bytes());
        let secs = t.elapsed().as_secs_f64();
        assert_eq!((l.table.rows(), l.table.columns.len()), (100_000, 20));
        println!("{mb:.1} MB: {secs:.3} s = {:.0} rows/s, {:.0} MB/s", 100_000.0 / secs, mb / secs);
    }
    let t = std::time::Instant::now();
    let _ = summarize_table(&read(text.as_bytes()).table);
    println!("read + summarize_table: {:.3} s", t.elapsed().as_secs_f64());
}
