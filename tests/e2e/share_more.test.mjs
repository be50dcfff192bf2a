// Share links (issue 6), the flows beyond share.test.mjs: an instructor's autostart link trains
// on its own in a fresh browser and still replays bit for bit; an experiment exported as a JSON
// file imports in a fresh browser and trains the same (a garbage file is refused and the current
// experiment kept); a file too big for the link is fetched from its public address only when
// the reader clicks, and checked by its SHA-256.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import { openApp, waitStatus, waitEpoch, runLog, shot, waitText } from './lib.mjs';
import { withTwo, setEpochs, trainToEnd, makeLink, openSharePanel, openClassOptions, includeFingerprint } from './share_lib.mjs';
import { app } from './app.mjs';

/**
 * A second origin serving CSV files from `files` (path → Buffer; change it to change what an
 * address serves), readable by other sites (CORS), never cached, counting the requests it gets.
 */
async function dataServer(files) {
  const requests = [];
  const server = http.createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    requests.push(`${req.method} ${path}`);
    const headers = { 'access-control-allow-origin': '*', 'cache-control': 'no-store' };
    const body = files.get(path);
    if (!body) { res.writeHead(404, headers).end('not found'); return; }
    res.writeHead(200, { ...headers, 'content-type': 'text/csv' }).end(body);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}/`, host: `127.0.0.1:${port}`, requests, close: () => new Promise((ok) => server.close(ok)) };
}

/** Records every distinct text the status line shows, and every click, from page load on. */
async function watchStatusAndClicks(page) {
  await page.addInitScript(() => {
    window.__statuses = [];
    window.__clicks = 0;
    addEventListener('click', () => { window.__clicks++; }, true);
    const note = () => {
      const s = document.querySelector('[data-testid=status]');
      const text = s && s.textContent.split(' · ')[0];
      if (text && window.__statuses.at(-1) !== text) window.__statuses.push(text);
    };
    new MutationObserver(note).observe(document, { subtree: true, childList: true, characterData: true });
  });
}

test('an autostart link trains on its own in a fresh browser and replays exactly', async () => {
  await withTwo(async ({ a, b, url }) => {
    await openApp(a.page, url);
    await app(a.page).el('dataset-select').selectOption('spiral');
    await waitStatus(a.page, 'paused');
    await setEpochs(a.page, 150);
    await trainToEnd(a.page, 150);
    const original = await runLog(a.page);
    assert.equal(original.length, 150);
    await openClassOptions(a.page);
    await app(a.page).el('share-autostart').check();
    const link = await makeLink(a.page, { fingerprint: true });

    await watchStatusAndClicks(b.page);
    await b.page.goto(link);
    await app(b.page).el('train').waitFor();
    // No click: the epochs advance and the run ends by itself.
    await waitEpoch(b.page, 1);
    await waitStatus(b.page, 'done');
    const seen = await b.page.evaluate(() => ({ statuses: window.__statuses, clicks: window.__clicks }));
    assert.equal(seen.clicks, 0, 'nothing was clicked');
    assert.ok(seen.statuses.includes('training'), `the status went to training: ${seen.statuses.join(' → ')}`);
    assert.equal(seen.statuses.at(-1), 'done');
    assert.equal(await app(b.page).el('epoch').textContent(), '150');
    assert.equal(await app(b.page).el('dataset-select').inputValue(), 'spiral');
    assert.deepEqual(await runLog(b.page), original, 'bit-identical per-epoch metrics');
    await waitText(b.page, 'replay-verdict', /Reproduced exactly ✓/);
    await shot(b.page, 'share-autostart');
    assert.deepEqual(a.problems, []);
    assert.deepEqual(b.problems, []);
  });
});

test('an experiment exported as a JSON file imports in a fresh browser; a garbage file is refused', async () => {
  const rows = ['width,height,colour,label'];
  for (let i = 0; i < 150; i++) {
    const w = ((i * 37) % 100) / 10, h = ((i * 53) % 100) / 10, colour = ['red', 'green', 'blue'][i % 3];
    rows.push(`${w},${h},${colour},${w * h > 25 ? 'big' : 'small'}`);
  }
  const csv = rows.join('\n') + '\n';
  await withTwo(async ({ a, b, url }) => {
    await openApp(a.page, url);
    await app(a.page).openFile({ name: 'shapes.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await app(a.page).el('learning-rate').selectOption('0.1');
    await waitStatus(a.page, 'paused');
    await setEpochs(a.page, 10);
    await trainToEnd(a.page, 10);
    const original = await runLog(a.page);
    await includeFingerprint(a.page);
    const [download] = await Promise.all([a.page.waitForEvent('download'), app(a.page).el('share-export').click()]);
    assert.equal(download.suggestedFilename(), 'experiment.json');
    const text = fs.readFileSync(await download.path(), 'utf8');
    const file = JSON.parse(text);
    assert.equal(file.lantern_experiment, 1, 'the format version');
    const x = file.experiment;
    assert.deepEqual(x.spec.data.source, { kind: 'file', name: 'shapes.csv' });
    assert.equal(x.spec.training.epochs, 10);
    assert.equal(x.spec.training.learning_rate, 0.1);
    assert.deepEqual(x.data, { kind: 'embedded', name: 'shapes.csv', text: csv }, 'the data file, byte for byte');
    assert.equal(x.fingerprint.epochs, 10);
    assert.match(x.fingerprint.metrics_hash, /^[0-9a-f]{16}$/);

    await openApp(b.page, url);
    await app(b.page).el('dataset-select').selectOption('xor');
    await waitStatus(b.page, 'paused');
    await setEpochs(b.page, 7);
    const before = await b.page.evaluate(() => location.hash);
    await openSharePanel(b.page);
    const garbage = [
      ['garbage.json', '{"hello": "world"}', /`garbage\.json` was not imported: cannot read the experiment file: this is not a Lantern experiment file \(it has no `lantern_experiment` version\)/],
      ['noise.json', 'PK\u0003\u0004 not json at all', /`noise\.json` was not imported: cannot read the experiment file: this is not a Lantern experiment file \(not a JSON object: .*Choose a file made with “Export experiment \(\.json\)”.*The current experiment is kept\./],
    ];
    for (const [name, body, message] of garbage) {
      await app(b.page).el('share-import').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(body) });
      await waitText(b.page, 'error', message);
      assert.equal(await app(b.page).el('dataset-select').inputValue(), 'xor', 'the current experiment is kept');
      assert.equal(await app(b.page).el('epochs').inputValue(), '7');
      assert.equal(await b.page.evaluate(() => location.hash), before, 'the address still holds it');
      assert.match(await app(b.page).el('status').textContent(), /paused/);
    }
    await shot(b.page, 'share-import-refused');

    await app(b.page).el('share-import').setInputFiles({ name: 'experiment.json', mimeType: 'application/json', buffer: Buffer.from(text) });
    await waitText(b.page, 'data-summary', /150 rows/);
    await waitStatus(b.page, 'paused');
    assert.equal(await app(b.page).el('error').count(), 0, 'the refusal is gone');
    assert.equal(await app(b.page).el('dataset-select').inputValue(), 'file:shapes.csv');
    assert.equal(await app(b.page).el('learning-rate').inputValue(), '0.1');
    assert.equal(await app(b.page).el('epochs').inputValue(), '10');
    await waitText(b.page, 'replay-info', /replays a run of 10 epochs/);
    await trainToEnd(b.page, 10);
    assert.deepEqual(await runLog(b.page), original, 'the imported experiment trains to the same numbers');
    await waitText(b.page, 'replay-verdict', /Reproduced exactly ✓/);
    await shot(b.page, 'share-imported');
    assert.deepEqual(a.problems, []);
    assert.deepEqual(b.problems, []);
  });
});

test('a referenced file is fetched from its host only on a click, and checked by its SHA-256', async () => {
  // ~300 KB of pseudo-random numbers: far over the 64 KiB a link may carry.
  let seed = 777;
  const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
  const rows = ['a,b,c,d,label'];
  for (let i = 0; i < 6000; i++) {
    const v = [rnd(), rnd(), rnd(), rnd()].map((x) => (x * 10).toFixed(6));
    rows.push(`${v.join(',')},${Number(v[0]) + Number(v[1]) > 10 ? 'hi' : 'lo'}`);
  }
  const csv = Buffer.from(rows.join('\n') + '\n');
  const edited = Buffer.from(rows.slice(0, 3000).join('\n') + '\n');
  const files = new Map([['/big.csv', csv]]);
  const data = await dataServer(files);
  try {
    await withTwo(async ({ a, b, url }) => {
      // The author downloads the file from its public address: the link names that address.
      await openApp(a.page, url);
      await app(a.page).el('url-input').locator('xpath=..').locator('summary').click();
      await app(a.page).el('url-input').fill(`${data.url}big.csv`);
      await app(a.page).el('url-fetch').click();
      await waitText(a.page, 'data-summary', /6,000 rows/);
      await waitStatus(a.page, 'paused');
      await setEpochs(a.page, 2);
      await trainToEnd(a.page, 2);
      const original = await runLog(a.page);
      const link = await makeLink(a.page, { fingerprint: true });
      assert.match(await app(a.page).el('link-size').textContent(), new RegExp(`too big to embed: the link names the file and its address at ${data.host}`));
      assert.ok(link.length < 5000, `the link names the file instead of carrying it (${link.length} characters)`);
      assert.deepEqual(data.requests, ['GET /big.csv'], 'the author\'s one download');

      await b.page.goto(link);
      await app(b.page).el('data-prompt').waitFor();
      const prompt = await app(b.page).el('data-prompt').textContent();
      assert.match(prompt, /big\.csv \(\d+ bytes, SHA-256 [0-9a-f]{16}/);
      assert.match(prompt, new RegExp(`published at ${data.host}`), 'the host is named');
      assert.equal(await app(b.page).el('data-prompt-fetch').textContent(), `Fetch from ${data.host}`);
      await b.page.waitForTimeout(1500);
      assert.deepEqual(data.requests, ['GET /big.csv'], 'nothing is fetched before the click');
      await shot(b.page, 'share-fetch-prompt');

      // The file at the address has changed since the link was made: refused, nothing trained.
      files.set('/big.csv', edited);
      await app(b.page).el('data-prompt-fetch').click();
      await waitText(b.page, 'error', new RegExp(`The file downloaded from ${data.host} was not used: this is not the file the link was made from: its SHA-256 is [0-9a-f]{64}`));
      assert.match(await app(b.page).el('error').textContent(), /has changed since the link was made: ask for a new link/);
      assert.equal(data.requests.length, 2, 'one fetch per click');
      assert.equal(await app(b.page).el('data-prompt').count(), 1, 'still waiting for the right file');
      assert.equal(await app(b.page).el('epoch').textContent(), '0', 'nothing trained');
      assert.notEqual(await app(b.page).el('dataset-select').inputValue(), 'file:big.csv', 'the other file was not opened');
      assert.equal(await app(b.page).el('data-prompt-fetch').isEnabled(), true, 'the reader can try again');
      await shot(b.page, 'share-fetch-refused');

      // The right file again: checked, opened, and the run replays exactly.
      files.set('/big.csv', csv);
      await app(b.page).el('data-prompt-fetch').click();
      await waitText(b.page, 'data-summary', /6,000 rows/);
      await waitStatus(b.page, 'paused');
      assert.equal(data.requests.length, 3);
      assert.equal(await app(b.page).el('data-prompt').count(), 0);
      assert.equal(await app(b.page).el('error').count(), 0);
      await trainToEnd(b.page, 2);
      assert.deepEqual(await runLog(b.page), original);
      await waitText(b.page, 'replay-verdict', /Reproduced exactly ✓/);
      assert.deepEqual(b.problems, []);
    });
  } finally {
    await data.close();
  }
});
