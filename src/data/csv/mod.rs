//! Reading a CSV file that a user dropped on the page into a [`Table`], or refusing it with an
//! [`Error::Data`] that says what is wrong, where (line, column) and what to do.
//!
//! The `csv` crate does the RFC 4180 work (quotes, `""`, embedded line breaks, CRLF). Around it:
//! - `decode`: empty, binary, spreadsheet, JSON and UTF-16 files are refused; a UTF-8 BOM is
//!   stripped; non-UTF-8 files are read as Windows-1252 with a notice.
//! - `sniff`: delimiter (`,` `;` tab `|`), decimal commas and header line are guessed from
//!   the first 50 records unless [`ReadOptions`] fixes them.
//! - `quotes`: an unterminated quote is refused (csv-core would swallow the rest of the file).
//! - `parse`, `columns`, [`numbers`]: ragged rows and limits are refused; cells become
//!   numbers (≥ 90 % rule) or dictionary-encoded text; missing tokens and junk become missing.
//!
//! Nothing here panics on any input: no unchecked indexing or unwrapping of user data.

mod columns;
mod decode;
mod headers;
pub mod numbers;
mod parse;
mod quotes;
pub mod report;
mod sniff;
pub mod stream;

use crate::data::table::{Column, ColumnData, Table};
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub use numbers::MISSING_TOKENS;
pub use parse::show_delimiter;
pub use stream::{read_csv_from, Source};

/// How to read a file. `None` fields are detected from the content.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReadOptions {
    /// Field delimiter; detected among `,` `;` tab `|` when `None`.
    pub delimiter: Option<u8>,
    /// Whether the first line holds column names.
    pub header: Option<bool>,
    /// Whether `1,5` means 1.5 (only detected for `;`- and tab-separated files).
    pub decimal_comma: Option<bool>,
    /// Size limits; a file over any of them is refused.
    pub limits: Limits,
    /// Column types the caller requires, by column name (columns not in the file are ignored
    /// here). Used when new rows are read for a trained model: its numeric columns must hold
    /// numbers and its text columns are read as text whatever they look like.
    pub expect: BTreeMap<String, Expect>,
}

/// A column type required by [`ReadOptions::expect`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expect {
    /// Every present cell must be a number: a text cell is refused with its line and column
    /// (instead of the usual 90 % rule, which would make it missing with a notice). Non-finite
    /// numbers still become missing with a notice.
    Number,
    /// The column is read as text (dictionary-encoded) even when every cell is a number.
    Text,
}

/// Size limits, so that a huge file is refused with a message instead of exhausting the tab.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    /// File size in bytes (default 256 MiB).
    pub max_bytes: usize,
    /// Data rows (default 2,000,000).
    pub max_rows: usize,
    /// Columns (default 5,000).
    pub max_columns: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self { max_bytes: 256 << 20, max_rows: 2_000_000, max_columns: 5_000 }
    }
}

impl Limits {
    /// Largest file the page reads (100 MiB): the tab holds the table twice (the worker's and
    /// the page's) and the first run's matrices, about 3× the file for a big file and more for
    /// a small one (docs/benchmarks.md, "Loading a large CSV"), and a tab that runs out of
    /// memory loses everything.
    pub const PAGE_MAX_BYTES: usize = 100 << 20;

    /// The limits in the browser: the defaults, with [`Limits::PAGE_MAX_BYTES`].
    pub fn for_page() -> Self {
        Self { max_bytes: Self::PAGE_MAX_BYTES, ..Self::default() }
    }

    /// Refuses a file of `bytes` bytes over [`Limits::max_bytes`], before anything is read.
    pub fn check_size(&self, bytes: usize) -> Result<()> {
        if bytes > self.max_bytes {
            return Err(Error::data(format!(
                "the file is {}, over the limit of {}. Load a smaller file, e.g. a sample of the rows.",
                human_size(bytes),
                human_size(self.max_bytes)
            )));
        }
        Ok(())
    }
}

/// How the bytes were turned into text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Encoding {
    /// UTF-8 without byte-order mark.
    Utf8,
    /// UTF-8 with a byte-order mark (stripped).
    Utf8Bom,
    /// Not valid UTF-8: read as Windows-1252.
    Windows1252,
}

/// Line ending of the file (its first line break).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LineEnding {
    /// `\n` (also used for files without line break, or with old-Mac lone `\r`).
    Lf,
    /// `\r\n`.
    CrLf,
}

