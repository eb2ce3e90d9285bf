/**
 * `safeRedirectPath`: the one check for "where to go after signing in" (`redirectTo`,
 * `callbackUrl`, `returnTo`), so that a link to a site's sign-in page cannot send the user to
 * another site afterwards (an open redirect).
 */

// A base that no real site has: what a value resolves to against it tells whether it stays on
// whatever origin it is later resolved against.
const PROBE_ORIGIN = 'http://x.invalid';

// ASCII control characters (C0 and DEL) and the backslash. Browsers drop tab, LF and CR anywhere
// in a URL (`/\t/evil.example` becomes `//evil.example`, another host), strip leading and trailing
// C0 controls, and read `\` as `/` in http(s) URLs (`/\evil.example` is `//evil.example`).
// eslint-disable-next-line no-control-regex
const UNSAFE_CHARACTER = /[\u0000-\u001f\u007f\\]/;

/**
 * The way back after a sign-in, if `value` is a path on this site; otherwise `fallback`.
 *
 * Accepted: a string that starts with exactly one `/` (a path-absolute reference such as
 * `/tools/notes?x=1#top`), contains no ASCII control character (tab, LF, CR, …) and no `\`,
 * and resolves to the same origin as any base URL. Everything else gives `fallback`:
 * non-strings, relative paths (`notes`), absolute URLs (`https://evil.example/`, even of this
 * site: the caller knows its origin, the value does not), protocol-relative `//evil.example`,
 * and the forms that browsers turn into one (`/\t/evil.example`, `/\evil.example`).
 *
 * The result is the value in its normalised form, as the WHATWG URL parser serialises it: dot
 * segments resolved (`/a/../b` is `/b`), characters that may not appear in a header
 * percent-encoded (`/café` is `/caf%C3%A9`), so it can go into a `Location` header as it is. A
 * value whose normalised form would start with `//` (`/..//evil.example`) gives `fallback` too.
 *
 * `fallback` is returned as given: pass a constant path such as `'/'`.
 *
 * @param value - The requested target, typically a query parameter or form field (anything:
 *   a `FormDataEntryValue`, `null`, … are all handled).
 * @param fallback - What to use when `value` is not a safe path. Default `'/'`.
 * @returns A path-absolute reference (path, query and fragment) on the same origin, or `fallback`.
 *
 * @example
 * ```ts
 * safeRedirectPath('/tools/notes?x=1'); // '/tools/notes?x=1'
 * safeRedirectPath('//evil.example/'); // '/'
 * safeRedirectPath('/\t/evil.example/'); // '/'
 * safeRedirectPath(form.get('redirectTo'), '/home'); // '/home' when the field is missing
 * ```
 */
export function safeRedirectPath(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string') return fallback;
  if (value[0] !== '/' || value[1] === '/') return fallback;
  if (UNSAFE_CHARACTER.test(value)) return fallback;
  let url: URL;
  try {
    url = new URL(value, PROBE_ORIGIN);
  } catch {
    return fallback;
  }
  if (url.origin !== PROBE_ORIGIN) return fallback;
  const normalised = url.pathname + url.search + url.hash;
  // Dot segments can leave an empty first segment behind: `/..//x` is `//x`, another host.
  if (normalised[0] !== '/' || normalised[1] === '/') return fallback;
  return normalised;
}
