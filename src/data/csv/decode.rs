//! Bytes to text: refuses what is not a text table (empty, binary, spreadsheet, JSON), strips a
//! UTF-8 byte-order mark, and reads non-UTF-8 files as Windows-1252 with a visible notice.

use super::{Encoding, LineEnding, Notice};
use crate::error::{Error, Result};
use std::borrow::Cow;

/// How far the binary check looks.
pub const BINARY_WINDOW: usize = 8 * 1024;

/// The file as text, ready for the CSV reader.
pub struct Decoded<'a> {
    /// The content without byte-order mark; line breaks are `\n` or `\r\n`.
    pub text: Cow<'a, str>,
    /// How the bytes were read.
    pub encoding: Encoding,
    /// Line ending of the first line break.
    pub line_ending: LineEnding,
    /// Things the user should know (encoding fallback, old Mac line breaks).
    pub notices: Vec<Notice>,
}

/// Decodes `bytes`, or refuses them with a message saying what the file looks like instead.
pub fn decode(bytes: &[u8]) -> Result<Decoded<'_>> {
    if bytes.is_empty() {
        return Err(Error::data(
            "the file is empty. Choose a CSV file with a header line and at least two rows of data.",
        ));
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(Error::data(
            "this file is UTF-16 text, which Lantern does not read. Save it again as \"CSV UTF-8\" \
             (in Excel: File → Save As → CSV UTF-8).",
        ));
    }
    let (body, bom) = match bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        Some(rest) => (rest, 3),
        None => (bytes, 0),
    };
    check_not_binary(body, bom)?;
    let mut notices = Vec::new();
    let (text, encoding) = match std::str::from_utf8(body) {
        Ok(s) => (Cow::Borrowed(s), if bom > 0 { Encoding::Utf8Bom } else { Encoding::Utf8 }),
        Err(e) => {
            let at = e.valid_up_to();
            let line = 1 + body.iter().take(at).filter(|&&b| b == b'\n').count();
            notices.push(Notice {
                message: format!(
                    "the file is not UTF-8: read as Windows-1252 (the usual encoding of Excel on Windows); \
                     first non-UTF-8 byte at offset {}. If accented letters look wrong, save the file as \"CSV UTF-8\".",
                    at + bom
                ),
                line: Some(line),
                column: None,
            });
            (Cow::Owned(windows_1252(body)), Encoding::Windows1252)
        }
    };
    if text.trim().is_empty() {
        return Err(Error::data(
            "the file contains only blank space. Choose a CSV file with a header line and at least two rows of data.",
        ));
    }
    check_not_json(&text)?;
    let (text, line_ending) = line_endings(text, &mut notices);
    Ok(Decoded { text, encoding, line_ending, notices })
}

/// The characters of bytes 0x80–0x9F in Windows-1252 (WHATWG's index, as browsers decode it:
/// the five bytes it leaves unassigned stand for the C1 controls of the same number). Every
/// other byte is the Unicode character of the same number (Latin-1).
const CP1252_80_9F: [char; 32] = [
    '\u{20AC}', '\u{0081}', '\u{201A}', '\u{0192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}', '\u{02C6}',
    '\u{2030}', '\u{0160}', '\u{2039}', '\u{0152}', '\u{008D}', '\u{017D}', '\u{008F}', '\u{0090}', '\u{2018}',
    '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}', '\u{02DC}', '\u{2122}', '\u{0161}',
    '\u{203A}', '\u{0153}', '\u{009D}', '\u{017E}', '\u{0178}',
];

/// `bytes` read as Windows-1252. A single-byte table of 32 entries: an encoding library
/// brought every encoding's tables into the wasm module (about 40 KB gzip) for this one.
fn windows_1252(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9F => CP1252_80_9F[usize::from(b - 0x80)],
            _ => char::from(b),
        })
        .collect()
}

/// Refuses spreadsheets, archives and other binary files/// Refuses spreadsheets, archives and other binary files: a NUL byte, or more than a few
/// control characters (2 % of the first 8 KB), never appear in a CSV file.
fn check_not_binary(body: &[u8], offset: usize) -> Result<()> {
    if body.starts_with(b"PK\x03\x04") || body.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(Error::data(
            "this looks like an Excel workbook (or another zip/Office file), not CSV. \
             In your spreadsheet program use File → Save As → CSV, then load that file.",
        ));
    }
    let window = body.get(..BINARY_WINDOW).unwrap_or(body);
    let is_control = |b: u8| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C)) || b == 0x7F;
    let first_nul = window.iter().position(|&b| b == 0);
    let controls = window.iter().filter(|&&b| is_control(b)).count();
    let suspicious = first_nul.or_else(|| {
        (controls >= 8 && controls * 50 > window.len()).then(|| window.iter().position(|&b| is_control(b)).unwrap_or(0))
    });
    match suspicious {
        Some(at) => Err(Error::Data {
            message: format!(
                "this looks like a binary file (byte {:#04x} at offset {}), not CSV text. \
                 Open it in the program that made it and export it as CSV.",
                window.get(at).copied().unwrap_or(0),
                at + offset
            ),
            line: Some(1 + window.iter().take(at).filter(|&&b| b == b'\n').count()),
            column: None,
        }),
        None => Ok(()),
    }
}

