// Deploy & monitor (issue 7): train two runs and compare them, export the finished model (zip
// with model.json + model.safetensors, the card's metrics equal to the page's), predict one row
// and a CSV file, re-import the model in a fresh browser (zip, and the two files) and get the
// very same predictions file, refuse files with missing or mistyped columns, load a shifted copy
// of the data and see exactly the shifted columns flagged, retrain on old + new and see the
// retrained run next to the model in Compare; time export, import and 10,000 predictions and
// watch for long main-thread tasks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { withApp, launch, openApp, waitStatus, waitText, longTasks, shot, SHOTS, DIST } from './lib.mjs';
import {
  unzip, PENGUINS, parseCsv, toCsv, shiftedPenguins, bigPenguins, tempFile, download, choose, settled,
  evaluationAccuracy, compareRows, driftRows,
} from './deploy_lib.mjs';
import { setEpochs } from './share_lib.mjs';
import { trainToDone } from './teach_lib.mjs';
import { app } from './app.mjs';

const DIR = path.join(SHOTS, 'deploy-files');

async function click(page, testid) {
  await app(page).el(testid).click();
  await waitStatus(page, 'paused');
}

/** Long tasks (> 50 ms) between two page times, as "duration@start" for the log. */
const durations = (tasks) => tasks.map((t) => Math.round(t.duration));

/** Predicts `file` in the panel; returns the predictions file's text and the page's timing. */
async function predictFile(page, file) {
  await choose(page, 'batch-input', file);
  await settled(page, 'batch-summary');
  const summary = await app(page).el('batch-summary').textContent();
  const { bytes } = await download(page, 'batch-download');
  return { text: bytes.toString('utf8'), summary };
}

