//! Quote bookkeeping the `csv` crate does not expose.
//!
//! A small state machine that mirrors csv-core's (RFC 4180, `""` escapes, a quote opens a
//! quoted field only at the start of a field, text after a closing quote is kept unquoted):
//! - an unterminated quote makes csv-core silently swallow the rest of the file into one field,
//!   so [`unclosed_quote`] finds it first and the reader refuses, naming where it opened;
//! - [`quoted_fields`] tells which fields of one record were quoted, because only unquoted
//!   cells have their surrounding whitespace trimmed.

#[derive(Clone, Copy, PartialEq)]
enum State {
    /// At the start of a field (or record).
    Start,
    /// Inside an unquoted field.
    Unquoted,
    /// Inside a quoted field.
    Quoted,
    /// Just after a quote inside a quoted field: closing quote, or first half of `""`.
    QuoteInQuoted,
}

/// One step of the machine: the next state, and whether `b` ends the field / the record.
fn step(state: State, b: u8, delimiter: u8) -> (State, bool, bool) {
    let ends_record = b == b'\n' || b == b'\r';
    match state {
        State::Quoted if b == b'"' => (State::QuoteInQuoted, false, false),
        State::Quoted => (State::Quoted, false, false),
        State::Start if b == b'"' => (State::Quoted, false, false),
        State::QuoteInQuoted if b == b'"' => (State::Quoted, false, false),
        _ if b == delimiter => (State::Start, true, false),
        _ if ends_record => (State::Start, true, true),
        _ => (State::Unquoted, false, false),
    }
}

/// Where a quoted field opened and never closed: 1-based line and 0-based field index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OpenQuote {
    /// Line (1-based) of the opening quote.
    pub line: usize,
    /// Field index (0-based) within its record.
    pub field: usize,
}

/// Scans the whole text; `Some` when a quoted field is still open at the end of the file.
pub fn unclosed_quote(text: &[u8], delimiter: u8) -> Option<OpenQuote> {
    if !text.contains(&b'"') {
        return None;
    }
    let mut scan = QuoteScan::new(delimiter);
    scan.feed(text);
    scan.finish()
}

/// [`unclosed_quote`] over a text read a piece at a time: [`QuoteScan::feed`] each piece in
/// order, then [`QuoteScan::finish`].
pub struct QuoteScan {
    delimiter: u8,
    state: State,
    line: usize,
    field: usize,
    opened: OpenQuote,
}

impl QuoteScan {
    /// A scan at the start of a text whose fields are split at `delimiter`.
    pub fn new(delimiter: u8) -> Self {
        Self { delimiter, state: State::Start, line: 1, field: 0, opened: OpenQuote { line: 1, field: 0 } }
    }

    /// Reads the next piece of the text.
    pub fn feed(&mut self, piece: &[u8]) {
        if matches!(self.state, State::Start | State::Unquoted) && !piece.contains(&b'"') {
            return self.skip(piece);
        }
        for &b in piece {
            let (next, end_field, end_record) = step(self.state, b, self.delimiter);
            if self.state == State::Start && next == State::Quoted {
                self.opened = OpenQuote { line: self.line, field: self.field };
            }
            if end_record {
                self.field = 0;
            } else if end_field {
                self.field += 1;
            }
            self.line += usize::from(b == b'\n');
            self.state = next;
        }
    }

    /// Steps over a piece without quotes outside a quoted field, as the byte-by-byte loop
    /// would (no quote can open in it, so only the line and field counts move) — most files
    /// have no quotes at all.
    fn skip(&mut self, piece: &[u8]) {
        let Some(&last) = piece.last() else { return };
        let tail = match piece.iter().rposition(|&b| b == b'\n' || b == b'\r') {
            Some(at) => {
                self.line += piece.iter().filter(|&&b| b == b'\n').count();
                self.field = 0;
                piece.get(at + 1..).unwrap_or_default()
            }
            None => piece,
        };
        self.field += tail.iter().filter(|&&b| b == self.delimiter).count();
        let ends_field = last == self.delimiter || last == b'\n' || last == b'\r';
        self.state = if ends_field { State::Start } else { State::Unquoted };
    }

    /// Where a quoted field opened and never closed, if one did.
    pub fn finish(&self) -> Option<OpenQuote> {
        (self.state == State::Quoted).then_some(self.opened)
    }
}

/// Fills `out` with one flag per field of the record that starts at `raw[0]`: true when the
/// field began with a quote. Stops at the end of the record.
pub fn quoted_fields(raw: &[u8], delimiter: u8, out: &mut Vec<bool>) {
    out.clear();
    let mut state = State::Start;
    let mut quoted = false;
    for &b in raw {
        let (next, end_field, end_record) = step(state, b, delimiter);
        if state == State::Start && next == State::Quoted {
            quoted = true;
        }
        if end_field {
            out.push(quoted);
            quoted = false;
        }
        if end_record {
            return;
        }
        state = next;
    }
    out.push(quoted);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_line_where_an_unclosed_quote_opened() {
        assert_eq!(unclosed_quote(b"a,b\n1,2\n", b','), None);
        assert_eq!(unclosed_quote(b"a,b\n1,\"x\ny\"\n3,\"he said \"\"hi\"\"\"\n", b','), None);
        assert_eq!(unclosed_quote(b"a,b\n1,2\n3,\"oops\n4,5\n6,7\n", b','), Some(OpenQuote { line: 3, field: 1 }));
        // A quote inside an unquoted field is an ordinary character.
        assert_eq!(unclosed_quote(b"a,b\n5\" pipe,2\n", b','), None);
        // After a closing quote the rest of the field is plain text, as in csv-core.
        assert_eq!(unclosed_quote(b"a,b\n\"x\"y\",2\n", b','), None);
        assert_eq!(unclosed_quote(b"a;b\r\n\"1;2\r\n", b';'), Some(OpenQuote { line: 2, field: 0 }));
    }

    #[test]
    fn a_text_fed_in_pieces_scans_as_a_whole() {
        let texts: [&[u8]; 5] = [
            b"a,b\n1,2\n3,\"oops\n4,5\n6,7\n",
            b"a,b\n1,\"x\ny\"\n3,\"he said \"\"hi\"\"\"\n",
            b"a;b;c\r\n1;2;\"3\r\n4;5;6\r\n",
            b"x,y,z\n1,2,3\n4,5,\"\n",
            b"p,q\r1,\"2\r3,4\r",
        ];
        for text in texts {
            let delimiter = if text.contains(&b';') { b';' } else { b',' };
            let whole = unclosed_quote(text, delimiter);
            for size in 1..text.len() {
                let mut scan = QuoteScan::new(delimiter);
                text.chunks(size).for_each(|piece| scan.feed(piece));
                assert_eq!(scan.finish(), whole, "{} in pieces of {size}", String::from_utf8_lossy(text));
            }
        }
        assert_eq!(unclosed_quote(b"x,y,z\n1,2,3\n4,5,\"\n", b','), Some(OpenQuote { line: 3, field: 2 }));
    }

    #[test]
    fn tells_which_fields_were_quoted() {
        let mut out = Vec::new();
        quoted_fields(b"a, \"b\",\"c,d\",\"\"\"\"\nnext", b',', &mut out);
        assert_eq!(out, [false, false, true, true]);
        quoted_fields(b"x", b',', &mut out);
        assert_eq!(out, [false]);
    }
}
