import type { Queryable } from './engine/tx';

export type SealedSecret = { name: string; sealed: string };

/**
 * The sealed values of these secrets, for a worker about to run a handler; marks them used.
 * last_used_at moves at most once a minute, so runs that share a hot secret do not queue on
 * its row lock.
 */
export async function takeSealedSecrets(client: Queryable, names: string[]): Promise<SealedSecret[]> {
  const { rows } = await client.query<SealedSecret>(
    `with used as (
       update secrets set last_used_at = now()
       where name = any($1::text[]) and (last_used_at is null or last_used_at < now() - interval '1 minute')
     )
     select name, sealed from secrets where name = any($1::text[])`,
    [names],
  );
  return rows;
}

/** Secrets sealed with a key other than `keyId`: what a rotation re-seals. */
export async function secretsSealedWithOtherKeys(client: Queryable, keyId: string): Promise<SealedSecret[]> {
  const { rows } = await client.query<SealedSecret>('select name, sealed from secrets where key_id <> $1 order by name', [keyId]);
  return rows;
}

/** Store a re-sealed value, unless someone replaced the value meanwhile. Its updated_at stays: the value did not change. */
export async function reseal(client: Queryable, name: string, from: string, to: string, keyId: string): Promise<boolean> {
  const { rowCount } = await client.query('update secrets set sealed = $3, key_id = $4 where name = $1 and sealed = $2', [name, from, to, keyId]);
  return rowCount === 1;
}

export type TaskWithSealedFields = { id: string; handler: string; config: Record<string, unknown> };

/** Tasks with a config field sealed in place (lib/secrets/fields.ts): what a rotation also re-seals. */
export async function tasksWithSealedFields(client: Queryable): Promise<TaskWithSealedFields[]> {
  const { rows } = await client.query<TaskWithSealedFields>(`select id, handler, config from tasks where config::text like '%"sealed:v1.%' order by id`);
  return rows;
}

/** Store a config with re-sealed fields, unless the task was saved meanwhile. */
export async function resealTaskConfig(client: Queryable, id: string, from: unknown, to: unknown): Promise<boolean> {
  const { rowCount } = await client.query('update tasks set config = $3::jsonb where id = $1 and config = $2::jsonb', [id, JSON.stringify(from), JSON.stringify(to)]);
  return rowCount === 1;
}

/** Notification channels whose write-only part was sealed with a key other than `keyId`. */
export async function channelsSealedWithOtherKeys(client: Queryable, keyId: string): Promise<{ id: string; sealed: string }[]> {
  const { rows } = await client.query<{ id: string; sealed: string }>('select id, sealed from notification_channels where sealed is not null and key_id is distinct from $1 order by id', [keyId]);
  return rows;
}

/** Store a re-sealed channel secret, unless it was replaced meanwhile. */
export async function resealChannel(client: Queryable, id: string, from: string, to: string, keyId: string): Promise<boolean> {
  const { rowCount } = await client.query('update notification_channels set sealed = $3, key_id = $4 where id = $1 and sealed = $2', [id, from, to, keyId]);
  return rowCount === 1;
}

/** A settings row by key, for re-sealing the values sealed inside it. */
export async function settingValue(client: Queryable, key: string): Promise<unknown> {
  const { rows } = await client.query<{ value: unknown }>('select value from settings where key = $1', [key]);
  return rows[0]?.value;
}

/** Store a settings value with a re-sealed part, unless it changed meanwhile. */
export async function resealSetting(client: Queryable, key: string, from: unknown, to: unknown): Promise<boolean> {
  const { rowCount } = await client.query('update settings set value = $3::jsonb where key = $1 and value = $2::jsonb', [key, JSON.stringify(from), JSON.stringify(to)]);
  return rowCount === 1;
}
