// Accessibility (issue 10): axe-core finds no serious or critical violation on any stage of
// each main view, at 1280 px and on a phone (the Compare and Deploy & monitor panels in use
// included);
// the settings and run controls are reachable and operable with the keyboard alone, with a
// visible focus; every chart has a text alternative that gives its numbers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { withApp, waitStatus, waitEpoch, shot, runLog, SHOTS } from './lib.mjs';
import { openSharePanel, openClassOptions } from './share_lib.mjs';
import { seriousViolations, setNumber, trainToDone, openLesson } from './teach_lib.mjs';
import { shiftedPenguins, tempFile, download, settled, deployWithFiles } from './deploy_lib.mjs';
import { app, STAGES } from './app.mjs';

function report(violations) {
  return violations.map((v) => `${v.impact} ${v.id}: ${v.help}\n    ${v.nodes.slice(0, 5).join('\n    ')}`).join('\n');
}

test('axe finds no serious or critical violation on any stage of any main view', async () => {
  await withApp(async ({ page, problems }) => {
    const found = {};
    // Every stage of the view (axe sees only the stage on screen), each seen from its top (the
    // sticky run bar covers what scrolls under it); then back to the stage it was on.
    const check = async (view, stages = STAGES) => {
      const was = await app(page).stage();
      for (const stage of stages) {
        await app(page).go(stage);
        await page.evaluate(() => window.scrollTo(0, 0));
        found[`${view} [${stage}]`] = await seriousViolations(page, `${view} [${stage}]`);
      }
      await app(page).go(was);
    };
    await check('default experiment');

    await app(page).el('dataset-select').selectOption('builtin:iris');
    await waitStatus(page, 'paused');
    await setNumber(page, 'epochs', 20);
    await setNumber(page, 'validation-share', 20);
    await trainToDone(page);
    await app(page).el('evaluation').waitFor();
    await check('trained with evaluation (iris)');

    await app(page).go('compare');
    await app(page).el('select-all').check();
    await app(page).el('compare-chart').waitFor();
    await check('Compare panel open, a run selected');

    await app(page).el('dataset-select').selectOption('builtin:penguins');
    await waitStatus(page, 'paused');
    await app(page).el('data-view').waitFor();
    await check('table with the data view (penguins)');

    const dir = path.join(SHOTS, 'a11y-files');
    await setNumber(page, 'epochs', 10);
    await trainToDone(page);
    await deployWithFiles(page, dir);
    await check('Deploy & monitor: model, prediction, a file predicted, drift');

    await openClassOptions(page);
    await app(page).el('control-picker').locator('summary').click();
    await app(page).el('lesson-builder').locator('> summary').click();
    await app(page).el('share-make').click();
    await check('share panel open', [await app(page).stage()]);
    await openSharePanel(page);
    await app(page).el('share-open').click();

    await openLesson(page, 'neuron_line');
    await app(page).el('lesson-answer').locator('summary').click();
    await check('a lesson open');

    await app(page).el('present-toggle').click();
    await check('presentation mode', ['train']);
    await page.keyboard.press('Escape');

    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(300);
    await check('phone layout');

    const bad = Object.entries(found).filter(([, v]) => v.length);
    assert.equal(bad.length, 0, bad.map(([view, v]) => `${view}:\n${report(v)}`).join('\n'));
    assert.deepEqual(problems, []);
  });
});

/** The focused element's test id (or tag and name) and whether its focus ring shows. */
async function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    const s = getComputedStyle(el);
    const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || (s.boxShadow && s.boxShadow !== 'none');
    return {
      id: el.dataset.testid ?? `${el.tagName.toLowerCase()}:${(el.getAttribute('aria-label') || el.textContent || '').trim().slice(0, 20)}`,
      visible: el.matches(':focus-visible') && ring,
    };
  });
}

/** Presses Tab until the element `testid` has the focus (at most `limit` times); returns the path. */
async function tabTo(page, testid, limit = 200) {
  const path = [];
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    path.push(f);
    if (f.id === testid) return path;
  }
  throw new Error(`${testid} never got the focus: ${path.map((p) => p.id).join(' → ')}`);
}

