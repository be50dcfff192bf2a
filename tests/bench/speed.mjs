#!/usr/bin/env node
// Training speed: Lantern's worker against TensorFlow.js and plain JavaScript, in one run.
//
//   node tests/bench/speed.mjs [--repeats 3] [--workloads W1,W2,W3] [--out results.jsonl]
//
// Runs the harness's driver (shared/bench/run.mjs: a fresh headless Chromium per measurement,
// repeats interleaved across configurations) on tests/bench/web/lantern.html — Lantern's own
// worker from a `trunk build --release` dist (LANTERN_DIST, default dist/) — and on the
// harness's tfjs and plain-JS pages, then prints one table. Never fails on speed: it exits
// non-zero only when a run failed or a result is outside the harness's sanity ranges.
// `bash tests/bench/speed.sh` builds the dist first and installs the harness's npm packages.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');
const SHARED = path.resolve(process.env.LANTERN_SHARED || path.join(ROOT, '..', 'shared'));
const HARNESS = path.join(SHARED, 'bench');
const DIST = path.resolve(process.env.LANTERN_DIST || path.join(ROOT, 'dist'));

const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const repeats = opt('--repeats', '3');
const workloads = opt('--workloads', 'W1,W2,W3');
const out = path.resolve(opt('--out', path.join(os.tmpdir(), `lantern-speed-${process.pid}.jsonl`)));

// Configurations, interleaved by the driver in this order within each repeat.
const CONFIGS = [
  { key: 'lantern', label: 'Lantern (worker, wasm)', entry: 'lantern-bench/lantern.html:wasm:app' },
  { key: 'tfjs-wasm-loop', label: 'tfjs wasm SIMD loop', entry: 'tfjs.html:wasm:loop' },
  { key: 'tfjs-wasm-fit', label: 'tfjs wasm SIMD fit', entry: 'tfjs.html:wasm:fit' },
  { key: 'tfjs-cpu-loop', label: 'tfjs cpu loop', entry: 'tfjs.html:cpu:loop' },
  { key: 'plainjs', label: 'plain JS loop', entry: 'plainjs.html:js:loop' },
];
// The harness's sanity ranges (shared/bench/README.md): outside them a speed means nothing.
const SANE = {
  W1: (l, a) => l >= 0.03 && l <= 0.07 && a >= 0.98,
  W2: (l, a) => l <= 0.03 && a >= 0.99,
  W3: (l, a) => l >= 0.15 && l <= 0.19 && a >= 0.93 && a <= 0.96,
};

for (const [what, p] of [['the harness (LANTERN_SHARED)', path.join(HARNESS, 'run.mjs')], ['a built dist (LANTERN_DIST)', path.join(DIST, 'worker_loader.js')]]) {
  if (!fs.existsSync(p)) { console.error(`missing ${what}: ${p}`); process.exit(2); }
}

const driverArgs = [
  path.join(HARNESS, 'run.mjs'), '--workloads', workloads, '--repeats', repeats, '--out', out,
  '--mount', `/lantern=${DIST}`, '--mount', `/lantern-bench=${path.join(HERE, 'web')}`,
  '--backends', CONFIGS.map((c) => c.entry).join(','),
];
console.error(`node ${driverArgs.join(' ')}`);
fs.rmSync(out, { force: true });
const run = spawnSync(process.execPath, driverArgs, { stdio: ['ignore', 'ignore', 'inherit'] });
if (run.status !== 0) { console.error(`the harness's driver failed (${run.status})`); process.exit(1); }

const records = fs.readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const runs = records.filter((r) => r.kind === 'run' || r.kind === 'error');
const keyOf = (r) => CONFIGS.find((c) => c.entry.startsWith(r.page) && c.entry.split(':')[1] === r.backend && (c.entry.split(':')[2] === r.mode || r.kind === 'error'))?.key;
const median = (a) => { const v = a.filter(Number.isFinite).sort((x, y) => x - y); if (!v.length) return NaN; const m = v.length >> 1; return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2; };
const fmt = (v, d = 0) => (Number.isFinite(v) ? v.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }) : '–');

let bad = 0;
const lines = [];
lines.push('| workload | implementation | samples/s median (min–max) | time to first epoch, ms | final loss / train accuracy | Lantern is × faster |');
lines.push('|---|---|---:|---:|---|---:|');
for (const w of workloads.split(',')) {
  const stats = {};
  for (const c of CONFIGS) {
    const mine = runs.filter((r) => r.workload === w && keyOf(r) === c.key);
    const ok = mine.filter((r) => r.kind === 'run');
    const sane = ok.filter((r) => SANE[w](r.final_loss, r.train_acc));
    bad += mine.length - sane.length;
    const sps = ok.map((r) => r.samples_per_s);
    stats[c.key] = {
      n: ok.length, errors: mine.length - ok.length, insane: ok.length - sane.length,
      sps: median(sps), min: Math.min(...sps), max: Math.max(...sps), ttfe: median(ok.map((r) => r.ttfe_ms)),
      loss: median(ok.map((r) => r.final_loss)), acc: median(ok.map((r) => r.train_acc)),
      load: median(mine.map((r) => r.loadavg_1m_start)),
    };
  }
  const lantern = stats.lantern.sps;
  for (const c of CONFIGS) {
    const s = stats[c.key];
    const note = (s.errors ? ` ${s.errors} failed` : '') + (s.insane ? ` ${s.insane} outside the sanity range` : '');
    const ratio = c.key === 'lantern' ? '' : `${fmt(lantern / s.sps, 2)}×`;
    lines.push(`| ${w} | ${c.label} | ${fmt(s.sps)} (${fmt(s.min)}–${fmt(s.max)})${note} | ${fmt(s.ttfe)} | ${fmt(s.loss, 4)} / ${fmt(s.acc, 4)} | ${ratio} |`);
  }
}
const loads = runs.map((r) => r.loadavg_1m_start).filter(Number.isFinite);
const cpu = (fs.readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/) || [])[1] || os.arch();
const browser = runs.find((r) => r.browser_version)?.browser_version ?? '?';
console.log(lines.join('\n'));
console.log(`\n${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} CPUs (${cpu}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Chromium ${browser} headless; ` +
  `${repeats} interleaved repeats, each in a fresh browser; 1-min load average at the start of each run: median ${fmt(median(loads), 1)}, range ${fmt(Math.min(...loads), 1)}–${fmt(Math.max(...loads), 1)}.`);
console.log(`Raw records: ${out}`);
if (bad) { console.error(`${bad} run(s) failed or fell outside the sanity ranges`); process.exit(1); }
