// Share links (issue 6): a link made in one browser opens in a fresh one and replays the run
// bit for bit, with its data; bad links are refused clearly; an instructor's note is text,
// hidden controls are gone and locked ones disabled; storage brings the experiment back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, waitStatus, waitEpoch, runLog, shot, waitText } from './lib.mjs';
import { withTwo, setEpochs, trainToEnd, makeLink, openClassOptions } from './share_lib.mjs';
import zlib from 'node:zlib';
import { app } from './app.mjs';

test('a built-in dataset run replays exactly in a fresh browser', async () => {
  await withTwo(async ({ a, b, url }) => {
    await openApp(a.page, url);
    await app(a.page).el('dataset-select').selectOption('xor');
    await waitStatus(a.page, 'paused');
    await setEpochs(a.page, 12);
    await trainToEnd(a.page, 12);
    const original = await runLog(a.page);
    const link = await makeLink(a.page, { fingerprint: true });
    assert.ok(link.startsWith(url), 'the link is this page with a fragment');
    assert.match(await app(a.page).el('link-size').textContent(), /\d+ characters/);
    await app(a.page).el('share-copy').click();
    await waitText(a.page, 'share-copied', /Copied|Selected/);
    await shot(a.page, 'share-panel');

    await b.page.goto(link);
    await app(b.page).el('train').waitFor();
    await waitText(b.page, 'replay-info', /replays a run of 12 epochs/);
    await waitStatus(b.page, 'paused');
    assert.equal(await app(b.page).el('dataset-select').inputValue(), 'xor');
    await trainToEnd(b.page, 12);
    assert.deepEqual(await runLog(b.page), original, 'bit-identical per-epoch metrics');
    await waitText(b.page, 'replay-verdict', /Reproduced exactly ✓/);
    await shot(b.page, 'share-replayed');
    assert.deepEqual(a.problems, []);
    assert.deepEqual(b.problems, []);
  });
});

test('an uploaded CSV travels in the link and trains the same', async () => {
  const rows = ['x,y,label'];
  for (let i = 0; i < 120; i++) {
    const x = ((i * 37) % 100) / 10, y = ((i * 53) % 100) / 10;
    rows.push(`${x},${y},${x + y > 10 ? 'hi' : 'lo'}`);
  }
  const csv = Buffer.from(rows.join('\n') + '\n');
  await withTwo(async ({ a, b, url }) => {
    await openApp(a.page, url);
    await app(a.page).openFile({ name: 'mine.csv', mimeType: 'text/csv', buffer: csv });
    await setEpochs(a.page, 8);
    await trainToEnd(a.page, 8);
    const original = await runLog(a.page);
    const link = await makeLink(a.page, { fingerprint: true });
    assert.match(await app(a.page).el('link-size').textContent(), /data [\d.]+ of 64 KiB compressed/);

    await b.page.goto(link);
    await app(b.page).el('train').waitFor();
    await waitText(b.page, 'data-summary', /120 rows/);
    await waitStatus(b.page, 'paused');
    await trainToEnd(b.page, 8);
    assert.deepEqual(await runLog(b.page), original, 'the embedded data trains to the same numbers');
    await waitText(b.page, 'replay-verdict', /Reproduced exactly/);
    await shot(b.page, 'share-csv-replayed');
    assert.deepEqual(b.problems, []);
  });
});

test('a damaged link is refused clearly and the default experiment opens', async () => {
  await withTwo(async ({ a, b, url }) => {
    await openApp(a.page, url);
    const link = await makeLink(a.page);
    const cut = link.slice(0, link.length - 40);
    await b.page.goto(cut);
    await app(b.page).el('train').waitFor();
    await waitStatus(b.page, 'paused');
    const error = await app(b.page).el('error').textContent();
    assert.match(error, /could not be opened/);
    assert.match(error, /damaged|cut short|checksum|truncated/i);
    assert.equal(await app(b.page).el('dataset-select').inputValue(), 'circle', 'the default experiment');
    await shot(b.page, 'share-bad-link');
  });
});

/** The JSON payload of a share link (`…#x=v1.<base64url(raw deflate)>.<checksum>`). */
function payload(link) {
  const [, body] = link.split('#x=')[1].split('.');
  return JSON.parse(zlib.inflateRawSync(Buffer.from(body, 'base64url')).toString('utf8'));
}

