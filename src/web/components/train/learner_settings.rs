//! The model's kind (a neural network, or a model that is not one: `crate::learn`) and the
//! settings of the chosen kind that is not a network; each with its "?" like every control.

use crate::spec::learner::LearnerSpec;
use crate::web::components::common::help_tip::{described_by, HelpTip};
use crate::web::components::common::widgets::NumberInput;
use crate::web::components::train::learner_choices::LearnerChoices;
use crate::web::state::AppState;
use leptos::prelude::*;

/// The kinds offered, as the menu names them: `network`, then the `--model` names.
const KINDS: [(&str, &str); 6] = [
    ("network", "Neural network"),
    ("tree", "Decision tree"),
    ("forest", "Random forest"),
    ("boosting", "Gradient-boosted trees"),
    ("knn", "k-nearest neighbours"),
    ("bayes", "Naive Bayes (classes only)"),
];

/// The model kind's menu.
#[component]
pub fn ModelKind() -> impl IntoView {
    let state = expect_context::<AppState>();
    let kind = move || state.spec.with(|s| s.model.learner.as_ref().map_or("network", |l| l.family()));
    let pick = move |ev| {
        let name = event_target_value(&ev);
        // A kind keeps its settings while it stays chosen; a new kind starts from its defaults.
        if name != kind() {
            state.edit(|s| s.model.learner = LearnerSpec::default_of(&name).map(Box::new));
        }
    };
    view! {
        <label class="field">
            <span class="field-row">
                <span class="field-label" id="label-model-kind">"Kind of model"</span>
                <HelpTip ids=vec!["model-kind"] about="the kind of model" />
            </span>
            <select data-testid="model-kind" aria-labelledby="label-model-kind" aria-describedby=described_by("model-kind")
                prop:value=kind on:change=pick>
                {KINDS.iter().map(|(value, label)| view! { <option value=*value>{*label}</option> }).collect_view()}
            </select>
        </label>
    }
}

/// A number of a learner's settings: read from the spec's learner, written back to it (nothing
/// for a family without it).
struct Setting {
    get: fn(&LearnerSpec) -> Option<f64>,
    set: fn(&mut LearnerSpec, f64),
}

/// `Some(d)` for a depth limit, `None` for 0 (no limit).
fn depth_of(v: f64) -> Option<usize> {
    (v >= 1.0).then_some(v as usize)
}

const MAX_DEPTH: Setting = Setting {
    get: |l| match l {
        LearnerSpec::Tree(t) => Some(t.max_depth.unwrap_or(0) as f64),
        LearnerSpec::Forest(f) => Some(f.max_depth.unwrap_or(0) as f64),
        LearnerSpec::Boosting(b) => Some(b.max_depth.unwrap_or(0) as f64),
        _ => None,
    },
    set: |l, v| match l {
        LearnerSpec::Tree(t) => t.max_depth = depth_of(v),
        LearnerSpec::Forest(f) => f.max_depth = depth_of(v),
        LearnerSpec::Boosting(b) => b.max_depth = depth_of(v),
        _ => {}
    },
};

const LEAF_ROWS: Setting = Setting {
    get: |l| match l {
        LearnerSpec::Tree(t) => Some(t.min_samples_leaf as f64),
        LearnerSpec::Forest(f) => Some(f.min_samples_leaf as f64),
        LearnerSpec::Boosting(b) => Some(b.min_samples_leaf as f64),
        _ => None,
    },
    set: |l, v| match l {
        LearnerSpec::Tree(t) => t.min_samples_leaf = v as usize,
        LearnerSpec::Forest(f) => f.min_samples_leaf = v as usize,
        LearnerSpec::Boosting(b) => b.min_samples_leaf = v as usize,
        _ => {}
    },
};

const TREES: Setting = Setting {
    get: |l| if let LearnerSpec::Forest(f) = l { Some(f.trees as f64) } else { None },
    set: |l, v| {
        if let LearnerSpec::Forest(f) = l {
            f.trees = v as usize;
        }
    },
};

const ROUNDS: Setting = Setting {
    get: |l| if let LearnerSpec::Boosting(b) = l { Some(b.rounds as f64) } else { None },
    set: |l, v| {
        if let LearnerSpec::Boosting(b) = l {
            b.rounds = v as usize;
        }
    },
};

const BOOST_RATE: Setting = Setting {
    get: |l| if let LearnerSpec::Boosting(b) = l { Some(b.learning_rate) } else { None },
    set: |l, v| {
        if let LearnerSpec::Boosting(b) = l {
            b.learning_rate = v;
        }
    },
};

const MAX_LEAVES: Setting = Setting {
    get: |l| if let LearnerSpec::Boosting(b) = l { Some(b.max_leaves as f64) } else { None },
    set: |l, v| {
        if let LearnerSpec::Boosting(b) = l {
            b.max_leaves = v as usize;
        }
    },
};

