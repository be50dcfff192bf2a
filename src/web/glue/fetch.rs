//! Downloading a CSV from a public address, only when the user asks for it.

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// Largest download accepted.
pub const MAX_DOWNLOAD_BYTES: f64 = 256.0 * 1024.0 * 1024.0;

/// The host part of `url` if it is an http(s) address, for showing the user where data will
/// come from.
pub fn host_of(url: &str) -> Option<String> {
    let u = web_sys::Url::new(url.trim()).ok()?;
    matches!(u.protocol().as_str(), "http:" | "https:").then(|| u.host())
}

/// Fetches `url` and returns its bytes, with errors that say what to do.
pub async fn fetch_bytes(url: &str) -> Result<Vec<u8>, String> {
    let host = host_of(url).ok_or_else(|| format!("`{url}` is not an http(s) address"))?;
    let window = web_sys::window().ok_or("no window")?;
    let response = JsFuture::from(window.fetch_with_str(url.trim())).await.map_err(|_| {
        format!(
            "could not download from {host}: the server is unreachable, or it does not let other sites read \
             the file (no CORS permission). Download the file yourself and open it with “Open CSV file…”."
        )
    })?;
    let response: web_sys::Response = response.dyn_into().map_err(|_| "unexpected fetch result".to_string())?;
    if !response.ok() {
        return Err(format!("{host} answered {} {} for this address", response.status(), response.status_text()));
    }
    if let Ok(Some(len)) = response.headers().get("content-length") {
        if len.parse::<f64>().is_ok_and(|n| n > MAX_DOWNLOAD_BYTES) {
            return Err(format!("the file at {host} is {len} bytes, over the 256 MiB Lantern accepts"));
        }
    }
    let buffer = JsFuture::from(response.array_buffer().map_err(|e| format!("{e:?}"))?)
        .await
        .map_err(|e| format!("the download from {host} broke off: {e:?}"))?;
    let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
    if bytes.len() as f64 > MAX_DOWNLOAD_BYTES {
        return Err(format!("the file at {host} is over the 256 MiB Lantern accepts"));
    }
    Ok(bytes)
}
