//! cargo-fuzz entry: `fuzz/harness/csv_ingest.rs` says what is fuzzed and the property checked.
#![no_main]

#[path = "../harness/csv_ingest.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|input: &[u8]| harness::run(input));
