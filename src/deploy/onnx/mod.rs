//! # ONNX export
//!
//! [`to_onnx`] writes an exported model ([`ModelBundle`]) as one ONNX file holding the **whole
//! pipeline**, so that any ONNX runtime fed the raw columns gives the predictions of `lantern
//! predict`. The one description it reads is the bundle: the card's fitted preparation and
//! the weights (or the fitted learner); nothing is re-derived.
//!
//! ## Graph layout
//! ```text
//!  inputs, one per original column (card order)        [N,1] double numbers, NaN = missing
//!                                                      [N,1] string categories, "" / NA = missing
//!   │  pipeline: fill missing → one-hot (LabelEncoder / Equal) → scale → derived features
//!   ▼
//!  features                                            [N,F] float  (card.architecture.features)
//!   │  network: (MatMul, Add, activation)* ; or a TreeEnsemble (ai.onnx.ml)
//!   ▼
//!  outputs: label [N] string + probabilities [N,k] float   (classification)
//!           value [N,1] double, in the target's units      (regression)
//! ```
//! Details per part: [`pipeline`] (preparation steps), [`network`] (layers, activations and
//! outputs), [`trees`] (tree families). Output names get a `_` appended while an input column
//! has the same name.
//!
//! Opsets: ai.onnx 17 and ai.onnx.ml 3 (IR version 8), which onnx 1.12+ and onnxruntime 1.12+
//! read. Metadata (`metadata_props`): `lantern.format`, `lantern.version`, `target`, `task`,
//! `classes` (JSON), `inputs` (JSON names), `features` (JSON), `model`, `created` (when the
//! card has it), `spec_sha256` (SHA-256 of the experiment spec's JSON) and `onnx.inputs`
//! (how to feed the inputs).
//!
//! Not expressible: k-nearest neighbours (they keep the training rows and vote) and naive
//! Bayes: [`Error::OnnxUnsupported`] says so and what to use instead.
//!
//! Size (`trunk build --release`, gzip -9, measured with and without the page's ONNX button):
//! the writer — prost's encoders, this module and the button — adds 14.4 KB gzip (35.8 KB raw)
//! to the deploy tools' chunk (`split_deploy_tools`, fetched when there is a model), and
//! nothing to the first load (1,029,565 bytes gzip with it, 1,031,355 without: noise).
//!
//! Tests: the encoding round-trips through prost's decoder (`tests`); `tests/onnx_export.rs`
//! runs `tools/reference/onnx_check.py` (onnx's full checker and onnxruntime from PyPI) against
//! `lantern predict` on the bundled tables.

pub mod graph;
pub mod network;
pub mod pipeline;
pub mod proto;
pub mod trees;

use super::ModelBundle;
use crate::error::{BundleError, Error, Result};
use crate::spec::link::sha256_hex;
use graph::{Graph, ML};
use network::OutputNames;
use proto::{ModelProto, OperatorSetIdProto, StringStringEntryProto};

/// The ai.onnx opset the graph uses.
pub const OPSET: i64 = 17;
/// The ai.onnx.ml opset the graph uses (when it uses that domain).
pub const ML_OPSET: i64 = 3;
/// The IR version that goes with [`OPSET`] 17.
pub const IR_VERSION: i64 = 8;
/// `producer_name` of the files Lantern writes.
pub const PRODUCER: &str = "lantern";

/// The ONNX file of `bundle` (see the module documentation).
///
/// # Errors
/// [`Error::OnnxUnsupported`] for a model that ONNX cannot express (k-NN, naive Bayes);
/// [`crate::error::BundleError::Damaged`] for a card whose parts disagree.
pub fn to_onnx(bundle: &ModelBundle) -> Result<Vec<u8>> {
    Ok(proto::encode(&model_proto(bundle)?))
}

