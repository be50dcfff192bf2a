// Phones and tablets (issue 10): at 390×844 and 820×1180 the page never scrolls sideways,
// every control is a tap target of at least 24 × 24 CSS pixels, and the charts shrink to the
// screen — with the panels closed and open, a table loaded, and a lesson open.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withApp, waitStatus, waitEpoch, shot } from './lib.mjs';
import { openClassOptions } from './share_lib.mjs';
import { openLesson, overflowX, smallTargets } from './teach_lib.mjs';

async function checkScreen(page, what, width) {
  await page.waitForTimeout(300);
  const over = await overflowX(page);
  assert.ok(over <= 0, `${what}: no sideways scrolling (${over} px too wide)`);
  const small = await smallTargets(page);
  assert.deepEqual(small, [], `${what}: tap targets of at least 24 px`);
  for (const id of ['loss-chart', 'metric-chart', 'network-chart', 'boundary-chart']) {
    const box = await page.getByTestId(id).first().boundingBox();
    if (box) assert.ok(box.width <= width - 16 && box.width > 0.5 * Math.min(width, 420), `${what}: ${id} is ${box.width} px wide`);
  }
}

for (const [w, h, name] of [[390, 844, 'phone'], [820, 1180, 'tablet']]) {
  test(`usable on a ${name} (${w}×${h})`, async () => {
    await withApp(async ({ page, problems }) => {
      await page.setViewportSize({ width: w, height: h });
      await page.getByTestId('step').click();
      await waitEpoch(page, 1);
      await checkScreen(page, `${name}, default`, w);
      await shot(page, `responsive-${name}`);
      // Tapping a toggletip shows it inside the screen.
      await page.getByTestId('help-learning-rate').locator('button').tap().catch(() => page.getByTestId('help-learning-rate').locator('button').click());
      const tip = await page.locator('#tip-learning-rate').boundingBox();
      assert.ok(tip.x >= 0 && tip.x + tip.width <= w, `the tip fits: ${JSON.stringify(tip)}`);
      await page.keyboard.press('Escape');

      await page.getByTestId('dataset-select').selectOption('builtin:penguins');
      await waitStatus(page, 'paused');
      await page.getByTestId('data-view').waitFor();
      await openClassOptions(page);
      await page.getByTestId('control-picker').locator('summary').click();
      await page.getByTestId('lesson-builder').locator('> summary').click();
      await page.getByTestId('step-picker').locator('summary').click();
      await checkScreen(page, `${name}, table and share panel`, w);
      await shot(page, `responsive-${name}-panels`);

      await openLesson(page, 'overfitting');
      await checkScreen(page, `${name}, lesson`, w);
      await shot(page, `responsive-${name}-lesson`);
      assert.deepEqual(problems, []);
    });
  });
}
