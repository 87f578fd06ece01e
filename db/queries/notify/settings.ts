import type { Queryable } from '../engine/tx';

/** Settings rows by key, for processes without the drizzle db (the worker's sender). */
export async function readSettingValues(client: Queryable, keys: string[]): Promise<Map<string, unknown>> {
  const { rows } = await client.query<{ key: string; value: unknown }>('select key, value from settings where key = any($1::text[])', [keys]);
  return new Map(rows.map((r) => [r.key, r.value]));
}

/** Store `value` under `key` unless a value is there already; answers the value that stays. */
export async function settingOnce(client: Queryable, key: string, value: unknown): Promise<unknown> {
  await client.query('insert into settings (key, value) values ($1, $2::jsonb) on conflict (key) do nothing', [key, JSON.stringify(value)]);
  const { rows } = await client.query<{ value: unknown }>('select value from settings where key = $1', [key]);
  return rows[0]?.value;
}
