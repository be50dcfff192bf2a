// Presentation mode (issue 10): large type, only the charts and the main controls (▶, +1, ↺,
// the dataset and the epoch counter), everything inside one projector screen at 1920×1080 and
// 1280×720; Escape leaves it; `?present` in the address opens it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withApp, openApp, waitStatus, waitEpoch, shot } from './lib.mjs';
import { openLesson } from './teach_lib.mjs';
import { app } from './app.mjs';

/** What is on screen: visible test ids among those asked, and whether all of them fit. */
async function layout(page, ids) {
  return page.evaluate((ids) => {
    const out = {};
    for (const id of ids) {
      const el = document.querySelector(`[data-testid="${id}"]`);
      const r = el?.getBoundingClientRect();
      const visible = Boolean(el && r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden');
      out[id] = visible ? { inside: r.left >= 0 && r.top >= 0 && r.right <= innerWidth + 0.5 && r.bottom <= innerHeight + 0.5, w: Math.round(r.width), h: Math.round(r.height) } : null;
    }
    return { out, scroll: document.documentElement.scrollHeight - innerHeight, font: parseFloat(getComputedStyle(document.documentElement).fontSize) };
  }, ids);
}

const SHOWN = ['train', 'step', 'reset', 'dataset-select', 'epoch', 'boundary-chart', 'loss-chart', 'metric-chart', 'network-chart'];
const GONE = ['step-batch', 'stop', 'learning-rate', 'optimizer', 'add-layer', 'seed', 'noise', 'share-panel', 'run-log', 'weights-chart', 'help-train', 'explain-loss-chart'];

for (const [w, h] of [[1920, 1080], [1280, 720]]) {
  test(`presentation mode fits a ${w}×${h} projector`, async () => {
    await withApp(async ({ page, problems }) => {
      await page.setViewportSize({ width: w, height: h });
      const before = await layout(page, ['train']);
      await app(page).el('present-toggle').click();
      assert.equal(await app(page).el('present-toggle').getAttribute('aria-pressed'), 'true');
      assert.match(page.url(), /\?present#x=/, 'the address keeps the mode for a reload');
      await app(page).el('train').click();
      await waitEpoch(page, 20);
      await app(page).el('train').click();
      await waitStatus(page, 'paused');
      await page.waitForTimeout(600);
      const l = await layout(page, [...SHOWN, ...GONE]);
      for (const id of SHOWN) {
        assert.ok(l.out[id], `${id} is shown`);
        assert.ok(l.out[id].inside, `${id} is inside the ${w}×${h} screen: ${JSON.stringify(l.out[id])}`);
      }
      for (const id of GONE) assert.equal(l.out[id], null, `${id} is not shown`);
      assert.ok(l.scroll <= 0, `nothing below the screen (${l.scroll} px)`);
      assert.ok(l.font >= 1.2 * before.font, `large type: ${l.font} px against ${before.font} px`);
      // The charts fill the screen: the decision map is much larger than its normal 420 px.
      assert.ok(l.out['boundary-chart'].h > 0.5 * h, `the map is ${l.out['boundary-chart'].h} px tall`);
      assert.ok(l.out['loss-chart'].w >= 300, `the loss chart is ${l.out['loss-chart'].w} px wide`);
      await shot(page, `present-${w}x${h}`);
      // Escape leaves, and the address forgets the mode.
      await page.keyboard.press('Escape');
      assert.equal(await app(page).el('present-toggle').getAttribute('aria-pressed'), 'false');
      assert.ok(await app(page).el('learning-rate').isVisible());
      assert.doesNotMatch(page.url(), /present/);
      assert.deepEqual(problems, []);
    });
  });
}

test('?present opens presentation mode, with a lesson on top', async () => {
  await withApp(async ({ page, url, problems }) => {
    await page.setViewportSize({ width: 1920, height: 1080 });
    await openApp(page, `${url}?present`);
    assert.equal(await app(page).el('present-toggle').getAttribute('aria-pressed'), 'true');
    assert.ok(await app(page).el('learning-rate').isHidden());
    // The Lessons menu is hidden while presenting: open a lesson first, then present it.
    await page.keyboard.press('Escape');
    await openLesson(page, 'neuron_line');
    await app(page).el('present-toggle').click();
    const l = await layout(page, ['lesson', 'lesson-next', 'train', 'boundary-chart', 'loss-chart']);
    for (const [id, v] of Object.entries(l.out)) assert.ok(v && v.inside, `${id} on screen: ${JSON.stringify(v)}`);
    assert.ok(l.scroll <= 0, `nothing below the screen (${l.scroll} px)`);
    await shot(page, 'present-lesson-1920x1080');
    assert.deepEqual(problems, []);
  });
});
