/**
 * Compressed answers through Next. Next drops `Content-Encoding` from a route handler's
 * `Response` (it assumes `fetch()` already decoded the body; seen in 15.5.29, 16.4.6 and 16.5.0,
 * not in 16.0.0). Next 16 then compresses the body itself, Next 15 sends it as it is. An app that
 * compresses — Express `compression()`, `koa-compress`, json-server — thus reached the browser as
 * gzip of its brotli bytes labelled `gzip` only (16.x), or as brotli bytes with no label (15.5):
 * undecodable, in `next start` and `next dev` alike.
 *
 * So the app is asked for the identity coding: it sees `Accept-Encoding: identity`, answers
 * uncompressed, and Next (its `compress` option, on by default) or a proxy in front compresses the
 * answer once, for what the browser accepts.
 */

/**
 * The request header the app gets in place of the client's `Accept-Encoding` (core's
 * `requestHeaders`): a Node app sees it in `req.headers` with no copy of the `Request`; a fetch
 * app gets a copy with it.
 */
export const IDENTITY_ENCODING: Readonly<Record<string, string>> = Object.freeze({ 'accept-encoding': 'identity' });
