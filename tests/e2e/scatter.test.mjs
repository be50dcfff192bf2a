// The scatter view: any two columns of a table, coloured by the target.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { serve, launch, openApp, shot, SHOTS, watchLongTasks, longTasks } from './lib.mjs';
import { app } from './app.mjs';

// Okabe–Ito orange, sky blue and bluish green (the first three classes), as drawn: 80 % opaque
// over the white background (0.8), and where two points overlap (0.96).
const OVER_WHITE = (rgb) => [0.8, 0.96].map((t) => rgb.map((c) => Math.round(t * c + (1 - t) * 255)));
const CLASSES = {
  setosa: OVER_WHITE([0xe6, 0x9f, 0x00]),
  versicolor: OVER_WHITE([0x56, 0xb4, 0xe9]),
  virginica: OVER_WHITE([0x00, 0x9e, 0x73]),
};

/** Per class colour: how many canvas pixels (from row `top` down) have it (±12 per channel) and
 * their mean position; plus how many distinct strongly coloured pixel colours (quantised) cover
 * ≥ 20 pixels. */
async function pointColours(page, top = 0) {
  await app(page).show('scatter');
  return app(page).el('scatter').evaluate((c, [classes, top]) => {
    const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
    const out = Object.fromEntries(Object.keys(classes).map((k) => [k, { n: 0, x: 0, y: 0 }]));
    const buckets = new Map();
    for (let i = 4 * top * c.width; i < data.length; i += 4) {
      const [r, g, b, a] = [data[i], data[i + 1], data[i + 2], data[i + 3]];
      if (a === 0) continue;
      const px = (i / 4) % c.width, py = Math.floor(i / 4 / c.width);
      for (const [k, shades] of Object.entries(classes)) {
        if (shades.some(([cr, cg, cb]) => Math.abs(r - cr) <= 12 && Math.abs(g - cg) <= 12 && Math.abs(b - cb) <= 12)) {
          out[k].n++; out[k].x += px; out[k].y += py;
        }
      }
      if (Math.max(r, g, b) - Math.min(r, g, b) > 60) {
        const key = `${r >> 5},${g >> 5},${b >> 5}`;
        buckets.set(key, (buckets.get(key) || 0) + 1);
      }
    }
    for (const v of Object.values(out)) if (v.n) { v.x /= v.n; v.y /= v.n; }
    const distinct = [...buckets.values()].filter((n) => n >= 20).length;
    return { classes: out, distinct };
  }, [CLASSES, top]);
}

/** A cheap fingerprint of the canvas pixels (as drawn on the Data stage). */
async function fingerprint(page) {
  await app(page).show('scatter');
  return app(page).el('scatter').evaluate((c) => {
    const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
    let h = 0;
    for (let i = 0; i < data.length; i += 4) h = (h * 31 + data[i] + 7 * data[i + 1] + 13 * data[i + 2]) >>> 0;
    return h;
  });
}

const selected = (page, testid) => app(page).el(testid).evaluate((s) => s.selectedOptions[0]?.textContent);

test('scatter of iris columns, coloured by species, redraws on a new pair', async () => {
  const server = await serve();
  const b = await launch();
  try {
    const { page } = b;
    await openApp(page, server.url);
    assert.equal(await app(page).el('scatter').count(), 0, 'no scatter view for synthetic data');

    await app(page).el('dataset-select').selectOption('builtin:iris');
    const canvas = app(page).el('scatter');
    await canvas.waitFor();
    // Defaults: the first two numeric columns that are not the target.
    assert.equal(await selected(page, 'scatter-x'), 'sepal_length');
    assert.equal(await selected(page, 'scatter-y'), 'sepal_width');
    assert.deepEqual(await canvas.evaluate((c) => [c.width, c.height]), [420, 360]);
    assert.equal(
      await canvas.getAttribute('aria-label'),
      'Scatter plot of sepal_width (vertical) against sepal_length (horizontal), coloured by species: 150 points',
    );
    await page.waitForFunction(() => {
      const c = document.querySelector('[data-testid=scatter]');
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      for (let i = 0; i < d.length; i += 4) if (d[i + 3] && Math.max(d[i], d[i + 1], d[i + 2]) - Math.min(d[i], d[i + 1], d[i + 2]) > 60) return true;
      return false;
    });
    const before = await pointColours(page, 30); // below the legend line
    console.log(`sepal plot: ${JSON.stringify(before)}`);
    for (const [k, v] of Object.entries(before.classes)) assert.ok(v.n >= 40, `${k}: only ${v.n} pixels in its colour`);
    assert.ok(before.distinct >= 3, `${before.distinct} distinct point colours`);
    const first = await fingerprint(page);

    await app(page).el('scatter-x').selectOption({ label: 'petal_length' });
    await app(page).el('scatter-y').selectOption({ label: 'petal_width' });
    assert.equal(
      await canvas.getAttribute('aria-label'),
      'Scatter plot of petal_width (vertical) against petal_length (horizontal), coloured by species: 150 points',
    );
    await page.waitForFunction(
      (old) => {
        const c = document.querySelector('[data-testid=scatter]');
        const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
        let h = 0;
        for (let i = 0; i < data.length; i += 4) h = (h * 31 + data[i] + 7 * data[i + 1] + 13 * data[i + 2]) >>> 0;
        return h !== old;
      },
      first,
    );
    // Let the second select's redraw land too (one paint per animation frame).
    await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
    const after = await pointColours(page, 30);
    console.log(`petal plot: ${JSON.stringify(after)}`);
    const { setosa, versicolor, virginica } = after.classes;
    for (const [k, v] of Object.entries(after.classes)) assert.ok(v.n >= 40, `${k}: only ${v.n} pixels in its colour`);
    // Small petals (setosa) lower left, large ones (virginica) upper right.
    assert.ok(setosa.x < versicolor.x && versicolor.x < virginica.x, JSON.stringify(after));
    assert.ok(setosa.y > versicolor.y && versicolor.y > virginica.y, JSON.stringify(after));
    assert.notEqual(await fingerprint(page), first);

    fs.mkdirSync(SHOTS, { recursive: true });
    await app(page).el('scatter-view').screenshot({ path: path.join(SHOTS, 'scatter-iris.png') });
    await shot(page, 'scatter-page');
    assert.deepEqual(b.problems, []);
  } finally {
    await b.close();
    await server.close();
  }
});

