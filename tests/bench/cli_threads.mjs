// The command line with and without RAYON_NUM_THREADS: wall, user and system time and peak
// memory of `lantern run` on a few workloads, with the variable unset, =1 and =2, interleaved
// (a busy moment slows every setting alike). It PRINTS a table and never fails on speed; it
// does check that the three settings print the same report (runs are reproducible whatever the
// thread count). Run from the repository root after a release build:
//
//   cargo build --release && node tests/bench/cli_threads.mjs
//
// Environment: RUNS (timed runs per cell, default 3; the table shows the median),
// WORKLOADS (comma-separated names from the list below, default all but the optional one),
// LANTERN_BIN (default target/release/lantern, or $CARGO_TARGET_DIR/release/lantern; never built
// here; `before=/path/a,after=/path/b` compares builds, interleaved with the settings). The generated CSV files (100,000 and 1,000,000 rows: 17 and 169 MB, tests/bench/table_csv.mjs)
// go to a temporary directory and are deleted at the end. Needs /usr/bin/time.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { makeCsv } from './table_csv.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const RUNS = Number(process.env.RUNS || 3);
const TARGET = process.env.CARGO_TARGET_DIR || path.join(ROOT, 'target');
const BINS = (process.env.LANTERN_BIN || path.join(TARGET, 'release', 'lantern')).split(',').map((b) => {
  const [name, bin] = b.includes('=') ? b.split('=') : ['', b];
  return { name, bin };
});
const SETTINGS = [['unset', undefined], ['=1', '1'], ['=2', '2']];

// Settings for the generated files, every one given, so that builds with other defaults for
// tables run the same experiment: mini-batches of 256, 20 epochs, no validation rows (so no early
// stopping), Adam at 0.01, no L2; networks with ReLU.
const pinned = (epochs) => ['--target', 'label', '--batch-size', '256', '--epochs', `${epochs}`, '--validation-fraction', '0', '--patience', '0', '--lr', '0.01', '--l2', '0'];
const TABLE = pinned(20);
const MLP = (hidden) => ['--model', 'mlp', '--hidden', hidden, '--activation', 'relu'];
const WORKLOADS = [
  // The command of issue 21, with each build's defaults (defaults sized for tables would stop it early)…
  { name: 'diabetes-mlp32', label: 'diabetes, MLP(32)', args: ['--builtin', 'diabetes', '--model', 'mlp', '--hidden', '32'] },
  // … and with the playground's settings given: 500 epochs of 16 rows, the same run in every build.
  { name: 'diabetes-mlp32-500', label: 'diabetes, MLP(32), 500 epochs', args: ['--builtin', 'diabetes', '--model', 'mlp', '--hidden', '32', '--epochs', '500', '--batch-size', '16', '--validation-fraction', '0', '--patience', '0', '--lr', '0.03', '--l2', '0', '--activation', 'tanh'] },
  { name: 'iris', label: 'iris, defaults', args: ['--builtin', 'iris'] },
  { name: '100k-logistic', label: '100k × 20, logistic', file: 100_000, args: [...TABLE, '--model', 'logistic'] },
  { name: '100k-mlp32', label: '100k × 20, MLP(32)', file: 100_000, args: [...TABLE, ...MLP('32')] },
  { name: '100k-mlp256x2', label: '100k × 20, MLP(256, 256), 5 epochs', file: 100_000, args: [...pinned(5), ...MLP('256,256')] },
  { name: '1m-logistic', label: '1M × 20, logistic', file: 1_000_000, args: [...TABLE, '--model', 'logistic'] },
  // Only when named in WORKLOADS: the file with the default settings. With the playground's
  // defaults (500 epochs of 16 rows) that takes hours; with defaults sized for tables, seconds.
  { name: '1m-logistic-defaults', label: '1M × 20, logistic, default settings', file: 1_000_000, args: ['--target', 'label', '--model', 'logistic'], optional: true },
  { name: '1m-defaults', label: '1M × 20, default settings (MLP(32))', file: 1_000_000, args: ['--target', 'label'], optional: true },
];

const median = (v) => [...v].sort((a, b) => a - b)[Math.floor((v.length - 1) / 2)];

