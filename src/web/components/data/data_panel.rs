//! Data controls: which dataset (generated or real), and for generated data how many points
//! and how noisy, for tables the target and preparation; the split and the seed.

use crate::choice::Choice;
use crate::data::builtin::BUILTIN;
use crate::data::prepare::{CategoricalImpute, NumericImpute, PrepareSpec, Scaling, TaskChoice};
use crate::data::Generator;
use crate::spec::DataSource;
use crate::web::components::common::help_tip::{described_by, HelpTip};
use crate::web::components::common::widgets::{number, ChoiceSelect, NumberInput, Select};
use crate::web::components::data::derived_features::DerivedFeatures;
use crate::web::components::data::feature_picker::FeaturePicker;
use crate::web::components::data::file_loader::FileLoader;
use crate::web::state::AppState;
use leptos::prelude::*;

const BUILTIN_PREFIX: &str = "builtin:";

fn source_options(last_file: Option<String>) -> Vec<(String, String)> {
    let mut v = Generator::options();
    v.extend(BUILTIN.iter().map(|b| (format!("{BUILTIN_PREFIX}{}", b.name), format!("{} (real data)", b.title))));
    if let Some(name) = last_file {
        v.push((format!("file:{name}"), format!("{name} (your file)")));
    }
    v
}

fn source_value(source: &DataSource) -> String {
    match source {
        DataSource::Synthetic { generator, .. } => generator.name().to_string(),
        DataSource::Builtin { name } => format!("{BUILTIN_PREFIX}{name}"),
        DataSource::File { name } => format!("file:{name}"),
    }
}

/// The dataset menu: generated 2-D sets, the bundled tables and the user's last file. It sits
/// in the run bar, so the data can be changed from every stage.
#[component]
pub fn DatasetSelect() -> impl IntoView {
    let state = expect_context::<AppState>();
    let spec = state.spec;
    let on_source = Callback::new(move |v: String| {
        if let Some(name) = v.strip_prefix(BUILTIN_PREFIX) {
            if let Some(table) = BUILTIN.iter().find(|b| b.name == name) {
                state.pick_builtin(table);
            }
        } else if v.starts_with("file:") {
            state.reopen_file();
        } else {
            match Generator::parse(&v) {
                Ok(g) => state.pick_generated(g),
                Err(e) => state.reject(e),
            }
        }
    });
    view! {
        <Select
            label="Dataset"
            testid="dataset-select"
            options=Signal::derive(move || source_options(state.last_file_name()))
            value=Signal::derive(move || spec.with(|s| source_value(&s.data.source)))
            on_pick=on_source
        />
    }
}

