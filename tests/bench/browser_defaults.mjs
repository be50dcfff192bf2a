#!/usr/bin/env node
// Issue 21's targets in the browser: the 100,000 × 20 table trained with the settings the page
// chooses for it, against scikit-learn. Prints numbers; never fails on speed.
//
//   LANTERN_DIST=dist node tests/bench/browser_defaults.mjs
//   RUNS=2 MODELS=logistic,mlp32 SKLEARN_PYTHON=.venv/bin/python SKLEARN_SEEDS=5 node tests/bench/browser_defaults.mjs
//
// In headless Chromium, as a person would, once per model and run (a fresh browser each time):
// open the app, open the generated CSV (tests/bench/table_csv.mjs: the same bytes as
// sklearn_defaults.py's 100,000-row file and load.mjs's), check that the page chose the table's
// defaults (src/spec/table_defaults.rs: 70/10/20 split, batch 1,024, at most 20 epochs,
// patience 4, Adam 0.01, L2 0, one hidden layer of 32 ReLU), keep them, pick the model (the
// logistic regression: remove the hidden layer; the MLP(32): as chosen), press ▶, wait until
// the run ends (early stopping or the last epoch) and read the test accuracy from the Evaluate
// stage. Timed in the page: from the ▶ click to the evaluation in the page ("train"), and from
// the file input's change to the run set up for the table ("load"). The page's main-thread long
// tasks (PerformanceObserver 'longtask', > 50 ms) are recorded during both.
//
// scikit-learn's side (optional: SKLEARN_PYTHON, else `python3` or `.venv/bin/python` if one
// imports sklearn) runs sklearn_defaults.py's own `run_sklearn` on the same file: read with
// pandas, standardised, LogisticRegression() / MLPClassifier((32,), early_stopping=True), one
// thread, train_test_split(random_state=0..SKLEARN_SEEDS-1) with the same 70/10/20 shares. The
// splits are not Lantern's (the page splits with its seed, 7): compare accuracies to the mean.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { serve, launch, openApp, waitStatus, ROOT, DIST } from '../e2e/lib.mjs';
import { app } from '../e2e/app.mjs';
import { makeCsv, FEATURES } from './table_csv.mjs';

const RUNS = Number(process.env.RUNS || 2);
const MODELS = (process.env.MODELS || 'logistic,mlp32').split(',');
const SKLEARN_SEEDS = Number(process.env.SKLEARN_SEEDS || 5);
const ROWS = 100_000;
const CLASSES = 3;
const NAME = 'bench-100k.csv';
const TIMEOUT = 15 * 60_000; // one run; the page's MLP takes well under a minute on a quiet machine

/** What src/spec/table_defaults.rs chooses for 100,000 to 999,999 rows (checked in the page). */
const EXPECTED = {
  'train-ratio': '70', 'validation-share': '10', 'batch-size': '1024', epochs: '20', patience: '4',
  optimizer: 'adam', 'learning-rate': '0.01', l2: '0', activation: 'relu', 'units-1': '32', layers: 1,
};

const MODEL = {
  logistic: { label: 'logistic regression', hidden: [], family: /No hidden layer: softmax/ },
  mlp32: { label: 'MLP(32)', hidden: [32], family: /1 hidden layer/ },
};
/** Trainable numbers of a dense network FEATURES → hidden → CLASSES. */
const parameters = (hidden) => [FEATURES, ...hidden, CLASSES].reduce((n, units, i, a) => (i ? n + a[i - 1] * units + units : 0), 0);

