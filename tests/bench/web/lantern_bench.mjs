// Lantern's page for the mlbench harness (shared/bench): trains a workload in Lantern's own
// training worker — the very worker_loader.js / wasm module the app ships, running the same
// Session and training loop (30 ms slices, one progress event per slice, evaluation after
// every epoch) — on the harness's data, and publishes the harness's result record.
//
// Served by tests/bench/speed.mjs (or the harness's run.mjs) with the harness's web/ at `/`
// (common.mjs), this folder at /lantern-bench/ and a `trunk build --release` dist at /lantern/.
import { resolveWorkload, pageParams, loadData, buildResult, publishResult, publishError } from '/common.mjs';

const t_module = performance.now();

// The training worker of the dist mounted at `at`. Page and worker share one wasm module: the
// worker is `worker_loader.js?module=<the app's module>`, a module worker that fetches and
// compiles the module itself (the app's page posts its compiled module instead); the module's
// hashed name is read from the dist's index.html. A dist from before that (two modules, a
// classic `importScripts` loader) is started the old way.
async function startWorker(at) {
  const loader = await (await fetch(`${at}/worker_loader.js`)).text();
  if (loader.includes('importScripts')) return new Worker(`${at}/worker_loader.js`);
  const html = await (await fetch(`${at}/index.html`)).text();
  const name = (html.match(/app-[0-9a-f]+\.js/) || [])[0];
  if (!name) throw new Error(`no app-<hash>.js named in ${at}/index.html`);
  return new Worker(`${at}/worker_loader.js?module=${encodeURIComponent(`${at}/${name}`)}`, { type: 'module' });
}

(async () => {
  const params = pageParams();
  const w = resolveWorkload(params.workload || 'W1', params);
  for (const k of ['n', 'epochs', 'batch', 'lr', 'csv']) {
    if (params[k]) throw new Error(`the Lantern page runs the workloads as defined (no ${k} override)`);
  }
  const marks = { t_module, epoch_end: [] };
  const data = await loadData(w, params);
  marks.t_data = performance.now();

  // Mode `app` runs the dist mounted at /lantern/; any other mode names another mounted dist
  // (tests/bench/compare.mjs runs several builds against each other that way).
  const mode = params.mode || 'app';
  const worker = await startWorker(mode === 'app' ? '/lantern' : `/${mode}`);
  const queue = [];
  let wake = null;
  worker.onmessage = (m) => { queue.push([performance.now(), m.data]); if (wake) { wake(); wake = null; } };
  worker.onerror = (e) => { queue.push([performance.now(), JSON.stringify({ type: 'failed', message: String(e.message) })]); if (wake) { wake(); wake = null; } };
  const next = async () => {
    while (!queue.length) await new Promise((r) => { wake = r; });
    const [t, text] = queue.shift();
    // The worker's events are externally tagged (`"ready"`, `{"progress":{…}}`): flatten them
    // to `{type, ...fields}` here.
    const raw = JSON.parse(text);
    const ev = typeof raw === 'string' ? { type: raw } : raw.type ? raw : { type: Object.keys(raw)[0], ...Object.values(raw)[0] };
    if (ev.type === 'failed') throw new Error(`worker: ${ev.message}`);
    return [t, ev];
  };
  const until = async (type) => { for (;;) { const [t, ev] = await next(); if (ev.type === type) return [t, ev]; } };

  await until('ready');
  marks.t_backend = performance.now();
  // The harness's rows go to the worker as they are, beside the command's JSON (src/train/session/
  // protocol.rs: Command::Bench and its Payload::Rows); it loads the workload's experiment.
  worker.postMessage([JSON.stringify({ bench: { workload: w.id } }), data.x, data.y]);
  const [, loaded] = await until('loaded');
  // The untrained model's progress event comes last (it draws the initial network).
  for (;;) { const [, ev] = await next(); if (ev.type === 'progress') break; }
  marks.t_model = performance.now();

  const epoch_loss = [];
  let last = null;
  marks.t_train0 = performance.now();
  worker.postMessage(JSON.stringify('play'));
  for (;;) {
    const [t, ev] = await next();
    if (ev.type !== 'progress') continue;
    for (const m of ev.epochs) { epoch_loss.push(m.train_loss); marks.epoch_end.push(t); last = m; }
    if (ev.done) { marks.t_train1 = t; break; }
    if (!ev.playing) throw new Error('training paused by itself');
  }
  worker.terminate();
  if (epoch_loss.length !== w.epochs) throw new Error(`expected ${w.epochs} epochs, got ${epoch_loss.length}`);
  publishResult(buildResult({
    impl: 'lantern', impl_version: params.version || 'dev', backend: params.backend || 'wasm', mode: params.mode || 'app',
    w, data, marks, final_loss: last.train_loss, epoch_loss, train_acc: last.train_accuracy, params,
    backend_info: { simd: true, threads: 1, worker: true, batches_per_epoch: loaded.batches, parameters: loaded.parameters },
  }));
})().catch(publishError);