/// Why `bytes` cannot be imported as a model when they are an ONNX file (`None` when they are
/// not one): Lantern reads back its own bundles only, so an ONNX file is refused with who made
/// it — another tool ([`BundleError::OnnxForeign`], naming its producer) or Lantern's own export
/// ([`BundleError::OnnxExported`]: import the bundle it came from).
///
/// An ONNX file is recognised by its top-level `ModelProto` fields ([`proto::sniff`]): an IR
/// version between 1 and 100 and at least one operator set (JSON, zip and safetensors bytes never
/// read so).
pub fn import_refusal(bytes: &[u8]) -> Option<BundleError> {
    let header = proto::sniff(bytes)?;
    if !(1..=100).contains(&header.ir_version) || !header.has_opsets {
        return None;
    }
    let name = header.producer_name;
    let version = header.producer_version;
    Some(if name == PRODUCER {
        BundleError::OnnxExported { version }
    } else {
        let producer = match (name.trim(), version.trim()) {
            ("", _) => "unnamed".to_string(),
            (n, "") => format!("`{n}`"),
            (n, v) => format!("`{n}` {v}"),
        };
        BundleError::OnnxForeign { producer }
    })
}

/// The model as a [`ModelProto`] (what [`to_onnx`] encodes).
///
/// # Errors
/// As [`to_onnx`].
pub fn model_proto(bundle: &ModelBundle) -> Result<ModelProto> {
    let card = &bundle.card;
    if let Some(learner) = &bundle.learner {
        trees::check(learner)?;
    }
    let inputs = card.input_names();
    let names = OutputNames::new(&inputs);
    let mut g = Graph::new(&inputs);
    let x = pipeline::features(&mut g, card)?;
    match &bundle.learner {
        None => {
            let z = network::network(&mut g, bundle, &x);
            network::outputs(&mut g, bundle, &z, network::Scores::Logits, &names)?;
        }
        Some(learner) => {
            let (scores, kind) = trees::ensemble(&mut g, learner, &x)?;
            network::outputs(&mut g, bundle, &scores, kind, &names)?;
        }
    }
    let mut opset_import = vec![OperatorSetIdProto { domain: Some(String::new()), version: Some(OPSET) }];
    if g.uses_ml {
        opset_import.push(OperatorSetIdProto { domain: Some(ML.into()), version: Some(ML_OPSET) });
    }
    let model = crate::compare::model_name(&card.spec, Some(card.task));
    let graph = g.finish(
        "lantern",
        &format!("{model} predicting `{}` from {}, with its fitted preparation", card.target, inputs.join(", ")),
    );
    Ok(ModelProto {
        ir_version: Some(IR_VERSION),
        opset_import,
        producer_name: Some(PRODUCER.into()),
        producer_version: Some(card.lantern_version.clone()),
        domain: Some("lantern".into()),
        model_version: Some(1),
        doc_string: Some(format!(
            "Exported by Lantern {}: {model}, the whole pipeline from the raw columns to the prediction.",
            env!("CARGO_PKG_VERSION")
        )),
        graph: Some(graph),
        metadata_props: metadata(bundle, &model)?,
    })
}

/// The card's essentials as `metadata_props`.
fn metadata(bundle: &ModelBundle, model: &str) -> Result<Vec<StringStringEntryProto>> {
    let card = &bundle.card;
    let json = |v: &[String]| serde_json::to_string(v).unwrap_or_default();
    let task = match card.task {
        crate::data::Task::Classification { .. } => "classification",
        crate::data::Task::Regression => "regression",
    };
    let spec = serde_json::to_vec(&card.spec).map_err(|e| Error::data(format!("the spec cannot be written: {e}")))?;
    let mut pairs = vec![
        ("lantern.format", format!("{} {}", card.format, card.format_version)),
        ("lantern.version", card.lantern_version.clone()),
        ("target", card.target.clone()),
        ("task", task.to_string()),
        ("classes", json(&card.class_names)),
        ("inputs", json(&card.input_names())),
        ("features", json(&card.architecture.features)),
        ("model", model.to_string()),
        ("spec_sha256", sha256_hex(&spec)),
        (
            "onnx.inputs",
            "one [N,1] tensor per column: double for numbers (NaN when missing), string for categories \
             (trimmed; \"\" or NA when missing)"
                .to_string(),
        ),
    ];
    if let Some(created) = &card.created {
        pairs.push(("created", created.clone()));
    }
    Ok(pairs.into_iter().map(|(k, v)| StringStringEntryProto { key: Some(k.to_string()), value: Some(v) }).collect())
}

#[cfg(test)]
mod tests;
