//! Network shape: hidden layers (add, remove, widen, narrow) and the activation.

use super::widgets::Select;
use crate::spec::{limits, Activation};
use crate::web::state::AppState;
use leptos::prelude::*;

/// The model panel.
#[component]
pub fn ModelPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let spec = state.spec;
    let layers = move || spec.with(|s| s.model.hidden.clone());
    let options = Signal::derive(|| Activation::ALL.iter().map(|a| (a.name().to_string(), a.name().to_string())).collect());
    view! {
        <section class="panel" aria-labelledby="model-title">
            <h2 id="model-title">"Model"</h2>
            <div class="row">
                <span class="field-label">{move || format!("{} hidden layers", layers().len())}</span>
                <button
                    data-testid="add-layer" aria-label="Add a hidden layer"
                    disabled={move || layers().len() >= limits::MAX_LAYERS}
                    on:click=move |_| state.edit(|s| s.model.hidden.push(4))
                >"+"</button>
                <button
                    data-testid="remove-layer" aria-label="Remove the last hidden layer"
                    disabled=move || layers().is_empty()
                    on:click=move |_| state.edit(|s| { s.model.hidden.pop(); })
                >"−"</button>
            </div>
            <ol class="layers" data-testid="layers">
                {move || {
                    layers()
                        .into_iter()
                        .enumerate()
                        .map(|(k, units)| {
                            view! {
                                <li class="layer">
                                    <span>{format!("Layer {}: {units} units", k + 1)}</span>
                                    <button
                                        aria-label=format!("Add a unit to layer {}", k + 1)
                                        disabled={units >= limits::MAX_UNITS}
                                        on:click=move |_| state.edit(|s| s.model.hidden[k] += 1)
                                    >"+"</button>
                                    <button
                                        aria-label=format!("Remove a unit from layer {}", k + 1)
                                        disabled={units <= 1}
                                        on:click=move |_| state.edit(|s| s.model.hidden[k] -= 1)
                                    >"−"</button>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ol>
            <Select
                label="Activation"
                help="The nonlinearity after each hidden layer. Without one (linear) the network can only draw straight boundaries."
                testid="activation"
                options=options
                value=Signal::derive(move || spec.with(|s| s.model.activation.name().to_string()))
                on_pick=Callback::new(move |v: String| {
                    if let Some(a) = Activation::from_name(&v) {
                        state.edit(|s| s.model.activation = a);
                    }
                })
            />
        </section>
    }
}
