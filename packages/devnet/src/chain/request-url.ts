/**
 * The URL of an HTTP request whose target is a path (`/…`, the origin form every client sends), or
 * undefined for any other target (`*`, an absolute URL). Parsing the target against a base instead would
 * read `//x` as a host name, and throw on `//`.
 *
 * @example
 * ```ts
 * requestUrl("//status")?.pathname; // "//status", a path the servers do not serve
 * ```
 */
export function requestUrl(target: string | undefined): URL | undefined {
  const path = target ?? "/";
  return path.startsWith("/") ? new URL(`http://localhost${path}`) : undefined;
}
