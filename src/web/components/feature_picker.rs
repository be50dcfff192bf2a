//! Choosing the feature columns of a table. Identifier-like, constant and free-text columns
//! start unticked, with the reason next to them.

use crate::data::prepare::default_exclusion;
use crate::web::state::AppState;
use leptos::prelude::*;

/// One checkbox per column except the target.
#[component]
pub fn FeaturePicker() -> impl IntoView {
    let state = expect_context::<AppState>();
    let spec = state.spec;
    // (name, kind's exclusion reason) of every column but the target.
    let candidates = Memo::new(move |_| {
        let target = spec.with(|s| s.data.prepare.target.clone());
        state.table.with(|t| {
            t.as_ref()
                .map(|v| {
                    v.summaries
                        .iter()
                        .filter(|c| Some(&c.name) != target.as_ref())
                        .map(|c| (c.name.clone(), default_exclusion(c.kind).map(str::to_string)))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    let chosen = move || -> Vec<String> {
        spec.with(|s| s.data.prepare.features.clone()).unwrap_or_else(|| {
            candidates.get().into_iter().filter(|(_, why)| why.is_none()).map(|(n, _)| n).collect()
        })
    };
    let toggle = move |name: String, on: bool| {
        let mut list = chosen();
        list.retain(|n| *n != name);
        if on {
            list.push(name);
        }
        // Keep table order.
        let order: Vec<String> = candidates.get_untracked().into_iter().map(|(n, _)| n).collect();
        list.sort_by_key(|n| order.iter().position(|o| o == n));
        state.edit(|s| s.data.prepare.features = Some(list));
    };
    view! {
        <fieldset class="features" data-testid="feature-picker">
            <legend>"Features (inputs)"</legend>
            {move || {
                let picked = chosen();
                candidates
                    .get()
                    .into_iter()
                    .map(|(name, why)| {
                        let on = picked.contains(&name);
                        let n = name.clone();
                        let title = why.clone().unwrap_or_default();
                        view! {
                            <label class="feature" title=title>
                                <input
                                    type="checkbox"
                                    prop:checked=on
                                    on:change=move |ev| toggle(n.clone(), event_target_checked(&ev))
                                />
                                {name}
                                {why.map(|w| view! { <span class="caption">" — " {w}</span> })}
                            </label>
                        }
                    })
                    .collect_view()
            }}
        </fieldset>
    }
}
