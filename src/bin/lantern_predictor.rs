//! The web predictor's runtime: Lantern's predictor alone, compiled to its own wasm module
//! (Trunk builds it into `dist/predictor/`; [`lantern::deploy::embed`] puts it in the web
//! predictor's folder, where `predictor.mjs` wraps it). JavaScript sees one class:
//!
//! ```js
//! const model = new Model(zipBytes);          // a model bundle (model.zip)
//! JSON.parse(model.describe());               // what it reads and gives
//! JSON.parse(model.predictJson(JSON.stringify(rows)));
//! ```
//!
//! Everything it does is the core's ([`ModelBundle::from_zip`], [`Predictor`],
//! [`lantern::deploy::embed::rows`]), so its predictions are `lantern predict`'s.
#![cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]

use lantern::deploy::embed::{describe, rows::predict_json};
use lantern::deploy::{ModelBundle, Predictor};
use wasm_bindgen::prelude::*;

/// An exported model, ready to predict.
#[wasm_bindgen]
pub struct Model {
    predictor: Predictor,
}

#[wasm_bindgen]
impl Model {
    /// Reads a model bundle (the zip Lantern exports).
    ///
    /// # Errors
    /// The bundle's refusals (not a Lantern bundle, damaged, a newer format), as messages.
    #[wasm_bindgen(constructor)]
    pub fn new(zip: &[u8]) -> Result<Model, JsError> {
        let predictor =
            ModelBundle::from_zip(zip).and_then(Predictor::new).map_err(|e| JsError::new(&e.to_string()))?;
        Ok(Model { predictor })
    }

    /// The model's description as JSON: name, target, task, classes, inputs (name and type).
    pub fn describe(&self) -> String {
        describe(self.predictor.bundle()).to_string()
    }

    /// Predictions for rows given as JSON (an array of objects keyed by the column names), as
    /// JSON ([`predict_json`]).
    ///
    /// # Errors
    /// A row without an input, text that is not a number in a numeric input, … as messages
    /// naming the row and the column.
    #[wasm_bindgen(js_name = predictJson)]
    pub fn predict_json(&self, rows: &str) -> Result<String, JsError> {
        predict_json(&self.predictor, rows).map_err(|e| JsError::new(&e.to_string()))
    }
}

fn main() {}
