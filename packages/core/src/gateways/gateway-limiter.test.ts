import { describe, expect, it } from 'vitest';
import { createLimiter } from './gateway-limiter.js';

describe('createLimiter', () => {
  it('starts up to max at once, queues up to maxQueue, refuses beyond', () => {
    const limiter = createLimiter(2, 1);
    const started: string[] = [];
    const a = limiter.acquire(() => started.push('a'));
    const b = limiter.acquire(() => started.push('b'));
    const c = limiter.acquire(() => started.push('c'));
    expect(limiter.acquire(() => started.push('d'))).toBeUndefined();
    expect(started).toEqual(['a', 'b']);
    expect([limiter.active, limiter.waiting]).toEqual([2, 1]);
    a!.release();
    expect(started).toEqual(['a', 'b', 'c']);
    expect([limiter.active, limiter.waiting]).toEqual([2, 0]);
    a!.release(); // idempotent
    expect(limiter.active).toBe(2);
    b!.release();
    c!.release();
    expect(limiter.active).toBe(0);
  });

  it('lets a waiting task leave the line without ever starting', () => {
    const limiter = createLimiter(1, 2);
    const started: string[] = [];
    const a = limiter.acquire(() => started.push('a'));
    const b = limiter.acquire(() => started.push('b'));
    limiter.acquire(() => started.push('c'));
    b!.release();
    expect(limiter.waiting).toBe(1);
    a!.release();
    expect(started).toEqual(['a', 'c']);
  });
});
