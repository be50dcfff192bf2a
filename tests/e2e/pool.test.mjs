// The queue's pool of workers (issue 22, parallel runs): the same four seed repeats queued with
// one worker and then with two give the same runs — curves, scores and fingerprints equal to
// the bit, recorded in the same order — and the speed-up is printed (this machine has 2 cores;
// the page's default leaves one of them to the page, so the default pool here is 1 worker).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withApp, waitStatus, waitText } from './lib.mjs';
import { setEpochs } from './share_lib.mjs';
import { setNumber } from './teach_lib.mjs';
import { app } from './app.mjs';

/** The recorded runs (browser storage), without what depends on the machine's timing. */
async function records(page) {
  const all = await page.evaluate(() => JSON.parse(localStorage.getItem('lantern.runs')).records);
  return all.map(({ id, train_ms, group, ...rest }) => rest);
}

test('a pool of two workers gives the runs one worker gives, sooner', async () => {
  await withApp(async ({ page, problems }) => {
    await app(page).el('dataset-select').selectOption('builtin:penguins');
    await waitStatus(page, 'paused');
    // No early stopping: each run trains its 300 epochs.
    await setNumber(page, 'patience', 0);
    await setEpochs(page, 300);
    await app(page).go('compare');
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    assert.equal(await app(page).el('queue-workers').inputValue(), String(Math.min(8, Math.max(1, cores - 1))), 'one worker per core but one');

    const timed = async (workers) => {
      await app(page).el('queue-workers').fill(String(workers));
      await app(page).el('queue-workers').press('Tab');
      await app(page).el('repeat-n').fill('4');
      const start = Date.now();
      await app(page).el('repeat-seeds').click();
      if (workers > 1) await waitText(page, 'queue-status', /runs \d–\d of 4 \(2 at once\)/, 60_000);
      await waitText(page, 'queue-status', /Done: 4 runs recorded/, 240_000);
      return (Date.now() - start) / 1000;
    };
    const one = await timed(1);
    const first = await records(page);
    assert.equal(first.length, 4);
    assert.deepEqual(first.map((r) => r.epochs), [300, 300, 300, 300]);
    await app(page).el('clear-runs').click();
    await app(page).el('clear-confirm').click();
    const two = await timed(2);
    const second = await records(page);
    assert.deepEqual(second.map((r) => r.label), first.map((r) => r.label), 'recorded in the order queued');
    assert.deepEqual(second, first, 'the same runs, to the bit');
    console.log(`pool: 4 runs (penguins MLP, 300 epochs) in ${one.toFixed(1)} s on 1 worker, ${two.toFixed(1)} s on 2: speed-up ${(one / two).toFixed(2)}x on ${cores} cores`);
    assert.deepEqual(problems, []);
  });
});
