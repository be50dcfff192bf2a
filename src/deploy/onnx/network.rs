//! The model and the outputs as ONNX nodes.
//!
//! A network (see [`crate::model`]): per dense layer `MatMul` with `W` `[in, out]` (the
//! safetensors layout, not transposed) and `Add` of `b` `[out]`; after each hidden layer its
//! activation — `Relu`, `Tanh`, `Sigmoid`, `LeakyRelu` (α = 0.01), nothing for linear, and GELU
//! spelled out in its tanh form `½x(1 + tanh(√(2/π)·x·(1 + 0.044715x²)))` (candle's, which
//! Lantern uses; opset 17 has no `Gelu`).
//!
//! Outputs, as `lantern predict` writes them:
//! - classification: `probabilities` `[N, k]` float — `Softmax` of the logits for more than two
//!   classes; for two, `[1 − p, p]` with `p = Sigmoid(logit)` — and `label` `[N]` string, the
//!   class name of the most probable class (`ArgMax`, first on ties, then `Gather` from the
//!   class names);
//! - regression: `value` `[N, 1]` double, the output in the target's units
//!   (`z · scale + center`, the target's standardisation undone in double as Lantern does).

use super::graph::Graph;
use super::pipeline::ROWS;
use super::proto::{attr_float, attr_int, dtype, value_info};
use crate::data::prepare::TargetEncoding;
use crate::data::Task;
use crate::deploy::ModelBundle;
use crate::error::{BundleError, Result};
use crate::spec::Activation;

/// The names of the outputs, made unique against the input column names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputNames {
    /// The predicted class name (classification).
    pub label: String,
    /// Per-class probabilities (classification).
    pub probabilities: String,
    /// The predicted value (regression).
    pub value: String,
}

impl OutputNames {
    /// `label`, `probabilities` and `value`, each with `_` appended while an input has its name.
    pub fn new(inputs: &[String]) -> Self {
        let unique = |base: &str| {
            let mut name = base.to_string();
            while inputs.contains(&name) {
                name.push('_');
            }
            name
        };
        Self { label: unique("label"), probabilities: unique("probabilities"), value: unique("value") }
    }
}

/// The network's raw outputs (logits or standardised values) `[N, outputs]` from `x`.
pub fn network(g: &mut Graph, bundle: &ModelBundle, x: &str) -> String {
    let mut h = x.to_string();
    let last = bundle.layers.len().saturating_sub(1);
    for (k, layer) in bundle.layers.iter().enumerate() {
        let w = g.floats(&format!("w{k}"), &[layer.inputs, layer.outputs], layer.w.clone());
        let b = g.floats(&format!("b{k}"), &[layer.outputs], layer.b.clone());
        let m = g.op("MatMul", &[&h, &w], vec![]);
        h = g.op("Add", &[&m, &b], vec![]);
        if k != last {
            h = activation(g, &h, bundle.card.architecture.activation);
        }
    }
    h
}

/// The hidden-layer nonlinearity (see the module documentation).
fn activation(g: &mut Graph, h: &str, a: Activation) -> String {
    match a {
        Activation::Relu => g.op("Relu", &[h], vec![]),
        Activation::Tanh => g.op("Tanh", &[h], vec![]),
        Activation::Sigmoid => g.op("Sigmoid", &[h], vec![]),
        Activation::Linear => h.to_string(),
        Activation::LeakyRelu => g.op("LeakyRelu", &[h], vec![attr_float("alpha", 0.01)]),
        Activation::Gelu => {
            let c = g.floats("gelu_c", &[], vec![0.044715]);
            let one = g.floats("one", &[], vec![1.0]);
            let k = g.floats("sqrt_2_over_pi", &[], vec![(2.0 / std::f64::consts::PI).sqrt() as f32]);
            let half = g.floats("half", &[], vec![0.5]);
            let x2 = g.op("Mul", &[h, h], vec![]);
            let cx2 = g.op("Mul", &[&c, &x2], vec![]);
            let inner = g.op("Add", &[&one, &cx2], vec![]);
            let kx = g.op("Mul", &[&k, h], vec![]);
            let arg = g.op("Mul", &[&kx, &inner], vec![]);
            let t = g.op("Tanh", &[&arg], vec![]);
            let t1 = g.op("Add", &[&one, &t], vec![]);
            let hx = g.op("Mul", &[&half, h], vec![]);
            g.op("Mul", &[&hx, &t1], vec![])
        }
    }
}

/// What a model's scores are, for classification.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scores {
    /// Logits: `[N, 1]` (two classes: `Sigmoid`) or `[N, k]` (`Softmax`).
    Logits,
    /// Probabilities: `[N, 1]`, P(class 1) for two classes, or `[N, k]`.
    Probabilities,
}

/// The outputs from the model's `scores` (see [`Scores`]; for regression, standardised values
/// `[N, 1]`).
///
/// # Errors
/// [`BundleError::Damaged`] when the card's task and target encoding disagree.
pub fn outputs(g: &mut Graph, bundle: &ModelBundle, scores: &str, kind: Scores, names: &OutputNames) -> Result<()> {
    let card = &bundle.card;
    match (card.task, &card.preparation.target) {
        (Task::Classification { classes }, TargetEncoding::Classes { names: classes_names }) => {
            if classes_names.len() != classes || card.class_names.len() != classes {
                return Err(BundleError::Damaged(format!(
                    "the card says {classes} classes but names {}",
                    card.class_names.len()
                ))
                .into());
            }
            let probs = &names.probabilities;
            if classes > 2 && kind == Scores::Probabilities {
                g.op_to("Identity", &[scores], probs, vec![]);
            } else if classes > 2 {
                g.op_to("Softmax", &[scores], probs, vec![attr_int("axis", 1)]);
            } else {
                let p = match kind {
                    Scores::Logits => g.op("Sigmoid", &[scores], vec![]),
                    Scores::Probabilities => scores.to_string(),
                };
                let one = g.floats("one", &[], vec![1.0]);
                let q = g.op("Sub", &[&one, &p], vec![]);
                g.op_to("Concat", &[&q, &p], probs, vec![attr_int("axis", 1)]);
            }
            let index = g.op("ArgMax", &[probs], vec![attr_int("axis", 1), attr_int("keepdims", 0)]);
            let class_names = g.strings("classes", &[classes], &card.class_names);
            g.op_to("Gather", &[&class_names, &index], &names.label, vec![attr_int("axis", 0)]);
            g.output(value_info(&names.label, dtype::STRING, &[Err(ROWS)], "the predicted class"));
            g.output(value_info(
                probs,
                dtype::FLOAT,
                &[Err(ROWS), Ok(classes as i64)],
                &format!("the probability of each class: {}", card.class_names.join(", ")),
            ));
        }
        (Task::Regression, TargetEncoding::Value { center, scale }) => {
            let z = g.op("Cast", &[scores], vec![attr_int("to", i64::from(dtype::DOUBLE))]);
            let s = g.doubles("target_scale", &[], vec![*scale]);
            let c = g.doubles("target_center", &[], vec![*center]);
            let v = g.op("Mul", &[&z, &s], vec![]);
            g.op_to("Add", &[&v, &c], &names.value, vec![]);
            g.output(value_info(
                &names.value,
                dtype::DOUBLE,
                &[Err(ROWS), Ok(1)],
                &format!("the predicted {}, in its units", card.target),
            ));
        }
        _ => return Err(BundleError::Damaged("the card's task and its target encoding disagree".into()).into()),
    }
    Ok(())
}
