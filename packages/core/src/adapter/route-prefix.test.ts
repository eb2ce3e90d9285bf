import { describe, expect, it } from 'vitest';
import { InvalidOptionError } from '../shared/errors.js';
import { normalizeRoutePrefix, rawPrefixOf } from './route-prefix.js';

describe('normalizeRoutePrefix', () => {
  it("is '' or /a/b, whatever slashes it was given with", () => {
    expect(normalizeRoutePrefix('', 'prefix')).toBe('');
    expect(normalizeRoutePrefix('/', 'prefix')).toBe('');
    expect(normalizeRoutePrefix('tools', 'prefix')).toBe('/tools');
    expect(normalizeRoutePrefix('/tools/notes//', 'prefix')).toBe('/tools/notes');
    expect(normalizeRoutePrefix('/my tools/', 'prefix')).toBe('/my tools');
  });

  it('refuses a query, a fragment or a non-string, naming the option', () => {
    expect(() => normalizeRoutePrefix('/tools?x', 'prefix')).toThrow(InvalidOptionError);
    expect(() => normalizeRoutePrefix('/tools#x', 'basename')).toThrow(/basename/);
    expect(() => normalizeRoutePrefix(42 as unknown as string, 'basename')).toThrow(InvalidOptionError);
  });
});

describe('rawPrefixOf', () => {
  it('spans as many raw segments as the prefix has', () => {
    expect(rawPrefixOf('/my%20tools/a/b', '/my tools')).toBe('/my%20tools');
    expect(rawPrefixOf('/Tools/caf%C3%A9/x', '/tools/café')).toBe('/Tools/caf%C3%A9');
    expect(rawPrefixOf('/tools', '/tools')).toBe('/tools');
    expect(rawPrefixOf('/tools/', '/tools')).toBe('/tools');
    expect(rawPrefixOf('/anything', '')).toBe('');
  });

  it('is undefined for a path with fewer segments', () => {
    expect(rawPrefixOf('/tools', '/tools/a')).toBeUndefined();
    expect(rawPrefixOf('/tools/', '/tools/a/b')).toBeUndefined();
  });
});
