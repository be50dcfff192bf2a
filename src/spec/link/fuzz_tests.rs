//! Decoding garbage: every input gives an error or a valid experiment, never a panic, and
//! quickly.

use super::tests::random_link;
use super::*;
use crate::rng::{SeededRng, Stream};
use std::time::{Duration, Instant};

/// Decodes `text`; a success must be a valid link. Panics (failing the test) only if decoding
/// panicked, took too long, or returned an invalid link.
fn survives(text: &str) {
    let start = Instant::now();
    if let Ok(link) = ShareLink::decode(text) {
        link.validate().unwrap_or_else(|e| panic!("decoded an invalid link from {text:?}: {e}"));
    }
    let took = start.elapsed();
    assert!(took < Duration::from_secs(2), "{took:?} for a {}-character input", text.len());
}

const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=#&%+/ \n";

#[test]
fn random_text_never_panics() {
    let rng = &mut SeededRng::new(11, Stream::Data);
    for i in 0..3000 {
        let len = (rng.next_u64() % 300) as usize;
        let body: String =
            (0..len).map(|_| ALPHABET[(rng.next_u64() % ALPHABET.len() as u64) as usize] as char).collect();
        let text = match i % 4 {
            0 => body,
            1 => format!("v1.{body}"),
            2 => format!("#x=v1.{body}.{:08x}", rng.next_u64() as u32),
            _ => format!("https://h/#x=v{}.{body}", rng.next_u64() % 3),
        };
        survives(&text);
    }
    // Arbitrary bytes, as lossy text.
    for _ in 0..1000 {
        let bytes: Vec<u8> = (0..rng.next_u64() % 200).map(|_| rng.next_u64() as u8).collect();
        survives(&String::from_utf8_lossy(&bytes));
    }
}

#[test]
fn mutated_links_never_panic() {
    let rng = &mut SeededRng::new(12, Stream::Data);
    for seed in 0..20 {
        let good = random_link(seed).encode().unwrap();
        // Cut short at every position, and with junk appended.
        for cut in 0..good.len().min(600) {
            survives(&good[..cut]);
        }
        for junk in ["x", "=", "...", "A", "&y=1", "%20", "🦀"] {
            survives(&format!("{good}{junk}"));
        }
        // Flipped characters, and flipped characters with a recomputed checksum, so the
        // damage reaches the inflater and the JSON reader.
        for _ in 0..150 {
            let mut bytes = good.clone().into_bytes();
            for _ in 0..1 + rng.next_u64() % 3 {
                let at = (rng.next_u64() % bytes.len() as u64) as usize;
                bytes[at] = ALPHABET[(rng.next_u64() % 64) as usize];
            }
            let text = String::from_utf8(bytes).unwrap_or_default();
            survives(&text);
            survives(&resealed(&text));
        }
    }
}

/// `text` with its checksum recomputed over whatever its body decodes to.
fn resealed(text: &str) -> String {
    use base64::Engine;
    let mut parts = text.split('.');
    let (Some(v), Some(body)) = (parts.next(), parts.next()) else { return text.into() };
    match base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(body) {
        Ok(bytes) => format!("{v}.{body}.{}", &sha256_hex(&bytes)[..8]),
        Err(_) => text.into(),
    }
}

#[test]
fn a_deflate_bomb_is_refused_quickly() {
    use base64::Engine;
    let zeros = vec![0u8; 100 << 20];
    let compressed = miniz_oxide::deflate::compress_to_vec(&zeros, 9);
    drop(zeros);
    let text = format!(
        "v1.{}.{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&compressed),
        &sha256_hex(&compressed)[..8]
    );
    assert!(text.len() < limits::MAX_LINK_CHARS, "the bomb fits in a link: {}", text.len());
    let start = Instant::now();
    let e = ShareLink::decode(&text).unwrap_err().to_string();
    assert!(e.contains("more than 8 MiB"), "{e}");
    assert!(start.elapsed() < Duration::from_secs(2), "{:?}", start.elapsed());
}

#[test]
fn a_valid_payload_of_junk_json_is_refused_with_a_reason() {
    use base64::Engine;
    for json in ["", "null", "[]", "{}", "{\"spec\":null}", "{\"spec\":{}}{", "\"v1\"", "{\"spec\":{\"seed\":-1}}"] {
        let compressed = miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 9);
        let text = format!(
            "v1.{}.{}",
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&compressed),
            &sha256_hex(&compressed)[..8]
        );
        let e = ShareLink::decode(&text).unwrap_err().to_string();
        assert!(!e.is_empty(), "{json}");
    }
}
