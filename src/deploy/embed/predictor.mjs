// Lantern web predictor: predicts with model.zip (the model Lantern exported: its preparation
// and its model) in the browser, with Lantern's own predictor compiled to WebAssembly
// (lantern_predictor.js and lantern_predictor_bg.wasm). No server: the page that imports this
// module does the predicting, with the same code as `lantern predict`.
//
//   import { load, predict, predictBatch } from './predictor.mjs';
//   await load();                                   // model.zip next to this file, or load(url)
//   const p = await predict({ column: 'value', … }); // one row, keyed by the original column names
//
// Rows hold raw values as in the training CSV: numbers (or their text, a decimal comma accepted),
// categories as text; null, '', NA, N/A, NaN, ?, - … mean "missing" and are filled as in
// training; an unseen category counts as none of the known ones. Predictions are
// `{ label, probabilities }` (probabilities in the order of `model.classes`) for a classifier,
// `{ value }` for a regression. See README.md.
import init, { Model } from './lantern_predictor.js';

/** What the model reads and gives (written by Lantern's export; `load` sets the loaded model's). */
export let model = /* LANTERN_MODEL */ null;

let loaded = null;

/** The bytes at `source` (a URL or a string), or `source` itself when it already is bytes. */
async function bytesOf(source) {
  if (source instanceof ArrayBuffer) return new Uint8Array(source);
  if (ArrayBuffer.isView(source)) return new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
  const response = await fetch(source);
  if (!response.ok) throw new Error(`${source}: ${response.status} ${response.statusText}`);
  return new Uint8Array(await response.arrayBuffer());
}

/**
 * Loads the model: `source` is the URL of model.zip (default: next to this module) or its
 * bytes. `options.wasm` is the URL of lantern_predictor_bg.wasm (default: next to this module).
 * Resolves to `model`.
 */
export async function load(source = new URL('./model.zip', import.meta.url), options = {}) {
  await init({ module_or_path: options.wasm ?? new URL('./lantern_predictor_bg.wasm', import.meta.url) });
  const next = new Model(await bytesOf(source));
  loaded?.free();
  loaded = next;
  model = JSON.parse(loaded.describe());
  return model;
}

/** Predictions for an array of rows (objects keyed by the original column names). */
export async function predictBatch(rows) {
  if (!loaded) throw new Error('call load() first');
  if (!Array.isArray(rows)) throw new Error('predictBatch takes an array of rows');
  // NaN and ±Infinity have no JSON form: NaN means missing (null); an infinity is refused.
  const text = JSON.stringify(rows, (key, value) => {
    if (typeof value !== 'number' || Number.isFinite(value)) return value;
    if (Number.isNaN(value)) return null;
    throw new Error(`${key}: ${value} is not a number the model can read`);
  });
  return JSON.parse(loaded.predictJson(text));
}

/** The prediction for one row. */
export async function predict(row) {
  return (await predictBatch([row]))[0];
}
