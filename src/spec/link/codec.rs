//! The link text: `v1.` + base64url(deflate(JSON)) + `.` + checksum.
//!
//! - The JSON is the [`ShareLink`] payload, compact (no spaces).
//! - It is compressed with raw deflate (RFC 1951, level 9) and written in base64url without
//!   padding (RFC 4648 §5), so it needs no escaping in a URL.
//! - The checksum is the first 8 lower-case hex digits of the SHA-256 of the compressed bytes:
//!   a link cut short or mistyped is refused before anything is unpacked.
//!
//! Example: the default experiment is `v1.VVHbasMwDP0XPYeS7lryK2UE…Xv8B.658605f8` (448
//! characters), carried as `https://host/path/#x=v1.…`; `tests/golden/links.txt` holds whole
//! links of every format version.

use super::{hex, limits, ShareLink, LINK_FORMAT};
use crate::error::{Error, Result};
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::Engine;
use miniz_oxide::inflate::TINFLStatus;
use sha2::{Digest, Sha256};

/// Deflate level: the best ratio (links are small; time does not matter).
const LEVEL: u8 = 9;

/// base64url, writing no padding and reading it either way.
const URL_SAFE: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::URL_SAFE,
    GeneralPurposeConfig::new().with_encode_padding(false).with_decode_padding_mode(DecodePaddingMode::Indifferent),
);
/// Standard base64, padding either way (embedded binary files).
const STANDARD: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_encode_padding(false).with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

const DAMAGED: &str = "the link is damaged or cut short: copy it again, whole";

/// SHA-256 of `bytes` as 64 lower-case hex digits: a data file's identity in a link.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn checksum(compressed: &[u8]) -> String {
    hex(&Sha256::digest(compressed)[..4])
}

/// Bytes of `bytes` once deflated as in a link.
pub fn compressed_len(bytes: &[u8]) -> usize {
    miniz_oxide::deflate::compress_to_vec(bytes, LEVEL).len()
}

/// [`compressed_len`] when it is at most `cap`; `None` as soon as the deflated stream passes
/// `cap`. Whether a file fits in a link is known after compressing only about `cap` bytes of
/// output: deflating a whole 17 MB file to find out took 4.7 s on the page's thread.
pub fn compressed_len_within(bytes: &[u8], cap: usize) -> Option<usize> {
    use miniz_oxide::deflate::core::{
        compress, create_comp_flags_from_zip_params, CompressorOxide, TDEFLFlush, TDEFLStatus,
    };
    // The calls `compress_to_vec` makes (raw deflate, the whole input with `Finish`), into a
    // reused buffer: the stream, and so its length, is the same.
    let mut compressor = CompressorOxide::new(create_comp_flags_from_zip_params(LEVEL.into(), 0, 0));
    let mut out = vec![0u8; 16 * 1024];
    let (mut read, mut written) = (0, 0);
    loop {
        let (status, bytes_in, bytes_out) = compress(&mut compressor, &bytes[read..], &mut out, TDEFLFlush::Finish);
        read += bytes_in;
        written += bytes_out;
        if written > cap {
            return None;
        }
        match status {
            TDEFLStatus::Done => return Some(written),
            TDEFLStatus::Okay => {}
            // Not reached with valid parameters; the one-shot form then says.
            _ => return Some(compressed_len(bytes)).filter(|&n| n <= cap),
        }
    }
}

/// What a share link needs to know of a file read in pieces ([`FileMeasure::feed`] each piece in
/// order): its SHA-256, and its compressed size up to the link's limit — the same numbers as
/// [`sha256_hex`] and [`LinkBudget::for_file`] on the whole file, without holding it.
pub struct FileMeasure {
    sha: Sha256,
    compressor: Box<miniz_oxide::deflate::core::CompressorOxide>,
    out: Vec<u8>,
    /// Compressed bytes so far; `None` once past the limit (compressing stops there).
    written: Option<usize>,
}

