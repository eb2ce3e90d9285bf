import { InvalidOptionError } from '@graft/core';
import { describe, expect, it } from 'vitest';
import { readCatchAllSegments } from './route-params.js';

describe('readCatchAllSegments', () => {
  it('awaits Next 16 params promises', async () => {
    expect(await readCatchAllSegments({ params: Promise.resolve({ path: ['a', 'b'] }) }, 'path')).toEqual(['a', 'b']);
  });

  it('accepts plain params objects', async () => {
    expect(await readCatchAllSegments({ params: { rest: ['x'] } }, 'rest')).toEqual(['x']);
  });

  it('treats a missing key as the bare prefix of an optional catch-all', async () => {
    expect(await readCatchAllSegments({ params: Promise.resolve({}) }, 'path')).toEqual([]);
  });

  it('returns undefined without a route context', async () => {
    expect(await readCatchAllSegments(undefined, 'path')).toBeUndefined();
    expect(await readCatchAllSegments({}, 'path')).toBeUndefined();
  });

  it('rejects a param that is not a catch-all', async () => {
    await expect(readCatchAllSegments({ params: { path: 'one' } }, 'path')).rejects.toThrow(InvalidOptionError);
  });
});
