//! Panics are never silent. On the page a panic puts a visible error banner into the document
//! (the Leptos tree may be unusable afterwards, so this writes the DOM directly) with a Reload
//! button: the experiment is in the address and in the browser's storage, so a reload brings it
//! back. In the worker the panic is posted to the page as a [`crate::train::Event::Failed`];
//! the page then starts a new worker (see `AppState::restart_worker`), keeping the experiment
//! and the data, and the user trains again without a reload.

use crate::train::Event;
use wasm_bindgen::prelude::*;

/// Text shown for a panic on the page.
fn describe_page(info: &std::panic::PanicHookInfo<'_>) -> String {
    format!(
        "Lantern hit an internal error and stopped: {info}. Reload the page to start again: your experiment is \
         kept in the address and in this browser's storage (a file that fits in a share link too)."
    )
}

/// Text the worker sends for its own panic.
pub fn describe_worker(info: &std::panic::PanicHookInfo<'_>) -> String {
    format!("The training worker hit an internal error: {info}.")
}

/// On the page: log to the console and show a banner.
pub fn install_page_hook() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_banner(&describe_page(info));
    }));
}

/// Puts (or replaces) the `data-testid="error"` banner, with a Reload button, at the top of
/// the body.
pub fn show_banner(message: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let Some(body) = doc.body() else { return };
    if let Some(old) = doc.get_element_by_id("panic-banner") {
        old.remove();
    }
    let Ok(div) = doc.create_element("div") else { return };
    div.set_id("panic-banner");
    div.set_class_name("error-banner");
    let _ = div.set_attribute("data-testid", "error");
    let _ = div.set_attribute("role", "alert");
    div.set_text_content(Some(message));
    if let Ok(button) = doc.create_element("button") {
        button.set_text_content(Some("Reload"));
        let _ = button.set_attribute("data-testid", "panic-reload");
        // `location.reload` bound to the location: a plain JavaScript function, because after a
        // panic the page's wasm may be unusable.
        let location = web_sys::window().map(|w| w.location());
        let reload = location.as_ref().and_then(|l| js_sys::Reflect::get(l, &"reload".into()).ok());
        if let (Some(location), Some(reload)) = (location, reload.and_then(|r| r.dyn_into::<js_sys::Function>().ok())) {
            let _ = button.add_event_listener_with_callback("click", &reload.bind0(&location));
        }
        let _ = div.append_child(&button);
    }
    let _ = body.prepend_with_node_1(&div);
}

/// In the worker: log and tell the page.
pub fn install_worker_hook() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        let event = Event::Failed { message: describe_worker(info) };
        if let Ok(scope) = js_sys::global().dyn_into::<web_sys::DedicatedWorkerGlobalScope>() {
            let _ = scope.post_message(&event.to_json().into());
        }
    }));
}
