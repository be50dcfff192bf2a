// The decision tree diagram (issue 18): a tree chosen in the Model panel and trained on iris is
// drawn where a network's diagram would be, its root's test in the columns' own units; pressing
// a node (click or keyboard) lists the training rows that reach it, as many as the node says;
// a node with more nodes below shows the tree from it, and "Up a level" / "Root" go back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, SHOTS, withApp, waitStatus } from './lib.mjs';
import { app } from './app.mjs';
import { controlsAndExplanations, seriousViolations } from './teach_lib.mjs';

/** A node's training rows, from its accessible name ("petal_width ≤ 1.75, 42 rows · gini …"). */
function samplesOf(label) {
  const m = label.match(/, (\d+) rows? · /);
  assert.ok(m, label);
  return Number(m[1]);
}

/** Presses node `id` with `how` (a click, or Enter with the focus on it) and waits for its rows. */
async function pressNode(page, id, how = 'click') {
  const node = app(page).find(`[data-testid=tree-node][data-node="${id}"]`);
  if (how === 'click') await node.click();
  else {
    await node.focus();
    await page.keyboard.press(how);
  }
  await page.waitForFunction((id) => document.querySelector('[data-testid=tree-rows-caption]')?.textContent.startsWith(`Node ${id}:`), id);
  return samplesOf(await node.getAttribute('aria-label'));
}

test('a decision tree is drawn, a node lists its rows, and a deep tree is explored a part at a time', async () => {
  await withApp(async ({ page, problems }) => {
    await app(page).el('dataset-select').selectOption('builtin:iris');
    await waitStatus(page, 'paused');
    await app(page).el('model-kind').selectOption('tree');
    await waitStatus(page, 'paused');
    assert.equal(await page.getByTestId('tree-chart').count(), 0, 'no diagram before the tree is fitted');
    await app(page).el('train').click();
    await waitStatus(page, 'done');
    await app(page).el('tree-chart').waitFor({ timeout: 30_000 });

    // The root: its test in centimetres (iris is standardised before training), all the
    // training rows, gini of three balanced classes.
    const nodes = app(page).el('tree-node');
    const rootLabel = await nodes.first().getAttribute('aria-label');
    const test = rootLabel.match(/^(petal_length|petal_width) ≤ ([\d.]+), (\d+) rows · gini 0\.6\d+, \d+ · \d+ · \d+\. Node 0: setosa \d+, versicolor \d+, virginica \d+; predicts \w+\.$/);
    assert.ok(test, rootLabel);
    const [, feature, threshold] = test;
    assert.ok(Number(threshold) > 0.5 && Number(threshold) < 3, `a threshold in cm: ${threshold}`);
    assert.equal((await nodes.first().locator('text').first().textContent()), `${feature} ≤ ${threshold}`);
    assert.match(await app(page).el('tree-chart').getAttribute('aria-label'), /^Decision tree predicting species: \d+ nodes, \d+ leaves, depth \d+\. Showing \d+ nodes from the root/);
    assert.match(await app(page).el('tree-path').textContent(), /from the root$/);
    assert.deepEqual((await app(page).el('tree-legend').locator('.tree-key').allTextContents()).map((t) => t.trim()), ['setosa', 'versicolor', 'virginica']);

    // The root's left child (setosa): its rows, as many as the node has, each passing the test.
    const left = await pressNode(page, 1);
    const rows = app(page).el('tree-rows');
    assert.equal(Number(await rows.getAttribute('data-count')), left);
    assert.equal(await rows.locator('tbody tr').count(), Math.min(left, 100));
    const heads = (await rows.locator('thead th').allTextContents()).map((t) => t.trim());
    assert.deepEqual(heads, ['row', 'sepal_length', 'sepal_width', 'petal_length', 'petal_width', 'species']);
    const column = heads.indexOf(feature);
    const cells = await rows.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
    for (const row of cells) {
      assert.ok(Number(row[column]) <= Number(threshold), `row ${row[0]}: ${feature} ${row[column]} ≤ ${threshold}`);
      assert.ok(Number(row[0]) >= 1 && Number(row[0]) <= 150, `a table row number: ${row[0]}`);
    }
    assert.ok(cells.every((r) => r[5] === 'setosa'), 'the first split sets setosa apart');
    assert.match(await app(page).el('tree-rows-caption').textContent(), /^Node 1: \d+ training rows reach it\. Row numbers are the table's/);
    assert.equal(await app(page).find('[data-testid=tree-node][data-node="1"]').getAttribute('aria-pressed'), 'true');

    // The keyboard: Enter on the right child lists its rows.
    const right = await pressNode(page, 2, 'Enter');
    assert.equal(Number(await rows.getAttribute('data-count')), right);
    assert.equal(left + right, samplesOf(rootLabel), "the children's rows add up to the root's");

    // The picture, with node 2's rows under it (also docs/screenshots/tree-diagram.png, for
    // docs/learners.md: made here, it cannot go stale).
    fs.mkdirSync(SHOTS, { recursive: true });
    await app(page).show('tree-chart');
    const figure = page.locator('figure:has([data-testid=tree-diagram])');
    await figure.screenshot({ path: path.join(SHOTS, 'tree-diagram.png') });
    await figure.screenshot({ path: path.join(ROOT, 'docs', 'screenshots', 'tree-diagram.png') });

    // Explore: a node with more below shows the tree from it; Up a level and Root go back.
    const collapsed = app(page).find('[data-testid=tree-node][aria-label*="nodes below"]');
    assert.ok((await collapsed.count()) > 0, 'an unlimited tree on iris is deeper than the view');
    const id = await collapsed.first().getAttribute('data-node');
    const below = samplesOf(await collapsed.first().getAttribute('aria-label'));
    assert.equal(await pressNode(page, id, 'Enter'), below);
    await page.waitForFunction((id) => document.querySelector('[data-testid=tree-node]')?.dataset.node === id, id);
    // The keyboard stays on the node opened (its new button at the top), not back on the page.
    await page.waitForFunction((id) => document.activeElement?.dataset?.node === id, id);
    assert.match(await app(page).el('tree-path').textContent(), new RegExp(`from node ${id}, where ${feature} > ${threshold.replace('.', '\\.')}`));
    assert.ok((await nodes.count()) > 1, 'the nodes below it are shown');
    await app(page).el('tree-up').click();
    await page.waitForFunction((id) => document.querySelector('[data-testid=tree-node]')?.dataset.node !== id, id);
    await app(page).el('tree-root').click();
    await page.waitForFunction(() => document.querySelector('[data-testid=tree-node]')?.dataset.node === '0');
    assert.equal(await app(page).el('tree-root').isDisabled(), true);

    // The rules as text, every control explained, nothing serious for axe.
    assert.match(await app(page).el('tree-rules').locator('pre').textContent(), /^petal_\w+ ≤ [\d.]+\? \(\d+ rows, gini/);
    const unexplained = (await controlsAndExplanations(page)).filter((c) => c.key.includes('tree') && !c.help && !c.exempt);
    assert.deepEqual(unexplained, []);
    assert.deepEqual(await seriousViolations(page, 'tree'), []);
    assert.deepEqual(problems, []);
  });
});
