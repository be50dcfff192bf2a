//! Reading every record with the `csv` crate: shape checks (ragged rows, limits) and cells
//! into columns.
//!
//! Two passes over the text at most: the first reads every column as numbers; the second runs
//! only when some column turned out to be text, and reads just those columns as text.

use super::columns::{Examples, NumberColumn, TextColumn};
use super::stream::Window;
use super::{numbers, quotes, sniff, Limits};
use crate::error::{Error, Result};
use ::csv::{ByteRecord, Position, ReaderBuilder};

/// One record as the passes see it.
pub struct Record<'r> {
    /// Line (1-based) where the record starts.
    pub line: usize,
    fields: &'r ByteRecord,
    quoted: &'r [bool],
}

impl Record<'_> {
    /// Number of fields.
    pub fn len(&self) -> usize {
        self.fields.len()
    }

    /// Field `j`, with surrounding whitespace trimmed unless it was quoted.
    pub fn cell(&self, j: usize) -> &[u8] {
        let field = self.fields.get(j).unwrap_or_default();
        if self.quoted.get(j).copied().unwrap_or(false) {
            field
        } else {
            numbers::trim(field)
        }
    }

    /// True when every cell is empty (a spreadsheet's trailing `,,,` rows): skipped.
    pub fn is_empty_row(&self) -> bool {
        (0..self.len()).all(|j| self.cell(j).is_empty())
    }
}

fn to_usize(n: u64) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

/// Records between two calls of a pass's progress callback.
const PROGRESS_EVERY: usize = 1 << 12;

/// The text a pass reads: all of it in memory, or a file read a chunk at a time.
pub enum Text<'t> {
    /// The whole text.
    Whole(&'t [u8]),
    /// A file read a chunk at a time (see [`Window`]); `head` is its first bytes, for the
    /// guesses made on a sample.
    Stream {
        /// The chunks, read again for each pass.
        window: Window<'t>,
        /// The first bytes of the text (at least the sample [`sniff`] looks at).
        head: &'t [u8],
    },
}

impl Text<'_> {
    /// Length in bytes.
    pub fn len(&self) -> usize {
        match self {
            Text::Whole(text) => text.len(),
            Text::Stream { window, .. } => window.len(),
        }
    }

    /// The text's first bytes: all of it, or at least what the format guesses read.
    pub fn head(&self) -> &[u8] {
        match self {
            Text::Whole(text) => text,
            Text::Stream { head, .. } => head,
        }
    }
}

/// Calls `visit` for each record of `text` except blank lines, and `progress` with the byte
/// offset reached every [`PROGRESS_EVERY`] records.
pub fn walk(
    text: &Text,
    delimiter: u8,
    progress: &mut dyn FnMut(usize),
    visit: impl FnMut(&Record) -> Result<()>,
) -> Result<()> {
    match text {
        Text::Whole(bytes) => walk_held(&Whole(bytes), delimiter, progress, visit),
        Text::Stream { window, .. } => {
            window.rewind();
            walk_held(&window, delimiter, progress, visit)
        }
    }
}

/// The text as [`walk_held`] reads it: a reader from its start, and its bytes from the start
/// of the record being read on.
trait Held {
    /// A reader of the text from its start.
    fn reader(&self) -> impl std::io::Read;
    /// Calls `f` with bytes `start..end` (at or after the last [`Held::keep_from`]).
    fn with<R>(&self, start: usize, end: usize, f: impl FnOnce(&[u8]) -> R) -> R;
    /// Bytes before `at` are not asked for again.
    fn keep_from(&self, at: usize);
    /// Why the reader failed, if the failure was the source's (not the CSV's).
    fn failure(&self) -> Option<Error>;
}

/// A whole text, held.
struct Whole<'t>(&'t [u8]);

impl Held for Whole<'_> {
    fn reader(&self) -> impl std::io::Read {
        self.0
    }
    fn with<R>(&self, start: usize, end: usize, f: impl FnOnce(&[u8]) -> R) -> R {
        f(self.0.get(start..end).unwrap_or_default())
    }
    fn keep_from(&self, _: usize) {}
    fn failure(&self) -> Option<Error> {
        None
    }
}

impl Held for &Window<'_> {
    fn reader(&self) -> impl std::io::Read {
        *self
    }
    fn with<R>(&self, start: usize, end: usize, f: impl FnOnce(&[u8]) -> R) -> R {
        Window::with(self, start, end, f)
    }
    fn keep_from(&self, at: usize) {
        Window::keep_from(self, at);
    }
    fn failure(&self) -> Option<Error> {
        Window::failure(self)
    }
}

