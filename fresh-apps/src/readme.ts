/**
 * The README's install and quick-start steps, read from README.md itself so that the docs cannot
 * drift from what the fresh-app tests run. A fenced block is taken when an HTML comment right
 * before it (blank lines between are allowed) says what it is:
 *
 * - `<!-- file next16:auth.ts remix2:app/x.ts -->`: the block is a file, written verbatim at that
 *   path of each named app;
 * - `<!-- run graft -->` or `<!-- run remix2 rr7 -->`: the block is shell commands, run as written
 *   in a clone of this repository (`graft`) or in each named app, after putting the real paths in
 *   for the README's placeholders (`/path/to/graft`, `my-app`).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The fresh apps, named as in the README's markers. */
export const APP_NAMES = ['next16', 'remix2', 'rr7'] as const;
export type AppName = (typeof APP_NAMES)[number];
/** Where a `run` block runs: in an app, or in the repository (`graft`). */
export type RunTarget = AppName | 'graft';

/** The repository root (this package is `<root>/fresh-apps`). */
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The README's placeholders: a clone of this repository, and the reader's app. */
export const PLACEHOLDERS = { repo: '/path/to/graft', app: 'my-app' } as const;

/** A marked fenced block of the README. */
export interface MarkedBlock {
  kind: 'file' | 'run';
  /** `file`: app → path in it; `run`: target → `''`. */
  targets: Map<RunTarget, string>;
  /** The fence's info string, e.g. `ts`, `sh`. */
  lang: string;
  /** The block's text, ending in a newline. */
  code: string;
  /** The 1-based line of the opening fence, for messages. */
  line: number;
}

/** A fenced block of the README, marked or not, with the `##` section it is in. */
export interface FencedBlock {
  lang: string;
  code: string;
  line: number;
  /** The nearest `## ` heading above it (without the `## `), `''` before the first. */
  section: string;
  /** The marker comment right before the block, if any (its inner text). */
  marker: string | undefined;
}

/** Thrown for a marker the tests cannot follow: a README error, reported with its line. */
export class ReadmeMarkerError extends Error {
  readonly code = 'README_MARKER';
}

const FENCE = /^(`{3,})\s*([\w-]*)\s*$/;
const MARKER = /^<!--\s*((?:file|run)\b[^>]*?)\s*-->\s*$/;

/** Every fenced block of `markdown`, with its section and marker. */
export function fencedBlocks(markdown: string): FencedBlock[] {
  const lines = markdown.split('\n');
  const blocks: FencedBlock[] = [];
  let section = '';
  let marker: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const open = FENCE.exec(line);
    if (open) {
      const fence = open[1]!;
      const start = i;
      const body: string[] = [];
      for (i++; i < lines.length && lines[i]!.trim() !== fence; i++) body.push(lines[i]!);
      if (i >= lines.length) throw new ReadmeMarkerError(`README.md:${start + 1}: code fence is never closed`);
      blocks.push({ lang: open[2] ?? '', code: `${body.join('\n')}\n`, line: start + 1, section, marker });
      marker = undefined;
      continue;
    }
    if (line.startsWith('## ')) section = line.slice(3).trim();
    const comment = MARKER.exec(line.trim());
    if (comment) marker = comment[1];
    else if (line.trim() !== '') marker = undefined;
  }
  return blocks;
}

function isRunTarget(name: string): name is RunTarget {
  return name === 'graft' || (APP_NAMES as readonly string[]).includes(name);
}

/** A block's marker, parsed; `undefined` for an unmarked block. */
export function parseMarker(block: FencedBlock): MarkedBlock | undefined {
  if (block.marker === undefined) return undefined;
  const [kind, ...words] = block.marker.split(/\s+/);
  const where = `README.md:${block.line}`;
  const targets = new Map<RunTarget, string>();
  if (words.length === 0) throw new ReadmeMarkerError(`${where}: marker "${block.marker}" names no app`);
  for (const word of words) {
    const [name = '', path] = kind === 'file' ? word.split(/:(.*)/s) : [word, ''];
    if (!isRunTarget(name) || (kind === 'file' && name === 'graft')) {
      throw new ReadmeMarkerError(`${where}: unknown app "${name}" in marker "${block.marker}"`);
    }
    if (kind === 'file' && (!path || path.startsWith('/') || path.split('/').includes('..'))) {
      throw new ReadmeMarkerError(`${where}: "${word}" needs a relative path inside the app (app:path)`);
    }
    if (targets.has(name)) throw new ReadmeMarkerError(`${where}: "${name}" is named twice`);
    targets.set(name, path ?? '');
  }
  if (kind === 'run' && block.lang !== 'sh') throw new ReadmeMarkerError(`${where}: a run block must be \`\`\`sh`);
  return { kind: kind as 'file' | 'run', targets, lang: block.lang, code: block.code, line: block.line };
}

/** Every marked block of `markdown`. */
export function markedBlocks(markdown: string): MarkedBlock[] {
  return fencedBlocks(markdown).flatMap((block) => parseMarker(block) ?? []);
}

/** The files `markdown` gives app `app`: path → content, each path once. */
export function filesFor(markdown: string, app: AppName): Map<string, string> {
  const files = new Map<string, string>();
  for (const block of markedBlocks(markdown)) {
    const path = block.kind === 'file' ? block.targets.get(app) : undefined;
    if (path === undefined) continue;
    if (files.has(path)) throw new ReadmeMarkerError(`README.md:${block.line}: ${app} gets ${path} twice`);
    files.set(path, block.code);
  }
  return files;
}

/** The shell blocks `markdown` runs for `target`, in README order, as written. */
export function commandsFor(markdown: string, target: RunTarget): string[] {
  return markedBlocks(markdown).flatMap((block) => (block.kind === 'run' && block.targets.has(target) ? [block.code] : []));
}

/**
 * A shell block with the real paths put in for the placeholders: `/path/to/graft` becomes
 * `repoRoot`, and `my-app` as a whole word (`cd my-app`) becomes `appDir`.
 */
export function withRealPaths(commands: string, paths: { repoRoot: string; appDir?: string }): string {
  let script = commands.split(PLACEHOLDERS.repo).join(paths.repoRoot);
  if (paths.appDir !== undefined) script = script.replace(/(?<![\w./-])my-app(?![\w./-])/g, paths.appDir);
  return script;
}

/** README.md of this repository. */
export function readReadme(): string {
  return readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
}
