//! Training hyper-parameters: optimizer, learning rate, batch size, L2, epochs; for a table, a
//! "?" saying why the settings chosen for it have their values.

use crate::spec::{limits, ClassWeight, LossKind, Optimizer, ScheduleKind, TrainingSpec};
use crate::web::components::common::help_tip::HelpTip;
use crate::web::components::common::widgets::{number, short, ChoiceSelect, NumberInput, Select};
use crate::web::state::AppState;
use leptos::prelude::*;

const RATES: [f64; 11] = [0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0];
const L2S: [f64; 10] = [0.0, 0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0];

/// Menu of `values`, plus the current one if it is not among them (e.g. from a spec file).
fn menu(values: &[f64], current: f64) -> Vec<(String, String)> {
    let mut v: Vec<f64> = values.to_vec();
    if !v.contains(&current) {
        v.push(current);
        v.sort_by(f64::total_cmp);
    }
    v.into_iter().map(|x| (short(x), short(x))).collect()
}

/// The class-weight menu's value: `none`, `balanced`, or `custom` (weights from a spec or link).
fn class_weight_value(w: Option<&ClassWeight>) -> &'static str {
    match w {
        None => "none",
        Some(ClassWeight::Balanced) => "balanced",
        Some(ClassWeight::Custom(_)) => "custom",
    }
}

/// None and balanced, and custom while the spec has custom weights.
fn class_weight_menu(w: Option<ClassWeight>) -> Vec<(String, String)> {
    let mut v = vec![("none".into(), "none".into()), ("balanced".into(), "balanced".into())];
    if let Some(ClassWeight::Custom(_)) = w {
        v.push(("custom".into(), "custom (from the spec)".into()));
    }
    v
}

