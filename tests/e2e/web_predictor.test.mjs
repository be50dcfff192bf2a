// The web predictor (issue 19, "Embed"): `lantern export --format web` writes predictor.mjs,
// model.onnx and README.md. A plain static page (no app, no bundler: an import map points
// `onnxruntime-web/wasm` at the local node_modules copy) imports predictor.mjs, calls load() and
// predictBatch() on the CSV rows given as objects of raw cell texts, and must match `lantern
// predict` (labels equal, probabilities within 1e-5, values within 1e-5 relative), edge rows
// included; predict() of one row, numbers given as numbers, a decimal comma, spaces around a
// category, null for missing, and the errors for text in a number column and a missing key are
// checked too. Prints the page's download (gzip -9).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { serve, launch } from './lib.mjs';
import { prepareCase, specCase, compare, site, workDir, sizes, ORT_DIST, ORT_FILES, ORT_VERSION } from './onnx_lib.mjs';

const CASES = [
  { name: 'penguins-mlp', table: 'penguins', args: ['--builtin', 'penguins', '--model', 'mlp', '--hidden', '8', '--epochs', '15'] },
  { name: 'iris-softmax', table: 'iris', args: ['--builtin', 'iris', '--model', 'logistic', '--epochs', '20'] },
  { name: 'penguins-forest', table: 'penguins', args: ['--builtin', 'penguins', '--model', 'forest', '--trees', '20'] },
  { name: 'diabetes-boosting', table: 'diabetes', args: ['--builtin', 'diabetes', '--model', 'boosting', '--rounds', '30'] },
];

// The page a web developer would write: import the module, load the model, expose it.
const BODY = `<p id="status">loading</p>
<script type="module">
  import * as predictor from './predictor.mjs';
  await predictor.load('./model.onnx', { wasmPaths: '/ort/' });
  window.predictor = predictor;
  document.getElementById('status').textContent = 'ready';
</script>`;

test(`the web predictor (onnxruntime-web ${ORT_VERSION}) in a plain page predicts like lantern predict`, async () => {
  const dir = workDir('web-predictor');
  const root = site(path.join(dir, 'site'));
  const runs = path.join(dir, 'runs');
  const cases = [...CASES, specCase(runs)].map((c) => prepareCase(runs, { ...c, web: true }));
  for (const c of cases) {
    const files = fs.readdirSync(c.webDir).sort();
    assert.deepEqual(files, ['README.md', 'model.onnx', 'predictor.mjs']);
    const readme = fs.readFileSync(path.join(c.webDir, 'README.md'), 'utf8');
    assert.ok(readme.includes(`npm install onnxruntime-web@${ORT_VERSION}`), 'the README names the tested version');
    fs.cpSync(c.webDir, path.join(root, c.name), { recursive: true });
    fs.writeFileSync(path.join(root, c.name, 'index.html'), fs.readFileSync(path.join(root, 'index.html'), 'utf8').replace('<body>\n', `<body>\n${BODY}`));
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
      const result = compare(c, got);

      // One row, numbers given as numbers (and a missing cell as null): the same prediction.
      const typed = Object.fromEntries(Object.entries(objects[0]).map(([k, v]) => [k, /^-?[\d.]+$/.test(v) ? Number(v) : v]));
      const first = await b.page.evaluate((row) => window.predictor.predict(row), typed);
      assert.deepEqual(first, got[0], `${c.name}: predict(row) with numbers as numbers`);
      const model = await b.page.evaluate(() => window.predictor.model);
      assert.deepEqual(model.classes, c.card.class_names);
      assert.deepEqual(model.inputs.map((i) => i.name), c.card.inputs.map((i) => i.name));

      // Cells as the CSV reader reads them: a decimal comma, spaces around a category, null for
      // a missing value.
      const text = model.inputs.find((i) => i.type === 'category');
      const same = await b.page.evaluate(async ([row, num, cat]) => {
        const p = (r) => window.predictor.predict(r);
        const v = String(row[num]);
        const pairs = [[{ ...row, [num]: v.replace('.', ',') }, { ...row, [num]: v }], [{ ...row, [num]: null }, { ...row, [num]: 'NA' }]];
        if (cat) pairs.push([{ ...row, [cat]: `  ${row[cat]} ` }, { ...row, [cat]: row[cat] }], [{ ...row, [cat]: null }, { ...row, [cat]: '' }]);
        const out = [];
        for (const [a, b] of pairs) out.push(JSON.stringify(await p(a)) === JSON.stringify(await p(b)));
        return out;
      }, [objects[0], model.inputs.find((i) => i.type === 'number').name, text?.name]);
      assert.ok(same.every(Boolean), `${c.name}: decimal comma, spaces, null: ${same}`);

      // Errors name the row and the column.
      const number = model.inputs.find((i) => i.type === 'number').name;
      const bad = await b.page.evaluate(([row, col]) => window.predictor.predict({ ...row, [col]: 'abc' }).catch((e) => e.message), [objects[0], number]);
      assert.match(bad, new RegExp(`row 1, ${number}: \`abc\` is not a number`));
      const absent = await b.page.evaluate(([row, col]) => {
        const r = { ...row };
        delete r[col];
        return window.predictor.predict(r).catch((e) => e.message);
      }, [objects[0], number]);
      assert.match(absent, new RegExp(`row 1 has no \`${number}\``));

      const fetched = requests.map((u) => u.slice(server.url.length));
      assert.ok(requests.every((u) => u.startsWith(server.url)), `only local files: ${requests}`);
      console.log(`web predictor ${c.name}: ${JSON.stringify({ ...result, edgeRows: c.added, fetched })}`);
    }

    // The download of such a page: predictor.mjs + model.onnx + onnxruntime-web's wasm build.
    const c = cases[0];
    const own = ['predictor.mjs', 'model.onnx'].map((f) => ({ file: f, ...sizes(path.join(c.webDir, f)) }));
    const ort = ORT_FILES.map((f) => ({ file: `ort/${f}`, ...sizes(path.join(ORT_DIST, f)) }));
    const total = [...own, ...ort].reduce((a, f) => ({ raw: a.raw + f.raw, gzip: a.gzip + f.gzip }), { raw: 0, gzip: 0 });
    for (const f of [...own, ...ort]) console.log(`download ${f.file}: ${f.raw} bytes raw, ${f.gzip} gzip`);
    console.log(`download of the ${c.name} page: ${total.raw} bytes raw, ${total.gzip} bytes gzip`);
    assert.deepEqual(b.problems, []);
  } finally {
    await b.close();
    await server.close();
  }
});