/// Refuses JSON (and JSON Lines): starts with `{` then `"` or `}`, or with `[` then a JSON
/// value opener, or is a complete JSON document.
fn check_not_json(text: &str) -> Result<()> {
    let mut chars = text.chars().filter(|c| !c.is_whitespace());
    let looks_json = match (chars.next(), chars.next()) {
        (Some('{'), Some('"' | '}')) => true,
        (Some('['), Some('{' | '[' | '"' | ']')) => true,
        (Some('{' | '['), _) => serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok(),
        _ => false,
    };
    if looks_json {
        return Err(Error::data(
            "this is a JSON file, not CSV. Convert or export it to CSV: one header line with the \
             column names, then one line per row with values separated by commas.",
        ));
    }
    Ok(())
}

/// Detects the line ending; files that break lines with a lone `\r` (old Mac) are rewritten
/// to `\n` so that the line numbers in messages are right.
fn line_endings<'a>(text: Cow<'a, str>, notices: &mut Vec<Notice>) -> (Cow<'a, str>, LineEnding) {
    match text.find('\n') {
        Some(i) if i > 0 && text.as_bytes().get(i - 1) == Some(&b'\r') => (text, LineEnding::CrLf),
        Some(_) => (text, LineEnding::Lf),
        None if text.contains('\r') => {
            notices.push(Notice {
                message: "lines end with a lone carriage return (old Mac format); read them as line breaks.".into(),
                line: None,
                column: None,
            });
            (Cow::Owned(text.replace('\r', "\n")), LineEnding::Lf)
        }
        None => (text, LineEnding::Lf),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn refused(bytes: &[u8]) -> String {
        match decode(bytes) {
            Err(e) => e.to_string(),
            Ok(d) => panic!("accepted: {:?}", d.text),
        }
    }

    #[test]
    fn refusals_say_what_the_file_is() {
        assert!(refused(b"").contains("empty"));
        assert!(refused(b" \n\t\r\n").contains("only blank space"));
        assert!(refused(b"a,b\n1,\x002\n").contains("binary file (byte 0x00 at offset 6)"));
        assert!(refused(b"PK\x03\x04rest").contains("Excel"));
        let mut controls = b"a,b\n".repeat(20);
        controls.extend_from_slice(&[0x01, 0x02, 0x1B, 0x7F].repeat(3));
        assert!(refused(&controls).contains("binary file (byte 0x01 at offset 80)"));
        assert!(decode(b"a,b\n1,\x1B2\n3,4\n").is_ok()); // one stray control character is not binary
        assert!(refused(&[0xFF, 0xFE, b'a', 0]).contains("UTF-16"));
        assert!(refused(b"  [{\"a\": 1}]").contains("JSON"));
        assert!(refused(b"{\"a\":1}\n{\"a\":2}\n").contains("JSON"));
        assert!(refused(b"[1, 2]").contains("JSON"));
    }

    #[test]
    fn encodings_and_line_endings() {
        let d = decode(b"\xEF\xBB\xBFa,b\r\n1,2\r\n").unwrap();
        assert_eq!(
            (d.text.as_ref(), d.encoding, d.line_ending),
            ("a,b\r\n1,2\r\n", Encoding::Utf8Bom, LineEnding::CrLf)
        );
        let d = decode(b"name\ncaf\xE9 \x80\n").unwrap();
        assert_eq!((d.text.as_ref(), d.encoding), ("name\ncafé €\n", Encoding::Windows1252));
        assert!(d.notices[0].message.contains("offset 8"), "{:?}", d.notices);
        assert_eq!(d.notices[0].line, Some(2));
        let d = decode(b"a,b\r1,2\r").unwrap();
        assert_eq!((d.text.as_ref(), d.line_ending), ("a,b\n1,2\n", LineEnding::Lf));
        assert!(decode(b"[mm],[kg]\n1,2\n").is_ok());
    }

    /// Every byte decodes as WHATWG's Windows-1252 does (encoding_rs, what browsers use).
    #[test]
    fn windows_1252_matches_the_whatwg_decoder() {
        let all: Vec<u8> = (0..=255).collect();
        let (expected, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&all);
        assert_eq!(windows_1252(&all), expected);
        assert_eq!(windows_1252(b"\x80\x93q\x94 \x9f\xe9"), "€“q” Ÿé");
    }
}
