import { describe, expect, it } from 'vitest';
import { CgiProtocolError, createHeaderReader, parseHeaderBlock } from './cgi-headers.js';

describe('createHeaderReader', () => {
  it('waits for the empty line across chunks, then returns the head and the body start', () => {
    const reader = createHeaderReader(1024);
    expect(reader.push(Buffer.from('Content-Type: text/pl'))).toBeUndefined();
    expect(reader.push(Buffer.from('ain\r\n'))).toBeUndefined();
    expect(reader.push(Buffer.from('\r'))).toBeUndefined();
    const block = reader.push(Buffer.from('\nbody\n\nmore'));
    expect(block?.head).toEqual({
      kind: 'document',
      status: 200,
      reason: undefined,
      headers: [['Content-Type', 'text/plain']],
    });
    expect(block?.rest.toString()).toBe('body\n\nmore');
  });

  it('accepts LF-only blocks and keeps header bytes as they are (latin1 in, latin1 out)', () => {
    const block = createHeaderReader(1024).push(Buffer.from('Content-Type: text/plain\nX-Name: caf\xc3\xa9\n\n', 'latin1'));
    expect(block?.head).toMatchObject({
      headers: [
        ['Content-Type', 'text/plain'],
        ['X-Name', 'caf\xc3\xa9'],
      ],
    });
    expect(block?.rest.length).toBe(0);
  });

  it('throws once the block passes the limit without an empty line', () => {
    const reader = createHeaderReader(64);
    expect(reader.push(Buffer.from('Content-Type: text/plain\n'))).toBeUndefined();
    expect(() => reader.push(Buffer.from(`X-Big: ${'a'.repeat(64)}`))).toThrow(CgiProtocolError);
  });
});

describe('parseHeaderBlock', () => {
  it('reads Status with or without a reason phrase', () => {
    expect(parseHeaderBlock('Status: 404\nContent-Type: text/plain')).toMatchObject({ status: 404, reason: undefined });
    expect(parseHeaderBlock('status:   503 Try Later  ')).toMatchObject({ status: 503, reason: 'Try Later', headers: [] });
  });

  it('keeps repeated fields in order and drops hop-by-hop ones, including those Connection names', () => {
    const head = parseHeaderBlock(
      'Content-Type: text/plain\nSet-Cookie: a=1\nConnection: close, X-Private\nX-Private: 1\nTransfer-Encoding: chunked\nSet-Cookie: b=2',
    );
    expect(head).toMatchObject({
      headers: [
        ['Content-Type', 'text/plain'],
        ['Set-Cookie', 'a=1'],
        ['Set-Cookie', 'b=2'],
      ],
    });
  });

  it('tells the redirect kinds apart (RFC 3875 §6.2)', () => {
    expect(parseHeaderBlock('Location: /cgi/other?x=1')).toEqual({ kind: 'local-redirect', location: '/cgi/other?x=1' });
    expect(parseHeaderBlock('Location: https://example.com/')).toMatchObject({ kind: 'document', status: 302 });
    // Scheme-relative is another host, not a local path.
    expect(parseHeaderBlock('Location: //example.com/x')).toMatchObject({ kind: 'document', status: 302 });
    expect(parseHeaderBlock('Status: 303 See Other\nLocation: /done')).toMatchObject({ kind: 'document', status: 303 });
  });

  it.each([
    ['no colon at all', 'not a header'],
    ['a space before the colon', 'Content-Type : text/plain'],
    ['a folded line', 'Content-Type: text/plain\n  continued'],
    ['a status out of range', 'Status: 99 Low'],
    ['a status over 599', 'Status: 600'],
    ['a status that is not a number', 'Status: OK'],
    ['two Status fields', 'Status: 200\nStatus: 201'],
    ['two Location fields', 'Location: /a\nLocation: /b'],
    ['an empty Location', 'Location:'],
    ['a control character in a value', 'Content-Type: text/plain\nX-Bad: a\u0001b'],
    ['an invalid Content-Length', 'Content-Type: text/plain\nContent-Length: 12abc'],
    ['no CGI field', 'X-Only: 1'],
    ['an empty block', ''],
  ])('rejects %s', (_name, block) => {
    expect(() => parseHeaderBlock(block)).toThrow(CgiProtocolError);
  });
});
