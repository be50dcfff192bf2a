// Errors are never silent: a worker that cannot start, or crashes, is reported in the page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, shot } from './lib.mjs';

test('a worker that fails to load is reported visibly', async () => {
  const server = await serve();
  const b = await launch();
  try {
    const { page } = b;
    // The worker's wasm arrives corrupted: the worker script throws while starting.
    await page.route('**/worker_bg.wasm', (route) => route.fulfill({ status: 200, contentType: 'application/wasm', body: 'not wasm' }));
    await page.goto(server.url);
    await page.getByTestId('error').waitFor({ timeout: 30_000 });
    const text = await page.getByTestId('error').textContent();
    assert.match(text, /worker/i);
    console.log(`shown: ${text}`);
    assert.equal(await page.getByTestId('status').textContent().then((t) => t.includes('error')), true);
    await shot(page, 'failure-worker-broken');
  } finally {
    await b.close();
    await server.close();
  }
});
