import { redirectDocument as remixRedirectDocument } from '@remix-run/node';
import { redirectDocument } from 'react-router';
import { describe, expect, it } from 'vitest';
import { documentLoad } from './document-load.js';

const URL_ = 'http://h.test/rr/tools/landing?via=link#top';

describe('documentLoad', () => {
  it("is the frameworks' own redirectDocument() answer", () => {
    for (const theirs of [redirectDocument(URL_), remixRedirectDocument(URL_)]) {
      const ours = documentLoad(URL_);
      expect(ours.status).toBe(theirs.status);
      expect([...ours.headers].sort()).toEqual([...theirs.headers].sort());
    }
  });
});
