// Bring your own data: a good CSV trains; every kind of bad file is refused with a message that
// says what and where, and the data loaded before is kept and still trains.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serve, launch, openApp, waitEpoch, metrics, shot, waitStatus as status } from './lib.mjs';
import { app } from './app.mjs';


function csv(rows) { return Buffer.from(rows.join('\n') + '\n'); }

const good = (() => {
  const rows = ['x1,x2,colour,label'];
  for (let i = 0; i < 120; i++) {
    const a = ((i * 37) % 100) / 10 - 5, b = ((i * 53) % 100) / 10 - 5;
    rows.push(`${a},${b},${i % 3 === 0 ? 'red' : 'blue'},${a + b > 0 ? 'yes' : 'no'}`);
  }
  return csv(rows);
})();

const bad = [
  ['empty.csv', Buffer.from(''), /empty/i],
  ['header-only.csv', csv(['a,b,c']), /no data rows|header/i],
  ['one-row.csv', csv(['a,b', '1,2']), /2 rows|one data row|only 1/i],
  ['one-column.csv', csv(['a', '1', '2', '3']), /two columns|one column/i],
  ['ragged.csv', csv(['a,b,c', '1,2,3', '4,5', '6,7,8']), /line 3/],
  ['quote.csv', csv(['a,b', '1,"unterminated', '2,3']), /quote.*line 2|line 2.*quote/i],
  ['binary.csv', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]), /binary/i],
  ['data.json', Buffer.from('[{"a": 1, "b": 2}, {"a": 3, "b": 4}]'), /JSON/],
  ['single-class.csv', csv(['a,label', '1,yes', '2,yes', '3,yes', '4,yes']), /single class/i],
];

test('a good file trains, bad files are refused clearly and the previous data is kept', async () => {
  const server = await serve();
  const b = await launch();
  try {
    const { page } = b;
    await openApp(page, server.url);
    await app(page).openFile({ name: 'mine.csv', mimeType: 'text/csv', buffer: good });
    assert.equal(await app(page).el('dataset-select').inputValue(), 'file:mine.csv');
    assert.equal(await app(page).el('target-select').inputValue(), 'label');
    assert.match(await app(page).el('preparation-steps').textContent(), /colour: one-hot/);
    await app(page).el('epochs').fill('40');
    await app(page).el('epochs').press('Enter');
    await status(page, 'paused');
    await app(page).el('train').click();
    await status(page, 'done');
    const m = await metrics(page);
    assert.ok(m.test_accuracy >= 0.85, `accuracy on the uploaded file ${m.test_accuracy}`);

    // Features can be chosen: without `colour` there is no one-hot step for it.
    await app(page).el('feature-picker').getByLabel('colour', { exact: true }).uncheck();
    await status(page, 'paused');
    assert.doesNotMatch(await app(page).el('preparation-steps').textContent(), /colour/);
    await app(page).el('feature-picker').getByLabel('colour', { exact: true }).check();
    await status(page, 'paused');
    assert.match(await app(page).el('preparation-steps').textContent(), /colour: one-hot/);

    // Trying a bundled dataset, then coming back to the file (the worker still has it).
    await app(page).el('dataset-select').selectOption('builtin:iris');
    await status(page, 'paused');
    await app(page).el('dataset-select').selectOption('file:mine.csv');
    await status(page, 'paused');
    assert.equal(await app(page).el('target-select').inputValue(), 'label');
    assert.match(await app(page).el('preparation-steps').textContent(), /colour: one-hot/);

    for (const [name, buffer, expected] of bad) {
      await app(page).el('file-input').setInputFiles({ name, mimeType: 'text/csv', buffer });
      await app(page).el('error').waitFor();
      const text = await app(page).el('error').textContent();
      console.log(`${name}: ${text.replace(/×$/, '')}`);
      assert.match(text, expected, `${name}: ${text}`);
      await page.getByRole('button', { name: 'Dismiss error' }).click();
      if (name !== 'single-class.csv') {
        assert.equal(await app(page).el('dataset-select').inputValue(), 'file:mine.csv', `${name}: previous data kept`);
      }
    }
    await shot(page, 'files-after-bad-files');
    // The app still works: the good file is back in use and trains.
    await app(page).openFile({ name: 'mine.csv', mimeType: 'text/csv', buffer: good });
    await app(page).el('step').click();
    await waitEpoch(page, 1);

    // Dropping a file anywhere on the page opens it.
    await page.evaluate((text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], 'dropped.csv', { type: 'text/csv' }));
      document.querySelector('main').dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
      document.querySelector('main').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, good.toString());
    await page.waitForFunction(() => document.querySelector('[data-testid=dataset-select]').value === 'file:dropped.csv');
    await status(page, 'paused');

    // Pasted text works too.
    await app(page).el('paste-text').locator('xpath=..').locator('summary').click();
    await app(page).el('paste-text').fill(good.toString());
    await app(page).el('paste-use').click();
    await page.waitForFunction(() => document.querySelector('[data-testid=dataset-select]').value === 'file:pasted.csv');
    await status(page, 'paused');

    // From a web address: only on the button press; a host without CORS permission is explained.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-e2e-data-'));
    fs.writeFileSync(path.join(dir, 'remote.csv'), good);
    const open = await serve(dir, { cors: true });
    const closed = await serve(dir, { cors: false });
    try {
      await app(page).el('url-input').locator('xpath=..').locator('summary').click();
      await app(page).el('url-input').fill(`${open.url}remote.csv`);
      assert.match(await app(page).el('url-fetch').textContent(), /Download from 127\.0\.0\.1:\d+/);
      await app(page).el('url-fetch').click();
      await page.waitForFunction(() => document.querySelector('[data-testid=dataset-select]').value === 'file:remote.csv');
      await status(page, 'paused');
      await app(page).el('url-input').fill(`${closed.url}remote.csv`);
      await app(page).el('url-fetch').click();
      await app(page).el('error').waitFor();
      assert.match(await app(page).el('error').textContent(), /CORS/);
      await page.getByRole('button', { name: 'Dismiss error' }).click();
      assert.equal(await app(page).el('dataset-select').inputValue(), 'file:remote.csv', 'previous data kept');
    } finally {
      await open.close();
      await closed.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
    // The CORS failure is logged by the browser itself; anything else is a problem.
    assert.deepEqual(b.problems.filter((p) => !/CORS|Failed to load resource|net::ERR_FAILED/.test(p)), []);
  } finally {
    await b.close();
    await server.close();
  }
});
