// The web predictor (issue 19, "Embed"): `lantern export --format web` writes predictor.mjs,
// Lantern's predictor as its own wasm (lantern_predictor.js + lantern_predictor_bg.wasm, the
// files the release build wrote into dist/predictor/), model.zip, model.onnx when ONNX can
// express the model, and README.md. A plain static page (no app, no bundler, no onnxruntime; a
// strict Content-Security-Policy as the README asks for) imports predictor.mjs, calls load()
// and predictBatch() on the CSV rows given as objects of raw cell texts, and must give exactly
// `lantern predict`'s labels and probabilities (or values; within 1e-6 for a network, whose
// f32 sums differ natively in the last bits), edge rows included, for networks,
// trees, k-NN and naive Bayes. predict() of one row, numbers given as numbers, a decimal comma,
// spaces around a category, null and NaN for missing, and the errors for text in a number
// column, a missing key and bytes that are not a model are checked too. Prints the page's
// download (gzip -9) beside onnxruntime-web's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { serve, launch } from './lib.mjs';
import { prepareCase, specCase, compare, workDir, sizes, ORT_DIST, ORT_FILES, ORT_VERSION } from './onnx_lib.mjs';

const CASES = [
  { name: 'penguins-mlp', table: 'penguins', args: ['--builtin', 'penguins', '--model', 'mlp', '--hidden', '8', '--epochs', '15'] },
  { name: 'iris-softmax', table: 'iris', args: ['--builtin', 'iris', '--model', 'logistic', '--epochs', '20'] },
  { name: 'penguins-forest', table: 'penguins', args: ['--builtin', 'penguins', '--model', 'forest', '--trees', '20'] },
  { name: 'diabetes-boosting', table: 'diabetes', args: ['--builtin', 'diabetes', '--model', 'boosting', '--rounds', '30'] },
  { name: 'penguins-knn', table: 'penguins', args: ['--builtin', 'penguins', '--model', 'knn'], onnx: false },
  { name: 'iris-bayes', table: 'iris', args: ['--builtin', 'iris', '--model', 'bayes'], onnx: false },
];