test('export, predict, re-import, drift and retrain in the page', async () => {
  await withApp(async ({ page, problems, url }) => {
    // Two runs on penguins: softmax regression, then an MLP with one hidden layer of 4 units
    // (the table's defaults have one hidden layer of 32).
    await app(page).el('dataset-select').selectOption('builtin:penguins');
    await waitStatus(page, 'paused');
    await setEpochs(page, 40);
    await click(page, 'remove-layer');
    assert.equal(await app(page).el('export-model').isDisabled(), true, 'no export before a run is done');
    await trainToDone(page);
    const softmax = await evaluationAccuracy(page);
    await click(page, 'add-layer');
    await trainToDone(page);
    const mlp = await evaluationAccuracy(page);
    await app(page).go('compare');
    let rows = await compareRows(page);
    assert.deepEqual(rows.map((r) => [r.id, r.label, r.accuracy]), [[1, 'run 1', softmax.model], [2, 'run 2', mlp.model]]);

    // Export: the download is the zip of the card and the weights; the card's test metrics
    // are the page's.
    const t0 = Date.now();
    const zip = await download(page, 'export-model');
    const exportMs = Date.now() - t0;
    assert.equal(zip.name, 'penguins-mlp-4-relu.zip');
    const files = unzip(zip.bytes);
    assert.deepEqual(Object.keys(files).sort(), ['model.json', 'model.safetensors']);
    const card = JSON.parse(files['model.json'].toString('utf8'));
    assert.equal(card.format, 'lantern-model');
    assert.equal(card.test.accuracy.toFixed(4), mlp.model, 'the card holds the evaluation the page shows');
    assert.equal(card.test.baseline.accuracy.toFixed(4), mlp.baseline);
    assert.equal(card.training.epochs, 40);
    assert.deepEqual(card.architecture.hidden, [4]);
    assert.match(card.created, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/);
    const headerLength = Number(files['model.safetensors'].readBigUInt64LE(0));
    const header = JSON.parse(files['model.safetensors'].subarray(8, 8 + headerLength).toString('utf8'));
    assert.deepEqual(header['layers.0.weight'].shape, [card.architecture.inputs, 4]);
    const zipPath = tempFile(DIR, zip.name, zip.bytes);
    tempFile(DIR, 'model.json', files['model.json']);
    tempFile(DIR, 'model.safetensors', files['model.safetensors']);
    const cardText = await app(page).el('model-card').textContent();
    assert.match(cardText, /exported from run 2/);
    assert.match(cardText, new RegExp(`accuracy ${mlp.model}`));

    // The same model as one ONNX file (written in the deploy tools' chunk): the preparation
    // and the network, inputs named after the columns (checked against onnxruntime natively,
    // tests/onnx_export.rs).
    const onnx = await download(page, 'download-onnx');
    assert.equal(onnx.name, 'penguins-mlp-4-relu.onnx');
    const onnxText = onnx.bytes.toString('latin1');
    for (const word of ['lantern', 'ai.onnx.ml', 'LabelEncoder', 'bill_length_mm', 'probabilities', 'Adelie']) {
      assert.ok(onnxText.includes(word), `the ONNX file names ${word}`);
    }
    const onnxPath = tempFile(DIR, onnx.name, onnx.bytes);

    // The web predictor (same chunk; its runtime fetched from dist/predictor/ only now): a zip of
    // one folder with the ES module (the model's description written in), Lantern's predictor
    // as wasm (the very files the build wrote), the model bundle, the same ONNX file and the
    // README (run in a plain page against `lantern predict` by web_predictor.test.mjs).
    const web = await download(page, 'download-web-predictor');
    assert.equal(web.name, 'penguins-mlp-4-relu-web.zip');
    const webFiles = unzip(web.bytes);
    const inFolder = (f) => webFiles[`penguins-mlp-4-relu-web/${f}`];
    assert.deepEqual(Object.keys(webFiles).sort(),
      ['predictor.mjs', 'lantern_predictor.js', 'lantern_predictor_bg.wasm', 'model.zip', 'model.onnx', 'README.md']
        .map((f) => `penguins-mlp-4-relu-web/${f}`).sort());
    assert.ok(inFolder('model.onnx').equals(onnx.bytes), 'the same ONNX file');
    for (const f of ['lantern_predictor.js', 'lantern_predictor_bg.wasm']) {
      assert.ok(inFolder(f).equals(fs.readFileSync(path.join(DIST, 'predictor', f))), `${f}: the build's runtime`);
    }
    assert.ok(Object.keys(unzip(inFolder('model.zip'))).some((f) => f.endsWith('model.json')), 'model.zip is the bundle');
    const module = inFolder('predictor.mjs').toString('utf8');
    assert.match(module, /export async function predictBatch/);
    assert.match(module, /"classes": \[\s*"Adelie",\s*"Chinstrap",\s*"Gentoo"\s*\]/);
    assert.match(inFolder('README.md').toString('utf8'), /onnxruntime-web \d+\.\d+\.\d+ was tested/);

    // The run as a Python script and as a notebook (same chunk; the scripts are run against
    // scikit-learn natively, tests/python_export.rs): pins, model, table columns, classes.
    const script = await download(page, 'download-python');
    assert.equal(script.name, 'penguins-mlp-4-relu.py');
    const scriptText = script.bytes.toString('utf8');
    for (const word of ['# requires: numpy==2.4.6 scikit-learn==1.9.1', 'MLPClassifier(', '"bill_length_mm"', '"Adelie"', 'SPLIT = (']) {
      assert.ok(scriptText.includes(word), `the script holds ${word}`);
    }
    const notebook = await download(page, 'download-notebook');
    assert.equal(notebook.name, 'penguins-mlp-4-relu.ipynb');
    const nb = JSON.parse(notebook.bytes.toString('utf8'));
    assert.equal(nb.nbformat, 4);
    const code = nb.cells.filter((c) => c.cell_type === 'code').map((c) => c.source.join(''));
    assert.equal(`${code.join('\n\n')}\n`, scriptText, 'the notebook\'s code cells are the script');

    // One row: the typical row predicts a class with probabilities summing to 1; a value that
    // is not a number is named and its field marked.
    await app(page).el('prediction').waitFor();
    const probabilities = (await app(page).el('probabilities').locator('.bar-value').allTextContents()).map(Number);
    assert.equal(probabilities.length, 3);
    assert.ok(Math.abs(probabilities.reduce((a, b) => a + b, 0) - 1) < 3e-4, `${probabilities}`);
    await app(page).el('form-bill_length_mm').fill('abc');
    await waitText(page, 'predict-error', /bill_length_mm.*`abc` is not a number/);
    assert.equal(await app(page).el('form-bill_length_mm').getAttribute('aria-invalid'), 'true');
    await app(page).el('form-bill_length_mm').fill('52.5');
    await app(page).el('form-island').selectOption('Dream');
    await app(page).el('prediction').waitFor();
    const oneRow = await app(page).el('prediction').textContent();
    await shot(page, 'deploy-form');

    // A CSV file: every row with the predicted class and the three probabilities appended,
    // and the metrics on its labelled rows next to the test metrics.
    const penguinsPath = tempFile(DIR, 'penguins-new.csv', PENGUINS);
    const original = await predictFile(page, penguinsPath);
    const out = parseCsv(original.text);
    const input = parseCsv(PENGUINS);
    assert.deepEqual(out.head, [...input.head, 'predicted_species', 'p_Adelie', 'p_Chinstrap', 'p_Gentoo']);
    assert.equal(out.rows.length, 344);
    out.rows.forEach((r, i) => {
      assert.deepEqual(r.slice(0, 8), input.rows[i].map((c) => (c === 'NA' ? '' : c)), `row ${i + 1} as given`);
      const p = r.slice(9).map(Number);
      assert.ok(Math.abs(p[0] + p[1] + p[2] - 1) < 1e-6, `row ${i + 1}: ${p}`);
      assert.equal(r[8], ['Adelie', 'Chinstrap', 'Gentoo'][p.indexOf(Math.max(...p))]);
    });
    assert.match(await app(page).el('batch-metrics').textContent(), /344 labelled new rows/);
    console.log(`export: ${exportMs} ms to the download; one row with bill 52.5 on Dream: ${oneRow}`);

    // Missing and mistyped columns are named.
    const { head, rows: cells } = parseCsv(PENGUINS);
    const keep = head.map((h, j) => j).filter((j) => !['bill_depth_mm', 'year'].includes(head[j]));
    await choose(page, 'batch-input', tempFile(DIR, 'missing.csv', toCsv(keep.map((j) => head[j]), cells.map((r) => keep.map((j) => r[j])))));
    await waitText(page, 'deploy-message', /missing\.csv. was not predicted.*bill_depth_mm.*year/);
    const typo = cells.slice(0, 5).map((r, i) => (i === 1 ? r.map((c, j) => (head[j] === 'bill_length_mm' ? 'abc' : c)) : r));
    await choose(page, 'batch-input', tempFile(DIR, 'typo.csv', toCsv(head, typo)));
    await waitText(page, 'deploy-message', /typo\.csv. was not predicted.*line 3.*bill_length_mm/);
    console.log(`refusals: ${await app(page).el('deploy-message').textContent()}`);

    // A fresh browser imports the zip, then the two files: the same predictions, byte for byte.
    const fresh = await launch();
    try {
      await openApp(fresh.page, url);
      await choose(fresh.page, 'import-model', zipPath);
      await app(fresh.page).el('model-card').waitFor();
      assert.match(await app(fresh.page).el('model-card').textContent(), /imported from penguins-mlp-4-relu\.zip/);
      const again = await predictFile(fresh.page, penguinsPath);
      assert.equal(again.text, original.text, 'the imported zip predicts exactly like the exported model');
      await choose(fresh.page, 'import-model', [path.join(DIR, 'model.json'), path.join(DIR, 'model.safetensors')]);
      await waitText(fresh.page, 'model-card', /imported from model\.json and model\.safetensors/);
      const twoFiles = await predictFile(fresh.page, penguinsPath);
      assert.equal(twoFiles.text, original.text, 'the two files predict exactly like the zip');
      const timing = await app(fresh.page).el('deploy-timing').textContent();
      console.log(`fresh browser: ${timing}`);
      await choose(fresh.page, 'import-model', penguinsPath);
      await waitText(fresh.page, 'deploy-message', /penguins-new\.csv was not imported.*current model is kept/);
      // ONNX is one-way: the exported .onnx is refused, saying to import the bundle.
      await choose(fresh.page, 'import-model', onnxPath);
      await waitText(fresh.page, 'deploy-message',
        /penguins-mlp-4-relu\.onnx was not imported:.*is a Lantern export.*import the model bundle it was exported from.*current model is kept/);
      console.log(`ONNX import refused: ${await app(fresh.page).el('deploy-message').textContent()}`);
      assert.deepEqual(fresh.problems, []);
    } finally {
      await fresh.close();
    }

    // Drift: bill length + 2 sd and Torgersen moved to Biscoe; exactly those two are flagged.
    const { csv: shifted, sd } = shiftedPenguins();
    await choose(page, 'drift-input', tempFile(DIR, 'shifted.csv', shifted));
    await settled(page, 'drift-metrics');
    const drift = await driftRows(page);
    console.log(`drift (bill length + ${sd.toFixed(2)} mm): ${JSON.stringify(drift)}`);
    assert.deepEqual(drift.filter((r) => r.level !== 'none').map((r) => [r.column, r.level]),
      [['bill_length_mm', 'major'], ['island', 'major']]);
    assert.equal(drift.length, 7);
    assert.equal(await app(page).el('drift-verdict').textContent(),
      '2 of 7 features have drifted (all major): retraining on recent data is advised.');
    for (const column of ['bill_length_mm', 'island']) {
      const chart = app(page).el(`drift-chart-${column}`);
      assert.match(await chart.getAttribute('aria-label'), new RegExp(`^Distribution of ${column}, training against new`));
      await app(page).show(chart);
      await page.waitForTimeout(200);
      const painted = await chart.evaluate((c) => {
        const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
        let n = 0;
        for (let i = 0; i < data.length; i += 4) if (data[i] < 230 || data[i + 2] < 230) n++;
        return n / (data.length / 4);
      });
      assert.ok(painted > 0.02, `${column}: ${painted}`);
    }
    assert.equal(await app(page).el('drift-chart-body_mass_g').count(), 0, 'unflagged columns get no chart');
    const svg = await download(page, 'drift-chart-island-svg');
    assert.equal(svg.name, 'drift-island.svg');
    assert.match(svg.bytes.toString('utf8'), /^<svg/);
    await shot(page, 'deploy-drift');

    // Retrain on old + new: queued in the background, listed in Compare next to the model
    // before retraining evaluated on the same test rows.
    await app(page).el('retrain-old-new').click();
    await waitText(page, 'deploy-message', /Retraining queued: “retrained on old \+ new \(688 rows\)”/);
    await waitText(page, 'queue-status', /Done: 1 run recorded/, 180_000);
    rows = await compareRows(page);
    console.log(`compare after retraining: ${JSON.stringify(rows)}`);
    assert.equal(rows.length, 4);
    assert.match(rows[2].label, /^before retraining, on the same \d+ test rows$/);
    assert.equal(rows[3].label, 'retrained on old + new (688 rows)');
    assert.match(rows[3].data, /penguins-mlp-4-relu-retrain-old\+new\.csv → species/);
    assert.ok(rows.every((r) => /^\d\.\d{4}$/.test(r.accuracy)), 'every run has its test accuracy');
    await app(page).el('compare').scrollIntoViewIfNeeded();
    await shot(page, 'deploy-compare');

    // 10,000 rows: time and long tasks on the page's thread.
    const from = await page.evaluate(() => performance.now());
    const big = await predictFile(page, tempFile(DIR, 'penguins-10000.csv', bigPenguins(10_000)));
    const to = await page.evaluate(() => performance.now());
    const long = await longTasks(page, from, to);
    console.log(`10,000 rows: ${big.summary} (${Math.round(to - from)} ms to the download); long tasks ${JSON.stringify(durations(long))}`);
    assert.equal(parseCsv(big.text).rows.length, 10_000);
    assert.equal(parseCsv(big.text).rows.slice(0, 344).join('\n'), out.rows.join('\n'), 'the same rows predict the same');
    console.log(`timings: ${await app(page).el('deploy-timing').textContent()}`);
    assert.deepEqual(problems, []);
  }, { watch: true });
});
