/**
 * The caller's address. bin/web.ts stamps it from the socket on every request (overwriting
 * anything a client sent under that name), so it cannot be forged by a header.
 */
export const CLIENT_IP_HEADER = 'x-sundial-client-ip';

export function clientIp(headers: Headers | Record<string, string | string[] | undefined> | undefined): string {
  const value = headers instanceof Headers ? headers.get(CLIENT_IP_HEADER) : headers?.[CLIENT_IP_HEADER];
  return (Array.isArray(value) ? value[0] : value) || 'unknown';
}