/// The data panel.
#[component]
pub fn DataPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let spec = state.spec;
    let synthetic = move || spec.with(|s| s.data.generator().is_some());
    let size = move || spec.with(|s| s.data.synthetic_size().unwrap_or((0, 0.0)));
    // Column names of the current table, for the target menu.
    let columns = Memo::new(move |_| {
        state
            .table
            .with(|t| t.as_ref().map(|v| v.table.names().iter().map(|n| n.to_string()).collect()).unwrap_or_default())
    });
    // A slider's value applied by `set`, or the error shown (never read as 0).
    let slider =
        move |ev: leptos::ev::Event, field: &'static str, set: fn(&mut crate::spec::ExperimentSpec, f64)| match number(
            &event_target_value(&ev),
            field,
        ) {
            Ok(v) => state.edit(|s| set(s, v)),
            Err(e) => state.reject(e),
        };
    let pct = |v: f64| (v * 100.0).round();
    view! {
        <section class="panel" aria-labelledby="data-title">
            <h2 id="data-title">"Data"</h2>
            <FileLoader />
            <Show when=move || !synthetic()>
                <TableControls columns=columns />
            </Show>
            <label class="field" title="Share of rows the model trains on; the rest is held out to test it">
                <span class="field-row">
                    <span class="field-label" id="label-train-ratio">{move || format!("Training data: {}%", pct(spec.with(|s| s.data.train_fraction)))}</span>
                    <HelpTip ids=vec!["train-ratio"] about="the training share" />
                </span>
                <input
                    type="range" min="10" max="90" step="5" data-testid="train-ratio" aria-labelledby="label-train-ratio" aria-describedby=described_by("train-ratio")
                    prop:value=move || pct(spec.with(|s| s.data.train_fraction)).to_string()
                    on:change=move |ev| slider(ev, "data.train_fraction", |s, v| s.data.train_fraction = v / 100.0)
                />
            </label>
            <NumberInput
                label="Validation share (%)"
                testid="validation-share" field="data.validation_fraction" min=0.0 max=50.0 step="5"
                value=Signal::derive(move || (spec.with(|s| s.data.validation_fraction) * 100.0).round())
                on_value=Callback::new(move |v: f64| state.edit(|s| s.data.validation_fraction = v / 100.0))
            />
            <Show when=synthetic>
                <label class="field" title="Moves points away from the clean shape, so some fall on the wrong side">
                    <span class="field-row">
                        <span class="field-label" id="label-noise">{move || format!("Noise: {}", pct(size().1))}</span>
                        <HelpTip ids=vec!["noise"] about="noise" />
                    </span>
                    <input
                        type="range" min="0" max="50" step="5" data-testid="noise" aria-labelledby="label-noise" aria-describedby=described_by("noise")
                        prop:value=move || pct(size().1).to_string()
                        on:change=move |ev| slider(ev, "data.noise", |s, v| s.data.set_synthetic(None, None, Some(v / 100.0)))
                    />
                </label>
                <label class="field" title="How many points are generated (training + test)">
                    <span class="field-row">
                        <span class="field-label" id="label-points">{move || format!("Points: {}", size().0)}</span>
                        <HelpTip ids=vec!["points"] about="the number of points" />
                    </span>
                    <input
                        type="range" min="50" max="1000" step="50" data-testid="points" aria-labelledby="label-points" aria-describedby=described_by("points")
                        prop:value=move || size().0.to_string()
                        on:change=move |ev| slider(ev, "data.points", |s, v| s.data.set_synthetic(None, Some(v as usize), None))
                    />
                </label>
            </Show>
            <div class="row">
                <NumberInput
                    label="Seed"
                    testid="seed" field="seed" min=0.0 max=9007199254740991.0 step="1"
                    value=Signal::derive(move || spec.with(|s| s.seed as f64))
                    on_value=Callback::new(move |v: f64| state.edit(|s| s.seed = v as u64))
                />
                <button
                    data-testid="regenerate"
                    aria-describedby=described_by("regenerate")
                    title="New random data and split: moves to the next seed"
                    on:click=move |_| state.edit(|s| s.seed = s.seed.wrapping_add(1))
                >
                    "Regenerate"
                </button>
                <HelpTip ids=vec!["regenerate"] about="Regenerate" />
            </div>
        </section>
    }
}

/// Target, task, preparation and validation share for a table.
#[component]
fn TableControls(
    /// The table's column names.
    columns: Memo<Vec<String>>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let spec = state.spec;
    let prep = move || spec.with(|s| s.data.prepare.clone());
    view! {
        <Select
            label="Target (what to predict)"
            testid="target-select"
            options=Signal::derive(move || columns.get().into_iter().map(|c| (c.clone(), c)).collect())
            value=Signal::derive(move || prep().target.unwrap_or_default())
            on_pick=Callback::new(move |v: String| state.edit(|s| s.data.prepare = PrepareSpec { target: Some(v), features: None, ..s.data.prepare.clone() }))
        />
        <ChoiceSelect
            label="Task"
            testid="task-select"
            value=Signal::derive(move || prep().task)
            on_pick=Callback::new(move |t: TaskChoice| state.edit(|s| s.data.prepare.task = t))
        />
        <ChoiceSelect
            label="Missing numbers"
            testid="numeric-missing"
            value=Signal::derive(move || prep().numeric_missing)
            on_pick=Callback::new(move |m: NumericImpute| state.edit(|s| s.data.prepare.numeric_missing = m))
        />
        <ChoiceSelect
            label="Scaling"
            testid="scaling"
            value=Signal::derive(move || prep().scaling)
            on_pick=Callback::new(move |m: Scaling| state.edit(|s| s.data.prepare.scaling = m))
        />
        <FeaturePicker />
        <DerivedFeatures />
        <ChoiceSelect
            label="Missing categories"
            testid="categorical-missing"
            value=Signal::derive(move || prep().categorical_missing)
            on_pick=Callback::new(move |m: CategoricalImpute| state.edit(|s| s.data.prepare.categorical_missing = m))
        />
    }
}
