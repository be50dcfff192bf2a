//! The page's address and history (the share link lives in the fragment, which browsers never
//! send to a server), the clipboard, and the page's generated style sheet (a link's or a lesson
//! step's hidden, locked and highlighted controls).

use wasm_bindgen::prelude::*;

/// The fragment of the page's address (`#x=…`), or an empty string.
pub fn fragment() -> String {
    web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default()
}

/// The page's address without its fragment.
pub fn base() -> String {
    let href = web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_default();
    href.split('#').next().unwrap_or_default().to_string()
}

/// The address of one of the app's own files (`lessons/neuron_line.json`), next to the page.
pub fn app_file(path: &str) -> String {
    let page = base();
    let page = page.split('?').next().unwrap_or_default();
    let dir = page.rsplit_once('/').map_or(page, |(dir, _)| dir);
    format!("{dir}/{path}")
}

/// Sets the fragment without adding a history entry (while editing).
pub fn replace_fragment(fragment: &str) {
    if let Some(h) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = h.replace_state_with_url(&JsValue::NULL, "", Some(&format!("{}{fragment}", base())));
    }
}

/// Sets the fragment as a new history entry (an explicitly made share link).
pub fn push_fragment(fragment: &str) {
    if let Some(h) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = h.push_state_with_url(&JsValue::NULL, "", Some(&format!("{}{fragment}", base())));
    }
}

/// Calls `on_change` with the new fragment when the user goes back or forward.
pub fn on_history(on_change: impl Fn(String) + 'static) {
    let Some(window) = web_sys::window() else { return };
    let handler = Closure::<dyn FnMut(web_sys::PopStateEvent)>::new(move |_: web_sys::PopStateEvent| {
        on_change(fragment());
    });
    let _ = window.add_event_listener_with_callback("popstate", handler.as_ref().unchecked_ref());
    handler.forget();
}

/// Copies `text` to the clipboard. Returns false when the browser has no clipboard API here
/// (then the caller selects the text for the user to copy).
pub fn copy(text: &str) -> bool {
    let Some(window) = web_sys::window() else { return false };
    let clipboard = window.navigator().clipboard();
    if JsValue::from(clipboard.clone()).is_undefined() {
        return false;
    }
    let _ = clipboard.write_text(text);
    true
}

/// Selects the text of the input or text area with this `data-testid`.
pub fn select_text(testid: &str) {
    let doc = web_sys::window().and_then(|w| w.document());
    if let Some(el) = doc.and_then(|d| d.query_selector(&format!("[data-testid=\"{testid}\"]")).ok().flatten()) {
        if let Ok(input) = el.clone().dyn_into::<web_sys::HtmlInputElement>() {
            input.select();
        } else if let Ok(area) = el.dyn_into::<web_sys::HtmlTextAreaElement>() {
            area.select();
        }
    }
}

thread_local! {
    /// The page's generated style sheet (see [`set_generated_css`]).
    static GENERATED_CSS: std::cell::RefCell<Option<web_sys::CssStyleSheet>> = const { std::cell::RefCell::new(None) };
}

/// Replaces the page's generated CSS (rules for hidden, locked and highlighted controls) with `css`. It is a
/// constructed style sheet in `document.adoptedStyleSheets`: unlike a `<style>` element, the
/// Content-Security-Policy (`style-src 'self'`, no inline styles) allows it.
pub fn set_generated_css(css: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    GENERATED_CSS.with(|cell| {
        let mut cell = cell.borrow_mut();
        if cell.is_none() {
            let Ok(sheet) = web_sys::CssStyleSheet::new() else { return };
            let sheets = doc.adopted_style_sheets();
            sheets.push(&sheet);
            doc.set_adopted_style_sheets(&sheets);
            *cell = Some(sheet);
        }
        if let Some(sheet) = cell.as_ref() {
            let _ = sheet.replace_sync(css);
        }
    });
}
