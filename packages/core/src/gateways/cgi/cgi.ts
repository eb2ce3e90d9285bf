/**
 * `cgi(options)`: a CGI/1.1 gateway (RFC 3875) as a Node `(req, res)` listener, so a program in
 * any language — git's `git-http-backend`, a Perl or Python script — mounts like any Node app:
 * through `callNodeApp`, Express's `app.use`, or `http.createServer`.
 *
 * This file accepts a request (a usable path, the environment of its first run) and hands it to
 * a {@link CgiExchange}, which waits for a slot, runs the program and ends every way a run can end
 * — the script answers, breaks the protocol, exits early, takes too long, or the client leaves —
 * with a defined response and no process left behind.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NodeRequestListener } from '../../bridge/node-app.js';
import { answerGatewayFailure, GatewayError } from '../gateway-failure.js';
import type { Limiter } from '../gateway-limiter.js';
import { gatewayIdentity, gatewayTarget, sendGatewayError } from '../gateway-request.js';
import { buildCgiEnv, decodeCgiPath } from './cgi-env.js';
import { CgiExchange } from './cgi-exchange.js';
import { type CgiConfig, type CgiOptions, resolveCgiConfig } from './cgi-options.js';

export type { CgiOptions } from './cgi-options.js';

/**
 * Creates a CGI/1.1 gateway for one program: a `(req, res)` listener that runs `command` once
 * per request with the RFC 3875 meta-variables and streams its answer back.
 *
 * - SCRIPT_NAME is the mount prefix (`req.baseUrl`, decoded), PATH_INFO the decoded rest (`''`
 *   for the bare mount, `/` for the mount with a slash), QUERY_STRING the raw query, REQUEST_URI
 *   the raw original target. A PATH_INFO with a `..` segment or a NUL (even percent-encoded) is
 *   refused with 400 before anything runs.
 * - REMOTE_USER / AUTH_TYPE come only from the identity the host passed (`req.graft.identity`);
 *   client headers never set them. Each request header becomes `HTTP_*` except `Proxy`
 *   (httpoxy), `Authorization` (unless `passAuthorization`), identity headers, hop-by-hop fields,
 *   and names with characters other than letters, digits and `-` (so `X_User` cannot pose as
 *   `X-User`). The server's environment reaches the script only through `inheritEnv`.
 * - The body streams to stdin; with a chunked upload there is no CONTENT_LENGTH and stdin ends at
 *   the body's end. A script may exit without reading it.
 * - The header block may use LF or CRLF; `Status:` may omit the reason phrase; repeated fields
 *   (`Set-Cookie`) are kept. `Location` with an absolute URL is a 302 (unless `Status` says
 *   otherwise). `Location: /path` without `Status` is a local redirect (RFC 3875 §6.2.2): when the
 *   path is under the mount, the program is run again for it as a GET (up to 10 times);
 *   otherwise it becomes a 302 to that path, as the host's own routes are not reachable from here.
 * - Errors: a malformed or oversized header block, or an exit before the block is complete: 502.
 *   The program cannot be started: 500. `timeout` before the block: 504. All slots and the queue
 *   busy: 503 with `Retry-After`. Once the head is out, `stallTimeout` without progress (the
 *   client stopped reading, or the program stopped writing): the response is cut short. A
 *   non-zero exit (or a Content-Length not met) after the head: the response is cut short, so the
 *   client sees a truncated message rather than a complete one. Each failure goes to `onError` as
 *   a `GatewayError` (which may answer instead of the 500/502/504), else to `logger`.
 * - Every way a run is abandoned (timeout, stall, protocol error, client gone) sends SIGTERM to the
 *   program's process group, then SIGKILL after `killGrace`.
 *
 * @example
 * ```ts
 * const git = cgi({
 *   command: '/usr/lib/git-core/git-http-backend',
 *   env: { GIT_PROJECT_ROOT: '/srv/git', GIT_HTTP_EXPORT_ALL: '1' },
 * });
 * export const GET = (request: Request) =>
 *   callNodeApp(git, request, { mountPath: '/git', identity: await currentUser() });
 * ```
 *
 * @throws {InvalidOptionError} for a missing `command` or an invalid number.
 */
export function cgi(options: CgiOptions): NodeRequestListener {
  const { config, limiter } = resolveCgiConfig(options);
  return function cgiGateway(req: IncomingMessage, res: ServerResponse): Promise<void> {
    return serveCgi(req, res, config, limiter).catch((error: unknown) => {
      const failure = new GatewayError('GRAFT_GATEWAY_FAILED', `gateway failure: ${String(error)}`, { cause: error });
      answerGatewayFailure(config, req, res, failure, { status: 500, text: 'Internal Server Error' });
    });
  };
}

/** Accepts one request: 400 for a path a script must not get, 500 if its environment cannot be built. */
async function serveCgi(req: IncomingMessage, res: ServerResponse, config: CgiConfig, limiter: Limiter): Promise<void> {
  const target = gatewayTarget(req);
  const pathInfo = target && decodeCgiPath(target.pathInfo);
  if (!target || pathInfo === undefined) {
    sendGatewayError(res, 400, 'Bad Request: invalid request path');
    return;
  }
  let extraEnv: Readonly<Record<string, string | undefined>> | undefined;
  let env: Record<string, string>;
  const identity = gatewayIdentity(req);
  const scriptName = decodeCgiPath(target.mountPath) ?? target.mountPath;
  try {
    extraEnv = config.requestEnv ? await config.requestEnv(req) : undefined;
    env = buildCgiEnv(
      {
        req,
        method: req.method ?? 'GET',
        scriptName,
        pathInfo,
        queryString: target.search.slice(1),
        requestUri: target.requestUri,
        withBody: true,
        identity,
      },
      config,
      extraEnv,
    );
  } catch (error) {
    const failure = new GatewayError('GRAFT_GATEWAY_FAILED', `cannot build the environment: ${String(error)}`, { cause: error });
    answerGatewayFailure(config, req, res, failure, { status: 500, text: 'Internal Server Error' });
    return;
  }
  new CgiExchange({ req, res, config, limiter, target, identity, scriptName, extraEnv, env }).start();
}
