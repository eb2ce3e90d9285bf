/** Small formatting helpers for the benchmark's Markdown report. */
export { median } from './measure.mjs';

export const MiB = 2 ** 20;

/** `12,345` */
export const int = (n) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a');
/** `1.23` */
export const fixed = (n, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
/** `0.93×` */
export const times = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}×` : 'n/a');

/** Prints a Markdown table; `align` is a string of `l`/`r` per column. */
export function printTable(header, rows, align) {
  console.log(`| ${header.join(' | ')} |`);
  console.log(`|${header.map((_, i) => (align?.[i] === 'r' ? '---:' : '---')).join('|')}|`);
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
  console.log('');
}

/** The i-th rotation of `list`, so that repeated rounds do not always run in the same order. */
export const rotate = (list, i) => list.map((_, k) => list[(k + i) % list.length]);

/** Progress on stderr, so stdout stays the report. */
export const progress = (text) => process.stderr.write(`[bench] ${text}\n`);
