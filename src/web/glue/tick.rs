//! Yielding the page's thread between slices of a long job (predicting a big file), so the
//! browser can paint and handle input in between and no task runs over 50 ms.

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// Resolves in a new task of the event loop. A `MessageChannel` message, not a timer: nested
/// `setTimeout(0)` calls are clamped to 4 ms, a message is delivered at once.
pub async fn next_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let Ok(channel) = web_sys::MessageChannel::new() else {
            let _ = resolve.call0(&JsValue::NULL);
            return;
        };
        // The closure owns port 1, so the channel lives until its message arrives.
        let port = channel.port1();
        let keep = port.clone();
        let done = resolve.clone();
        let on_message = Closure::once_into_js(move |_: web_sys::MessageEvent| {
            keep.set_onmessage(None);
            let _ = done.call0(&JsValue::NULL);
        });
        port.set_onmessage(Some(on_message.unchecked_ref()));
        if channel.port2().post_message(&JsValue::NULL).is_err() {
            port.set_onmessage(None);
            let _ = resolve.call0(&JsValue::NULL);
        }
    });
    let _ = JsFuture::from(promise).await;
}
