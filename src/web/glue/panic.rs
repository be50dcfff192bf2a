//! Panics are never silent: on the page a panic puts a visible error banner into the document
//! (the Leptos tree may be unusable afterwards, so this writes the DOM directly); in the worker
//! it is posted to the page as a [`crate::train::Event::Failed`].

use crate::train::Event;
use wasm_bindgen::JsCast;

/// Text shown for a panic.
fn describe(info: &std::panic::PanicHookInfo<'_>) -> String {
    format!("Lantern hit an internal error and stopped: {info}. Reload the page to start again; your settings are in the address bar.")
}

/// On the page: log to the console and show a banner.
pub fn install_page_hook() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_banner(&describe(info));
    }));
}

/// Puts (or replaces) the `data-testid="error"` banner at the top of the body.
pub fn show_banner(message: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let Some(body) = doc.body() else { return };
    if let Some(old) = doc.get_element_by_id("panic-banner") {
        old.remove();
    }
    if let Ok(div) = doc.create_element("div") {
        div.set_id("panic-banner");
        div.set_class_name("error-banner");
        let _ = div.set_attribute("data-testid", "error");
        let _ = div.set_attribute("role", "alert");
        div.set_text_content(Some(message));
        let _ = body.prepend_with_node_1(&div);
    }
}

/// In the worker: log and tell the page.
pub fn install_worker_hook() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        let event = Event::Failed { message: describe(info) };
        if let Ok(scope) = js_sys::global().dyn_into::<web_sys::DedicatedWorkerGlobalScope>() {
            let _ = scope.post_message(&event.to_json().into());
        }
    }));
}
