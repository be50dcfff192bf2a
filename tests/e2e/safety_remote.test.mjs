// Remote data only on the user's click, with the host shown and a size cap (issue 9): typing an
// address fetches nothing; the button names the host; a file declared over 100 MiB is refused
// from its headers, and one streamed without a length is cut off once past 100 MiB; the data
// loaded before is kept, and the page's Content-Security-Policy lets the fetch through.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { serve, launch, openApp, waitStatus, waitText } from './lib.mjs';
import { watchViolations } from './safety_lib.mjs';
import { app } from './app.mjs';

const MiB = 1024 * 1024;
const small = Buffer.from(['a,b,label', ...Array.from({ length: 60 }, (_, i) => `${i % 7},${i % 5},${i % 2 ? 'yes' : 'no'}`)].join('\n') + '\n');

/** A data server on another port (CORS allowed) that records requests and how much it sent. */
async function dataServer() {
  const log = { requests: [], sent: {}, aborted: {} };
  const server = http.createServer((req, res) => {
    const name = new URL(req.url, 'http://x').pathname.slice(1);
    log.requests.push(name);
    const cors = { 'access-control-allow-origin': '*', 'content-type': 'text/csv' };
    log.sent[name] = 0;
    res.on('close', () => { log.aborted[name] = !res.writableFinished; });
    if (name === 'small.csv') {
      res.writeHead(200, { ...cors, 'content-length': small.length }).end(small);
    } else if (name === 'declared.csv' || name === 'stream.csv') {
      // 150 MiB of rows, declared or streamed in 1 MiB chunks without a length.
      const total = 150 * MiB;
      res.writeHead(200, name === 'declared.csv' ? { ...cors, 'content-length': total } : cors);
      const chunk = Buffer.from('1,2,yes\n'.repeat(MiB / 8));
      const pump = () => {
        while (log.sent[name] < total && !res.destroyed) {
          log.sent[name] += chunk.length;
          if (!res.write(chunk)) { res.once('drain', pump); return; }
        }
        if (!res.destroyed) res.end();
      };
      pump();
    } else {
      res.writeHead(404, cors).end();
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}/`, host: `127.0.0.1:${port}`, log, close: () => { server.closeAllConnections(); return new Promise((ok) => server.close(ok)); } };
}

test('remote data: nothing before the click, the host on the button, and a 100 MiB cap', async () => {
  const site = await serve();
  const data = await dataServer();
  const b = await launch();
  try {
    const { page } = b;
    const watch = await watchViolations(page);
    await openApp(page, site.url);
    await app(page).el('url-input').locator('xpath=..').locator('summary').click();
    const fetchFrom = async (name) => {
      await app(page).el('url-input').fill(`${data.url}${name}`);
      assert.equal(await app(page).el('url-fetch').textContent(), `Download from ${data.host}`);
      await page.waitForTimeout(300);
      assert.ok(!data.log.requests.includes(name), `typing the address of ${name} fetched nothing`);
      await app(page).el('url-fetch').click();
    };
    await fetchFrom('small.csv');
    await page.waitForFunction(() => document.querySelector('[data-testid=dataset-select]').value === 'file:small.csv');
    await waitStatus(page, 'paused');

    await fetchFrom('declared.csv');
    await waitText(page, 'error', new RegExp(`the file at ${data.host} is 150\\.0 MiB, over the 100\\.0 MiB Lantern accepts: the download was stopped`));
    await app(page).find('[data-testid=error]').getByRole('button', { name: 'Dismiss error' }).click();
    await fetchFrom('stream.csv');
    await waitText(page, 'error', new RegExp(`the file at ${data.host} is more than 100\\.0 MiB, over the 100\\.0 MiB Lantern accepts`), 120_000);
    await new Promise((ok) => setTimeout(ok, 500)); // let the server see the connections close
    console.log(`declared: ${(data.log.sent['declared.csv'] / MiB).toFixed(0)} MiB written before the page closed it; ` +
      `stream: ${(data.log.sent['stream.csv'] / MiB).toFixed(0)} MiB`);
    assert.equal(data.log.aborted['declared.csv'], true, 'the declared download was cut off');
    assert.equal(data.log.aborted['stream.csv'], true, 'the streamed download was cut off');
    assert.ok(data.log.sent['stream.csv'] < 150 * MiB, 'the stream was not read to its end');
    assert.equal(await app(page).el('dataset-select').inputValue(), 'file:small.csv', 'the previous data is kept');
    assert.deepEqual(await watch.violations(), [], 'the Content-Security-Policy allows the fetch');
    assert.deepEqual(watch.dialogs, []);
  } finally {
    await b.close();
    await data.close();
    await site.close();
  }
});