impl Default for FileMeasure {
    fn default() -> Self {
        use miniz_oxide::deflate::core::{create_comp_flags_from_zip_params, CompressorOxide};
        Self {
            sha: Sha256::new(),
            compressor: Box::new(CompressorOxide::new(create_comp_flags_from_zip_params(LEVEL.into(), 0, 0))),
            out: vec![0u8; 16 * 1024],
            written: Some(0),
        }
    }
}

impl FileMeasure {
    /// The next piece of the file.
    pub fn feed(&mut self, piece: &[u8]) {
        self.sha.update(piece);
        self.deflate(piece, miniz_oxide::deflate::core::TDEFLFlush::None);
    }

    /// Compresses `input` (all of it, or until past the limit), counting the output.
    fn deflate(&mut self, mut input: &[u8], flush: miniz_oxide::deflate::core::TDEFLFlush) {
        use miniz_oxide::deflate::core::{compress, TDEFLStatus};
        while let Some(written) = self.written {
            let (status, used, made) = compress(&mut self.compressor, input, &mut self.out, flush);
            input = input.get(used..).unwrap_or_default();
            self.written = Some(written + made).filter(|&w| w <= limits::MAX_EMBEDDED_COMPRESSED);
            let finishing = flush == miniz_oxide::deflate::core::TDEFLFlush::Finish;
            match status {
                TDEFLStatus::Done => return,
                TDEFLStatus::Okay if finishing && (used > 0 || made > 0) => {}
                TDEFLStatus::Okay if !finishing && (!input.is_empty() || made == self.out.len()) => {}
                TDEFLStatus::Okay if !finishing => return,
                // Not reached with valid parameters (nor a stall): then the file is not embedded.
                _ => self.written = None,
            }
        }
    }

    /// The file's SHA-256 (64 hex digits) and its link budget, as [`LinkBudget::for_file`].
    pub fn finish(mut self) -> (String, LinkBudget) {
        self.deflate(&[], miniz_oxide::deflate::core::TDEFLFlush::Finish);
        let limit = limits::MAX_EMBEDDED_COMPRESSED;
        (hex(&self.sha.finalize()), LinkBudget::new(0, Some(self.written.unwrap_or(limit + 1))))
    }
}

/// Standard base64 decoding, with or without padding.
pub(crate) fn base64_any(text: &str) -> Option<Vec<u8>> {
    STANDARD.decode(text).ok()
}

pub(super) fn encode(link: &ShareLink) -> Result<String> {
    let json = serde_json::to_vec(link).map_err(|e| Error::Link(format!("could not write the link: {e}")))?;
    let compressed = miniz_oxide::deflate::compress_to_vec(&json, LEVEL);
    let text = format!("v{LINK_FORMAT}.{}.{}", URL_SAFE.encode(&compressed), checksum(&compressed));
    if text.len() > limits::MAX_LINK_CHARS {
        return Err(Error::Link(format!(
            "this experiment needs a link of {} characters, more than the {} a link may have: export it as a \
             file instead, or leave the data out of the link (its hash or URL is enough)",
            text.len(),
            limits::MAX_LINK_CHARS
        )));
    }
    Ok(text)
}

/// True when `text` looks like a share link rather than a file path or JSON: a URL, a
/// fragment (`#x=`, `x=`) or encoded text (`v1.…`).
pub fn is_link(text: &str) -> bool {
    let t = text.trim_start();
    let encoded = t.strip_prefix('v').is_some_and(|rest| {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        digits > 0 && rest.as_bytes().get(digits) == Some(&b'.')
    });
    encoded || t.starts_with("http://") || t.starts_with("https://") || t.starts_with("#x=") || t.starts_with("x=")
}

