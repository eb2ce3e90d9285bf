/**
 * The libraries under comparison, each reduced to "make one call and consume the whole body",
 * the way a host would use it.
 *
 * graft and fetch-to-node start from a Fetch `Request` and give a Fetch `Response`, so their
 * calls include `new Request(...)` and `await response.arrayBuffer()`. light-my-request starts
 * from an options object and returns a buffered payload, which the call reads.
 */
import { callNodeApp } from '@graft/core';
import { FetchIncomingMessage, FetchServerResponse, toFetchResponse, toReqRes } from 'fetch-to-node';
import { inject } from 'light-my-request';

const ORIGIN = 'http://localhost';

/**
 * fetch-to-node builds its own `IncomingMessage`/`ServerResponse` look-alikes, and Express
 * re-parents every `req`/`res` onto Express's prototypes, which inherit from Node's classes, so
 * fetch-to-node's methods and fields vanish. The glue (what light-my-request does for Express by
 * itself) re-parents this copy of Express's prototypes onto fetch-to-node's classes instead.
 */
function glueExpressToFetchToNode(express) {
  Object.setPrototypeOf(express.request, FetchIncomingMessage.prototype);
  Object.setPrototypeOf(express.response, FetchServerResponse.prototype);
}

/**
 * Runs one request of an un-glued Express 5 app on fetch-to-node and returns what went wrong,
 * or `undefined` if it worked. An error handler on the probe app catches what the route throws.
 */
export async function probeExpressOnFetchToNode(appSpec) {
  const { app } = appSpec.make();
  let appError;
  app.use((error, _req, _res, _next) => {
    appError = error;
  });
  const { req, res } = toReqRes(new Request(ORIGIN + appSpec.url));
  app(req, res);
  try {
    const response = await toFetchResponse(res);
    const body = await response.text();
    if (body === appSpec.expected && !appError) return undefined;
    return appError ? String(appError) : `unexpected body ${JSON.stringify(body.slice(0, 40))}`;
  } catch (error) {
    const cause = appError ? `; inside the app: ${appError}` : '';
    return `${error.message}${cause}`;
  }
}

/**
 * Each library: `prepare(appSpec)` builds the app for this library and returns `call()`, which
 * resolves with the response body as text-decodable bytes (or the payload string).
 */
export const LIBRARIES = [
  {
    name: 'graft',
    prepare(appSpec) {
      const { app } = appSpec.make();
      const url = ORIGIN + appSpec.url;
      return async () => {
        const response = await callNodeApp(app, new Request(url));
        return response.arrayBuffer();
      };
    },
  },
  {
    name: 'light-my-request',
    prepare(appSpec) {
      const { app } = appSpec.make();
      const options = { method: 'GET', url: appSpec.url };
      return async () => {
        const response = await inject(app, options);
        return response.payload;
      };
    },
  },
  {
    name: 'fetch-to-node',
    prepare(appSpec) {
      const { app, express } = appSpec.make();
      if (express) glueExpressToFetchToNode(express);
      const url = ORIGIN + appSpec.url;
      return async () => {
        const { req, res } = toReqRes(new Request(url));
        app(req, res);
        const response = await toFetchResponse(res);
        return response.arrayBuffer();
      };
    },
  },
];

/** The cost every Fetch-based bridge pays at least: make the Request, read a Response's bytes. */
export function fetchObjectsFloor() {
  const url = `${ORIGIN}/hello`;
  return async () => {
    new Request(url);
    return new Response('Hello World').arrayBuffer();
  };
}
