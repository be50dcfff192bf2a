// Lantern web predictor: runs model.onnx (the whole pipeline Lantern trained: preparation and
// model) in the browser with onnxruntime-web. No server: the page that imports this module does
// the predicting.
//
//   import { load, predict, predictBatch } from './predictor.mjs';
//   await load();                                   // model.onnx next to this file, or load(url)
//   const p = await predict({ column: 'value', … }); // one row, keyed by the original column names
//
// Rows hold raw values as in the training CSV: numbers (or their text, a decimal comma accepted),
// categories as text; '', null, NA, N/A, NaN, ?, - … mean "missing" and are filled as in
// training; an unseen category counts as none of the known ones. Predictions are
// `{ label, probabilities }` (probabilities in the order of `model.classes`) for a classifier,
// `{ value }` for a regression. See README.md.
import * as ort from 'onnxruntime-web/wasm';

/** What the model reads and gives (written by Lantern's export). */
export const model = /* LANTERN_MODEL */ null;

// Lantern's missing-cell tokens (compared after trimming spaces).
const MISSING = new Set(['', 'NA', 'N/A', 'n/a', 'null', 'NULL', 'NaN', 'nan', '?', '-']);
// Numbers as Lantern's CSV reader reads them: a decimal point, or else one decimal comma.
const POINT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const COMMA = /^[+-]?(\d+,?\d*|,\d+)([eE][+-]?\d+)?$/;
const trim = (s) => s.replace(/^[ \t\n\r\f]+|[ \t\n\r\f]+$/g, '');

let session = null;

/** The number a cell holds (NaN when missing); throws for text that is not a number. */
export function toNumber(value, column) {
  if (value === null || value === undefined) return NaN;
  if (typeof value === 'number') {
    if (Number.isNaN(value) || Number.isFinite(value)) return value;
  } else if (typeof value === 'string') {
    const s = trim(value);
    if (MISSING.has(s)) return NaN;
    const n = POINT.test(s) ? Number(s) : COMMA.test(s) ? Number(s.replace(',', '.')) : NaN;
    if (Number.isFinite(n)) return n;
  }
  throw new Error(`${column}: \`${value}\` is not a number, and the model reads numbers here (leave it empty for a missing value)`);
}

/** The category a cell holds, as text ('' when missing). */
export function toCategory(value) {
  if (value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value))) return '';
  return trim(String(value));
}

/**
 * Loads the model: `source` is the URL of model.onnx (default: next to this module) or its
 * bytes. `options.wasmPaths` says where onnxruntime-web's .wasm/.mjs files are served (see
 * README.md); `options.numThreads` defaults to 1 (more needs a cross-origin-isolated page).
 * Resolves to `model`.
 */
export async function load(source = new URL('./model.onnx', import.meta.url), options = {}) {
  if (options.wasmPaths !== undefined) ort.env.wasm.wasmPaths = options.wasmPaths;
  ort.env.wasm.numThreads = options.numThreads ?? 1;
  let bytes = source;
  if (!(source instanceof ArrayBuffer || ArrayBuffer.isView(source))) {
    const response = await fetch(source);
    if (!response.ok) throw new Error(`${source}: ${response.status} ${response.statusText}`);
    bytes = await response.arrayBuffer();
  }
  session = await ort.InferenceSession.create(bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : bytes);
  return model;
}

/** Predictions for an array of rows (objects keyed by the original column names). */
export async function predictBatch(rows) {
  if (!session) throw new Error('call load() first');
  if (!Array.isArray(rows)) throw new Error('predictBatch takes an array of rows');
  if (rows.length === 0) return [];
  const n = rows.length;
  const feeds = {};
  for (const input of model.inputs) {
    rows.forEach((row, i) => {
      if (row === null || typeof row !== 'object' || !(input.name in row)) {
        throw new Error(`row ${i + 1} has no \`${input.name}\` (give null or '' for a missing value)`);
      }
    });
    feeds[input.name] = input.type === 'number'
      ? new ort.Tensor('float64', Float64Array.from(rows, (r, i) => toNumber(r[input.name], `row ${i + 1}, ${input.name}`)), [n, 1])
      : new ort.Tensor('string', rows.map((r) => toCategory(r[input.name])), [n, 1]);
  }
  const out = await session.run(feeds);
  if (model.task === 'regression') {
    const values = out[model.outputs.value].data;
    return Array.from(values, (value) => ({ value }));
  }
  const labels = out[model.outputs.label].data;
  const p = out[model.outputs.probabilities].data;
  const k = model.classes.length;
  return Array.from(labels, (label, i) => ({ label, probabilities: Array.from(p.subarray(i * k, (i + 1) * k)) }));
}

/** The prediction for one row. */
export async function predict(row) {
  return (await predictBatch([row]))[0];
}
