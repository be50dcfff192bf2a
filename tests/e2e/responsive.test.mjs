// Phones and tablets (issue 10): at 390×844 and 820×1180 no stage ever scrolls sideways,
// every control is a tap target of at least 24 × 24 CSS pixels, and the charts shrink to the
// screen — with the panels closed and open, a table loaded, a lesson open, and the Compare and
// Deploy & monitor panels in use after runs (their tables scroll inside themselves). Each state
// is photographed (target/e2e/responsive-*.png) to be looked at.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { withApp, waitStatus, waitEpoch, shot, SHOTS } from './lib.mjs';
import { openClassOptions, openSharePanel } from './share_lib.mjs';
import { openLesson, overflowX, smallTargets } from './teach_lib.mjs';
import { comparedAndDeployed } from './deploy_lib.mjs';
import { app, STAGES } from './app.mjs';

/** A picture of one part of the page (the part must fit the screen's width). */
async function shotOf(page, testid, name) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await app(page).el(testid).screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

/** Elements wider than the screen, or sticking out of it on the right (the page may not scroll). */
async function tooWide(page) {
  return page.evaluate(() => [...document.querySelectorAll('body *')]
    .filter((el) => {
      if (!el.getClientRects().length || el.closest('.table-scroll, .grid-scroll, .column-summaries, [hidden]')) return false;
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.right > innerWidth + 1;
    })
    .slice(0, 8)
    .map((el) => `${el.tagName.toLowerCase()}${el.dataset.testid ? `[${el.dataset.testid}]` : ''}.${[...el.classList].join('.')} right ${Math.round(el.getBoundingClientRect().right)}`));
}

/**
 * Every stage of the state in turn (with the Share menu open when `share`): no sideways
 * scrolling, nothing sticking out, tap targets of 24 px, charts within the screen; then back to
 * the stage it was on.
 */
async function checkScreen(page, what, width, { share = false } = {}) {
  const was = await app(page).stage();
  for (const stage of STAGES) {
    await app(page).go(stage);
    if (share) await openSharePanel(page);
    await page.waitForTimeout(300);
    const where = `${what} [${stage}]`;
    const over = await overflowX(page);
    assert.ok(over <= 0, `${where}: no sideways scrolling (${over} px too wide)`);
    assert.deepEqual(await tooWide(page), [], `${where}: nothing sticks out on the right`);
    const small = await smallTargets(page);
    assert.deepEqual(small, [], `${where}: tap targets of at least 24 px`);
    for (const id of ['loss-chart', 'metric-chart', 'network-chart', 'boundary-chart']) {
      const chart = app(page).el(id).first();
      const box = (await chart.isVisible()) ? await chart.boundingBox() : null;
      if (box) assert.ok(box.width <= width - 16 && box.width > 0.5 * Math.min(width, 420), `${where}: ${id} is ${box.width} px wide`);
    }
  }
  await app(page).go(was);
}

for (const [w, h, name] of [[390, 844, 'phone'], [820, 1180, 'tablet']]) {
  test(`usable on a ${name} (${w}×${h})`, async () => {
    await withApp(async ({ page, problems }) => {
      await page.setViewportSize({ width: w, height: h });
      await app(page).el('step').click();
      await waitEpoch(page, 1);
      await checkScreen(page, `${name}, default`, w);
      await shot(page, `responsive-${name}`);
      // Tapping a toggletip shows it inside the screen.
      await app(page).el('help-learning-rate').locator('button').tap().catch(() => app(page).el('help-learning-rate').locator('button').click());
      const tip = await page.locator('#tip-learning-rate').boundingBox();
      assert.ok(tip.x >= 0 && tip.x + tip.width <= w, `the tip fits: ${JSON.stringify(tip)}`);
      await page.keyboard.press('Escape');

      await app(page).el('dataset-select').selectOption('builtin:penguins');
      await waitStatus(page, 'paused');
      await app(page).el('data-view').waitFor();
      await openClassOptions(page);
      await app(page).el('control-picker').locator('summary').click();
      await app(page).el('lesson-builder').locator('> summary').click();
      await app(page).el('step-picker').locator('summary').click();
      await checkScreen(page, `${name}, table and share panel`, w, { share: true });
      await shot(page, `responsive-${name}-panels`);

      await openLesson(page, 'overfitting');
      await checkScreen(page, `${name}, lesson`, w);
      await shot(page, `responsive-${name}-lesson`);
      await shotOf(page, 'lesson', `responsive-${name}-lesson-card`);
      await app(page).el('lesson-close').click();

      // Two runs on a table, compared; the second exported, a file predicted, new data checked.
      const dir = path.join(SHOTS, 'responsive-files');
      await comparedAndDeployed(page, dir, [6, 7]);
      await checkScreen(page, `${name}, Compare and Deploy in use`, w);
      for (const id of ['compare-chart', 'drift-charts']) {
        const box = await app(page).el(id).first().boundingBox();
        assert.ok(box.width <= w - 16, `${id} fits: ${box.width} px`);
      }
      await shotOf(page, 'compare', `responsive-${name}-compare`);
      await shotOf(page, 'deploy', `responsive-${name}-deploy`);
      assert.deepEqual(problems, []);
    });
  });
}
