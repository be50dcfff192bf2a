//! Saving text as a file the user downloads.

use wasm_bindgen::JsCast;

/// Offers `contents` as a download named `filename`.
pub fn save_text(filename: &str, mime: &str, contents: &str) -> Result<(), String> {
    let err = |e: wasm_bindgen::JsValue| format!("could not save {filename}: {e:?}");
    let parts = js_sys::Array::of1(&contents.into());
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts).map_err(err)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(err)?;
    let doc = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let a: web_sys::HtmlAnchorElement = doc.create_element("a").map_err(err)?.unchecked_into();
    a.set_href(&url);
    a.set_download(filename);
    a.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}
