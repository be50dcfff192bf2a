//! Downloading a CSV from a public address, only when the user asks for it (a button that
//! names the host), and never more than the page's file limit: a `Content-Length` over it is
//! refused before the body is read, and a body without one is read as a stream and cancelled
//! as soon as it passes the limit (the chunks wait in JavaScript until the end, so an aborted
//! download never grows the page's wasm memory).

use crate::data::csv::{human_size, Limits};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// Largest download accepted: the page's file limit.
pub const MAX_DOWNLOAD_BYTES: usize = Limits::PAGE_MAX_BYTES;

/// The host part of `url` if it is an http(s) address, for showing the user where data will
/// come from.
pub fn host_of(url: &str) -> Option<String> {
    let u = web_sys::Url::new(url.trim()).ok()?;
    matches!(u.protocol().as_str(), "http:" | "https:").then(|| u.host())
}

fn too_big(host: &str, what: &str) -> String {
    format!(
        "the file at {host} is {what}, over the {} Lantern accepts: the download was stopped. \
         Download a smaller file (a sample of the rows).",
        human_size(MAX_DOWNLOAD_BYTES)
    )
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
        if let Ok(n) = len.trim().parse::<usize>() {
            if n > MAX_DOWNLOAD_BYTES {
                if let Some(body) = response.body() {
                    let _ = body.cancel();
                }
                return Err(too_big(&host, &human_size(n)));
            }
        }
    }
    let Some(body) = response.body() else { return Ok(Vec::new()) };
    let broke = |e: JsValue| format!("the download from {host} broke off: {e:?}");
    let reader: web_sys::ReadableStreamDefaultReader = body.get_reader().unchecked_into();
    let chunks = js_sys::Array::new();
    let mut total = 0usize;
    loop {
        let result = JsFuture::from(reader.read()).await.map_err(broke)?;
        let done = js_sys::Reflect::get(&result, &"done".into()).map_err(broke)?;
        if done.as_bool() != Some(false) {
            break;
        }
        let chunk: js_sys::Uint8Array = js_sys::Reflect::get(&result, &"value".into())
            .map_err(broke)?
            .dyn_into()
            .map_err(|_| format!("the download from {host} sent something that is not bytes"))?;
        total = total.saturating_add(chunk.length() as usize);
        if total > MAX_DOWNLOAD_BYTES {
            let _ = reader.cancel();
            return Err(too_big(&host, &format!("more than {}", human_size(MAX_DOWNLOAD_BYTES))));
        }
        chunks.push(&chunk);
    }
    let mut bytes = vec![0u8; total];
    let mut at = 0usize;
    for chunk in chunks.iter() {
        let chunk: js_sys::Uint8Array = chunk.unchecked_into();
        let len = chunk.length() as usize;
        let Some(slot) = bytes.get_mut(at..at + len) else { break };
        chunk.copy_to(slot);
        at += len;
    }
    Ok(bytes)
}
