// A deterministic numeric CSV for the benchmarks: ROWS rows of 19 numeric features (4 or 5
// decimals, several scales) and an integer class label `label` (0/1/2) that depends on a few of
// them: 20 numeric columns, ~169 bytes a row (100,000 rows: 16.9 MB; 1,000,000: 169 MB).
// tests/bench/load.mjs, browser_defaults.mjs and tests/e2e/load.test.mjs write their file with it.
//
//   node tests/bench/table_csv.mjs OUT.csv [ROWS]     # ROWS defaults to 100000
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';

export const FEATURES = 19;

/** Writes the table to `file` and returns its size in bytes. */
export function makeCsv(file, rows) {
  let s = 0x2545f491; // mulberry32, fixed seed
  const rand = () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = () => rand() + rand() + rand() + rand() - 2; // roughly N(0, 1/3)
  const scales = [1, 10, 100, 0.1];
  const header = [...Array.from({ length: FEATURES }, (_, j) => `f${j + 1}`), 'label'].join(',');
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, header + '\n');
  let chunk = [];
  for (let i = 0; i < rows; i++) {
    const xs = Array.from({ length: FEATURES }, (_, j) => normal() * 3 * scales[j % 4]);
    const score = xs[0] + xs[1] / 10 - xs[2] / 100 + xs[4] + 0.5 * normal();
    const label = score < -0.6 ? 0 : score < 0.6 ? 1 : 2;
    chunk.push(`${xs.map((x, j) => x.toFixed(j % 4 === 2 ? 4 : 5)).join(',')},${label}`);
    if (chunk.length === 5000) { fs.writeSync(fd, chunk.join('\n') + '\n'); chunk = []; }
  }
  if (chunk.length) fs.writeSync(fd, chunk.join('\n') + '\n');
  fs.closeSync(fd);
  return fs.statSync(file).size;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [file, rows = '100000'] = process.argv.slice(2);
  if (!file) {
    console.error('usage: node tests/bench/table_csv.mjs OUT.csv [ROWS]');
    process.exit(2);
  }
  const size = makeCsv(file, Number(rows));
  console.log(`${file}: ${Number(rows).toLocaleString('en')} rows, ${size.toLocaleString('en')} bytes`);
}
