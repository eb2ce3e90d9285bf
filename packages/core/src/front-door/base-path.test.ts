import { describe, expect, it } from 'vitest';
import { GraftError } from '../shared/errors.js';
import { BasePathMismatchError, checkBasePath } from './base-path.js';

describe('checkBasePath', () => {
  it('accepts the same mount written either way', () => {
    expect(() => checkBasePath('/docs', '/docs')).not.toThrow();
    expect(() => checkBasePath('/docs', '/docs/')).not.toThrow();
    expect(() => checkBasePath('', '')).not.toThrow();
    expect(() => checkBasePath('', '/')).not.toThrow();
  });

  it.each([
    ['/docs', ''],
    ['/docs', '/doc'],
    ['/docs', '/docs/v2'],
    ['', '/docs'],
    ['/docs', 'docs'],
  ])('refuses mount %j with base path %j, saying both', (mountPath, basePath) => {
    let thrown: unknown;
    try {
      checkBasePath(mountPath, basePath);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(BasePathMismatchError);
    expect(thrown).toBeInstanceOf(GraftError);
    expect((thrown as BasePathMismatchError).code).toBe('GRAFT_BASE_PATH_MISMATCH');
    expect((thrown as BasePathMismatchError).basePath).toBe(basePath);
    expect((thrown as Error).message).toContain(JSON.stringify(basePath));
  });
});
