// The tree models in the browser: workloads B1 (gradient boosting, 100 rounds of 31 leaves) and
// F1 (a random forest of 100 trees) trained by the app's own worker in headless Chromium, on the
// 100,000 × 20 rows `examples/learn_speed.rs` writes (the rows scikit-learn's timing reads).
// It PRINTS numbers and never fails on speed. Run from the repository root:
//
//   cargo run --release --example learn_speed && trunk build --release && node tests/bench/learners.mjs [B1,F1] [repeats]
//
// or `bash tests/bench/learners.sh`, which also runs the native and scikit-learn sides.
//
// Each run: a fresh browser, a page of this script's own that starts the dist's worker
// (worker_loader.js with the app's module, as tests/bench/web/lantern_bench.mjs does), posts the
// rows with `{"bench":{"workload":"B1"}}` (src/train/bench.rs), presses play and timestamps the
// progress events. The time is from play to the event that says done: every tree or round with
// the app's evaluation of the training rows and the first 10 % (its test rows) after each, the
// progress reports and the final evaluation; the feature importance that follows is timed apart.
// The worker's wasm memory is read at the end (it never shrinks: the peak).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serve, launch, ROOT, DIST } from '../e2e/lib.mjs';

const [names = 'B1,F1', repeatsArg = '1'] = process.argv.slice(2);
const REPEATS = Number(repeatsArg);
const TARGET = process.env.CARGO_TARGET_DIR || path.join(ROOT, 'target');
const ROWS_DIR = path.join(TARGET, 'reference', 'learn_speed');
const WIDTH = 20;
for (const f of ['train_x.f32', 'train_y.f32']) {
  if (!fs.existsSync(path.join(ROWS_DIR, f))) {
    console.error(`missing ${ROWS_DIR}/${f}: run \`cargo run --release --example learn_speed\` first`);
    process.exit(2);
  }
}

// The dist's worker loader, keeping the wasm memory where the runner can read it.
const LOADER = `
const given = new URL(self.location.href).searchParams.get('module');
const { default: init } = await import(new URL(given, self.location.href).href);
const w = await init({ module_or_path: new URL(given.replace(/\\.js$/, '_bg.wasm'), self.location.href) });
self.__memory = w.memory;
`;

const PAGE = '<!doctype html><meta charset="utf-8"><title>Lantern tree bench</title><link rel="icon" href="data:,"><pre id="log"></pre>';

/** In the page: trains `workload` on the rows at /rows/, returns the timings. */
async function inPage({ workload, width }) {
  const rows = async (name) => new Float32Array(await (await fetch(`/rows/${name}`)).arrayBuffer());
  const x = await rows('train_x.f32');
  const y = await rows('train_y.f32');
  const html = await (await fetch('/index.html')).text();
  const name = (html.match(/app-[0-9a-f]+\.js/) || [])[0];
  const worker = new Worker(`/worker_loader.js?module=${encodeURIComponent(`/${name}`)}`, { type: 'module' });
  const queue = [];
  let wake = null;
  worker.onmessage = (m) => { queue.push([performance.now(), m.data]); if (wake) { wake(); wake = null; } };
  worker.onerror = (e) => { queue.push([performance.now(), JSON.stringify({ failed: { message: String(e.message) } })]); if (wake) { wake(); wake = null; } };
  const next = async () => {
    while (!queue.length) await new Promise((r) => { wake = r; });
    const [t, data] = queue.shift();
    const text = Array.isArray(data) ? data[0] : data;
    const raw = JSON.parse(text);
    const ev = typeof raw === 'string' ? { type: raw } : { type: Object.keys(raw)[0], ...Object.values(raw)[0] };
    if (ev.type === 'failed') throw new Error(`worker: ${ev.message}`);
    return [t, ev];
  };
  const until = async (type) => { for (;;) { const [t, ev] = await next(); if (ev.type === type) return [t, ev]; } };
  await until('ready');
  const t0 = performance.now();
  worker.postMessage([JSON.stringify({ bench: { workload } }), x, y]);
  await until('loaded');
  for (;;) { const [, ev] = await next(); if (ev.type === 'progress') break; }
  const tLoaded = performance.now();
  worker.postMessage(JSON.stringify('play'));
  const ends = [];
  let last = null, tDone = NaN, events = 0;
  for (;;) {
    const [t, ev] = await next();
    if (ev.type !== 'progress') continue;
    events++;
    for (const m of ev.epochs) { ends.push(t); last = m; }
    if (ev.done) { tDone = t; break; }
    if (!ev.playing) throw new Error('training paused by itself');
  }
  // The finished run's importance follows in a message of its own.
  const [tImportance] = await until('importance');
  return { load: tLoaded - t0, train: tDone - tLoaded, importance: tImportance - tDone, epochs: ends.length, events, last, rows: y.length, width };
}

async function runOnce(server, workload) {
  const b = await launch();
  try {
    const { page } = b;
    await page.route('**/worker_loader.js?*', (r) => r.fulfill({ status: 200, contentType: 'text/javascript', body: LOADER }));
    await page.route('**/bench-trees.html', (r) => r.fulfill({ status: 200, contentType: 'text/html', body: PAGE }));
    await page.route('**/rows/*.f32', (r) => r.fulfill({
      status: 200, contentType: 'application/octet-stream', body: fs.readFileSync(path.join(ROWS_DIR, path.basename(new URL(r.request().url()).pathname))),
    }));
    await page.goto(`${server.url}bench-trees.html`);
    page.setDefaultTimeout(600_000);
    const result = await page.evaluate(inPage, { workload, width: WIDTH });
    const worker = page.workers()[0];
    result.wasm = worker ? await worker.evaluate(() => self.__memory?.buffer.byteLength ?? NaN) : NaN;
    return result;
  } finally {
    await b.close();
  }
}

const server = await serve(DIST);
const LABEL = { B1: 'boosting, 100 rounds, 31 leaves', F1: 'random forest, 100 trees, √20 features' };
console.log(`browser (headless Chromium ${(await (async () => { const b = await launch(); const v = b.ctx.browser()?.version() ?? '?'; await b.close(); return v; })())}), the app's worker, one thread`);
console.log(`${'workload'.padEnd(44)} ${'train'.padStart(9)} ${'per step'.padStart(10)} ${'load'.padStart(8)} ${'wasm mem'.padStart(9)}  train acc.`);
try {
  for (const name of names.split(',')) {
    for (let i = 0; i < REPEATS; i++) {
      const r = await runOnce(server, name);
      console.log(`${`${name}: ${LABEL[name] ?? name}`.padEnd(44)} ${(r.train / 1000).toFixed(2).padStart(7)} s ${(r.train / r.epochs).toFixed(1).padStart(7)} ms ${(r.load / 1000).toFixed(2).padStart(6)} s ${(r.wasm / 2 ** 20).toFixed(0).padStart(5)} MiB  ${r.last?.train_accuracy?.toFixed(4)} (${r.epochs} steps, ${r.events} progress events, ${r.rows.toLocaleString('en')} rows; then importance ${(r.importance / 1000).toFixed(2)} s)`);
    }
  }
} finally {
  await server.close();
}
console.log(`${new Date().toISOString()} · ${os.cpus().length} cores · load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
