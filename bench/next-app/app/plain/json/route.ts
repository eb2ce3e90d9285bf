// (b) for /json: the same document Express sends, serialised per request as res.json() does.
import { JSON_DOCUMENT } from '../../../../json-document.mjs';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export function GET(): Response {
  return new Response(JSON.stringify(JSON_DOCUMENT), {
    headers: { 'content-type': 'application/json; charset=utf-8' },
  });
}
