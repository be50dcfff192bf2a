// Injection (issue 9): column names, category values, class names, a file name and a link's
// note holding HTML or script are shown as text everywhere — data view, feature picker, charts'
// text alternatives, downloaded SVG charts, exported experiment — and nothing runs: each payload
// would set `window.__pwned` (or open a dialog). The page's Content-Security-Policy reports no
// violation while it trains, exports, downloads and opens links.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serve, launch, openApp, waitStatus, waitText, shot } from './lib.mjs';
import { watchViolations } from './safety_lib.mjs';
import { app, STAGES } from './app.mjs';

const H = {
  feature: '<img src=x onerror=window.__pwned=1>',
  other: '<script>window.__pwned=2</script>',
  category: '<svg onload=window.__pwned=3>',
  breakout: '</text><script>window.__pwned=4</script><text>',
  yes: '<b onmouseover=window.__pwned=5>yes</b>',
  target: '<i>label</i>',
  file: '<img src=x onerror=window.__pwned=6>.csv',
  note: '<script>window.__pwned=7</script><img src=x onerror=window.__pwned=8> & "quotes"',
};

const csv = (() => {
  const rows = [[H.feature, H.other, 'colour', H.target].join(',')];
  for (let i = 0; i < 150; i++) {
    const a = ((i * 37) % 100) / 10 - 5, b = ((i * 53) % 100) / 10 - 5;
    const colour = [H.category, H.breakout, 'plain'][i % 3];
    rows.push([a, b, colour, a + b > 0 ? H.yes : 'no'].join(','));
  }
  return Buffer.from(rows.join('\n') + '\n');
})();

/** Nothing ran and no markup from the data became an element. */
async function nothingRan(page, where) {
  const found = await page.evaluate(() => ({
    pwned: window.__pwned,
    handlers: document.querySelectorAll('[onerror],[onload],[onmouseover]').length,
    imgs: document.querySelectorAll('img').length,
    scripts: [...document.scripts].filter((s) => /__pwned/.test(s.textContent)).length,
    // The payloads' own <b>yes</b> and <i>label</i> (the page's explanations use <b> for names).
    bold: [...document.querySelectorAll('b, i')].filter((e) => /^(yes|label)$/.test(e.textContent)).length,
  }));
  assert.deepEqual(found, { pwned: undefined, handlers: 0, imgs: 0, scripts: 0, bold: 0 }, where);
}

async function download(page, locator) {
  const [file] = await Promise.all([page.waitForEvent('download'), locator.click()]);
  return { name: file.suggestedFilename(), path: await file.path() };
}

