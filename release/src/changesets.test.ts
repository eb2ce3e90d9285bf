/**
 * Versioning with Changesets, run for real on a copy of the repository's manifests: the three
 * packages move together, and the adapters' range on `@graft/core` follows the new version, so a
 * release can never pair an adapter with a core it was not built with.
 */
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PUBLIC_PACKAGES, readManifest, root, run } from './packages.js';

let scratch: string | undefined;
afterEach(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
  scratch = undefined;
});

/** A copy of the root manifest, `.changeset/config.json` and the public packages' manifests. */
async function copyOfRepository(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'graft-changesets-'));
  const rootManifest = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { workspaces: string[] };
  rootManifest.workspaces = ['packages/*'];
  await writeFile(join(dir, 'package.json'), JSON.stringify(rootManifest, null, 2));
  await mkdir(join(dir, '.changeset'));
  await cp(join(root, '.changeset', 'config.json'), join(dir, '.changeset', 'config.json'));
  for (const { dir: packageDir } of PUBLIC_PACKAGES) {
    const target = join(dir, 'packages', packageDir.split('/').pop() as string);
    await mkdir(target, { recursive: true });
    await cp(join(packageDir, 'package.json'), join(target, 'package.json'));
  }
  return dir;
}

async function changesetVersion(dir: string, changeset: string): Promise<void> {
  await writeFile(join(dir, '.changeset', 'a-change.md'), changeset);
  await run(join(root, 'node_modules', '.bin', 'changeset'), ['version'], { cwd: dir, env: { ...process.env, CI: 'true' } });
}

describe('changeset version', () => {
  it.each([
    ['a minor change to @graft/core', '"@graft/core": minor', 'minor'],
    ['a patch to @graft/remix alone', '"@graft/remix": patch', 'patch'],
  ] as const)('%s moves all three packages to one new version and keeps the sibling ranges matched', async (_, entry, kind) => {
    scratch = await copyOfRepository();
    const { version } = await readManifest(PUBLIC_PACKAGES[0].dir);
    const [major, minor, patch] = version.split('.').map(Number) as [number, number, number];
    const expected = kind === 'minor' ? `${major}.${minor + 1}.0` : `${major}.${minor}.${patch + 1}`;
    await changesetVersion(scratch, `---\n${entry}\n---\n\nA change.\n`);
    for (const { name, dir } of PUBLIC_PACKAGES) {
      const manifest = await readManifest(join(scratch, 'packages', dir.split('/').pop() as string));
      expect(manifest.version, name).toBe(expected);
      if (name !== '@graft/core') expect(manifest.dependencies?.['@graft/core'], name).toBe(`^${expected}`);
    }
    const changelog = await readFile(join(scratch, 'packages', 'next', 'CHANGELOG.md'), 'utf8');
    expect(changelog).toContain(`## ${expected}`);
  });
});
