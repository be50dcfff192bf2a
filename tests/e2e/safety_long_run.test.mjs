// Long runs keep memory flat (issue 9): the default experiment trains for 70,000 gradient steps
// in the page (1,000 points, batch 1: 70,000 steps in 100 epochs, sampled every 250 ms while it runs) while the test samples the page's JavaScript heap (after a garbage collection),
// the page's and the worker's wasm memories (the worker's through the test hook
// `self.__lanternMemory`) and the resident memory of the browser's renderer processes. After a
// warm-up of 2,000 steps, the wasm memories and the heap may grow by less than 10 %. The
// numbers are printed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { serve, launch, openApp, waitStatus, runLog, epoch } from './lib.mjs';
import { hooks } from './safety_lib.mjs';
import { app } from './app.mjs';

const MB = 1024 * 1024;

/** Resident memory (bytes) of this browser's renderer processes, which hold the page and the worker. */
function rendererRss(profile) {
  let total = 0;
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmd.includes('--type=renderer') || !cmd.includes(profile)) continue;
      const rss = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (rss) total += Number(rss[1]) * 1024;
    } catch { /* the process ended */ }
  }
  return total;
}

test('70,000 training steps keep memory flat', async () => {
  const server = await serve();
  const b = await launch();
  try {
    const { page } = b;
    await page.addInitScript(() => {
      addEventListener('TrunkApplicationStarted', (e) => { window.__pageMemory = e.detail.wasm.memory; });
    });
    await openApp(page, hooks(server.url));
    const cdp = await page.context().newCDPSession(page);
    // 1,000 points, 700 of them training rows, in batches of 1: 700 steps an epoch; 100 epochs =
    // 70,000 steps (few epochs, so what the page keeps per epoch stays small against the steps).
    const perEpoch = 700;
    await app(page).el('points').fill('1000');
    await waitStatus(page, 'paused');
    for (const [id, v] of [['batch-size', 1], ['epochs', 100]]) {
      await app(page).el(id).fill(String(v));
      await app(page).el(id).press('Enter');
      await waitStatus(page, 'paused');
    }
    const sample = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      const heap = await cdp.send('Runtime.getHeapUsage');
      const worker = page.workers().at(-1);
      return {
        epoch: await epoch(page),
        heap: heap.usedSize,
        pageWasm: await page.evaluate(() => window.__pageMemory.buffer.byteLength),
        workerWasm: await worker.evaluate(() => self.__lanternMemory.buffer.byteLength),
        rss: rendererRss(b.profile),
      };
    };
    const samples = [await sample()];
    const started = Date.now();
    await app(page).el('train').click();
    for (;;) {
      await page.waitForTimeout(250);
      const done = /done/.test(await app(page).el('status').textContent());
      samples.push(await sample());
      if (done) break;
      assert.ok(Date.now() - started < 15 * 60_000, 'the run finishes within 15 minutes');
    }
    const seconds = (Date.now() - started) / 1000;
    const log = await runLog(page);
    const steps = log.at(-1).steps;
    assert.equal(steps, 100 * perEpoch, `${steps} steps`);
    console.log(`${steps} steps in ${seconds.toFixed(0)} s (${(steps / seconds).toFixed(0)} steps/s)`);
    console.log('epoch  steps   page heap  page wasm  worker wasm  renderer RSS (MB)');
    for (const s of samples) {
      console.log(`${String(s.epoch).padStart(5)}  ${String(s.epoch * perEpoch).padStart(6)}  ${(s.heap / MB).toFixed(1).padStart(9)}  ` +
        `${(s.pageWasm / MB).toFixed(1).padStart(9)}  ${(s.workerWasm / MB).toFixed(1).padStart(11)}  ${(s.rss / MB).toFixed(0).padStart(12)}`);
    }
    const warm = samples.find((s) => s.epoch * perEpoch >= 2000);
    const last = samples.at(-1);
    assert.ok(warm && warm !== last, 'samples after the warm-up');
    for (const key of ['heap', 'pageWasm', 'workerWasm']) {
      const growth = last[key] / warm[key] - 1;
      console.log(`${key}: ${(warm[key] / MB).toFixed(1)} MB after warm-up → ${(last[key] / MB).toFixed(1)} MB at the end (${(growth * 100).toFixed(1)} %)`);
      assert.ok(growth < 0.10, `${key} grew by ${(growth * 100).toFixed(1)} % after the warm-up`);
    }
    console.log(`renderer RSS: ${(warm.rss / MB).toFixed(0)} MB → ${(last.rss / MB).toFixed(0)} MB`);
    assert.deepEqual(b.problems, []);
  } finally {
    await b.close();
    await server.close();
  }
});
