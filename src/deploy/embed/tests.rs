//! The web predictor's files: the module with the model's description in place, the ONNX file
//! that `to_onnx` writes, the README naming the pinned onnxruntime-web; and the version pinned
//! for the end-to-end test is the one the README names. (The module itself runs against
//! `lantern predict` in headless Chromium: `tests/e2e/web_predictor.test.mjs`.)

use super::*;
use crate::deploy::ModelBundle;
use crate::spec::ExperimentSpec;

fn penguins() -> ModelBundle {
    let mut spec = ExperimentSpec::default();
    spec.data.source = crate::spec::DataSource::Builtin { name: "penguins".into() };
    spec.data.prepare.target = Some("species".into());
    spec.model.hidden = vec![3];
    spec.training.epochs = 1;
    crate::deploy::bundle::trained_bundle(&spec)
}

#[test]
fn the_folder_holds_the_module_with_its_model_the_onnx_file_and_a_readme() {
    let b = penguins();
    let files = web_predictor(&b).unwrap();
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["predictor.mjs", "model.onnx", "README.md"]);
    assert_eq!(files[1].1, to_onnx(&b).unwrap());
    let module = String::from_utf8(files[0].1.clone()).unwrap();
    assert!(!module.contains(MODEL_MARKER));
    let start = module.find("export const model = ").unwrap() + "export const model = ".len();
    let end = start + module[start..].find(";\n").unwrap();
    let model: serde_json::Value = serde_json::from_str(&module[start..end]).unwrap();
    assert_eq!(model["task"], "classification");
    assert_eq!(model["target"], "species");
    assert_eq!(model["classes"], serde_json::json!(["Adelie", "Chinstrap", "Gentoo"]));
    assert_eq!(model["outputs"], serde_json::json!({"label": "label", "probabilities": "probabilities"}));
    let inputs = model["inputs"].as_array().unwrap();
    assert_eq!(inputs.len(), b.card.inputs.len());
    let island = inputs.iter().find(|i| i["name"] == "island").unwrap();
    assert_eq!(island["type"], "category");
    let bill = inputs.iter().find(|i| i["name"] == "bill_length_mm").unwrap();
    assert_eq!(bill["type"], "number");
    let readme = String::from_utf8(files[2].1.clone()).unwrap();
    assert!(readme.contains(&format!("npm install onnxruntime-web@{ORT_WEB_VERSION}")), "{readme}");
    assert!(readme.contains("\"island\": \""), "{readme}");
    assert!(readme.contains("`Adelie`, `Chinstrap`, `Gentoo`"), "{readme}");
}

#[test]
fn the_readme_names_the_onnxruntime_web_version_the_end_to_end_test_pins() {
    let package = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/e2e/package.json")).unwrap();
    let package: serde_json::Value = serde_json::from_str(&package).unwrap();
    assert_eq!(package["dependencies"]["onnxruntime-web"], ORT_WEB_VERSION);
}

#[test]
fn onnx_files_are_refused_as_imports_naming_who_made_them() {
    use crate::deploy::onnx::proto::{encode, ModelProto, OperatorSetIdProto};
    use crate::error::BundleError;
    let b = penguins();
    let ours = to_onnx(&b).unwrap();
    let refusal = crate::deploy::onnx::import_refusal(&ours).unwrap();
    assert!(matches!(refusal, BundleError::OnnxExported { .. }));
    let foreign = encode(&ModelProto {
        ir_version: Some(9),
        opset_import: vec![OperatorSetIdProto { domain: Some(String::new()), version: Some(18) }],
        producer_name: Some("pytorch".into()),
        producer_version: Some("2.3.0".into()),
        domain: None,
        model_version: None,
        doc_string: None,
        graph: None,
        metadata_props: vec![],
    });
    let e = ModelBundle::from_files(&[("resnet.onnx".into(), foreign.clone())]).unwrap_err().to_string();
    assert!(e.contains("this .onnx file was not made by Lantern (producer `pytorch` 2.3.0)"), "{e}");
    assert!(e.contains("Lantern imports its own model bundles (.zip or model.json)"), "{e}");
    // Given as the card (the command line's `--model x.onnx`).
    let e = ModelBundle::from_files(&[("model.json".into(), foreign)]).unwrap_err().to_string();
    assert!(e.contains("not made by Lantern"), "{e}");
    let e = ModelBundle::from_files(&[("m.onnx".into(), ours)]).unwrap_err().to_string();
    assert!(e.contains("is a Lantern export"), "{e}");
    // Not ONNX: the usual refusals.
    for bytes in [b"{\"format\": \"x\"}".to_vec(), b"PK\x03\x04junk".to_vec(), vec![0xff; 40], Vec::new()] {
        assert!(crate::deploy::onnx::import_refusal(&bytes).is_none(), "{bytes:?}");
    }
    for (name, bytes) in b.to_files().unwrap() {
        assert!(crate::deploy::onnx::import_refusal(&bytes).is_none(), "{name}");
    }
}

/// The hand-written reader of the top-level fields agrees with prost's decoder.
#[test]
fn the_onnx_header_reader_agrees_with_prost() {
    use crate::deploy::onnx::proto::{encode, sniff, ModelProto, OperatorSetIdProto};
    use prost::Message;
    let ours = to_onnx(&penguins()).unwrap();
    let foreign = encode(&ModelProto {
        ir_version: Some(300),
        opset_import: vec![OperatorSetIdProto { domain: Some("ai.onnx.ml".into()), version: Some(3) }],
        producer_name: Some("skl2onnx é".into()),
        producer_version: None,
        domain: Some("x".into()),
        model_version: Some(7),
        doc_string: Some("d".repeat(300)),
        graph: None,
        metadata_props: vec![],
    });
    for bytes in [ours, foreign] {
        let m = ModelProto::decode(bytes.as_slice()).unwrap();
        let h = sniff(&bytes).unwrap();
        assert_eq!(h.ir_version, m.ir_version.unwrap());
        assert_eq!(h.producer_name, m.producer_name.unwrap_or_default());
        assert_eq!(h.producer_version, m.producer_version.unwrap_or_default());
        assert_eq!(h.has_opsets, !m.opset_import.is_empty());
        // Cut short anywhere inside a field: refused (prost refuses too).
        for cut in [1, 3, bytes.len() / 2, bytes.len() - 1] {
            if ModelProto::decode(&bytes[..cut]).is_err() {
                assert_eq!(sniff(&bytes[..cut]), None, "cut at {cut}");
            }
        }
    }
    // An IR version beyond 100 is not taken for ONNX.
    let odd = encode(&ModelProto {
        ir_version: Some(300),
        opset_import: vec![OperatorSetIdProto { domain: None, version: Some(1) }],
        producer_name: None,
        producer_version: None,
        domain: None,
        model_version: None,
        doc_string: None,
        graph: None,
        metadata_props: vec![],
    });
    assert!(crate::deploy::onnx::import_refusal(&odd).is_none());
}