test('a note is plain text; hidden controls are gone and locked ones disabled', async () => {
  await withTwo(async ({ a, b, url }) => {
    await openApp(a.page, url);
    await openClassOptions(a.page);
    const note = 'Watch the test loss <img src=x onerror=alert(1)>';
    await app(a.page).el('share-note').fill(note);
    const picker = app(a.page).el('control-picker');
    await picker.locator('summary').click();
    await picker.getByLabel('Hide Add a layer', { exact: true }).check();
    await picker.getByLabel('Lock Learning rate', { exact: true }).check();
    await picker.getByLabel('Lock Dataset', { exact: true }).check();
    await picker.getByLabel('Lock Layer sizes', { exact: true }).check();
    await picker.getByLabel('Lock Layer sizes', { exact: true }).uncheck();
    assert.equal(await picker.locator('summary').textContent(), 'Hide or lock controls (1 hidden, 2 locked)');
    await shot(a.page, 'share-control-picker');
    const link = await makeLink(a.page);
    assert.deepEqual(payload(link).teaching, { hidden: ['add-layer'], locked: ['learning-rate', 'dataset-select'], note },
      'the link stores the controls\' ids, as before');

    const dialogs = [];
    b.page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
    await b.page.goto(link);
    await app(b.page).el('train').waitFor();
    await waitStatus(b.page, 'paused');
    assert.equal(await app(b.page).el('teaching-note').textContent(), note, 'shown as text');
    assert.equal(await b.page.locator('.teaching-note img').count(), 0, 'no element made from the note');
    assert.equal(await app(b.page).el('add-layer').isVisible(), false, 'hidden');
    await b.page.waitForFunction(() => document.querySelector('[data-testid=learning-rate]').disabled);
    assert.equal(await app(b.page).el('dataset-select').isDisabled(), true, 'locked');
    await b.page.waitForTimeout(500);
    assert.deepEqual(dialogs, [], 'no alert fired');
    await shot(b.page, 'share-teaching');
    // The reader's Share panel starts from the link's choices.
    await openClassOptions(b.page);
    const checked = await app(b.page).el('control-picker').locator('input:checked').evaluateAll((l) => l.map((i) => i.dataset.testid));
    assert.deepEqual(checked.sort(), ['hide-add-layer', 'lock-dataset-select', 'lock-learning-rate']);
  });
});

test('every control the class options offer is in the page; locking a group locks its inputs', async () => {
  await withTwo(async ({ a, b, url }) => {
    await openApp(a.page, url);
    await openClassOptions(a.page);
    const ids = await a.page.locator('[data-testid=control-picker] tr[data-control]').evaluateAll((rows) => rows.map((r) => r.dataset.control));
    assert.equal(ids.length, 54);
    const missing = () => a.page.evaluate((ids) => ids.filter((id) => !document.querySelector(`[data-testid="${id}"]`)), ids);
    assert.deepEqual(await missing(),
      ['target-select', 'task-select', 'feature-picker', 'derived-features', 'numeric-missing', 'categorical-missing', 'scaling', 'loss'],
      'generated data: no table preparation, no regression loss');
    await app(a.page).el('dataset-select').selectOption('builtin:diabetes');
    await waitStatus(a.page, 'paused');
    await a.page.waitForFunction(() => document.querySelector('[data-testid=loss]'));
    assert.deepEqual(await missing(), ['noise', 'points'], 'a regression table: everything but the generator\'s sliders');

    await app(a.page).el('control-picker').locator('summary').click();
    for (const name of ['Lock Layer sizes', 'Lock Features used', 'Hide Own data (open, paste, web address)']) {
      await app(a.page).el('control-picker').getByLabel(name, { exact: true }).check();
    }
    const link = await makeLink(a.page);
    await b.page.goto(link);
    await app(b.page).el('train').waitFor();
    await waitStatus(b.page, 'paused');
    await b.page.waitForFunction(() => document.querySelector('[data-testid=units-1]')?.disabled);
    const enabled = await b.page.evaluate(() => [...document.querySelectorAll('[data-testid=layers] :is(input, button), [data-testid=feature-picker] :is(input, select, button)')]
      .filter((e) => !e.disabled).length);
    assert.equal(enabled, 0, 'no input of a locked group can be changed');
    await app(b.page).go('data'); // the file loader's stage: hidden there
    assert.equal(await app(b.page).el('file-loader').isVisible(), false);
    assert.equal(await app(b.page).text('Open CSV file…').isVisible(), false, 'the hidden loader\'s button is gone too');
    assert.equal(await app(b.page).el('dataset-select').isEnabled(), true, 'the rest is left alone');
    assert.deepEqual(b.problems, []);
  });
});

test('a reload restores the experiment from storage', async () => {
  await withTwo(async ({ a, url }) => {
    await openApp(a.page, url);
    await app(a.page).el('dataset-select').selectOption('spiral');
    await waitStatus(a.page, 'paused');
    await setEpochs(a.page, 33);
    // Without the fragment: only storage can bring it back.
    await a.page.goto(url);
    await app(a.page).el('train').waitFor();
    await waitStatus(a.page, 'paused');
    assert.equal(await app(a.page).el('dataset-select').inputValue(), 'spiral');
    assert.equal(await app(a.page).el('epochs').inputValue(), '33');
    // Corrupt storage is set aside with a notice, never a crash.
    await a.page.evaluate(() => localStorage.setItem('lantern.current', 'v1.garbage.0000'));
    await a.page.goto(url);
    await app(a.page).el('train').waitFor();
    await waitStatus(a.page, 'paused');
    await waitText(a.page, 'notice', /could not be read/);
    assert.equal(await a.page.evaluate(() => localStorage.getItem('lantern.current.corrupt')), 'v1.garbage.0000');
    assert.deepEqual(a.problems, []);
  });
});

