//! The settings of a model that is not a network which are picked rather than typed: a tree's
//! split criterion, a forest's features per split and bootstrap, k-NN's distance and weighting.
//! Each is shown while the chosen family has it, with its "?" like every control.

use crate::choice::Choice;
use crate::spec::learner::{FeatureShare, KnnDistance, KnnWeighting, LearnerSpec, SplitCriterion};
use crate::web::components::common::help_tip::{described_by, HelpTip};
use crate::web::components::common::widgets::{ChoiceSelect, Select};
use crate::web::state::AppState;
use leptos::prelude::*;

/// A menu over `T` for the families whose setting `get` finds; picks go through `set`.
#[component]
fn LearnerMenu<T: Choice + Send + Sync>(
    /// Visible label.
    label: &'static str,
    /// `data-testid` and help id.
    testid: &'static str,
    /// The setting of the current learner, if its family has it.
    get: fn(&LearnerSpec) -> Option<T>,
    /// Writes a picked value to the learner.
    set: fn(&mut LearnerSpec, T),
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let current = move || state.spec.with(|s| s.model.learner.as_deref().and_then(get));
    view! {
        <div style:display=move || if current().is_some() { "" } else { "none" }>
            <ChoiceSelect label testid
                value=Signal::derive(move || current().unwrap_or(T::ALL[0]))
                on_pick=Callback::new(move |v: T| state.edit(|s| {
                    if let Some(l) = s.model.learner.as_deref_mut() {
                        set(l, v);
                    }
                }))
            />
        </div>
    }
}

fn criterion_of(l: &LearnerSpec) -> Option<SplitCriterion> {
    match l {
        LearnerSpec::Tree(t) => Some(t.criterion),
        LearnerSpec::Forest(f) => Some(f.criterion),
        _ => None,
    }
}

fn set_criterion(l: &mut LearnerSpec, c: SplitCriterion) {
    match l {
        LearnerSpec::Tree(t) => t.criterion = c,
        LearnerSpec::Forest(f) => f.criterion = c,
        _ => {}
    }
}

fn distance_of(l: &LearnerSpec) -> Option<KnnDistance> {
    if let LearnerSpec::Knn(k) = l {
        Some(k.distance)
    } else {
        None
    }
}

fn set_distance(l: &mut LearnerSpec, d: KnnDistance) {
    if let LearnerSpec::Knn(k) = l {
        k.distance = d;
    }
}

fn weighting_of(l: &LearnerSpec) -> Option<KnnWeighting> {
    if let LearnerSpec::Knn(k) = l {
        Some(k.weighting)
    } else {
        None
    }
}

fn set_weighting(l: &mut LearnerSpec, w: KnnWeighting) {
    if let LearnerSpec::Knn(k) = l {
        k.weighting = w;
    }
}

fn forest_of(l: Option<&LearnerSpec>) -> Option<(FeatureShare, bool)> {
    match l {
        Some(LearnerSpec::Forest(f)) => Some((f.max_features, f.bootstrap)),
        _ => None,
    }
}

/// The shares of the features the menu offers, with the current one if a link set another.
fn share_options(current: FeatureShare) -> Vec<(String, String)> {
    let mut options: Vec<(String, String)> = [
        (FeatureShare::Auto, "auto: √ of them for classes, all for numbers".to_string()),
        (FeatureShare::Sqrt, "√ of the features".to_string()),
        (FeatureShare::Fraction(0.33), "a third".to_string()),
        (FeatureShare::Fraction(0.5), "half".to_string()),
        (FeatureShare::All, "all of them (bagged trees)".to_string()),
    ]
    .into_iter()
    .map(|(share, text)| (share.text(), text))
    .collect();
    if !options.iter().any(|(value, _)| *value == current.text()) {
        options.push((current.text(), format!("a share of {}", current.text())));
    }
    options
}

/// The picked settings of the current learner's family.
#[component]
pub fn LearnerChoices() -> impl IntoView {
    let state = expect_context::<AppState>();
    let forest = move || state.spec.with(|s| forest_of(s.model.learner.as_deref()));
    let share = move || forest().map_or(FeatureShare::Auto, |(share, _)| share);
    let pick_share = Callback::new(move |text: String| match FeatureShare::parse(&text) {
        Ok(v) => state.edit(|s| {
            if let Some(LearnerSpec::Forest(f)) = s.model.learner.as_deref_mut() {
                f.max_features = v;
            }
        }),
        Err(e) => state.reject(e),
    });
    let set_bootstrap = move |on: bool| {
        state.edit(|s| {
            if let Some(LearnerSpec::Forest(f)) = s.model.learner.as_deref_mut() {
                f.bootstrap = on;
            }
        })
    };
    view! {
        <LearnerMenu label="Split quality (classes)" testid="tree-criterion" get=criterion_of set=set_criterion />
        <div style:display=move || if forest().is_some() { "" } else { "none" }>
            <Select label="Features each split may try" testid="forest-features"
                options=Signal::derive(move || share_options(share()))
                value=Signal::derive(move || share().text())
                on_pick=pick_share
            />
            <span class="field-row">
                <label class="inline">
                    <input type="checkbox" data-testid="forest-bootstrap" aria-describedby=described_by("forest-bootstrap")
                        prop:checked=move || forest().is_some_and(|(_, b)| b)
                        on:change=move |ev| set_bootstrap(event_target_checked(&ev)) />
                    " each tree on a bootstrap sample"
                </label>
                <HelpTip ids=vec!["forest-bootstrap"] about="bootstrap samples" />
            </span>
        </div>
        <LearnerMenu label="Distance" testid="knn-distance" get=distance_of set=set_distance />
        <LearnerMenu label="Neighbours' votes" testid="knn-weighting" get=weighting_of set=set_weighting />
    }
}
