// Compare (issue 7): every finished run is recorded; the Compare panel lists runs in a sortable
// table whose numbers match each run's evaluation, overlays the selected runs' curves, shows how
// their settings differ, and queues seed repeats and grid searches that train in a background
// worker while the page stays usable — on built-in data and on the user's own file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { withApp, waitStatus, waitEpoch, epoch, waitText, longTasks, SHOTS, ROOT } from './lib.mjs';
import { setEpochs } from './share_lib.mjs';
import { trainToDone } from './teach_lib.mjs';
import { app } from './app.mjs';

/** Runs the command line (the release build, else the debug one) and returns its stdout. */
function lantern(args) {
  const bin = [path.join(ROOT, 'target', 'release', 'lantern'), path.join(ROOT, 'target', 'debug', 'lantern')]
    .find((p) => fs.existsSync(p));
  assert.ok(bin, 'the lantern CLI is built (cargo build)');
  return execFileSync(bin, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
}

/** The model's and the baseline's test accuracy as the evaluation panel shows them. */
async function evaluationAccuracy(page) {
  await app(page).el('evaluation').waitFor();
  return app(page).el('evaluation').evaluate((el) => {
    const row = [...el.querySelectorAll('tr')].find((tr) => tr.querySelector('th')?.textContent.trim() === 'accuracy');
    const [model, baseline] = [...row.querySelectorAll('td')].map((td) => td.textContent.trim());
    return { model, baseline };
  });
}

/** The table's rows, in order: id, label, and the shown value of each metric column. */
async function tableRows(page) {
  return app(page).el('runs-table').evaluate((t) => [...t.querySelectorAll('tbody:not(.groups) tr')].map((tr) => {
    const cell = (col) => tr.querySelector(`[data-col=${col}] .value`)?.textContent.trim();
    return { id: Number(cell('id')), label: cell('label'), accuracy: cell('accuracy'), data: cell('data'),
      baseline: tr.querySelector('[data-col=accuracy] .baseline')?.textContent.trim() };
  }));
}

/** Waits until the queue says it is done with `n` runs. */
async function waitQueueDone(page, n, timeout = 180_000) {
  await waitText(page, 'queue-status', new RegExp(`Done: ${n} runs? recorded`), timeout);
}

/** Share of a canvas's pixels within 40 (per channel) of each colour (looked at on its stage). */
async function colourShares(page, testid, colours) {
  await app(page).show(testid);
  return app(page).el(testid).evaluate((c, colours) => {
    const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
    const counts = colours.map(() => 0);
    for (let i = 0; i < data.length; i += 4) {
      colours.forEach(([r, g, b], k) => {
        if (Math.abs(data[i] - r) < 40 && Math.abs(data[i + 1] - g) < 40 && Math.abs(data[i + 2] - b) < 40) counts[k]++;
      });
    }
    return counts.map((n) => n / (data.length / 4));
  }, colours);
}

/** Clicks a download button; the file's name and bytes. */
async function download(page, testid) {
  const [file] = await Promise.all([page.waitForEvent('download'), app(page).el(testid).click()]);
  return { name: file.suggestedFilename(), bytes: fs.readFileSync(await file.path()) };
}

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sampleStd = (xs) => Math.sqrt(xs.reduce((a, x) => a + (x - mean(xs)) ** 2, 0) / (xs.length - 1));

test('two runs compared; seeds and a grid queued in the background while the page stays responsive', async () => {
  await withApp(async ({ page, problems }) => {
    // Run 1: the spiral (hard enough that runs differ), 30 epochs. Run 2: a ten times smaller
    // learning rate.
    await app(page).el('dataset-select').selectOption('spiral');
    await waitStatus(page, 'paused');
    await setEpochs(page, 30);
    await trainToDone(page);
    const first = await evaluationAccuracy(page);
    await app(page).el('learning-rate').selectOption('0.003');
    await waitStatus(page, 'paused');
    await trainToDone(page);
    const second = await evaluationAccuracy(page);
    console.log(`run 1 accuracy ${first.model} (baseline ${first.baseline}), run 2 ${second.model}`);

    await app(page).go('compare');
    let rows = await tableRows(page);
    assert.deepEqual(rows.map((r) => [r.id, r.label]), [[1, 'run 1'], [2, 'run 2']]);
    assert.equal(rows[0].accuracy, first.model, 'run 1: the table shows its evaluation');
    assert.equal(rows[1].accuracy, second.model, 'run 2: the table shows its evaluation');
    assert.equal(rows[0].baseline, `baseline ${first.baseline}`);
    assert.notEqual(first.model, second.model, 'the two runs differ (else sorting proves nothing)');

    // Sort by accuracy: best first, then the other way; the log loss column by keyboard.
    const header = (col) => app(page).el(`sort-${col}`);
    const order = (rs) => rs.map((r) => Number(r.accuracy));
    await header('accuracy').click();
    assert.equal(await page.locator('th:has([data-testid=sort-accuracy])').getAttribute('aria-sort'), 'descending');
    rows = await tableRows(page);
    assert.deepEqual(order(rows), [...order(rows)].sort((a, b) => b - a));
    await header('accuracy').click();
    assert.equal(await page.locator('th:has([data-testid=sort-accuracy])').getAttribute('aria-sort'), 'ascending');
    rows = await tableRows(page);
    assert.deepEqual(order(rows), [...order(rows)].sort((a, b) => a - b));
    await header('log_loss').focus();
    await page.keyboard.press('Enter');
    assert.equal(await page.locator('th:has([data-testid=sort-log_loss])').getAttribute('aria-sort'), 'ascending');
    await header('id').click();

    // Both selected: two lines on the chart (Okabe–Ito blue, then vermillion), and the one
    // setting that differs.
    const before = await colourShares(page, 'compare-chart', [[0x00, 0x72, 0xB2], [0xD5, 0x5E, 0x00]]);
    await app(page).el('select-1').check();
    await app(page).el('select-2').check();
    await page.waitForFunction(() => /of 2 runs/.test(document.querySelector('[data-testid=compare-chart]').getAttribute('aria-label')));
    await page.waitForTimeout(300); // the paint runs in the next animation frame
    const [blue, vermillion] = await colourShares(page, 'compare-chart', [[0x00, 0x72, 0xB2], [0xD5, 0x5E, 0x00]]);
    console.log(`chart pixels: blue ${(blue * 100).toFixed(2)}%, vermillion ${(vermillion * 100).toFixed(2)}% (before selecting: ${before.map((v) => (v * 100).toFixed(2)).join(', ')})`);
    assert.ok(blue > 0.003 && vermillion > 0.002, 'each run has its line');
    // The chart downloads as SVG, on a log scale once asked.
    await app(page).el('compare-log').check();
    const svg = await download(page, 'compare-chart-svg');
    assert.equal(svg.name, 'compare.svg');
    const text = svg.bytes.toString();
    for (const s of ['#1 run 1', '#2 run 2', 'test loss (log scale)']) assert.ok(text.includes(`\n${s}\n</text>`), s);
    const png = await download(page, 'compare-chart-png');
    assert.equal(png.name, 'compare.png');
    await app(page).el('compare-log').uncheck();
    const diff = app(page).el('diff-row');
    assert.equal(await diff.count(), 1, 'only the learning rate differs');
    assert.equal(await diff.getAttribute('data-path'), 'training.learning_rate');
    assert.deepEqual(await diff.locator('td').allTextContents(), ['0.03', '0.003']);
    assert.equal(await diff.locator('mark').textContent(), '0.003', 'the changed value is highlighted');
    await app(page).el('compare').screenshot({ path: `${SHOTS}/compare-two-runs.png` });

    // Three seeds of the current experiment (run 2's) queue in the background.
    await app(page).el('repeat-n').fill('3');
    await app(page).el('repeat-seeds').click();
    await waitQueueDone(page, 3);

    rows = await tableRows(page);
    const seeds = rows.filter((r) => /^seed \d+ \(\d\/3\)$/.test(r.label));
    assert.equal(seeds.length, 3, JSON.stringify(rows));
    // The first seed is the experiment's own: the same numbers as run 2, bit for bit.
    assert.equal(seeds[0].label.startsWith('seed 7 '), true);
    assert.equal(seeds[0].accuracy, second.model);
    const group = page.locator('tr.group-row');
    assert.equal(await group.count(), 1);
    const shown = (await group.locator('[data-col=accuracy]').textContent()).trim();
    const [m, s] = shown.split(' ± ').map(Number);
    const values = seeds.map((r) => Number(r.accuracy));
    console.log(`seed accuracies ${values.join(', ')} → shown ${shown}`);
    assert.ok(Math.abs(m - mean(values)) <= 1e-4, `mean ${m} vs ${mean(values)}`);
    assert.ok(Math.abs(s - sampleStd(values)) <= 2e-4, `std ${s} vs ${sampleStd(values)}`);
    assert.match(await group.locator('[data-col=label]').textContent(), /mean ± std over 3 seeds of MLP 8-8 tanh \(3 runs\)/);

    // A grid over two numbers of epochs fills the table. The long run leaves time to check that
    // the interactive run meanwhile takes commands: a fresh run steps one epoch per click.
    await app(page).el('reset').click();
    await waitStatus(page, 'paused');
    await app(page).el('grid-param-1').selectOption('epochs');
    await app(page).el('grid-values-1').fill('3000, 10');
    assert.equal(await app(page).el('grid-run').textContent(), 'Queue 2 runs');
    const t0 = await page.evaluate(() => performance.now());
    await app(page).el('grid-run').click();
    await waitText(page, 'queue-status', /run 1 of 2 — epochs 3000 · epoch [1-9]/);
    const times = [];
    for (let k = 1; k <= 3; k++) {
      const clicked = Date.now();
      await app(page).el('step').click();
      await waitEpoch(page, k, 10_000);
      times.push(Date.now() - clicked);
    }
    const during = await app(page).el('queue-status').textContent();
    console.log(`three epochs stepped in ${times.join(', ')} ms while the queue trained ("${during}")`);
    assert.match(during, /run 1 of 2/, 'the queue was still on its long run');
    assert.ok(Math.max(...times) < 2000, `a step took ${Math.max(...times)} ms while the queue ran`);
    assert.equal(await epoch(page), 3);
    await waitQueueDone(page, 2);
    const t1 = await page.evaluate(() => performance.now());
    const long = await longTasks(page, t0, t1);
    console.log(`main-thread tasks over 50 ms during the ${((t1 - t0) / 1000).toFixed(1)} s grid: ${JSON.stringify(long.map((t) => Math.round(t.duration)))}`);
    assert.ok(long.every((t) => t.duration < 100), 'no main-thread task over 100 ms while the queue trains');
    rows = await tableRows(page);
    const grid = rows.filter((r) => /^epochs (3000|10)$/.test(r.label));
    assert.deepEqual(grid.map((r) => r.label), ['epochs 3000', 'epochs 10']);
    assert.ok(grid.every((r) => /^\d\.\d{4}$/.test(r.accuracy)), JSON.stringify(grid));
    // Cancel ends the running job and drops the rest; nothing more is recorded.
    await app(page).el('grid-values-1').fill('5000, 6000');
    await app(page).el('grid-run').click();
    await waitText(page, 'queue-status', /run 1 of 2 — epochs 5000/);
    await app(page).el('queue-cancel').click();
    await waitText(page, 'queue-status', /Cancelled: 0 of 2 runs finished and recorded/);
    assert.equal((await tableRows(page)).length, rows.length);
    // A grid that is too big is refused before anything is queued.
    await app(page).el('grid-values-1').fill('1 2 3 4 5 6 7');
    await app(page).el('grid-param-2').selectOption('learning_rate');
    await app(page).el('grid-values-2').fill('0.001 0.003 0.01 0.03 0.1 0.3');
    assert.match(await app(page).el('grid-plan').textContent(), /7 × 6 = 42 runs is more than 36/);
    assert.equal(await app(page).el('grid-run').isDisabled(), true);
    await app(page).el('compare').screenshot({ path: `${SHOTS}/compare-queued.png` });
    assert.deepEqual(problems, []);
  }, { watch: true });
});

const table = (() => {
  const rows = ['x1,x2,colour,label'];
  for (let i = 0; i < 160; i++) {
    const a = ((i * 37) % 100) / 10 - 5, b = ((i * 53) % 100) / 10 - 5;
    rows.push(`${a},${b},${i % 3 === 0 ? 'red' : 'blue'},${a * b > 0 ? 'yes' : 'no'}`);
  }
  return Buffer.from(rows.join('\n') + '\n');
})();

test('queued runs train on an uploaded file; runs persist, and can be deleted', async () => {
  await withApp(async ({ page, problems }) => {
    await app(page).openFile({ name: 'quadrants.csv', mimeType: 'text/csv', buffer: table });
    await setEpochs(page, 20);
    await trainToDone(page);
    const own = await evaluationAccuracy(page);
    await app(page).go('compare');
    await app(page).el('repeat-n').fill('2');
    await app(page).el('repeat-seeds').click();
    await waitQueueDone(page, 2);
    let rows = await tableRows(page);
    assert.equal(rows.length, 3, JSON.stringify(rows));
    assert.ok(rows.every((r) => r.data === 'quadrants.csv → label'), JSON.stringify(rows));
    // The queue trained on the same file: its first seed repeats the interactive run exactly.
    assert.equal(rows[1].label, 'seed 7 (1/2)');
    assert.equal(rows[1].accuracy, own.model);

    // Algorithms on the same split: logistic regression, two MLPs and the models that are not
    // networks, each trained in the queue's worker.
    await app(page).el('compare-algorithms').click();
    await waitQueueDone(page, 8);
    rows = await tableRows(page);
    assert.deepEqual(rows.slice(3).map((r) => r.label), [
      'logistic regression', 'MLP 32 relu', 'MLP 64-64 relu', 'decision tree', 'random forest (50 trees, depth ≤ 12)',
      'gradient boosting (100 rounds, 31 leaves)', 'k-NN (k = 5)', 'naive Bayes',
    ]);
    // The quadrants are a checkerboard (label = x1·x2 > 0): a line cannot split them (0.5 on
    // this split), axis-aligned cuts can (the tree 0.81, the forest 0.94, boosting 1.0), and so
    // can the nearest neighbours (0.94).
    const accuracy = (label) => Number(rows.find((r) => r.label === label).accuracy);
    assert.ok(accuracy('logistic regression') < 0.65, JSON.stringify(rows));
    for (const label of ['decision tree', 'random forest (50 trees, depth ≤ 12)', 'gradient boosting (100 rounds, 31 leaves)', 'k-NN (k = 5)']) {
      assert.ok(accuracy(label) > 0.75, `${label}: ${JSON.stringify(rows)}`);
    }

    // With a forest chosen, the grid offers the forest's own settings and varies them.
    await app(page).go('train');
    await app(page).el('model-kind').selectOption('forest');
    await app(page).go('compare');
    const offered = await app(page).el('grid-param-1').locator('option').evaluateAll((os) => os.map((o) => o.value));
    assert.deepEqual(offered, ['trees', 'max_depth', 'min_samples_leaf', 'max_features']);
    assert.equal(await app(page).el('grid-values-1').inputValue(), '10, 50, 100');
    await app(page).el('grid-values-1').fill('5, 20');
    await app(page).el('grid-param-2').selectOption('max_depth');
    await app(page).el('grid-values-2').fill('2, none');
    assert.equal(await app(page).el('grid-run').textContent(), 'Queue 4 runs');
    await app(page).el('grid-run').click();
    await waitQueueDone(page, 4);
    rows = await tableRows(page);
    assert.deepEqual(rows.slice(11).map((r) => r.label), ['trees 5 · depth 2', 'trees 5 · depth none', 'trees 20 · depth 2', 'trees 20 · depth none']);
    assert.ok(accuracy('trees 20 · depth none') > 0.75, JSON.stringify(rows));

    // A 3-fold cross-validation of the forest: three runs, each tested on a third of the rows,
    // and their mean ± std; the command line's --cv gets the very same folds and numbers.
    await app(page).el('folds-k').fill('3');
    await app(page).el('queue-folds').click();
    await waitQueueDone(page, 3);
    rows = await tableRows(page);
    const folds = rows.filter((r) => /^fold \d\/3$/.test(r.label));
    assert.deepEqual(folds.map((r) => r.label), ['fold 1/3', 'fold 2/3', 'fold 3/3']);
    const cvRow = page.locator('tr.group-row').filter({ hasText: '3-fold cross-validation' });
    assert.match(await cvRow.locator('[data-col=label]').textContent(),
      /mean ± std over 3-fold cross-validation of random forest \(100 trees\) \(3 runs\)/);
    const [cvMean] = (await cvRow.locator('[data-col=accuracy]').textContent()).trim().split(' ± ').map(Number);
    assert.ok(Math.abs(cvMean - mean(folds.map((r) => Number(r.accuracy)))) <= 1e-4, `${cvMean}`);
    const csv = path.join(os.tmpdir(), `lantern-quadrants-${process.pid}.csv`);
    fs.writeFileSync(csv, table);
    const native = JSON.parse(lantern(['run', '--data', csv, '--target', 'label', '--model', 'forest', '--cv', '3', '--json']));
    fs.rmSync(csv);
    assert.deepEqual(folds.map((r) => r.accuracy), native.cv.folds.map((f) => f.test.accuracy.toFixed(4)),
      `the page's folds are the command line's: ${JSON.stringify(native.cv)}`);

    // Folds in the table's order (time): each tests on the next block and trains on the rows
    // before it only; the command line's --cv-time cuts the same folds.
    const cuts = await app(page).el('folds-by').locator('option').evaluateAll((os) => os.map((o) => o.value));
    assert.deepEqual(cuts.slice(0, 2), ['', 'time'], `the fold menu: ${cuts}`);
    assert.ok(cuts.every((c) => c !== 'group:label'), 'the target is not offered as groups');
    await app(page).el('folds-by').selectOption('time');
    await app(page).el('queue-folds').click();
    await waitQueueDone(page, 3);
    const timeRow = page.locator('tr.group-row').filter({ hasText: "in the table's order (time)" });
    assert.match(await timeRow.locator('[data-col=label]').textContent(), /3-fold cross-validation of random forest \(100 trees\), in the table's order \(time\)/);
    const timeFolds = (await tableRows(page)).slice(-3);
    fs.writeFileSync(csv, table);
    const nativeTime = JSON.parse(lantern(['run', '--data', csv, '--target', 'label', '--model', 'forest', '--cv', '3', '--cv-time', '--json']));
    fs.rmSync(csv);
    assert.deepEqual(timeFolds.map((r) => r.accuracy), nativeTime.cv.folds.map((f) => f.test.accuracy.toFixed(4)),
      `the page's time folds are the command line's: ${JSON.stringify(nativeTime.cv)}`);

    // The runs survive a reload (browser storage), and can be deleted.
    await page.reload();
    await app(page).el('status').waitFor();
    await waitStatus(page, 'paused');
    await app(page).go('compare');
    assert.equal((await tableRows(page)).length, 21);
    await app(page).el('delete-1').click();
    assert.deepEqual((await tableRows(page)).map((r) => r.id), [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21]);
    await app(page).el('clear-runs').click();
    await app(page).el('clear-confirm').click();
    await app(page).el('runs-empty').waitFor();
    assert.equal(await page.evaluate(() => JSON.parse(localStorage.getItem('lantern.runs')).records.length), 0);
    assert.deepEqual(problems, []);
  });
});
