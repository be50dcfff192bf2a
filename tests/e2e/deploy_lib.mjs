// Helpers of the Deploy & monitor end-to-end test: reading a downloaded zip, making CSV files of
// new rows (a shifted copy of penguins, a big one, broken ones), and the panel's page objects.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { ROOT, waitStatus } from './lib.mjs';
import { setNumber, trainToDone } from './teach_lib.mjs';
import { app } from './app.mjs';

/** The files of a zip (stored or deflated entries), by name, from its central directory. */
export function unzip(bytes) {
  const buf = Buffer.from(bytes);
  let end = buf.length - 22;
  while (end >= 0 && buf.readUInt32LE(end) !== 0x06054b50) end--;
  if (end < 0) throw new Error('not a zip file');
  const count = buf.readUInt16LE(end + 10);
  let at = buf.readUInt32LE(end + 16);
  const files = {};
  for (let i = 0; i < count; i++) {
    const method = buf.readUInt16LE(at + 10);
    const compressed = buf.readUInt32LE(at + 20);
    const size = buf.readUInt32LE(at + 24);
    const nameLen = buf.readUInt16LE(at + 28);
    const extraLen = buf.readUInt16LE(at + 30);
    const commentLen = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.toString('utf8', at + 46, at + 46 + nameLen);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + compressed);
    files[name] = method === 8 ? zlib.inflateRawSync(data) : Buffer.from(data);
    if (files[name].length !== size) throw new Error(`${name}: ${files[name].length} bytes, the zip says ${size}`);
    at += 46 + nameLen + extraLen + commentLen;
  }
  return files;
}

/** The bundled penguins table as CSV text. */
export const PENGUINS = fs.readFileSync(path.join(ROOT, 'www', 'datasets', 'penguins.csv'), 'utf8');

/** Header and rows (arrays of cells) of a simple CSV text (no quoted commas). */
export function parseCsv(text) {
  const [head, ...rows] = text.trim().split('\n').map((l) => l.split(','));
  return { head, rows };
}

export function toCsv(head, rows) {
  return [head, ...rows].map((r) => r.join(',')).join('\n') + '\n';
}

/**
 * Penguins with a shift: bill length + 2 sample standard deviations, and every Torgersen penguin
 * on Biscoe (the other columns unchanged). Returns the CSV and the standard deviation used.
 */
export function shiftedPenguins() {
  const { head, rows } = parseCsv(PENGUINS);
  const bill = head.indexOf('bill_length_mm');
  const island = head.indexOf('island');
  const values = rows.map((r) => Number(r[bill])).filter((v, i) => rows[i][bill] !== 'NA');
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const sd = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1));
  const shifted = rows.map((r) => r.map((c, j) => {
    if (j === bill && c !== 'NA') return String(Math.round((Number(c) + 2 * sd) * 100) / 100);
    if (j === island && c === 'Torgersen') return 'Biscoe';
    return c;
  }));
  return { csv: toCsv(head, shifted), sd };
}

/** `n` rows of penguins (the table repeated), with the target column. */
export function bigPenguins(n) {
  const { head, rows } = parseCsv(PENGUINS);
  return toCsv(head, Array.from({ length: n }, (_, i) => rows[i % rows.length]));
}

/** Writes `text` to a temporary file named `name`; returns its path. */
export function tempFile(dir, name, text) {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

/** Clicks `testid` and returns the download's name and bytes. */
export async function download(page, testid) {
  const [file] = await Promise.all([page.waitForEvent('download'), app(page).el(testid).click()]);
  return { name: file.suggestedFilename(), bytes: fs.readFileSync(await file.path()) };
}

/** Chooses files in the file input `testid` and waits until the panel is not busy. */
export async function choose(page, testid, files) {
  await app(page).el(testid).setInputFiles(files);
}

/** Waits until the deploy panel's busy line is empty and `testid` shows. */
export async function settled(page, testid, timeout = 60_000) {
  await app(page).el(testid).waitFor({ timeout });
  await page.waitForFunction(() => (document.querySelector('[data-testid=deploy-busy]')?.textContent ?? '') === '', null, { timeout });
}

/** Model and baseline accuracy shown in the evaluation panel. */
export async function evaluationAccuracy(page) {
  await app(page).el('evaluation').waitFor();
  return app(page).el('evaluation').evaluate((el) => {
    const row = [...el.querySelectorAll('tr')].find((tr) => tr.querySelector('th')?.textContent.trim() === 'accuracy');
    const [model, baseline] = [...row.querySelectorAll('td')].map((td) => td.textContent.trim());
    return { model, baseline };
  });
}

/** The Compare table's rows: id, label, accuracy as shown. */
export async function compareRows(page) {
  return app(page).el('runs-table').evaluate((t) => [...t.querySelectorAll('tbody:not(.groups) tr')].map((tr) => {
    const cell = (col) => tr.querySelector(`[data-col=${col}] .value`)?.textContent.trim();
    return { id: Number(cell('id')), label: cell('label'), accuracy: cell('accuracy'), data: cell('data') };
  }));
}

/** The drift table's rows: column, level, PSI as shown. */
export async function driftRows(page) {
  return app(page).el('drift-table').evaluate((t) => [...t.querySelectorAll('tbody tr')].map((tr) => ({
    column: tr.dataset.column, level: tr.dataset.level, psi: tr.querySelectorAll('td')[1].textContent.trim(),
  })));
}

/**
 * Puts the Deploy panel to work on the finished run: exports the model, predicts the bundled
 * penguins file and checks a shifted copy for drift (files written under `dir`).
 */
export async function deployWithFiles(page, dir) {
  await download(page, 'export-model');
  await app(page).el('model-card').waitFor();
  await app(page).el('batch-input').setInputFiles(tempFile(dir, 'penguins.csv', PENGUINS));
  await settled(page, 'batch-summary');
  await app(page).el('drift-input').setInputFiles(tempFile(dir, 'shifted.csv', shiftedPenguins().csv));
  await settled(page, 'drift-table');
}

/**
 * Every panel of a table in use: penguins trained twice (for `epochs[0]`, then `epochs[1]`
 * epochs), both runs compared, and the second one deployed with files under `dir`
 * ([`deployWithFiles`]).
 */
export async function comparedAndDeployed(page, dir, epochs) {
  await app(page).el('dataset-select').selectOption('builtin:penguins');
  await waitStatus(page, 'paused');
  for (const n of epochs) {
    await setNumber(page, 'epochs', n);
    await trainToDone(page);
  }
  await app(page).go('compare');
  await app(page).el('select-all').check();
  await app(page).el('compare-chart').waitFor();
  await deployWithFiles(page, dir);
}
