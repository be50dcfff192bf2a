//! Small form widgets shared by the panels: a labelled select (and one over an enum's table,
//! [`ChoiceSelect`]) and a labelled number input that report unusable input instead of ignoring it, each with its explanation (a "?" toggletip,
//! read by screen readers through `aria-describedby`) from [`crate::web::help`], keyed by the
//! widget's `data-testid` (`tests/help_catalogue.rs` checks every widget's id is explained).

use crate::choice::Choice;
use crate::error::Error;
use crate::web::components::common::help_tip::{described_by, HelpTip};
use crate::web::state::AppState;
use leptos::prelude::*;

/// A labelled `<select>` over `options` (value, text); calls `on_pick` with the chosen value.
#[component]
pub fn Select(
    /// Visible label.
    label: &'static str,
    /// `data-testid` of the select.
    testid: &'static str,
    /// (value, text) pairs.
    options: Signal<Vec<(String, String)>>,
    /// Currently selected value.
    value: Signal<String>,
    /// Called with the picked value.
    on_pick: Callback<String>,
) -> impl IntoView {
    view! {
        <label class="field">
            <span class="field-row">
                <span class="field-label" id=format!("label-{testid}")>{label}</span>
                <HelpTip ids=vec![testid] about=label />
            </span>
            <select
                data-testid=testid
                aria-labelledby=format!("label-{testid}")
                aria-describedby=described_by(testid)
                on:change=move |ev| on_pick.run(event_target_value(&ev))
                prop:value=move || value.get()
            >
                {move || {
                    let current = value.get();
                    options
                        .get()
                        .into_iter()
                        .map(|(v, text)| {
                            let selected = v == current;
                            view! { <option value=v selected=selected>{text}</option> }
                        })
                        .collect_view()
                }}
            </select>
        </label>
    }
}

/// A labelled `<select>` over the values of `T`, from its one table ([`Choice`]): option values
/// are the stable names, texts the labels. A picked name that is not in the table (a page or
/// a test that sent another) is shown to the user as an error, never read as a default.
#[component]
pub fn ChoiceSelect<T: Choice + Send + Sync>(
    /// Visible label.
    label: &'static str,
    /// `data-testid` of the select.
    testid: &'static str,
    /// The value selected.
    value: Signal<T>,
    /// Called with the picked value.
    on_pick: Callback<T>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let pick = Callback::new(move |name: String| match T::parse(&name) {
        Ok(v) => on_pick.run(v),
        Err(e) => state.reject(e),
    });
    view! {
        <Select
            label=label
            testid=testid
            options=Signal::derive(T::options)
            value=Signal::derive(move || value.get().name().to_string())
            on_pick=pick
        />
    }
}

/// The number in an input's `text` (a slider's, a menu of numbers'), or an error naming
/// `field`: text that is not a finite number is reported, never read as 0.
pub fn number(text: &str, field: &'static str) -> Result<f64, Error> {
    text.trim()
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .ok_or_else(|| Error::spec(field, format!("`{}` is not a number", crate::text::ellipsis(text, 41))))
}

/// The position in a menu of columns (or features) that `text` holds, or an error naming
/// `what`: a value that is not one is reported, never read as the first.
pub fn index(text: &str, what: &'static str) -> Result<usize, Error> {
    text.trim()
        .parse::<usize>()
        .map_err(|_| Error::spec(what, format!("`{}` is not a position in the menu", crate::text::ellipsis(text, 41))))
}

/// A labelled number input. Text that is not a number in `[min, max]` is reported (naming
/// `field`) and not applied.
#[component]
pub fn NumberInput(
    /// Visible label.
    label: &'static str,
    /// `data-testid` of the input.
    testid: &'static str,
    /// Spec field it edits, for error messages.
    field: &'static str,
    /// Smallest allowed value.
    min: f64,
    /// Largest allowed value.
    max: f64,
    /// Step of the spinner ("any" for free decimals).
    step: &'static str,
    /// Current value.
    value: Signal<f64>,
    /// Called with a valid number.
    on_value: Callback<f64>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let on_change = move |ev| {
        let text = event_target_value(&ev);
        match text.trim().parse::<f64>() {
            Ok(v) if v.is_finite() && (min..=max).contains(&v) => on_value.run(v),
            _ => state.reject(Error::spec(field, format!("`{text}` is not a number from {min} to {max}"))),
        }
    };
    view! {
        <label class="field">
            <span class="field-row">
                <span class="field-label" id=format!("label-{testid}")>{label}</span>
                <HelpTip ids=vec![testid] about=label />
            </span>
            <input
                type="number"
                data-testid=testid
                aria-labelledby=format!("label-{testid}")
                aria-describedby=described_by(testid)
                min=min
                max=max
                step=step
                prop:value=move || value.get().to_string()
                on:change=on_change
            />
        </label>
    }
}

/// Formats a number for a menu without float noise (`0.03`, not `0.030000000000000002`).
pub fn short(v: f64) -> String {
    let s = format!("{v}");
    if s.len() > 10 {
        format!("{v:.6e}")
    } else {
        s
    }
}
