#!/usr/bin/env node
// The workbench's numbers (issue 20), printed as tables; never fails on speed.
//
//   node tests/bench/stages.mjs            # LANTERN_DIST (default dist/), SWITCHES=10, TRAIN_MS=4000
//
// With the iris table loaded and a run finished (so every stage has its content):
// - the page's height on each stage at 1280 px and 390 px wide, and its DOM node count (all
//   stages, and the shown stage's panel);
// - stage switch time: from the tab's click to the next frame (style, layout and the first
//   charts' paint included), median and worst of SWITCHES round trips through every stage;
// - main-thread tasks over 50 ms while a wide MLP trains, with each stage on screen in turn.
import os from 'node:os';
import { serve, launch, openApp, waitStatus, waitEpoch } from '../e2e/lib.mjs';
import { app, STAGES } from '../e2e/app.mjs';

const SWITCHES = Number(process.env.SWITCHES || 10);
const TRAIN_MS = Number(process.env.TRAIN_MS || 4000);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const server = await serve();
const b = await launch();
const page = b.page;
const a = app(page);
try {
  await page.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration }); })
      .observe({ type: 'longtask', buffered: true });
  });
  await page.setViewportSize({ width: 1280, height: 900 });
  await openApp(page, server.url);
  await a.el('dataset-select').selectOption('builtin:iris');
  await waitStatus(page, 'paused');
  await a.el('train').click();
  await waitEpoch(page, 60);
  if (!(await a.el('stop').isDisabled())) await a.el('stop').click();
  await page.waitForFunction(() => /stopped|done/.test(document.querySelector('[data-testid=status]').textContent));

  console.log(`load average ${os.loadavg()[0].toFixed(1)}`);
  console.log('\n| stage | height at 1280 px | height at 390 px | DOM nodes in the stage | DOM nodes in the page |');
  console.log('|---|---:|---:|---:|---:|');
  const rows = {};
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: width > 500 ? 900 : 844 });
    for (const stage of STAGES) {
      await a.go(stage);
      await a.settle(4);
      const m = await page.evaluate((s) => ({
        height: document.documentElement.scrollHeight,
        stage: document.querySelector(`[data-stage=${s}]`).querySelectorAll('*').length,
        page: document.querySelectorAll('*').length,
      }), stage);
      rows[stage] = { ...rows[stage], [width]: m };
    }
  }
  for (const stage of STAGES) {
    const r = rows[stage];
    console.log(`| ${stage} | ${r[1280].height} | ${r[390].height} | ${r[1280].stage} | ${r[1280].page} |`);
  }

  await page.setViewportSize({ width: 1280, height: 900 });
  await a.go('train');
  const times = [];
  for (let k = 0; k < SWITCHES; k++) {
    for (const stage of [...STAGES.filter((s) => s !== 'train'), 'train']) {
      const ms = await page.evaluate((s) => new Promise((done) => {
        const t0 = performance.now();
        document.querySelector(`[data-testid=stage-${s}]`).click();
        requestAnimationFrame(() => setTimeout(() => done(performance.now() - t0), 0));
      }), stage);
      times.push({ stage, ms });
    }
  }
  console.log(`\nstage switch (click to the next frame), ${times.length} switches:`);
  console.log('| to stage | median ms | worst ms |');
  console.log('|---|---:|---:|');
  for (const stage of STAGES) {
    const xs = times.filter((t) => t.stage === stage).map((t) => t.ms);
    console.log(`| ${stage} | ${median(xs).toFixed(1)} | ${Math.max(...xs).toFixed(1)} |`);
  }

  // A wide network on iris trains continuously while each stage is on screen in turn (the
  // table's defaults have one hidden layer and early stopping: a second layer, no stopping).
  await a.go('train');
  if (!(await a.el('units-2').count())) {
    await a.el('add-layer').click();
    await waitStatus(page, 'paused');
  }
  await a.el('patience').fill('0');
  await a.el('patience').press('Enter');
  await waitStatus(page, 'paused');
  for (const k of [1, 2]) {
    await a.el(`units-${k}`).fill('64');
    await a.el(`units-${k}`).press('Enter');
  }
  await a.el('epochs').fill('100000');
  await a.el('epochs').press('Enter');
  console.log(`\nlong tasks (> 50 ms) while training, ${TRAIN_MS} ms per stage:`);
  console.log('| stage on screen | epochs trained | tasks over 50 ms | longest task ms |');
  console.log('|---|---:|---:|---:|');
  await a.el('reset').click();
  await waitStatus(page, 'paused');
  await a.el('train').click();
  for (const stage of STAGES) {
    await a.go(stage);
    const from = await page.evaluate(() => performance.now());
    const e0 = Number(await page.getByTestId('epoch').textContent());
    await page.waitForTimeout(TRAIN_MS);
    const to = await page.evaluate(() => performance.now());
    const e1 = Number(await page.getByTestId('epoch').textContent());
    const long = await page.evaluate(([f, t]) => window.__longTasks.filter((x) => x.start >= f && x.start <= t), [from, to]);
    console.log(`| ${stage} | ${e1 - e0} | ${long.length} | ${long.length ? Math.max(...long.map((x) => x.duration)).toFixed(0) : '—'} |`);
  }
  await a.el('train').click();
} finally {
  await b.close();
  await server.close();
}
