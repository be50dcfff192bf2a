// The workbench's stages (issue 20): moving through every stage with the keyboard, each stage's
// own address (opened directly, kept by a reload, Back and Forward between stages), a run
// trained and controlled from a stage other than Model & train, and charts on hidden stages
// drawing nothing while training. Also writes the README's screenshot of each stage
// (docs/screenshots/stage-*.png), so they show the page as it is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { withApp, openApp, waitStatus, waitEpoch, epoch, ROOT } from './lib.mjs';
import { app, STAGES } from './app.mjs';

/** Counts drawing calls per canvas (by the canvas's or its chart's test id) from page load on. */
async function countDrawing(page) {
  await page.addInitScript(() => {
    window.__draws = {};
    const name = (c) => c.dataset.testid || c.closest('[data-testid]')?.dataset.testid || c.className || 'canvas';
    for (const m of ['fillRect', 'fill', 'stroke', 'fillText', 'putImageData', 'drawImage', 'clearRect']) {
      const original = CanvasRenderingContext2D.prototype[m];
      CanvasRenderingContext2D.prototype[m] = function (...args) {
        if (this.canvas.isConnected) {
          const k = `${this.canvas.closest('[data-stage]')?.dataset.stage ?? 'none'}:${name(this.canvas)}`;
          window.__draws[k] = (window.__draws[k] ?? 0) + 1;
        }
        return original.apply(this, args);
      };
    }
  });
}

/** Drawing calls so far, summed per stage (and per canvas in `canvases`). */
async function drawsByStage(page) {
  return page.evaluate(() => {
    const out = { canvases: { ...window.__draws } };
    for (const [k, n] of Object.entries(window.__draws)) {
      const stage = k.split(':')[0];
      out[stage] = (out[stage] ?? 0) + n;
    }
    return out;
  });
}

test('every stage is reached with the keyboard alone, from the tabs and the way-on buttons', async () => {
  await withApp(async ({ page, problems }) => {
    const a = app(page);
    assert.equal(await a.stage(), 'train', 'a first visit opens on Model & train');
    // The selected tab is the one Tab reaches; the arrow keys move between the tabs and show.
    await page.getByTestId('stage-train').focus();
    for (const expected of ['evaluate', 'compare', 'deploy', 'data', 'train']) {
      await page.keyboard.press('ArrowRight');
      assert.equal(await a.stage(), expected);
      const focused = await page.evaluate(() => document.activeElement?.dataset.testid);
      assert.equal(focused, `stage-${expected}`, 'the focus follows the shown tab');
      assert.equal(await page.getByTestId(`stage-${expected}`).getAttribute('aria-selected'), 'true');
      assert.equal(await page.getByTestId(`stage-${expected}`).getAttribute('tabindex'), '0');
    }
    await page.keyboard.press('End');
    assert.equal(await a.stage(), 'deploy');
    await page.keyboard.press('Home');
    assert.equal(await a.stage(), 'data');
    await page.keyboard.press('ArrowLeft');
    assert.equal(await a.stage(), 'deploy', 'the arrows wrap around');
    // The focus ring is visible on a tab.
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    assert.notEqual(outline, 'none', 'the focused tab shows a focus ring');
    // Each stage's "next" button, pressed with Enter, leads through the whole workflow.
    await page.keyboard.press('Home');
    for (const expected of ['train', 'evaluate', 'compare', 'deploy']) {
      await a.next().focus();
      await page.keyboard.press('Enter');
      assert.equal(await a.stage(), expected);
    }
    assert.equal(await page.getByTestId('stage-next').count(), 0, 'the last stage has no next');
    // One panel is laid out at a time, labelled by its tab.
    const panels = await page.evaluate(() => [...document.querySelectorAll('[role=tabpanel]')].map((p) => ({
      stage: p.dataset.stage, hidden: p.hidden, label: document.getElementById(p.getAttribute('aria-labelledby'))?.textContent,
    })));
    assert.deepEqual(panels.map((p) => p.stage), STAGES);
    assert.deepEqual(panels.filter((p) => !p.hidden).map((p) => p.stage), ['deploy']);
    assert.ok(panels.every((p) => p.label && p.label.length > 3), JSON.stringify(panels));
    assert.deepEqual(problems, []);
  });
});