/** One timed run: seconds of wall, user and system time, peak RSS (bytes) and the report's hash. */
function timed(bin, args, value, out) {
  const env = { ...process.env };
  if (value === undefined) delete env.RAYON_NUM_THREADS;
  else env.RAYON_NUM_THREADS = value;
  const fd = fs.openSync(out, 'w');
  const res = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', bin, 'run', ...args, '--json'], {
    env,
    stdio: ['ignore', fd, 'pipe'],
    encoding: 'utf8',
  });
  fs.closeSync(fd);
  const last = res.stderr.trim().split('\n').pop();
  if (res.status !== 0) throw new Error(`lantern run ${args.join(' ')} failed (${res.status}): ${res.stderr}`);
  const [wall, user, sys, kb] = last.split(' ').map(Number);
  const hash = crypto.createHash('sha256').update(fs.readFileSync(out)).digest('hex');
  return { wall, user, sys, peak: kb * 1024, hash };
}

function main() {
  for (const { bin } of BINS) {
    if (!fs.existsSync(bin)) {
      console.error(`no ${bin}: build it first (cargo build --release), or set LANTERN_BIN`);
      process.exit(2);
    }
  }
  const wanted = process.env.WORKLOADS ? process.env.WORKLOADS.split(',') : WORKLOADS.filter((w) => !w.optional).map((w) => w.name);
  const unknown = wanted.filter((n) => !WORKLOADS.some((w) => w.name === n));
  if (unknown.length) {
    console.error(`unknown workload(s) ${unknown.join(', ')}: use ${WORKLOADS.map((w) => w.name).join(', ')}`);
    process.exit(2);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-cli-threads-'));
  const rows = [];
  try {
    const files = new Map();
    for (const w of WORKLOADS.filter((w) => wanted.includes(w.name))) {
      const args = [...w.args];
      if (w.file) {
        if (!files.has(w.file)) {
          const file = path.join(dir, `table-${w.file}.csv`);
          const size = makeCsv(file, w.file);
          console.log(`generated ${w.file.toLocaleString('en')} rows × 20 columns: ${(size / 1e6).toFixed(1)} MB`);
          files.set(w.file, file);
        }
        args.unshift('--data', files.get(w.file));
      }
      const cells = BINS.flatMap((b) => SETTINGS.map(([setting, value]) => ({ ...b, setting, value, runs: [] })));
      for (let i = 0; i < RUNS; i++) {
        for (const c of cells) c.runs.push(timed(c.bin, args, c.value, path.join(dir, 'out.json')));
      }
      for (const c of cells) {
        const r = c.runs;
        const hashes = new Set(cells.filter((o) => o.bin === c.bin).flatMap((o) => o.runs.map((x) => x.hash)));
        rows.push({
          workload: w.label,
          build: c.name,
          setting: c.setting,
          wall: median(r.map((x) => x.wall)),
          min: Math.min(...r.map((x) => x.wall)),
          user: median(r.map((x) => x.user)),
          sys: median(r.map((x) => x.sys)),
          peak: Math.max(...r.map((x) => x.peak)),
          same: hashes.size === 1,
        });
      }
      console.log(`${w.label}: \`lantern run ${w.args.join(' ')}${w.file ? ' --data FILE' : ''} --json\` done`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const s = (v) => `${v.toFixed(2)} s`;
  const named = BINS.length > 1;
  console.log(`\n| workload |${named ? ' build |' : ''} RAYON_NUM_THREADS | wall (median) | wall (min) | user | sys | peak RSS | same report |`);
  console.log(`|---|${named ? '---|' : ''}---|---:|---:|---:|---:|---:|---|`);
  for (const r of rows) {
    const peak = `${(r.peak / 1e6).toFixed(0)} MB`;
    const build = named ? ` ${r.build} |` : '';
    console.log(`| ${r.workload} |${build} ${r.setting} | ${s(r.wall)} | ${s(r.min)} | ${s(r.user)} | ${s(r.sys)} | ${peak} | ${r.same ? 'yes' : 'NO'} |`);
  }
  const cpu = os.cpus();
  console.log(`\n${new Date().toISOString()}; ${cpu.length} × ${cpu[0]?.model ?? 'CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; `
    + `load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}; ${RUNS} runs per cell, interleaved; `
    + BINS.map((b) => `${b.name ? `${b.name} = ` : ''}${b.bin}`).join(', '));
  if (rows.some((r) => !r.same)) process.exitCode = 1;
}

main();