const PATIENCE: Setting = Setting {
    get: |l| if let LearnerSpec::Boosting(b) = l { Some(b.early_stopping.unwrap_or(0) as f64) } else { None },
    set: |l, v| {
        if let LearnerSpec::Boosting(b) = l {
            b.early_stopping = (v >= 1.0).then_some(v as usize);
        }
    },
};

const BOOST_L2: Setting = Setting {
    get: |l| if let LearnerSpec::Boosting(b) = l { Some(b.l2) } else { None },
    set: |l, v| {
        if let LearnerSpec::Boosting(b) = l {
            b.l2 = v;
        }
    },
};

const SMOOTHING: Setting = Setting {
    get: |l| if let LearnerSpec::Bayes(b) = l { Some(b.var_smoothing) } else { None },
    set: |l, v| {
        if let LearnerSpec::Bayes(b) = l {
            b.var_smoothing = v;
        }
    },
};

const NEIGHBOURS: Setting = Setting {
    get: |l| if let LearnerSpec::Knn(k) = l { Some(k.k as f64) } else { None },
    set: |l, v| {
        if let LearnerSpec::Knn(k) = l {
            k.k = v as usize;
        }
    },
};

/// One setting's input, shown while the chosen kind has it.
#[component]
fn LearnerNumber(
    /// The setting.
    setting: Setting,
    /// Visible label.
    label: &'static str,
    /// `data-testid` and help id.
    testid: &'static str,
    /// Spec field, for messages.
    field: &'static str,
    /// Smallest value.
    min: f64,
    /// Largest value.
    max: f64,
    /// Spinner step.
    step: &'static str,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let Setting { get, set } = setting;
    let current = move || state.spec.with(|s| s.model.learner.as_deref().and_then(get));
    view! {
        <div style:display=move || if current().is_some() { "" } else { "none" }>
            <NumberInput label testid field min max step
                value=Signal::derive(move || current().unwrap_or(0.0))
                on_value=Callback::new(move |v: f64| state.edit(|s| {
                    if let Some(l) = s.model.learner.as_deref_mut() {
                        set(l, v);
                    }
                }))
            />
        </div>
    }
}

/// The settings of the chosen model when it is not a network.
#[component]
pub fn LearnerSettings() -> impl IntoView {
    let state = expect_context::<AppState>();
    let learner = move || state.spec.with(|s| s.model.learner.as_ref().map(|l| l.describe()));
    view! {
        <div class="learner" data-testid="learner" style:display=move || if learner().is_some() { "" } else { "none" }>
            <p data-testid="learner-model"><span class="field-label">{move || learner().unwrap_or_default()}</span></p>
            <LearnerNumber setting=TREES label="Trees" testid="forest-trees" field="model.learner.trees" min=1.0 max=2000.0 step="1" />
            <LearnerNumber setting=ROUNDS label="Rounds" testid="boost-rounds" field="model.learner.rounds" min=1.0 max=10000.0 step="1" />
            <LearnerNumber setting=BOOST_RATE label="Learning rate (shrinkage)" testid="boost-rate" field="model.learner.learning_rate" min=0.001 max=1.0 step="any" />
            <LearnerNumber setting=MAX_LEAVES label="Leaves per tree" testid="boost-leaves" field="model.learner.max_leaves" min=2.0 max=4096.0 step="1" />
            <LearnerNumber setting=MAX_DEPTH label="Maximum depth (0: no limit)" testid="tree-depth" field="model.learner.max_depth" min=0.0 max=64.0 step="1" />
            <LearnerNumber setting=LEAF_ROWS label="Fewest rows per leaf" testid="leaf-rows" field="model.learner.min_samples_leaf" min=1.0 max=100000.0 step="1" />
            <LearnerNumber setting=PATIENCE label="Early stopping: rounds without progress (0: off)" testid="boost-patience" field="model.learner.early_stopping" min=0.0 max=1000.0 step="1" />
            <LearnerNumber setting=BOOST_L2 label="L2 penalty on leaf values" testid="boost-l2" field="model.learner.l2" min=0.0 max=1000.0 step="any" />
            <LearnerNumber setting=NEIGHBOURS label="Neighbours (k)" testid="knn-k" field="model.learner.k" min=1.0 max=1000.0 step="1" />
            <LearnerNumber setting=SMOOTHING label="Variance smoothing" testid="bayes-smoothing" field="model.learner.var_smoothing" min=0.0 max=1.0 step="any" />
            <LearnerChoices />
            <p class="hint">
                "Not a network: a forest grows one tree per epoch and boosting one round, the others fit in one; \
                 the epochs, batch size and learning rate of the training panel do not apply."
            </p>
        </div>
    }
}