test('the settings and run controls work with the keyboard alone, with a visible focus', async () => {
  await withApp(async ({ page, problems }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    // Tab order: the header's tools, the stage tabs (the shown stage's tab), then the run bar:
    // the dataset and the run buttons.
    const path = await tabTo(page, 'train');
    const order = path.map((p) => p.id);
    for (const id of ['share-open', 'present-toggle', 'stage-train', 'dataset-select', 'reset']) {
      assert.ok(order.includes(id), `${id} is reached with Tab: ${order.join(' → ')}`);
    }
    assert.ok(order.indexOf('present-toggle') < order.indexOf('stage-train') && order.indexOf('stage-train') < order.indexOf('dataset-select')
      && order.indexOf('dataset-select') < order.indexOf('train'), order.join(' → '));
    const hidden = path.filter((p) => !p.visible).map((p) => p.id);
    assert.deepEqual(hidden, [], `every focused control shows a focus ring`);
    console.log(`keyboard: ${order.length} Tab presses from the top to ▶`);

    // ▶ with Enter, pause with Space.
    await page.keyboard.press('Enter');
    await waitEpoch(page, 2);
    assert.match(await app(page).el('status').textContent(), /training/);
    await page.keyboard.press(' ');
    await waitStatus(page, 'paused');

    // On from the run bar: the shown stage's settings (Model & train), the model then the training.
    const settings = await tabTo(page, 'epochs');
    const more = settings.map((p) => p.id);
    for (const id of ['add-layer', 'activation', 'dropout', 'optimizer', 'learning-rate', 'l2', 'epochs']) {
      assert.ok(more.includes(id), `${id} is reached with Tab after ▶: ${more.join(' → ')}`);
    }
    assert.ok(more.indexOf('add-layer') < more.indexOf('learning-rate') && more.indexOf('learning-rate') < more.indexOf('epochs'), more.join(' → '));
    assert.deepEqual(settings.filter((p) => !p.visible).map((p) => p.id), [], 'every focused setting shows a focus ring');

    // Another stage with the keyboard: back to the shown stage's tab, Home shows the Data stage
    // (the arrows move between the tabs), whose settings Tab then reaches.
    await page.keyboard.down('Shift');
    for (let i = 0; i < 200 && (await focused(page)).id !== 'stage-train'; i++) await page.keyboard.press('Tab');
    await page.keyboard.up('Shift');
    assert.equal((await focused(page)).id, 'stage-train', 'Shift+Tab goes back to the stage tab');
    await page.keyboard.press('Home');
    assert.equal(await app(page).stage(), 'data');
    assert.equal((await focused(page)).id, 'stage-data', 'the focus follows the tab');
    const data = await tabTo(page, 'seed');
    assert.deepEqual(data.filter((p) => !p.visible).map((p) => p.id), [], 'every focused data setting shows a focus ring');
    // And back to Model & train with the arrow key on the tabs.
    await app(page).el('stage-data').focus();
    await page.keyboard.press('ArrowRight');
    assert.equal(await app(page).stage(), 'train');
    assert.equal((await focused(page)).id, 'stage-train');

    // A select: back to the dataset menu (Shift+Tab) and choose the next dataset with the arrows.
    await app(page).el('dataset-select').focus();
    assert.ok((await focused(page)).id === 'dataset-select');
    await page.keyboard.press('ArrowDown');
    await waitStatus(page, 'paused');
    assert.equal(await app(page).el('dataset-select').inputValue(), 'xor');

    // A number input: type the epochs and press Enter.
    await app(page).el('epochs').focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('30');
    await page.keyboard.press('Enter');
    await waitStatus(page, 'paused');
    assert.match(await page.locator('.epoch-box').textContent(), /of 30/);
    // A toggletip with the keyboard.
    await app(page).el('help-epochs').locator('button').focus();
    await page.keyboard.press('Enter');
    assert.ok(await page.locator('#help-text-epochs').isVisible());
    assert.ok((await focused(page)).visible);
    await page.keyboard.press('Escape');
    await shot(page, 'keyboard-focus');
    assert.deepEqual(problems, []);
  });
});

test('every chart has a text alternative with its numbers', async () => {
  await withApp(async ({ page, problems }) => {
    await app(page).el('dataset-select').selectOption('builtin:iris');
    await waitStatus(page, 'paused');
    await setNumber(page, 'epochs', 15);
    await trainToDone(page);
    await page.waitForTimeout(1200); // slow charts repaint about once a second
    // The charts of every stage, each looked at on its stage.
    const names = [];
    for (const stage of STAGES) {
      await app(page).go(stage);
      // Charts built from a chunk on first view get their text once painted.
      await page.waitForFunction(() => [...document.querySelectorAll('canvas[role=img], [role=img]')]
        .filter((c) => c.getClientRects().length && !c.closest('td.spark'))
        .every((c) => (c.getAttribute('aria-label') || '').length > 0), null, { timeout: 10_000 }).catch(() => {});
      names.push(...await page.evaluate(() => [...document.querySelectorAll('canvas[role=img], [role=img]')]
        .filter((c) => c.getClientRects().length && !c.closest('td.spark'))
        .map((c) => ({ id: c.dataset.testid, name: c.getAttribute('aria-label') || '' }))));
    }
    assert.ok(names.length >= 10, `charts on screen: ${names.map((n) => n.id).join(', ')}`);
    for (const { id, name } of names) {
      assert.ok(name.length > 20 && /\d/.test(name), `${id}: "${name}"`);
    }
    console.log(`text alternatives: ${names.map((n) => `${n.id} (${n.name.length} chars)`).join(', ')}`);
    assert.deepEqual(problems, []);
  });
});