/// [`walk`] over a held text. csv's record position is where the reader stood before the
/// record, i.e. before any skipped blank lines, so the true start (and line) is found by
/// stepping over them.
fn walk_held(
    text: &impl Held,
    delimiter: u8,
    progress: &mut dyn FnMut(usize),
    mut visit: impl FnMut(&Record) -> Result<()>,
) -> Result<()> {
    let mut reader = ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .buffer_capacity(1 << 16)
        .from_reader(text.reader());
    let mut record = ByteRecord::new();
    let mut quoted = Vec::new();
    let mut records = 0usize;
    loop {
        records += 1;
        if records % PROGRESS_EVERY == 0 {
            progress(to_usize(reader.position().byte()));
        }
        text.keep_from(to_usize(reader.position().byte()));
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => return Ok(()),
            Err(e) => {
                return Err(text.failure().unwrap_or_else(|| {
                    Error::data(format!("the file could not be read as CSV ({e}). Save it again as CSV."))
                }))
            }
        }
        let (mut start, mut line) =
            record.position().map_or((0, 1), |p: &Position| (to_usize(p.byte()), to_usize(p.line())));
        while let Some(b) = text.with(start, start + 1, |b| b.first().copied()).filter(|&b| b == b'\n' || b == b'\r') {
            line += usize::from(b == b'\n');
            start += 1;
        }
        if sniff::is_blank(&record) {
            continue;
        }
        let end = to_usize(reader.position().byte());
        quoted.clear();
        text.with(start, end, |raw| {
            if raw.contains(&b'"') {
                quotes::quoted_fields(raw, delimiter, &mut quoted);
            }
        });
        visit(&Record { line, fields: &record, quoted: &quoted })?;
    }
}

/// The result of the first pass.
pub struct FirstPass {
    /// Header cells (trimmed), when the file has a header line.
    pub header: Option<Vec<String>>,
    /// Line of the first record.
    pub first_line: usize,
    /// Every column read as numbers.
    pub columns: Vec<NumberColumn>,
    /// Data rows kept.
    pub rows: usize,
    /// Rows skipped because every cell was empty.
    pub empty_rows: Examples,
}

/// What the reader knows about the file's layout.
#[derive(Clone, Copy)]
pub struct Layout {
    /// Field delimiter.
    pub delimiter: u8,
    /// First record is the header.
    pub header: bool,
    /// `1,5` means 1.5.
    pub decimal_comma: bool,
}

/// Reads every record as numbers, refusing wrong shapes; `progress` as in [`walk`].
pub fn first_pass(text: &Text, layout: Layout, limits: &Limits, progress: &mut dyn FnMut(usize)) -> Result<FirstPass> {
    let mut pass =
        FirstPass { header: None, first_line: 1, columns: Vec::new(), rows: 0, empty_rows: Examples::default() };
    let mut width = None;
    walk(text, layout.delimiter, progress, |r| {
        let Some(expected) = width else {
            width = Some(r.len());
            pass.first_line = r.line;
            check_width(r, limits, layout.delimiter)?;
            pass.columns = vec![NumberColumn::default(); r.len()];
            if layout.header {
                pass.header = Some(
                    (0..r.len()).map(|j| String::from_utf8_lossy(numbers::trim(r.cell(j))).into_owned()).collect(),
                );
                return Ok(());
            }
            return push_row(&mut pass, r, layout, limits);
        };
        if r.len() != expected {
            return Err(ragged(r, expected, layout));
        }
        if r.is_empty_row() {
            pass.empty_rows.add(r.line, b"");
            return Ok(());
        }
        if pass.rows == 0 {
            reserve_rows(&mut pass, r, text.len(), limits);
        }
        push_row(&mut pass, r, layout, limits)
    })?;
    Ok(pass)
}

/// Reserves each column's values for the rows the file probably holds — its size over the
/// first data row's — plus a tenth: a column grown by doubling would end up to twice as long
/// as needed, and its copies while growing would add to the peak (which a wasm module keeps).
fn reserve_rows(pass: &mut FirstPass, first: &Record, text_len: usize, limits: &Limits) {
    let row_len: usize = (0..first.len()).map(|j| first.cell(j).len() + 1).sum();
    let rows = (text_len / row_len.max(1)).saturating_add(text_len / row_len.max(1) / 10).min(limits.max_rows);
    for column in &mut pass.columns {
        column.values.reserve(rows);
    }
}

