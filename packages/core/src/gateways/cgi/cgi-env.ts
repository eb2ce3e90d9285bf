/**
 * The CGI environment (RFC 3875 §4.1): the meta-variables describing one request, on top of the
 * few variables a deployment chooses to hand the script.
 *
 * The rules here are the security boundary of the CGI gateway: the server's own environment
 * passes only through an allow-list, the identity comes only from the host (never from a client
 * header), and no client header can become a variable that means something else to the script.
 */
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { canonicalHeaderName, type Identity, PROTECTED_IDENTITY_HEADERS } from '../../shared/identity.js';

/** Everything about one run of the script that the environment describes. */
export interface CgiRequestView {
  req: IncomingMessage;
  method: string;
  /** Decoded mount prefix: SCRIPT_NAME. */
  scriptName: string;
  /** Decoded path below the mount: PATH_INFO (`''` for the bare mount). */
  pathInfo: string;
  /** Raw query without its `?`. */
  queryString: string;
  /** Raw original path and query. */
  requestUri: string;
  /** Whether the request body is passed on stdin (false for a local redirect's GET). */
  withBody: boolean;
  identity: Identity | null;
}

/** The configuration that shapes the environment. */
export interface CgiEnvConfig {
  inheritEnv: readonly string[];
  env: Readonly<Record<string, string>>;
  documentRoot: string | undefined;
  passAuthorization: boolean;
  authType: string;
  serverSoftware: string;
}

/**
 * Decodes a raw path for SCRIPT_NAME or PATH_INFO, or gives `undefined` when it is not one a
 * script should be given: a bad percent-escape, a NUL, or a `..` segment (even encoded).
 */
export function decodeCgiPath(raw: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.split('/').includes('..')) return undefined;
  return decoded;
}

/** Meta-variables a configured or inherited variable can never pre-set (they describe the request). */
const META_VARIABLES = new Set([
  'AUTH_TYPE',
  'CONTENT_LENGTH',
  'CONTENT_TYPE',
  'GATEWAY_INTERFACE',
  'HTTPS',
  'PATH_INFO',
  'PATH_TRANSLATED',
  'QUERY_STRING',
  'REMOTE_ADDR',
  'REMOTE_HOST',
  'REMOTE_IDENT',
  'REMOTE_PORT',
  'REMOTE_USER',
  'REQUEST_METHOD',
  'REQUEST_URI',
  'SCRIPT_NAME',
  'SERVER_NAME',
  'SERVER_PORT',
  'SERVER_PROTOCOL',
  'SERVER_SOFTWARE',
]);

/** Header fields that never become HTTP_* variables, by lower-case name. */
const EXCLUDED_HEADERS = new Set([
  // httpoxy: many HTTP libraries read HTTP_PROXY as their outbound proxy.
  'proxy',
  // Available as CONTENT_LENGTH / CONTENT_TYPE (RFC 3875 §4.1.18 says they SHOULD be removed).
  'content-length',
  'content-type',
  // The body arrives on stdin without transfer coding; the connection is the gateway's.
  'transfer-encoding',
  'connection',
  'keep-alive',
  'te',
  'trailer',
  'upgrade',
  'proxy-authorization',
  'proxy-connection',
]);

const PROTECTED = new Set(PROTECTED_IDENTITY_HEADERS);
// Apache's rule: only letters, digits and '-' map to a variable name, so `X_Remote_User` cannot
// impersonate `X-Remote-User` (both would become HTTP_X_REMOTE_USER).
const MAPPABLE_HEADER = /^[A-Za-z0-9-]+$/;

/** Throws a `TypeError` for a name or value the OS cannot carry in an environment. */
export function checkEnvEntry(name: string, value: unknown): asserts value is string {
  if (name === '' || name.includes('=') || name.includes('\0')) {
    throw new TypeError(`invalid environment variable name ${JSON.stringify(name)}`);
  }
  if (typeof value !== 'string' || value.includes('\0')) {
    throw new TypeError(`environment variable ${name} must be a string without NUL characters`);
  }
}

