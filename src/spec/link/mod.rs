//! Share links: one experiment — its spec, its data (or a reference to it), an instructor's
//! options, the original run's fingerprint and the settings changed while it trained — packed
//! into the fragment of a URL, which browsers never send to a server.
//!
//! The format (see [`codec`]): `v1.` + base64url(deflate(JSON payload)) + `.` + the first 8 hex
//! digits of the SHA-256 of the compressed bytes, carried as `#x=<that>`. Decoding is pure and
//! defensive: every failure is a typed [`Error`] saying what to do, never a panic, and the sizes
//! of the text and of the unpacked payload are capped (see [`limits`]).
//!
//! Links made by older versions must keep opening: `tests/golden/links.txt` holds links made
//! at each format version, and a test decodes every one of them.

mod change;
pub mod codec;
mod data;
mod fingerprint;
mod json_path;
mod pretty;

pub use change::{ReplayChange, TrainingChange};
pub(crate) use codec::{decode_json, format_version, JsonError};
pub use codec::{encoded_len, is_link, sha256_hex, LinkBudget};
pub use data::{DataReference, EmbeddedFile, LinkData};
pub use fingerprint::{checkpoint_epochs, loss_from_hex, loss_to_hex, Checkpoint, Fingerprint, Reproduction};
pub use pretty::to_pretty_json;

use super::lesson::Lesson;
use super::{DataSource, ExperimentSpec};
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};

/// The link format this Lantern writes (and the newest it reads).
pub const LINK_FORMAT: u32 = 1;

/// Sizes a link may have. Generous for real experiments; small enough that a hostile link
/// cannot exhaust a tab's memory or time.
pub mod limits {
    /// Most characters of link text read (about 2 MB).
    pub const MAX_LINK_CHARS: usize = 2_000_000;
    /// Most bytes the payload may unpack to (8 MiB): a "zip bomb" stops here.
    pub const MAX_UNPACKED_BYTES: usize = 8 << 20;
    /// Most compressed bytes of a data file embedded in a link (64 KiB); bigger files travel
    /// as a [`super::DataReference`] (public URL and/or SHA-256).
    pub const MAX_EMBEDDED_COMPRESSED: usize = 64 << 10;
    /// Longest instructor's note, in characters.
    pub const MAX_NOTE_CHARS: usize = 2_000;
    /// Most hidden plus locked control ids.
    pub const MAX_CONTROLS: usize = 200;
    /// Longest control id, file name or URL, in characters.
    pub const MAX_NAME_CHARS: usize = 2_048;
    /// Most settings changed during a run.
    pub const MAX_CHANGES: usize = 1_000;
    /// Largest experiment file read by [`super::ShareLink::from_json_file`] (64 MiB).
    pub const MAX_FILE_BYTES: usize = 64 << 20;
}

/// Everything a link carries. UI-only state (open panels, tabs, playback) never goes here.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShareLink {
    /// The experiment.
    pub spec: ExperimentSpec,
    /// The user's data file, embedded or referenced (only for a spec whose data is a file).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<LinkData>,
    /// An instructor's options.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub teaching: Option<Teaching>,
    /// The fingerprint of the run the link was made from, to check a replay against.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fingerprint: Option<Fingerprint>,
    /// Settings changed while the original run trained, in order; a replay applies each at the
    /// same gradient step.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<ReplayChange>,
    /// A guided lesson to step through (see [`crate::spec::lesson`]); links without one, made
    /// before lessons existed, open as before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lesson: Option<Lesson>,
}

/// An instructor's options: what the reader sees and may change.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Teaching {
    /// Ids of controls not shown (the page ignores ids it does not know).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub hidden: Vec<String>,
    /// Ids of controls shown but not changeable.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub locked: Vec<String>,
    /// Start training as soon as the page opens.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub autostart: bool,
    /// A short note to the reader, at most [`limits::MAX_NOTE_CHARS`] characters. Shown as
    /// plain text, never as HTML.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// The experiment file written by [`ShareLink::to_json_file`]: the same payload as a link, for
/// experiments too big for one.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExperimentFile {
    /// [`LINK_FORMAT`] of the payload.
    lantern_experiment: u32,
    experiment: ShareLink,
}

impl ShareLink {
    /// A link to `spec` alone.
    pub fn new(spec: ExperimentSpec) -> Self {
        Self { spec, ..Self::default() }
    }

    /// Checks the spec and every part of the link; the error names the first bad field
    /// (`teaching.note`, `changes[2].learning_rate`, `training.epochs`, …).
    pub fn validate(&self) -> Result<()> {
        self.spec.validate()?;
        if let Some(d) = &self.data {
            if !matches!(self.spec.data.source, DataSource::File { .. }) {
                return Err(Error::spec(
                    "data",
                    "the link carries a data file, but the experiment's data is not a file",
                ));
            }
            d.validate()?;
        }
        if let Some(t) = &self.teaching {
            t.validate()?;
        }
        if let Some(f) = &self.fingerprint {
            f.validate()?;
        }
        if let Some(lesson) = &self.lesson {
            lesson.validate()?;
            // A step's file can only be the one the link carries (opened with the link).
            let carried = match &self.spec.data.source {
                DataSource::File { name } => Some(name.as_str()),
                _ => None,
            };
            if let Some(other) = lesson.files().into_iter().find(|f| Some(*f) != carried) {
                return Err(Error::spec(
                    "lesson",
                    format!(
                        "a step trains on the file `{}`, which the link does not open: a lesson may train on one \
                         file, the one the link's experiment reads",
                        clip(other)
                    ),
                ));
            }
        }
        change::validate(&self.spec, &self.changes)
    }

