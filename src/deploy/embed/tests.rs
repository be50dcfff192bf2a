//! The web predictor's files: the module with the model's description in place, the runtime as
//! given, the bundle, the ONNX file that `to_onnx` writes (or the README's reason when there is
//! none); rows as JSON predicted exactly as `lantern predict` does, with errors naming row and
//! column. (The module and the runtime run in headless Chromium against `lantern predict`:
//! `tests/e2e/web_predictor.test.mjs`.)

use super::rows::predict_json;
use super::*;
use crate::deploy::{ModelBundle, Predictor};
use crate::spec::ExperimentSpec;

fn penguins() -> ModelBundle {
    let mut spec = ExperimentSpec::default();
    spec.data.source = crate::spec::DataSource::Builtin { name: "penguins".into() };
    spec.data.prepare.target = Some("species".into());
    spec.model.hidden = vec![3];
    spec.training.epochs = 1;
    crate::deploy::bundle::trained_bundle(&spec)
}

/// A stand-in for the runtime Trunk builds: what [`Runtime::new`] checks, nothing more.
fn runtime() -> Runtime {
    let glue = format!("export class Model {{}} // new URL('{RUNTIME_WASM}', import.meta.url)");
    Runtime::new(glue.into_bytes(), b"\0asm\x01\0\0\0".to_vec()).unwrap()
}

#[test]
fn the_folder_holds_the_module_with_its_model_the_runtime_the_bundle_the_onnx_file_and_a_readme() {
    let b = penguins();
    let rt = runtime();
    let files = web_predictor(&b, &rt).unwrap();
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["predictor.mjs", RUNTIME_GLUE, RUNTIME_WASM, "model.zip", "model.onnx", "README.md"]);
    assert_eq!(files[1].1, rt.glue);
    assert_eq!(files[2].1, rt.wasm);
    assert_eq!(ModelBundle::from_zip(&files[3].1).unwrap().card, b.card);
    assert_eq!(files[4].1, to_onnx(&b).unwrap());
    let module = String::from_utf8(files[0].1.clone()).unwrap();
    assert!(!module.contains(MODEL_MARKER));
    assert!(module.contains(&format!("from './{RUNTIME_GLUE}'")));
    let start = module.find("export let model = ").unwrap() + "export let model = ".len();
    let end = start + module[start..].find(";\n").unwrap();
    let model: serde_json::Value = serde_json::from_str(&module[start..end]).unwrap();
    assert_eq!(model, describe(&b));
    assert_eq!(model["task"], "classification");
    assert_eq!(model["target"], "species");
    assert_eq!(model["classes"], serde_json::json!(["Adelie", "Chinstrap", "Gentoo"]));
    let inputs = model["inputs"].as_array().unwrap();
    assert_eq!(inputs.len(), b.card.inputs.len());
    let island = inputs.iter().find(|i| i["name"] == "island").unwrap();
    assert_eq!(island["type"], "category");
    let bill = inputs.iter().find(|i| i["name"] == "bill_length_mm").unwrap();
    assert_eq!(bill["type"], "number");
    let readme = String::from_utf8(files[5].1.clone()).unwrap();
    assert!(readme.contains(&format!("onnxruntime-web {ORT_WEB_VERSION} was tested")), "{readme}");
    assert!(readme.contains("\"island\": \""), "{readme}");
    assert!(readme.contains("`Adelie`, `Chinstrap`, `Gentoo`"), "{readme}");
    assert!(readme.contains("`label` (string, [N]) and `probabilities` (float, [N, classes])"), "{readme}");
}

#[test]
fn a_model_onnx_cannot_express_gets_the_folder_without_model_onnx_and_the_reason() {
    let mut spec = ExperimentSpec::default();
    spec.data.source = crate::spec::DataSource::Builtin { name: "iris".into() };
    spec.model.learner = Some(Box::new(crate::spec::learner::LearnerSpec::default_of("knn").unwrap()));
    let b = crate::deploy::bundle::trained_bundle(&spec);
    let files = web_predictor(&b, &runtime()).unwrap();
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["predictor.mjs", RUNTIME_GLUE, RUNTIME_WASM, "model.zip", "README.md"]);
    let readme = String::from_utf8(files[4].1.clone()).unwrap();
    assert!(readme.contains("There is no `model.onnx`, because this model cannot be expressed in ONNX"), "{readme}");
}

