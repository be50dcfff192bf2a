// Open the page, press train: the loss falls, the decision map is drawn (pixels, not just a
// canvas element), and the page's main thread never blocks for more than 50 ms meanwhile.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, openApp, waitEpoch, metrics, runLog, canvasStats, shot, waitStatus, watchLongTasks, longTasks } from './lib.mjs';
import { setEpochs } from './share_lib.mjs';
import { app } from './app.mjs';

test('default experiment trains to a visible boundary without freezing the page', async () => {
  const server = await serve();
  const b = await launch();
  try {
    const { page } = b;
    await watchLongTasks(page);
    await openApp(page, server.url);
    assert.equal(await app(page).el('error').count(), 0, 'no error banner on a fresh page');
    assert.equal(await app(page).el('epoch').textContent(), '0');
    // The default 500 epochs now train in about a second: a longer run, so that the pause
    // below always lands mid-run.
    await setEpochs(page, 5000);
    await page.waitForTimeout(300); // let the first frame draw
    const before = await canvasStats(page, 'boundary-heat');
    await shot(page, 'default-before-training');

    const trainStart = await page.evaluate(() => performance.now());
    await app(page).el('train').click();
    await waitEpoch(page, 150);
    // Input stays responsive mid-run: a click is handled while training.
    // (A control in view: scrolling the long page down to the run log repaints every canvas on
    // the way, which measures the browser's raster, not the app.)
    const t0 = Date.now();
    await app(page).el('loss-log').check();
    const clickMs = Date.now() - t0;
    await app(page).el('loss-log').uncheck();
    await app(page).el('train').click(); // pause
    await waitStatus(page, 'paused');
    const trainEnd = await page.evaluate(() => performance.now());
    await page.waitForTimeout(300);

    const log = await runLog(page);
    assert.ok(log.length >= 150, `log has ${log.length} epochs`);
    assert.deepEqual(log.map((m) => m.epoch), log.map((_, i) => i + 1), 'epochs are consecutive');
    const first = log[0].train_loss, last = log.at(-1).train_loss;
    assert.ok(last < first / 3, `train loss fell from ${first} to ${last}`);
    const m = await metrics(page);
    assert.ok(m.test_accuracy >= 0.9, `test accuracy ${m.test_accuracy}`);

    const after = await canvasStats(page, 'boundary-heat');
    const overlay = await canvasStats(page, 'boundary');
    console.log(`boundary pixels before ${JSON.stringify(before)} after ${JSON.stringify(after)}`);
    assert.ok(after.painted > 0.99, 'the heat map is painted everywhere');
    assert.ok(after.blue > 0.1 && after.orange > 0.4, 'both classes have a region');
    assert.ok(overlay.painted > 0.02 && overlay.blue > 0.005 && overlay.orange > 0.005, 'axes and points are drawn');
    assert.ok(Math.abs(after.blue - before.blue) > 0.05, 'the map changed as the model learned');
    const loss = await canvasStats(page, 'loss-chart');
    assert.ok(loss.painted > 0.02, 'loss chart is drawn');

    const long = await longTasks(page, trainStart, trainEnd);
    const worst = Math.max(0, ...long.map((t) => t.duration));
    console.log(`main-thread long tasks while training: ${long.length}, worst ${worst.toFixed(1)} ms; click handled in ${clickMs} ms; ${log.length} epochs`);
    assert.ok(worst <= 50, `a main-thread task took ${worst} ms during training`);
    await shot(page, 'default-after-training');
    assert.deepEqual(b.problems, []);
  } finally {
    await b.close();
    await server.close();
  }
});