/// The encoded part of a URL, fragment or bare link.
fn encoded_part(text: &str) -> Result<&str> {
    let text = text.trim();
    let fragment = match text.split_once('#') {
        Some((_, f)) => f,
        None if is_link(text) && !text.starts_with("http") => text,
        None if text.starts_with("http") => {
            return Err(Error::Link("this address has no experiment in it (no `#x=` part): copy the whole link".into()))
        }
        None => {
            return Err(Error::Link(format!(
                "`{}` is not a Lantern link: expected an address with `#x=`, or text starting with `v1.`",
                super::clip(text)
            )))
        }
    };
    // The fragment may hold other `key=value` parts; ours is `x`.
    if let Some(x) = fragment.split('&').find_map(|p| p.strip_prefix("x=")) {
        return Ok(x);
    }
    // Bare link text, possibly followed by other parts (a lesson's `&step=3`).
    if fragment.starts_with('v') {
        return Ok(fragment.split('&').next().unwrap_or(fragment));
    }
    Err(Error::Link("this address has no experiment in it (no `#x=` part): copy the whole link".into()))
}

/// The error for a link or file of format `version`, newer than this Lantern reads.
pub(crate) fn newer_format(version: u64) -> Error {
    Error::Link(format!(
        "this link was made by a newer Lantern (format v{version}); this page reads v1 to v{LINK_FORMAT}. \
         Open it with the newer Lantern"
    ))
}

/// Parses any form of the link; does not validate the spec (see [`ShareLink::decode`]).
pub(super) fn decode(text: &str) -> Result<ShareLink> {
    if text.len() > limits::MAX_LINK_CHARS {
        return Err(Error::Link(format!(
            "the link is {} characters long; at most {} are read",
            text.len(),
            limits::MAX_LINK_CHARS
        )));
    }
    let encoded = encoded_part(text)?;
    // Mail programs wrap long links: whitespace is never part of one.
    let encoded: String = encoded.chars().filter(|c| !c.is_whitespace()).collect();
    let mut parts = encoded.split('.');
    let (Some(version), Some(body), Some(sum), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        return Err(Error::Link(format!("{DAMAGED} (it should read `v1.<data>.<checksum>`)")));
    };
    let version = version
        .strip_prefix('v')
        .and_then(|v| v.parse::<u64>().ok())
        .ok_or_else(|| Error::Link(format!("`{}` is not a Lantern link version: {DAMAGED}", super::clip(version))))?;
    if version == 0 {
        return Err(Error::Link(format!("format v0 does not exist: {DAMAGED}")));
    }
    if version > u64::from(LINK_FORMAT) {
        return Err(newer_format(version));
    }
    let compressed = URL_SAFE.decode(body).map_err(|_| Error::Link(format!("{DAMAGED} (bad characters)")))?;
    if !sum.eq_ignore_ascii_case(&checksum(&compressed)) {
        return Err(Error::Link(DAMAGED.into()));
    }
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&compressed, limits::MAX_UNPACKED_BYTES).map_err(
        |e| match e.status {
            TINFLStatus::HasMoreOutput => Error::Link(format!(
                "the link unpacks to more than {} MiB, more than any experiment needs: it was refused",
                limits::MAX_UNPACKED_BYTES >> 20
            )),
            _ => Error::Link(format!("{DAMAGED} (it does not unpack)")),
        },
    )?;
    // Version 1 is the only format so far; a v2 reader keeps this branch for v1 links.
    from_json_named(&json)
}

/// A JSON document that did not decode: where (`spec.training.epochs`, or `.` for the document
/// itself) and serde_json's message (with line and column).
#[derive(Debug)]
pub(crate) struct JsonError {
    pub path: String,
    pub message: String,
    /// The value decoded but text followed it.
    pub trailing: bool,
}

