// Parts of the page whose code is a wasm chunk loaded on first use (docs/wasm-split.md): the
// Compare body (fetched when the Compare stage is first shown) and the deploy tools (predict,
// drift: fetched when there is first a model). The page starts and trains without either; each
// is fetched once, by the page, and works; a chunk that cannot be fetched is said in the page,
// nothing else breaks, and the next time the part is needed it is fetched again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withApp, openApp, waitStatus, waitText, waitEpoch } from './lib.mjs';
import { app } from './app.mjs';
import { download, unzip } from './deploy_lib.mjs';
import { setNumber } from './teach_lib.mjs';

/** The chunks the page has fetched so far, by their split point's name. */
function chunkLog(page) {
  const fetched = [];
  page.on('request', (r) => {
    const m = new URL(r.url()).pathname.match(/\/split_([a-z_]+)-[0-9a-f]+\.wasm$/);
    if (m) fetched.push(m[1]);
  });
  return fetched;
}

test('the Compare body and the deploy tools are fetched on first use, once, and work', async () => {
  await withApp(async ({ page, problems, url }) => {
    const fetched = chunkLog(page);
    await openApp(page, url);
    await setNumber(page, 'epochs', 20);
    await app(page).el('train').click();
    await waitStatus(page, 'done');
    assert.deepEqual(fetched, [], 'starting and training fetch no chunk');

    // Compare: its body comes with its chunk, and works (the run is in the table; a seed
    // repeat trains in the queue's worker).
    await app(page).go('compare');
    await page.getByTestId('runs-table').waitFor({ timeout: 30_000 });
    assert.deepEqual(fetched, ['compare_body']);
    await app(page).el('repeat-n').fill('2');
    await app(page).el('repeat-seeds').click();
    await waitText(page, 'queue-status', /Done: \d+ runs? recorded/, 240_000);
    const rows = await page.getByTestId('runs-table').evaluate((t) => t.querySelectorAll('tbody:not(.groups) tr').length);
    assert.ok(rows >= 3, `the run and the repeats are recorded: ${rows}`);

    // Deploy: no model yet, no tools; the exported model brings them, with their chunk.
    assert.equal(await page.getByTestId('predict-form').count(), 0);
    const zip = await download(page, 'export-model');
    assert.deepEqual(Object.keys(unzip(zip.bytes)).sort(), ['model.json', 'model.safetensors']);
    await app(page).el('predict-form').waitFor({ timeout: 30_000 });
    assert.deepEqual(fetched, ['compare_body', 'deploy_tools']);
    // The tools work: the form predicts the typical row.
    await waitText(page, 'prediction', /^Predicted \S+: \S/, 30_000);

    // Back and forth, and a second export: nothing is fetched again.
    await app(page).go('train');
    await app(page).go('compare');
    await download(page, 'export-model');
    await app(page).el('predict-form').waitFor();
    assert.deepEqual(fetched, ['compare_body', 'deploy_tools'], 'each chunk once');
    assert.deepEqual(problems, []);
  }, { open: false });
});

test('a chunk that cannot be fetched is reported in the page, and fetched again when next needed', async () => {
  await withApp(async ({ page, url }) => {
    const fetched = chunkLog(page);
    let refuse = true;
    await page.route(/\/split_compare_body-[0-9a-f]+\.wasm$/, (route) => (refuse ? route.abort('internetdisconnected') : route.continue()));
    await openApp(page, url);
    await app(page).go('compare');
    const failed = page.getByTestId('compare-body').getByTestId('lazy-failed');
    await failed.waitFor({ timeout: 30_000 });
    assert.match(await failed.textContent(), /^The Compare panel could not be loaded \(.+\): check the connection and reload the page\.$/);
    assert.equal(await page.getByTestId('repeat-seeds').count(), 0, 'no Compare body');
    // The rest of the page works: training still runs.
    await app(page).go('train');
    await app(page).el('train').click();
    await waitEpoch(page, 2);
    await app(page).el('train').click();
    await waitStatus(page, 'paused');
    // Back online: showing Compare again fetches the chunk, and the body replaces the message.
    refuse = false;
    await app(page).go('compare');
    await page.getByTestId('repeat-seeds').waitFor({ timeout: 30_000 });
    assert.equal(await failed.count(), 0, 'the message is gone');
    assert.deepEqual(fetched, ['compare_body', 'compare_body']);
  }, { open: false });
});
