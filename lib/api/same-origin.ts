import { normalOrigin, REQUEST_ORIGIN_HEADER } from '../auth/request-origin';
import { env } from '../env';
import { AppError } from './errors';

/**
 * Where a browser may send a signed-in change from: the origin the request reached (scheme,
 * host and port, as bin/web.ts stamped it) and the configured public URL (NEXTAUTH_URL).
 * Called without bin/web.ts in front (route tests), the Host header over http stands in.
 */
function allowedOrigins(headers: Headers): string[] {
  const own = headers.get(REQUEST_ORIGIN_HEADER) ?? normalOrigin(`http://${headers.get('host') ?? ''}`);
  return [own, normalOrigin(env().NEXTAUTH_URL)].filter((o): o is string => o !== null);
}

/** Cookies ride along on cross-site requests; the Origin header does not lie in browsers. */
export function assertSameOrigin(headers: Headers): void {
  const origin = normalOrigin(headers.get('origin'));
  if (!origin || !allowedOrigins(headers).includes(origin)) {
    throw new AppError('forbidden', 'cross-origin request refused: the Origin header must be this site (scheme, host and port)');
  }
}
