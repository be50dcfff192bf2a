// Same seed → bit-identical per-epoch numbers on replay in the browser; and the browser agrees
// with the native CLI within floating-point tolerance (native kernels use FMA, wasm SIMD none).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, serve, launch, openApp, waitEpoch, runLog, waitStatus } from './lib.mjs';
import { app } from './app.mjs';

const EPOCHS = 20;

async function trainTo(page, n) {
  await app(page).el('train').click();
  await waitEpoch(page, n);
  await waitStatus(page, 'done');
}

function cli(args) {
  const bin = [path.join(ROOT, 'target', 'release', 'lantern'), path.join(ROOT, 'target', 'debug', 'lantern')]
    .find((p) => fs.existsSync(p));
  assert.ok(bin, 'the lantern CLI is built (cargo build)');
  const out = execFileSync(bin, args, { encoding: 'utf8' });
  return out.trim().split('\n').map((l) => JSON.parse(l));
}

test('replay is bit-identical and matches the CLI', async () => {
  const server = await serve();
  const b = await launch();
  try {
    const { page } = b;
    await openApp(page, server.url);
    await app(page).el('epochs').fill(String(EPOCHS));
    await app(page).el('epochs').press('Enter');
    await waitStatus(page, 'paused');

    await trainTo(page, EPOCHS);
    const first = await runLog(page);
    await app(page).el('reset').click();
    await page.waitForFunction(() => document.querySelector('[data-testid=epoch]').textContent === '0');
    await trainTo(page, EPOCHS);
    const second = await runLog(page);
    assert.equal(first.length, EPOCHS);
    assert.deepEqual(second, first, 'replay gives identical numbers');

    // A fresh page (new worker) replays identically too.
    await page.reload();
    await openApp(page, server.url);
    await app(page).el('epochs').fill(String(EPOCHS));
    await app(page).el('epochs').press('Enter');
    await waitStatus(page, 'paused');
    await trainTo(page, EPOCHS);
    assert.deepEqual(await runLog(page), first, 'a reloaded page replays identically');

    const native = cli(['run', '--epochs', String(EPOCHS)]);
    assert.equal(native.length, EPOCHS);
    let worst = 0;
    for (let i = 0; i < EPOCHS; i++) {
      const rel = Math.abs(first[i].train_loss - native[i].train_loss) / Math.abs(native[i].train_loss);
      worst = Math.max(worst, rel);
      assert.ok(rel <= 1e-4, `epoch ${i + 1}: browser ${first[i].train_loss} vs CLI ${native[i].train_loss} (rel ${rel})`);
    }
    assert.equal(first.at(-1).test_accuracy, native.at(-1).test_accuracy, 'final test accuracy identical');
    console.log(`browser vs CLI over ${EPOCHS} epochs: worst relative train-loss difference ${worst.toExponential(2)}; ` +
      `final test accuracy ${native.at(-1).test_accuracy}; bit-identical epochs: ` +
      `${first.filter((m, i) => m.train_loss === native[i].train_loss).length}/${EPOCHS}`);
    assert.deepEqual(b.problems, []);
  } finally {
    await b.close();
    await server.close();
  }
});
