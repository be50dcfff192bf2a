// Shared helpers for the end-to-end tests: a static server for dist/, Debian's Chromium driven
// by playwright-core with a fresh profile (removed afterwards), and page-object helpers.
import { chromium } from 'playwright-core';
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app } from './app.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DIST = process.env.LANTERN_DIST || path.join(ROOT, 'dist');
export const SHOTS = path.join(ROOT, 'target', 'e2e');

const MIME = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.wasm': 'application/wasm', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.csv': 'text/csv',
};

/** Serves `dir` on 127.0.0.1 at a free port (`cors`: let any page read the files). */
export async function serve(dir = DIST, { cors = false } = {}) {
  if (dir === DIST && !fs.existsSync(path.join(dir, 'index.html'))) {
    throw new Error(`${dir}/index.html is missing: run \`trunk build --release\` first`);
  }
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    let file = path.normalize(path.join(dir, decodeURIComponent(url.pathname)));
    if (!file.startsWith(dir)) { res.writeHead(403).end(); return; }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    fs.readFile(file, (err, data) => {
      if (err) { res.writeHead(404).end('not found'); return; }
      const headers = { 'content-type': MIME[path.extname(file)] || 'application/octet-stream' };
      if (cors) headers['access-control-allow-origin'] = '*';
      res.writeHead(200, headers);
      res.end(data);
    });
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((ok) => server.close(ok)) };
}

/** Launches headless Chromium with a fresh profile; `close()` also deletes the profile. */
export async function launch() {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-e2e-'));
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = ctx.pages()[0] || (await ctx.newPage());
  page.setDefaultTimeout(60_000);
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  return {
    ctx, page, problems, profile,
    close: async () => { await ctx.close(); fs.rmSync(profile, { recursive: true, force: true }); },
  };
}

/** Opens the app and waits until the worker has set up the default run. */
export async function openApp(page, url) {
  await page.goto(url);
  await app(page).el('train').waitFor();
  await page.waitForFunction(() => document.querySelector('[data-testid=status]')?.textContent.includes('paused'));
}

/** The latest metrics as an object parsed from the `metrics` line. */
export async function metrics(page) {
  const text = await app(page).el('metrics').textContent();
  return Object.fromEntries([...text.matchAll(/(\w+): (-?[\d.eE+-]+)/g)].map((m) => [m[1], Number(m[2])]));
}

/** Records main-thread long tasks (> 50 ms) from page load on; read them with `longTasks`. */
export async function watchLongTasks(page) {
  await page.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
}

/** Long tasks that started between page times `from` and `to` (ms, performance.now()). */
export async function longTasks(page, from = 0, to = Infinity) {
  return page.evaluate(([a, z]) => window.__longTasks.filter((t) => t.start >= a && t.start <= z), [from, to === Infinity ? 1e15 : to]);
}

/** Waits until the status line contains `word` (e.g. "paused", "done"). */
export async function waitStatus(page, word) {
  try {
    await page.waitForFunction((w) => document.querySelector('[data-testid=status]').textContent.includes(w), word);
  } catch (e) {
    const now = await page.evaluate(() => ({
      status: document.querySelector('[data-testid=status]')?.textContent,
      epoch: document.querySelector('[data-testid=epoch]')?.textContent,
      pressed: document.querySelector('[data-testid=train]')?.getAttribute('aria-pressed'),
      error: document.querySelector('[data-testid=error]')?.textContent,
    })).catch(() => ({}));
    throw new Error(`status never showed "${word}": ${JSON.stringify(now)} (${e.message.split('\n')[0]})`);
  }
}

export async function epoch(page) {
  return Number(await app(page).el('epoch').textContent());
}

/** Waits until the epoch counter reaches `n`. */
export async function waitEpoch(page, n, timeout = 120_000) {
  await page.waitForFunction((n) => Number(document.querySelector('[data-testid=epoch]').textContent) >= n, n, { timeout });
}

/** Every epoch's metrics, read from the run log (the CLI's JSON-lines format). */
export async function runLog(page) {
  const details = app(page).el('run-log');
  if (!(await details.evaluate((d) => d.open))) await details.locator('summary').click();
  await page.waitForFunction(() => document.querySelector('[data-testid=run-log-text]').textContent.length > 0);
  const text = await app(page).el('run-log-text').textContent();
  await details.locator('summary').click();
  return text.trim().split('\n').map((l) => JSON.parse(l));
}

/**
 * Colour statistics of a canvas: how many sampled pixels are bluish, orangeish, non-white.
 * Charts on hidden stages draw nothing: the chart's stage is shown first.
 */
export async function canvasStats(page, testid) {
  await app(page).show(testid);
  return app(page).el(testid).evaluate((c) => {
    const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
    let blue = 0, orange = 0, painted = 0, n = 0;
    for (let i = 0; i < data.length; i += 4 * (data.length > 40000 ? 7 : 1)) {
      const [r, g, b, a] = [data[i], data[i + 1], data[i + 2], data[i + 3]];
      n++;
      if (a === 0) continue; // transparent
      if (r < 245 || g < 245 || b < 245) painted++;
      if (b > r + 25) blue++;
      if (r > b + 25) orange++;
    }
    return { blue: blue / n, orange: orange / n, painted: painted / n };
  });
}

/**
 * Saves a full-page screenshot. Panels off screen are not rendered (`content-visibility:
 * auto` in the stylesheet), and a full-page capture does not render them either: they are
 * made visible for the capture only.
 */
export async function shot(page, name) {
  fs.mkdirSync(SHOTS, { recursive: true });
  // A constructed style sheet: the page's Content-Security-Policy blocks a <style> element.
  await page.evaluate(() => {
    const s = new CSSStyleSheet();
    s.replaceSync('* { content-visibility: visible !important; }');
    window.__e2eShot = s;
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, s];
  });
  try {
    await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  } finally {
    await page.evaluate(() => { document.adoptedStyleSheets = document.adoptedStyleSheets.filter((x) => x !== window.__e2eShot); });
  }
}

/**
 * Serves dist/, launches a fresh Chromium, runs `body({ page, problems, url })`, and always
 * closes both. `watch` records long tasks from page load on. The page is opened when `open`.
 */
export async function withApp(body, { watch = false, open = true } = {}) {
  const server = await serve();
  const b = await launch();
  try {
    if (watch) await watchLongTasks(b.page);
    if (open) await openApp(b.page, server.url);
    return await body({ page: b.page, problems: b.problems, url: server.url, ctx: b.ctx });
  } finally {
    await b.close();
    await server.close();
  }
}

/** Waits until the status line contains `word`, with a longer timeout for slow machines. */
export async function waitText(page, testid, pattern, timeout = 60_000) {
  await page.waitForFunction(([id, src]) => new RegExp(src).test(document.querySelector(`[data-testid=${id}]`)?.textContent ?? ''),
    [testid, pattern.source], { timeout });
}