// The page a web developer would write: import the module, load the model, expose it. The
// script is a file of its own, so the page can forbid inline scripts.
const PAGE = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8" />
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; img-src data:" />
<title>web predictor check</title>
<link rel="icon" href="data:," />
</head>
<body>
<p id="status">loading</p>
<script type="module" src="./main.mjs"></script>
</body>
</html>
`;
const MAIN = `import * as predictor from './predictor.mjs';
await predictor.load();
window.predictor = predictor;
document.getElementById('status').textContent = 'ready';
`;

test('the web predictor (Lantern\'s predictor in wasm) in a plain page predicts like lantern predict', async () => {
  const dir = workDir('web-predictor');
  const root = path.join(dir, 'site');
  const runs = path.join(dir, 'runs');
  const cases = [...CASES, specCase(runs)].map((c) => prepareCase(runs, { ...c, web: true }));
  for (const c of cases) {
    const files = fs.readdirSync(c.webDir).sort();
    const want = ['README.md', 'lantern_predictor.js', 'lantern_predictor_bg.wasm', 'model.zip', ...(c.onnx ? ['model.onnx'] : []), 'predictor.mjs'];
    assert.deepEqual(files, want.sort(), `${c.name}: the folder`);
    const readme = fs.readFileSync(path.join(c.webDir, 'README.md'), 'utf8');
    assert.ok(readme.includes(c.onnx ? `onnxruntime-web ${ORT_VERSION} was tested` : 'There is no `model.onnx`, because'), `${c.name}: the README on ONNX`);
    fs.cpSync(c.webDir, path.join(root, c.name), { recursive: true });
    fs.writeFileSync(path.join(root, c.name, 'index.html'), PAGE);
    fs.writeFileSync(path.join(root, c.name, 'main.mjs'), MAIN);
  }
  const server = await serve(root);
  const b = await launch();
  const requests = [];
  b.page.on('request', (r) => requests.push(r.url()));
  try {
    for (const c of cases) {
      requests.length = 0;
      await b.page.goto(`${server.url}${c.name}/`);
      await b.page.waitForFunction(() => document.getElementById('status').textContent === 'ready');
      const objects = c.rows.map((r) => Object.fromEntries(c.head.map((h, j) => [h, r[j]])));
      const got = await b.page.evaluate((rows) => window.predictor.predictBatch(rows), objects);
      // The same code as `lantern predict`; a network's sums differ in the last bits of f32
      // (native kernels use FMA, wasm has none), trees, k-NN and Bayes print the same doubles.
      const result = compare(c, got, 1e-6);

      // One row, numbers given as numbers (and a missing cell as null): the same prediction.
      const typed = Object.fromEntries(Object.entries(objects[0]).map(([k, v]) => [k, /^-?[\d.]+$/.test(v) ? Number(v) : v]));
      const first = await b.page.evaluate((row) => window.predictor.predict(row), typed);
      assert.deepEqual(first, got[0], `${c.name}: predict(row) with numbers as numbers`);
      const model = await b.page.evaluate(() => window.predictor.model);
      assert.deepEqual(model.classes, c.card.class_names);
      assert.deepEqual(model.inputs.map((i) => i.name), c.card.inputs.map((i) => i.name));

      // Cells as the CSV reader reads them: a decimal comma, spaces around a category, null and
      // NaN for a missing value.
      const number = model.inputs.find((i) => i.type === 'number').name;
      const text = model.inputs.find((i) => i.type === 'category');
      const same = await b.page.evaluate(async ([row, num, cat]) => {
        const p = (r) => window.predictor.predict(r);
        const v = String(row[num]);
        const pairs = [[{ ...row, [num]: v.replace('.', ',') }, { ...row, [num]: v }], [{ ...row, [num]: null }, { ...row, [num]: 'NA' }],
          [{ ...row, [num]: NaN }, { ...row, [num]: '' }]];
        if (cat) pairs.push([{ ...row, [cat]: `  ${row[cat]} ` }, { ...row, [cat]: row[cat] }], [{ ...row, [cat]: null }, { ...row, [cat]: '' }]);
        const out = [];
        for (const [a, b] of pairs) out.push(JSON.stringify(await p(a)) === JSON.stringify(await p(b)));
        return out;
      }, [objects[0], number, text?.name]);
      assert.ok(same.every(Boolean), `${c.name}: decimal comma, spaces, null, NaN: ${same}`);

      // Errors name the row and the column; bytes that are not a model are refused.
      const errors = await b.page.evaluate(async ([row, col]) => {
        const message = (f) => f().then(() => 'no error', (e) => e.message);
        const r = { ...row };
        delete r[col];
        return {
          bad: await message(() => window.predictor.predictBatch([row, { ...row, [col]: 'abc' }])),
          absent: await message(() => window.predictor.predict(r)),
          infinite: await message(() => window.predictor.predict({ ...row, [col]: Infinity })),
          notModel: await message(() => window.predictor.load(new TextEncoder().encode('not a model'))),
        };
      }, [objects[0], number]);
      assert.match(errors.bad, new RegExp(`row 2, ${number}: \`abc\` is not a number`));
      assert.match(errors.absent, new RegExp(`row 1 has no \`${number}\``));
      assert.match(errors.infinite, new RegExp(`${number}: Infinity is not a number`));
      assert.match(errors.notModel, /zip|bundle|model/i);
      // The failed load left the loaded model in place.
      assert.deepEqual(await b.page.evaluate((row) => window.predictor.predict(row), typed), got[0]);

      const fetched = requests.map((u) => u.slice(server.url.length));
      assert.ok(requests.every((u) => u.startsWith(server.url)), `only local files: ${requests}`);
      console.log(`web predictor ${c.name}: ${JSON.stringify({ ...result, edgeRows: c.added, fetched, notModel: errors.notModel })}`);
    }

    // The download of such a page, and what onnxruntime-web's wasm build would have been.
    const c = cases[0];
    const own = ['predictor.mjs', 'lantern_predictor.js', 'lantern_predictor_bg.wasm', 'model.zip'].map((f) => ({ file: f, ...sizes(path.join(c.webDir, f)) }));
    const ort = ORT_FILES.map((f) => ({ file: `ort/${f}`, ...sizes(path.join(ORT_DIST, f)) }));
    const sum = (files) => files.reduce((a, f) => ({ raw: a.raw + f.raw, gzip: a.gzip + f.gzip }), { raw: 0, gzip: 0 });
    for (const f of [...own, ...ort]) console.log(`download ${f.file}: ${f.raw} bytes raw, ${f.gzip} gzip`);
    const total = sum(own);
    const onnx = sum([...ort, ...['predictor.mjs', 'model.onnx'].map((f) => sizes(path.join(c.webDir, f)))]);
    console.log(`download of the ${c.name} page: ${total.raw} bytes raw, ${total.gzip} bytes gzip (with onnxruntime-web ${ORT_VERSION} and model.onnx instead: ${onnx.gzip} bytes gzip)`);
    assert.ok(total.gzip < onnx.gzip, 'the lighter runtime');
    assert.deepEqual(b.problems, []);
  } finally {
    await b.close();
    await server.close();
  }
});
