//! The browser side of teaching: keys, scrolling a highlighted control into view, locking and
//! unlocking the controls a link or a lesson step locks, the page-wide class of presentation mode and its
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

/// The name of the stage holding the first element with this `data-testid` (its panel's
/// `data-stage`), or `None` when it is outside the stages or not on the page.
pub fn stage_of(testid: &str) -> Option<String> {
    let el = document()?.query_selector(&format!("[data-testid=\"{testid}\"]")).ok()??;
    el.closest("[data-stage]").ok()??.get_attribute("data-stage")
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

/// The width of the page's viewport in CSS pixels (0 when unknown), to size a chart drawn once
/// for the screen it is on.
pub fn viewport_width() -> f64 {
    web_sys::window().and_then(|w| w.inner_width().ok()).and_then(|v| v.as_f64()).unwrap_or(0.0)
}

/// Moves the keyboard focus to the element with this DOM `id`.
pub fn focus(id: &str) {
    if let Some(el) = document().and_then(|d| d.get_element_by_id(id)) {
        if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
            let _ = el.focus();
        }
    }
}

/// Focuses the first element of the page, HTML or SVG, that matches `selector` (a drawing's
/// node after the drawing was redrawn around it).
pub fn focus_selector(selector: &str) {
    let Some(Ok(Some(el))) = document().map(|d| d.query_selector(selector)) else { return };
    match el.dyn_into::<web_sys::SvgElement>() {
        Ok(svg) => {
            let _ = svg.focus();
        }
        Err(el) => {
            if let Ok(html) = el.dyn_into::<web_sys::HtmlElement>() {
                let _ = html.focus();
            }
        }
    }
}

/// Scrolls the page back to its top (a stage opens at its top).
pub fn scroll_to_top() {
    if let Some(w) = web_sys::window() {
        w.scroll_to_with_x_and_y(0.0, 0.0);
    }
}

/// Focuses the first element inside `root` that matches `selector` (a menu's button when the
/// menu closes).
pub fn focus_first(root: &web_sys::Element, selector: &str) {
    if let Ok(Some(el)) = root.query_selector(selector) {
        if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
            let _ = el.focus();
        }
    }
}

/// Attribute marking the elements [`apply_locks`] disabled, so that exactly those are enabled
/// again when their lock is lifted (never one the page itself disabled, such as +1 while a run
/// loads).
const LOCK_MARK: &str = "data-teaching-lock";
/// The tooltip of a locked control that had none.
const LOCK_TITLE: &str = "Locked by the instructor";

fn elements(list: web_sys::NodeList) -> impl Iterator<Item = web_sys::Element> {
    (0..list.length()).filter_map(move |i| list.item(i).and_then(|n| n.dyn_into::<web_sys::Element>().ok()))
}

/// Makes the locked controls exactly those with these `data-testid`s (an opened link's class
/// options and the lesson step's together) and the form controls inside them: each is
/// disabled, `aria-disabled` and marked; marked elements no longer in `ids` (a new link or the
/// next step with fewer locks, or the lesson left) are enabled again. The ids were checked to be
/// plain names when the link or lesson was read. The caller re-runs this after redraws, since
/// Leptos may draw a control again, or set its own `disabled` on it.
pub fn apply_locks(ids: &[String]) {
    let Some(doc) = document() else { return };
    let locked_by = |el: &web_sys::Element| {
        ids.iter().any(|id| el.closest(&format!("[data-testid=\"{id}\"]")).ok().flatten().is_some())
    };
    if let Ok(list) = doc.query_selector_all(&format!("[{LOCK_MARK}]")) {
        for el in elements(list).filter(|el| !locked_by(el)) {
            let _ = el.remove_attribute(LOCK_MARK);
            let _ = el.remove_attribute("disabled");
            let _ = el.remove_attribute("aria-disabled");
            if el.get_attribute("title").as_deref() == Some(LOCK_TITLE) {
                let _ = el.remove_attribute("title");
            }
        }
    }
    for id in ids {
        let selector = format!("[data-testid=\"{id}\"], [data-testid=\"{id}\"] :is(input, select, textarea, button)");
        let Ok(list) = doc.query_selector_all(&selector) else { continue };
        for el in elements(list) {
            if el.has_attribute(LOCK_MARK) || !el.has_attribute("disabled") {
                let _ = el.set_attribute("disabled", "");
                let _ = el.set_attribute("aria-disabled", "true");
                let _ = el.set_attribute(LOCK_MARK, "");
                if !el.has_attribute("title") {
                    let _ = el.set_attribute("title", LOCK_TITLE);
                }
            }
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
    let mut parts: Vec<&str> = search
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty() && p.split('=').next() != Some(flag))
        .collect();
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