// In the page from its start: long tasks, the file input's change, the ▶ click, and when the
// evaluation appears (all in performance.now() milliseconds).
const PROBE = ([name, params]) => {
  const B = (window.__bb = { longTasks: [] });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) B.longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  // Long animation frames (over 50 ms): how a long task splits into scripts, style and layout.
  B.frames = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        B.frames.push({
          start: e.startTime, duration: e.duration, renderStart: e.renderStart, styleAndLayoutStart: e.styleAndLayoutStart,
          scripts: e.scripts.map((x) => ({ duration: x.duration, invoker: x.invoker, forcedLayout: x.forcedStyleAndLayoutDuration })),
        });
      }
    }).observe({ type: 'long-animation-frame', buffered: true });
  } catch { /* a browser without the Long Animation Frames API */ }
  addEventListener('change', (e) => {
    if (e.target?.dataset?.testid === 'file-input' && B.change === undefined) B.change = performance.now();
  }, true);
  addEventListener('click', (e) => {
    if (e.target?.closest?.('[data-testid=train]') && B.armed && B.play === undefined) B.play = e.timeStamp;
  }, true);
  // The training worker's messages to the page (their kind and arrival), to tell what a long
  // task was handling. A message is JSON text (src/train/session/protocol.rs), or [JSON, arrays…].
  B.messages = [];
  const kindOf = (d) => {
    if (Array.isArray(d)) return kindOf(d[0]);
    if (typeof d !== 'string') return typeof d;
    try { const v = JSON.parse(d); return typeof v === 'string' ? v : v.type ?? v.kind ?? Object.keys(v)[0]; } catch { return 'text'; }
  };
  const Base = window.Worker;
  window.Worker = class extends Base {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (e) => { if (B.play !== undefined) B.messages.push({ t: performance.now(), kind: kindOf(e.data) }); });
    }
  };
  const check = () => {
    // Loaded: the file is the dataset and the run is set up for it (the MLP's parameters).
    if (B.change !== undefined && B.ready === undefined) {
      const status = document.querySelector('[data-testid=status]')?.textContent ?? '';
      const select = document.querySelector('[data-testid=dataset-select]')?.value;
      if (select === `file:${name}` && status.includes('paused') && status.includes(` ${params} parameters`)) B.ready = performance.now();
    }
    if (B.play !== undefined && B.evaluated === undefined) {
      const ev = document.querySelector('[data-testid=evaluation]');
      if (ev && /accuracy/.test(ev.textContent)) {
        B.evaluated = performance.now();
        B.statusAtEvaluation = document.querySelector('[data-testid=status]')?.textContent;
        requestAnimationFrame(() => setTimeout(() => { B.painted = performance.now(); }));
      }
    }
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, characterData: true });
};

/** The settings as the page shows them (values of the controls, read without moving the page). */
async function settings(page) {
  return page.evaluate(() => {
    const v = (id) => document.querySelector(`[data-testid="${id}"]`)?.value;
    const t = (id) => document.querySelector(`[data-testid="${id}"]`)?.textContent.trim();
    return {
      'train-ratio': v('train-ratio'), 'validation-share': v('validation-share'), seed: v('seed'),
      'target-select': v('target-select'), 'batch-size': v('batch-size'), epochs: v('epochs'), patience: v('patience'),
      optimizer: v('optimizer'), 'learning-rate': v('learning-rate'), l2: v('l2'), l1: v('l1'), schedule: v('schedule'),
      'clip-norm': v('clip-norm'), activation: v('activation'), dropout: v('dropout'), 'units-1': v('units-1'),
      layers: document.querySelectorAll('[data-testid=layers] > li').length, family: t('model-family'),
      reasons: [...document.querySelectorAll('[data-testid=table-defaults-reason]')].map((e) => e.textContent.trim()),
    };
  });
}

/** Waits until the status says "paused" with `n` parameters (the run set up for this model). */
async function waitSetUp(page, n) {
  await page.waitForFunction((n) => {
    const s = document.querySelector('[data-testid=status]')?.textContent ?? '';
    return s.includes('paused') && s.includes(` ${n} parameters`);
  }, n, { timeout: 120_000 }).catch(async (e) => {
    throw new Error(`the run was not set up with ${n} parameters: status "${await app(page).el('status').textContent()}" (${e.message.split('\n')[0]})`);
  });
}

