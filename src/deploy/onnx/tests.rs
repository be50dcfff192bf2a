//! The ONNX encoding, checked natively: bytes by hand for small messages, prost's decoder on a
//! whole exported model, and the graph's wiring (every value defined before it is read). The
//! numbers themselves are checked against onnxruntime in `tests/onnx_export.rs`.

use super::proto::*;
use super::*;
use crate::data::Task;
use crate::deploy::ModelBundle;
use crate::spec::ExperimentSpec;
use crate::train::Trainer;
use prost::Message;
use std::collections::HashSet;

/// A bundle of the default experiment (generated data, a small network) after one epoch.
fn bundle() -> ModelBundle {
    let mut spec = ExperimentSpec::default();
    spec.training.epochs = 1;
    crate::deploy::bundle::trained_bundle(&spec)
}

#[test]
fn small_messages_encode_to_the_bytes_worked_out_by_hand() {
    // Field 1 (domain), wire type 2, length 0; field 2 (version), varint 17.
    let opset = OperatorSetIdProto { domain: Some(String::new()), version: Some(17) };
    assert_eq!(opset.encode_to_vec(), [0x0a, 0x00, 0x10, 0x11]);
    // name = "axis" (field 1), i = 1 (field 3), type = INT (field 20: key 20 << 3 = 160 = a0 01).
    let a = attr_int("axis", 1);
    assert_eq!(a.encode_to_vec(), [0x0a, 0x04, b'a', b'x', b'i', b's', 0x18, 0x01, 0xa0, 0x01, 0x02]);
    // A zero int is still written (proto2 presence), and a list of ints is not packed.
    assert_eq!(attr_int("k", 0).encode_to_vec(), [0x0a, 0x01, b'k', 0x18, 0x00, 0xa0, 0x01, 0x02]);
    let ints = attr_ints("v", vec![1, 2]);
    assert_eq!(ints.encode_to_vec(), [0x0a, 0x01, b'v', 0x40, 0x01, 0x40, 0x02, 0xa0, 0x01, 0x07]);
    // A float tensor: dims 2 (field 1, unpacked), data_type 1 (field 2), float_data packed
    // (field 4: 0x22, 8 bytes: 1.0 = 00 00 80 3f, -2.0 = 00 00 00 c0).
    let t = TensorProto { float_data: vec![1.0, -2.0], ..tensor("", dtype::FLOAT, &[2]) };
    assert_eq!(t.encode_to_vec(), [0x08, 0x02, 0x10, 0x01, 0x22, 0x08, 0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x00, 0xc0]);
    // A symbolic dimension is field 2 of Dimension.
    assert_eq!(dim(Err("N")).encode_to_vec(), [0x12, 0x01, b'N']);
}

