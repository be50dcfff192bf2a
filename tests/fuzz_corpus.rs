//! Every input of the committed fuzz corpora (`fuzz/corpus/<target>/`, and `fuzz/regressions/
//! <target>/` for inputs that once crashed a target) goes through the same harness as the
//! cargo-fuzz targets, on stable Rust in the normal test suite: none panics, and each is done
//! within 5 seconds (the fuzzers' `-timeout`). The fuzzers themselves run in `tools/fuzz.sh`.

#[path = "../fuzz/harness/csv_ingest.rs"]
mod csv_ingest;
#[path = "../fuzz/harness/link_decode.rs"]
mod link_decode;

use std::path::Path;
use std::time::{Duration, Instant};

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut out = Vec::new();
    for dir in [root.join("corpus").join(target), root.join("regressions").join(target)] {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries {
            let path = entry.unwrap().path();
            out.push((path.display().to_string(), std::fs::read(&path).unwrap()));
        }
    }
    out.sort();
    out
}

fn replay(target: &str, run: fn(&[u8]), at_least: usize) {
    let inputs = inputs(target);
    assert!(inputs.len() >= at_least, "{target}: {} corpus inputs", inputs.len());
    for (name, bytes) in &inputs {
        let start = Instant::now();
        run(bytes);
        assert!(start.elapsed() < Duration::from_secs(5), "{name} took {:?}", start.elapsed());
    }
}

#[test]
fn csv_ingest_corpus_is_handled() {
    replay("csv_ingest", csv_ingest::run, 500);
}

#[test]
fn link_decode_corpus_is_handled() {
    replay("link_decode", link_decode::run, 500);
}
