// (b′) A reference, not a target: a plain handler in a catch-all route, as (c) is. What Next
// itself spends on a dynamic route (matching, params) shows as the gap between (b) and (b′).
import { JSON_DOCUMENT } from '../../../../../json-document.mjs';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

type Context = { params: Promise<{ path: string[] }> };

export async function GET(_request: Request, { params }: Context): Promise<Response> {
  const [name] = (await params).path;
  if (name === 'hello') {
    return new Response('Hello World', { headers: { 'content-type': 'text/html; charset=utf-8' } });
  }
  if (name === 'json') {
    return new Response(JSON.stringify(JSON_DOCUMENT), {
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });
  }
  return new Response('Not Found', { status: 404 });
}
