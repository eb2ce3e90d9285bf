/**
 * How React Router (v6 inside Remix v2, and v7) turns a raw URL path into route params, so a raw
 * tail of the path can be checked against the decoded `params['*']` the framework hands over.
 */

/**
 * Decodes `raw` as the router does for a splat param: every segment is percent-decoded (an
 * encoded `/` stays `%2F` while matching), then `%2F` becomes `/` in the param value. A path with
 * a malformed escape is left undecoded as a whole, as the router does.
 */
export function decodeLikeRouter(raw: string): string {
  let decoded: string;
  try {
    decoded = raw
      .split('/')
      .map((segment) => decodeURIComponent(segment).replace(/\//g, '%2F'))
      .join('/');
  } catch {
    decoded = raw;
  }
  return decoded.replace(/%2F/g, '/');
}

/**
 * The forms in which the router may have matched a raw path tail: as is; without a `.data`
 * suffix (React Router 7 single fetch, when `future.v8_passThroughRequests` hands the loader the
 * request unchanged); and without one trailing `/` (React Router 7 matches `/a/` as `/a`).
 */
export function routerMatchForms(rawTail: string): string[] {
  const forms = [rawTail];
  let stripped = rawTail;
  if (stripped.endsWith('/_.data')) stripped = stripped.slice(0, -'_.data'.length);
  else if (stripped.endsWith('.data')) stripped = stripped.slice(0, -'.data'.length);
  if (stripped !== rawTail) forms.push(stripped);
  if (stripped.endsWith('/')) forms.push(stripped.slice(0, -1));
  return forms;
}
