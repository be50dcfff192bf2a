//! cargo-fuzz entry: `fuzz/harness/link_decode.rs` says what is fuzzed and the property checked.
#![no_main]

#[path = "../harness/link_decode.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|input: &[u8]| harness::run(input));