fn push_row(pass: &mut FirstPass, r: &Record, layout: Layout, limits: &Limits) -> Result<()> {
    pass.rows += 1;
    if pass.rows > limits.max_rows {
        return Err(Error::Data {
            message: format!(
                "the file has more than {} rows of data, the limit. Use a sample of the rows (or fewer rows) and load that.",
                limits.max_rows
            ),
            line: Some(r.line),
            column: None,
        });
    }
    for (j, column) in pass.columns.iter_mut().enumerate() {
        column.push(r.cell(j), r.line, layout.decimal_comma);
    }
    Ok(())
}

fn check_width(r: &Record, limits: &Limits, delimiter: u8) -> Result<()> {
    let n = r.len();
    if n > limits.max_columns {
        return Err(Error::Data {
            message: format!(
                "the file has {n} columns, more than the limit of {}. Keep only the columns you need and load that file.",
                limits.max_columns
            ),
            line: Some(r.line),
            column: None,
        });
    }
    if n < 2 {
        return Err(Error::Data {
            message: format!(
                "only one column was found (splitting lines at {}): need at least two columns: features and a target. \
                 If the values are separated by another character, choose that delimiter; otherwise add columns.",
                show_delimiter(delimiter)
            ),
            line: Some(r.line),
            column: None,
        });
    }
    Ok(())
}

/// The refusal for a record with the wrong number of fields.
fn ragged(r: &Record, expected: usize, layout: Layout) -> Error {
    let found = r.len();
    let d = show_delimiter(layout.delimiter);
    let what = if layout.header { "the header line" } else { "the first line" };
    let hint = if found == expected + 1 && r.cell(found - 1).is_empty() {
        format!("the line ends with an extra {d}; remove it")
    } else if found > expected {
        format!("a value probably contains {d}: put that value in double quotes, or remove the extra {d}")
    } else {
        format!("a value or a {d} is probably missing: add it (leave the value empty if it is unknown)")
    };
    Error::Data {
        message: format!(
            "this line has {} but {what} has {expected}. Lantern never pads or shifts rows: {hint}.",
            super::plural(found, "field")
        ),
        line: Some(r.line),
        column: None,
    }
}

/// The delimiter as a user would name it.
pub fn show_delimiter(d: u8) -> String {
    match d {
        b'\t' => "tab".into(),
        b' ' => "space".into(),
        _ => format!("`{}`", char::from(d)),
    }
}

/// Reads the columns flagged in `wanted` as text; the same rows as the first pass;
/// `progress` as in [`walk`].
pub fn text_pass(
    text: &Text,
    layout: Layout,
    wanted: &[bool],
    progress: &mut dyn FnMut(usize),
) -> Result<Vec<Option<TextColumn>>> {
    let mut out: Vec<Option<TextColumn>> = wanted.iter().map(|&w| w.then(TextColumn::default)).collect();
    let mut first = true;
    walk(text, layout.delimiter, progress, |r| {
        let skip = (first && layout.header) || r.is_empty_row();
        first = false;
        if !skip {
            for (j, column) in out.iter_mut().enumerate() {
                if let Some(c) = column {
                    c.push(r.cell(j));
                }
            }
        }
        Ok(())
    })?;
    Ok(out)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<(usize, Vec<String>)> {
        let mut out = Vec::new();
        walk(&Text::Whole(text.as_bytes()), b',', &mut |_| {}, |r| {
            out.push((r.line, (0..r.len()).map(|j| String::from_utf8_lossy(r.cell(j)).into_owned()).collect()));
            Ok(())
        })
        .unwrap();
        out
    }

    #[test]
    fn lines_count_blank_lines_crlf_and_embedded_newlines() {
        let got = lines("a,b\r\n\r\n\r\n x ,\" y \"\r\n\"multi\nline\",2\n   \n3,4");
        let want: Vec<(usize, Vec<String>)> = vec![
            (1, vec!["a".into(), "b".into()]),
            (4, vec!["x".into(), " y ".into()]),
            (5, vec!["multi\nline".into(), "2".into()]),
            (8, vec!["3".into(), "4".into()]),
        ];
        assert_eq!(got, want);
    }
}
