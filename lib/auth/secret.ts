import { env } from '../env';
import { StartupError } from '../errors';

/** The web process always has one: set by the operator, or generated into the data dir at start. */
export function authSecret(): string {
  const secret = env().AUTH_SECRET ?? process.env.AUTH_SECRET;
  if (!secret) throw new StartupError('AUTH_SECRET is not set');
  return secret;
}
