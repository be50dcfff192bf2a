//! Hooks for the end-to-end tests, switched on only by `test-hooks` in the page address's
//! query (`http://host/?test-hooks#x=…`): a normal visit, a share link or a stored experiment
//! never turns them on, and they can only make the page fail or report its own memory.
//!
//! - On the page: `window.__lanternTestPanic()` panics inside the page's wasm (to check the
//!   panic banner and its Reload button).
//! - In the worker (started with `?test-hooks` too): a `lantern-test:panic` message panics
//!   inside the worker's wasm (to check that the page restarts the worker and keeps the
//!   experiment), and `self.__lanternMemory` is the worker's wasm memory (to measure it on
//!   long runs). The page never sends such messages; a test dispatches them in the worker.

use wasm_bindgen::prelude::*;

/// The message that makes a worker with hooks panic.
pub const PANIC_MESSAGE: &str = "lantern-test:panic";

/// Whether `search` (an address's `?…` part) switches the hooks on.
pub fn wanted(search: &str) -> bool {
    search.trim_start_matches('?').split('&').any(|p| p == "test-hooks")
}

/// Whether the page was opened with the hooks on.
pub fn on_page() -> bool {
    web_sys::window().and_then(|w| w.location().search().ok()).is_some_and(|s| wanted(&s))
}

/// Whether this worker was started with the hooks on.
pub fn in_worker() -> bool {
    js_sys::global().dyn_into::<web_sys::WorkerGlobalScope>().is_ok_and(|scope| wanted(&scope.location().search()))
}

/// The worker script's address: with `?test-hooks` when the page has the hooks on.
pub fn worker_url(url: &str) -> String {
    if on_page() {
        format!("{url}?test-hooks")
    } else {
        url.to_string()
    }
}

/// Sets `name` on the global object (page or worker).
fn expose(name: &str, value: &JsValue) {
    let _ = js_sys::Reflect::set(&js_sys::global(), &name.into(), value);
}

/// On the page with hooks on: `window.__lanternTestPanic()`.
pub fn install_page() {
    if on_page() {
        let panic = Closure::<dyn Fn()>::new(|| panic!("test hook: a deliberate panic on the page"));
        expose("__lanternTestPanic", panic.as_ref());
        panic.forget(); // lives as long as the page
    }
}

/// In a worker with hooks on: `self.__lanternMemory`.
pub fn install_worker() {
    if in_worker() {
        expose("__lanternMemory", &wasm_bindgen::memory());
    }
}
