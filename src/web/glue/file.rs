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

/// `bytes` as a `Blob` (pasted or downloaded text goes to the worker as a picked file does).
pub fn blob_of(bytes: &[u8]) -> Result<web_sys::Blob, String> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    web_sys::Blob::new_with_u8_array_sequence(&parts).map_err(|e| format!("could not keep the data: {e:?}"))
}

/// A file the user picked, read a chunk at a time (`FileReaderSync`: workers only) straight
/// into wasm memory: the whole file is never in memory, neither JavaScript's nor wasm's.
pub struct BlobSource {
    blob: web_sys::Blob,
    reader: web_sys::FileReaderSync,
    len: usize,
}

impl BlobSource {
    /// A source reading `blob`.
    pub fn new(blob: web_sys::Blob) -> crate::error::Result<Self> {
        let reader = web_sys::FileReaderSync::new().map_err(unreadable)?;
        // `as` saturates: a size beyond usize is usize::MAX, which the reader's limit refuses.
        let len = blob.size() as usize;
        Ok(Self { blob, reader, len })
    }
}

fn unreadable(e: JsValue) -> crate::error::Error {
    crate::error::Error::data(format!("the file could not be read ({e:?}). Open it again."))
}

impl crate::data::csv::Source for BlobSource {
    fn len(&self) -> usize {
        self.len
    }

    fn read_at(&mut self, start: usize, buf: &mut [u8]) -> crate::error::Result<()> {
        let end = start + buf.len();
        let part = self.blob.slice_with_f64_and_f64(start as f64, end as f64).map_err(unreadable)?;
        let buffer = self.reader.read_as_array_buffer(&part).map_err(unreadable)?;
        let chunk = js_sys::Uint8Array::new(&buffer);
        if chunk.length() as usize != buf.len() {
            return Err(crate::error::Error::data("the file changed while it was read. Open it again."));
        }
        chunk.copy_to(buf);
        Ok(())
    }
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
