/**
 * A client that leaves is not an error of the host. Before the app answers, core's
 * `isClientGone`/`clientGoneResponse` cover it; here is what Remix hosts need on top, once the
 * body is streaming.
 */
import { isClientGone } from '@graft/core';

/**
 * The app's response with a body that ends quietly, instead of failing, once the client has
 * left. Core errors the body stream with the abort reason when the request is aborted mid-body;
 * the Express adapters of Remix and React Router (`remix-serve`, `@remix-run/express`,
 * `@react-router/express`) pass that error to Express, which logs a stack trace for every
 * visitor who closes a tab on a streaming page (server-sent events, a download). Nobody is left
 * to read the body either way. Any other failure still errors the body.
 */
export function endQuietlyWhenClientLeaves(response: Response, request: Request): Response {
  const source = response.body;
  if (!source) return response;
  const reader = source.getReader();
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const { done, value } = await reader.read();
          if (done) controller.close();
          else controller.enqueue(value);
        } catch (error) {
          if (isClientGone(request, error)) controller.close();
          else controller.error(error);
        }
      },
      cancel(reason) {
        return reader.cancel(reason);
      },
    },
    // Pull-through: the app's own backpressure is what limits buffering.
    { highWaterMark: 0 },
  );
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}
