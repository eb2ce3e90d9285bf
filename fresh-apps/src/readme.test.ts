import { describe, expect, it } from 'vitest';
import { commandsFor, fencedBlocks, filesFor, markedBlocks, ReadmeMarkerError, readReadme, withRealPaths } from './readme.js';

const sample = `# Title

## Install

<!-- run graft -->
\`\`\`sh
cd /path/to/graft
npm run pack
\`\`\`

<!-- file next16:auth.ts remix2:app/auth.server.ts -->

\`\`\`ts
export const a = 1;
\`\`\`

A paragraph between a marker and a block ends the marker.

<!-- file next16:x.ts -->

Text.

\`\`\`ts
export const unmarked = true;
\`\`\`

## Other

\`\`\`sh
echo not run
\`\`\`
`;

describe('README markers', () => {
  it('finds fenced blocks with their section and the marker right before them', () => {
    const blocks = fencedBlocks(sample);
    expect(blocks.map((block) => [block.section, block.lang, block.marker])).toEqual([
      ['Install', 'sh', 'run graft'],
      ['Install', 'ts', 'file next16:auth.ts remix2:app/auth.server.ts'],
      ['Install', 'ts', undefined],
      ['Other', 'sh', undefined],
    ]);
    expect(blocks[0]!.code).toBe('cd /path/to/graft\nnpm run pack\n');
    expect(blocks[0]!.line).toBe(6);
  });

  it('gives each app its files and each target its commands', () => {
    expect([...filesFor(sample, 'next16')]).toEqual([['auth.ts', 'export const a = 1;\n']]);
    expect([...filesFor(sample, 'remix2')]).toEqual([['app/auth.server.ts', 'export const a = 1;\n']]);
    expect([...filesFor(sample, 'rr7')]).toEqual([]);
    expect(commandsFor(sample, 'graft')).toEqual(['cd /path/to/graft\nnpm run pack\n']);
    expect(commandsFor(sample, 'next16')).toEqual([]);
  });

  it.each([
    ['<!-- file next16 -->\n```ts\nx\n```\n', /needs a relative path/],
    ['<!-- file next16:/etc/passwd -->\n```ts\nx\n```\n', /needs a relative path/],
    ['<!-- file next16:../x.ts -->\n```ts\nx\n```\n', /needs a relative path/],
    ['<!-- file graft:x.ts -->\n```ts\nx\n```\n', /unknown app "graft"/],
    ['<!-- run next17 -->\n```sh\nx\n```\n', /unknown app "next17"/],
    ['<!-- run next16 next16 -->\n```sh\nx\n```\n', /named twice/],
    ['<!-- run rr7 -->\n```ts\nx\n```\n', /must be ```sh/],
    ['<!-- run -->\n```sh\nx\n```\n', /names no app/],
    ['```sh\nnever closed\n', /never closed/],
  ])('rejects a marker the tests cannot follow: %j', (markdown, message) => {
    expect(() => markedBlocks(markdown)).toThrow(ReadmeMarkerError);
    expect(() => markedBlocks(markdown)).toThrow(message);
  });

  it('puts the real paths in for the placeholders, and only for them', () => {
    const script =
      'cd my-app   # a Next.js app\nnpm install /path/to/graft/packs/a.tgz /path/to/graft/packs/b.tgz\necho my-app-2 x/my-app\n';
    expect(withRealPaths(script, { repoRoot: '/r', appDir: '/tmp/x/my-app' })).toBe(
      'cd /tmp/x/my-app   # a Next.js app\nnpm install /r/packs/a.tgz /r/packs/b.tgz\necho my-app-2 x/my-app\n',
    );
  });
});

describe("this repository's README", () => {
  const readme = readReadme();

  it('marks every shell block of the Install and quick-start sections, so each command is run by a test', () => {
    const unmarked = fencedBlocks(readme).filter(
      (block) => ['Install', 'Next.js', 'Remix'].includes(block.section) && block.lang === 'sh' && block.marker === undefined,
    );
    expect(unmarked.map((block) => `README.md:${block.line}`)).toEqual([]);
  });

  it('has the steps of each fresh app: the tarballs, the quick start, the route file', () => {
    expect(commandsFor(readme, 'graft').join('')).toMatch(/^npm run pack\b/m);
    for (const [app, adapter] of [
      ['next16', 'next'],
      ['remix2', 'remix'],
      ['rr7', 'remix'],
    ] as const) {
      const commands = commandsFor(readme, app).join('');
      expect(commands).toContain(`/path/to/graft/packs/graft-core-0.1.0.tgz /path/to/graft/packs/graft-${adapter}-0.1.0.tgz`);
    }
    expect([...filesFor(readme, 'next16').keys()]).toEqual(
      expect.arrayContaining(['app/tools/[[...path]]/route.ts', 'auth.ts', 'next.config.ts', 'tools-app.ts']),
    );
    expect(filesFor(readme, 'remix2').get('app/routes/tools.$.tsx')).toBe(filesFor(readme, 'rr7').get('app/routes/tools.tsx'));
  });

  it('keeps route-segment config out of the Next route file (next build rejects it under cacheComponents)', () => {
    const route = filesFor(readme, 'next16').get('app/tools/[[...path]]/route.ts');
    expect(route).toBeDefined();
    expect(route).not.toMatch(/export const (dynamic|runtime|revalidate|fetchCache|dynamicParams)\b/);
  });
});
