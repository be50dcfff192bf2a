// Load benchmark: how long a 100,000-row × 20-numeric-column CSV (~17 MB) takes from "the user
// picked the file" to "ready to train" in headless Chromium, and how much memory that costs.
// It PRINTS numbers and never fails on speed. Run from the repository root after a release build:
//
//   trunk build --release && node tests/bench/load.mjs
//
// Environment: RUNS (timed runs, default 3), PROFILE=0 (skip the extra CPU-profiled run),
// LANTERN_BIN (native binary for the comparison, default target/release/lantern; never built here),
// LANTERN_DIST / CHROMIUM as for the end-to-end tests. See tests/bench/README.md.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { serve, launch, openApp, ROOT, DIST } from '../e2e/lib.mjs';
// The deterministic table: 19 numeric features + a numeric class label = 20 numeric columns.
import { makeCsv, FEATURES } from './table_csv.mjs';

const RUNS = Number(process.env.RUNS || 3);
const PROFILE = process.env.PROFILE !== '0';
const ROWS = Number(process.env.ROWS || 100_000);
const NAME = `bench-${ROWS / 1000}k.csv`;
const MB = 1e6;

// ---------------------------------------------------------------------------------------------
// In-page instrumentation (the app is not changed): timestamps are epoch milliseconds
// (performance.timeOrigin + performance.now()), so page and worker clocks agree.
const PAGE_PROBE = ({ expect, rows }) => {
  const now = () => performance.timeOrigin + performance.now();
  const B = (window.__bench = { t: {}, sent: [], received: [], longTasks: [], expect, rows });
  const kindOf = (d) => {
    // A command with data is [JSON text, typed arrays…] (src/train/session/protocol.rs); a file is `{"file": …}`.
    if (Array.isArray(d) && typeof d[0] === 'string') return kindOf(d[0]);
    if (typeof d !== 'string') return typeof d;
    try { const v = JSON.parse(d); return typeof v === 'string' ? v : v.type ?? v.kind ?? Object.keys(v)[0]; } catch { return 'text'; }
  };
  addEventListener('TrunkApplicationStarted', (e) => { B.mainMemory = e.detail?.wasm?.memory; });
  addEventListener('change', (e) => {
    if (e.target?.dataset?.testid === 'file-input' && !B.t.change) B.t.change = now();
  }, true);
  const arrayBuffer = Blob.prototype.arrayBuffer;
  Blob.prototype.arrayBuffer = function () {
    const p = arrayBuffer.call(this);
    if (B.t.change && !B.t.readStart) { B.t.readStart = now(); p.then(() => { B.t.readEnd = now(); }); }
    return p;
  };
  const check = () => {
    if (!B.t.change) return;
    const status = document.querySelector('[data-testid=status]')?.textContent ?? '';
    const select = document.querySelector('[data-testid=dataset-select]')?.value;
    const summary = document.querySelector('[data-testid=data-summary]')?.textContent ?? '';
    if (!B.t.summary && summary.includes(`${B.rows} rows`)) {
      B.t.summary = now();
      B.summaryText = summary;
      requestAnimationFrame(() => setTimeout(() => { B.t.summaryFrame = now(); }));
    }
    if (!B.t.ready && B.t.loaded && status.includes('paused') && select === B.expect) {
      B.t.ready = now();
      B.statusText = status;
      requestAnimationFrame(() => setTimeout(() => { B.t.readyFrame = now(); }));
    }
  };
  B.check = check;
  const Base = window.Worker;
  window.Worker = class extends Base {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (e) => {
        const kind = kindOf(e.data);
        B.received.push({ kind, t: now() });
        if (/^loaded$/i.test(kind) && B.t.fileSent && !B.t.loaded) B.t.loaded = now();
        if (kind === 'file_read' && B.t.fileSent && !B.t.fileRead) B.t.fileRead = now();
        if (kind === 'reading') B.readings = (B.readings || 0) + 1;
        queueMicrotask(check);
        setTimeout(check);
      });
    }
    postMessage(message, ...rest) {
      const kind = kindOf(message);
      B.sent.push({ kind, t: now(), bytes: Array.isArray(message) ? message[1]?.byteLength : message?.byteLength });
      if (kind === 'file' && B.t.change) B.t.fileSent = now();
      if (kind === 'load' && B.t.fileRead && !B.t.loadSent) B.t.loadSent = now();
      return super.postMessage(message, ...rest);
    }
  };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) B.longTasks.push({ start: performance.timeOrigin + e.startTime, ms: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  new MutationObserver(check).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
};

// The worker's loader (www/worker_loader.js: a module worker that imports the app's module named
// in its `module` query parameter and starts it on the compiled module the page posts first), served with a probe in front: it times each message handler and keeps the wasm memory.
const WORKER_LOADER = `
self.__bench = { handled: [] };
(() => {
  const now = () => performance.timeOrigin + performance.now();
  const kindOf = (d) => {
    if (Array.isArray(d) && typeof d[0] === 'string') return kindOf(d[0]);
    if (typeof d !== 'string') return typeof d;
    try { const v = JSON.parse(d); return typeof v === 'string' ? v : v.type ?? v.kind ?? Object.keys(v)[0]; } catch { return 'text'; }
  };
  let proto;
  for (let o = self; o && !proto; o = Object.getPrototypeOf(o)) proto = Object.getOwnPropertyDescriptor(o, 'onmessage');
  let inner = null;
  Object.defineProperty(self, 'onmessage', {
    configurable: true,
    get() { return inner; },
    set(handler) {
      inner = handler;
      proto.set.call(self, handler && ((e) => {
        const start = now();
        try { return handler.call(self, e); } finally {
          self.__bench.handled.push({ kind: kindOf(e.data), start, end: now(), bytes: e.data?.byteLength });
        }
      }));
    },
  });
})();
const posted = new Promise((ok) => self.addEventListener('message', (e) => ok(e.data), { once: true }));
const module = new URL(self.location.href).searchParams.get('module');
const { default: init } = await import(module);
init({ module_or_path: await posted }).then((w) => { self.__bench.memory = w.memory; });
`;

// ---------------------------------------------------------------------------------------------
// Process memory from /proc: Chromium's processes are descendants of this Node process.
function chromiumProcesses() {
  const out = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' });
  const rows = out.trim().split('\n').map((l) => {
    const m = l.trim().match(/^(\d+)\s+(\d+)\s+(.*)$/);
    return { pid: Number(m[1]), ppid: Number(m[2]), args: m[3] };
  });
  const mine = new Set([process.pid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const r of rows) if (!mine.has(r.pid) && mine.has(r.ppid)) { mine.add(r.pid); grew = true; }
  }
  return rows.filter((r) => r.pid !== process.pid && mine.has(r.pid) && /chrom/i.test(r.args))
    .map((r) => ({ pid: r.pid, type: (r.args.match(/--type=([\w-]+)/) || [, 'browser'])[1], utility: (r.args.match(/--utility-sub-type=([\w.]+)/) || [])[1] }));
}

function procStatus(pid) {
  try {
    const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k) => Number((text.match(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm')) || [, NaN])[1]) * 1024;
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  } catch { return { rss: NaN, hwm: NaN }; }
}

/** Resets the peak-RSS counter (VmHWM) of `pid` (Linux ≥ 4.0, own processes); false if refused. */
function resetPeak(pid) {
  try { fs.writeFileSync(`/proc/${pid}/clear_refs`, '5'); return true; } catch { return false; }
}

/** A CDP `send` for the page's dedicated worker (through Target.sendMessageToTarget, since
 * Playwright's CDP sessions are per page), or null if none attaches. */
async function attachWorker(cdp) {
  let sessionId = null, next = 1;
  const pending = new Map();
  cdp.on('Target.attachedToTarget', (e) => { if (e.targetInfo.type === 'worker' && !sessionId) sessionId = e.sessionId; });
  cdp.on('Target.receivedMessageFromTarget', (e) => {
    const m = JSON.parse(e.message);
    if (pending.has(m.id)) { pending.get(m.id)(m); pending.delete(m.id); }
  });
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  for (let i = 0; i < 50 && !sessionId; i++) await new Promise((ok) => setTimeout(ok, 20));
  if (!sessionId) return null;
  return (method, params = {}) => new Promise((ok, fail) => {
    const id = next++;
    pending.set(id, (m) => (m.error ? fail(new Error(`${method}: ${m.error.message}`)) : ok(m.result)));
    cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) }).catch(fail);
  });
}

