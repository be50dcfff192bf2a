// The controls a student touches: step, dataset, layers, activation, bad input, divergence.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, openApp, epoch, metrics, canvasStats, shot, waitStatus as status } from './lib.mjs';
import { app } from './app.mjs';


test('step, dataset, layers, activation and errors', async () => {
  const server = await serve();
  const b = await launch();
  try {
    const { page } = b;
    await openApp(page, server.url);

    // Step trains exactly one epoch each time.
    await app(page).el('step').click();
    await page.waitForFunction(() => document.querySelector('[data-testid=epoch]').textContent === '1');
    await app(page).el('step').click();
    await page.waitForFunction(() => document.querySelector('[data-testid=epoch]').textContent === '2');
    assert.ok((await metrics(page)).test_accuracy !== undefined);

    // Another dataset: the run restarts at epoch 0 on new points.
    await app(page).el('dataset-select').selectOption('xor');
    await status(page, 'paused');
    assert.equal(await epoch(page), 0);
    await page.waitForTimeout(200);

    // Network shape: add a layer, widen it, switch activation; the parameter count follows.
    const params = async () => Number((await app(page).el('status').textContent()).match(/(\d+) parameters/)[1]);
    const p0 = await params();
    await app(page).el('add-layer').click();
    await status(page, 'paused');
    assert.equal(await page.locator('[data-testid=layers] li').count(), 3);
    await app(page).role('button', { name: 'Add a unit to layer 3' }).click();
    await status(page, 'paused');
    assert.ok((await params()) > p0);
    await app(page).el('activation').selectOption('relu');
    await status(page, 'paused');
    for (let i = 0; i < 8; i++) {
      if (await app(page).el('add-layer').isDisabled()) break;
      await app(page).el('add-layer').click();
    }
    assert.equal(await page.locator('[data-testid=layers] li').count(), 8, 'eight hidden layers allowed');
    assert.ok(await app(page).el('add-layer').isDisabled(), 'no ninth layer');
    // A layer's width is typed; out-of-range widths are refused with the field named.
    await app(page).el('units-1').fill('600');
    await app(page).el('units-1').press('Enter');
    await app(page).el('error').waitFor();
    assert.match(await app(page).el('error').textContent(), /model\.hidden.*1 to 512/);
    await page.getByRole('button', { name: 'Dismiss error' }).click();
    await app(page).el('units-1').fill('32');
    await app(page).el('units-1').press('Enter');
    await page.waitForFunction(() => document.querySelector('[data-testid=units-1]').value === '32');
    await status(page, 'paused');

    // Regression dataset trains and reports R².
    await app(page).el('dataset-select').selectOption('gaussian_bump');
    await status(page, 'paused');
    await app(page).el('step').click();
    await page.waitForFunction(() => document.querySelector('[data-testid=epoch]').textContent === '1');
    assert.ok((await metrics(page)).test_r2 !== undefined, 'regression shows R²');
    const map = await canvasStats(page, 'boundary-heat');
    assert.ok(map.painted > 0.99, 'regression heat map drawn');
    await shot(page, 'controls-regression');

    // Bad input is refused with a message naming the field, and can be dismissed.
    await app(page).el('batch-size').fill('0');
    await app(page).el('batch-size').press('Enter');
    await app(page).el('error').waitFor();
    assert.match(await app(page).el('error').textContent(), /training\.batch_size/);
    await page.getByRole('button', { name: 'Dismiss error' }).click();
    assert.equal(await app(page).el('error').count(), 0);

    // A diverging run stops with a visible error that says what to try.
    await app(page).el('dataset-select').selectOption('plane');
    await app(page).el('optimizer').selectOption('sgd');
    await app(page).el('activation').selectOption('linear');
    await app(page).el('learning-rate').selectOption('10');
    await status(page, 'paused');
    await app(page).el('train').click();
    await app(page).el('error').waitFor();
    assert.match(await app(page).el('error').textContent(), /diverged.*learning rate/);
    await status(page, 'stopped by an error');
    await shot(page, 'controls-diverged');
    // Recover without reloading: a sane learning rate trains again.
    await app(page).el('learning-rate').selectOption('0.01');
    await status(page, 'paused');
    assert.equal(await app(page).el('error').count(), 0);
    await app(page).el('step').click();
    await page.waitForFunction(() => document.querySelector('[data-testid=epoch]').textContent === '1');
    assert.deepEqual(b.problems, []);
  } finally {
    await b.close();
    await server.close();
  }
});
