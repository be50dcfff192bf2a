// Explanations in place (issue 10): every control of the catalogue that is on screen has a "?"
// toggletip that opens with a click or Enter, closes with Escape or when the focus leaves, and
// whose text the control names in aria-describedby; every chart has a "What is this?"
// disclosure that its canvas names too. Three datasets between them show every control.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withApp, waitStatus, shot } from './lib.mjs';
import { catalogueIds, setNumber, trainToDone } from './teach_lib.mjs';

/** Checks the toggletip of every visible control in `ids`; returns the ids checked. */
async function checkTips(page, ids) {
  const checked = [];
  for (const id of ids) {
    if (id === 'share-panel' && !(await page.getByTestId('share-panel').evaluate((d) => d.open))) {
      await page.getByTestId('share-open').click();
    }
    const found = await page.evaluate((id) => {
      const el = document.querySelector(`[data-testid="${id}"]`);
      if (!el || !el.getClientRects().length) return null;
      const helpId = `help-text-${id}`;
      const holder = [el, ...el.querySelectorAll('[aria-describedby]')].find((e) => (e.getAttribute('aria-describedby') || '').split(' ').includes(helpId));
      const text = document.getElementById(helpId)?.textContent ?? '';
      const tip = document.getElementById(helpId)?.closest('.tip');
      return { described: Boolean(holder), text, tip: tip?.dataset.testid ?? null };
    }, id);
    if (!found) continue;
    assert.ok(found.described, `${id}: the control names its explanation in aria-describedby`);
    assert.ok(found.text.length > 40, `${id}: explanation text "${found.text}"`);
    assert.ok(found.tip, `${id}: the explanation sits in a toggletip`);
    const tip = page.getByTestId(found.tip);
    const button = tip.locator('.tip-toggle');
    const box = tip.locator('.tip-box');
    await button.scrollIntoViewIfNeeded();
    assert.ok(await box.isHidden(), `${id}: closed at first`);
    assert.match(await button.getAttribute('aria-label'), /^What is .+\?$/);
    // Mouse: click opens, Escape closes.
    await button.click();
    assert.ok(await box.isVisible(), `${id}: a click opens the tip`);
    assert.equal(await button.getAttribute('aria-expanded'), 'true');
    assert.ok((await box.textContent()).includes(found.text.slice(0, 30)), `${id}: the tip shows the text`);
    await page.keyboard.press('Escape');
    assert.ok(await box.isHidden(), `${id}: Escape closes it`);
    assert.equal(await button.getAttribute('aria-expanded'), 'false');
    // Keyboard: Enter opens, Tab (focus leaving) closes.
    await button.focus();
    await page.keyboard.press('Enter');
    assert.ok(await box.isVisible(), `${id}: Enter opens the tip`);
    await page.keyboard.press('Tab');
    assert.ok(await box.isHidden(), `${id}: moving the focus away closes it`);
    checked.push(id);
  }
  return checked;
}

/** Checks "What is this?" under every chart in `ids` that is on screen; returns those checked. */
async function checkCharts(page, ids) {
  const checked = [];
  for (const id of ids) {
    const chart = page.getByTestId(id).first();
    if (!(await chart.count()) || !(await chart.isVisible())) continue;
    assert.equal(await chart.getAttribute('aria-describedby'), `help-text-${id}`, `${id} names its explanation`);
    const explain = page.getByTestId(`explain-${id}`);
    await explain.locator('summary').scrollIntoViewIfNeeded();
    assert.match(await explain.locator('summary').textContent(), /^What is this\?/);
    assert.ok(await page.locator(`#help-text-${id}`).isHidden(), `${id}: folded at first`);
    await explain.locator('summary').click();
    assert.ok(await page.locator(`#help-text-${id}`).isVisible(), `${id}: unfolds`);
    assert.ok((await page.locator(`#help-text-${id}`).textContent()).length > 60);
    await explain.locator('summary').click();
    checked.push(id);
  }
  return checked;
}

const CHARTS = ['boundary-chart', 'loss-chart', 'metric-chart', 'network-chart', 'weights-chart', 'confusion-chart', 'roc-chart',
  'pr-chart', 'predicted-chart', 'residuals-chart', 'distribution-chart', 'correlation-chart', 'scatter'];

test('every control and chart has a working explanation', async () => {
  await withApp(async ({ page, problems }) => {
    const ids = await catalogueIds(page);
    assert.equal(ids.length, 36, `the catalogue: ${ids.join(', ')}`);
    const tips = new Set(await checkTips(page, ids));
    const charts = new Set(await checkCharts(page, CHARTS));
    // Open one tip for the screenshot.
    await page.getByTestId('help-learning-rate').locator('.tip-toggle').click();
    await shot(page, 'help-tip');
    await page.keyboard.press('Escape');

    // A classification table: the table preparation controls, and the result charts.
    await page.getByTestId('dataset-select').selectOption('builtin:penguins');
    await waitStatus(page, 'paused');
    await setNumber(page, 'epochs', 10);
    await trainToDone(page);
    for (const id of await checkTips(page, ids)) tips.add(id);
    for (const id of await checkCharts(page, CHARTS)) charts.add(id);
    // The evaluation explains accuracy against balanced accuracy.
    await page.getByTestId('explain-evaluation').locator('summary').click();
    assert.match(await page.locator('#help-text-evaluation').textContent(), /balanced accuracy/);

    // A regression table: the loss menu and the regression charts.
    await page.getByTestId('dataset-select').selectOption('builtin:diabetes');
    await waitStatus(page, 'paused');
    await setNumber(page, 'epochs', 5);
    await trainToDone(page);
    for (const id of await checkTips(page, ['loss'])) tips.add(id);
    for (const id of await checkCharts(page, ['predicted-chart', 'residuals-chart'])) charts.add(id);

    const missing = ids.filter((id) => !tips.has(id));
    assert.deepEqual(missing, [], 'every catalogued control was on screen once, with its tip');
    assert.deepEqual(CHARTS.filter((id) => !charts.has(id)), [], 'every chart was explained');
    console.log(`explanations checked: ${tips.size} controls, ${charts.size} charts`);
    assert.deepEqual(problems, []);
  });
});
