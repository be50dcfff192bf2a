// Crashes and bad storage lose nothing (issue 9): a panic in the training worker is shown, the
// page starts a new worker with the same experiment and data, and ▶ trains again without a
// reload; a panic on the page shows a banner whose Reload brings the experiment back; corrupt,
// wrong-type and foreign data in the browser's storage are set aside with a notice at start.
// The panics come from the test hooks (`?test-hooks`, src/web/glue/test_hooks.rs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, openApp, waitEpoch, waitStatus, waitText, epoch, shot } from './lib.mjs';
import { hooks } from './safety_lib.mjs';
import { setEpochs } from './share_lib.mjs';
import { app } from './app.mjs';

const csv = (() => {
  const rows = ['x1,x2,colour,label'];
  for (let i = 0; i < 120; i++) {
    const a = ((i * 37) % 100) / 10 - 5, b = ((i * 53) % 100) / 10 - 5;
    rows.push(`${a},${b},${i % 3 === 0 ? 'red' : 'blue'},${a + b > 0 ? 'yes' : 'no'}`);
  }
  return Buffer.from(rows.join('\n') + '\n');
})();

/** Makes the current training worker panic (a message only a worker with hooks honours). */
async function panicWorker(page) {
  const workers = page.workers();
  assert.ok(workers.length >= 1, 'the training worker is running');
  await workers.at(-1).evaluate(() => self.dispatchEvent(new MessageEvent('message', { data: 'lantern-test:panic' })));
}

test('a worker panic is shown, the experiment and the file are kept, and ▶ trains again', async () => {
  const server = await serve();
  const b = await launch();
  try {
    const { page } = b;
    await openApp(page, hooks(server.url));
    await app(page).openFile({ name: 'mine.csv', mimeType: 'text/csv', buffer: csv });
    await setEpochs(page, 4000);
    // A long run: without the early stopping the table's defaults turn on.
    await app(page).el('patience').fill('0');
    await app(page).el('patience').press('Enter');
    await waitStatus(page, 'paused');
    await app(page).el('train').click();
    await waitEpoch(page, 3);
    const address = page.url();

    for (const round of [1, 2]) {
      await panicWorker(page);
      await waitText(page, 'error', /deliberate panic in the training worker.*restarted: your experiment and data are kept/);
      await waitStatus(page, 'stopped by an error');
      if (round === 1) await shot(page, 'safety-worker-panic');
      assert.equal(await app(page).el('dataset-select').inputValue(), 'file:mine.csv', 'the data is kept');
      assert.equal(await app(page).el('epochs').inputValue(), '4000', 'the experiment is kept');
      assert.equal(page.url(), address, 'the address still holds the experiment');
      // ▶ starts the run again on a new worker, with the user's file (no reload).
      await app(page).el('train').click();
      await waitStatus(page, 'training');
      const before = await epoch(page);
      await waitEpoch(page, before + 3);
      assert.equal(await app(page).el('error').count(), 0, 'the error is gone once the run restarted');
      assert.match(await app(page).el('preparation-steps').textContent(), /colour: one-hot/, 'trained on the file');
    }
    await app(page).el('train').click();
    await waitStatus(page, 'paused');
  } finally {
    await b.close();
    await server.close();
  }
});

test('a page panic shows a banner; Reload brings back the experiment and its small file', async () => {
  const server = await serve();
  const b = await launch();
  try {
    const { page } = b;
    await openApp(page, hooks(server.url));
    await app(page).openFile({ name: 'mine.csv', mimeType: 'text/csv', buffer: csv });
    await setEpochs(page, 7);
    await page.evaluate(() => window.__lanternTestPanic()).catch(() => {}); // the trap is thrown to the caller too
    await waitText(page, 'error', /deliberate panic on the page.*Reload the page to start again: your experiment is kept/);
    await shot(page, 'safety-page-panic');
    await Promise.all([page.waitForEvent('load'), app(page).el('panic-reload').click()]);
    await app(page).el('train').waitFor();
    await waitStatus(page, 'paused');
    assert.equal(await app(page).el('dataset-select').inputValue(), 'file:mine.csv');
    assert.equal(await app(page).el('epochs').inputValue(), '7');
    await app(page).el('train').click();
    await waitStatus(page, 'done');
    assert.equal(await epoch(page), 7);
  } finally {
    await b.close();
    await server.close();
  }
});

test('corrupt, wrong-type and foreign storage is set aside with a notice; the app starts and records runs', async () => {
  const server = await serve();
  const b = await launch();
  try {
    const { page } = b;
    const cases = [
      // [lantern.current, lantern.runs, what the notice says]
      ['{"spec": 5}', '{"not": "a list"}', /saved experiment could not be read.*saved runs could not be read.*set aside/],
      ['v1.garbage.0000', '[{"spec":', /saved experiment could not be read.*saved runs could not be read.*set aside/],
      [null, '[1, "two"]', /saved runs could not be read: .*set aside and a new one started/],
      [null, '{"version": 99, "records": []}', /saved by a newer Lantern \(format 99/],
    ];
    await openApp(page, server.url);
    for (const [current, runs, said] of cases) {
      await page.evaluate(([c, r]) => {
        localStorage.clear();
        if (c !== null) localStorage.setItem('lantern.current', c);
        localStorage.setItem('lantern.runs', r);
        localStorage.setItem('another-app.settings', '<img src=x onerror=alert(1)>');
        localStorage.setItem('lantern.from-a-future-version', '{"x": 1}');
      }, [current, runs]);
      await page.goto(server.url); // no link in the address: the stored experiment is read
      await app(page).el('train').waitFor();
      await waitStatus(page, 'paused');
      await waitText(page, 'notice', said);
      const kept = await page.evaluate(() => ({
        current: localStorage.getItem('lantern.current.corrupt'),
        runs: localStorage.getItem('lantern.runs.corrupt'),
        foreign: localStorage.getItem('another-app.settings'),
        future: localStorage.getItem('lantern.from-a-future-version'),
      }));
      assert.equal(kept.current, current, 'the unreadable experiment is kept aside');
      assert.equal(kept.runs, runs, 'the unreadable runs are kept aside');
      assert.equal(kept.foreign, '<img src=x onerror=alert(1)>', 'other keys are left alone');
      assert.equal(kept.future, '{"x": 1}');
    }
    await shot(page, 'safety-storage-notice');
    // A run finishes and starts a fresh list of runs.
    await setEpochs(page, 3);
    await app(page).el('train').click();
    await waitStatus(page, 'done');
    // The fresh list (format 2: `{version, records}`) holds this one run.
    await page.waitForFunction(() => (JSON.parse(localStorage.getItem('lantern.runs') || '{}').records || []).length === 1);
    assert.deepEqual(b.problems, []);
  } finally {
    await b.close();
    await server.close();
  }
});