// ---------------------------------------------------------------------------------------------
// One run in a fresh browser. `profile`: also record a CPU profile of the page's main thread.
async function runOnce(serverUrl, file, { profile = false } = {}) {
  const b = await launch();
  try {
    const { page, ctx } = b;
    await page.route('**/worker_loader.js?*', (route) =>
      route.fulfill({ status: 200, contentType: 'text/javascript', body: WORKER_LOADER }));
    await page.addInitScript(PAGE_PROBE, { expect: `file:${NAME}`, rows: ROWS.toLocaleString('en') });
    await openApp(page, serverUrl);
    const cdp = await ctx.newCDPSession(page);
    await cdp.send('Performance.enable');
    const heapMetrics = async () => {
      const { metrics } = await cdp.send('Performance.getMetrics');
      const m = Object.fromEntries(metrics.map((x) => [x.name, x.value]));
      const usage = await cdp.send('Runtime.getHeapUsage');
      return { jsUsed: m.JSHeapUsedSize, jsTotal: m.JSHeapTotalSize, backing: usage.backingStorageSize };
    };
    const wasmSizes = async () => {
      const main = await page.evaluate(() => window.__bench.mainMemory?.buffer.byteLength ?? NaN);
      const w = page.workers()[0];
      const worker = w ? await w.evaluate(() => self.__bench?.memory?.buffer.byteLength ?? NaN) : NaN;
      return { main, worker };
    };
    await page.waitForTimeout(300); // let start-up settle
    await cdp.send('HeapProfiler.collectGarbage').catch(() => {});
    const heapBefore = await heapMetrics();
    const wasmBefore = await wasmSizes();
    const procs = chromiumProcesses();
    const before = new Map(procs.map((p) => [p.pid, procStatus(p.pid)]));
    const peakReset = procs.map((p) => resetPeak(p.pid)).every(Boolean);
    // Sample RSS too, as a cross-check of VmHWM (and the only peak if resetting is refused).
    const sampled = new Map(procs.map((p) => [p.pid, 0]));
    const sampler = setInterval(() => {
      for (const p of procs) sampled.set(p.pid, Math.max(sampled.get(p.pid), procStatus(p.pid).rss || 0));
    }, 20);

    let workerCdp = null;
    if (profile) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
      await cdp.send('Profiler.start');
      workerCdp = await attachWorker(cdp);
      if (workerCdp) {
        await workerCdp('Profiler.enable');
        await workerCdp('Profiler.setSamplingInterval', { interval: 500 });
        await workerCdp('Profiler.start');
      }
    }
    const t0 = Date.now();
    await page.getByTestId('file-input').setInputFiles(file);
    const tSet = Date.now();
    await page.waitForFunction(() => window.__bench.t.ready && window.__bench.t.summary && window.__bench.t.readyFrame,
      null, { timeout: 300_000, polling: 50 });
    const tNode = Date.now();
    const cpu = profile ? (await cdp.send('Profiler.stop')).profile : null;
    const workerCpu = workerCdp ? (await workerCdp('Profiler.stop')).profile : null;
    clearInterval(sampler);

    const after = new Map(procs.map((p) => [p.pid, procStatus(p.pid)]));
    const bench = await page.evaluate(() => {
      const B = window.__bench;
      return { t: B.t, sent: B.sent, received: B.received, longTasks: B.longTasks, summaryText: B.summaryText, statusText: B.statusText, readings: B.readings };
    });
    const worker = page.workers()[0];
    const handled = worker ? await worker.evaluate(() => self.__bench?.handled ?? []) : [];
    const heapAfter = await heapMetrics();
    const wasmAfter = await wasmSizes();
    // What stays: collect garbage on the page thread (the worker's isolate is not reachable here).
    await cdp.send('HeapProfiler.collectGarbage').catch(() => {});
    await page.waitForTimeout(300);
    const afterGc = new Map(procs.map((p) => [p.pid, procStatus(p.pid)]));
    // And on the worker's thread too: what is left is what the two threads really hold.
    const workerGc = workerCdp || await attachWorker(cdp);
    if (workerGc) {
      await workerGc('HeapProfiler.collectGarbage').catch(() => {});
      await page.waitForTimeout(300);
    }
    const afterBothGc = new Map(procs.map((p) => [p.pid, procStatus(p.pid)]));
    const problems = b.problems.slice();

    const memory = procs.map((p) => {
      const a = after.get(p.pid), bf = before.get(p.pid);
      const peak = peakReset ? Math.max(a.hwm, sampled.get(p.pid)) : sampled.get(p.pid);
      return { ...p, rssBefore: bf.rss, rssAfter: a.rss, rssAfterGc: afterGc.get(p.pid).rss, rssAfterBothGc: afterBothGc.get(p.pid).rss, peak };
    });
    return { t0, tSet, tNode, bench, handled, heapBefore, heapAfter, wasmBefore, wasmAfter, memory, peakReset, cpu, workerCpu, problems };
  } finally {
    await b.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Reading the results.
function phases(r) {
  const { t } = r.bench;
  const fileHandled = r.handled.find((h) => h.kind === 'file' && h.start >= t.fileSent - 1);
  const loadHandled = r.handled.find((h) => /^load$/i.test(h.kind) && h.start >= (fileHandled?.start ?? t.fileSent));
  const longTasks = r.bench.longTasks.filter((l) => l.start + l.ms >= t.change - 1 && l.start <= t.readyFrame);
  return {
    ready: t.ready - t.change,
    readyFrame: t.readyFrame - t.change,
    summary: t.summary - t.change,
    summaryFrame: t.summaryFrame - t.change,
    fromSetInputFiles: r.tNode - r.t0, // Node side: includes Playwright's round trips and polling (≤ 50 ms)
    toWorker: fileHandled ? fileHandled.start - t.fileSent : NaN, // the File handle posted + queueing
    workerParse: fileHandled ? fileHandled.end - fileHandled.start : NaN, // worker: read the File, read_csv, describe, post
    fileReadToLoad: t.loadSent - t.fileRead, // page: cells into wasm, data view, controls (several tasks)
    workerLoad: loadHandled ? loadHandled.end - loadHandled.start : NaN, // prepare + set up the run
    loadedToReady: t.ready - t.loaded, // page handles `Loaded` and shows "paused"
    longTasks: longTasks.map((l) => Math.round(l.ms)),
  };
}

const median = (xs) => { const s = xs.filter(Number.isFinite).sort((a, b) => a - b); return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN; };
const min = (xs) => Math.min(...xs.filter(Number.isFinite));
const ms = (x) => (Number.isFinite(x) ? `${Math.round(x)} ms` : '—');
const mb = (x) => (Number.isFinite(x) ? `${(x / MB).toFixed(1)} MB` : '—');

/** Main-thread CPU time (ms) by what it was doing, from a sampled CPU profile. */
function profileBuckets(profile) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id);
  const bucketOf = (id) => {
    const names = [];
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) names.push(nodes.get(cur).callFrame.functionName);
    const leaf = names[0];
    if (leaf === '(idle)') return 'idle';
    if (leaf === '(garbage collector)') return 'garbage collection';
    if (leaf === '(program)') return 'browser internals (program)';
    const has = (re) => names.some((n) => re.test(n));
    if (has(/lantern::data::csv::/)) return 'read_csv (parse)';
    if (has(/lantern::data::schema::/)) return 'column summaries';
    if (has(/lantern::data::prepare::/)) return 'prepare';
    if (has(/lantern::train::|lantern::model::|candle/)) return 'set up run (train/model/candle)';
    if (has(/serde_json|serde::/)) return 'JSON (messages)';
    if (has(/js_sys::Uint8Array::to_vec|Uint8Array.*copy_to|__wbg_set|memcpy/) && has(/read_bytes|file::/)) return 'copy file into wasm';
    if (has(/tachys|leptos|reactive_graph|data_view|plotters/)) return 'rendering (Leptos, canvases)';
    if (has(/worker_client|send_file/)) return 'sending to worker';
    return 'other';
  };
  const out = {};
  const deltas = profile.timeDeltas;
  profile.samples.forEach((id, i) => {
    const b = bucketOf(id);
    out[b] = (out[b] || 0) + (deltas[i + 1] ?? 0) / 1000;
  });
  return out;
}

