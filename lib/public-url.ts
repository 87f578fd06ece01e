import { env } from './env';

/** The dashboard's public URL, for links in messages and for apps calling back: NEXTAUTH_URL, else this machine's web port. */
export const publicUrl = (): string => (env().NEXTAUTH_URL ?? `http://localhost:${env().PORT}`).replace(/\/+$/, '');
