#!/usr/bin/env node
// A/B timing of several Lantern builds against each other, in one interleaved run:
//
//   node tests/bench/compare.mjs NAME=DIST [NAME=DIST ...] [--workloads W1,W2,W3] [--repeats 3]
//
// Each DIST is a `trunk build --release --dist DIST` folder; NAME (letters, digits, -) labels
// it. The harness's driver (shared/bench/run.mjs, a fresh headless Chromium per measurement,
// repeats interleaved) runs tests/bench/web/lantern.html once per build, workload and repeat,
// with the build's worker mounted at /NAME/ (the same DIST may appear under two names). Prints per workload and build the median
// samples/s (min–max), median time to first epoch and median steady samples/s (epochs 2..E),
// and the ratio of each build's median to the first's, then the load average.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');
const HARNESS = path.join(path.resolve(process.env.LANTERN_SHARED || path.join(ROOT, '..', 'shared')), 'bench');
const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args.splice(i, 2)[1] : dflt; };
const repeats = opt('--repeats', '3');
const workloads = opt('--workloads', 'W1,W2,W3');
const builds = args.map((a) => a.split('=')).map(([name, dir]) => ({ name, dir: path.resolve(dir ?? '') }));
if (!builds.length || builds.some((b) => !/^[A-Za-z0-9-]+$/.test(b.name) || b.name === 'app' || !fs.existsSync(path.join(b.dir, 'worker_loader.js')))) {
  console.error('usage: node tests/bench/compare.mjs NAME=DIST [NAME=DIST ...] (each DIST a trunk build with worker_loader.js; NAME not "app")');
  process.exit(2);
}
const out = path.join(os.tmpdir(), `lantern-compare-${process.pid}.jsonl`);
const load0 = os.loadavg();
const driverArgs = [
  path.join(HARNESS, 'run.mjs'), '--workloads', workloads, '--repeats', repeats, '--out', out,
  '--mount', `/lantern-bench=${path.join(HERE, 'web')}`,
  ...builds.flatMap((b) => ['--mount', `/${b.name}=${b.dir}`]),
  '--backends', builds.map((b) => `lantern-bench/lantern.html:wasm:${b.name}`).join(','),
];
const run = spawnSync(process.execPath, driverArgs, { stdio: ['ignore', 'ignore', 'inherit'] });
if (run.status !== 0) { console.error(`the harness's driver failed (${run.status})`); process.exit(1); }
const records = fs.readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
fs.rmSync(out, { force: true });
const median = (a) => { const v = a.filter(Number.isFinite).sort((x, y) => x - y); const m = v.length >> 1; return !v.length ? NaN : v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2; };
const f = (v) => (Number.isFinite(v) ? Math.round(v).toLocaleString('en-US') : '–');
console.log('| workload | build | samples/s median (min–max) | × first build | first epoch, ms | steady samples/s | loss / acc | runs |');
console.log('|---|---|---|---:|---:|---:|---|---:|');
let bad = 0;
for (const w of workloads.split(',')) {
  let base = NaN;
  for (const b of builds) {
    const rs = records.filter((r) => r.workload === w && r.mode === b.name && (r.kind === 'run' || r.kind === 'error'));
    const ok = rs.filter((r) => r.kind === 'run');
    bad += rs.length - ok.length;
    const sps = ok.map((r) => r.samples_per_s);
    const m = median(sps);
    if (b === builds[0]) base = m;
    const last = ok[ok.length - 1];
    console.log(`| ${w} | ${b.name} | ${f(m)} (${f(Math.min(...sps))}–${f(Math.max(...sps))}) | ${(m / base).toFixed(2)} | ${f(median(ok.map((r) => r.first_epoch_ms)))} | ${f(median(ok.map((r) => r.steady_samples_per_s)))} | ${last ? `${last.final_loss?.toFixed(4)} / ${last.train_acc?.toFixed(4)}` : '–'} | ${ok.length}/${rs.length} |`);
  }
}
console.log(`\n${new Date().toISOString()} · ${os.cpus().length} × ${os.cpus()[0]?.model} · load average before ${load0.map((l) => l.toFixed(2)).join(', ')}, after ${os.loadavg().map((l) => l.toFixed(2)).join(', ')}`);
process.exit(bad ? 1 : 0);
