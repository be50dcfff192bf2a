//! Share-link decoding, as the page does it with the address it is opened with: text →
//! [`ShareLink`] (format version, base64url, checksum, size caps, inflate, JSON, validation),
//! then what the page does with a link's embedded data file: read it and prepare it per the
//! link's spec.
//!
//! The property: any text opens to a valid experiment or is refused with an error, never a
//! panic or a hang. Byte 0 chooses how the rest is used:
//! - even: the rest is link text as a user could paste it;
//! - odd: the rest is the JSON payload, packed here into a link with a valid checksum, so that
//!   mutations reach the inflater, the JSON reader and validation (a mutated link text almost
//!   always stops at the checksum). Every third such input is read as an experiment file instead.
//!
//! Shared by the fuzz target (`fuzz/fuzz_targets/link_decode.rs`) and by `tests/fuzz_corpus.rs`,
//! which runs every committed corpus input through it on stable Rust.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use lantern::data::csv::{read_csv, ReadOptions};
use lantern::spec::link::ShareLink;
use sha2::{Digest, Sha256};

fn pack(payload: &[u8]) -> String {
    let compressed = miniz_oxide::deflate::compress_to_vec(payload, 6);
    let sum: String = Sha256::digest(&compressed)[..4].iter().map(|b| format!("{b:02x}")).collect();
    format!("#x=v1.{}.{sum}", URL_SAFE_NO_PAD.encode(&compressed))
}

/// Runs one fuzz input; panics only on a bug.
pub fn run(input: &[u8]) {
    let Some((&mode, rest)) = input.split_first() else { return };
    let opened = if mode % 2 == 0 {
        ShareLink::decode(&String::from_utf8_lossy(rest))
    } else if mode % 3 == 0 {
        ShareLink::from_json_file(&String::from_utf8_lossy(rest))
    } else {
        ShareLink::decode(&pack(rest))
    };
    let Ok(link) = opened else { return };
    // What decoding returns is valid, and writes back to a link that opens to the same thing.
    if let Err(e) = link.validate() {
        panic!("decoded a link that does not validate: {e}");
    }
    match link.encode() {
        Ok(text) => match ShareLink::decode(&text) {
            Ok(again) => assert!(again == link, "a re-encoded link opens to a different experiment"),
            Err(e) => panic!("a re-encoded link does not open: {e}"),
        },
        // A payload near the size caps may not fit a link once re-encoded: that is an error, not a bug.
        Err(lantern::Error::Link(_)) => {}
        Err(e) => panic!("a valid link could not be re-encoded: {e}"),
    }
    // The page reads an embedded file and prepares it per the link's spec.
    if let Some(bytes) = link.data.as_ref().and_then(|d| d.embedded()) {
        if let Ok(loaded) = read_csv(bytes, &ReadOptions::default()) {
            let _ = lantern::train::load_data(&link.spec, Some(&loaded.table));
        }
    }
}
