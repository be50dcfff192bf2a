#!/usr/bin/env node
// How fast the page becomes usable on localhost, and what it downloads.
//
//   node tests/bench/startup.mjs          # RUNS=5 fresh browsers; LANTERN_DIST (default dist/)
//
// For each run (a new headless Chromium with a fresh profile, so a cold first visit) it
// measures from navigation start: first contentful paint, the Train button in the page, and
// "interactive": the Train button present and the worker's default run set up (the status
// says "paused": a click now starts training). It then prints min / median / max, and the
// download size of every file of the dist: raw, `gzip -9` (GNU gzip, as tools/test.sh counts
// the budget) and Node's zlib at level 9 (Chromium's zlib, a few KB different), with the
// budget's total (the wasm and JavaScript files, issue 8: 1 MiB) and the total of all files.
// Never fails on speed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { serve, launch, DIST } from '../e2e/lib.mjs';

const RUNS = Number(process.env.RUNS || 5);
const times = { fcp: [], button: [], interactive: [] };
const loads = [];
const server = await serve();
try {
  for (let i = 0; i < RUNS; i++) {
    loads.push(os.loadavg()[0]);
    const b = await launch();
    try {
      await b.page.addInitScript(() => {
        window.__marks = {};
        new PerformanceObserver((l) => {
          for (const e of l.getEntries()) if (e.name === 'first-contentful-paint') window.__marks.fcp = e.startTime;
        }).observe({ type: 'paint', buffered: true });
        const poll = () => {
          const button = document.querySelector('[data-testid=train]');
          if (button && window.__marks.button == null) window.__marks.button = performance.now();
          const status = document.querySelector('[data-testid=status]')?.textContent ?? '';
          if (button && !button.disabled && status.includes('paused')) { window.__marks.interactive = performance.now(); return; }
          requestAnimationFrame(poll);
        };
        requestAnimationFrame(poll);
      });
      await b.page.goto(server.url);
      await b.page.waitForFunction(() => window.__marks.interactive != null && window.__marks.fcp != null, null, { timeout: 60_000 });
      const m = await b.page.evaluate(() => window.__marks);
      for (const k of Object.keys(times)) times[k].push(m[k]);
      process.stderr.write(`run ${i + 1}: first paint ${m.fcp.toFixed(0)} ms, Train button ${m.button.toFixed(0)} ms, interactive ${m.interactive.toFixed(0)} ms\n`);
    } finally {
      await b.close();
    }
  }
} finally {
  await server.close();
}

const sorted = (a) => [...a].sort((x, y) => x - y);
const med = (a) => { const s = sorted(a); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const row = (name, a) => `| ${name} | ${med(a).toFixed(0)} | ${sorted(a)[0].toFixed(0)}–${sorted(a).at(-1).toFixed(0)} |`;
console.log(`| from navigation start, localhost, cold profile (${RUNS} runs) | median ms | min–max ms |\n|---|---:|---:|`);
console.log(row('first contentful paint', times.fcp));
console.log(row('Train button in the page', times.button));
console.log(row('interactive: Train button and the default run ready ("paused")', times.interactive));
console.log(`\n1-min load average during the runs: ${sorted(loads)[0].toFixed(1)}–${sorted(loads).at(-1).toFixed(1)} on ${os.cpus().length} CPUs.\n`);

const fmt = (n) => n.toLocaleString('en-US');
const sums = { all: [0, 0, 0], budget: [0, 0, 0] };
console.log('| file | bytes | gzip -9 | Node zlib 9 |\n|---|---:|---:|---:|');
for (const f of fs.readdirSync(DIST).filter((f) => /\.(wasm|js|css|html)$/.test(f)).sort()) {
  const file = path.join(DIST, f);
  const bytes = fs.readFileSync(file);
  const sizes = [bytes.length, execFileSync('gzip', ['-9c', file], { maxBuffer: 1 << 26 }).length, zlib.gzipSync(bytes, { level: 9 }).length];
  for (const [k, v] of sizes.entries()) {
    sums.all[k] += v;
    if (/\.(wasm|js)$/.test(f)) sums.budget[k] += v;
  }
  console.log(`| ${f} | ${sizes.map(fmt).join(' | ')} |`);
}
const kib = (n) => (n / 1024).toFixed(1);
console.log(`| **wasm + JS (the budget's files)** | ${fmt(sums.budget[0])} | **${fmt(sums.budget[1])}** (${kib(sums.budget[1])} KiB of 1,024) | ${fmt(sums.budget[2])} (${kib(sums.budget[2])} KiB) |`);
console.log(`| all files | ${sums.all.map(fmt).join(' | ')} |`);
