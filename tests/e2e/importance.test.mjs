// Feature importance (issue 18): a random forest trained on the bundled penguins in the page
// shows, on the Evaluate stage, each input's permutation importance on the test rows (with its
// spread over the shuffles) beside its impurity-based importance, with a text alternative that
// names the inputs, an explanation, and the PNG / SVG downloads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withApp, waitStatus, shot } from './lib.mjs';
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
    assert.deepEqual(problems, []);
  });
});
