// Errors are never silent: a worker that cannot start, or crashes, is reported in the page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, shot } from './lib.mjs';
import { app } from './app.mjs';

test('a worker that fails to load is reported visibly', async () => {
  const server = await serve();
  const b = await launch();
  try {
    const { page } = b;
    // The worker gets corrupted wasm (page and worker share one module, so the worker's loader
    // is replaced by one that starts the app's module on bytes that are not wasm): the worker
    // script throws while starting.
    await page.route('**/worker_loader.js*', (route) => route.fulfill({
      status: 200, contentType: 'text/javascript',
      body: "const m = new URL(self.location.href).searchParams.get('module');\n" +
        "const { default: init } = await import(m);\n" +
        "await init({ module_or_path: new TextEncoder().encode('not wasm') });\n",
    }));
    await page.goto(server.url);
    await app(page).el('error').waitFor({ timeout: 30_000 });
    const text = await app(page).el('error').textContent();
    assert.match(text, /worker/i);
    console.log(`shown: ${text}`);
    assert.equal(await app(page).el('status').textContent().then((t) => t.includes('error')), true);
    await shot(page, 'failure-worker-broken');
  } finally {
    await b.close();
    await server.close();
  }
});
