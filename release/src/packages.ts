/**
 * The released packages and how to pack them: each check packs the packages itself (`npm pack`
 * of the built workspace, exactly what `npm publish` would upload) into a temporary folder.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const run = promisify(execFile);

/** The repository root. */
export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The public packages, by name, with their folders. */
export const PUBLIC_PACKAGES = [
  { name: '@graft/core', dir: join(root, 'packages', 'core') },
  { name: '@graft/next', dir: join(root, 'packages', 'next') },
  { name: '@graft/remix', dir: join(root, 'packages', 'remix') },
] as const;

export interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  license?: string;
  files?: string[];
  exports?: Record<string, { types?: string; default?: string }>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  devDependencies?: Record<string, string>;
  publishConfig?: { access?: string };
}

export async function readManifest(dir: string): Promise<Manifest> {
  return JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as Manifest;
}

export interface Packed {
  name: string;
  /** The tarball's path. */
  tarball: string;
  /** The paths inside it, without the `package/` prefix. */
  files: string[];
}

/** Packs the public packages into a new temporary folder; `cleanup` removes it. */
export async function packAll(): Promise<{ packed: Packed[]; cleanup: () => Promise<void> }> {
  const destination = await mkdtemp(join(tmpdir(), 'graft-release-'));
  const args = ['pack', '--json', '--pack-destination', destination, ...PUBLIC_PACKAGES.flatMap(({ name }) => ['-w', name])];
  const { stdout } = await run('npm', args, { cwd: root, maxBuffer: 16 * 1024 * 1024 });
  const results = JSON.parse(stdout) as { name: string; filename: string; files: { path: string }[] }[];
  return {
    packed: results.map(({ name, filename, files }) => ({
      name,
      tarball: join(destination, filename),
      files: files.map((file) => file.path),
    })),
    cleanup: () => rm(destination, { recursive: true, force: true }),
  };
}

/** Reads one file out of a tarball. */
export async function readFromTarball(tarball: string, path: string): Promise<string> {
  const { stdout } = await run('tar', ['-xOzf', tarball, `package/${path}`], { maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}
