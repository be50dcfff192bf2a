// ONNX in the browser (issue 19): models trained by `lantern run` (networks, logistic and
// softmax regression, linear regression, a forest and boosting; and a network with median
// imputation, min-max scaling, derived features and a number column used as categories) are
// exported with `lantern export --format onnx` and run by onnxruntime-web (npm, pinned in
// package.json; its wasm served from the local node_modules, no CDN) in headless Chromium, fed
// the raw CSV rows — the whole table plus rows with missing cells and unseen categories — one
// [N,1] tensor per column (float64 for numbers, NaN when missing; string for categories,
// trimmed). Labels must equal `lantern predict`'s and probabilities be within 1e-5 (values
// within 1e-5 relative), as onnxruntime from PyPI does natively (tests/onnx_export.rs). Every
// operator the export uses runs in onnxruntime-web's wasm build: ai.onnx.ml LabelEncoder
// (string keys) and TreeEnsembleRegressor, string Gather and outputs, double inputs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { serve, launch } from './lib.mjs';
import { prepareCase, specCase, compare, site, workDir, ORT_VERSION } from './onnx_lib.mjs';

const CASES = [
  { name: 'penguins-mlp', table: 'penguins', args: ['--builtin', 'penguins', '--model', 'mlp', '--hidden', '8,4', '--activation', 'tanh', '--epochs', '15'] },
  { name: 'penguins-sex-logistic', table: 'penguins', args: ['--builtin', 'penguins', '--target', 'sex', '--model', 'logistic', '--epochs', '15'] },
  { name: 'iris-softmax', table: 'iris', args: ['--builtin', 'iris', '--model', 'logistic', '--epochs', '20'] },
  { name: 'diabetes-linear', table: 'diabetes', args: ['--builtin', 'diabetes', '--model', 'linear', '--epochs', '15'] },
  { name: 'iris-mlp-gelu', table: 'iris', args: ['--builtin', 'iris', '--model', 'mlp', '--hidden', '5', '--activation', 'gelu', '--epochs', '8'] },
  { name: 'penguins-forest', table: 'penguins', args: ['--builtin', 'penguins', '--model', 'forest', '--trees', '20'] },
  { name: 'penguins-sex-boosting', table: 'penguins', args: ['--builtin', 'penguins', '--target', 'sex', '--model', 'boosting', '--rounds', '20'] },
  { name: 'diabetes-boosting', table: 'diabetes', args: ['--builtin', 'diabetes', '--model', 'boosting', '--rounds', '30'] },
];

/** In the page: runs `/<name>.onnx` on the rows with onnxruntime-web; the outputs as plain arrays. */
async function runInPage(page, name, head, rows) {
  return page.evaluate(async ({ name, head, rows }) => {
    const ort = await import('onnxruntime-web/wasm');
    ort.env.wasm.wasmPaths = '/ort/';
    ort.env.wasm.numThreads = 1;
    const session = await ort.InferenceSession.create(`/${name}.onnx`);
    const missing = new Set(['', 'NA', 'N/A', 'n/a', 'null', 'NULL', 'NaN', 'nan', '?', '-']);
    const feeds = {};
    const types = {};
    for (const input of session.inputMetadata) {
      const j = head.indexOf(input.name);
      if (j < 0) throw new Error(`no column ${input.name}`);
      const cells = rows.map((r) => (r[j] ?? '').trim());
      types[input.name] = input.type;
      feeds[input.name] = input.type === 'string'
        ? new ort.Tensor('string', cells, [rows.length, 1])
        : new ort.Tensor('float64', Float64Array.from(cells, (c) => (missing.has(c) ? NaN : Number(c))), [rows.length, 1]);
    }
    const out = await session.run(feeds);
    const plain = Object.fromEntries(Object.entries(out).map(([k, t]) => [k, { type: t.type, dims: t.dims, data: Array.from(t.data) }]));
    return { outputs: session.outputNames, inputs: types, plain };
  }, { name, head, rows });
}

test(`onnxruntime-web ${ORT_VERSION} in Chromium predicts like lantern predict (networks, logistic, softmax, trees)`, async () => {
  const dir = workDir('onnx-web');
  const runs = path.join(dir, 'runs');
  const cases = [...CASES, specCase(runs)].map((c) => prepareCase(runs, c));
  const codes = cases.at(-1).card.inputs.find((i) => i.name === 'year');
  assert.equal(codes.numeric_codes, true, 'year is a number column used as categories');
  const root = site(path.join(dir, 'site'));
  for (const c of cases) fs.copyFileSync(c.onnx, path.join(root, `${c.name}.onnx`));
  const server = await serve(root);
  const b = await launch();
  const requests = [];
  b.page.on('request', (r) => requests.push(r.url()));
  try {
    await b.page.goto(server.url);
    const report = [];
    for (const c of cases) {
      const r = await runInPage(b.page, c.name, c.head, c.rows);
      const k = c.card.class_names.length;
      let got;
      if (k > 0) {
        assert.deepEqual(r.outputs, ['label', 'probabilities']);
        assert.equal(r.plain.label.type, 'string');
        assert.deepEqual(r.plain.probabilities.dims, [c.rows.length, k]);
        const p = r.plain.probabilities.data;
        got = r.plain.label.data.map((label, i) => ({ label, probabilities: p.slice(i * k, (i + 1) * k) }));
      } else {
        assert.deepEqual(r.outputs, ['value']);
        assert.equal(r.plain.value.type, 'float64');
        got = r.plain.value.data.map((value) => ({ value }));
      }
      const types = [...new Set(Object.values(r.inputs))].sort();
      report.push({ name: c.name, inputs: types.join('+'), edgeRows: c.added, ...compare(c, got) });
    }
    for (const line of report) console.log(`onnxruntime-web: ${JSON.stringify(line)}`);
    assert.ok(report.some((l) => l.inputs === 'float64+string'), 'string and double inputs are both fed');
    const foreign = requests.filter((u) => !u.startsWith(server.url) && !u.startsWith('data:'));
    assert.deepEqual(foreign, [], 'everything is served locally');
    assert.ok(requests.some((u) => u.endsWith('/ort/ort-wasm-simd-threaded.wasm')), 'the wasm from node_modules');
    assert.deepEqual(b.problems, []);
  } finally {
    await b.close();
    await server.close();
  }
});