/** Self time of the heaviest functions in a CPU profile (ms), each with the nearest `lantern::`
 * function that called it (where the time belongs in our code). */
function topFunctions(profile, n = 8) {
  const byId = new Map(profile.nodes.map((x) => [x.id, x]));
  const parent = new Map();
  for (const x of profile.nodes) for (const c of x.children || []) parent.set(c, x.id);
  const short = (f) => f.replace(/::h[0-9a-f]{16}$/, '').replace(/\[[0-9a-f]{16}\]/g, '');
  const self = new Map();
  profile.samples.forEach((id, i) => {
    const f = short(byId.get(id).callFrame.functionName || '(anonymous)');
    let via = '';
    for (let cur = parent.get(id); cur !== undefined && !via; cur = parent.get(cur)) {
      const g = byId.get(cur).callFrame.functionName;
      if (/lantern::/.test(g) && short(g) !== f) via = short(g);
    }
    const key = f + (via && !f.startsWith('lantern::') ? `  ← ${via}` : '');
    self.set(key, (self.get(key) || 0) + (profile.timeDeltas[i + 1] ?? 0) / 1000);
  });
  return [...self].filter(([f]) => f !== '(idle)').sort((a, b) => b[1] - a[1]).slice(0, n);
}

function nativeInspect(file) {
  const bin = process.env.LANTERN_BIN || path.join(ROOT, 'target', 'release', 'lantern');
  if (!fs.existsSync(bin)) return { skipped: `no ${path.relative(ROOT, bin)} (not built for this benchmark)` };
  const times = [];
  let peak = NaN;
  const timeBin = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
  for (let i = 0; i < 3; i++) {
    const start = process.hrtime.bigint();
    const res = timeBin
      ? spawnSync(timeBin, ['-f', '%M', bin, 'inspect', '--data', file, '--json'], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' })
      : spawnSync(bin, ['inspect', '--data', file, '--json'], { stdio: 'ignore' });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (res.status !== 0) return { skipped: `\`lantern inspect\` failed (${res.status}): ${res.stderr ?? ''}` };
    if (timeBin) peak = Math.max(Number.isFinite(peak) ? peak : 0, Number(res.stderr.trim().split('\n').pop()) * 1024);
  }
  return { bin: path.relative(ROOT, bin), times, peak };
}

// ---------------------------------------------------------------------------------------------
async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-bench-'));
  const file = path.join(dir, NAME);
  const server = await serve();
  try {
    const size = makeCsv(file, ROWS);
    const distWasm = fs.readdirSync(DIST).filter((f) => f.endsWith('.wasm')).map((f) => fs.statSync(path.join(DIST, f)).mtime);
    console.log(`CSV: ${ROWS.toLocaleString('en')} rows × ${FEATURES + 1} numeric columns (${FEATURES} features + integer class label), ${size.toLocaleString('en')} bytes (${mb(size)})`);
    console.log(`app: ${path.relative(ROOT, DIST) || DIST}/ built ${new Date(Math.max(...distWasm)).toISOString()}`);

    const runs = [];
    for (let i = 0; i < RUNS; i++) {
      const r = await runOnce(server.url, file);
      const p = phases(r);
      runs.push({ r, p });
      console.log(`run ${i + 1}: ready ${ms(p.ready)} (frame ${ms(p.readyFrame)}), summary ${ms(p.summary)} · to worker ${ms(p.toWorker)}, worker read+parse+describe ${ms(p.workerParse)}, page shows it ${ms(p.fileReadToLoad)}, worker load ${ms(p.workerLoad)}, Loaded→ready ${ms(p.loadedToReady)} · ${r.bench.readings ?? 0} progress reports · long tasks ${JSON.stringify(p.longTasks)}`);
      if (i === 0) console.log(`  summary line: "${r.bench.summaryText}"; status: "${r.bench.statusText}"`);
      if (r.problems.length) console.log(`  page problems: ${r.problems.join(' | ')}`);
    }

    let prof = null;
    if (PROFILE) {
      const r = await runOnce(server.url, file, { profile: true });
      prof = { p: phases(r), buckets: profileBuckets(r.cpu), top: topFunctions(r.cpu) };
      if (r.workerCpu) Object.assign(prof, { workerBuckets: profileBuckets(r.workerCpu), workerTop: topFunctions(r.workerCpu) });
    }
    const native = nativeInspect(file);

    // ---- memory: per run, the page's renderer = the renderer whose RSS grew the most.
    const mem = runs.map(({ r }) => {
      const renderers = r.memory.filter((m) => m.type === 'renderer');
      const page = renderers.sort((a, b) => (b.peak - b.rssBefore) - (a.peak - a.rssBefore))[0];
      const all = r.memory.reduce((s, m) => s + Math.max(0, m.peak - m.rssBefore), 0);
      return {
        rendererBefore: page.rssBefore, rendererPeak: page.peak, rendererAfter: page.rssAfter, rendererAfterGc: page.rssAfterGc, rendererAfterBothGc: page.rssAfterBothGc,
        rendererGrowth: page.peak - page.rssBefore, allGrowth: all, peakReset: r.peakReset,
        wasmMainBefore: r.wasmBefore.main, wasmMain: r.wasmAfter.main,
        wasmWorkerBefore: r.wasmBefore.worker, wasmWorker: r.wasmAfter.worker,
        jsBefore: r.heapBefore.jsUsed, jsAfter: r.heapAfter.jsUsed, backingAfter: r.heapAfter.backing,
        others: r.memory.filter((m) => m !== page && m.peak - m.rssBefore >= 0.05 * MB).map((m) => `${m.type}${m.utility ? `(${m.utility})` : ''} +${mb(m.peak - m.rssBefore)}`),
      };
    });

    // ---- the table
    const cpuModel = (fs.readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.*)$/m) || [, os.cpus()[0]?.model])[1];
    const load = os.loadavg().map((x) => x.toFixed(2)).join(' ');
    const chromium = (() => { try { return execFileSync(process.env.CHROMIUM || '/usr/bin/chromium', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(); } catch { return 'chromium'; } })();
    const col = (k) => runs.map(({ p }) => p[k]);
    const mcol = (k) => mem.map((m) => m[k]);
    const rows = [];
    const line = (label, values, fmt = ms, note = '') => rows.push([label, fmt(min(values)), fmt(median(values)), note]);
    line('ready to train (change → status "paused", file selected)', col('ready'), ms, 'acceptance: < 1.5 s');
    line('  … and the next frame painted', col('readyFrame'));
    line(`data summary shows "${ROWS.toLocaleString('en')} rows"`, col('summary'));
    line('  … and the next frame painted', col('summaryFrame'));
    line('setInputFiles → ready, seen from Node', col('fromSetInputFiles'), ms, 'incl. Playwright round trips');
    line('phase: File handle → worker (post + queue)', col('toWorker'));
    line('phase: worker: read the File + read_csv + describe', col('workerParse'), ms, 'off the page thread');
    line('phase: page: cells in, experiment controls', col('fileReadToLoad'), ms, 'two tasks; the data view follows');
    line('longest main-thread task, change → ready', runs.map(({ p }) => Math.max(0, ...p.longTasks)), ms, 'acceptance: none over 50 ms (0 = none)');
    line('phase: worker: Load (prepare + set up run)', col('workerLoad'));
    line('phase: page handles Loaded → "paused"', col('loadedToReady'));
    line('renderer peak RSS during load (VmHWM)', mcol('rendererPeak'), mb, `${(median(mcol('rendererPeak')) / size).toFixed(1)}× file`);
    line('renderer RSS before load', mcol('rendererBefore'), mb);
    line('renderer RSS after load (ready)', mcol('rendererAfter'), mb, `${(median(mcol('rendererAfter').map((x, i) => x - mcol('rendererBefore')[i])) / size).toFixed(1)}× file kept`);
    line('  … after a page-thread GC', mcol('rendererAfterGc'), mb, `${(median(mcol('rendererAfterGc').map((x, i) => x - mcol('rendererBefore')[i])) / size).toFixed(1)}× file kept`);
    line('  … and a worker GC', mcol('rendererAfterBothGc'), mb, `${(median(mcol('rendererAfterBothGc').map((x, i) => x - mcol('rendererBefore')[i])) / size).toFixed(1)}× file kept`);
    line('renderer peak growth (peak − before)', mcol('rendererGrowth'), mb, `${(median(mcol('rendererGrowth')) / size).toFixed(1)}× file; acceptance: < 5×`);
    line('all Chromium processes: Σ peak growth', mcol('allGrowth'), mb, `${(median(mcol('allGrowth')) / size).toFixed(1)}× file (upper bound)`);
    line('wasm memory, page (after; never shrinks)', mcol('wasmMain'), mb, `before ${mb(median(mcol('wasmMainBefore')))}`);
    line('wasm memory, worker (after; never shrinks)', mcol('wasmWorker'), mb, `before ${mb(median(mcol('wasmWorkerBefore')))}`);
    line('page JS heap used, after', mcol('jsAfter'), mb, `before ${mb(median(mcol('jsBefore')))}`);
    if (native.skipped) rows.push(['native `lantern inspect --data FILE --json`', '—', '—', `skipped: ${native.skipped}`]);
    else {
      line(`native \`${native.bin} inspect --json\``, native.times, ms, 'wall time incl. process start');
      if (Number.isFinite(native.peak)) rows.push(['native peak RSS', mb(native.peak), '', `${(native.peak / size).toFixed(1)}× file`]);
    }

    const w = [Math.max(...rows.map((r) => r[0].length)), 9, 9];
    console.log(`\nLantern load benchmark — ${new Date().toISOString()}`);
    console.log(`machine: ${os.hostname()}, ${os.cpus().length} CPUs (nproc ${execFileSync('nproc', { encoding: 'utf8' }).trim()}), ${cpuModel}, ${mb(os.totalmem())} RAM, load average ${load}`);
    console.log(`browser: ${chromium}, headless; file ${mb(size)} (${size.toLocaleString('en')} bytes); ${RUNS} runs, fresh browser each`);
    console.log(`${'measure'.padEnd(w[0])}  ${'min'.padStart(w[1])}  ${'median'.padStart(w[2])}  note`);
    console.log('-'.repeat(w[0] + w[1] + w[2] + 30));
    for (const [label, a, b, note] of rows) console.log(`${label.padEnd(w[0])}  ${a.padStart(w[1])}  ${b.padStart(w[2])}  ${note}`);
    console.log(`
What was measured:
- Times start at the file input's \`change\` event in the page (after Playwright has handed Chromium
  the file path, as a file picker would) and end when [data-testid=status] says "paused" with
  [data-testid=dataset-select] = "file:${NAME}" after the worker's \`Loaded\` (the Play button works).
  Phases come from probes added by this script only: Blob.arrayBuffer, Worker.postMessage/onmessage
  in the page, and the worker's onmessage handler (its loader is served with a timing wrapper).
- Memory: Chromium's page renderer process (page thread + training worker + both wasm instances),
  Linux /proc VmHWM after resetting it (clear_refs 5) just before the file is chosen${mem.every((m) => m.peakReset) ? '' : ' (reset was refused: peak is from 20 ms RSS sampling)'}, cross-checked
  by sampling VmRSS every 20 ms. "Growth" subtracts the RSS just before the load (app already running).
  Other processes' growth (median run): ${mem[Math.floor(mem.length / 2)].others.join(', ')}.
  wasm memory is each instance's memory.buffer.byteLength (linear memory only grows, so it is the peak).
  JS heap: CDP Performance.getMetrics JSHeapUsedSize of the page thread (ArrayBuffers are outside it).`);
    if (prof) {
      console.log(`\nCPU profile of the page thread (extra run, sampled every 0.5 ms, not in the table; ready ${ms(prof.p.ready)}):`);
      for (const [k, v] of Object.entries(prof.buckets).sort((a, b) => b[1] - a[1])) console.log(`  ${k.padEnd(32)} ${ms(v).padStart(8)}`);
      console.log('  heaviest functions (self time):');
      for (const [f, v] of prof.top) console.log(`    ${ms(v).padStart(8)}  ${f.length > 140 ? f.slice(0, 137) + '...' : f}`);
      if (prof.workerBuckets) {
        console.log(`CPU profile of the training worker (same run; worker parse ${ms(prof.p.workerParse)}, Load ${ms(prof.p.workerLoad)}):`);
        for (const [k, v] of Object.entries(prof.workerBuckets).sort((a, b) => b[1] - a[1])) console.log(`  ${k.padEnd(32)} ${ms(v).padStart(8)}`);
        console.log('  heaviest functions (self time):');
        for (const [f, v] of prof.workerTop) console.log(`    ${ms(v).padStart(8)}  ${f.length > 140 ? f.slice(0, 137) + '...' : f}`);
      }
    }
  } finally {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => { console.error(e); process.exitCode = 1; });