#[test]
fn a_runtime_that_is_not_the_predictors_is_refused_saying_how_to_rebuild_it() {
    let e = Runtime::new(b"export class Model {}".to_vec(), b"<html>".to_vec()).unwrap_err().to_string();
    assert!(e.contains("lantern_predictor_bg.wasm is not a WebAssembly module"), "{e}");
    assert!(e.contains("trunk build --release"), "{e}");
    let e = Runtime::new(b"console.log(1)".to_vec(), b"\0asm\x01\0\0\0".to_vec()).unwrap_err().to_string();
    assert!(e.contains("lantern_predictor.js is not the predictor's glue"), "{e}");
}

#[test]
fn rows_as_json_are_predicted_as_lantern_predict_predicts_their_csv() {
    let b = penguins();
    let csv = crate::data::builtin::builtin("penguins").unwrap().csv().unwrap();
    let p = Predictor::new(b).unwrap();
    let batch = p.predict_csv(csv.as_bytes()).unwrap();
    // Every row as an object of its raw cell texts ('' for an empty cell).
    let mut reader = csv::ReaderBuilder::new().from_reader(csv.as_bytes());
    let head: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let rows: Vec<serde_json::Value> = reader
        .records()
        .map(|r| serde_json::Value::Object(head.iter().cloned().zip(r.unwrap().iter().map(|c| c.into())).collect()))
        .collect();
    let got: Vec<serde_json::Value> =
        serde_json::from_str(&predict_json(&p, &serde_json::Value::Array(rows).to_string()).unwrap()).unwrap();
    assert_eq!(got.len(), batch.predictions.len());
    for (g, want) in got.iter().zip(&batch.predictions) {
        let crate::deploy::Prediction::Class { class, probabilities, .. } = want else { panic!() };
        assert_eq!(g["label"], class.as_str());
        let probs: Vec<f64> = g["probabilities"].as_array().unwrap().iter().map(|v| v.as_f64().unwrap()).collect();
        assert_eq!(&probs, probabilities, "the same bits");
    }
}

#[test]
fn json_cells_read_as_a_forms_text_and_errors_name_the_row_and_the_column() {
    let p = Predictor::new(penguins()).unwrap();
    let row = |bill: serde_json::Value, island: serde_json::Value| {
        serde_json::json!({"bill_length_mm": bill, "bill_depth_mm": 17.1, "flipper_length_mm": "190",
            "body_mass_g": 3700, "island": island, "sex": "female", "year": 2008, "ignored": [1]})
    };
    let one = |r: serde_json::Value| predict_json(&p, &format!("[{r}]"));
    let plain = one(row(39.5.into(), "Dream".into())).unwrap();
    // Numbers as text, with a decimal comma; categories with spaces around them.
    assert_eq!(one(row("39,5".into(), "  Dream ".into())).unwrap(), plain);
    assert_eq!(one(row(" 39.5".into(), "Dream".into())).unwrap(), plain);
    // Missing: null, '', the missing tokens — all filled alike.
    let missing = one(row(serde_json::Value::Null, serde_json::Value::Null)).unwrap();
    for (bill, island) in [("", ""), ("NA", "NA"), ("?", "-")] {
        assert_eq!(one(row(bill.into(), island.into())).unwrap(), missing);
    }
    // The predictions: three probabilities summing to one, in class order.
    let got: serde_json::Value = serde_json::from_str(&plain).unwrap();
    let probs: Vec<f64> = got[0]["probabilities"].as_array().unwrap().iter().map(|v| v.as_f64().unwrap()).collect();
    assert_eq!(probs.len(), 3);
    assert!((probs.iter().sum::<f64>() - 1.0).abs() < 1e-6);
    assert_eq!(predict_json(&p, "[]").unwrap(), "[]");
    let errors = [
        (one(row("abc".into(), "Dream".into())), "row 1, bill_length_mm: `abc` is not a number"),
        (one(row(true.into(), "Dream".into())), "row 1, bill_length_mm: `true` is not a number"),
        (one(row(1.into(), serde_json::json!({"a": 1}))), "row 1, island: `{\"a\":1}` is not a category name"),
        (
            predict_json(&p, &format!("[{}, {{\"island\": \"Dream\"}}]", row(1.into(), "Dream".into()))),
            "row 2 has no `",
        ),
        (predict_json(&p, "[3]"), "row 1 is not an object"),
        (predict_json(&p, "{}"), "give the rows as an array of objects"),
        (predict_json(&p, "[{"), "the rows are not JSON"),
    ];
    for (got, want) in errors {
        let e = got.unwrap_err().to_string();
        assert!(e.contains(want), "{e} (wanted {want})");
    }
}

#[test]
fn the_model_onnx_section_names_the_onnxruntime_web_version_the_end_to_end_test_pins() {
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
