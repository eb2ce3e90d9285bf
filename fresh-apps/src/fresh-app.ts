/**
 * A fresh app: one of the hand-written starters in `templates/` (the files `create-next-app`,
 * `create-remix` and `create-react-router` would write; they fetch their templates from the
 * network, which tests cannot reach) copied to a new folder under the system temp directory,
 * outside this workspace, so its own `npm install` sees nothing of the monorepo. The README's
 * steps are then followed in it: its files written verbatim, its commands run as written.
 */
import { cpSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runScript, terminalEnv } from './processes.js';
import { type AppName, commandsFor, filesFor, REPO_ROOT, type RunTarget, withRealPaths } from './readme.js';

const TEMPLATES = join(dirname(fileURLToPath(import.meta.url)), '..', 'templates');

/** A copy of one of the starters in `templates/`, on disk. */
export interface TemplateApp {
  /** Its folder (outside the repository). */
  readonly dir: string;
  /** Writes `content` at `path` in the app (folders created). */
  write(path: string, content: string): void;
  /** Runs a shell script in the app, with a terminal's environment; resolves with its output. */
  run(script: string, timeoutMs: number): Promise<string>;
  /** `dependencies` of its package.json, as npm left them. */
  dependencies(): Record<string, string>;
  /** Whether `path` in the app is a symbolic link (npm links workspaces and folders, but copies tarballs). */
  isLinked(path: string): boolean;
  /** Removes the app's folder. */
  remove(): void;
}

/** A fresh app on disk that the README's steps are followed in. */
export interface FreshApp extends TemplateApp {
  readonly name: AppName;
}

/** Copies template `name` to a new temp folder. */
export function createFreshApp(name: AppName): FreshApp {
  return { name, ...copyTemplate(name) };
}

/**
 * Copies the folder `templates/<template>` to `my-app` in a new temp folder, for tests that
 * follow steps of their own in it (a starter the README does not name, e.g. `next15`).
 */
export function copyTemplate(template: string): TemplateApp {
  const parent = mkdtempSync(join(tmpdir(), `graft-fresh-${template}-`));
  const dir = join(parent, 'my-app');
  cpSync(join(TEMPLATES, template), dir, { recursive: true });
  return {
    dir,
    write(path, content) {
      const file = join(dir, path);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, content);
    },
    run: (script, timeoutMs) => runScript(script, { cwd: dir, env: terminalEnv(), timeoutMs }),
    dependencies: () =>
      (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> }).dependencies ?? {},
    isLinked: (path) => lstatSync(join(dir, path)).isSymbolicLink(),
    remove: () => rmSync(parent, { recursive: true, force: true }),
  };
}

/**
 * Runs the README's shell blocks for `target`, each as written but with the real paths for the
 * placeholders: in the repository for `graft`, else in `app`. Resolves with what they printed.
 */
export async function runReadmeCommands(
  readme: string,
  target: RunTarget,
  options: { app?: FreshApp; timeoutMs: number },
): Promise<string[]> {
  const blocks = commandsFor(readme, target);
  if (blocks.length === 0) throw new Error(`README.md has no commands for ${target}`);
  const outputs: string[] = [];
  for (const block of blocks) {
    const script = withRealPaths(block, { repoRoot: REPO_ROOT, ...(options.app ? { appDir: options.app.dir } : {}) });
    const cwd = target === 'graft' || !options.app ? REPO_ROOT : options.app.dir;
    outputs.push(await runScript(script, { cwd, env: terminalEnv(), timeoutMs: options.timeoutMs }));
  }
  return outputs;
}

/** Writes the README's files for the app into it, verbatim; resolves with their paths. */
export function writeReadmeFiles(readme: string, app: FreshApp): string[] {
  const files = filesFor(readme, app.name);
  for (const [path, content] of files) app.write(path, content);
  return [...files.keys()];
}
