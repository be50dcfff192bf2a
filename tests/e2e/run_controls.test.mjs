// The run controls of a practitioner: one batch at a time, stop keeping the best model, a
// learning rate changed mid-run without a reset, dropout, and a regression loss.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withApp, waitStatus, waitEpoch, epoch, runLog, shot, waitText } from './lib.mjs';
import { app } from './app.mjs';

test('step one batch, then finish the epoch', async () => {
  await withApp(async ({ page, problems }) => {
    await app(page).el('step-batch').click();
    // Circle, 400 points, 70 % training, batch 16 → 280 rows in 18 batches.
    await waitText(page, 'batch', /batch 1\/18 of epoch 1 · loss \d/);
    assert.equal(await epoch(page), 0, 'no epoch is complete yet');
    await app(page).el('step-batch').click();
    await waitText(page, 'batch', /batch 2\/18 of epoch 1/);
    await shot(page, 'controls-batch-step');
    // Stepping an epoch finishes the one in progress: 16 more batches.
    await app(page).el('step').click();
    await waitEpoch(page, 1);
    const log = await runLog(page);
    assert.equal(log.length, 1);
    assert.equal(log[0].steps, 18, 'the epoch took 18 steps in all');
    assert.equal(await app(page).el('batch').textContent(), '', 'the batch note goes with the finished epoch');
    assert.deepEqual(problems, []);
  });
});

test('the learning rate changes while training, without a reset', async () => {
  await withApp(async ({ page, problems }) => {
    await app(page).el('epochs').fill('100000');
    await app(page).el('epochs').press('Enter');
    await waitStatus(page, 'paused');
    await app(page).el('train').click();
    await waitEpoch(page, 5);
    await app(page).el('learning-rate').selectOption('0.01');
    const at = await epoch(page);
    await waitEpoch(page, at + 5);
    assert.equal(await app(page).el('train').getAttribute('aria-pressed'), 'true', 'still training');
    const changes = await app(page).el('live-changes').textContent();
    assert.match(changes, /learning rate 0\.03 → 0\.01/);
    await app(page).el('train').click();
    await waitStatus(page, 'paused');
    const log = await runLog(page);
    assert.deepEqual(log.map((m) => m.epoch), log.map((_, i) => i + 1), 'one unbroken run');
    assert.ok(log.length >= at + 5);
    // A setting that shapes the run (the optimizer) starts a fresh one.
    await app(page).el('optimizer').selectOption('sgd');
    await waitStatus(page, 'paused');
    assert.equal(await epoch(page), 0);
    assert.equal(await app(page).el('live-changes').count(), 0);
    assert.deepEqual(problems, []);
  });
});

test('stop ends the run and keeps the best validation epoch', async () => {
  await withApp(async ({ page, problems }) => {
    await app(page).el('dataset-select').selectOption('spiral');
    await app(page).el('validation-share').fill('20');
    await app(page).el('validation-share').press('Enter');
    await waitStatus(page, 'paused');
    assert.equal(await app(page).el('stop').isDisabled(), true, 'nothing to stop before training');
    await app(page).el('train').click();
    await waitEpoch(page, 30);
    await app(page).el('stop').click();
    await waitStatus(page, 'stopped: keeping epoch');
    const status = await app(page).el('status').textContent();
    const kept = Number(status.match(/keeping epoch (\d+)/)[1]);
    const log = await runLog(page);
    const best = log.reduce((a, m) => (m.validation_loss < a.validation_loss ? m : a));
    assert.equal(kept, best.epoch, `kept epoch ${kept}, best validation loss at ${best.epoch}`);
    // The stopped run is evaluated on the test set.
    await app(page).el('evaluation').waitFor();
    assert.match(await app(page).el('evaluation').textContent(), /accuracy/i);
    await shot(page, 'controls-stopped');
    // Play starts a fresh run of the same experiment.
    assert.equal(await app(page).el('stop').isDisabled(), true);
    assert.deepEqual(problems, []);
  });
});

test('dropout and a regression loss are used and replay identically', async () => {
  await withApp(async ({ page, problems }) => {
    await app(page).el('dataset-select').selectOption('gaussian_bump');
    await waitStatus(page, 'paused');
    await app(page).el('loss').selectOption('huber');
    await app(page).el('dropout').fill('0.2');
    await app(page).el('dropout').press('Enter');
    await waitStatus(page, 'paused');
    for (let i = 0; i < 3; i++) await app(page).el('step').click();
    await waitEpoch(page, 3);
    const first = await runLog(page);
    await app(page).el('reset').click();
    await waitStatus(page, 'paused');
    for (let i = 0; i < 3; i++) await app(page).el('step').click();
    await waitEpoch(page, 3);
    const again = await runLog(page);
    assert.deepEqual(again, first, 'same seed, same dropout masks, same numbers');
    assert.ok(first[2].train_loss < first[0].train_loss * 1.5, 'trains');
    // Without dropout the numbers differ: the masks were really applied.
    await app(page).el('dropout').fill('0');
    await app(page).el('dropout').press('Enter');
    await waitStatus(page, 'paused');
    await app(page).el('step').click();
    await waitEpoch(page, 1);
    const plain = await runLog(page);
    assert.notEqual(plain[0].train_loss, first[0].train_loss);
    assert.deepEqual(problems, []);
  });
});
