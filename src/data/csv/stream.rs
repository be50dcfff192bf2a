//! Reading a file a chunk at a time, so that a big file's bytes are never all in memory: the
//! page's worker reads the user's `File` this way (a 100,000-row file is 17 MB, which a wasm
//! module would otherwise keep for good, since its memory never shrinks).
//!
//! [`read_csv_from`] reads the file's first megabyte, and from it alone decides whether the
//! file can be read as a stream: UTF-8 (with or without byte-order mark), lines broken with
//! `\n`, and not starting like JSON. It then scans the whole file once — checking that it is
//! UTF-8 throughout, finding an unclosed quote, and showing every byte to the caller (who
//! hashes it for the share link) — and reads it once more for each pass of the reader
//! (the `parse` module), keeping only the current chunk and the record being read. Any other file
//! (small, another encoding, old-Mac line breaks, JSON) is read whole and goes through
//! [`super::read_csv_with_progress`], so every file gets the same table, notices and refusals
//! either way — tested by reading the same files both ways.

use super::parse::Text;
use super::quotes::{OpenQuote, QuoteScan};
use super::{decode, sniff, Loaded, ReadOptions};
use crate::error::{Error, Result};
use std::cell::RefCell;

/// A file that can be read in pieces, from any offset (the browser's `File`, or bytes).
pub trait Source {
    /// Size in bytes.
    fn len(&self) -> usize;
    /// True for an empty file.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Fills `buf` with the bytes from `start` on; never asked for bytes past the end.
    ///
    /// # Errors
    /// [`Error::Data`] when the file cannot be read (it changed or went away), saying what to do.
    fn read_at(&mut self, start: usize, buf: &mut [u8]) -> Result<()>;
}

/// Bytes already in memory, as a [`Source`].
pub struct InMemory<'b>(pub &'b [u8]);

impl Source for InMemory<'_> {
    fn len(&self) -> usize {
        self.0.len()
    }
    fn read_at(&mut self, start: usize, buf: &mut [u8]) -> Result<()> {
        let part = self.0.get(start..start + buf.len()).ok_or_else(|| Error::data("read past the end of the file"))?;
        buf.copy_from_slice(part);
        Ok(())
    }
}

/// Bytes read from a [`Source`] at a time (and so the most of the file held at once).
pub const CHUNK: usize = 2 << 20;

/// Files up to this size are read whole: streaming them would save next to nothing.
pub const WHOLE_BELOW: usize = 4 << 20;

/// How [`read_csv_from`] reads: chunk size and the size under which a file is read whole
/// (the tests make both tiny, to cross every boundary).
#[derive(Clone, Copy, Debug)]
pub struct Chunking {
    /// Bytes read at a time.
    pub chunk: usize,
    /// Files smaller than this are read whole.
    pub whole_below: usize,
}

impl Default for Chunking {
    fn default() -> Self {
        Self { chunk: CHUNK, whole_below: WHOLE_BELOW }
    }
}

/// Share of the progress the scan (the first read of the file) takes.
const SCAN_SHARE: f64 = 0.1;

/// [`super::read_csv_with_progress`] for a file read from `source` (see the module
/// documentation); `observe` sees every byte of the file once, in order, in pieces.
pub fn read_csv_from(
    source: &mut dyn Source,
    options: &ReadOptions,
    progress: &mut dyn FnMut(f64),
    observe: &mut dyn FnMut(&[u8]),
) -> Result<Loaded> {
    read_chunked(source, options, progress, observe, Chunking::default())
}