test('a learning rate changed mid-run is replayed at the same step', async () => {
  await withTwo(async ({ a, b, url }) => {
    await openApp(a.page, url);
    await setEpochs(a.page, 400);
    // Pause mid-run, change the rate, resume: 400 epochs are over in a few seconds, and a
    // change made after the end would start a new run instead.
    await app(a.page).el('train').click();
    await waitEpoch(a.page, 3);
    await app(a.page).el('train').click();
    await waitStatus(a.page, 'paused');
    await app(a.page).el('learning-rate').selectOption('0.01');
    await app(a.page).el('train').click();
    await waitEpoch(a.page, 400);
    await waitStatus(a.page, 'done');
    assert.match(await app(a.page).el('live-changes').textContent(), /learning rate 0\.03 → 0\.01/);
    const original = await runLog(a.page);
    const link = await makeLink(a.page, { fingerprint: true });

    await b.page.goto(link);
    await app(b.page).el('train').waitFor();
    await waitStatus(b.page, 'paused');
    assert.equal(await app(b.page).el('learning-rate').inputValue(), '0.03', 'the run starts as the original did');
    await trainToEnd(b.page, 400);
    assert.deepEqual(await runLog(b.page), original, 'bit-identical, the change included');
    await waitText(b.page, 'replay-verdict', /Reproduced exactly/);
    assert.match(await app(b.page).el('live-changes').textContent(), /learning rate 0\.03 → 0\.01/);
  });
});

test('a file too big for the link is asked for and checked by its SHA-256', async () => {
  // ~300 KB of pseudo-random numbers: far over 64 KiB compressed.
  let seed = 12345;
  const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
  const rows = ['a,b,c,d,label'];
  for (let i = 0; i < 6000; i++) {
    const v = [rnd(), rnd(), rnd(), rnd()].map((x) => (x * 10).toFixed(6));
    rows.push(`${v.join(',')},${Number(v[0]) + Number(v[1]) > 10 ? 'hi' : 'lo'}`);
  }
  const csv = Buffer.from(rows.join('\n') + '\n');
  const other = Buffer.from(rows.slice(0, 3000).join('\n') + '\n');
  await withTwo(async ({ a, b, url }) => {
    await openApp(a.page, url);
    await app(a.page).openFile({ name: 'big.csv', mimeType: 'text/csv', buffer: csv });
    await setEpochs(a.page, 2);
    await trainToEnd(a.page, 2);
    const original = await runLog(a.page);
    const link = await makeLink(a.page, { fingerprint: true });
    assert.match(await app(a.page).el('link-size').textContent(), /too big to embed/);
    assert.ok(link.length < 5000, `the link names the file instead of carrying it (${link.length} characters)`);

    await b.page.goto(link);
    await app(b.page).el('data-prompt').waitFor();
    assert.match(await app(b.page).el('data-prompt').textContent(), /big\.csv \(\d+ bytes, SHA-256 [0-9a-f]{16}/);
    await app(b.page).el('data-prompt-file').setInputFiles({ name: 'big.csv', mimeType: 'text/csv', buffer: other });
    await waitText(b.page, 'error', /was not used: this is not the file the link was made from/);
    await shot(b.page, 'share-data-prompt');
    await app(b.page).el('data-prompt-file').setInputFiles({ name: 'copy.csv', mimeType: 'text/csv', buffer: csv });
    await waitText(b.page, 'data-summary', /6,000 rows/);
    await waitStatus(b.page, 'paused');
    assert.equal(await app(b.page).el('data-prompt').count(), 0);
    await trainToEnd(b.page, 2);
    assert.deepEqual(await runLog(b.page), original);
    await waitText(b.page, 'replay-verdict', /Reproduced exactly/);
  });
});

test('back and forward move between shared experiments', async () => {
  await withTwo(async ({ a, url }) => {
    await openApp(a.page, url);
    await app(a.page).el('dataset-select').selectOption('xor');
    await waitStatus(a.page, 'paused');
    await makeLink(a.page);
    await app(a.page).el('dataset-select').selectOption('spiral');
    await waitStatus(a.page, 'paused');
    await makeLink(a.page);
    await a.page.goBack();
    await a.page.waitForFunction(() => document.querySelector('[data-testid=dataset-select]').value === 'xor');
    await a.page.goForward();
    await a.page.waitForFunction(() => document.querySelector('[data-testid=dataset-select]').value === 'spiral');
    assert.deepEqual(a.problems, []);
  });
});

test('a full storage is reported, not silently dropped', async () => {
  await withTwo(async ({ a, url }) => {
    await a.page.addInitScript(() => {
      Storage.prototype.setItem = function () { throw new DOMException('the quota has been exceeded', 'QuotaExceededError'); };
    });
    await openApp(a.page, url);
    await waitText(a.page, 'notice', /storage for this page is full.*Export the experiment/);
    await shot(a.page, 'share-storage-full');
  });
});
