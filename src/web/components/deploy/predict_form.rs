//! One row, predicted as it is typed: a field per original input column (a text box for
//! numbers, a menu of the training categories), starting from a typical training row; the
//! predicted class with every class's probability as a bar, or the predicted value; a value
//! that is not a number is named under the form and marked on its field.

use crate::deploy::{FormField, Prediction, RowPrediction};
use crate::error::Error;
use crate::viz::compact_number;
use crate::web::components::common::help_tip::{described_by, HelpTip};
use crate::web::state::DeployState;
use leptos::prelude::*;

/// The prediction, or (message, column at fault).
type Outcome = Result<RowPrediction, (String, Option<String>)>;

fn field_view(deploy: DeployState, field: FormField, outcome: Memo<Outcome>) -> impl IntoView {
    let name = field.name.clone();
    let value = {
        let name = name.clone();
        move || deploy.form.with(|row| row.iter().find(|(n, _)| *n == name).map(|(_, v)| v.clone()).unwrap_or_default())
    };
    let invalid = {
        let name = name.clone();
        move || outcome.with(|o| matches!(o, Err((_, Some(c))) if *c == name))
    };
    let testid = format!("form-{name}");
    let set = {
        let name = name.clone();
        move |ev: leptos::ev::Event| deploy.set_field(&name, event_target_value(&ev))
    };
    let input = match field.categories {
        Some(categories) => {
            let options =
                categories.into_iter().map(|c| view! { <option value=c.clone()>{c.clone()}</option> }).collect_view();
            view! {
                <select data-testid=testid aria-describedby=described_by("predict-form") prop:value=value on:change=set>
                    <option value="">"(missing: filled as in training)"</option>
                    {options}
                </select>
            }
            .into_any()
        }
        None => {
            let (lo, hi) = field.range;
            let hint = if lo.is_finite() && hi.is_finite() {
                format!("training range {} to {}", compact_number(lo), compact_number(hi))
            } else {
                String::new()
            };
            view! {
                <input type="text" inputmode="decimal" data-testid=testid title=hint.clone() placeholder=hint
                    aria-describedby=described_by("predict-form")
                    aria-invalid=move || if invalid() { "true" } else { "false" }
                    prop:value=value on:input=set />
            }
            .into_any()
        }
    };
    view! {
        <label class="field">
            <span class="field-label">{name}</span>
            {input}
        </label>
    }
}

fn prediction_view(p: RowPrediction, target: String, classes: Vec<String>) -> impl IntoView {
    let main = match &p.prediction {
        Prediction::Class { class, probabilities, .. } => {
            // The bars' widths are style properties, which the Content-Security-Policy allows
            // (it blocks `style` attributes).
            let bars = classes
                .iter()
                .zip(probabilities)
                .map(|(c, &v)| {
                    view! {
                        <li data-class=c.clone()>
                            <span class="bar-name">{c.clone()}</span>
                            <span class="bar" aria-hidden="true"><span class="fill" style:width=format!("{:.1}%", v * 100.0)></span></span>
                            <span class="bar-value">{format!("{v:.4}")}</span>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <p class="prediction" data-testid="prediction">"Predicted " {target} ": " <strong>{class.clone()}</strong></p>
                <ul class="probabilities" data-testid="probabilities" aria-label="Probability of each class">{bars}</ul>
            }
            .into_any()
        }
        Prediction::Value { value } => view! {
            <p class="prediction" data-testid="prediction">"Predicted " {target} ": " <strong>{compact_number(*value)}</strong></p>
        }
        .into_any(),
    };
    let notices = p.notices.into_iter().map(|n| view! { <li>{n}</li> }).collect_view();
    view! { {main} <ul class="notices">{notices}</ul> }
}

/// The form and its live prediction.
#[component]
pub fn PredictForm() -> impl IntoView {
    let deploy = expect_context::<DeployState>();
    let outcome = Memo::new(move |_| -> Outcome {
        let Some(model) = deploy.model.get() else { return Err(("no model".into(), None)) };
        deploy.form.with(|row| {
            model.predictor.predict_row(row).map_err(|e| match e {
                Error::Data { message, column, .. } => {
                    (format!("{}: {message}", column.clone().unwrap_or_default()), column)
                }
                other => (other.to_string(), None),
            })
        })
    });
    let fields = move || {
        deploy.model.get().map(|m| m.fields.iter().cloned().map(|f| field_view(deploy, f, outcome)).collect_view())
    };
    let result = move || {
        let model = deploy.model.get()?;
        let card = model.predictor.card();
        Some(match outcome.get() {
            Ok(p) => prediction_view(p, card.target.clone(), card.class_names.clone()).into_any(),
            Err((message, _)) => {
                view! { <p class="error-text" data-testid="predict-error" role="alert">{message}</p> }.into_any()
            }
        })
    };
    view! {
        <details class="deploy-section" open=true>
            <summary aria-describedby=described_by("predict-form")><h3>"Predict one row"</h3></summary>
            <p class="caption">"Starts from a typical training row (medians and most frequent categories); change any value."</p>
            <div class="predict-form">
                <div class="form-fields" data-testid="predict-form">{fields}</div>
                <div class="form-result" aria-live="polite">{result}</div>
            </div>
            <div class="field-row">
                <button data-testid="form-reset" aria-describedby=described_by("predict-form") on:click=move |_| deploy.reset_form()>"Typical row again"</button>
                <HelpTip ids=vec!["predict-form"] about="predicting one row" />
            </div>
        </details>
    }
}
