// Helpers for the safety tests (issue 9): share links built here byte by byte (to make hostile
// ones), Content-Security-Policy violation recording, and the test hooks' address.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { ROOT } from './lib.mjs';

/** `v1.<base64url(deflate(json))>.<checksum>`, as src/spec/link/codec.rs writes it. */
export function encodeLink(payload) {
  const json = Buffer.isBuffer(payload) ? payload : Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload));
  const packed = zlib.deflateRawSync(json, { level: 9 });
  const sum = crypto.createHash('sha256').update(packed).digest('hex').slice(0, 8);
  return `v1.${packed.toString('base64url')}.${sum}`;
}

/** The JSON payload of a link's text. */
export function decodeLink(text) {
  const body = text.replace(/^.*#x=/, '').split('.')[1];
  return JSON.parse(zlib.inflateRawSync(Buffer.from(body, 'base64url')).toString('utf8'));
}

/** The payload of the first golden link: the default experiment, whole. */
export function defaultPayload() {
  const first = fs.readFileSync(path.join(ROOT, 'tests', 'golden', 'links.txt'), 'utf8')
    .split('\n').find((l) => l.startsWith('v1.'));
  return decodeLink(first);
}

/** The app's address with the test hooks on (see src/web/glue/test_hooks.rs). */
export const hooks = (url) => `${url}?test-hooks`;

/** Records every Content-Security-Policy violation and dialog (alert, confirm …) from page load on. */
export async function watchViolations(page) {
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
  const dialogs = [];
  page.on('dialog', async (d) => { dialogs.push(`${d.type()}: ${d.message()}`); await d.dismiss(); });
  return { violations: () => page.evaluate(() => window.__csp), dialogs };
}
