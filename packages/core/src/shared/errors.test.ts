import { describe, expect, it } from 'vitest';
import { BasePathMismatchError } from '../front-door/base-path.js';
import { CgiProtocolError } from '../gateways/cgi/cgi-headers.js';
import { GatewayError } from '../gateways/gateway-failure.js';
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
    case 'GRAFT_GATEWAY_FAILED':
      return 'the program or upstream failed';
    case 'GRAFT_GATEWAY_TIMEOUT':
      return 'the program or upstream was too slow';
    case 'GRAFT_CGI_PROTOCOL':
      return 'the CGI program broke the protocol';
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
    [new GatewayError('GRAFT_GATEWAY_FAILED', 'connect ECONNREFUSED'), 'GRAFT_GATEWAY_FAILED'],
    [new GatewayError('GRAFT_GATEWAY_TIMEOUT', 'no header block after 10 ms'), 'GRAFT_GATEWAY_TIMEOUT'],
    [new CgiProtocolError('folded header lines are not allowed'), 'GRAFT_CGI_PROTOCOL'],
  ];

  it.each(errors)('%s carries its code, its class name and the GraftError base', (error, code) => {
    expect(error).toBeInstanceOf(GraftError);
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe(code);
    expect(error.name).toBe(error.constructor.name);
    expect(describeCode(error.code)).not.toBe('');
  });

  it('gateway errors keep their cause, and a CgiProtocolError is a GatewayError', () => {
    const cause = new Error('connect ECONNREFUSED 127.0.0.1:1');
    expect(new GatewayError('GRAFT_GATEWAY_FAILED', 'GET /: unreachable', { cause }).cause).toBe(cause);
    const protocol = new CgiProtocolError('malformed header line');
    expect(protocol).toBeInstanceOf(GatewayError);
    expect(protocol.name).toBe('CgiProtocolError');
  });

  it('has an error for every code of the union', () => {
    expect(errors.map(([, code]) => code).sort()).toEqual([...GRAFT_ERROR_CODES].sort());
  });
});
