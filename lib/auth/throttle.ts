import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { signInAttempts } from '../../db/schema';

export const MAX_FAILURES = 5;
export const WINDOW_SECONDS = 60;

/** Seconds until this account may try again from this address; 0 when it may now. */
export async function signInWait(db: Db, email: string, ip: string): Promise<number> {
  const { rows } = await db.execute<{ failures: number; oldest: Date | null }>(sql`
    select count(*)::int as failures, min(created_at) as oldest from ${signInAttempts}
    where lower(email) = lower(${email}) and ip = ${ip} and not succeeded
      and created_at > now() - make_interval(secs => ${WINDOW_SECONDS})`);
  const { failures, oldest } = rows[0] ?? { failures: 0, oldest: null };
  if (failures < MAX_FAILURES || !oldest) return 0;
  const { rows: wait } = await db.execute<{ s: number }>(
    sql`select greatest(1, ceil(extract(epoch from ${new Date(oldest)}::timestamptz + make_interval(secs => ${WINDOW_SECONDS}) - now())))::int as s`,
  );
  return wait[0]?.s ?? WINDOW_SECONDS;
}

export async function recordSignIn(db: Db, email: string, ip: string, succeeded: boolean): Promise<void> {
  await db.insert(signInAttempts).values({ email: email.toLowerCase(), ip, succeeded });
}
