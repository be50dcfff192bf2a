// Helpers shared by the share-link end-to-end tests (share.test.mjs, share_more.test.mjs).
import { serve, launch, waitStatus, waitEpoch } from './lib.mjs';
import { app } from './app.mjs';

/** Two fresh browsers on one server; `body({ a, b, url })`. */
export async function withTwo(body) {
  const server = await serve();
  const a = await launch();
  const b = await launch();
  try {
    return await body({ a, b, url: server.url });
  } finally {
    await a.close();
    await b.close();
    await server.close();
  }
}

export async function setEpochs(page, n) {
  await app(page).el('epochs').fill(String(n));
  await app(page).el('epochs').press('Enter');
  await waitStatus(page, 'paused');
}

export async function trainToEnd(page, n) {
  await app(page).el('train').click();
  await waitEpoch(page, n);
  await waitStatus(page, 'done');
}

/** Opens the Share panel if it is closed. */
export async function openSharePanel(page) {
  const panel = app(page).el('share-panel');
  if (!(await panel.evaluate((d) => d.open))) await app(page).el('share-open').click();
}

/** Opens the Share panel's "Options for a class". */
export async function openClassOptions(page) {
  await openSharePanel(page);
  const options = page.locator('.teaching-options');
  if (!(await options.evaluate((d) => d.open))) await options.locator('> summary').click();
}

/** Ticks the fingerprint box once the finished run's fingerprint is there. */
export async function includeFingerprint(page) {
  await openSharePanel(page);
  // The box is in the Share menu, built the first time the menu opens.
  await openSharePanel(page);
  await page.waitForFunction(() => document.querySelector('[data-testid=share-fingerprint]')?.disabled === false);
  await app(page).el('share-fingerprint').check();
}

/** Makes the share link (with the fingerprint when `fingerprint`) and returns it. */
export async function makeLink(page, { fingerprint = false } = {}) {
  await openSharePanel(page);
  if (fingerprint) await includeFingerprint(page);
  await app(page).el('share-make').click();
  await page.waitForFunction(() => document.querySelector('[data-testid=share-link]').value.includes('#x=v1.'));
  return app(page).el('share-link').inputValue();
}
