/**
 * The Fetch `Response` made from the app's response head, at the moment Node has fixed it: its
 * status, header block and reason phrase, and the body `takeBody` gives it.
 */
import { headerPairsFromHeaderBlock, isNullBodyStatus } from '../shared/headers.js';
import { type BridgeResponse, takeBody } from './response.js';

// RFC 9110 reason-phrase; a Response rejects anything else.
const REASON_PHRASE = /^[\t\x20-\x7e\x80-\xff]*$/;

/** True for a status a Fetch `Response` cannot carry: Node allows 100-999, a `Response` only 200-599. */
export function isUnusableStatus(status: number): boolean {
  return status < 200 || status > 599;
}

/**
 * The app's response as a Fetch `Response`: its head, and a body stream — already holding its
 * bytes when the app has ended the response, else fed as the app writes — or `null` where HTTP
 * forbids a body (a reply to HEAD, 204, 304, …). Call it once, when the head is fixed and its
 * status is usable.
 */
export function fetchResponse(res: BridgeResponse, method: string | undefined): Response {
  const status = res.statusCode;
  const bodyless = method === 'HEAD' || isNullBodyStatus(status);
  const headers = headerPairsFromHeaderBlock(res._header!);
  const statusText = res.statusMessage;
  return new Response(takeBody(res, bodyless), {
    status,
    headers,
    statusText: statusText && REASON_PHRASE.test(statusText) ? statusText : '',
  });
}