#[test]
fn an_exported_model_decodes_to_what_was_encoded() {
    let b = bundle();
    let model = model_proto(&b).unwrap();
    let bytes = to_onnx(&b).unwrap();
    assert_eq!(ModelProto::decode(bytes.as_slice()).unwrap(), model);
    assert_eq!(model.producer_name.as_deref(), Some("lantern"));
    assert_eq!(model.ir_version, Some(IR_VERSION));
    assert_eq!(model.opset_import, [OperatorSetIdProto { domain: Some(String::new()), version: Some(OPSET) }]);
    let meta: Vec<(&str, &str)> = model
        .metadata_props
        .iter()
        .map(|p| (p.key.as_deref().unwrap_or(""), p.value.as_deref().unwrap_or("")))
        .collect();
    assert!(meta.contains(&("target", "label")), "{meta:?}");
    assert!(meta.contains(&("classes", r#"["0","1"]"#)), "{meta:?}");
    assert!(meta.iter().any(|(k, v)| *k == "spec_sha256" && v.len() == 64), "{meta:?}");

    let graph = model.graph.unwrap();
    let names = |v: &[ValueInfoProto]| v.iter().map(|i| i.name.clone().unwrap_or_default()).collect::<Vec<_>>();
    assert_eq!(names(&graph.input), ["x1", "x2"]);
    assert_eq!(names(&graph.output), ["label", "probabilities"]);
    let elem = |v: &ValueInfoProto| v.r#type.as_ref().and_then(|t| t.tensor_type.as_ref()).and_then(|t| t.elem_type);
    assert_eq!(graph.input.iter().map(elem).collect::<Vec<_>>(), [Some(dtype::DOUBLE); 2]);
    assert_eq!(graph.output.iter().map(elem).collect::<Vec<_>>(), [Some(dtype::STRING), Some(dtype::FLOAT)]);

    // The weights are in the file as trained: layer k's W [in, out] and b [out].
    for (k, layer) in b.layers.iter().enumerate() {
        let w = graph.initializer.iter().find(|t| t.name.as_deref().is_some_and(|n| n.ends_with(&format!("_w{k}"))));
        let w = w.unwrap();
        assert_eq!(w.dims, [layer.inputs as i64, layer.outputs as i64]);
        assert_eq!(w.float_data, layer.w);
    }
}

/// Every node reads values defined before it (graph inputs, initializers or an earlier node's
/// outputs), every value is defined once, and the outputs are defined.
fn assert_wired(graph: &GraphProto) {
    let mut defined: HashSet<String> = graph.input.iter().filter_map(|i| i.name.clone()).collect();
    for t in &graph.initializer {
        assert!(defined.insert(t.name.clone().unwrap()), "initializer {:?} defined twice", t.name);
    }
    for node in &graph.node {
        for i in &node.input {
            assert!(defined.contains(i), "{:?} reads {i}, not defined before it", node.op_type);
        }
        for o in &node.output {
            assert!(defined.insert(o.clone()), "{o} defined twice");
        }
    }
    for o in &graph.output {
        assert!(defined.contains(o.name.as_deref().unwrap()), "output {:?} is not computed", o.name);
    }
}

#[test]
fn every_value_is_defined_before_it_is_read() {
    let model = model_proto(&bundle()).unwrap();
    assert_wired(model.graph.as_ref().unwrap());
}

#[test]
fn a_table_with_categories_missing_cells_and_derived_features_is_wired_and_uses_the_ml_domain() {
    use crate::data::prepare::{Derived, Scaling};
    let mut spec = ExperimentSpec::default();
    spec.data.source = crate::spec::DataSource::Builtin { name: "penguins".into() };
    spec.data.prepare.derived = vec![
        Derived::Square { column: "bill_length_mm".into() },
        Derived::Product { a: "bill_depth_mm".into(), b: "body_mass_g".into() },
        Derived::Sin { column: "flipper_length_mm".into() },
    ];
    spec.data.prepare.scaling = Scaling::MinMax;
    spec.model.hidden = vec![3];
    spec.model.activation = crate::spec::Activation::Gelu;
    spec.training.epochs = 1;
    let mut trainer = Trainer::new(&spec).unwrap();
    while !trainer.is_done() {
        trainer.run_epoch().unwrap();
    }
    let b = ModelBundle::from_trainer(&trainer, None).unwrap();
    let model = model_proto(&b).unwrap();
    assert!(model.opset_import.iter().any(|o| o.domain.as_deref() == Some("ai.onnx.ml") && o.version == Some(3)));
    let graph = model.graph.as_ref().unwrap();
    assert_wired(graph);
    let ops: Vec<&str> = graph.node.iter().filter_map(|n| n.op_type.as_deref()).collect();
    for op in ["LabelEncoder", "Sin", "IsNaN", "Where", "Softmax", "Tanh", "ArgMax", "Gather"] {
        assert!(ops.contains(&op), "{op} missing from {ops:?}");
    }
    // island and sex are text: string inputs; the rest numbers.
    let island = graph.input.iter().find(|i| i.name.as_deref() == Some("island")).unwrap();
    let elem = island.r#type.as_ref().and_then(|t| t.tensor_type.as_ref()).and_then(|t| t.elem_type);
    assert_eq!(elem, Some(dtype::STRING));
    assert!(matches!(b.card.task, Task::Classification { classes: 3 }));
}

#[test]
fn output_names_step_aside_for_input_columns() {
    let names = network::OutputNames::new(&["label".into(), "label_".into(), "x".into()]);
    assert_eq!((names.label.as_str(), names.probabilities.as_str()), ("label__", "probabilities"));
    let g = graph::Graph::new(&["_a".into(), "__b".into()]);
    let mut g = g;
    assert!(g.fresh("x").starts_with("___"));
}

#[test]
fn knn_and_naive_bayes_are_refused_by_name() {
    use crate::spec::learner::LearnerSpec;
    for (family, named) in [("knn", "k-nearest-neighbours"), ("bayes", "naive Bayes")] {
        let mut spec = ExperimentSpec::default();
        spec.data.source = crate::spec::DataSource::Builtin { name: "iris".into() };
        spec.model.learner = Some(Box::new(LearnerSpec::default_of(family).unwrap()));
        let mut trainer = Trainer::new(&spec).unwrap();
        while !trainer.is_done() {
            trainer.run_epoch().unwrap();
        }
        let b = ModelBundle::from_trainer(&trainer, None).unwrap();
        let e = to_onnx(&b).unwrap_err();
        assert!(matches!(e, Error::OnnxUnsupported { .. }), "{e}");
        let text = e.to_string();
        assert!(text.starts_with("this model cannot be expressed in ONNX: ") && text.contains(named), "{text}");
        assert!(text.contains("lantern predict"), "{text}");
    }
}
