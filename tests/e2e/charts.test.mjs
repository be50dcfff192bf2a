// Every chart of issue 5 is really drawn (pixels), can be downloaded as PNG and SVG, has a
// text alternative, and the page stays usable at 1280×720 and on a 390-px-wide phone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { withApp, waitStatus, waitEpoch, canvasStats, shot } from './lib.mjs';
import { app } from './app.mjs';

/**
 * Share of sampled pixels that are not background, and how many distinct colours (of the chart
 * as shown: its stage is shown first, charts on hidden stages draw nothing).
 */
async function painted(page, testid) {
  await app(page).show(testid);
  return app(page).el(testid).first().evaluate((c) => {
    const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
    let ink = 0, n = 0; const colours = new Set();
    for (let i = 0; i < data.length; i += 4 * 5) {
      n++;
      if (data[i + 3] === 0) continue;
      if (data[i] < 240 || data[i + 1] < 240 || data[i + 2] < 240) ink++;
      colours.add(`${data[i] >> 4},${data[i + 1] >> 4},${data[i + 2] >> 4}`);
    }
    return { ink: ink / n, colours: colours.size };
  });
}

async function download(page, testid) {
  const [file] = await Promise.all([page.waitForEvent('download'), app(page).el(testid).click()]);
  const path = await file.path();
  return { name: file.suggestedFilename(), bytes: fs.readFileSync(path) };
}

async function setNumber(page, testid, value) {
  await app(page).el(testid).fill(String(value));
  await app(page).el(testid).press('Enter');
  await waitStatus(page, 'paused');
}

test('training, model and result charts of a classifier on iris', async () => {
  await withApp(async ({ page, problems }) => {
    await app(page).el('dataset-select').selectOption('builtin:iris');
    await waitStatus(page, 'paused');
    await setNumber(page, 'epochs', 80);
    await setNumber(page, 'validation-share', 20);
    // The map over two chosen features: petal length across, petal width up.
    const options = await app(page).el('plane-x').locator('option').allTextContents();
    assert.ok(options.some((o) => /petal_length/.test(o)), options.join(','));
    await app(page).el('plane-x').selectOption({ label: options.find((o) => /petal_length/.test(o)) });
    await app(page).el('plane-y').selectOption({ label: options.find((o) => /petal_width/.test(o)) });
    await page.waitForFunction(() => /petal_width/.test(document.querySelector('[data-testid=boundary-chart]').getAttribute('aria-label')));
    await app(page).el('train').click();
    await waitStatus(page, 'done');
    await page.waitForTimeout(700); // the slower charts repaint a few times a second
    const map = await painted(page, 'boundary-heat');
    const overlay = await canvasStats(page, 'boundary');
    assert.ok(map.ink > 0.9 && map.colours >= 3, `three class regions: ${JSON.stringify(map)}`);
    assert.ok(overlay.painted > 0.02, 'axes and points');
    const label = await app(page).el('boundary-chart').getAttribute('aria-label');
    assert.match(label, /setosa/);
    // The class view changes the picture (no confidence shading).
    await app(page).el('boundary-discrete').check();
    await page.waitForTimeout(300);
    const discrete = await painted(page, 'boundary-heat');
    assert.ok(discrete.colours < map.colours, `class view has fewer shades: ${discrete.colours} < ${map.colours}`);

    for (const id of ['loss-chart', 'metric-chart', 'network-chart', 'weights-chart', 'confusion-chart', 'roc-chart', 'pr-chart', 'distribution-chart', 'correlation-chart']) {
      const p = await painted(page, id);
      assert.ok(p.ink > 0.01 && p.colours > 3, `${id} is drawn: ${JSON.stringify(p)}`);
      const alt = await app(page).el(id).getAttribute('aria-label');
      assert.ok(alt && alt.length > 20, `${id} has a text alternative: ${alt}`);
    }
    assert.match(await app(page).el('roc-chart').getAttribute('aria-label'), /AUC/);
    assert.match(await app(page).el('confusion-chart').getAttribute('aria-label'), /correct/);
    // Log scale redraws the loss chart differently.
    await app(page).show('loss-chart');
    const linear = await app(page).el('loss-chart').evaluate((c) => c.toDataURL());
    await app(page).el('loss-log').check();
    await page.waitForTimeout(400);
    assert.notEqual(await app(page).el('loss-chart').evaluate((c) => c.toDataURL()), linear);

    // Pointing at the network names a weight or a neuron.
    await app(page).el('network-chart').scrollIntoViewIfNeeded();
    const box = await app(page).el('network-chart').boundingBox();
    let said = '';
    for (let fx = 0.2; fx < 0.9 && !/weight/.test(said); fx += 0.02) {
      for (let fy = 0.2; fy < 0.9 && !/weight/.test(said); fy += 0.05) {
        await page.mouse.move(box.x + box.width * fx, box.y + box.height * fy);
        said = await app(page).el('network-hover').textContent();
      }
    }
    assert.match(said, /weight .* → .*: [+-]\d\.\d{4}/);
    console.log(`network hover: ${said}`);

    // Downloads: PNG and SVG of a chart, and of the decision map.
    const png = await download(page, 'confusion-chart-png');
    assert.equal(png.name, 'confusion-matrix.png');
    assert.deepEqual([...png.bytes.subarray(1, 4)].map((c) => String.fromCharCode(c)).join(''), 'PNG');
    const svg = await download(page, 'confusion-chart-svg');
    assert.equal(svg.name, 'confusion-matrix.svg');
    const text = svg.bytes.toString();
    assert.ok(text.startsWith('<svg') && text.includes('versicolor') && text.includes('Predicted'), text.slice(0, 200));
    const mapSvg = await download(page, 'boundary-svg');
    assert.ok(mapSvg.bytes.toString().includes('petal_width'));
    const mapPng = await download(page, 'boundary-png');
    assert.ok(mapPng.bytes.length > 2000);
    await shot(page, 'charts-iris');
    assert.deepEqual(problems, []);
  });
});

test('regression result charts on diabetes', async () => {
  await withApp(async ({ page, problems }) => {
    await app(page).el('dataset-select').selectOption('builtin:diabetes');
    await waitStatus(page, 'paused');
    await setNumber(page, 'epochs', 30);
    await app(page).el('train').click();
    await waitStatus(page, 'done');
    for (const id of ['predicted-chart', 'residuals-chart', 'metric-chart']) {
      const p = await painted(page, id);
      assert.ok(p.ink > 0.01, `${id} is drawn`);
    }
    assert.match(await app(page).el('predicted-chart').getAttribute('aria-label'), /R²|r2|rows/i);
    await shot(page, 'charts-diabetes');
    assert.deepEqual(problems, []);
  });
});

test('readable at 1280×720 and on a 390-px-wide phone', async () => {
  await withApp(async ({ page, problems }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await app(page).el('step').click();
    await waitEpoch(page, 1);
    await shot(page, 'layout-1280x720');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(300);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `no sideways scrolling on a phone (overflow ${overflow} px)`);
    // Charts scale down to the screen.
    for (const id of ['loss-chart', 'network-chart']) {
      const box = await app(page).el(id).boundingBox();
      assert.ok(box.width <= 390 && box.width > 200, `${id} is ${box.width} px wide`);
    }
    await shot(page, 'layout-phone-390');
    assert.deepEqual(problems, []);
  });
});