async function runOnce(url, file, model) {
  const b = await launch();
  const { page } = b;
  try {
    await page.addInitScript(PROBE, [NAME, parameters([32])]);
    await openApp(page, url);
    const a = app(page);
    // Open the file as a person does: the Data stage's file button.
    await a.el('file-input').setInputFiles(file);
    await page.waitForFunction((n) => document.querySelector('[data-testid=dataset-select]')?.value === `file:${n}`, NAME);
    await waitSetUp(page, parameters([32]));
    const loaded = await page.evaluate(() => window.__bb.ready);
    const chosen = await settings(page);
    const differs = Object.entries(EXPECTED).filter(([k, want]) => String(chosen[k]) !== String(want)).map(([k, want]) => `${k} = ${chosen[k]} (rule: ${want})`);

    // The model: the logistic regression has no hidden layer; the MLP(32) is the table's default.
    const m = MODEL[model];
    if (m.hidden.length === 0) {
      await a.el('remove-layer').click();
      await waitSetUp(page, parameters([]));
    }
    const family = await a.el('model-family').textContent();
    if (!m.family.test(family)) throw new Error(`model is "${family}", expected ${m.family}`);
    const kept = await settings(page);
    const changed = Object.keys(EXPECTED).filter((k) => !['units-1', 'layers'].includes(k) && String(kept[k]) !== String(chosen[k]));
    if (changed.length) throw new Error(`picking the model changed ${changed.join(', ')}`);

    // ▶, and wait for the end of the run: early stopping or the last epoch.
    await page.evaluate(() => { window.__bb.armed = true; });
    await a.el('train').click();
    await page.waitForFunction(() => window.__bb.painted !== undefined, null, { timeout: TIMEOUT });
    await waitStatus(page, 'done');
    const bb = await page.evaluate(() => window.__bb);
    if (process.env.DEBUG) console.log(JSON.stringify({ messages: bb.messages.map((m) => [m.kind, Math.round(m.t - bb.play)]), long: bb.longTasks.filter((t) => t.start >= bb.play).map((t) => [Math.round(t.start - bb.play), Math.round(t.duration)]), evaluated: bb.evaluated - bb.play }));
    // Read the result where a person does: the Evaluate stage.
    await a.el('evaluation').waitFor();
    const evaluation = (await a.el('evaluation').textContent()).replace(/\s+/g, ' ');
    const accuracy = Number(evaluation.match(/accuracy\s*(\d\.\d+)/)[1]);
    const testRows = Number(evaluation.match(/Test set: ([\d,]+) rows/)[1].replace(/,/g, ''));
    const status = await a.el('status').textContent();
    const epochs = Number(await a.el('epoch').textContent());
    const best = Number(status.match(/keeping epoch (\d+)/)?.[1] ?? epochs);
    // The long animation frame holding the evaluation's appearance (when Chromium reports one):
    // its scripts, style and layout.
    const f = bb.frames.find((x) => x.start <= bb.evaluated && bb.evaluated <= x.start + x.duration);
    const endFrame = f && {
      ms: f.duration,
      scripts: f.scripts.reduce((n, x) => n + x.duration, 0),
      forcedLayout: f.scripts.reduce((n, x) => n + x.forcedLayout, 0),
      styleLayoutPaint: f.renderStart ? f.start + f.duration - (f.styleAndLayoutStart || f.renderStart) : 0,
      invokers: [...new Set(f.scripts.map((x) => x.invoker))],
    };
    // Long tasks that started in [from, to]: their durations, and where they started (s after `from`).
    const during = (from, to) => bb.longTasks.filter((t) => t.start >= from && t.start <= to).map((t) => ({
      ms: t.duration, at: (t.start - from) / 1000,
      // The worker messages handled in it (a task that handles one starts when it arrives).
      handling: [...new Set(bb.messages.filter((m) => m.t >= t.start - 1 && m.t <= t.start + t.duration).map((m) => m.kind))],
    }));
    return {
      model, chosen, differs, endFrame, accuracy, testRows, epochs, best, status,
      load: loaded - bb.change, train: bb.evaluated - bb.play, trainPainted: bb.painted - bb.play,
      // From the file's change to ▶: the load and what the page did after it (and the model's pick).
      loadLong: during(bb.change, bb.play), problems: b.problems,
      // Training: the tasks before the one that put the evaluation in the page; the end: that
      // one (it handles the run's last report: the test scores, the Evaluate stage). A long
      // task's start and duration are coarse: 5 ms of slack.
      trainLong: during(bb.play, bb.painted).filter((t) => bb.play + t.at * 1000 + t.ms < bb.evaluated - 5),
      endLong: during(bb.play, bb.painted).filter((t) => bb.play + t.at * 1000 + t.ms >= bb.evaluated - 5),
    };
  } finally {
    await b.close();
  }
}

