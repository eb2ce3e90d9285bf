import { describe, expect, it } from 'vitest';
import { BasePathMismatchError } from '../front-door/base-path.js';
import {
  GRAFT_ERROR_CODES,
  GraftError,
  type GraftErrorCode,
  InvalidIdentityError,
  InvalidOptionError,
  MountMismatchError,
} from './errors.js';

/** What a host might do per code; the `never` check fails to compile when a code is added without a case. */
function describeCode(code: GraftErrorCode): string {
  switch (code) {
    case 'GRAFT_MOUNT_MISMATCH':
      return 'the route and the mount disagree';
    case 'GRAFT_INVALID_IDENTITY':
      return 'the identity cannot travel';
    case 'GRAFT_INVALID_OPTION':
      return 'an option is wrong';
    case 'GRAFT_BASE_PATH_MISMATCH':
      return 'the base path and the mount disagree';
    default:
      return code satisfies never;
  }
}

describe('GraftError codes', () => {
  const errors: Array<[GraftError, GraftErrorCode]> = [
    [new MountMismatchError('/tools/x', { mountPath: '/other' }), 'GRAFT_MOUNT_MISMATCH'],
    [new InvalidIdentityError('bad id'), 'GRAFT_INVALID_IDENTITY'],
    [new InvalidOptionError('bad option'), 'GRAFT_INVALID_OPTION'],
    [new BasePathMismatchError('/tools', '/base'), 'GRAFT_BASE_PATH_MISMATCH'],
  ];

  it.each(errors)('%s carries its code, its class name and the GraftError base', (error, code) => {
    expect(error).toBeInstanceOf(GraftError);
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe(code);
    expect(error.name).toBe(error.constructor.name);
    expect(describeCode(error.code)).not.toBe('');
  });

  it('has one error class per code of the union', () => {
    expect(errors.map(([, code]) => code).sort()).toEqual([...GRAFT_ERROR_CODES].sort());
  });
});
