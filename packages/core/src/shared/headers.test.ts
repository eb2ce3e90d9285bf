import { describe, expect, it } from 'vitest';
import { headerPairsFromHeaderBlock, isNullBodyStatus } from './headers.js';

describe('headerPairsFromHeaderBlock', () => {
  it('keeps every field and repeated Set-Cookie lines, in order', () => {
    const block = 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nSet-Cookie: a=1; Path=/\r\nSet-Cookie: b=2\r\nX-Empty: \r\n\r\n';
    expect(headerPairsFromHeaderBlock(block)).toEqual([
      ['Content-Type', 'text/plain'],
      ['Set-Cookie', 'a=1; Path=/'],
      ['Set-Cookie', 'b=2'],
      ['X-Empty', ''],
    ]);
  });

  it('drops hop-by-hop fields and the fields a Connection header lists', () => {
    const block =
      'HTTP/1.1 200 OK\r\nConnection: keep-alive, X-Hop\r\nKeep-Alive: timeout=5\r\nTransfer-Encoding: chunked\r\n' +
      'X-Hop: 1\r\nUpgrade: h2c\r\nTrailer: X-T\r\nX-Kept: 2\r\n\r\n';
    expect(headerPairsFromHeaderBlock(block)).toEqual([['X-Kept', '2']]);
  });

  it('keeps colons inside values', () => {
    expect(headerPairsFromHeaderBlock('HTTP/1.1 302 Found\r\nLocation: http://a:1/b\r\n\r\n')).toEqual([['Location', 'http://a:1/b']]);
  });
});

describe('isNullBodyStatus', () => {
  it('is true exactly for 1xx, 204, 205 and 304', () => {
    expect([101, 204, 205, 304].map(isNullBodyStatus)).toEqual([true, true, true, true]);
    expect([200, 201, 206, 302, 404, 500].map(isNullBodyStatus)).toEqual([false, false, false, false, false, false]);
  });
});
