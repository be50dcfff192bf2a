// PROTOTYPE (branch split): the page with the Compare body in a lazily loaded wasm chunk.
// Checks: the chunk is not fetched at start; the page starts and the worker (same module,
// same loader) trains the default run to the end; showing Compare fetches the chunk once and
// its body works (the run is in the table, a seed repeat trains in the queue worker); no
// console error or CSP violation. Run: LANTERN_DIST=/tmp/split-dist node split_smoke.mjs
import assert from 'node:assert/strict';
import { serve, launch, openApp, waitStatus, waitText } from './lib.mjs';
import { app } from './app.mjs';
import { download, unzip } from './deploy_lib.mjs';

const server = await serve();
const b = await launch();
const fetched = [];
const events = [];
b.page.on('request', (r) => {
  fetched.push(new URL(r.url()).pathname);
  let from = 'worker';
  try { if (r.frame()) from = 'page'; } catch { /* a worker's request has no frame */ }
  if (r.url().includes('split')) events.push(`${new URL(r.url()).pathname} from ${from}`);
});
b.page.on('worker', (w) => {
  events.push(`worker started ${w.url().replace(/\?.*/, '')}`);
  w.on('close', () => events.push('worker closed'));
});
b.ctx.on('serviceworker', () => {});
const t0 = Date.now();
try {
  await openApp(b.page, server.url);
  console.log(`started (worker ready) in ${Date.now() - t0} ms; fetched: ${fetched.join(' ')}`);
  assert.ok(!fetched.some((p) => p.includes('split_')), 'the chunk is fetched only on first use');
  await app(b.page).el('train').click();
  await waitStatus(b.page, 'done');
  console.log(`default run trained to the end: ${await app(b.page).el('metrics').textContent()}`);
  assert.ok(!fetched.some((p) => p.includes('split_')), 'training did not fetch the chunk');
  await app(b.page).go('compare');
  await b.page.getByTestId('runs-table').waitFor({ timeout: 30_000 });
  const chunks = fetched.filter((p) => p.includes('split_'));
  console.log(`Compare shown; chunk requests: ${chunks.join(' ')}`);
  assert.equal(chunks.length, 1, 'the chunk is fetched once');
  const rows = await b.page.getByTestId('runs-table').evaluate((t) => t.querySelectorAll('tbody:not(.groups) tr').length);
  console.log(`runs table rows: ${rows}`);
  assert.ok(rows >= 1, 'the finished run is in the table');
  // The body's own code works: a seed repeat queued from it trains in the queue worker.
  await app(b.page).el('repeat-seeds').click();
  await waitText(b.page, 'queue-status', /Done: \d+ runs? recorded/, 240_000);
  const after = await b.page.getByTestId('runs-table').evaluate((t) => t.querySelectorAll('tbody:not(.groups) tr').length);
  console.log(`after the seed repeat: ${after} rows; queue: ${await b.page.getByTestId('queue-status').textContent()}`);
  assert.ok(after > rows);
  // The export runs in the training worker, whose code for it is another chunk: fetched by
  // the worker on the first export (the page's request log includes its dedicated workers).
  assert.ok(!fetched.some((p) => p.includes('split_bundle_export')), 'the export chunk waits for the first export');
  const zip = await download(b.page, 'export-model');
  const files = unzip(zip.bytes);
  const card = JSON.parse(files['model.json'].toString('utf8'));
  console.log(`exported ${zip.name}: ${zip.bytes.length} B, files ${Object.keys(files).sort().join(' ')}, card test accuracy ${card.test.accuracy}; export chunk requests: ${fetched.filter((p) => p.includes('split_bundle_export')).length}`);
  assert.equal(fetched.filter((p) => p.includes('split_bundle_export')).length, 1);
  await download(b.page, 'export-model');
  console.log(`events: ${events.join('; ')}`);
  assert.equal(fetched.filter((p) => p.includes('split_bundle_export')).length, 1, 'fetched once');
  // Back and forth: the body is kept, the chunk not fetched again.
  await app(b.page).go('train');
  await app(b.page).go('compare');
  assert.equal(fetched.filter((p) => p.includes('split_compare_body')).length, 1);
  console.log(`problems: ${JSON.stringify(b.problems)}`);
  assert.deepEqual(b.problems, []);
  console.log('split smoke: OK');
} finally {
  await b.close();
  await server.close();
}
