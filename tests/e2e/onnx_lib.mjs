// Helpers of the onnxruntime-web end-to-end tests (onnx_web.test.mjs, web_predictor.test.mjs):
// the `lantern` command line (train, export, predict), the rows that test the pipeline's edges,
// a static site that serves onnxruntime-web from the local node_modules (no CDN), the
// comparison with `lantern predict` and gzip sizes.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { ROOT, SHOTS, DIST } from './lib.mjs';
import { parseCsv } from './deploy_lib.mjs';

/** onnxruntime-web's dist/ folder (tests/e2e/package.json pins the version). */
export const ORT_DIST = path.join(ROOT, 'tests', 'e2e', 'node_modules', 'onnxruntime-web', 'dist');
export const ORT_VERSION = JSON.parse(fs.readFileSync(path.join(ORT_DIST, '..', 'package.json'), 'utf8')).version;

/** The files a page with onnxruntime-web's CPU (wasm) build downloads from dist/. */
export const ORT_FILES = ['ort.wasm.min.mjs', 'ort-wasm-simd-threaded.mjs', 'ort-wasm-simd-threaded.wasm'];

/** The newest `lantern` binary built (`LANTERN_BIN` overrides; CARGO_TARGET_DIR is looked in too). */
export function lanternBin() {
  if (process.env.LANTERN_BIN) return process.env.LANTERN_BIN;
  const dirs = [process.env.CARGO_TARGET_DIR, path.join(ROOT, 'target')].filter(Boolean);
  const found = dirs.flatMap((d) => ['release', 'debug'].map((p) => path.join(d, p, 'lantern'))).filter((p) => fs.existsSync(p));
  assert.ok(found.length, 'the lantern CLI is built (cargo build)');
  return found.sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0];
}

export function lantern(args) {
  return execFileSync(lanternBin(), args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, RAYON_NUM_THREADS: '1' } });
}

