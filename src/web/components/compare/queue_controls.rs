//! Queueing runs to compare, built from the experiment being edited (on the same data, the
//! user's file included): the same experiment over N seeds, a grid over one or two settings,
//! and a linear model against two MLPs. The queue trains them in the background; its status
//! line shows "run 3 of 12" with a Cancel button.

use crate::choice::Choice;
use crate::compare::{
    algorithm_presets, fold_by, fold_choices, folds, grid, in_group, seed_repeats, GridAxis, GroupKind, Job, Param,
    MAX_GRID_RUNS,
};
use crate::error::Error;
use crate::web::components::common::help_tip::{described_by, HelpTip};
use crate::web::state::{AppState, QueueState, RecordsState, MAX_WORKERS};
use leptos::prelude::*;

/// The queue's progress, last message and Cancel button (shown whether the panel is open or not).
#[component]
pub fn QueueStatus() -> impl IntoView {
    let queue = expect_context::<QueueState>();
    let line = move || {
        queue.progress.with(|p| match p {
            Some(p) => {
                let runs = if p.running > 1 {
                    format!("runs {}–{} of {} ({} at once)", p.done + 1, p.done + p.running, p.total, p.running)
                } else {
                    format!("run {} of {}", p.done + 1, p.total)
                };
                format!("Training in the background: {runs} — {} · epoch {} of {}", p.label, p.epoch.0, p.epoch.1)
            }
            None => queue.message.get().unwrap_or_default(),
        })
    };
    view! {
        <div class="row queue-status">
            <p class="caption" data-testid="queue-status" aria-live="polite">{line}</p>
            {move || queue.progress.with(Option::is_some).then(|| view! {
                <button data-testid="queue-cancel" aria-describedby=described_by("queue-cancel") on:click=move |_| queue.cancel()>"Cancel"</button>
                <HelpTip ids=vec!["queue-cancel"] about="cancelling the queue" />
            })}
        </div>
    }
}

/// Where planned runs go, and where a planning error is shown.
#[derive(Clone, Copy)]
struct Target {
    queue: QueueState,
    records: RecordsState,
    error: RwSignal<Option<String>>,
}

/// Queues planned runs in a new group (made only when the plan is valid), or shows the error.
fn queue_plan(plan: Result<Vec<Job>, Error>, kind: GroupKind, title: String, to: Target) {
    let Target { queue, records, error } = to;
    let result = plan.map_err(|e| e.to_string()).and_then(|jobs| {
        let group = records.new_group(kind, title);
        queue.enqueue(in_group(jobs, &group))
    });
    error.set(result.err());
}

/// A parameter menu (`none` adds a "no second parameter" entry); picking a parameter puts its
/// example values in `values`.
fn param_select(
    testid: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    values: RwSignal<String>,
    none: bool,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    // The chosen model's own settings only (a forest's trees, a network's layers …).
    let options = move || {
        state.spec.with(|s| {
            let learner = s.model.learner.as_deref();
            Param::ALL
                .iter()
                .filter(|p| p.fits(learner))
                .map(|p| view! { <option value=p.name() selected=p.name() == value.get_untracked()>{p.label()}</option> })
                .collect_view()
        })
    };
    view! {
        <label class="field">
            <span class="field-label">{label}</span>
            <select data-testid=testid aria-describedby=described_by("grid-search") prop:value=move || value.get() on:change=move |ev| {
                let name = event_target_value(&ev);
                match picked(&name) {
                    Ok(p) => {
                        values.set(p.map_or(String::new(), |p| p.example().to_string()));
                        value.set(name);
                    }
                    Err(e) => state.reject(e),
                }
            }>
                {none.then(|| view! { <option value="">"(none)"</option> })}
                {options}
            </select>
        </label>
    }
}

/// The whole number typed in `input` (seeds, folds), or an error naming `what`.
fn count(input: RwSignal<String>, what: &str) -> Result<usize, Error> {
    let text = input.get_untracked();
    text.trim().parse::<usize>().map_err(|_| Error::Plan(format!("`{text}` is not a whole number of {what}")))
}

/// The parameter a menu's value names; `None` for the "(none)" entry (the empty value).
fn picked(name: &str) -> Result<Option<Param>, Error> {
    if name.is_empty() {
        Ok(None)
    } else {
        Param::parse(name).map(Some)
    }
}

