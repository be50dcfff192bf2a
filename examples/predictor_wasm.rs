//! Size estimate of the other web predictor issue 19 weighs: Lantern's own predictor compiled to
//! wasm instead of onnxruntime-web. Two C-ABI functions reach everything a web predictor needs
//! — read a bundle zip (`ModelBundle::from_zip`: zip, JSON card, safetensors weights or trees)
//! and predict CSV rows (`Predictor::predict_csv`: the CSV reader, the preparation, candle's
//! network or the trees) — so the linked wasm holds exactly that code; wasm-bindgen's glue
//! (a few KB) is not included.
//!
//! ```text
//! cargo rustc --profile release-app --example predictor_wasm --target wasm32-unknown-unknown \
//!     --no-default-features --config 'profile.release-app.strip=true' \
//!     -- -C link-arg=--export=lantern_alloc -C link-arg=--export=lantern_predict
//! wasm-bindgen --target web --out-dir /tmp/pw $CARGO_TARGET_DIR/wasm32-unknown-unknown/release-app/examples/predictor_wasm.wasm
//! gzip -9c /tmp/pw/predictor_wasm_bg.wasm | wc -c
//! ```
//!
//! Measured (rustc 1.95, wasm-bindgen 0.2.130): 1,067,293 bytes, 352,255 gzip (wasm-opt -Oz:
//! 969,463 and 357,420), JS glue 1,558 gzip; against onnxruntime-web's 3.83 MB gzip
//! (src/deploy/embed/mod.rs).
#![allow(unsafe_code)]

use lantern::deploy::{ModelBundle, Predictor};

/// `len` bytes for the caller to fill (leaked: a size probe, not an API).
#[no_mangle]
pub extern "C" fn lantern_alloc(len: usize) -> *mut u8 {
    let mut v = vec![0u8; len];
    let p = v.as_mut_ptr();
    std::mem::forget(v);
    p
}

/// Predicts the CSV at `csv` with the bundle zip at `zip`; the predictions file's length
/// (0 on an error).
///
/// # Safety
/// Both ranges must be readable memory of the given lengths.
#[no_mangle]
pub unsafe extern "C" fn lantern_predict(zip: *const u8, zip_len: usize, csv: *const u8, csv_len: usize) -> usize {
    let (zip, csv) = unsafe { (std::slice::from_raw_parts(zip, zip_len), std::slice::from_raw_parts(csv, csv_len)) };
    ModelBundle::from_zip(zip)
        .and_then(Predictor::new)
        .and_then(|p| p.predict_csv(csv))
        .and_then(|b| b.to_csv())
        .map_or(0, |out| out.len())
}

/// A native run does nothing: the example is for its wasm size.
#[allow(dead_code)]
fn main() {}