test('hostile names, values, file name and note are text everywhere, and nothing runs', async () => {
  const server = await serve();
  const b = await launch();
  try {
    const { page, ctx } = b;
    const watch = await watchViolations(page);
    await openApp(page, server.url);
    await app(page).openFile({ name: H.file, mimeType: 'text/csv', buffer: csv });
    assert.equal(await app(page).el('target-select').inputValue(), H.target);
    await app(page).el('epochs').fill('15');
    await app(page).el('epochs').press('Enter');
    await waitStatus(page, 'paused');
    await app(page).el('train').click();
    await waitStatus(page, 'done');
    await page.waitForTimeout(700); // slower charts repaint a few times a second

    // Shown as text on the stages: data view, feature picker, preparation steps, classes.
    let text = '';
    for (const stage of STAGES) {
      await app(page).go(stage);
      text += `${await page.evaluate(() => document.body.innerText)}\n`;
    }
    for (const h of [H.feature, H.other, H.category, H.yes, H.target, H.file]) {
      assert.ok(text.includes(h), `shown literally: ${h}`);
    }
    assert.ok(await app(page).el('feature-picker').getByLabel(H.feature, { exact: true }).isChecked());
    // Charts' text alternatives hold the names as plain attribute text.
    const labels = await page.evaluate(() => [...document.querySelectorAll('canvas[aria-label]')].map((c) => c.getAttribute('aria-label')).join('\n'));
    assert.ok(labels.includes(H.yes) || labels.includes(H.feature), 'a chart description names the hostile class or column');
    await nothingRan(page, 'after training');
    await shot(page, 'safety-injection');

    // Every SVG download: the names are escaped, no element comes from the data, and opened on
    // its own in the browser the file runs nothing.
    const buttons = app(page).find('[data-testid$="-svg"]');
    const n = await buttons.count();
    assert.ok(n >= 8, `SVG downloads offered: ${n}`);
    let escaped = 0;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-e2e-svg-'));
    const viewer = await ctx.newPage();
    const viewerDialogs = [];
    viewer.on('dialog', async (d) => { viewerDialogs.push(d.message()); await d.dismiss(); });
    for (let i = 0; i < n; i++) {
      const button = buttons.nth(i);
      if (!(await button.isVisible())) await button.scrollIntoViewIfNeeded();
      const file = await download(page, button);
      const svg = fs.readFileSync(file.path, 'utf8');
      assert.equal((svg.match(/<svg\b/g) || []).length, 1, `${file.name}: one svg element`);
      assert.doesNotMatch(svg, /<(script|img|b|i|foreignObject)\b/i, `${file.name}: no element from the data`);
      if (svg.includes('&lt;img src=x onerror=window.__pwned=1&gt;') || svg.includes('&lt;b onmouseover=window.__pwned=5&gt;yes&lt;/b&gt;')) escaped++;
      const asSvg = path.join(dir, `${i}.svg`); // a download has no extension; file:// needs one to read SVG
      fs.copyFileSync(file.path, asSvg);
      await viewer.goto(`file://${asSvg}`);
      const parsed = await viewer.evaluate(() => ({
        pwned: window.__pwned,
        root: document.documentElement.localName,
        handlers: [...document.querySelectorAll('*')].flatMap((e) => [...e.attributes].map((a) => a.name)).filter((n) => n.startsWith('on')),
        foreign: document.querySelectorAll('script, foreignObject, img, b, i').length,
      }));
      assert.deepEqual(parsed, { pwned: undefined, root: 'svg', handlers: [], foreign: 0 }, `${file.name} opened on its own`);
      await page.bringToFront(); // back to the app (a tab in the background paints, and so answers, slowly)
    }
    assert.ok(escaped >= 2, `the hostile names appear, escaped, in ${escaped} SVG files`);
    assert.deepEqual(viewerDialogs, []);
    await viewer.close();
    fs.rmSync(dir, { recursive: true, force: true });

    // The exported experiment and run log hold the names as JSON strings, unchanged.
    await app(page).el('share-open').click();
    const exported = JSON.parse(fs.readFileSync((await download(page, app(page).el('share-export'))).path, 'utf8'));
    assert.equal(exported.experiment.spec.data.prepare.target, H.target);
    assert.equal(exported.experiment.spec.data.source.name, H.file);
    const log = app(page).el('run-log');
    await log.locator('summary').click();
    const lines = fs.readFileSync((await download(page, app(page).el('download-log'))).path, 'utf8').trim().split('\n');
    assert.equal(lines.length, 15);
    lines.forEach((l) => JSON.parse(l));

    // A link with a hostile note: shown as text when opened.
    await app(page).find('.teaching-options > summary').click();
    await app(page).el('share-note').fill(H.note);
    await app(page).el('share-make').click();
    await page.waitForFunction(() => document.querySelector('[data-testid=share-link]').value.includes('#x='));
    const link = await app(page).el('share-link').inputValue();
    const reader = await ctx.newPage();
    const readerWatch = await watchViolations(reader);
    await reader.goto(link);
    await waitText(reader, 'teaching-note', /window\.__pwned=7/);
    assert.equal(await app(reader).el('teaching-note').textContent(), H.note);
    await waitStatus(reader, 'paused');
    assert.equal(await app(reader).el('dataset-select').inputValue(), `file:${H.file}`);
    await nothingRan(reader, 'the opened link');
    assert.deepEqual(await readerWatch.violations(), []);
    assert.deepEqual(readerWatch.dialogs, []);
    await reader.close();

    await nothingRan(page, 'at the end');
    assert.deepEqual(watch.dialogs, [], 'no dialog opened');
    assert.deepEqual(await watch.violations(), [], 'no Content-Security-Policy violation while training, exporting and downloading');
    assert.deepEqual(b.problems, []);
  } finally {
    await b.close();
    await server.close();
  }
});
