/**
 * The route prefix an adapter is configured with (`prefix`, a basename): the path of the route's
 * folder or file, which the framework matches in its decoded form. Hosts compare it with the raw
 * request path by their own rules (Next case-sensitively, React Router case-insensitively), so
 * this file only normalises it and finds the raw stretch of the path to compare it with.
 */
import { InvalidOptionError } from '../shared/errors.js';

/**
 * `''`, or `/a/b` without a trailing slash: `/`, `a/b/` and `/a//` are accepted. The value may
 * be decoded (`/my tools`), as route folders are named.
 *
 * @param name - The option's name, for the error message.
 * @throws {InvalidOptionError} for a non-string, or a value with `?` or `#`.
 */
export function normalizeRoutePrefix(value: string, name: string): string {
  if (typeof value !== 'string') throw new InvalidOptionError(`${name} must be a string`);
  if (/[?#]/.test(value)) throw new InvalidOptionError(`${name} ${JSON.stringify(value)} must be a path without ? or #`);
  const trimmed = value.replace(/\/+$/, '');
  if (trimmed === '') return '';
  return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

/**
 * The raw prefix of `path` spanning as many segments as `prefix` has (`/tools/notes`: two), or
 * `undefined` when the path is shorter. Whether it stands for `prefix` is the host's rule to judge.
 */
export function rawPrefixOf(path: string, prefix: string): string | undefined {
  const count = prefix === '' ? 0 : prefix.split('/').length - 1;
  let end = 0;
  for (let n = 0; n < count; n++) {
    if (end >= path.length) return undefined;
    const next = path.indexOf('/', end + 1);
    end = next === -1 ? path.length : next;
  }
  return path.slice(0, end);
}
