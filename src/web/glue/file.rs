//! Reading files the user picks or drops, and page-wide drag-and-drop.

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// The bytes of `file`; a file over the page's limit is refused before it is read (its size
/// is known without reading it).
pub async fn read_bytes(file: &web_sys::File) -> Result<Vec<u8>, String> {
    // `as` saturates: a size beyond usize is usize::MAX, still refused.
    if let Err(e) = crate::data::csv::Limits::for_page().check_size(file.size() as usize) {
        return Err(format!("`{}` was not loaded: {e}", file.name()));
    }
    let buffer =
        JsFuture::from(file.array_buffer()).await.map_err(|e| format!("could not read `{}`: {e:?}", file.name()))?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// The first file of an `<input type="file">` change event.
pub fn picked_file(ev: &web_sys::Event) -> Option<web_sys::File> {
    let input: web_sys::HtmlInputElement = ev.target()?.dyn_into().ok()?;
    let file = input.files()?.get(0);
    input.set_value(""); // picking the same file again fires `change` again
    file
}

/// Every file of an `<input type="file" multiple>` change event, in the order given.
pub fn picked_files(ev: &web_sys::Event) -> Vec<web_sys::File> {
    let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else {
        return Vec::new();
    };
    let files = input.files().map_or_else(Vec::new, |list| (0..list.length()).filter_map(|i| list.get(i)).collect());
    input.set_value("");
    files
}

/// Calls `on_file` with each file dropped anywhere on the page (and stops the browser from
/// opening it instead). The listeners live as long as the page.
pub fn on_file_drop(on_file: impl Fn(web_sys::File) + 'static) {
    let Some(window) = web_sys::window() else { return };
    let over = Closure::<dyn FnMut(web_sys::DragEvent)>::new(|ev: web_sys::DragEvent| ev.prevent_default());
    let drop = Closure::<dyn FnMut(web_sys::DragEvent)>::new(move |ev: web_sys::DragEvent| {
        ev.prevent_default();
        if let Some(file) = ev.data_transfer().and_then(|d| d.files()).and_then(|f| f.get(0)) {
            on_file(file);
        }
    });
    let _ = window.add_event_listener_with_callback("dragover", over.as_ref().unchecked_ref());
    let _ = window.add_event_listener_with_callback("drop", drop.as_ref().unchecked_ref());
    over.forget();
    drop.forget();
}

/// Runs a future on the page's event loop.
pub fn spawn(fut: impl std::future::Future<Output = ()> + 'static) {
    wasm_bindgen_futures::spawn_local(fut);
}
