/**
 * publint and arethetypeswrong on every public package, as a registry user would get it. The
 * packages are ESM only, so attw runs with its `esm-only` profile: the types must resolve under
 * `node16`/`nodenext` (from ESM) and `bundler`; CommonJS `require` is not offered.
 */
import { join } from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Packed, PUBLIC_PACKAGES, packAll, readManifest, root, run } from './packages.js';

let packed: Packed[] = [];
let cleanup = async () => {};

beforeAll(async () => {
  ({ packed, cleanup } = await packAll());
});
afterAll(() => cleanup());

interface AttwResult {
  analysis: {
    entrypoints: Record<string, unknown>;
    problems: { kind: string; resolutionKind?: string; entrypoint?: string }[];
  };
}

/** Resolution modes the `esm-only` profile leaves out (CommonJS consumers). */
const IGNORED_BY_ESM_ONLY = new Set(['node10', 'node16-cjs']);

describe.each(PUBLIC_PACKAGES)('$name', ({ name, dir }) => {
  it('publint --strict reports nothing', async () => {
    const { messages, pkg } = await publint({ pkgDir: dir, strict: true, pack: 'npm' });
    const printed = messages.map((message) => `${message.type}: ${formatMessage(message, pkg) ?? message.code}`);
    console.log(`${name}: publint ${messages.length} message(s)${printed.length ? `\n  ${printed.join('\n  ')}` : ''}`);
    expect(printed).toEqual([]);
  });

  it('arethetypeswrong (esm-only) finds no problem in any entry point', async () => {
    const tarball = packed.find((entry) => entry.name === name)?.tarball as string;
    const attw = join(root, 'node_modules', '.bin', 'attw');
    const outcome = await run(attw, [tarball, '--profile', 'esm-only', '--format', 'json'], { maxBuffer: 64 * 1024 * 1024 }).then(
      ({ stdout }) => ({ code: 0, stdout }),
      (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
    );
    const result = JSON.parse(outcome.stdout) as AttwResult;
    const problems = result.analysis.problems.filter((problem) => !IGNORED_BY_ESM_ONLY.has(problem.resolutionKind ?? ''));
    const entrypoints = Object.keys(result.analysis.entrypoints);
    const manifest = await readManifest(dir);
    expect(entrypoints.sort()).toEqual(Object.keys(manifest.exports ?? {}).sort());
    console.log(
      `${name}: attw ${problems.length} problem(s) in ${entrypoints.length} entry point(s) (${entrypoints.join(', ')}), node16-esm and bundler`,
    );
    expect(problems).toEqual([]);
    expect(outcome.code).toBe(0);
  });

  it('npm publish --dry-run succeeds', async () => {
    const { stdout, stderr } = await run('npm', ['publish', '--dry-run', '--json'], { cwd: dir, maxBuffer: 16 * 1024 * 1024 });
    const report = JSON.parse(stdout) as Record<string, { id: string; files: { path: string }[] }>;
    const { version } = await readManifest(dir);
    expect(report[name]?.id).toBe(`${name}@${version}`);
    expect(report[name]?.files.map((file) => file.path)).toContain('dist/index.js');
    expect(stderr).not.toMatch(/npm error/);
  });
});
