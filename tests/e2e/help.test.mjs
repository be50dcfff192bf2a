// Explanations in place (issue 10): every control of the catalogue that is on screen has a "?"
// toggletip that opens with a click or Enter, closes with Escape or when the focus leaves, and
// whose text the control names in aria-describedby; every chart has a "What is this?"
// disclosure that its canvas names too. Three datasets between them show every control. Then
// every interactive element the page shows — in every panel, Compare and Deploy included, in a
// lesson, with the queue running, a wide table, a link's data prompt — is enumerated: each must
// name a "?" toggletip in aria-describedby or be one of the few stated exemptions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { withApp, waitStatus, waitText, shot, serve, SHOTS } from './lib.mjs';
import { catalogueIds, setNumber, trainToDone, openLesson, controlsAndExplanations, openAllDetails, EXEMPT } from './teach_lib.mjs';
import { tempFile, comparedAndDeployed } from './deploy_lib.mjs';
import { openSharePanel } from './share_lib.mjs';
import { app, STAGES } from './app.mjs';

/**
 * Checks the toggletip of every control in `ids` that the page has, each looked for where it
 * lives: on its stage (shown first) or in the Share menu (opened first); returns the ids checked.
 */
async function checkTips(page, ids) {
  const checked = [];
  for (const id of ids) {
    const where = await page.evaluate((id) => {
      const el = document.querySelector(`[data-testid="${id}"]`);
      return el && { stage: el.closest('[data-stage]')?.dataset.stage ?? null, share: Boolean(el.closest('[data-testid=share-panel]')) };
    }, id);
    if (!where) continue;
    if (where.stage) await app(page).go(where.stage);
    if (where.share) await openSharePanel(page);
    else await app(page).closeShare();
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
    const tip = app(page).el(found.tip);
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

/** Checks "What is this?" under every chart in `ids` that the page shows (each on its stage); returns those checked. */
async function checkCharts(page, ids) {
  const checked = [];
  for (const id of ids) {
    const chart = app(page).el(id).first();
    if (!(await chart.count())) continue;
    await app(page).show(chart);
    if (!(await chart.isVisible())) continue;
    assert.equal(await chart.getAttribute('aria-describedby'), `help-text-${id}`, `${id} names its explanation`);
    const explain = app(page).el(`explain-${id}`);
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
  'pr-chart', 'predicted-chart', 'residuals-chart', 'importance-chart', 'distribution-chart', 'correlation-chart', 'scatter'];

test('every control and chart has a working explanation', async () => {
  await withApp(async ({ page, problems }) => {
    const ids = await catalogueIds(page);
    assert.equal(ids.length, 54, `the catalogue: ${ids.join(', ')}`);
    const tips = new Set(await checkTips(page, ids));
    const charts = new Set(await checkCharts(page, CHARTS));
    // Open one tip for the screenshot.
    await app(page).el('help-learning-rate').locator('.tip-toggle').click();
    await shot(page, 'help-tip');
    await page.keyboard.press('Escape');

    // A classification table: the table preparation controls, and the result charts.
    const playground = await trainingValues(page);
    assert.equal(await page.getByTestId('help-table-defaults').count(), 0, 'no table tip on generated data');
    await app(page).el('dataset-select').selectOption('builtin:penguins');
    await waitStatus(page, 'paused');
    // The settings chosen for its 344 rows, each with its reason under the table's "?".
    assert.deepEqual(await trainingValues(page), { batch: '16', epochs: '300', patience: '30', rate: '0.01', layers: 1 });
    await setNumber(page, 'epochs', 10);
    await app(page).el('help-table-defaults').locator('.tip-toggle').click();
    const reasons = await page.getByTestId('table-defaults-reason').evaluateAll((els) =>
      els.map((e) => ({ text: e.textContent, changed: e.classList.contains('changed') })));
    assert.equal(reasons.length, 6, JSON.stringify(reasons));
    assert.match(reasons[1].text, /^batch 16: 344 rows make about 16 steps per epoch/);
    assert.equal(reasons[1].changed, false);
    assert.match(reasons[3].text, /^at most 300 epochs, stopping after 30 .*\(changed since: now at most 10 epochs, patience 30\)$/);
    assert.equal(reasons[3].changed, true, 'the epochs changed since the table was picked');
    assert.match(await page.locator('#help-text-table-defaults').textContent(), /from its number of rows and its task/);
    await page.keyboard.press('Escape');
    await trainToDone(page);
    for (const id of await checkTips(page, ids)) tips.add(id);
    for (const id of await checkCharts(page, CHARTS)) charts.add(id);
    // The evaluation explains accuracy against balanced accuracy.
    await app(page).el('explain-evaluation').locator('summary').click();
    assert.match(await page.locator('#help-text-evaluation').textContent(), /balanced accuracy/);

    // A regression table: the loss menu and the regression charts.
    await app(page).el('dataset-select').selectOption('builtin:diabetes');
    await waitStatus(page, 'paused');
    await setNumber(page, 'epochs', 5);
    await trainToDone(page);
    for (const id of await checkTips(page, ['loss'])) tips.add(id);
    for (const id of await checkCharts(page, ['predicted-chart', 'residuals-chart'])) charts.add(id);

    // The models that are not networks: each kind's settings, with their tips.
    const LEARNER_IDS = ['model-kind', 'forest-trees', 'boost-rounds', 'boost-rate', 'boost-leaves', 'tree-depth', 'leaf-rows',
      'boost-patience', 'knn-k', 'tree-criterion', 'forest-features', 'forest-bootstrap', 'boost-l2', 'knn-distance',
      'knn-weighting', 'bayes-smoothing'];
    for (const kind of ['forest', 'boosting', 'knn', 'bayes', 'network']) {
      await app(page).el('model-kind').selectOption(kind);
      for (const id of await checkTips(page, LEARNER_IDS)) tips.add(id);
    }

    // Back to generated data: the playground's teaching settings again.
    await app(page).el('dataset-select').selectOption('xor');
    await waitStatus(page, 'paused');
    assert.deepEqual(await trainingValues(page), playground);

    const missing = ids.filter((id) => !tips.has(id));
    assert.deepEqual(missing, [], 'every catalogued control was on screen once, with its tip');
    assert.deepEqual(CHARTS.filter((id) => !charts.has(id)), [], 'every chart was explained');
    console.log(`explanations checked: ${tips.size} controls, ${charts.size} charts`);
    assert.deepEqual(problems, []);
  });
});

/** The training settings the page shows (and how many hidden layers). */
async function trainingValues(page) {
  const value = (id) => page.getByTestId(id).inputValue();
  return {
    batch: await value('batch-size'),
    epochs: await value('epochs'),
    patience: await value('patience'),
    rate: await value('learning-rate'),
    layers: await page.locator('[data-testid^=units-]').count(),
  };
}

/** `n` rows of 4 pseudo-random numbers and a label: far over the 64 KiB a link may carry. */
function bigCsv(n = 6000) {
  let seed = 12345;
  const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
  const rows = ['a,b,c,d,label'];
  for (let i = 0; i < n; i++) {
    const v = [rnd(), rnd(), rnd(), rnd()].map((x) => (x * 10).toFixed(6));
    rows.push(`${v.join(',')},${Number(v[0]) + Number(v[1]) > 10 ? 'hi' : 'lo'}`);
  }
  return rows.join('\n') + '\n';
}

/** A table of 60 numeric columns (more than one page of column summaries) and a label. */
function wideCsv() {
  const head = [...Array.from({ length: 60 }, (_, j) => `c${j + 1}`), 'label'];
  const rows = Array.from({ length: 30 }, (_, i) => [...Array.from({ length: 60 }, (_, j) => ((i * 7 + j * 3) % 11) / 2), i % 2 ? 'a' : 'b']);
  return [head, ...rows].map((r) => r.join(',')).join('\n') + '\n';
}

test('every interactive control names a "?" explanation, or is a stated exemption', async () => {
  const dir = path.join(SHOTS, 'help-files');
  tempFile(dir, 'big.csv', bigCsv());
  const files = await serve(dir, { cors: true });
  try {
    await withApp(async ({ page, problems }) => {
      const seen = new Map();
      const bad = [];
      // Every stage of the state in turn, with every panel and menu open.
      const look = async (state) => {
        const counts = [];
        for (const stage of STAGES) {
          await app(page).go(stage);
          await openAllDetails(page);
          const found = await controlsAndExplanations(page);
          for (const c of found) {
            if (!c.help && !c.exempt) bad.push(`${state} [${stage}]: ${c.key}`);
            const before = seen.get(c.key);
            if (!before || (!before.help && c.help)) seen.set(c.key, c);
          }
          counts.push(`${stage} ${found.length}`);
        }
        console.log(`[controls] ${state}: on screen ${counts.join(', ')}`);
      };

      // A lesson (Back, Next, Close), then the default page with every panel and menu open.
      await openLesson(page, 'neuron_line');
      await look('a lesson open');
      await app(page).el('lesson-close').click();
      await look('default experiment, everything unfolded');

      // A table: preparation, data view, scatter plot, plane pickers; two runs to compare; the
      // finished model exported, a file predicted and a shifted copy checked for drift.
      await comparedAndDeployed(page, dir, [8, 9]);
      await app(page).el('retrain').waitFor();
      await look('a table, trained twice, Compare open, a model deployed with drift');
      // The new panels' charts are explained like the others.
      assert.equal(await app(page).el('compare-chart').getAttribute('aria-describedby'), 'help-text-compare-chart');
      assert.match(await page.locator('#help-text-compare-chart').textContent(), /one line per run/);
      const drift = await app(page).el('drift-charts').locator('canvas').evaluateAll((cs) => cs.map((c) => c.getAttribute('aria-describedby')));
      assert.ok(drift.length >= 2 && drift.every((d) => d === 'help-text-drift-charts'), `drift charts: ${drift}`);
      assert.equal(await page.locator('#help-text-drift-charts').count(), 1, 'one explanation for all drift charts');

      // The queue at work (Cancel), and deleting every run (its confirmation). Long runs (no
      // early stopping, which the table's defaults turn on): the queue is still at work after
      // every stage has been looked at.
      await setNumber(page, 'patience', 0);
      await setNumber(page, 'epochs', 5000);
      await app(page).el('repeat-n').fill('3');
      await app(page).el('repeat-seeds').click();
      await app(page).el('queue-cancel').waitFor();
      await look('queued runs training');
      await app(page).el('queue-cancel').click();
      await app(page).el('clear-runs').click();
      await look('asked to delete every run');
      await app(page).el('clear-keep').click();

      // A wide table: the column filter and "Show more".
      await app(page).el('paste-text').fill(wideCsv());
      await app(page).el('paste-use').click();
      await waitText(page, 'data-summary', /30 rows × 61 columns/);
      await waitStatus(page, 'paused');
      await look('a table of 61 columns');

      // A link whose file is too big to carry: the reader is asked for it (open, or fetch).
      await app(page).el('url-input').fill(`${files.url}big.csv`);
      await app(page).el('url-fetch').click();
      await waitText(page, 'data-summary', /6,000 rows/);
      await waitStatus(page, 'paused');
      await app(page).el('share-make').click();
      await page.waitForFunction(() => document.querySelector('[data-testid=share-link]').value.includes('#x=v1.'));
      const link = await app(page).el('share-link').inputValue();
      await page.goto('about:blank');
      await page.goto(link);
      await app(page).el('data-prompt').waitFor();
      await look('a link asking for its data file');
      await shot(page, 'help-data-prompt');

      const keys = [...seen.values()];
      const explained = keys.filter((c) => c.help).length;
      const exempt = keys.filter((c) => !c.help && c.exempt);
      console.log(`[controls] ${keys.length} distinct controls enumerated: ${explained} explained by a "?", ${exempt.length} exempt ` +
        `(${EXEMPT.length} rules): ${exempt.map((c) => c.key).join(', ')}`);
      assert.deepEqual(bad, [], 'controls with neither a "?" explanation nor an exemption');
      assert.ok(keys.length >= 150 && explained >= 130, `${keys.length} controls, ${explained} explained`);
      // The lesson, the new panels and the once hover-only controls are among those explained.
      for (const key of ['button[lesson-next]', 'select[plane-x]', 'select[scatter-x]', 'input[loss-log]', 'input[boundary-discrete]',
        'select[kind-island]', 'button[stage-next]', 'button[queue-cancel]', 'select[compare-quantity]', 'input[compare-log]',
        'button[export-model]', 'input[drift-input]', 'button[retrain-old-new]', 'input[column-filter]', 'input[data-prompt-file]',
        'button[data-prompt-fetch]', 'a[lesson-overfitting]', 'button[present-toggle]']) {
        assert.ok(seen.get(key)?.help, `${key} is explained: ${JSON.stringify(seen.get(key))}`);
      }
      assert.deepEqual(problems, []);
    });
  } finally {
    await files.close();
  }
});
