import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { auditLog, signInAttempts } from '../../db/schema';

/** Tries one account may make from one address, and from all addresses together. */
export const LIMITS = {
  address: { tries: 5, seconds: 60 },
  account: { tries: 50, seconds: 3600 },
} as const;
export type Scope = keyof typeof LIMITS;

export type Admission =
  | { admitted: true; attemptId: number; tries: Record<Scope, number> }
  | { admitted: false; waitSeconds: number };

/**
 * Takes a try before the password is checked, or refuses it. A try counts until it is known
 * to have succeeded, so tries still being checked count too. `email` is exactly what the
 * password is checked against; lower() here and in the user lookup keeps the two the same.
 */
export async function admitSignIn(db: Db, email: string, ip: string): Promise<Admission> {
  return db.transaction(async (tx) => {
    // One account's tries queue on this lock, in every web process, so the count and the
    // insert below cannot interleave: 20 parallel tries get 5 password checks, not 16.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended('sign-in:' || lower(${email}), 0))`);
    const { rows } = await tx.execute<{ address: number; account: number; address_wait: number | null; account_wait: number | null }>(sql`
      select count(*) filter (where ip = ${ip} and created_at > now() - make_interval(secs => ${LIMITS.address.seconds}))::int as address,
             count(*)::int as account,
             ceil(extract(epoch from min(created_at) filter (where ip = ${ip} and created_at > now() - make_interval(secs => ${LIMITS.address.seconds}))
               + make_interval(secs => ${LIMITS.address.seconds}) - now()))::int as address_wait,
             ceil(extract(epoch from min(created_at) + make_interval(secs => ${LIMITS.account.seconds}) - now()))::int as account_wait
      from ${signInAttempts}
      where email = lower(${email}) and not succeeded and created_at > now() - make_interval(secs => ${LIMITS.account.seconds})`);
    const counts = rows[0] ?? { address: 0, account: 0, address_wait: null, account_wait: null };
    // Refused tries are not recorded: otherwise someone hammering an account would keep it
    // locked for ever. At the limit, the wait is until the oldest counted try ages out.
    const waits: number[] = [];
    if (counts.address >= LIMITS.address.tries) waits.push(counts.address_wait ?? LIMITS.address.seconds);
    if (counts.account >= LIMITS.account.tries) waits.push(counts.account_wait ?? LIMITS.account.seconds);
    if (waits.length > 0) return { admitted: false, waitSeconds: Math.max(1, ...waits) };
    const [row] = await tx
      .insert(signInAttempts)
      .values({ email: sql`lower(${email})`, ip, succeeded: false })
      .returning({ id: signInAttempts.id });
    return { admitted: true, attemptId: row!.id, tries: { address: counts.address + 1, account: counts.account + 1 } };
  });
}

/** After the check: a success stops counting; the failure that reaches a limit starts a lockout, which is audited. */
export async function settleSignIn(
  db: Db,
  admission: Extract<Admission, { admitted: true }>,
  outcome: { succeeded: boolean; email: string; ip: string; userId?: string },
): Promise<void> {
  if (outcome.succeeded) {
    await db.update(signInAttempts).set({ succeeded: true }).where(eq(signInAttempts.id, admission.attemptId));
    return;
  }
  for (const scope of ['address', 'account'] as const) {
    if (admission.tries[scope] !== LIMITS[scope].tries) continue;
    await db.insert(auditLog).values({
      actorType: 'system',
      actorLabel: 'sign-in throttle',
      ip: outcome.ip,
      action: 'sign_in.lockout',
      targetType: 'user',
      targetId: outcome.userId ?? null,
      after: { email: outcome.email.toLowerCase(), scope, tries: LIMITS[scope].tries, withinSeconds: LIMITS[scope].seconds },
    });
  }
}

/** Forgets an account's counted tries, from every address. */
export async function clearSignInTries(db: Db, email: string): Promise<void> {
  await db.delete(signInAttempts).where(sql`${signInAttempts.email} = lower(${email}) and not ${signInAttempts.succeeded}`);
}