/// A grid axis from a menu value and typed values (`None` for an empty second menu).
fn axis(param: &str, values: &str) -> Option<Result<GridAxis, Error>> {
    picked(param)
        .transpose()
        .map(|param| param.and_then(|p| p.parse_values(values).map(|values| GridAxis { param: p, values })))
}

/// The buttons that queue runs.
#[component]
pub fn QueueControls() -> impl IntoView {
    let state = expect_context::<AppState>();
    let error = RwSignal::new(None::<String>);
    let to = Target { queue: expect_context::<QueueState>(), records: expect_context::<RecordsState>(), error };
    let queue = to.queue;
    let seeds = RwSignal::new("3".to_string());
    let p1 = RwSignal::new(Param::LearningRate.name().to_string());
    let v1 = RwSignal::new(Param::LearningRate.example().to_string());
    let p2 = RwSignal::new(String::new());
    let v2 = RwSignal::new(String::new());
    // A grid varies the chosen model's settings: when the model's family changes, the first
    // axis moves to the new family's first setting and the second is cleared.
    let family = Memo::new(move |_| state.spec.with(|s| s.model.learner.as_ref().map(|l| l.family())));
    Effect::new(move |before: Option<Option<&'static str>>| {
        let now = family.get();
        if before.is_some_and(|b| b != now) {
            let first =
                state.spec.with_untracked(|s| Param::ALL.iter().copied().find(|p| p.fits(s.model.learner.as_deref())));
            p1.set(first.map_or(String::new(), |p| p.name().to_string()));
            v1.set(first.map_or(String::new(), |p| p.example().to_string()));
            p2.set(String::new());
            v2.set(String::new());
        }
        now
    });
    let model = move || crate::compare::model_name(&state.spec.get_untracked(), state.task.get_untracked());
    let repeat = move |_| {
        let spec = state.spec.get_untracked();
        let plan = count(seeds, "seeds").and_then(|n| seed_repeats(&spec, n));
        let n = plan.as_ref().map_or(0, Vec::len);
        queue_plan(plan, GroupKind::Seeds, format!("{n} seeds of {}", model()), to);
    };
    let planned = move || -> Result<Vec<Job>, Error> {
        let first = axis(&p1.get(), &v1.get()).unwrap_or_else(|| Err(Error::Plan("pick a setting to vary".into())))?;
        let second = axis(&p2.get(), &v2.get()).transpose()?;
        grid(&state.spec.get(), &first, second.as_ref())
    };
    let run_grid = move |_| {
        let plan = planned();
        let label = |p: RwSignal<String>| picked(&p.get_untracked()).ok().flatten().map(Param::label);
        // The plan names any unknown parameter; the title only labels a valid one.
        let title = match (label(p1), label(p2)) {
            (a, Some(b)) => format!("grid: {} × {b}", a.unwrap_or_default()),
            (a, None) => format!("grid: {}", a.unwrap_or_default()),
        };
        queue_plan(plan, GroupKind::Grid, title, to);
    };
    let k = RwSignal::new("5".to_string());
    // How the folds are cut: standard, by a column's groups, or in time ([`fold_choices`]).
    let by = RwSignal::new(String::new());
    let fold_options = move || {
        let target = state.spec.with(|s| s.data.prepare.target.clone());
        state.table.with(|t| t.as_ref().map(|v| fold_choices(&v.table, target.as_deref())).unwrap_or_default())
    };
    let cross_validate = move |_| {
        let spec = state.spec.get_untracked();
        let how = fold_by(&by.get_untracked());
        let plan = count(k, "folds").and_then(|n| folds(&spec, n, how.as_ref()));
        let n = plan.as_ref().map_or(0, Vec::len);
        let label = fold_options().into_iter().find(|(v, _)| *v == by.get_untracked()).map(|(_, l)| l);
        let cut = label.filter(|_| how.is_some()).map(|l| format!(", {l}")).unwrap_or_default();
        queue_plan(plan, GroupKind::Folds, format!("{n}-fold cross-validation of {}{cut}", model()), to);
    };
    let algorithms = move |_| {
        let plan = algorithm_presets(&state.spec.get_untracked(), state.task.get_untracked());
        queue_plan(plan, GroupKind::Algorithms, "all algorithms".into(), to);
    };
    view! {
        <div class="queue-controls">
            <div class="row">
                <p class="caption grow">
                    "Queued runs use the experiment as set now (its data too, a file included) and train in the "
                    "background, on several workers at once, while this page stays free to use."
                </p>
                <label class="field">
                    <span class="field-label">"Workers"</span>
                    <input type="number" min="1" max=MAX_WORKERS step="1" data-testid="queue-workers"
                        aria-describedby=described_by("queue-workers")
                        prop:value=move || queue.workers.get().to_string()
                        on:change=move |ev| {
                            if let Ok(n) = event_target_value(&ev).trim().parse::<usize>() {
                                queue.workers.set(n.clamp(1, MAX_WORKERS));
                            }
                        } />
                </label>
                <HelpTip ids=vec!["queue-workers"] about="the background workers" />
            </div>
            <div class="row">
                <label class="field">
                    <span class="field-label">"Seeds"</span>
                    <input type="number" min="2" max=crate::compare::MAX_SEED_REPEATS step="1" data-testid="repeat-n"
                        aria-describedby=described_by("queue-seeds")
                        prop:value=move || seeds.get() on:change=move |ev| seeds.set(event_target_value(&ev)) />
                </label>
                <button data-testid="repeat-seeds" aria-describedby=described_by("queue-seeds") on:click=repeat>"Repeat over N seeds"</button>
                <HelpTip ids=vec!["queue-seeds"] about="repeating over seeds" />
            </div>
            <div class="row">
                <label class="field">
                    <span class="field-label">"Folds"</span>
                    <input type="number" min="2" max="20" step="1" data-testid="folds-k"
                        aria-describedby=described_by("queue-folds")
                        prop:value=move || k.get() on:change=move |ev| k.set(event_target_value(&ev)) />
                </label>
                <label class="field">
                    <span class="field-label">"cut"</span>
                    <select data-testid="folds-by" aria-describedby=described_by("queue-folds")
                        on:change=move |ev| by.set(event_target_value(&ev))>
                        {move || fold_options().into_iter().map(|(value, label)| {
                            let selected = value == by.get_untracked();
                            view! { <option value=value selected=selected>{label}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <button data-testid="queue-folds" aria-describedby=described_by("queue-folds") on:click=cross_validate>
                    "Cross-validate"
                </button>
                <HelpTip ids=vec!["queue-folds"] about="cross-validation" />
                <button data-testid="compare-algorithms" aria-describedby=described_by("compare-algorithms") on:click=algorithms>
                    "Compare algorithms"
                </button>
                <HelpTip ids=vec!["compare-algorithms"] about="comparing algorithms" />
            </div>
            <fieldset class="grid-search">
                <legend>"Grid search " <HelpTip ids=vec!["grid-search"] about="the grid search" /></legend>
                <div class="row">
                    {param_select("grid-param-1", "Vary", p1, v1, false)}
                    <label class="field grow">
                        <span class="field-label">"values"</span>
                        <input type="text" data-testid="grid-values-1" aria-describedby=described_by("grid-search") prop:value=move || v1.get()
                            on:input=move |ev| v1.set(event_target_value(&ev)) />
                    </label>
                </div>
                <div class="row">
                    {param_select("grid-param-2", "and", p2, v2, true)}
                    <label class="field grow">
                        <span class="field-label">"values"</span>
                        <input type="text" data-testid="grid-values-2" aria-describedby=described_by("grid-search") prop:value=move || v2.get()
                            prop:disabled=move || p2.get().is_empty()
                            on:input=move |ev| v2.set(event_target_value(&ev)) />
                    </label>
                </div>
                <div class="row">
                    <button data-testid="grid-run" aria-describedby=described_by("grid-search") on:click=run_grid disabled=move || planned().is_err()>
                        {move || match planned() {
                            Ok(jobs) => format!("Queue {} runs", jobs.len()),
                            Err(_) => "Queue grid".to_string(),
                        }}
                    </button>
                    <span class="caption" data-testid="grid-plan">{move || match planned() {
                        Ok(_) => format!("at most {MAX_GRID_RUNS} runs"),
                        Err(e) => e.to_string(),
                    }}</span>
                </div>
            </fieldset>
            {move || error.get().map(|e| view! { <p class="queue-error" role="alert" data-testid="queue-error">{e}</p> })}
        </div>
    }
}
