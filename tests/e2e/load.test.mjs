// A real table loads without freezing the page: a 100,000-row × 20-column CSV (17 MB) is read
// and parsed in the training worker, and the page — which never reads the bytes — has no
// main-thread task over 50 ms (Long Tasks API) from picking the file until the run is ready to
// train, nor while the Data stage then shows the table. The times are printed, never checked
// (they depend on the machine: tests/bench/load.mjs measures them); the freeze is checked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { withApp, longTasks, shot, waitText } from './lib.mjs';
import { app } from './app.mjs';
// The load benchmark's file (tests/bench/load.mjs): 19 numeric features and a 3-class label.
import { makeCsv } from '../bench/table_csv.mjs';

const ROWS = 100_000;

/** Attempts: a stall of the shared 2-core test machine can stretch one ordinary frame past
 * 50 ms (see responsiveness.test.mjs); the page's own work recurs in every attempt. */
const ATTEMPTS = 3;

test('a 100,000-row file loads and shows without a main-thread task over 50 ms', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-e2e-load-'));
  const file = path.join(dir, 'big.csv');
  try {
    const size = makeCsv(file, ROWS);
    await withApp(async ({ page, problems }) => {
      const a = app(page);
      // Whether the progress bar was ever shown while the file was read.
      await page.evaluate(() => {
        window.__sawReading = false;
        new MutationObserver(() => {
          if (document.querySelector('[data-testid=reading-bar]')) window.__sawReading = true;
        }).observe(document.body, { subtree: true, childList: true });
      });
      let worst = Infinity;
      for (let attempt = 1; attempt <= ATTEMPTS && worst > 50; attempt++) {
        await a.go('train');
        if (attempt > 1) {
          // Back to generated data, so the file is read again from the start.
          await a.el('dataset-select').selectOption('circle');
          await page.waitForFunction(() => document.querySelector('[data-testid=status]')?.textContent.includes('paused'));
        }
        const start = await page.evaluate(() => performance.now());
        await a.el('file-input').setInputFiles(file);
        await page.waitForFunction(() => document.querySelector('[data-testid=dataset-select]')?.value === 'file:big.csv'
          && document.querySelector('[data-testid=status]')?.textContent.includes('paused'), null, { timeout: 120_000 });
        const ready = await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => setTimeout(() => ok(performance.now())))));
        const loading = await longTasks(page, start, ready);
        // Then the Data stage shows the table: its summary, grid, charts and scatter plot.
        await a.go('data');
        await waitText(page, 'data-summary', /100,000 rows × 20 columns/);
        await page.waitForTimeout(500);
        const shown = await page.evaluate(() => performance.now());
        const showing = await longTasks(page, ready, shown);
        const all = [...loading, ...showing].map((t) => t.duration);
        worst = Math.max(0, ...all);
        console.log(`attempt ${attempt}: ${size.toLocaleString('en')} bytes ready in ${(ready - start).toFixed(0)} ms; ` +
          `long tasks while loading ${JSON.stringify(loading.map((t) => Math.round(t.duration)))}, ` +
          `while showing the Data stage ${JSON.stringify(showing.map((t) => Math.round(t.duration)))}`);
      }
      assert.ok(worst <= 50, `a main-thread task took ${worst} ms in each of ${ATTEMPTS} attempts`);
      assert.ok(await page.evaluate(() => window.__sawReading), 'a progress bar showed while the file was read');
      await a.el('reading-bar').waitFor({ state: 'detached' });
      // The scatter plot draws a sample, and says so.
      assert.match(await a.el('scatter').getAttribute('aria-label'), /showing 5,000 of 100,000 points/);
      await shot(page, 'load-100k-data-stage');
      assert.deepEqual(problems, []);
    }, { watch: true });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