/// The format actually used to read the file (detected or as given).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DetectedFormat {
    /// Field delimiter byte.
    pub delimiter: u8,
    /// Text encoding.
    pub encoding: Encoding,
    /// Whether the first line was read as column names.
    pub header: bool,
    /// Whether `1,5` was read as 1.5.
    pub decimal_comma: bool,
    /// Line ending.
    pub line_ending: LineEnding,
}

/// Something the user should know about how the file was read (not an error).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Notice {
    /// What happened, in words.
    pub message: String,
    /// Line of the file (1-based) it is about, if any.
    pub line: Option<usize>,
    /// Column name it is about, if any.
    pub column: Option<String>,
}

/// A file read into a table.
#[derive(Clone, Debug)]
pub struct Loaded {
    /// The cells.
    pub table: Table,
    /// How the file was read.
    pub format: DetectedFormat,
    /// Everything that was changed or guessed, for the user to check.
    pub notices: Vec<Notice>,
}

/// Reads `bytes` as a CSV table, or refuses it (see the module documentation).
pub fn read_csv(bytes: &[u8], options: &ReadOptions) -> Result<Loaded> {
    read_csv_with_progress(bytes, options, &mut |_| {})
}

/// Share of the reading done when the first pass (every column as numbers) ends; a second
/// pass reads the text columns, if any, in the rest.
const FIRST_PASS_SHARE: f64 = 0.8;

/// [`read_csv`], calling `progress` now and then with the share of the work done (0 to 1,
/// never decreasing; 1 when the table is read) — what a progress bar for a big file shows.
pub fn read_csv_with_progress(bytes: &[u8], options: &ReadOptions, progress: &mut dyn FnMut(f64)) -> Result<Loaded> {
    options.limits.check_size(bytes.len())?;
    let decoded = decode::decode(bytes)?;
    let decoding = Decoding { encoding: decoded.encoding, line_ending: decoded.line_ending, notices: decoded.notices };
    read_text(&parse::Text::Whole(decoded.text.as_bytes()), decoding, options, progress, None)
}

/// How the file's bytes became text.
pub(crate) struct Decoding {
    encoding: Encoding,
    line_ending: LineEnding,
    notices: Vec<Notice>,
}

