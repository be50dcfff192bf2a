//! Derived features, as in TensorFlow Playground: x², x·y and sin x of numeric columns.

use crate::choice::Choice;
use crate::data::prepare::{Derived, DerivedOp};
use crate::data::schema::ColumnKind;
use crate::web::components::common::help_tip::{described_by, HelpTip};
use crate::web::state::AppState;
use leptos::prelude::*;

fn describe(d: &Derived) -> String {
    match d {
        Derived::Square { column } => format!("{column}²"),
        Derived::Product { a, b } => format!("{a} · {b}"),
        Derived::Sin { column } => format!("sin({column})"),
    }
}

/// The list of derived features with remove buttons, and a row to add one.
#[component]
pub fn DerivedFeatures() -> impl IntoView {
    let state = expect_context::<AppState>();
    let spec = state.spec;
    let numeric = Memo::new(move |_| {
        state.table.with(|t| {
            t.as_ref()
                .map(|v| {
                    v.summaries
                        .iter()
                        .filter(|c| c.kind == ColumnKind::Numeric)
                        .map(|c| c.name.clone())
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    let op = RwSignal::new(DerivedOp::Square);
    let a = RwSignal::new(String::new());
    let b = RwSignal::new(String::new());
    let pick = move |sig: RwSignal<String>| {
        let current = sig.get();
        numeric.get().first().cloned().filter(|_| current.is_empty()).unwrap_or(current)
    };
    let add = move |_| {
        let (x, y) = (pick(a), pick(b));
        if x.is_empty() {
            return;
        }
        let d = op.get_untracked().of(x, y);
        state.edit(|s| {
            if !s.data.prepare.derived.contains(&d) {
                s.data.prepare.derived.push(d);
            }
        });
    };
    let options = move || {
        numeric
            .get()
            .into_iter()
            .map(|n| {
                let v = n.clone();
                view! { <option value=v>{n}</option> }
            })
            .collect_view()
    };
    view! {
        <fieldset class="features" data-testid="derived-features" aria-describedby=described_by("derived-features")>
            <legend>"Derived features" <HelpTip ids=vec!["derived-features"] about="derived features" /></legend>
            <ul class="derived">
                {move || {
                    spec.with(|s| s.data.prepare.derived.clone())
                        .into_iter()
                        .enumerate()
                        .map(|(i, d)| {
                            let name = describe(&d);
                            view! {
                                <li>
                                    {name.clone()}
                                    <button
                                        aria-label=format!("Remove derived feature {name}")
                                        aria-describedby=described_by("derived-features")
                                        on:click=move |_| state.edit(|s| { s.data.prepare.derived.remove(i); })
                                    >"×"</button>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
            <div class="row">
                <select aria-label="Derived feature kind" data-testid="derived-op" aria-describedby=described_by("derived-features")
                    on:change=move |ev| match DerivedOp::parse(&event_target_value(&ev)) {
                        Ok(o) => op.set(o),
                        Err(e) => state.reject(e),
                    }>
                    {DerivedOp::ALL.iter().map(|o| view! { <option value=o.name()>{o.label()}</option> }).collect_view()}
                </select>
                <select aria-label="Derived feature column x" data-testid="derived-a" aria-describedby=described_by("derived-features") on:change=move |ev| a.set(event_target_value(&ev))>
                    {options}
                </select>
                <Show when=move || op.get().binary()>
                    <select aria-label="Derived feature column y" data-testid="derived-b" aria-describedby=described_by("derived-features") on:change=move |ev| b.set(event_target_value(&ev))>
                        {options}
                    </select>
                </Show>
                <button data-testid="derived-add" aria-describedby=described_by("derived-features") disabled=move || numeric.with(Vec::is_empty) on:click=add>"Add"</button>
            </div>
        </fieldset>
    }
}