/// [`read_csv_from`] with the chunking given.
pub fn read_chunked(
    source: &mut dyn Source,
    options: &ReadOptions,
    progress: &mut dyn FnMut(f64),
    observe: &mut dyn FnMut(&[u8]),
    chunking: Chunking,
) -> Result<Loaded> {
    let len = source.len();
    options.limits.check_size(len)?;
    let chunk = chunking.chunk.max(1);
    if len < chunking.whole_below {
        return read_whole(source, options, progress, Some(observe));
    }
    // The head: what the format guesses read (their sample, after a byte-order mark), and a
    // byte more, so that they see the sample cut just as in the whole text.
    let mut head = vec![0; len.min(3 + sniff::SAMPLE_BYTES + 1)];
    source.read_at(0, &mut head)?;
    let Some(plain) = plain_head(&head) else {
        return read_whole(source, options, progress, Some(observe));
    };
    let delimiter = match options.delimiter {
        Some(d) if d.is_ascii() && !matches!(d, b'"' | b'\r' | b'\n') => d,
        Some(_) => return read_whole(source, options, progress, Some(observe)),
        None => sniff::delimiter(&head[plain.bom..]),
    };
    let scanned = scan(source, plain.bom, chunk, delimiter, &mut |share| progress(SCAN_SHARE * share), observe)?;
    let Some(open_quote) = scanned else {
        // Not UTF-8 after all: read as a whole (and decoded as Windows-1252), already observed.
        return read_whole(source, options, progress, None);
    };
    let text = Text::Stream { window: Window::new(source, plain.bom, chunk), head: &head[plain.bom..] };
    let mut rest = |share: f64| progress(SCAN_SHARE + (1.0 - SCAN_SHARE) * share);
    super::read_text(&text, plain.decoded, options, &mut rest, Some(open_quote))
}

/// What the head says of a file that can be streamed.
struct PlainHead {
    /// Bytes of the byte-order mark (0 or 3).
    bom: usize,
    /// How the head decodes (encoding, line ending; no notices).
    decoded: super::Decoding,
}

/// The head of a file that can be streamed, or `None` when the file must be read whole: its
/// first line break must be `\n` or `\r\n` (a lone `\r` is rewritten, which needs the whole
/// text), it must be UTF-8 so far, and it must not start like JSON (whose refusal may need the
/// whole text). Refusals the head alone decides (binary, UTF-16) are left to the whole read,
/// which makes them.
fn plain_head(head: &[u8]) -> Option<PlainHead> {
    // Decode up to the last line break of the head: a whole number of characters.
    let cut = head.iter().rposition(|&b| b == b'\n')?;
    let lines = head.get(..=cut)?;
    // The lines must hold all the bytes the check for a binary file looks at.
    if lines.len() < head.len() && lines.len() < 3 + decode::BINARY_WINDOW {
        return None;
    }
    let first = lines.iter().copied().find(|b| !b.is_ascii_whitespace() && !matches!(b, 0xEF | 0xBB | 0xBF))?;
    if matches!(first, b'{' | b'[') {
        return None;
    }
    let decoded = decode::decode(lines).ok()?;
    if !decoded.notices.is_empty() || decoded.encoding == super::Encoding::Windows1252 {
        return None;
    }
    let bom = if decoded.encoding == super::Encoding::Utf8Bom { 3 } else { 0 };
    Some(PlainHead {
        bom,
        decoded: super::Decoding { encoding: decoded.encoding, line_ending: decoded.line_ending, notices: Vec::new() },
    })
}

/// What is shown every byte of the file, once, in order.
type Observer<'o> = &'o mut dyn FnMut(&[u8]);

/// Reads the whole file and reads it as [`super::read_csv_with_progress`] does, showing its
/// bytes to `observe` if given.
fn read_whole(
    source: &mut dyn Source,
    options: &ReadOptions,
    progress: &mut dyn FnMut(f64),
    observe: Option<Observer>,
) -> Result<Loaded> {
    let mut bytes = vec![0; source.len()];
    source.read_at(0, &mut bytes)?;
    if let Some(observe) = observe {
        observe(&bytes);
    }
    super::read_csv_with_progress(&bytes, options, progress)
}

