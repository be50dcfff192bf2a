//! Milliseconds from the browser's monotonic clock (page or worker), and the date.

use wasm_bindgen::JsCast;

/// `performance.now()` in the current global scope (window or worker), or 0 when unavailable.
pub fn now_ms() -> f64 {
    let global = js_sys::global();
    if let Some(w) = global.dyn_ref::<web_sys::Window>() {
        return w.performance().map(|p| p.now()).unwrap_or(0.0);
    }
    if let Some(w) = global.dyn_ref::<web_sys::WorkerGlobalScope>() {
        return w.performance().map(|p| p.now()).unwrap_or(0.0);
    }
    js_sys::Date::now()
}

/// The current date and time, ISO 8601 in UTC (`2026-11-27T10:04:05.123Z`).
pub fn iso_now() -> String {
    String::from(js_sys::Date::new_0().to_iso_string())
}