/// Reads the decoded `text` as a table. `open_quote` is where a quote opens and is never
/// closed, when a scan of the text already found out (`None`: scan it here).
fn read_text(
    text: &parse::Text,
    decoding: Decoding,
    options: &ReadOptions,
    progress: &mut dyn FnMut(f64),
    open_quote: Option<Option<quotes::OpenQuote>>,
) -> Result<Loaded> {
    let limits = &options.limits;
    let mut notices = decoding.notices;
    let head = text.head();

    let delimiter = match options.delimiter {
        Some(d) if matches!(d, b'"' | b'\r' | b'\n') || !d.is_ascii() => {
            return Err(Error::data(format!(
                "{} cannot be a delimiter. Choose a comma, semicolon, tab or another ASCII character.",
                show_delimiter(d)
            )))
        }
        Some(d) => d,
        None => sniff::delimiter(head),
    };
    let sample = sniff::records(head, delimiter);
    let decimal_comma = match options.decimal_comma {
        Some(v) => v,
        None => {
            let guess = sniff::decimal_comma(&sample, delimiter);
            if guess {
                notices.push(notice(format!(
                    "numbers are written with a decimal comma (1,5 = 1.5), as usual with {} as delimiter.",
                    show_delimiter(delimiter)
                )));
            }
            guess
        }
    };
    let header = options.header.unwrap_or_else(|| sniff::header(&sample, decimal_comma));
    let open_quote = match (open_quote, text) {
        (Some(found), _) => found,
        (None, parse::Text::Whole(whole)) => quotes::unclosed_quote(whole, delimiter),
        (None, parse::Text::Stream { .. }) => None,
    };
    if let Some(open) = open_quote {
        // Name the column when the header line is before the quote and has that field.
        let name = sample.first().filter(|_| header).and_then(|h| h.get(open.field)).map(numbers::trim);
        let column = match name {
            Some(n) if !n.is_empty() && open.line > 1 => String::from_utf8_lossy(n).into_owned(),
            _ => (open.field + 1).to_string(),
        };
        return Err(Error::Data {
            message: "a quote (\") opens a value here but is never closed, so the rest of the file would be read \
                      as one value. Close the quote, or double it (\"\") if it is part of the value."
                .into(),
            line: Some(open.line),
            column: Some(column),
        });
    }
    drop(sample);

    let layout = parse::Layout { delimiter, header, decimal_comma };
    let len = text.len().max(1) as f64;
    let pass = parse::first_pass(text, layout, limits, &mut |at| progress(FIRST_PASS_SHARE * at as f64 / len))?;
    check_rows(pass.rows, header)?;
    let width = pass.columns.len();
    let names = match &pass.header {
        Some(fields) => headers::unique(fields, pass.first_line, &mut notices),
        None => (0..width).map(headers::generated).collect(),
    };
    if options.header.is_none() && !header {
        notices.push(Notice {
            message: format!(
                "the first line looks like data (numbers where the columns are numeric), so it was read as a row; \
                 the columns are named column_1 … column_{width}. If it is a header line, read the file again with the header option on."
            ),
            line: Some(pass.first_line),
            column: None,
        });
    }
    if pass.empty_rows.count > 0 {
        notices.push(notice(format!(
            "{} with every cell empty {} skipped: {}.",
            plural(pass.empty_rows.count, "row"),
            if pass.empty_rows.count == 1 { "was" } else { "were" },
            pass.empty_rows.describe(false)
        )));
    }

    let expect = |j: usize| names.get(j).and_then(|n| options.expect.get(n)).copied();
    for (j, column) in pass.columns.iter().enumerate() {
        if let (Some(Expect::Number), Some(line)) = (expect(j), column.text.first_line()) {
            return Err(Error::Data {
                message: format!(
                    "{} not a number, and the model reads numbers in this column ({}). Correct the {}, or \
                     leave {} empty: empty cells are filled as in training.",
                    if column.text.count == 1 { "this value is" } else { "these values are" },
                    column.text.describe(true),
                    if column.text.count == 1 { "value" } else { "values" },
                    if column.text.count == 1 { "it" } else { "them" },
                ),
                line: Some(line),
                column: names.get(j).cloned(),
            });
        }
    }
    let wanted: Vec<bool> =
        pass.columns.iter().enumerate().map(|(j, c)| expect(j) == Some(Expect::Text) || !c.is_numeric()).collect();
    progress(FIRST_PASS_SHARE);
    let mut texts = if wanted.contains(&true) {
        let rest = 1.0 - FIRST_PASS_SHARE;
        parse::text_pass(text, layout, &wanted, &mut |at| progress(FIRST_PASS_SHARE + rest * at as f64 / len))?
    } else {
        Vec::new()
    };
    let mut columns = Vec::with_capacity(width);
    for (j, (numbers, name)) in pass.columns.into_iter().zip(names).enumerate() {
        let data = match texts.get_mut(j).and_then(Option::take) {
            Some(t) => ColumnData::Text { codes: t.codes, levels: t.levels },
            None => {
                notices.extend(numbers.notices(&name));
                ColumnData::Numeric { values: numbers.values }
            }
        };
        columns.push(Column { name, data });
    }
    let format = DetectedFormat {
        delimiter,
        encoding: decoding.encoding,
        header,
        decimal_comma,
        line_ending: decoding.line_ending,
    };
    progress(1.0);
    Ok(Loaded { table: Table { columns }, format, notices })
}

/// `1 row`, `2 rows`.
pub(crate) fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

fn notice(message: String) -> Notice {
    Notice { message, line: None, column: None }
}

fn check_rows(rows: usize, header: bool) -> Result<()> {
    match rows {
        0 if header => Err(Error::data(
            "the file has a header line but no rows of data. Add rows below it: \
             Lantern needs at least 2 rows to train and test.",
        )),
        0 | 1 => Err(Error::data(
            "the file has only one row of data: need at least 2 rows to train and test. Add more rows.",
        )),
        _ => Ok(()),
    }
}

/// A byte count for people: `17.2 MiB`, `512.0 KiB`, `90 bytes`.
pub fn human_size(bytes: usize) -> String {
    let b = bytes as f64;
    if b >= (1u64 << 20) as f64 {
        format!("{:.1} MiB", b / (1u64 << 20) as f64)
    } else if b >= 1024.0 {
        format!("{:.1} KiB", b / 1024.0)
    } else {
        format!("{bytes} bytes")
    }
}

#[cfg(test)]
mod tests;