/// Reads the whole file once, a chunk at a time: each chunk to `observe`, the text after the
/// byte-order mark checked as UTF-8 and scanned for an unclosed quote. `Ok(None)` when the
/// text is not UTF-8; otherwise the unclosed quote, if any.
fn scan(
    source: &mut dyn Source,
    bom: usize,
    chunk: usize,
    delimiter: u8,
    progress: &mut dyn FnMut(f64),
    observe: &mut dyn FnMut(&[u8]),
) -> Result<Option<Option<OpenQuote>>> {
    let len = source.len();
    let mut quotes = QuoteScan::new(delimiter);
    let mut buf = Vec::with_capacity(chunk.min(len) + 3);
    let mut utf8 = true;
    let mut carried = 0; // bytes of a character cut at the end of the last chunk
    let mut at = 0;
    while at < len {
        let n = chunk.min(len - at);
        // Keep the carried bytes in front of the new chunk.
        let keep = buf.len() - carried;
        buf.drain(..keep);
        buf.resize(carried + n, 0);
        source.read_at(at, &mut buf[carried..])?;
        observe(&buf[carried..]);
        // The byte-order mark is not text (carried bytes come after it, so never with it).
        let text = &buf[bom.saturating_sub(at).min(n)..];
        carried = 0;
        if utf8 {
            match std::str::from_utf8(text) {
                Ok(_) => {}
                Err(e) if e.error_len().is_none() && at + n < len => carried = text.len() - e.valid_up_to(),
                Err(_) => utf8 = false,
            }
        }
        quotes.feed(&text[..text.len() - carried]);
        at += n;
        progress(at as f64 / len as f64);
    }
    Ok(utf8.then(|| quotes.finish()))
}

/// The text of a [`Source`] after `skip` bytes, served to a CSV reader a chunk at a time:
/// only the current chunk and the bytes from the start of the record being read on are held.
pub struct Window<'s> {
    inner: RefCell<Held<'s>>,
    len: usize,
}

struct Held<'s> {
    source: &'s mut dyn Source,
    skip: usize,
    chunk: usize,
    /// Text offset of `buf[0]`.
    start: usize,
    buf: Vec<u8>,
    /// Text offset of the next byte the reader gets.
    served: usize,
    /// Bytes before this text offset may be dropped.
    keep: usize,
    /// Why the source could not be read, if it could not.
    failed: Option<Error>,
}

impl<'s> Window<'s> {
    /// The text of `source` after `skip` bytes, read `chunk` bytes at a time.
    pub fn new(source: &'s mut dyn Source, skip: usize, chunk: usize) -> Self {
        let len = source.len().saturating_sub(skip);
        let held =
            Held { source, skip, chunk: chunk.max(1), start: 0, buf: Vec::new(), served: 0, keep: 0, failed: None };
        Self { inner: RefCell::new(held), len }
    }

    /// Length of the text in bytes.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True for an empty text.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Back to the start of the text, for another pass.
    pub fn rewind(&self) {
        let mut held = self.inner.borrow_mut();
        held.buf.clear();
        (held.start, held.served, held.keep, held.failed) = (0, 0, 0, None);
    }

    /// Calls `f` with the text's bytes `start..end`: empty unless they are held (from the
    /// last [`Window::keep_from`] to what the reader got).
    pub fn with<R>(&self, start: usize, end: usize, f: impl FnOnce(&[u8]) -> R) -> R {
        let held = self.inner.borrow();
        let (from, to) = (start.saturating_sub(held.start), end.saturating_sub(held.start));
        f(held.buf.get(from..to).unwrap_or_default())
    }

    /// The reader will not ask for bytes before text offset `at` again.
    pub fn keep_from(&self, at: usize) {
        self.inner.borrow_mut().keep = at;
    }

    /// Why the source failed, if a read failed because of it.
    pub fn failure(&self) -> Option<Error> {
        self.inner.borrow_mut().failed.take()
    }
}

impl Held<'_> {
    /// Drops what is no longer needed and reads the next chunk; false at the end of the text.
    fn fill(&mut self, len: usize) -> Result<bool> {
        let end = self.start + self.buf.len();
        if end >= len {
            return Ok(false);
        }
        let done = self.keep.saturating_sub(self.start).min(self.buf.len());
        self.buf.drain(..done);
        self.start += done;
        let n = self.chunk.min(len - end);
        let old = self.buf.len();
        self.buf.resize(old + n, 0);
        let skip = self.skip;
        self.source.read_at(skip + end, &mut self.buf[old..])?;
        Ok(true)
    }
}

impl std::io::Read for &Window<'_> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let mut held = self.inner.borrow_mut();
        if held.served == held.start + held.buf.len() {
            match held.fill(self.len) {
                Ok(true) => {}
                Ok(false) => return Ok(0),
                Err(e) => {
                    held.failed = Some(e);
                    return Err(std::io::Error::other("the file could not be read"));
                }
            }
        }
        let from = held.served - held.start;
        let n = out.len().min(held.buf.len() - from);
        out[..n].copy_from_slice(&held.buf[from..from + n]);
        held.served += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests;
