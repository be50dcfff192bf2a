//! The browser's `localStorage`, with errors in words: storage that is switched off, full or
//! refused is reported to the caller (who shows it), never silently ignored.

use wasm_bindgen::JsCast;

fn storage() -> Result<web_sys::Storage, String> {
    let window = web_sys::window().ok_or("no window")?;
    match window.local_storage() {
        Ok(Some(s)) => Ok(s),
        _ => Err("this browser does not let the page use its storage (private mode or site data blocked): \
                  the experiment is not saved between visits. Use Share or Export to keep it."
            .into()),
    }
}

fn describe(e: &wasm_bindgen::JsValue, what: &str) -> String {
    let name = e.dyn_ref::<web_sys::DomException>().map(|d| d.name()).unwrap_or_default();
    if name == "QuotaExceededError" || name == "NS_ERROR_DOM_QUOTA_REACHED" {
        format!(
            "the browser's storage for this page is full, so {what} was not saved. Export the experiment \
             (Share → Export) to keep it, or clear this site's data."
        )
    } else {
        format!("{what} could not be saved ({name}): export the experiment to keep it")
    }
}

/// The text stored under `key`, if any.
pub fn get(key: &str) -> Result<Option<String>, String> {
    storage()?.get_item(key).map_err(|e| describe(&e, "the stored experiment"))
}

/// Stores `value` under `key`; `what` names it in the error message.
pub fn set(key: &str, value: &str, what: &str) -> Result<(), String> {
    storage()?.set_item(key, value).map_err(|e| describe(&e, what))
}

/// Moves unreadable `text` stored under `key` to `<key>.corrupt`, so the app starts afresh and
/// the user's data is not lost; other keys are left alone. Returns the key it was kept under,
/// or `None` when it could not be kept (storage full or unavailable).
pub fn set_aside(key: &str, text: &str) -> Option<String> {
    let aside = format!("{key}.corrupt");
    let kept = set(&aside, text, "the unreadable data").is_ok();
    remove(key);
    kept.then_some(aside)
}

/// Removes `key` (nothing if storage is unavailable).
pub fn remove(key: &str) {
    if let Ok(s) = storage() {
        let _ = s.remove_item(key);
    }
}
