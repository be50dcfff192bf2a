//! Network shape: hidden layers (add, remove, widen, narrow) and the activation; a model that
//! is not a network (a tree, a forest … from a link) is named, with the way back to a network.

use crate::page::model::model_family;
use crate::spec::{limits, Activation};
use crate::web::components::common::help_tip::{described_by, HelpTip};
use crate::web::components::common::widgets::{ChoiceSelect, NumberInput};
use crate::web::state::AppState;
use leptos::prelude::*;

/// The model panel.
#[component]
pub fn ModelPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let spec = state.spec;
    let layers = move || spec.with(|s| s.model.hidden.clone());
    // A model that is not a network (from a link or the command line): named, not edited here.
    let learner = move || spec.with(|s| s.model.learner.as_ref().map(|l| l.describe()));
    let network_display = move || if learner().is_some() { "none" } else { "" };
    view! {
        <section class="panel" aria-labelledby="model-title">
            <h2 id="model-title">"Model"</h2>
            <div class="learner" data-testid="learner" style:display=move || if learner().is_some() { "" } else { "none" }>
                <p data-testid="learner-model">
                    <span class="field-label">{move || learner().unwrap_or_default()}</span>
                </p>
                <p class="hint">
                    "Not a network: it learns one tree (or boosting round) per epoch, so the epochs, batch size and \
                     learning rate below do not apply. Its settings came with the link."
                </p>
                <div class="row">
                    <button
                        data-testid="use-network" aria-describedby=described_by("use-network")
                        on:click=move |_| state.edit(|s| s.model.learner = None)
                    >"Use a network instead"</button>
                    <HelpTip ids=vec!["use-network"] about="models that are not networks" />
                </div>
            </div>
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
