//! Text measured for chart layout, the one way for every backend of the page: a detached
//! canvas' `measureText`, remembered per (font, text).
//!
//! plotters lays out axis labels and legends by measuring text. Its web default measures a
//! `<span>` inserted into the page, which forces a layout of the whole page per label (with ~40
//! labels a frame, 80–270 ms main-thread tasks while training) and sets the font through an
//! inline `style` attribute, which the page's Content-Security-Policy blocks (a reported
//! violation, and wrong sizes). A canvas measures without layout and without styles. The canvas
//! is a detached one of the same document, so the fonts (and their widths) are those of the
//! charts on screen; measuring never changes the on-screen canvases' state.

use plotters_backend::{BackendTextStyle, DrawingErrorKind};
use std::cell::RefCell;
use std::collections::HashMap;
use wasm_bindgen::JsCast;

/// Most remembered text widths (cleared when full).
const CACHE_LIMIT: usize = 4096;

thread_local! {
    /// A detached canvas' context, only to measure text (`None` outside a page).
    static MEASURE: Option<web_sys::CanvasRenderingContext2d> = detached_context();
    /// Widths of (font, text) pairs already measured: charts redraw the same tick labels and
    /// legends every frame, and `measureText` (with the font change before it) is slow.
    static WIDTHS: RefCell<HashMap<(String, String), f64>> = RefCell::new(HashMap::new());
}

fn detached_context() -> Option<web_sys::CanvasRenderingContext2d> {
    let canvas = web_sys::window()?.document()?.create_element("canvas").ok()?;
    let canvas: web_sys::HtmlCanvasElement = canvas.dyn_into().ok()?;
    canvas.get_context("2d").ok().flatten()?.dyn_into().ok()
}

fn font_failure<E: std::error::Error + Send + Sync>(message: String) -> DrawingErrorKind<E> {
    DrawingErrorKind::FontError(Box::new(std::io::Error::other(message)))
}

/// The CSS font of a plotters text style: `"{style} {size}px {family}"`.
pub fn css_font<S: BackendTextStyle>(style: &S) -> String {
    format!("{} {}px {}", style.style().as_str(), style.size(), style.family().as_str())
}

/// Width of `text` in `font` (CSS), in pixels.
fn width(font: &str, text: &str) -> Result<f64, String> {
    WIDTHS.with(|cache| {
        let key = (font.to_string(), text.to_string());
        if let Some(&w) = cache.borrow().get(&key) {
            return Ok(w);
        }
        let w = MEASURE.with(|m| {
            let ctx = m.as_ref().ok_or("there is no page to measure text on")?;
            ctx.set_font(font);
            ctx.measure_text(text).map(|t| t.width()).map_err(|e| format!("measureText failed: {e:?}"))
        })?;
        let mut cache = cache.borrow_mut();
        if cache.len() >= CACHE_LIMIT {
            cache.clear();
        }
        cache.insert(key, w);
        Ok(w)
    })
}

/// plotters' `estimate_text_size` for every page backend: the measured width (rounded up)
/// and the font size as the height.
pub fn text_size<S: BackendTextStyle, E: std::error::Error + Send + Sync>(
    text: &str,
    style: &S,
) -> Result<(u32, u32), DrawingErrorKind<E>> {
    let w = width(&css_font(style), text).map_err(font_failure)?;
    Ok((w.ceil() as u32, style.size().ceil() as u32))
}

/// Measures a sample text once in each font size the charts use, while the page starts: the
/// first use of a font size makes the browser look the font up, which took 60–120 ms inside
/// the first chart frame of a run (a long task while training). Outside a page it does nothing
/// (there is nothing to draw on either).
pub fn warm_fonts(family: &str, base: f64) {
    for factor in [0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 1.0] {
        // Only the font lookup matters here; a failed measurement shows when a chart draws.
        let _ = width(&format!("normal {}px {family}", base * factor), "0.5 epoch Accuracy");
    }
}
