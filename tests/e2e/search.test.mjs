// Search (issue 22): Compare's Search panel runs a random search of 20 runs over a range of two
// settings in the background queue, on a pool of two workers, ranks the runs, draws the score
// against each setting, and "Apply best" makes the best run's settings the experiment's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withApp, waitStatus, waitText, shot } from './lib.mjs';
import { setEpochs } from './share_lib.mjs';
import { app } from './app.mjs';

test('a random search of 20 runs on two workers is ranked, charted, and its best applied', async () => {
  await withApp(async ({ page, problems }) => {
    await app(page).el('dataset-select').selectOption('builtin:iris');
    await waitStatus(page, 'paused');
    await setEpochs(page, 8);
    const lrBefore = await app(page).el('learning-rate').inputValue();

    await app(page).go('compare');
    // The first range is the network's learning rate on a log scale, filled in.
    assert.equal(await app(page).el('search-param-1').inputValue(), 'learning_rate');
    assert.equal(await app(page).el('search-log-1').isChecked(), true);
    await app(page).el('search-lo-1').fill('0.001');
    await app(page).el('search-hi-1').fill('0.3');
    await app(page).el('search-param-2').selectOption('hidden');
    assert.equal(await app(page).el('search-lo-2').inputValue(), '4');
    await app(page).el('search-hi-2').fill('32');
    assert.equal(await app(page).el('search-budget').inputValue(), '20');
    await app(page).el('queue-workers').fill('2');
    await app(page).el('queue-workers').press('Tab');
    // A bad bound is refused before anything is queued.
    await app(page).el('search-lo-2').fill('0');
    await waitText(page, 'search-plan', /hidden layers: give whole numbers from 1 up/);
    assert.equal(await app(page).el('search-run').isDisabled(), true);
    await app(page).el('search-lo-2').fill('4');

    await app(page).el('search-run').click();
    await waitText(page, 'search-status', /Done: 20 runs, ranked by validation accuracy or R²/, 180_000);
    const ranked = await app(page).el('search-ranked').allTextContents();
    assert.equal(ranked.length, 20, ranked.join('\n'));
    const parsed = ranked.map((t) => {
      const m = t.match(/^#(\d+) lr ([\d.e-]+) · hidden (\d+) — ([\d.]+)$/);
      assert.ok(m, t);
      return { run: Number(m[1]), lr: Number(m[2]), hidden: Number(m[3]), score: Number(m[4]) };
    });
    assert.deepEqual(parsed.map((p) => p.run).sort((a, b) => a - b), Array.from({ length: 20 }, (_, i) => i + 1));
    for (let i = 1; i < parsed.length; i++) assert.ok(parsed[i - 1].score >= parsed[i].score, ranked.join('\n'));
    for (const p of parsed) assert.ok(p.lr >= 0.001 && p.lr <= 0.3 && p.hidden >= 4 && p.hidden <= 32, JSON.stringify(p));
    // The runs are recorded in the table too, in one group.
    const labels = await app(page).find('[data-testid=runs-table] [data-col=label] .value').allTextContents();
    assert.equal(labels.filter((l) => /^#\d+ lr /.test(l)).length, 20, labels.join('\n'));

    // The chart and its text alternative.
    const chart = app(page).el('search-chart');
    await chart.waitFor();
    const alt = await chart.getAttribute('aria-label');
    assert.match(alt, /of 20 search runs against learning rate from (0\.001|1e-3) to 0\.3, log scale and hidden layers from 4 to 32; best /);
    await shot(page, 'compare-search');

    // Apply best: the experiment takes the best run's learning rate and width.
    const best = parsed[0];
    await app(page).el('search-apply').click();
    await waitStatus(page, 'paused');
    const lrAfter = Number(await app(page).el('learning-rate').inputValue());
    assert.ok(Math.abs(lrAfter - best.lr) / best.lr < 0.02, `${lrAfter} vs ${best.lr} (was ${lrBefore})`);
    assert.notEqual(String(lrAfter), lrBefore);
    assert.deepEqual(problems, []);
  });
});
