import { describe, expect, it } from 'vitest';
import { nativeSubmission } from './native-submit.js';

const ACTION = 'http://h.test/site/tools/notes/notes';

describe('nativeSubmission', () => {
  it('keeps url-encoded fields in order, repeated names included, and leaves the body readable', async () => {
    const request = new Request(ACTION, {
      method: 'POST',
      body: new URLSearchParams([
        ['a', '1'],
        ['b', 'x & y'],
        ['a', '2'],
      ]),
    });
    expect(await nativeSubmission(request)).toEqual({
      action: ACTION,
      enctype: 'application/x-www-form-urlencoded',
      entries: [
        ['a', '1'],
        ['b', 'x & y'],
        ['a', '2'],
      ],
    });
    expect(await request.text()).toBe('a=1&b=x+%26+y&a=2');
  });

  it('keeps multipart files as files', async () => {
    const body = new FormData();
    body.append('title', 'Memo');
    body.append('file', new File(['hello'], 'memo.txt', { type: 'text/plain' }));
    const submission = await nativeSubmission(new Request(ACTION, { method: 'POST', body }));
    expect(submission?.enctype).toBe('multipart/form-data');
    const [title, file] = submission!.entries;
    expect(title).toEqual(['title', 'Memo']);
    expect(file![1]).toBeInstanceOf(File);
    expect(await (file![1] as File).text()).toBe('hello');
    expect((file![1] as File).name).toBe('memo.txt');
  });

  it('declines what a browser form cannot send: other methods, JSON and text bodies', async () => {
    expect(await nativeSubmission(new Request(ACTION, { method: 'PUT', body: new URLSearchParams('a=1') }))).toBeUndefined();
    expect(await nativeSubmission(new Request(ACTION, { method: 'DELETE' }))).toBeUndefined();
    const json = new Request(ACTION, { method: 'POST', body: '{"a":1}', headers: { 'content-type': 'application/json' } });
    expect(await nativeSubmission(json)).toBeUndefined();
    const text = new Request(ACTION, { method: 'POST', body: 'a', headers: { 'content-type': 'text/plain' } });
    expect(await nativeSubmission(text)).toBeUndefined();
  });
});
