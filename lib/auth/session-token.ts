import { decode, type JWT } from 'next-auth/jwt';

// next-auth's cookie names: __Secure- when served over https.
const NAMES = ['__Secure-next-auth.session-token', 'next-auth.session-token'];

function cookie(headers: Headers, name: string): string | undefined {
  for (const part of (headers.get('cookie') ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

/** The signed-in user's token from the request's cookie, or null. */
export async function sessionToken(headers: Headers, secret: string): Promise<JWT | null> {
  for (const name of NAMES) {
    const token = cookie(headers, name);
    if (!token) continue;
    try {
      return await decode({ token, secret });
    } catch {
      return null;
    }
  }
  return null;
}
