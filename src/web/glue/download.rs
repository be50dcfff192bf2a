//! Saving text, bytes or a drawn chart as a file the user downloads.

use wasm_bindgen::JsCast;

/// Draws with `draw` on a fresh off-screen canvas of `width × height` and offers it as a PNG
/// download named `filename`.
pub fn save_png(
    filename: &str,
    width: u32,
    height: u32,
    draw: impl FnOnce(
        &plotters::prelude::DrawingArea<super::page_backend::PageBackend<'static>, plotters::coord::Shift>,
    ) -> crate::error::Result<()>,
) -> crate::error::Result<()> {
    use crate::error::Error;
    let fail = |e: wasm_bindgen::JsValue| Error::Plot(format!("could not make {filename}: {e:?}"));
    let doc = web_sys::window().and_then(|w| w.document()).ok_or_else(|| Error::Plot("no document".into()))?;
    let canvas: web_sys::HtmlCanvasElement = doc.create_element("canvas").map_err(fail)?.unchecked_into();
    canvas.set_width(width);
    canvas.set_height(height);
    super::canvas::draw_on(canvas.clone(), draw)?;
    let url = canvas.to_data_url_with_type("image/png").map_err(fail)?;
    click_link(&url, filename).map_err(Error::Plot)
}

fn click_link(href: &str, filename: &str) -> Result<(), String> {
    let doc = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let a: web_sys::HtmlAnchorElement =
        doc.create_element("a").map_err(|e| format!("could not save {filename}: {e:?}"))?.unchecked_into();
    a.set_href(href);
    a.set_download(filename);
    a.click();
    Ok(())
}

/// Offers `contents` as a download named `filename`.
pub fn save_text(filename: &str, mime: &str, contents: &str) -> Result<(), String> {
    let err = |e: wasm_bindgen::JsValue| format!("could not save {filename}: {e:?}");
    let parts = js_sys::Array::of1(&contents.into());
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts).map_err(err)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(err)?;
    click_link(&url, filename)?;
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// Offers `bytes` as a download named `filename` (a zip, a weights file).
pub fn save_bytes(filename: &str, mime: &str, bytes: &[u8]) -> Result<(), String> {
    let err = |e: wasm_bindgen::JsValue| format!("could not save {filename}: {e:?}");
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &opts).map_err(err)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(err)?;
    click_link(&url, filename)?;
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}