test('a file of 100,000 rows draws a 5,000-point sample quickly', async () => {
  const server = await serve();
  const b = await launch();
  try {
    const { page } = b;
    await watchLongTasks(page);
    await openApp(page, server.url);
    // Three interleaved classes a, b, c (the last column, so the target) whose clusters sit at
    // 0, 4 and 8 on x0 and x3 (and overlap on x1, x2); every 1,000th row misses x0.
    let seed = 12345;
    const noise = () => {
      let sum = 0;
      for (let k = 0; k < 4; k++) { seed = (seed * 1103515245 + 12345) % 2147483648; sum += seed / 2147483648; }
      return sum - 2; // roughly normal, sd ≈ 0.58
    };
    const rows = ['x0,x1,x2,x3,label'];
    for (let i = 0; i < 100_000; i++) {
      const k = i % 3;
      const xs = [4 * k + 2 * noise(), 3 * noise(), 3 * noise(), 4 * k + 2 * noise()].map((v) => v.toFixed(3));
      if (i % 1000 === 999) xs[0] = '';
      rows.push(`${xs.join(',')},${'abc'[k]}`);
    }
    await app(page).el('file-input').setInputFiles({ name: 'tall.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n') + '\n') });
    const canvas = app(page).el('scatter');
    await canvas.waitFor({ timeout: 120_000 });
    assert.equal(await selected(page, 'scatter-x'), 'x0');
    assert.equal(await selected(page, 'scatter-y'), 'x1');
    const label = await canvas.getAttribute('aria-label');
    assert.equal(label, 'Scatter plot of x1 (vertical) against x0 (horizontal), coloured by label: '
      + 'showing 5,000 of 99,900 points; 100 rows with x or y missing not drawn');
    await page.waitForTimeout(500);

    const first = await fingerprint(page);
    const from = await page.evaluate(() => performance.now());
    const start = Date.now();
    await app(page).el('scatter-y').selectOption({ label: 'x3' });
    await page.waitForFunction((old) => {
      const c = document.querySelector('[data-testid=scatter]');
      const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
      let h = 0;
      for (let i = 0; i < data.length; i += 4) h = (h * 31 + data[i] + 7 * data[i + 1] + 13 * data[i + 2]) >>> 0;
      return h !== old;
    }, first);
    const elapsed = Date.now() - start;
    await page.waitForTimeout(100);
    const tasks = (await longTasks(page, from)).map((t) => t.duration);
    console.log(`100,000 rows: redraw seen after ${elapsed} ms; long tasks: ${JSON.stringify(tasks)}`);
    assert.ok(tasks.every((d) => d < 200), `redrawing the 5,000-point sample took a ${Math.max(...tasks)} ms task`);
    fs.mkdirSync(SHOTS, { recursive: true });
    await app(page).el('scatter-view').screenshot({ path: path.join(SHOTS, 'scatter-100k.png') });
    // Below the two header lines (legend, caption): the points only. Classes a, b, c get the
    // first three palette colours, the ones keyed setosa, versicolor, virginica above.
    const { classes } = await pointColours(page, 50);
    console.log(`100,000 rows: ${JSON.stringify(classes)}`);
    const [a, bb, c] = [classes.setosa, classes.versicolor, classes.virginica];
    assert.ok(a.n > 200 && bb.n > 200 && c.n > 200, `all three classes drawn: ${JSON.stringify(classes)}`);
    assert.ok(a.x < bb.x && bb.x < c.x && a.y > bb.y && bb.y > c.y, `clusters along the diagonal: ${JSON.stringify(classes)}`);
    assert.deepEqual(b.problems, []);
  } finally {
    await b.close();
    await server.close();
  }
});
