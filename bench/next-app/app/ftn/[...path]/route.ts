// (f) The same Express app as (c), served in this catch-all through fetch-to-node instead of
// Graft: toReqRes(request), run the app, await toFetchResponse(res). /ftn/hello -> /hello.
//
// The prefix is handled as @graft/next's mount() handles it for (c): the app sees
// req.url = '/hello', req.originalUrl = '/ftn/hello' and req.baseUrl = '/ftn' (no Express
// sub-app, no second Request). Express needs glue to run on fetch-to-node; it is applied to this
// app alone (fetch-to-node-glue.mjs), so Graft's route and its Express are not touched.
import { toFetchResponse, toReqRes } from 'fetch-to-node';
import { glueExpressAppToFetchToNode } from '../../../../fetch-to-node-glue.mjs';
import { createBenchApp } from '../../../../http-app.mjs';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

const PREFIX = '/ftn';
const app = glueExpressAppToFetchToNode(createBenchApp());

type ExpressFields = { originalUrl: string; baseUrl: string };

async function handle(request: Request): Promise<Response> {
  const { req, res } = toReqRes(request);
  const originalUrl = req.url ?? '';
  if (!originalUrl.startsWith(`${PREFIX}/`)) return new Response('Not Found', { status: 404 });
  req.url = originalUrl.slice(PREFIX.length);
  Object.assign(req, { originalUrl, baseUrl: PREFIX } satisfies ExpressFields);
  app(req as never, res as never);
  return toFetchResponse(res);
}

export const GET = handle;
export const HEAD = handle;
export const POST = handle;
export const PUT = handle;
export const PATCH = handle;
export const DELETE = handle;
export const OPTIONS = handle;