/** A fresh folder under target/e2e. */
export function workDir(name) {
  const dir = path.join(SHOTS, name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * The bundled table's CSV plus rows that test the pipeline's edges (as tests/onnx_export.rs):
 * the first data row with each input cell in turn made missing (empty, then `NA`), every input
 * missing at once, and each categorical input given a category never seen in training.
 */
export function edgeRows(table, card) {
  const text = fs.readFileSync(path.join(ROOT, 'www', 'datasets', `${table}.csv`), 'utf8');
  const { head, rows } = parseCsv(text);
  const first = rows[0];
  const extra = [];
  const allMissing = [...first];
  card.inputs.forEach((input, k) => {
    const j = head.indexOf(input.name);
    const row = [...first];
    row[j] = k % 2 === 0 ? '' : 'NA';
    extra.push(row);
    allMissing[j] = '';
    if (input.kind === 'categorical') {
      const unseen = [...first];
      unseen[j] = input.numeric_codes ? '99' : 'Atlantis';
      extra.push(unseen);
    }
  });
  extra.push(allMissing);
  return { head, rows: [...rows, ...extra], added: extra.length };
}

/**
 * Median imputation, min–max scaling, a number column used as categories (`year`: doubles
 * compared with Equal) and every derived feature (x², a·b, sin x), set in the spec as
 * tests/onnx_export.rs does (the command line has no flags for them).
 */
export function specCase(dir) {
  const spec = JSON.parse(lantern(['spec', '--builtin', 'penguins', '--model', 'mlp', '--hidden', '6']));
  Object.assign(spec.data.prepare, {
    numeric_missing: 'median',
    scaling: 'min_max',
    kinds: { year: 'categorical' },
    derived: [
      { op: 'square', column: 'bill_length_mm' },
      { op: 'product', a: 'bill_depth_mm', b: 'body_mass_g' },
      { op: 'sin', column: 'flipper_length_mm' },
    ],
  });
  spec.training.epochs = 15;
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'derived-spec.json');
  fs.writeFileSync(file, JSON.stringify(spec));
  return { name: 'penguins-derived-codes', table: 'penguins', args: ['--spec', file] };
}

/**
 * Trains `args` with `lantern run`, writes the edge rows, predicts them with `lantern predict`
 * and exports the model as ONNX (unless `onnx` is false) and, with `web`, as a web predictor
 * folder (its runtime from the build's dist/predictor/). Returns the
 * paths, the card, the rows and what `lantern predict` said.
 */
export function prepareCase(dir, { name, table, args, web = false, onnx: withOnnx = true }) {
  const run = path.join(dir, name);
  lantern(['run', '--json', '--out', run, ...args]);
  const model = path.join(run, 'model');
  const card = JSON.parse(fs.readFileSync(path.join(model, 'model.json'), 'utf8'));
  const { head, rows, added } = edgeRows(table, card);
  const data = path.join(run, 'rows.csv');
  fs.writeFileSync(data, [head, ...rows].map((r) => r.join(',')).join('\n') + '\n');
  const predicted = path.join(run, 'predicted.csv');
  lantern(['predict', '--model', model, '--data', data, '--out', predicted]);
  const onnx = withOnnx ? path.join(run, 'model.onnx') : null;
  if (onnx) lantern(['export', '--model', model, '--format', 'onnx', '--out', onnx]);
  let webDir = null;
  if (web) {
    webDir = path.join(run, 'web');
    lantern(['export', '--model', model, '--format', 'web', '--out', webDir, '--runtime', path.join(DIST, 'predictor')]);
  }
  const expected = parseCsv(fs.readFileSync(predicted, 'utf8')).rows;
  return { name, run, model, card, head, rows, added, onnx, webDir, expected };
}

/**
 * Compares predictions (`{label, probabilities}` or `{value}` per row) with `lantern predict`'s
 * CSV rows: labels equal, probabilities within `tolerance` (absolute), values within
 * `tolerance` relative to max(1, |value|). Returns the largest differences.
 */
export function compare(c, got, tolerance = 1e-5) {
  assert.equal(got.length, c.expected.length, `${c.name}: one prediction per row`);
  const k = c.card.class_names.length;
  let maxProbability = 0;
  let maxValue = 0;
  got.forEach((g, i) => {
    const want = c.expected[i];
    if (k > 0) {
      assert.equal(g.label, want[want.length - k - 1], `${c.name}, row ${i + 1}: the label`);
      want.slice(-k).map(Number).forEach((p, j) => {
        const d = Math.abs(g.probabilities[j] - p);
        maxProbability = Math.max(maxProbability, d);
        assert.ok(d <= tolerance, `${c.name}, row ${i + 1}, class ${c.card.class_names[j]}: ${g.probabilities[j]} vs ${p}`);
      });
    } else {
      const want1 = Number(want[want.length - 1]);
      const d = Math.abs(g.value - want1) / Math.max(1, Math.abs(want1));
      maxValue = Math.max(maxValue, d);
      assert.ok(d <= tolerance, `${c.name}, row ${i + 1}: ${g.value} vs ${want1}`);
    }
  });
  return k > 0 ? { rows: got.length, maxAbsDiffProbability: maxProbability } : { rows: got.length, maxRelDiffValue: maxValue };
}

/**
 * A static site in `dir`: `ort/` is onnxruntime-web's dist/ (a symlink into node_modules) and
 * index.html a plain page (no app, no CDN).
 */
export function site(dir, body = '') {
  fs.mkdirSync(dir, { recursive: true });
  const link = path.join(dir, 'ort');
  if (!fs.existsSync(link)) fs.symlinkSync(ORT_DIST, link);
  fs.writeFileSync(path.join(dir, 'index.html'), page(body));
  return dir;
}

/** A plain HTML page with an import map for `onnxruntime-web/wasm` (served from /ort/). */
export function page(body = '') {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8" />
<title>onnxruntime-web check</title>
<link rel="icon" href="data:," />
<script type="importmap">{ "imports": { "onnxruntime-web/wasm": "/ort/ort.wasm.min.mjs" } }</script>
</head>
<body>
${body}
</body>
</html>
`;
}

/** Raw and gzip -9 bytes of a file. */
export function sizes(file) {
  const bytes = fs.readFileSync(file);
  return { raw: bytes.length, gzip: zlib.gzipSync(bytes, { level: 9 }).length };
}
