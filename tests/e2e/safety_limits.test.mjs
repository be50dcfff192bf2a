// Limits instead of hangs (issue 9): a file over 100 MiB (picked or dropped), over 2,000,000 rows
// or 5,000 columns, a column of more than 200 categories, more than 5,000 features after one-hot
// encoding, a network over 512 units a layer or 1,000,000 trainable numbers, a link over
// 2,000,000 characters or unpacking to more than 8 MiB: each is refused with a message saying
// what to do, and the page goes on working with what it had.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serve, launch, openApp, waitStatus, waitText, shot } from './lib.mjs';
import { encodeLink, defaultPayload } from './safety_lib.mjs';
import { app } from './app.mjs';

const lines = (rows) => Buffer.from(rows.join('\n') + '\n');

/** A CSV of `rows` rows: `columns` text columns of `categories` categories each, a number and a label. */
function categorical(rows, columns, categories) {
  const out = [[...Array.from({ length: columns }, (_, j) => `c${j}`), 'n', 'label'].join(',')];
  for (let i = 0; i < rows; i++) {
    const cells = Array.from({ length: columns }, (_, j) => `k${(i + j) % categories}`);
    out.push([...cells, (i % 97) / 10, i % 2 ? 'yes' : 'no'].join(','));
  }
  return lines(out);
}

async function dismiss(page) {
  await page.getByRole('button', { name: 'Dismiss error' }).click();
}

async function openFile(page, name, buffer) {
  await app(page).el('file-input').setInputFiles({ name, mimeType: 'text/csv', buffer });
}

test('files over the size, row, column, category and feature limits are refused with what to do', async () => {
  const server = await serve();
  const b = await launch();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-e2e-limits-'));
  try {
    const { page } = b;
    await openApp(page, server.url);
    await openFile(page, 'ok.csv', categorical(200, 2, 5));
    await waitStatus(page, 'paused');

    // 101 MiB, picked: refused from its size alone (a sparse file: nothing is read).
    const big = path.join(dir, 'big.csv');
    fs.writeFileSync(big, 'a,b\n');
    fs.truncateSync(big, 101 * 1024 * 1024);
    await app(page).el('file-input').setInputFiles(big);
    await waitText(page, 'error', /`big\.csv` was not loaded: the file is 101\.0 MiB, over the limit of 100\.0 MiB\. Load a smaller file/);
    await dismiss(page);
    // … and dropped on the page.
    await page.evaluate(() => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(100 * 1024 * 1024 + 1)], 'dropped.csv', { type: 'text/csv' }));
      window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    });
    await waitText(page, 'error', /`dropped\.csv` was not loaded: the file is 100\.0 MiB, over the limit of 100\.0 MiB/);
    await dismiss(page);
    assert.equal(await app(page).el('dataset-select').inputValue(), 'file:ok.csv', 'the previous data is kept');

    // 2,000,001 rows.
    await openFile(page, 'rows.csv', Buffer.from('a,b\n' + '1,2\n'.repeat(2_000_001)));
    await waitText(page, 'error', /line 2000002: the file has more than 2000000 rows of data, the limit\. Use a sample of the rows/, 120_000);
    await dismiss(page);
    // 5,001 columns.
    const wide = Array.from({ length: 5001 }, (_, j) => `c${j}`).join(',');
    await openFile(page, 'wide.csv', lines([wide, wide.replace(/c/g, ''), wide.replace(/c/g, '')]));
    await waitText(page, 'error', /line 1: the file has 5001 columns, more than the limit of 5000\. Keep only the columns you need/);
    await dismiss(page);
    assert.equal(await app(page).el('dataset-select').inputValue(), 'file:ok.csv', 'the previous data is kept');

    // 201 categories in one column (5,000 rows, so it counts as categorical, not free text).
    await openFile(page, 'cities.csv', categorical(5000, 1, 201));
    await waitText(page, 'error', /`c0` has 201 categories, more than the 200 one column may have: one-hot encoding would add that many features\. Leave it out/);
    await waitStatus(page, 'stopped by an error');
    await shot(page, 'safety-limit-categories');
    // Leaving the column out trains.
    await app(page).el('feature-picker').getByLabel('c0', { exact: true }).uncheck();
    await waitStatus(page, 'paused');

    // 26 columns × 200 categories: 5,200 features after one-hot encoding.
    await openFile(page, 'onehot.csv', categorical(5000, 26, 200));
    await waitText(page, 'error', /the features would be 5201 numbers per row after one-hot encoding, more than the limit of 5000\. Leave some columns/);
    assert.match(await app(page).el('error').textContent(), /The columns with the most categories: `c0` \(200\), `c1` \(200\), `c2` \(200\)\./);
    assert.deepEqual(b.problems, []);
  } finally {
    await b.close();
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('networks over the unit and parameter limits, and oversized links, are refused', async () => {
  const server = await serve();
  const b = await launch();
  try {
    const { page } = b;
    await openApp(page, server.url);
    await app(page).el('units-1').fill('513');
    await app(page).el('units-1').press('Enter');
    await waitText(page, 'error', /`513` is not a whole number of units from 1 to 512/);
    await dismiss(page);

    // Each link is opened in a fresh page load, as when a user clicks one.
    const open = async (fragment) => { await page.goto('about:blank'); await page.goto(`${server.url}#x=${fragment}`); };
    // 5 layers of 512 units: 1,052,673 trainable numbers (2·512+512 + 4·(512·512+512) + 512+1).
    const payload = defaultPayload();
    payload.spec.model.hidden = [512, 512, 512, 512, 512];
    await open(encodeLink(payload));
    await waitText(page, 'error', /this network would have 1052673 trainable numbers \(2 inputs\); the limit is 1000000: use fewer or narrower layers/);
    // 9 layers: refused when the link is read.
    payload.spec.model.hidden = Array(9).fill(4);
    await open(encodeLink(payload));
    await waitText(page, 'error', /could not be opened: .*at most 8 hidden layers, got 9/);

    // A link of more than 2,000,000 characters, and one that unpacks to more than 8 MiB.
    await open(`v1.${'A'.repeat(2_000_001)}.00000000`);
    await waitText(page, 'error', /the link is 2000016 characters long; at most 2000000 are read/);
    const bomb = encodeLink(`{"spec":${' '.repeat(9 << 20)}{}}`);
    assert.ok(bomb.length < 20_000, `a zip bomb is a short link (${bomb.length} characters)`);
    await open(bomb);
    await waitText(page, 'error', /the link unpacks to more than 8 MiB, more than any experiment needs: it was refused/);
    await waitStatus(page, 'paused'); // the default experiment instead
    await shot(page, 'safety-limit-link');
  } finally {
    await b.close();
    await server.close();
  }
});