/** The numbers written in a text alternative. */
const numbers = (text) => [...text.matchAll(/-?\d+(?:\.\d+)?/g)].map((m) => Number(m[0]));

test('the Compare and Deploy charts have text alternatives with their numbers', async () => {
  await withApp(async ({ page, problems }) => {
    // Two runs on penguins, 6 and 8 epochs: the overlay's text gives each run's last and lowest
    // test loss with their epochs, the numbers of the run log.
    await app(page).el('dataset-select').selectOption('builtin:penguins');
    await waitStatus(page, 'paused');
    const logs = [];
    for (const n of [6, 8]) {
      await setNumber(page, 'epochs', n);
      await trainToDone(page);
      logs.push(await runLog(page));
    }
    await app(page).go('compare');
    await app(page).el('select-all').check();
    const label = () => app(page).el('compare-chart').getAttribute('aria-label');
    await page.waitForFunction(() => /of 2 runs/.test(document.querySelector('[data-testid=compare-chart]').getAttribute('aria-label')));
    const text = await label();
    const parts = text.split('; ');
    assert.match(text, /^Test loss per epoch of 2 runs: #1 run 1 last /);
    for (const [k, log] of logs.entries()) {
      const last = log[log.length - 1];
      const lowest = log.reduce((a, m) => (m.test_loss < a.test_loss ? m : a));
      const [lastValue, lastEpoch, lowValue, lowEpoch] = numbers(parts[k].replace(/^.*?#\d+ run \d+ /, ''));
      assert.equal(lastEpoch, last.epoch, parts[k]);
      assert.equal(lowEpoch, lowest.epoch, parts[k]);
      assert.ok(Math.abs(lastValue - last.test_loss) <= 5e-4 * Math.max(1, last.test_loss), `${parts[k]} against ${last.test_loss}`);
      assert.ok(Math.abs(lowValue - lowest.test_loss) <= 5e-4 * Math.max(1, lowest.test_loss), `${parts[k]} against ${lowest.test_loss}`);
    }
    await app(page).el('compare-log').check();
    await page.waitForFunction(() => /logarithmic axis/.test(document.querySelector('[data-testid=compare-chart]').getAttribute('aria-label')));
    await app(page).el('compare-quantity').selectOption({ index: 3 });
    assert.doesNotMatch(await label(), /^Test loss/, 'another quantity, another text');

    // The drift charts: each flagged column's shares, its largest difference and its PSI as the
    // table shows it.
    const dir = path.join(SHOTS, 'a11y-files');
    await download(page, 'export-model');
    await app(page).el('drift-input').setInputFiles(tempFile(dir, 'shifted.csv', shiftedPenguins().csv));
    await settled(page, 'drift-table');
    const rows = await app(page).el('drift-table').evaluate((t) => Object.fromEntries([...t.querySelectorAll('tbody tr')]
      .map((tr) => [tr.dataset.column, { psi: tr.querySelectorAll('td')[1].textContent.trim(), level: tr.dataset.level }])));
    const charts = await app(page).el('drift-charts').locator('canvas').evaluateAll((cs) => cs.map((c) => c.getAttribute('aria-label')));
    assert.ok(charts.length >= 2, `drift charts: ${charts.length}`);
    for (const alt of charts) {
      const column = alt.match(/^Distribution of (\S+), training against new: training \d+ values, new \d+ values; largest difference .+: \d+% against \d+%; PSI (\d\.\d{3}), (moderate|major) drift$/);
      assert.ok(column, `drift chart text: "${alt}"`);
      assert.deepEqual([column[2], column[3]], [rows[column[1]].psi, rows[column[1]].level], `${column[1]}: the table's PSI and flag`);
    }
    console.log(`compare chart: "${text}"; drift: "${charts[0]}"`);
    assert.deepEqual(problems, []);
  });
});
