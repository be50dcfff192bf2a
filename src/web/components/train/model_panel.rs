//! The model: its kind (a network, or a tree, forest, boosting, k-NN, naive Bayes with their
//! settings: `learner_settings`), and a network's shape: hidden layers (add, remove, widen,
//! narrow), the activation and dropout.

use crate::page::model::model_family;
use crate::spec::{limits, Activation};
use crate::web::components::common::help_tip::{described_by, HelpTip};
use crate::web::components::common::widgets::{ChoiceSelect, NumberInput};
use crate::web::components::train::learner_settings::{LearnerSettings, ModelKind};
use crate::web::state::AppState;
use leptos::prelude::*;

/// The model panel.
#[component]
pub fn ModelPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let spec = state.spec;
    let layers = move || spec.with(|s| s.model.hidden.clone());
    // The layers are a network's: hidden for a model that is not one (its settings show instead).
    let network_display = move || if spec.with(|s| s.model.learner.is_some()) { "none" } else { "" };
    view! {
        <section class="panel" aria-labelledby="model-title">
            <h2 id="model-title">"Model"</h2>
            <ModelKind />
            <LearnerSettings />
            <div class="network" style:display=network_display>
            <div class="row">
                <span class="field-label" data-testid="model-family">{move || {
                    let classes = state.classes.with(Vec::len);
                    model_family(layers().len(), state.task.get(), classes)
                }}</span>
                <button
                    data-testid="add-layer" aria-describedby=described_by("add-layer") aria-label="Add a hidden layer"
                    disabled={move || layers().len() >= limits::MAX_LAYERS}
                    on:click=move |_| state.edit(|s| s.model.hidden.push(4))
                >"+"</button>
                <button
                    data-testid="remove-layer" aria-describedby=described_by("remove-layer") aria-label="Remove the last hidden layer"
                    disabled=move || layers().is_empty()
                    on:click=move |_| state.edit(|s| { s.model.hidden.pop(); })
                >"−"</button>
                <HelpTip ids=vec!["add-layer", "remove-layer", "layers"] about="the hidden layers" />
            </div>
            <ol class="layers" data-testid="layers" aria-label="Hidden layers" aria-describedby=described_by("layers")>
                {move || {
                    layers()
                        .into_iter()
                        .enumerate()
                        .map(|(k, units)| {
                            view! {
                                <li class="layer">
                                    <label class="units">
                                        {format!("Layer {}: ", k + 1)}
                                        <input
                                            type="number" min="1" max=limits::MAX_UNITS step="1"
                                            data-testid=format!("units-{}", k + 1)
                                            aria-label=format!("Units in layer {}", k + 1)
                                            aria-describedby=described_by("layers")
                                            prop:value=units.to_string()
                                            on:change=move |ev| {
                                                let text = event_target_value(&ev);
                                                match text.trim().parse::<usize>() {
                                                    Ok(u) if (1..=limits::MAX_UNITS).contains(&u) => state.edit(|s| s.model.hidden[k] = u),
                                                    _ => state.reject(crate::error::Error::spec(
                                                        "model.hidden",
                                                        format!("`{text}` is not a whole number of units from 1 to {}", limits::MAX_UNITS),
                                                    )),
                                                }
                                            }
                                        />
                                        " units"
                                    </label>
                                    <button
                                        aria-label=format!("Add a unit to layer {}", k + 1)
                                        aria-describedby=described_by("layers")
                                        disabled={units >= limits::MAX_UNITS}
                                        on:click=move |_| state.edit(|s| s.model.hidden[k] += 1)
                                    >"+"</button>
                                    <button
                                        aria-label=format!("Remove a unit from layer {}", k + 1)
                                        aria-describedby=described_by("layers")
                                        disabled={units <= 1}
                                        on:click=move |_| state.edit(|s| s.model.hidden[k] -= 1)
                                    >"−"</button>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ol>
            <ChoiceSelect
                label="Activation"
                testid="activation"
                value=Signal::derive(move || spec.with(|s| s.model.activation))
                on_pick=Callback::new(move |a: Activation| state.edit(|s| s.model.activation = a))
            />
            <NumberInput
                label="Dropout (share of hidden units dropped per step)"
                testid="dropout" field="model.dropout" min=0.0 max=limits::MAX_DROPOUT step="0.05"
                value=Signal::derive(move || spec.with(|s| s.model.dropout))
                on_value=Callback::new(move |v: f64| state.edit(|s| s.model.dropout = v))
            />
            </div>
        </section>
    }
}