/// The training panel.
#[component]
pub fn TrainingPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let spec = state.spec;
    // A menu of numbers: the picked one applied by `set`, or the error shown.
    let pick = move |field: &'static str, set: fn(&mut TrainingSpec, f64)| {
        Callback::new(move |v: String| match number(&v, field) {
            Ok(x) => state.edit(|s| set(&mut s.training, x)),
            Err(e) => state.reject(e),
        })
    };
    view! {
        <section class="panel" aria-labelledby="training-title">
            <h2 id="training-title">"Training"</h2>
            <Show when=move || spec.with(|s| s.data.generator().is_none())>
                <TableDefaultsTip />
            </Show>
            <ChoiceSelect
                label="Optimizer"
                testid="optimizer"
                value=Signal::derive(move || spec.with(|s| s.training.optimizer))
                on_pick=Callback::new(move |o: Optimizer| state.edit(|s| s.training.optimizer = o))
            />
            <Select
                label="Learning rate"
                testid="learning-rate"
                options=Signal::derive(move || menu(&RATES, spec.with(|s| s.training.learning_rate)))
                value=Signal::derive(move || short(spec.with(|s| s.training.learning_rate)))
                on_pick=pick("training.learning_rate", |t, x| t.learning_rate = x)
            />
            <Select
                label="L2 regularisation"
                testid="l2"
                options=Signal::derive(move || menu(&L2S, spec.with(|s| s.training.l2)))
                value=Signal::derive(move || short(spec.with(|s| s.training.l2)))
                on_pick=pick("training.l2", |t, x| t.l2 = x)
            />
            <Select
                label="L1 regularisation"
                testid="l1"
                options=Signal::derive(move || menu(&L2S, spec.with(|s| s.training.l1)))
                value=Signal::derive(move || short(spec.with(|s| s.training.l1)))
                on_pick=pick("training.l1", |t, x| t.l1 = x)
            />
            <Show when=move || state.task.get().is_some_and(|t| !t.is_classification())>
                <ChoiceSelect
                    label="Loss (regression)"
                    testid="loss"
                    value=Signal::derive(move || spec.with(|s| s.training.loss.kind()))
                    on_pick=Callback::new(move |k: LossKind| state.edit(|s| s.training.loss = s.training.loss.with_kind(k)))
                />
            </Show>
            <Show when=move || state.task.get().is_some_and(|t| t.is_classification())>
                <Select
                    label="Class weights"
                    testid="class-weight"
                    options=Signal::derive(move || class_weight_menu(spec.with(|s| s.training.class_weight.clone())))
                    value=Signal::derive(move || spec.with(|s| class_weight_value(s.training.class_weight.as_ref()).to_string()))
                    on_pick=Callback::new(move |v: String| state.edit(|s| match v.as_str() {
                        "balanced" => s.training.class_weight = Some(ClassWeight::Balanced),
                        "none" => s.training.class_weight = None,
                        _ => {}
                    }))
                />
            </Show>
            <NumberInput
                label="Batch size"
                testid="batch-size" field="training.batch_size" min=1.0 max=limits::MAX_BATCH as f64 step="1"
                value=Signal::derive(move || spec.with(|s| s.training.batch_size as f64))
                on_value=Callback::new(move |v: f64| state.edit(|s| s.training.batch_size = v as usize))
            />
            <ChoiceSelect
                label="Learning-rate schedule"
                testid="schedule"
                value=Signal::derive(move || spec.with(|s| s.training.schedule.kind()))
                on_pick=Callback::new(move |k: ScheduleKind| state.edit(|s| s.training.schedule = s.training.schedule.with_kind(k)))
            />
            <Select
                label="Gradient clipping"
                testid="clip-norm"
                options=Signal::derive(move || menu(&[0.0, 0.5, 1.0, 5.0], spec.with(|s| s.training.clip_norm)).into_iter().map(|(v, t)| (v, if t == "0" { "off".to_string() } else { format!("norm ≤ {t}") })).collect())
                value=Signal::derive(move || short(spec.with(|s| s.training.clip_norm)))
                on_pick=pick("training.clip_norm", |t, x| t.clip_norm = x)
            />
            <NumberInput
                label="Early stopping patience (epochs, 0 = off)"
                testid="patience" field="training.patience" min=0.0 max=10000.0 step="1"
                value=Signal::derive(move || spec.with(|s| s.training.patience as f64))
                on_value=Callback::new(move |v: f64| state.edit(|s| s.training.patience = v as usize))
            />
            <NumberInput
                label="Epochs"
                testid="epochs" field="training.epochs" min=1.0 max=limits::MAX_EPOCHS as f64 step="1"
                value=Signal::derive(move || spec.with(|s| s.training.epochs as f64))
                on_value=Callback::new(move |v: f64| state.edit(|s| s.training.epochs = v as usize))
            />
        </section>
    }
}

/// For a table: "Settings chosen for this table ?", a [`HelpTip`] with the explanation
/// `table-defaults` and, when the page chose the settings, one reason per setting (the rule of
/// `crate::spec::table_defaults`), marking those changed since.
#[component]
fn TableDefaultsTip() -> impl IntoView {
    let state = expect_context::<AppState>();
    let reasons = move || {
        let defaults = state.defaults_in_use()?;
        let spec = state.spec.get();
        let lines = defaults.reasons().into_iter().map(|r| {
            let changed = (!defaults.holds(r.setting, &spec))
                .then(|| format!(" (changed since: now {})", r.setting.in_spec(&spec)));
            (changed, r.text)
        });
        Some(lines.collect::<Vec<_>>())
    };
    view! {
        <p class="field-row table-defaults">
            <span class="field-label">"Settings chosen for this table"</span>
            <HelpTip ids=vec!["table-defaults"] about="chosen for this table">
                {move || match reasons() {
                    Some(lines) => lines
                        .into_iter()
                        .map(|(changed, text)| {
                            let marked = changed.is_some();
                            view! {
                                <span class="tip-line" data-testid="table-defaults-reason" class:changed=marked>
                                    {text}{changed}
                                </span>
                            }
                        })
                        .collect_view()
                        .into_any(),
                    None => view! {
                        <span class="tip-line" data-testid="table-defaults-reason">
                            "This experiment's settings came with it (a link, a lesson or a saved experiment): pick the table again in the Dataset menu to choose them from its size."
                        </span>
                    }
                    .into_any(),
                }}
            </HelpTip>
        </p>
    }
}
