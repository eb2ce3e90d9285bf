/**
 * Requests per second through each way of serving the Express app, for /hello and /json,
 * measured with an external load generator. Rounds interleave the targets (their order rotates)
 * so slow drifts of a shared machine hit all of them.
 */
import { JSON_BODY } from './json-document.mjs';
import { loadGeneratorName, measureRate } from './load.mjs';
import { int, median, printTable, progress, rotate, times } from './report.mjs';

export const RATE_PATHS = [
  { path: '/hello', expected: 'Hello World' },
  { path: '/json', expected: JSON_BODY },
];

/** Every target must answer each path with exactly the expected body before it is timed. */
export async function checkTargets(targets, paths) {
  for (const { path, expected } of paths) {
    for (const target of targets) {
      const url = target.url(path);
      const response = await fetch(url);
      const body = await response.text();
      if (response.status !== 200 || body !== expected) {
        throw new Error(`${target.label} answered ${url} with ${response.status} ${JSON.stringify(body.slice(0, 80))}`);
      }
    }
  }
}

/**
 * Runs the request-rate section and prints one table per path. Resolves with
 * `results[path][targetId] = { rps, samples, errors }`.
 */
export async function runRateSection(targets, { reps, seconds, warmupSeconds, connections }) {
  console.log(`## Requests per second`);
  console.log('');
  console.log(
    `${loadGeneratorName(connections, seconds)} per run; ${reps} run(s) per cell, targets interleaved in rotating order; median shown. Every target was first checked to return the exact body.`,
  );
  console.log('');
  await checkTargets(targets, RATE_PATHS);
  const results = {};
  for (const { path } of RATE_PATHS) {
    progress(`warming up ${path}`);
    for (const target of targets) await measureRate(target.url(path), { connections, seconds: warmupSeconds });
    const cells = Object.fromEntries(targets.map((t) => [t.id, { samples: [], errors: 0 }]));
    for (let rep = 0; rep < reps; rep++) {
      for (const target of rotate(targets, rep)) {
        progress(`${path} run ${rep + 1}/${reps}: ${target.label}`);
        const { rps, errors } = await measureRate(target.url(path), { connections, seconds });
        cells[target.id].samples.push(rps);
        cells[target.id].errors += errors;
      }
    }
    for (const cell of Object.values(cells)) cell.rps = median(cell.samples);
    results[path] = cells;
    const ceiling = cells.a?.rps;
    const nextFloor = cells.b?.rps;
    console.log(`### GET ${path}`);
    console.log('');
    printTable(
      ['route', 'req/s (median)', '× (a)', '× (b)', 'runs (req/s)', 'errors'],
      targets.map((t) => {
        const cell = cells[t.id];
        return [
          t.label,
          int(cell.rps),
          times(cell.rps, ceiling),
          times(cell.rps, nextFloor),
          cell.samples.map(int).join(', '),
          String(cell.errors),
        ];
      }),
      'lrrrrr',
    );
  }
  return results;
}