/** Splits a Host field into name and port (IPv6 literals keep their brackets, as RFC 3875 wants). */
function splitHost(host: string): [name: string, port: string | undefined] {
  const close = host.lastIndexOf(']');
  const colon = host.lastIndexOf(':');
  if (colon > close) return [host.slice(0, colon), host.slice(colon + 1) || undefined];
  return [host, undefined];
}

/**
 * Builds the environment for one run of the script: the allow-listed server variables, then
 * `config.env`, then `requestEnv`, then the request's meta-variables, which always win. A
 * meta-variable name or any `HTTP_*` name coming from the first three is dropped first, so a
 * variable that does not apply to this request (REMOTE_USER for an anonymous request) is absent
 * rather than pre-set by configuration.
 *
 * @throws {TypeError} for an `env`/`requestEnv` entry the OS cannot carry.
 */
export function buildCgiEnv(
  view: CgiRequestView,
  config: CgiEnvConfig,
  requestEnv: Readonly<Record<string, string | undefined>> | undefined,
): Record<string, string> {
  const env: Record<string, string> = {};
  const configured = (name: string, value: string | undefined): void => {
    if (value === undefined) return;
    checkEnvEntry(name, value);
    if (META_VARIABLES.has(name) || name.startsWith('HTTP_')) return;
    env[name] = value;
  };
  for (const name of config.inheritEnv) configured(name, process.env[name]);
  for (const [name, value] of Object.entries(config.env)) configured(name, value);
  if (requestEnv) for (const [name, value] of Object.entries(requestEnv)) configured(name, value);

  const { req } = view;
  const socket = req.socket as (TLSSocket & { encrypted?: boolean }) | null;
  const encrypted = socket?.encrypted === true;
  env.GATEWAY_INTERFACE = 'CGI/1.1';
  env.SERVER_SOFTWARE = config.serverSoftware;
  env.SERVER_PROTOCOL = `HTTP/${req.httpVersion || '1.1'}`;
  const host = req.headers.host;
  const [serverName, hostPort] = host ? splitHost(host) : [socket?.localAddress ?? 'localhost', undefined];
  env.SERVER_NAME = serverName;
  env.SERVER_PORT = hostPort ?? (host ? (encrypted ? '443' : '80') : String(socket?.localPort ?? (encrypted ? 443 : 80)));
  env.REQUEST_METHOD = view.method;
  env.SCRIPT_NAME = view.scriptName;
  env.PATH_INFO = view.pathInfo;
  if (config.documentRoot !== undefined && view.pathInfo !== '') {
    env.PATH_TRANSLATED = config.documentRoot.replace(/\/+$/, '') + view.pathInfo;
  }
  env.QUERY_STRING = view.queryString;
  env.REQUEST_URI = view.requestUri;
  if (socket?.remoteAddress) env.REMOTE_ADDR = socket.remoteAddress;
  if (socket?.remotePort !== undefined) env.REMOTE_PORT = String(socket.remotePort);
  if (encrypted) env.HTTPS = 'on';
  if (view.identity) {
    env.REMOTE_USER = view.identity.id;
    env.AUTH_TYPE = config.authType;
  }
  if (view.withBody) {
    const length = req.headers['content-length'];
    // A chunked upload has no length: the script reads stdin to its end (git-http-backend does).
    if (length !== undefined && req.headers['transfer-encoding'] === undefined) env.CONTENT_LENGTH = length;
    if (req.headers['content-type'] !== undefined) env.CONTENT_TYPE = req.headers['content-type'];
  }

  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    const lower = name.toLowerCase();
    if (EXCLUDED_HEADERS.has(lower) || PROTECTED.has(canonicalHeaderName(lower))) continue;
    if (lower === 'authorization' && !config.passAuthorization) continue;
    if (!MAPPABLE_HEADER.test(name)) continue;
    const value = req.headers[lower];
    if (value === undefined) continue;
    const joined = Array.isArray(value) ? value.join(', ') : value;
    if (joined.includes('\0')) continue;
    // Node has already merged repeated fields (RFC 3875 §4.1.18 asks for exactly that).
    env[`HTTP_${lower.toUpperCase().replaceAll('-', '_')}`] = joined;
  }
  return env;
}
