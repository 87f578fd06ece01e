import { AsyncLocalStorage } from 'node:async_hooks';

// authorize() only learns of a refusal deep inside next-auth, which turns any thrown error
// into a generic 401. This carries the wait back out to the route, per request.
const verdicts = new AsyncLocalStorage<{ waitSeconds?: number }>();

/** Called from authorize() when the throttle refuses a try; the sign-in fails either way. */
export function refuseSignIn(waitSeconds: number): never {
  const verdict = verdicts.getStore();
  if (verdict) verdict.waitSeconds = waitSeconds;
  throw new Error('TooManySignIns');
}

/** Runs next-auth's handler and answers a refused try with 429 and the wait. */
export async function answerRefusals(handle: () => Promise<Response>): Promise<Response> {
  const verdict: { waitSeconds?: number } = {};
  const response = await verdicts.run(verdict, handle);
  const wait = verdict.waitSeconds;
  if (wait === undefined) return response;
  return Response.json(
    { error: { code: 'rate_limited', message: `Too many failed sign-ins. Try again in ${wait} s.`, retryAfterSeconds: wait } },
    { status: 429, headers: { 'retry-after': String(wait), 'cache-control': 'no-store' } },
  );
}