/// Deserialises JSON, naming the path to a bad field.
///
/// Every JSON document Lantern reads (links, experiment and lesson files, model cards, stored
/// runs, the worker's messages) is decoded here, through serde_json's one deserializer type:
/// each type's decoding code is then compiled once, not once per way of reading (it was four
/// copies of the spec's). The path is found afterwards from the error's line and column
/// ([`super::json_path`]), not tracked while decoding, which would take a second copy.
pub(crate) fn decode_json<T: serde::de::DeserializeOwned>(json: &[u8]) -> std::result::Result<T, JsonError> {
    let mut de = serde_json::Deserializer::from_slice(json);
    let value = T::deserialize(&mut de).map_err(|e| {
        let message = e.to_string();
        let at = super::json_path::offset_of(json, e.line(), e.column());
        let path = super::json_path::path_at(json, at);
        JsonError { path, message, trailing: false }
    })?;
    de.end().map_err(|e| JsonError { path: ".".into(), message: e.to_string(), trailing: true })?;
    Ok(value)
}

/// The whole number in a JSON object's `field` (a format version), if there is one. Err for
/// text that is not a JSON object.
pub(crate) fn format_version(json: &[u8], field: &str) -> std::result::Result<Option<u64>, JsonError> {
    let value: serde_json::Value = decode_json(json)?;
    if !value.is_object() {
        return Err(JsonError { path: ".".into(), message: "expected a JSON object".into(), trailing: false });
    }
    Ok(value.get(field).and_then(serde_json::Value::as_u64))
}

/// Deserialises JSON, naming the field in the error (`spec.training.epochs: invalid type …`).
pub(crate) fn from_json_named<T: serde::de::DeserializeOwned>(json: &[u8]) -> Result<T> {
    decode_json(json).map_err(|e| {
        if e.trailing {
            return Error::Link(format!("unexpected text after the experiment: {}", e.message));
        }
        let field = e.path.strip_prefix("experiment.").unwrap_or(&e.path);
        let field = field.strip_prefix("spec.").unwrap_or(field).to_string();
        Error::Spec { field, message: e.message }
    })
}

/// How big a link is, and whether its data may travel in it: what a size meter shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LinkBudget {
    /// Characters of the encoded link (without the address and `#x=`).
    pub link_chars: usize,
    /// Compressed bytes of the embedded or candidate data file, if any.
    pub data_compressed: Option<usize>,
    /// Most compressed bytes of data a link may embed ([`limits::MAX_EMBEDDED_COMPRESSED`]).
    pub data_limit: usize,
    /// True when the data (if any) fits in the link.
    pub data_fits: bool,
}

impl LinkBudget {
    /// The budget of `link` as it stands.
    pub fn of(link: &ShareLink) -> Result<Self> {
        let data_compressed = link.data.as_ref().and_then(|d| d.embedded()).map(compressed_len);
        Ok(Self::new(encoded_len(link)?, data_compressed))
    }

    /// Whether a data file of these bytes would be embedded (before building the link). A file
    /// that does not fit is compressed only until it passes the limit: its `data_compressed`
    /// is then just over [`limits::MAX_EMBEDDED_COMPRESSED`] and `data_fits` false.
    pub fn for_file(bytes: &[u8]) -> Self {
        let limit = limits::MAX_EMBEDDED_COMPRESSED;
        Self::new(0, Some(compressed_len_within(bytes, limit).unwrap_or(limit + 1)))
    }

    fn new(link_chars: usize, data_compressed: Option<usize>) -> Self {
        let data_limit = limits::MAX_EMBEDDED_COMPRESSED;
        Self { link_chars, data_compressed, data_limit, data_fits: data_compressed.is_none_or(|c| c <= data_limit) }
    }

    /// Share of the data budget used, 0 to 1 and beyond (0 without data).
    pub fn data_share(&self) -> f64 {
        self.data_compressed.map_or(0.0, |c| c as f64 / self.data_limit as f64)
    }
}

/// Characters of `link` once encoded (the text after `#x=`).
pub fn encoded_len(link: &ShareLink) -> Result<usize> {
    encode(link).map(|t| t.len())
}
