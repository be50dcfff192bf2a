//! Guessing the format from the first records: delimiter, decimal comma, header line.
//!
//! Every guess is made on a sample of at most [`SAMPLE_RECORDS`] records read by the `csv`
//! crate itself, so quoted delimiters and embedded line breaks never mislead it.

use super::numbers::{self, Cell};
use ::csv::{ByteRecord, ReaderBuilder};

/// Records the guesses look at.
pub const SAMPLE_RECORDS: usize = 50;
/// Bytes the sample is taken from.
pub const SAMPLE_BYTES: usize = 1 << 20;
/// Delimiters tried, in order of preference on ties.
pub const CANDIDATES: [u8; 4] = [b',', b';', b'\t', b'|'];

/// The first records of the file, split with `delimiter`. Blank-looking records (one field of
/// whitespace) are left out, as the full reader skips them.
pub fn records(text: &[u8], delimiter: u8) -> Vec<ByteRecord> {
    let (sample, truncated) = match text.get(..SAMPLE_BYTES) {
        Some(window) if text.len() > SAMPLE_BYTES => match window.iter().rposition(|&b| b == b'\n') {
            Some(cut) => (window.get(..=cut).unwrap_or(window), true),
            None => (window, true),
        },
        _ => (text, false),
    };
    let mut reader = ReaderBuilder::new().delimiter(delimiter).has_headers(false).flexible(true).from_reader(sample);
    let mut out = Vec::new();
    let mut record = ByteRecord::new();
    let mut reached_end = true;
    while let Ok(true) = reader.read_byte_record(&mut record) {
        if out.len() == SAMPLE_RECORDS {
            reached_end = false;
            break;
        }
        if !is_blank(&record) {
            out.push(record.clone());
        }
    }
    // The last record of a cut sample may be cut inside a quoted field.
    if truncated && reached_end && out.len() > 1 {
        out.pop();
    }
    out
}

/// True for a record that is one field of whitespace (a line of spaces): skipped, not data.
pub fn is_blank(record: &ByteRecord) -> bool {
    record.len() == 1 && record.get(0).is_some_and(|f| numbers::trim(f).is_empty())
}

/// The candidate delimiter that splits the sample most consistently into more than one field:
/// highest share of records having the most common field count, then the larger field count,
/// then the order of [`CANDIDATES`]. `,` when none splits anything.
pub fn delimiter(text: &[u8]) -> u8 {
    let mut best: Option<(f64, usize, u8)> = None;
    for &d in &CANDIDATES {
        let counts: Vec<usize> = records(text, d).iter().map(ByteRecord::len).collect();
        let Some((mode, hits)) = mode(&counts) else { continue };
        if mode < 2 {
            continue;
        }
        let share = hits as f64 / counts.len() as f64;
        if best.is_none_or(|(s, m, _)| share > s || (share == s && mode > m)) {
            best = Some((share, mode, d));
        }
    }
    best.map_or(b',', |(_, _, d)| d)
}

/// Most common value and how often it occurs (ties: the larger value).
fn mode(counts: &[usize]) -> Option<(usize, usize)> {
    let mut sorted = counts.to_vec();
    sorted.sort_unstable();
    let mut best: Option<(usize, usize)> = None;
    for run in sorted.chunk_by(|a, b| a == b) {
        if let Some(&v) = run.first() {
            if best.is_none_or(|(_, n)| run.len() >= n) {
                best = Some((v, run.len()));
            }
        }
    }
    best
}

/// Decimal commas are assumed when the delimiter leaves commas free (`;` or tab) and the data
/// cells written like `1,5` outnumber those written like `1.5` (at least one).
pub fn decimal_comma(records: &[ByteRecord], delimiter: u8) -> bool {
    if delimiter == b',' {
        return false;
    }
    let (mut comma, mut dot) = (0usize, 0usize);
    for cell in records.iter().skip(1).flat_map(|r| r.iter()).map(numbers::trim) {
        comma += usize::from(numbers::looks_comma_decimal(cell));
        dot += usize::from(numbers::looks_dot_decimal(cell));
    }
    comma > 0 && comma >= dot
}

/// The first record is a header unless it looks like data: some column is numeric in the rest
/// of the sample (≥ 90 % of its present cells are numbers) and the first record has a number
/// there too. A lone record is a header.
pub fn header(records: &[ByteRecord], decimal_comma: bool) -> bool {
    let Some((first, rest)) = records.split_first() else { return true };
    !first.iter().enumerate().any(|(j, cell)| {
        let is_number = |c: &[u8]| matches!(numbers::classify(numbers::trim(c), decimal_comma), Cell::Number(_));
        let (mut present, mut numeric) = (0usize, 0usize);
        for c in rest.iter().filter_map(|r| r.get(j)) {
            let c = numbers::trim(c);
            if !numbers::is_missing(c) {
                present += 1;
                numeric += usize::from(is_number(c));
            }
        }
        is_number(cell) && present > 0 && numeric.saturating_mul(10) >= present.saturating_mul(9)
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn guess(text: &str) -> (u8, bool, bool) {
        let d = delimiter(text.as_bytes());
        let recs = records(text.as_bytes(), d);
        let dc = decimal_comma(&recs, d);
        (d, dc, header(&recs, dc))
    }

    #[test]
    fn delimiters() {
        assert_eq!(guess("a,b,c\n1,2,3\n4,5,6\n"), (b',', false, true));
        assert_eq!(guess("a;b\n1,5;2\n3,25;4\n"), (b';', true, true));
        assert_eq!(guess("a\tb\n1\t2\n"), (b'\t', false, true));
        assert_eq!(guess("a|b|c\n1|2|3\n"), (b'|', false, true));
        // Quoted delimiters do not count.
        assert_eq!(guess("name,note\n\"x;y;z\",1\n\"p;q;r\",2\n").0, b',');
        // A `;` inside text does not make it `;`-separated.
        assert_eq!(guess("a,b,c\n1,x;y,2\n").0, b',');
        // Nothing splits: comma (the file is then refused as having one column).
        assert_eq!(guess("a\n1\n2\n").0, b',');
    }

    #[test]
    fn headers_and_decimal_commas() {
        assert_eq!(guess("5.1,3.5,setosa\n4.9,3.0,setosa\n"), (b',', false, false));
        assert_eq!(guess("x;y\n1,5;2,5\n"), (b';', true, true));
        assert_eq!(guess("1,5;2,5\n3,5;4\n"), (b';', true, false));
        assert_eq!(guess("a;b\n1.5;2.5\n2,5;3\n"), (b';', false, true));
        assert!(guess("2019,2020\nx,y\n").2);
        assert!(header(&[], false));
    }
}
