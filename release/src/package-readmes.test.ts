/**
 * The package READMEs, which are what npm shows: each has what the issue asks of it (install, one
 * example, a link to the full guide), and its example is code that runs. The adapters' examples
 * are the route files the fresh-app tests run (`fresh-apps/`), so they must stay identical to the
 * repository README's; core's example is run here, for real.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PUBLIC_PACKAGES, root } from './packages.js';

const rootReadme = () => readFile(join(root, 'README.md'), 'utf8');

/** The first fenced `ts` block after `marker` in `markdown`. */
function tsBlockAfter(markdown: string, marker: string): string {
  const at = markdown.indexOf(marker);
  expect(at, `"${marker}" is in the README`).toBeGreaterThanOrEqual(0);
  const block = /```ts\n([\s\S]*?)\n```/.exec(markdown.slice(at));
  if (!block) throw new Error(`no ts block after "${marker}"`);
  return block[1] as string;
}

const EXAMPLES: Record<string, string> = {
  '@graft/core': '## `callNodeApp` in ten lines',
  '@graft/next': '<!-- file next16:app/tools/[[...path]]/route.ts -->',
  '@graft/remix': '<!-- file remix2:app/routes/tools.$.tsx rr7:app/routes/tools.tsx -->',
};

describe.each(PUBLIC_PACKAGES)('$name README', ({ name, dir }) => {
  it('says how to install, shows one example and links to the full guide', async () => {
    const readme = await readFile(join(dir, 'README.md'), 'utf8');
    expect(readme.startsWith(`# ${name}\n`)).toBe(true);
    expect(readme).toContain('## Install');
    expect(readme).toMatch(/npm install [^\n]*@graft\/core/);
    expect(readme).toContain('npm run pack');
    expect(readme).toContain('](../../README.md');
    expect(readme.split('\n').length).toBeLessThan(120);
  });

  it("has the repository README's example, word for word", async () => {
    const readme = await readFile(join(dir, 'README.md'), 'utf8');
    const marker = EXAMPLES[name] as string;
    expect(tsBlockAfter(readme, '## Example')).toBe(tsBlockAfter(await rootReadme(), marker));
  });
});

describe("core's example", () => {
  let scratch: string | undefined;
  afterAll(() => (scratch ? rm(scratch, { recursive: true, force: true }) : undefined));

  it('runs: the Express app answers under the mount, for the identity given', async () => {
    scratch = await mkdtemp(join(root, 'release', '.example-'));
    const file = join(scratch, 'ten-lines.ts');
    await writeFile(file, tsBlockAfter(await rootReadme(), EXAMPLES['@graft/core'] as string));
    const { GET } = (await import(file)) as { GET: (request: Request) => Promise<Response> };
    const response = await GET(new Request('https://site.example/tools/hello'));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('Hello alice from /tools');
  });
});