/** scikit-learn on the same file, through sklearn_defaults.py's own functions; null if there is no Python with it. */
function sklearn(file) {
  const candidates = process.env.SKLEARN_PYTHON ? [process.env.SKLEARN_PYTHON] : ['python3', path.join(ROOT, '.venv', 'bin', 'python')];
  const python = candidates.find((p) => spawnSync(p, ['-c', 'import sklearn, pandas'], { stdio: 'ignore' }).status === 0);
  if (!python) return { skipped: `no Python with scikit-learn and pandas (tried ${candidates.join(', ')}; set SKLEARN_PYTHON)` };
  const script = `
import importlib.util, json, sys
spec = importlib.util.spec_from_file_location("sklearn_defaults", sys.argv[1])
m = importlib.util.module_from_spec(spec)
spec.loader.exec_module(m)  # sets the one-thread variables before NumPy loads
path, seeds = sys.argv[2], int(sys.argv[3])
kinds = {f"f{j + 1}": "numeric" for j in range(${FEATURES})}  # as \`lantern inspect\` reads them
out = {"version": m.sklearn.__version__}
for model in ["logistic", "mlp"]:
    r = [m.run_sklearn(path, "label", "classification", kinds, s, (0.7, 0.1, 0.2), model, [32]) for s in range(seeds)]
    out[model] = {k: [x[i] for x in r] for i, k in enumerate(["accuracy", "fit", "total", "iterations", "cpu"])}
print(json.dumps(out))
`;
  const done = spawnSync(python, ['-c', script, path.join(ROOT, 'tests', 'bench', 'sklearn_defaults.py'), file, String(SKLEARN_SEEDS)], { encoding: 'utf8' });
  if (done.status !== 0) return { skipped: `scikit-learn failed: ${done.stderr.trim().split('\n').pop()}` };
  return { python, ...JSON.parse(done.stdout) };
}

/**
 * The command line on the same file with its own defaults for it and the page's seed (7, the
 * spec's default, which `lantern run` uses too): the same split and initial weights, one thread.
 * Skipped without a release binary built with the table defaults (never built here).
 */
function native(file) {
  const bin = process.env.LANTERN_BIN || path.join(process.env.CARGO_TARGET_DIR || path.join(ROOT, 'target'), 'release', 'lantern');
  if (!fs.existsSync(bin)) return { skipped: `no ${bin} (cargo build --release, or LANTERN_BIN)` };
  const env = { ...process.env, RAYON_NUM_THREADS: '1' };
  const probe = spawnSync(bin, ['spec', '--builtin', 'iris'], { encoding: 'utf8', env });
  if (!/defaults for a table/.test(probe.stderr ?? '')) return { skipped: `${bin} predates the table defaults` };
  const out = {};
  for (const [model, args] of [['logistic', ['--model', 'logistic']], ['mlp32', ['--model', 'mlp', '--hidden', '32']]]) {
    if (!MODELS.includes(model)) continue;
    const t0 = process.hrtime.bigint();
    const done = spawnSync(bin, ['run', '--data', file, '--target', 'label', '--task', 'classification', ...args, '--json'], { encoding: 'utf8', env, maxBuffer: 1 << 28 });
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    if (done.status !== 0) return { skipped: `lantern run failed: ${done.stderr.trim().split('\n').pop()}` };
    const r = JSON.parse(done.stdout);
    out[model] = { accuracy: r.test.accuracy, epochs: r.epochs, best: r.stopped_at ?? r.epochs, seconds, seed: r.seed, settings: r.table_defaults?.settings };
  }
  return { bin, ...out };
}

