//! The browser side of teaching: keys, scrolling a highlighted control into view, locking and
//! unlocking a lesson step's controls, the page-wide class of presentation mode and its
//! `?present` flag in the address.

use wasm_bindgen::prelude::*;

fn document() -> Option<web_sys::Document> {
    web_sys::window().and_then(|w| w.document())
}

/// The key of a keyboard event (`"Escape"`, `"Enter"`, `"ArrowRight"`, …).
pub fn key(ev: &web_sys::KeyboardEvent) -> String {
    ev.key()
}

/// True when a keyboard event comes from a text field or a menu, where keys type text or
/// choose options and must not be taken as page shortcuts.
pub fn typing(ev: &web_sys::KeyboardEvent) -> bool {
    let Some(el) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return false };
    matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT") || el.has_attribute("contenteditable")
}

/// Scrolls the first element with this `data-testid` (or the field holding it) into the middle
/// of the view, when it is not already fully visible.
pub fn scroll_to(testid: &str) {
    let Some(doc) = document() else { return };
    let Ok(Some(el)) = doc.query_selector(&format!("[data-testid=\"{testid}\"]")) else { return };
    let el = el.closest("label.field").ok().flatten().unwrap_or(el);
    let rect = el.get_bounding_client_rect();
    let height = web_sys::window().and_then(|w| w.inner_height().ok()).and_then(|h| h.as_f64()).unwrap_or(0.0);
    if rect.top() >= 0.0 && rect.bottom() <= height {
        return;
    }
    let options = web_sys::ScrollIntoViewOptions::new();
    options.set_block(web_sys::ScrollLogicalPosition::Center);
    el.scroll_into_view_with_scroll_into_view_options(&options);
}

/// Moves the keyboard focus to the element with this DOM `id`.
pub fn focus(id: &str) {
    if let Some(el) = document().and_then(|d| d.get_element_by_id(id)) {
        if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
            let _ = el.focus();
        }
    }
}

/// Attribute marking elements a lesson step disabled, so that only those are enabled again.
const LESSON_LOCK: &str = "data-lesson-lock";

/// Disables the controls with these `data-testid`s and the form controls inside them (like
/// [`super::url::lock_controls`]), marking each so that [`unlock_lesson`] can undo exactly
/// this. The ids were checked to be plain names when the lesson was read.
pub fn lock_lesson(ids: &[String]) {
    let Some(doc) = document() else { return };
    for id in ids {
        let selector = format!("[data-testid=\"{id}\"], [data-testid=\"{id}\"] :is(input, select, textarea, button)");
        let Ok(list) = doc.query_selector_all(&selector) else { continue };
        for i in 0..list.length() {
            if let Some(el) = list.item(i).and_then(|n| n.dyn_into::<web_sys::Element>().ok()) {
                if el.has_attribute(LESSON_LOCK) || !el.has_attribute("disabled") {
                    let _ = el.set_attribute("disabled", "");
                    let _ = el.set_attribute("aria-disabled", "true");
                    let _ = el.set_attribute(LESSON_LOCK, "");
                }
            }
        }
    }
}

/// Enables again what [`lock_lesson`] disabled, except the controls a share link's class
/// options lock (`keep`). Leptos sets `disabled` again on its next update of a control whose
/// state says so (a Step button while a run loads, say).
pub fn unlock_lesson(keep: &[String]) {
    let Some(doc) = document() else { return };
    let Ok(list) = doc.query_selector_all(&format!("[{LESSON_LOCK}]")) else { return };
    for i in 0..list.length() {
        let Some(el) = list.item(i).and_then(|n| n.dyn_into::<web_sys::Element>().ok()) else { continue };
        let kept = keep.iter().any(|id| {
            el.closest(&format!("[data-testid=\"{id}\"]")).ok().flatten().is_some()
        });
        let _ = el.remove_attribute(LESSON_LOCK);
        if !kept {
            let _ = el.remove_attribute("disabled");
            let _ = el.remove_attribute("aria-disabled");
        }
    }
}

/// Adds or removes a class on the page's root element (`<html>`), which the stylesheet uses
/// for page-wide modes.
pub fn set_root_class(class: &str, on: bool) {
    let Some(root) = document().and_then(|d| d.document_element()) else { return };
    let list = root.class_list();
    let _ = if on { list.add_1(class) } else { list.remove_1(class) };
}

/// True when the page's address has `flag` among its query parameters (`?present`,
/// `?a=1&present`), with or without a value.
pub fn query_flag(flag: &str) -> bool {
    let search = web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default();
    has_flag(&search, flag)
}

fn has_flag(search: &str, flag: &str) -> bool {
    search.trim_start_matches('?').split('&').any(|p| p.split('=').next() == Some(flag))
}

/// Adds or removes `flag` in the address's query, keeping the rest and the fragment, without a
/// new history entry (a reload then opens the page the same way).
pub fn set_query_flag(flag: &str, on: bool) {
    let Some(window) = web_sys::window() else { return };
    let location = window.location();
    let (Ok(path), Ok(search), Ok(hash)) = (location.pathname(), location.search(), location.hash()) else { return };
    let mut parts: Vec<&str> =
        search.trim_start_matches('?').split('&').filter(|p| !p.is_empty() && p.split('=').next() != Some(flag)).collect();
    if on {
        parts.push(flag);
    }
    let query = if parts.is_empty() { String::new() } else { format!("?{}", parts.join("&")) };
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&format!("{path}{query}{hash}")));
    }
}

/// Calls `on_key` with every key pressed on the page outside text fields and menus (see
/// [`typing`]), for page-wide shortcuts.
pub fn on_page_key(on_key: impl Fn(String) + 'static) {
    let Some(window) = web_sys::window() else { return };
    let handler = Closure::<dyn FnMut(web_sys::KeyboardEvent)>::new(move |ev: web_sys::KeyboardEvent| {
        if !typing(&ev) && !ev.ctrl_key() && !ev.meta_key() && !ev.alt_key() {
            on_key(ev.key());
        }
    });
    let _ = window.add_event_listener_with_callback("keydown", handler.as_ref().unchecked_ref());
    handler.forget();
}