    /// The link text `v1.<payload>.<checksum>` (without `#x=`).
    ///
    /// # Errors
    /// [`Error::Spec`] for an invalid part (see [`ShareLink::validate`]); [`Error::Link`] when
    /// the link would be longer than [`limits::MAX_LINK_CHARS`] (export a file instead).
    pub fn encode(&self) -> Result<String> {
        self.validate()?;
        codec::encode(self)
    }

    /// The URL fragment `#x=v1.…`.
    pub fn to_fragment(&self) -> Result<String> {
        Ok(format!("#x={}", self.encode()?))
    }

    /// `base` (any fragment it has dropped) followed by the fragment.
    pub fn to_url(&self, base: &str) -> Result<String> {
        let base = base.split('#').next().unwrap_or(base);
        Ok(format!("{base}{}", self.to_fragment()?))
    }

    /// Reads a link: a full URL (`https://host/path/#x=…`), a fragment (`#x=…`, `x=…`) or the
    /// encoded text alone. Validates everything before returning it.
    pub fn decode(text: &str) -> Result<Self> {
        let link = codec::decode(text)?;
        link.validate()?;
        Ok(link)
    }

    /// How long the link is and whether its data fits, for a size meter.
    pub fn budget(&self) -> Result<LinkBudget> {
        LinkBudget::of(self)
    }

    /// The same payload as a pretty JSON file: the fallback for experiments whose data is too
    /// big for a link (there the data may be embedded whatever its size).
    pub fn to_json_file(&self) -> Result<String> {
        self.validate()?;
        let file = ExperimentFile { lantern_experiment: LINK_FORMAT, experiment: self.clone() };
        to_pretty_json(&file).map_err(|e| Error::Link(format!("could not write the experiment: {e}")))
    }

    /// Reads a file written by [`ShareLink::to_json_file`] (of this format version or older).
    ///
    /// # Errors
    /// [`Error::ExperimentFile`] when the text is too large, not a JSON object, has no
    /// `lantern_experiment` version or a newer one; [`Error::Spec`] naming the first bad field.
    pub fn from_json_file(text: &str) -> Result<Self> {
        const MADE_BY: &str = "Choose a file made with “Export experiment (.json)” in Lantern's Share panel";
        if text.len() > limits::MAX_FILE_BYTES {
            return Err(Error::ExperimentFile(format!(
                "the file is {} MB; at most {} MB can be read",
                text.len() >> 20,
                limits::MAX_FILE_BYTES >> 20
            )));
        }
        let version = format_version(text.as_bytes(), "lantern_experiment").map_err(|e| {
            Error::ExperimentFile(format!(
                "this is not a Lantern experiment file (not a JSON object: {}). {MADE_BY}",
                e.message
            ))
        })?;
        match version {
            Some(v) if v >= 1 && v <= u64::from(LINK_FORMAT) => {}
            Some(v) if v > u64::from(LINK_FORMAT) => {
                return Err(Error::ExperimentFile(format!(
                    "this file was made by a newer Lantern (format v{v}); this page reads v1 to v{LINK_FORMAT}. \
                     Open it with the newer Lantern"
                )))
            }
            _ => {
                return Err(Error::ExperimentFile(format!(
                    "this is not a Lantern experiment file (it has no `lantern_experiment` version). {MADE_BY}"
                )))
            }
        }
        let file: ExperimentFile = codec::from_json_named(text.as_bytes()).map_err(|e| match e {
            Error::Link(m) => Error::ExperimentFile(m),
            e => e,
        })?;
        file.experiment.validate()?;
        Ok(file.experiment)
    }
}

impl Teaching {
    /// Checks the sizes of the ids and the note.
    pub fn validate(&self) -> Result<()> {
        if self.hidden.len() + self.locked.len() > limits::MAX_CONTROLS {
            return Err(Error::spec(
                "teaching.hidden",
                format!("at most {} hidden and locked controls in all", limits::MAX_CONTROLS),
            ));
        }
        for (field, ids) in [("teaching.hidden", &self.hidden), ("teaching.locked", &self.locked)] {
            if let Some(bad) = ids.iter().find(|id| !is_control_id(id)) {
                return Err(Error::spec(
                    field,
                    format!("`{}` is not a control id (letters, digits, `_`, `-`, `.`; 1 to 64 characters)", clip(bad)),
                ));
            }
        }
        let chars = self.note.chars().count();
        if chars > limits::MAX_NOTE_CHARS {
            return Err(Error::spec(
                "teaching.note",
                format!("at most {} characters, got {chars}: shorten the note", limits::MAX_NOTE_CHARS),
            ));
        }
        if self.note.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
            return Err(Error::spec("teaching.note", "the note may not hold control characters"));
        }
        Ok(())
    }
}

/// True for a plain control id: 1 to 64 ASCII letters, digits, `_`, `-` or `.` (safe in a CSS
/// attribute selector).
pub(crate) fn is_control_id(id: &str) -> bool {
    (1..=64).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric() || b"_-.".contains(&b))
}

/// The first 40 characters of `text` (and "…" if there are more), for messages that quote
/// untrusted input.
pub(crate) fn clip(text: &str) -> String {
    crate::text::ellipsis(text, 41)
}

/// Lower-case hex of `bytes`.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// True for exactly `len` lower-case hex digits.
pub(crate) fn is_hex(text: &str, len: usize) -> bool {
    text.len() == len && text.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

#[cfg(test)]
mod fuzz_tests;
#[cfg(test)]
mod tests;
