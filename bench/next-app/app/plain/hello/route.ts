// (b) Next's own floor: a plain route handler, no app behind it, sending the same bytes and
// content type as Express's res.send('Hello World').
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export function GET(): Response {
  return new Response('Hello World', { headers: { 'content-type': 'text/html; charset=utf-8' } });
}
