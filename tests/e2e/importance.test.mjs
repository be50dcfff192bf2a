// Feature importance (issue 18): a random forest trained on the bundled penguins in the page
// shows, on the Evaluate stage, each input's permutation importance on the test rows (with its
// spread over the shuffles) beside its impurity-based importance, with a text alternative that
// names the inputs, an explanation, and the PNG / SVG downloads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { withApp, waitStatus, shot, canvasStats, SHOTS } from './lib.mjs';
import { app } from './app.mjs';

test('a forest on penguins shows the importance of its inputs on the Evaluate stage', async () => {
  await withApp(async ({ page, problems }) => {
    await app(page).el('dataset-select').selectOption('builtin:penguins');
    await waitStatus(page, 'paused');
    await app(page).el('model-kind').selectOption('forest');
    await app(page).el('forest-trees').fill('30');
    await app(page).el('forest-trees').press('Enter');
    await waitStatus(page, 'paused');
    await app(page).el('train').click();
    await waitStatus(page, 'done');

    await app(page).go('evaluate');
    const chart = app(page).el('importance-chart');
    await chart.waitFor();
    const label = await chart.getAttribute('aria-label');
    // The prepared inputs, named as the model sees them; permutation and impurity both.
    for (const name of ['flipper_length_mm', 'bill_length_mm', 'bill_depth_mm', 'body_mass_g']) {
      assert.match(label, new RegExp(`${name}: drop -?\\d\\.\\d{3} ± \\d\\.\\d{3}, share \\S+%`), label);
    }
    assert.match(label, /^Feature importance of \d+ inputs: the drop in test accuracy when an input is shuffled/);
    assert.match(label, /Shuffled 5× on \d+ test rows; test accuracy 0\.\d{3} unshuffled\.$/);
    // The caption explains both measures and says on what the shuffles ran.
    const caption = await page.locator('figure:has([data-testid=importance-chart]) figcaption').textContent();
    assert.match(caption, /shuffled among the test rows.*share of the gains.*Shuffled 5× on \d+ test rows/s);
    // Its "What is this?", and the downloads as for every chart.
    const explain = app(page).el('explain-importance-chart');
    await explain.locator('summary').click();
    assert.match(await page.locator('#help-text-importance-chart').textContent(), /favours inputs with many distinct values/);
    assert.ok(await app(page).el('importance-chart-png').isVisible());
    assert.ok(await app(page).el('importance-chart-svg').isVisible());
    // Painted: the canvas is not blank.
    const painted = await page.getByTestId('importance-chart').evaluate((c) => {
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i] < 200 || d[i + 2] < 200) n++;
      return n / (d.length / 4);
    });
    assert.ok(painted > 0.02, `painted share ${painted}`);
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot(page, 'importance-forest');

    // Explain: opening the section asks the worker for the most important input's partial
    // dependence (its code a chunk the worker fetches then) and the misclassified test rows.
    const section = app(page).el('explain-section');
    await section.locator('summary').click();
    const dependence = app(page).el('dependence-chart');
    await page.waitForFunction(() => /^Partial dependence of probability of /.test(
      document.querySelector('[data-testid=dependence-chart]')?.getAttribute('aria-label') ?? ''), null, { timeout: 60_000 });
    // Pick another input: the chart follows it, in its own units.
    const select = app(page).el('explain-feature');
    const options = await select.locator('option').allTextContents();
    assert.ok(options.includes('bill_length_mm'), options.join(', '));
    await select.selectOption({ label: 'bill_length_mm' });
    await page.waitForFunction(() => / on bill_length_mm over \d+ test rows: from /.test(
      document.querySelector('[data-testid=dependence-chart]')?.getAttribute('aria-label') ?? ''), null, { timeout: 60_000 });
    const label2 = await dependence.getAttribute('aria-label');
    assert.match(label2, /individual curves spread up to/);
    const stats = await canvasStats(page, 'dependence-chart');
    assert.ok(stats.painted > 0.02 && stats.blue > 0.001, JSON.stringify(stats));
    assert.ok(await app(page).el('dependence-chart-png').isVisible());
    assert.ok(await app(page).el('dependence-chart-svg').isVisible());
    const pdCaption = await page.locator("figure:has([data-testid=dependence-chart]) figcaption").textContent();
    assert.match(pdCaption, /Averaged over \d+ of the \d+ test rows; \d+ of them drawn as thin lines\. Computed in \d+ ms\./);
    console.log(`explain: ${pdCaption.match(/Computed in \d+ ms/)[0]}`);
    // The misclassified rows: a title counting them and, when there are any, a sortable table.
    const title = await app(page).el('explain-cases-title').textContent();
    const wrong = Number(title.match(/^Misclassified test rows: (\d+) of \d+/)[1]);
    const rows = app(page).el('explain-cases').locator('tbody tr');
    assert.equal(await rows.count(), Math.min(wrong, 50));
    const head = await app(page).el('explain-cases').locator('thead th').allTextContents();
    assert.deepEqual(head.slice(0, 5), ['test row', 'actual', 'predicted', 'P(predicted)', 'P(actual)']);
    if (wrong > 1) {
      // Most confident mistake first; a click on "test row" sorts by it.
      const p = (await rows.locator('td:nth-child(4)').allTextContents()).map(Number);
      assert.deepEqual(p, [...p].sort((a, b) => b - a));
      await app(page).el('explain-cases').locator('thead th button', { hasText: 'test row' }).click();
      const ids = (await rows.locator('td:nth-child(1)').allTextContents()).map(Number);
      assert.deepEqual(ids, [...ids].sort((a, b) => b - a));
    }
    await section.scrollIntoViewIfNeeded();
    await section.screenshot({ path: path.join(SHOTS, 'explain-section.png') });
    await shot(page, 'explain-forest');
    assert.deepEqual(problems, []);
  });
});
