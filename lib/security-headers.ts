/**
 * The headers every page and API answer carries (proxy.ts sets them). Scripts run only with
 * this request's nonce; 'strict-dynamic' lets Next's own chunks load the rest. Styles allow
 * inline because React style props and the UI primitives write style attributes, which a
 * nonce cannot cover; an injected style cannot run code.
 */
export function contentSecurityPolicy(nonce: string, opts: { https: boolean; dev?: boolean }): string {
  const directives = [
    "default-src 'self'",
    // React's development build needs eval for its error overlays; production never does.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${opts.dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    // No page may be framed, even by a same-site page: it could read /tasks.
    "frame-ancestors 'none'",
    ...(opts.https ? ['upgrade-insecure-requests'] : []),
  ];
  return directives.join('; ');
}

export function securityHeaders(opts: { csp: string; api: boolean; https: boolean }): Record<string, string> {
  return {
    'content-security-policy': opts.csp,
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'same-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
    'cross-origin-opener-policy': 'same-origin',
    // Only over https: a browser that saw it on a plain-http deployment would lock itself out.
    ...(opts.https ? { 'strict-transport-security': 'max-age=31536000' } : {}),
    // Answers hold task configs, run results and audit entries: no cache keeps a copy.
    ...(opts.api ? { 'cache-control': 'no-store' } : {}),
  };
}

/** A fresh nonce per request: 128 random bits, base64. */
export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
}
