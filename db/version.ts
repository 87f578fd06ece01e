import type pg from 'pg';
import journal from './migrations/meta/_journal.json' with { type: 'json' };

/** The migrations this build knows, oldest first. drizzle records each by its `when`. */
const known = journal.entries.map((e) => ({ tag: e.tag, when: e.when }));
export const expectedSchemaVersion = known.length;

export type SchemaStatus = {
  /** How many of this build's migrations the database has. */
  version: number;
  expected: number;
  /** The database has migrations this build does not know: it was upgraded by a newer Sundial. */
  unknownApplied: number;
  state: 'empty' | 'behind' | 'current' | 'ahead';
};

export async function schemaStatus(client: pg.Pool | pg.Client): Promise<SchemaStatus> {
  const exists = await client.query<{ present: boolean }>(
    `select to_regclass('drizzle.__drizzle_migrations') is not null as present`,
  );
  if (!exists.rows[0]?.present) {
    return { version: 0, expected: expectedSchemaVersion, unknownApplied: 0, state: 'empty' };
  }
  const { rows } = await client.query<{ created_at: string }>(
    'select created_at from drizzle.__drizzle_migrations',
  );
  const applied = new Set(rows.map((r) => Number(r.created_at)));
  const version = known.filter((m) => applied.has(m.when)).length;
  const knownWhen = new Set(known.map((m) => m.when));
  const unknownApplied = [...applied].filter((w) => !knownWhen.has(w)).length;
  const state =
    unknownApplied > 0 ? 'ahead' : version === 0 ? 'empty' : version < expectedSchemaVersion ? 'behind' : 'current';
  return { version, expected: expectedSchemaVersion, unknownApplied, state };
}

/** Why web and worker must refuse to run on this schema, or undefined when it is the one they know. */
export function schemaProblem(status: SchemaStatus): string | undefined {
  if (status.state === 'ahead') {
    return `the database schema is newer than this Sundial build (${status.unknownApplied} unknown migration(s); this build knows ${status.expected}). Upgrade this process to the Sundial release that migrated the database.`;
  }
  if (status.state !== 'current') {
    return `the database schema is at version ${status.version} of ${status.expected}: run \`npm run db:migrate\` (npm start does this for you)`;
  }
  return undefined;
}