const mean = (xs) => xs.reduce((s, x) => s + x, 0) / xs.length;
const sd = (xs) => (xs.length > 1 ? Math.sqrt(xs.reduce((s, x) => s + (x - mean(xs)) ** 2, 0) / (xs.length - 1)) : 0);
const s2 = (ms) => (ms / 1000).toFixed(2);
const longest = (tasks) => Math.max(0, ...tasks.map((t) => t.ms)).toFixed(0);
const tasks = (ts) => (ts.length ? ts.map((t) => `${t.ms.toFixed(0)} ms at ${t.at.toFixed(2)} s${t.handling?.length ? ` (${t.handling.join(', ')})` : ''}`).join(', ') : 'none');

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-bench-'));
  const file = path.join(dir, NAME);
  const server = await serve();
  const loadStart = os.loadavg().map((x) => x.toFixed(2)).join(' ');
  try {
    const size = makeCsv(file, ROWS);
    const wasm = fs.readdirSync(DIST).filter((f) => f.endsWith('.wasm')).map((f) => fs.statSync(path.join(DIST, f)).mtime);
    console.log(`CSV: ${ROWS.toLocaleString('en')} rows × ${FEATURES + 1} columns, ${size.toLocaleString('en')} bytes; app: ${DIST} built ${new Date(Math.max(...wasm)).toISOString()}`);
    const runs = [];
    for (let i = 0; i < RUNS; i++) {
      for (const model of MODELS) {
        const r = await runOnce(server.url, file, model);
        runs.push(r);
        console.log(`run ${i + 1} ${MODEL[model].label}: ${r.status.trim()} · ${r.epochs} epochs (best ${r.best}) · test accuracy ${r.accuracy.toFixed(4)} on ${r.testRows.toLocaleString('en')} rows · train ${s2(r.train)} s (painted ${s2(r.trainPainted)} s) · load ${s2(r.load)} s · tasks over 50 ms: training ${tasks(r.trainLong)}; at the end ${tasks(r.endLong)}; from the file's change to ▶ ${tasks(r.loadLong)} · load average ${os.loadavg()[0].toFixed(2)}`);
        if (r.endFrame) {
          const e = r.endFrame;
          console.log(`  the frame that showed the evaluation: ${e.ms.toFixed(0)} ms: scripts ${e.scripts.toFixed(0)} ms (${e.invokers.join(', ')}; forced style and layout in them ${e.forcedLayout.toFixed(0)} ms), then style, layout and paint ${e.styleLayoutPaint.toFixed(0)} ms`);
        }
        if (r.problems.length) console.log(`  page problems: ${r.problems.join(' | ')}`);
      }
    }
    const first = runs[0];
    console.log(`\nSettings the page chose for ${NAME}: ${['train-ratio', 'validation-share', 'batch-size', 'epochs', 'patience', 'optimizer', 'learning-rate', 'l2', 'activation', 'units-1', 'seed', 'target-select'].map((k) => `${k} ${first.chosen[k]}`).join(', ')}`);
    console.log(first.differs.length ? `  DIFFER from src/spec/table_defaults.rs: ${first.differs.join('; ')}` : '  = the rule of src/spec/table_defaults.rs for 100,000–999,999 rows');
    for (const line of first.chosen.reasons) console.log(`  · ${line}`);

    const nat = native(file);
    const sk = sklearn(file);
    const loadEnd = os.loadavg().map((x) => x.toFixed(2)).join(' ');
    const chromium = (() => { try { return execFileSync(process.env.CHROMIUM || '/usr/bin/chromium', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(); } catch { return 'chromium'; } })();
    console.log(`\nBrowser (${chromium}, headless) on ${os.cpus().length} CPUs, ${new Date().toISOString()}; load average at the start ${loadStart}, at the end ${loadEnd}`);
    if (sk.skipped) console.log(`scikit-learn: skipped: ${sk.skipped}`);
    else console.log(`scikit-learn ${sk.version} (${sk.python}), one thread, ${SKLEARN_SEEDS} seeded splits of 70/10/20 % (not the page's split: compare with the mean)`);
    console.log('\n| model | run | epochs (best) | Lantern in the browser: ▶ → evaluation, s | load, s | test accuracy | longest task while training, ms (how many > 50 ms) · at the end | scikit-learn accuracy | scikit-learn fit s / total s | × fit | × total (load + train) | gap |');
    console.log('|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const r of runs) {
      const ref = sk.skipped ? null : sk[r.model === 'logistic' ? 'logistic' : 'mlp'];
      const cells = ref
        ? [`${mean(ref.accuracy).toFixed(4)} ± ${sd(ref.accuracy).toFixed(4)}`, `${mean(ref.fit).toFixed(2)} / ${mean(ref.total).toFixed(2)}`,
          (r.train / 1000 / mean(ref.fit)).toFixed(1), ((r.load + r.train) / 1000 / mean(ref.total)).toFixed(1), `${(r.accuracy - mean(ref.accuracy) >= 0 ? '+' : '')}${(r.accuracy - mean(ref.accuracy)).toFixed(4)}`]
        : ['—', '—', '—', '—', '—'];
      const run = runs.filter((x) => x.model === r.model).indexOf(r) + 1;
      console.log(`| ${MODEL[r.model].label} | ${run} | ${r.epochs} (${r.best}) | ${s2(r.train)} | ${s2(r.load)} | ${r.accuracy.toFixed(4)} | ${longest(r.trainLong)} (${r.trainLong.length}) · ${longest(r.endLong)} | ${cells.join(' | ')} |`);
    }
    if (nat.skipped) console.log(`\nThe command line with the page's seed: skipped: ${nat.skipped}`);
    else {
      console.log(`\nThe command line with the page's seed (${nat.bin}, one thread, \`lantern run --data FILE --target label --task classification --model …\`, its own table defaults):`);
      for (const model of MODELS.filter((m) => nat[m])) {
        const n = nat[model];
        const page = runs.filter((r) => r.model === model);
        const same = page.every((r) => r.accuracy.toFixed(4) === n.accuracy.toFixed(4) && r.epochs === n.epochs);
        console.log(`  ${MODEL[model].label}: seed ${n.seed}, ${n.epochs} epochs (best ${n.best}), test accuracy ${n.accuracy.toFixed(4)}, ${n.seconds.toFixed(2)} s (reading the CSV included${/[\\/]debug[\\/]/.test(nat.bin) ? '; a debug build: its time says nothing' : ''}); ` +
          `settings ${JSON.stringify(n.settings)}; the page: ${same ? 'the same epochs and accuracy' : `DIFFERS (${page.map((r) => `${r.epochs} epochs, ${r.accuracy.toFixed(4)}`).join('; ')})`}`);
      }
    }
    console.log(`
"▶ → evaluation": from the click on ▶ (the event's timestamp) until the Evaluate stage's table
holds the test scores (the page's own clock); training, the page's evaluation of the training,
validation and test rows after every epoch, and the final evaluation. "load": from the file
input's change until the run is set up for the table (status "paused", ${parameters([32])} parameters).
Long tasks: the page's main-thread tasks over 50 ms from ▶ on; "at the end" is the one that put
the evaluation in the page (the run's last report, the test scores and the Evaluate stage's
tables, charts and confusion matrix), 0 if it took under 50 ms.
× fit = ▶ → evaluation / scikit-learn's fit; × total = (load + ▶ → evaluation) / scikit-learn's
read + prepare + fit + predict. The target (issue 21): within 1 point at most 5× the time.`);
  } finally {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => { console.error(e); process.exitCode = 1; });
