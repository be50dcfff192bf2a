//! The user's data file in a link: the bytes themselves when they compress small enough, else
//! a reference the recipient can check a file against.

use super::{clip, codec, is_hex, limits};
use crate::error::{Error, Result};
use base64::Engine;
use serde::{Deserialize, Serialize};

/// The data file of an experiment whose data is a file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum LinkData {
    /// The file's bytes travel in the link.
    Embedded(EmbeddedFile),
    /// The file is too big: the link says where to get it and how to recognise it.
    Reference(DataReference),
}

/// A file carried in the link. In JSON its bytes are `text` when they are UTF-8 (CSV files
/// almost always are; this compresses best), else `base64`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "EmbeddedRepr", into = "EmbeddedRepr")]
pub struct EmbeddedFile {
    /// File name, for display.
    pub name: String,
    /// The file's bytes, as read.
    pub bytes: Vec<u8>,
}

#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct EmbeddedRepr {
    name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    base64: Option<String>,
}

impl From<EmbeddedFile> for EmbeddedRepr {
    fn from(f: EmbeddedFile) -> Self {
        match String::from_utf8(f.bytes) {
            Ok(text) => Self { name: f.name, text: Some(text), base64: None },
            Err(e) => Self {
                name: f.name,
                text: None,
                base64: Some(base64::engine::general_purpose::STANDARD_NO_PAD.encode(e.into_bytes())),
            },
        }
    }
}

impl TryFrom<EmbeddedRepr> for EmbeddedFile {
    type Error = String;
    fn try_from(r: EmbeddedRepr) -> std::result::Result<Self, String> {
        let bytes = match (r.text, r.base64) {
            (Some(text), None) => text.into_bytes(),
            (None, Some(b)) => codec::base64_any(&b).ok_or("the embedded file's base64 is damaged")?,
            _ => return Err("an embedded file needs exactly one of `text` and `base64`".into()),
        };
        Ok(Self { name: r.name, bytes })
    }
}

/// Where to get a file too big for the link, and how to check it is the same file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataReference {
    /// File name, for display.
    pub name: String,
    /// Size in bytes.
    pub size: u64,
    /// SHA-256 of the file, 64 lower-case hex digits (see [`super::sha256_hex`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// A public `https://` (or `http://`) address of the CSV, fetched only on the reader's
    /// confirmation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

impl LinkData {
    /// The data for a file named `name`: embedded when it compresses to at most
    /// [`limits::MAX_EMBEDDED_COMPRESSED`] bytes, else a reference holding its SHA-256 (and
    /// `url`, if given).
    pub fn for_file(name: &str, bytes: &[u8], url: Option<String>) -> Self {
        Self::sized(name, bytes, url, &codec::LinkBudget::for_file(bytes))
    }

    /// [`LinkData::for_file`] with the file's [`codec::LinkBudget::for_file`] already at hand
    /// (the file is not compressed again to learn whether it fits).
    pub fn sized(name: &str, bytes: &[u8], url: Option<String>, budget: &codec::LinkBudget) -> Self {
        if budget.data_fits {
            LinkData::Embedded(EmbeddedFile { name: name.to_string(), bytes: bytes.to_vec() })
        } else {
            LinkData::Reference(DataReference {
                name: name.to_string(),
                size: bytes.len() as u64,
                sha256: Some(codec::sha256_hex(bytes)),
                url,
            })
        }
    }

    /// The file name.
    pub fn name(&self) -> &str {
        match self {
            LinkData::Embedded(f) => &f.name,
            LinkData::Reference(r) => &r.name,
        }
    }

    /// The file's SHA-256 (64 hex digits): that of the embedded bytes, or the one a reference
    /// records (empty for a reference without one).
    pub fn sha256(&self) -> String {
        match self {
            LinkData::Embedded(f) => codec::sha256_hex(&f.bytes),
            LinkData::Reference(r) => r.sha256.clone().unwrap_or_default(),
        }
    }

    /// The embedded bytes, if the file travels in the link.
    pub fn embedded(&self) -> Option<&[u8]> {
        match self {
            LinkData::Embedded(f) => Some(&f.bytes),
            LinkData::Reference(_) => None,
        }
    }

    /// Checks that `bytes` are the file the link refers to (always true for embedded data
    /// and for a reference without a hash).
    ///
    /// # Errors
    /// [`Error::Data`] naming both hashes when they differ.
    pub fn check_file(&self, bytes: &[u8]) -> Result<()> {
        self.check_sha256(&codec::sha256_hex(bytes), bytes.len() as u64)
    }

    /// [`LinkData::check_file`] for a file of `size` bytes whose SHA-256 is `got` (hex), as
    /// the worker that read it reported.
    ///
    /// # Errors
    /// As [`LinkData::check_file`].
    pub fn check_sha256(&self, got: &str, size: u64) -> Result<()> {
        let LinkData::Reference(r) = self else { return Ok(()) };
        let Some(want) = &r.sha256 else { return Ok(()) };
        if got == want {
            return Ok(());
        }
        Err(Error::data(format!(
            "this is not the file the link was made from: its SHA-256 is {got} ({} bytes), the link expects {want} \
             (`{}`, {} bytes). Use the very same file: any edit, even re-saving it, changes the hash",
            size, r.name, r.size
        )))
    }

    /// Checks names, sizes, the hash's form and the URL's scheme.
    pub fn validate(&self) -> Result<()> {
        let name = self.name();
        if name.is_empty() || name.chars().count() > 255 || name.chars().any(char::is_control) {
            return Err(Error::spec("data.name", "a file name of 1 to 255 printable characters is needed"));
        }
        let LinkData::Reference(r) = self else { return Ok(()) };
        if r.sha256.is_none() && r.url.is_none() {
            return Err(Error::spec("data.sha256", "a referenced file needs its SHA-256, its URL, or both"));
        }
        if let Some(h) = r.sha256.as_deref().filter(|h| !is_hex(h, 64)) {
            return Err(Error::spec(
                "data.sha256",
                format!("`{}` is not a SHA-256 (64 lower-case hex digits)", clip(h)),
            ));
        }
        if let Some(u) = &r.url {
            let scheme_ok = u.starts_with("https://") || u.starts_with("http://");
            if !scheme_ok || u.len() > limits::MAX_NAME_CHARS || u.chars().any(|c| c.is_whitespace() || c.is_control())
            {
                return Err(Error::spec(
                    "data.url",
                    format!(
                        "`{}` is not a public http(s) address of at most {} characters",
                        clip(u),
                        limits::MAX_NAME_CHARS
                    ),
                ));
            }
        }
        Ok(())
    }
}