test('each stage has its own address: opened directly, kept by a reload, Back and Forward between stages', async () => {
  await withApp(async ({ page, problems }) => {
    const a = app(page);
    await a.go('data');
    assert.match(page.url(), /#x=v1\.[^&]+&stage=data$/);
    await a.go('evaluate');
    assert.match(page.url(), /&stage=evaluate$/);
    await a.go('train');
    assert.doesNotMatch(page.url(), /stage=/, 'the default stage leaves the address as links always were');
    // Back and Forward move between the stages without reloading the run.
    const before = await epoch(page);
    await page.goBack();
    await page.waitForFunction(() => document.querySelector('[data-stage=evaluate]')?.hidden === false);
    await page.goBack();
    await page.waitForFunction(() => document.querySelector('[data-stage=data]')?.hidden === false);
    await page.goForward();
    await page.waitForFunction(() => document.querySelector('[data-stage=evaluate]')?.hidden === false);
    assert.equal(await a.stage(), 'evaluate');
    assert.equal(await epoch(page), before);
    // A reload keeps the stage.
    const address = page.url();
    await page.reload();
    await page.getByTestId('train').waitFor();
    await waitStatus(page, 'paused');
    assert.equal(await a.stage(), 'evaluate');
    // Each stage's address opens on that stage in a new visit.
    for (const stage of STAGES) {
      const there = address.replace(/&stage=\w+$/, stage === 'train' ? '' : `&stage=${stage}`);
      await page.goto('about:blank');
      await openApp(page, there);
      assert.equal(await a.stage(), stage, there);
      assert.ok(await page.getByTestId(`stage-${stage}`).getAttribute('aria-selected') === 'true');
    }
    // A stage this page does not have is said, and the experiment still opens.
    await page.goto('about:blank');
    await openApp(page, address.replace(/&stage=\w+$/, '&stage=training'));
    assert.equal(await a.stage(), 'train');
    assert.match(await page.getByTestId('notice').textContent(), /unknown value `training`/);
    assert.deepEqual(problems, []);
  });
});

test('a run is trained and controlled from another stage; charts on hidden stages draw nothing', async () => {
  await withApp(async ({ page, url, problems }) => {
    await countDrawing(page);
    await openApp(page, url);
    const a = app(page);
    await a.settle();
    await a.go('data');
    const drawn = await drawsByStage(page);
    // Train from the Data stage with the bar's ▶, watch the epoch and status there.
    await page.getByTestId('train').click();
    await waitEpoch(page, 15);
    assert.equal(await a.stage(), 'data');
    assert.match(await page.getByTestId('status').textContent(), /training/);
    await a.go('compare');
    await waitEpoch(page, 30);
    await page.getByTestId('train').click();
    await waitStatus(page, 'paused');
    const during = await drawsByStage(page);
    assert.equal(during.train ?? 0, drawn.train ?? 0, `no chart of Model & train drew while hidden: ${JSON.stringify({ drawn, during })}`);
    assert.equal(during.evaluate ?? 0, drawn.evaluate ?? 0, 'no Evaluate chart drew');
    // +1 and ■ from the Compare stage; Evaluate then shows the finished run.
    const at = await epoch(page);
    await page.getByTestId('step').click();
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid=epoch]').textContent) >= n + 1, at);
    await page.getByTestId('stop').click();
    await waitStatus(page, 'stopped');
    await a.go('evaluate');
    assert.ok(await page.getByTestId('evaluation').isVisible());
    assert.equal(await page.getByTestId('evaluate-empty').count(), 0);
    // Shown again, Model & train draws the latest state at once.
    await a.go('train');
    await page.waitForFunction(() => Object.keys(window.__draws).some((k) => k.startsWith('train:')));
    const after = await drawsByStage(page);
    assert.ok((after.train ?? 0) > (during.train ?? 0), 'the charts drew when their stage was shown');
    assert.deepEqual(problems, []);
  });
}, { timeout: 240_000 });

test('screenshots of every stage for the README (1280 px, iris trained)', async () => {
  await withApp(async ({ page, problems }) => {
    const a = app(page);
    await page.setViewportSize({ width: 1280, height: 860 });
    await a.el('dataset-select').selectOption('builtin:iris');
    await waitStatus(page, 'paused');
    // Trained with the table's defaults: early stopping ends the run and keeps the best epoch.
    await a.el('train').click();
    await waitStatus(page, 'stopped early');
    // Compare shows the run next to the other algorithms on the same split.
    await a.go('compare');
    await a.el('compare-algorithms').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=runs-table] tbody tr').length >= 4, null, { timeout: 180_000 });
    const dir = path.join(ROOT, 'docs', 'screenshots');
    fs.mkdirSync(dir, { recursive: true });
    for (const stage of STAGES) {
      await a.go(stage);
      await page.evaluate(() => window.scrollTo(0, 0));
      await a.settle(8);
      await page.screenshot({ path: path.join(dir, `stage-${stage}.png`) });
    }
    assert.deepEqual(problems, []);
  });
}, { timeout: 240_000 });
