import type pg from 'pg';

export type CatalogEntry = { key: string; title: string; description: string; configSchema: unknown };

/** Publish this worker's handlers so the web app can list them and render config forms. */
export async function publishCatalog(pool: pg.Pool, workerId: string, entries: CatalogEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await pool.query(
    `insert into handlers (key, title, description, config_schema, published_by)
     select * from unnest($1::text[], $2::text[], $3::text[], $4::jsonb[], array_fill($5::text, array[cardinality($1::text[])]))
     on conflict (key) do update set title = excluded.title, description = excluded.description,
       config_schema = excluded.config_schema, published_by = excluded.published_by, updated_at = now()`,
    [entries.map((e) => e.key), entries.map((e) => e.title), entries.map((e) => e.description), entries.map((e) => JSON.stringify(e.configSchema)), workerId],
  );
}
