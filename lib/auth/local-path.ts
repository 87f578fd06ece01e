// A placeholder origin: a value is local when resolving it against any origin keeps that origin.
const BASE = 'http://sundial.invalid';
// One leading slash and no second slash or backslash after it: browsers read "//host" and
// "/\host" as another host.
const LOCAL = /^\/(?![/\\])/;

/**
 * Where to send the browser after sign-in: a path on this site, or "/". No library does this
 * one check, and the WHATWG URL parser does the hard part (it is also what the browser uses).
 * The parsed path is checked again, since "/..//evil.example" resolves to "//evil.example".
 */
export function localPath(value: unknown): string {
  if (typeof value !== 'string' || !LOCAL.test(value) || /[\\\u0000-\u001f\u007f]/.test(value)) return '/';
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return '/';
  }
  const path = `${url.pathname}${url.search}${url.hash}`;
  return url.origin === BASE && LOCAL.test(path) ? path : '/';
}

/**
 * For next-auth's redirect callback: its own URLs are absolute on NEXTAUTH_URL, which may not
 * be the host the user is on (127.0.0.1 against localhost, or a second name). A path keeps
 * the browser on the host it used; anything off-site becomes "/".
 */
export function sameSiteRedirect(url: string, baseUrl: string): string {
  const own = url === baseUrl || url.startsWith(`${baseUrl}/`);
  return localPath(own ? url.slice(baseUrl.length) || '/' : url);
}
