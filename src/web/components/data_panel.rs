//! Data controls: which generator, how many points, how noisy, how much is held out, seed.

use super::widgets::{NumberInput, Select};
use crate::data::Generator;
use crate::web::state::AppState;
use leptos::prelude::*;

/// The data panel.
#[component]
pub fn DataPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let spec = state.spec;
    let options = Signal::derive(|| Generator::ALL.iter().map(|g| (g.name().to_string(), g.label().to_string())).collect());
    let slider = move |ev: leptos::ev::Event| event_target_value(&ev).parse::<f64>().unwrap_or(0.0);
    view! {
        <section class="panel" aria-labelledby="data-title">
            <h2 id="data-title">"Data"</h2>
            <Select
                label="Dataset"
                help="Which 2-D teaching dataset to learn: four classification shapes and two regression surfaces"
                testid="dataset-select"
                options=options
                value=Signal::derive(move || spec.with(|s| s.data.generator.name().to_string()))
                on_pick=Callback::new(move |v: String| {
                    if let Some(g) = Generator::from_name(&v) {
                        state.edit(|s| s.data.generator = g);
                    }
                })
            />
            <label class="field" title="Share of points the model trains on; the rest is the test set it never sees">
                <span class="field-label">
                    {move || format!("Training data: {}%", (spec.with(|s| s.data.train_fraction) * 100.0).round())}
                </span>
                <input
                    type="range" min="10" max="90" step="5" data-testid="train-ratio"
                    prop:value=move || (spec.with(|s| s.data.train_fraction) * 100.0).round().to_string()
                    on:change=move |ev| { let v = slider(ev) / 100.0; state.edit(|s| s.data.train_fraction = v) }
                />
            </label>
            <label class="field" title="Moves points away from the clean shape, so some fall on the wrong side">
                <span class="field-label">{move || format!("Noise: {}", (spec.with(|s| s.data.noise) * 100.0).round())}</span>
                <input
                    type="range" min="0" max="50" step="5" data-testid="noise"
                    prop:value=move || (spec.with(|s| s.data.noise) * 100.0).round().to_string()
                    on:change=move |ev| { let v = slider(ev) / 100.0; state.edit(|s| s.data.noise = v) }
                />
            </label>
            <label class="field" title="How many points are generated (training + test)">
                <span class="field-label">{move || format!("Points: {}", spec.with(|s| s.data.points))}</span>
                <input
                    type="range" min="50" max="1000" step="50" data-testid="points"
                    prop:value=move || spec.with(|s| s.data.points).to_string()
                    on:change=move |ev| { let v = slider(ev) as usize; state.edit(|s| s.data.points = v) }
                />
            </label>
            <div class="row">
                <NumberInput
                    label="Seed"
                    help="All randomness (data, initial weights, batch order) comes from this number: the same seed gives the same run"
                    testid="seed" field="seed" min=0.0 max=9007199254740991.0 step="1"
                    value=Signal::derive(move || spec.with(|s| s.seed as f64))
                    on_value=Callback::new(move |v: f64| state.edit(|s| s.seed = v as u64))
                />
                <button
                    data-testid="regenerate"
                    title="New random data: moves to the next seed"
                    on:click=move |_| state.edit(|s| s.seed = s.seed.wrapping_add(1))
                >
                    "Regenerate"
                </button>
            </div>
        </section>
    }
}
