/**
 * What each tarball holds and declares: the files a user needs and nothing else, maps that carry
 * their sources, every imported package declared, sibling ranges that match.
 */
import { builtinModules } from 'node:module';
import semver from 'semver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Packed, PUBLIC_PACKAGES, packAll, readFromTarball, readManifest } from './packages.js';

let packed: Packed[] = [];
let cleanup = async () => {};

beforeAll(async () => {
  ({ packed, cleanup } = await packAll());
});
afterAll(() => cleanup());

function packedOf(name: string): Packed {
  const found = packed.find((entry) => entry.name === name);
  if (!found) throw new Error(`${name} was not packed`);
  return found;
}

/** The package a bare import specifier names (`next-auth/jwt` → `next-auth`, `@a/b/c` → `@a/b`). */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

/** The bare specifiers a JS or declaration file imports or re-exports. */
function importsOf(source: string): string[] {
  const specifiers = new Set<string>();
  // Comments (TSDoc examples import `@/auth` and friends) are not imports.
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  for (const match of code.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)['"]([^'"]+)['"]/g)) {
    const specifier = match[1] as string;
    if (!specifier.startsWith('.') && !specifier.startsWith('node:') && !builtinModules.includes(specifier)) specifiers.add(specifier);
  }
  return [...specifiers];
}

describe.each(PUBLIC_PACKAGES)('$name', ({ name, dir }) => {
  it('is public, MIT, ESM, for Node >= 20, and ships README and LICENSE', async () => {
    const manifest = await readManifest(dir);
    expect(manifest.private).toBeUndefined();
    expect(manifest.license).toBe('MIT');
    expect(manifest.publishConfig?.access).toBe('public');
    const { files } = packedOf(name);
    expect(files).toContain('README.md');
    expect(files).toContain('LICENSE');
    expect(files).toContain('package.json');
  });

  it('ships the built files only: no sources, tests or test support', () => {
    const { files } = packedOf(name);
    const unexpected = files.filter(
      (file) => !['README.md', 'LICENSE', 'package.json', 'CHANGELOG.md'].includes(file) && !file.startsWith('dist/'),
    );
    expect(unexpected).toEqual([]);
    expect(files.filter((file) => /\.test\.|test-support|\.tsbuildinfo$/.test(file))).toEqual([]);
  });

  it('has a types condition first for every export, pointing at files in the tarball', async () => {
    const manifest = await readManifest(dir);
    const { files } = packedOf(name);
    expect(Object.keys(manifest.exports ?? {})).not.toHaveLength(0);
    for (const [subpath, conditions] of Object.entries(manifest.exports ?? {})) {
      expect(Object.keys(conditions)[0], subpath).toBe('types');
      for (const target of Object.values(conditions)) expect(files, `${subpath} → ${target}`).toContain(target.replace(/^\.\//, ''));
    }
  });

  it('ships source maps that carry their sources, and no map that points at a missing file', async () => {
    const { files, tarball } = packedOf(name);
    const maps = files.filter((file) => file.endsWith('.map'));
    expect(maps.length).toBeGreaterThan(0);
    for (const map of maps) {
      const parsed = JSON.parse(await readFromTarball(tarball, map)) as { sources: string[]; sourcesContent?: (string | null)[] };
      expect(parsed.sourcesContent?.length, map).toBe(parsed.sources.length);
      expect(
        parsed.sourcesContent?.every((content) => typeof content === 'string' && content.length > 0),
        map,
      ).toBe(true);
    }
    for (const file of files.filter((entry) => entry.endsWith('.js') || entry.endsWith('.d.ts'))) {
      const reference = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(await readFromTarball(tarball, file))?.[1];
      if (reference === undefined) continue;
      const target = file.replace(/[^/]+$/, '') + reference;
      expect(files, `${file} → ${reference}`).toContain(target);
    }
  });

  it('declares every package its built files import, as a dependency or a peer', async () => {
    const manifest = await readManifest(dir);
    const { files, tarball } = packedOf(name);
    const declared = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {}), name]);
    const undeclared = new Set<string>();
    for (const file of files.filter((entry) => entry.endsWith('.js') || entry.endsWith('.d.ts'))) {
      for (const specifier of importsOf(await readFromTarball(tarball, file))) {
        if (!declared.has(packageOf(specifier))) undeclared.add(`${file}: ${specifier}`);
      }
    }
    expect([...undeclared]).toEqual([]);
  });

  it('depends on its siblings by a caret range of their current version', async () => {
    const manifest = await readManifest(dir);
    for (const [dependency, range] of Object.entries(manifest.dependencies ?? {})) {
      const sibling = PUBLIC_PACKAGES.find((entry) => entry.name === dependency);
      if (!sibling) continue;
      const { version } = await readManifest(sibling.dir);
      expect(range, dependency).toBe(`^${version}`);
      expect(semver.satisfies(version, range)).toBe(true);
    }
  });

  it('has peer ranges that admit the framework versions it is tested with', async () => {
    const manifest = await readManifest(dir);
    for (const [peer, range] of Object.entries(manifest.peerDependencies ?? {})) {
      expect(semver.validRange(range), `${peer}: ${range}`).not.toBeNull();
      const tested = manifest.devDependencies?.[peer];
      expect(tested, `${peer} is a peer, so the package's tests install it`).toBeDefined();
      expect(semver.satisfies(semver.minVersion(tested as string) ?? '', range), `${peer} ${tested} in ${range}`).toBe(true);
    }
  });
});

describe('the adapters', () => {
  it('@graft/next: next is a required peer; next-auth an optional one, for @graft/next/next-auth only', async () => {
    const manifest = await readManifest(PUBLIC_PACKAGES[1].dir);
    expect(manifest.peerDependencies?.next).toBeDefined();
    expect(manifest.peerDependenciesMeta?.next?.optional).toBeUndefined();
    expect(manifest.peerDependenciesMeta?.['next-auth']?.optional).toBe(true);
  });

  it('@graft/remix: Remix 2 and React Router 7 are optional peers (a site has one of them)', async () => {
    const manifest = await readManifest(PUBLIC_PACKAGES[2].dir);
    expect(manifest.peerDependenciesMeta?.['@remix-run/node']?.optional).toBe(true);
    expect(manifest.peerDependenciesMeta?.['@react-router/node']?.optional).toBe(true);
  });
});
