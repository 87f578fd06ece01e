import { defineConfig } from 'drizzle-kit';

// Only used by `npm run db:generate`, which diffs db/schema.ts against the committed
// snapshots and writes a new SQL migration. It needs no database connection.
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema.ts',
  out: './db/migrations',
  casing: 'snake_case',
});
