//! Choosing the feature columns of a table and how each is read. Identifier-like, constant and
//! free-text columns start unticked, with the reason next to them; a column's detected kind can
//! be overridden (e.g. a numeric code read as categories).

use crate::choice::Choice;
use crate::data::prepare::default_exclusion;
use crate::data::schema::ColumnKind;
use crate::web::components::common::help_tip::{described_by, HelpTip};
use crate::web::state::AppState;
use leptos::prelude::*;

/// One row per column except the target: a checkbox to use it, and its kind.
#[component]
pub fn FeaturePicker() -> impl IntoView {
    let state = expect_context::<AppState>();
    let spec = state.spec;
    // (name, effective kind, detected kind) of every column but the target.
    let candidates = Memo::new(move |_| {
        let (target, kinds) = spec.with(|s| (s.data.prepare.target.clone(), s.data.prepare.kinds.clone()));
        state.table.with(|t| {
            t.as_ref()
                .map(|v| {
                    v.summaries
                        .iter()
                        .filter(|c| Some(&c.name) != target.as_ref())
                        .map(|c| (c.name.clone(), kinds.get(&c.name).copied().unwrap_or(c.kind), c.kind))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    let chosen = move || -> Vec<String> {
        spec.with(|s| s.data.prepare.features.clone()).unwrap_or_else(|| {
            candidates
                .get()
                .into_iter()
                .filter(|(_, kind, _)| default_exclusion(*kind).is_none())
                .map(|(n, ..)| n)
                .collect()
        })
    };
    let toggle = move |name: String, on: bool| {
        let mut list = chosen();
        list.retain(|n| *n != name);
        if on {
            list.push(name);
        }
        let order: Vec<String> = candidates.get_untracked().into_iter().map(|(n, ..)| n).collect();
        // Unknown names (none are expected) first, as `Option`'s order puts `None` first.
        crate::order::sort_by_number(&mut list, crate::order::Direction::Ascending, |n| {
            order.iter().position(|o| o == n).map_or(-1.0, |p| p as f64)
        });
        state.edit(|s| s.data.prepare.features = Some(list));
    };
    let set_kind = move |name: String, value: String, detected: ColumnKind| match ColumnKind::parse(&value) {
        // The default feature set follows the kinds until the user picks features by hand.
        Ok(k) if k != detected => state.edit(|s| {
            s.data.prepare.kinds.insert(name.clone(), k);
        }),
        Ok(_) => state.edit(|s| {
            s.data.prepare.kinds.remove(&name);
        }),
        Err(e) => state.reject(e),
    };
    view! {
        <fieldset class="features" data-testid="feature-picker" aria-describedby=described_by("feature-picker")>
            <legend>"Features (inputs) and how each is read" <HelpTip ids=vec!["feature-picker", "column-kind"] about="the feature list and how each column is read" /></legend>
            {move || {
                let picked = chosen();
                candidates
                    .get()
                    .into_iter()
                    .map(|(name, kind, detected)| {
                        let on = picked.contains(&name);
                        let why = default_exclusion(kind).map(str::to_string);
                        let (n1, n2) = (name.clone(), name.clone());
                        let title = why.clone().unwrap_or_default();
                        view! {
                            <div class="feature" title=title>
                                <label>
                                    <input
                                        type="checkbox"
                                        aria-describedby=described_by("feature-picker")
                                        prop:checked=on
                                        on:change=move |ev| toggle(n1.clone(), event_target_checked(&ev))
                                    />
                                    {name.clone()}
                                </label>
                                <select
                                    class="kind"
                                    aria-label=format!("How to read {name}")
                                    aria-describedby=described_by("column-kind")
                                    data-testid=format!("kind-{name}")
                                    on:change=move |ev| set_kind(n2.clone(), event_target_value(&ev), detected)
                                >
                                    {ColumnKind::ALL
                                        .iter()
                                        .map(|&k| {
                                            let text = if k == detected { format!("{} (detected)", k.label()) } else { k.label().to_string() };
                                            view! { <option value=k.name() selected=k == kind>{text}</option> }
                                        })
                                        .collect_view()}
                                </select>
                                {why.map(|w| view! { <span class="caption">" — " {w}</span> })}
                            </div>
                        }
                    })
                    .collect_view()
            }}
        </fieldset>
    }
}
