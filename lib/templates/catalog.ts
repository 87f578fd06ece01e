import type { TaskInput } from '../tasks/input';

/** A preset for a new task: what one of the teams in ../shared/use-cases schedules, ready to adjust. */
export type Template = {
  key: string;
  title: string;
  /** Whose job it is, and what to change before saving. */
  description: string;
  task: Omit<TaskInput, 'enabled'> & { enabled?: boolean };
};

const APP_DATABASE = '{{secrets.APP_DATABASE_URL}}';
const NEW_YORK = 'America/New_York';

/** One of the maintenance team's six jobs: a statement on the app's own database. */
function maintenance(key: string, name: string, expression: string, statement: string, when: string): Template {
  return {
    key: `maintenance.${key}`,
    title: `Maintenance: ${name}`,
    description: `The maintenance team's job, ${when} (${expression}). Runs one statement on the app's database, named by the secret APP_DATABASE_URL; test mode rolls it back.`,
    task: {
      name,
      description: `${when}. From the maintenance template.`,
      tags: ['maintenance'],
      handler: 'sql',
      config: { connection: APP_DATABASE, statement },
      schedule: { kind: 'cron', expression, timezone: 'UTC' },
      policy: { concurrency: 'forbid', misfire: 'coalesce', misfireGraceSeconds: 3600, maxAttempts: 3, backoffSeconds: 60, timeoutSeconds: 600 },
    },
  };
}

export const TEMPLATES: Template[] = [
  {
    key: 'bank-sync',
    title: 'Bank sync for one account',
    description:
      "The bank-sync teams' job: one account's transactions every 6 hours on your own worker (queue bank-sync), at most 100 provider calls a day across every task that shares the key, retried with exponential backoff, and a health check first. Set the account id, and run a worker with the Python client.",
    task: {
      name: 'Bank sync: ACCOUNT',
      description: 'Syncs one account. The worker checks the provider is healthy before it syncs. From the bank-sync template.',
      tags: ['bank-sync'],
      handler: 'remote',
      config: { queue: 'bank-sync', settings: { account: 'ACCOUNT', token: '{{secrets.BANK_PROVIDER_TOKEN}}', healthCheck: 'true' } },
      schedule: { kind: 'interval', everySeconds: 21_600 },
      policy: {
        concurrency: 'forbid',
        misfire: 'coalesce',
        maxAttempts: 5,
        backoffSeconds: 60,
        backoffMaxSeconds: 3600,
        timeoutSeconds: 900,
        rateLimit: { key: 'bank-provider', max: 100, perSeconds: 86_400 },
      },
    },
  },
  {
    key: 'csv-import',
    title: 'Nightly CSV import',
    description:
      "The CSV import team's job: every night at 00:00 New York time, the app imports the file and reports back (it answers 202); never two at once, a missed night runs once (coalesce) within 5 minutes of grace, and the outcome is posted to a callback URL. Set the app's URL and the callback.",
    task: {
      name: 'Nightly CSV import',
      description: 'Imports the night’s file. From the CSV import template.',
      tags: ['import'],
      handler: 'http',
      config: { method: 'POST', url: 'https://app.example.com/imports', signingSecret: '{{secrets.APP_SIGNING_SECRET}}', asyncCompletion: true },
      schedule: { kind: 'cron', expression: '0 0 * * *', timezone: NEW_YORK },
      policy: { concurrency: 'forbid', misfire: 'coalesce', misfireGraceSeconds: 300, maxAttempts: 2, backoffSeconds: 600, timeoutSeconds: 3600 },
      notify: { callbackUrl: 'https://app.example.com/hooks/sundial' },
    },
  },
  maintenance('sessions', 'Clean up expired sessions', '0 * * * *', 'DELETE FROM sessions WHERE expires_at < now()', 'every hour'),
  {
    key: 'maintenance.backup',
    title: 'Maintenance: Back up the database',
    description:
      "The maintenance team's job, every day at 03:00 (0 3 * * *): pg_dump of the app's database into /var/backups, through the command handler (the worker needs SUNDIAL_COMMAND_ENABLED=true and pg_dump). Sundial backs up its own database with the built-in sundial.backup task.",
    task: {
      name: 'Back up the database',
      description: 'every day at 03:00. From the maintenance template.',
      tags: ['maintenance'],
      handler: 'command',
      config: {
        command: 'pg_dump --format=custom --file="/var/backups/app-$(date +%F).dump" "$APP_DATABASE_URL"',
        shell: true,
        env: { APP_DATABASE_URL: APP_DATABASE },
      },
      schedule: { kind: 'cron', expression: '0 3 * * *', timezone: 'UTC' },
      policy: { concurrency: 'forbid', misfire: 'coalesce', misfireGraceSeconds: 3600, maxAttempts: 2, backoffSeconds: 300, timeoutSeconds: 3600 },
    },
  },
  maintenance(
    'audit-archive',
    'Archive old audit logs',
    '0 2 * * *',
    "WITH moved AS (DELETE FROM audit_logs WHERE created_at < now() - interval '90 days' RETURNING *) INSERT INTO audit_logs_archive SELECT * FROM moved",
    'every day at 02:00',
  ),
  maintenance(
    'stats',
    'Aggregate daily stats',
    '0 1 * * *',
    "INSERT INTO daily_stats (day, events) SELECT current_date - 1, count(*) FROM events WHERE created_at >= current_date - 1 AND created_at < current_date ON CONFLICT (day) DO UPDATE SET events = excluded.events",
    'every day at 01:00',
  ),
  maintenance('error-logs', 'Clean up old error logs', '0 4 * * 0', "DELETE FROM error_logs WHERE created_at < now() - interval '30 days'", 'every Sunday at 04:00'),
  maintenance(
    'inactive-credentials',
    'Deactivate unused credentials',
    '0 5 1 * *',
    "UPDATE credentials SET active = false WHERE active AND last_used_at < now() - interval '6 months'",
    'on the 1st of every month at 05:00',
  ),
  {
    key: 'background-sync',
    title: 'Background sync every 6 hours',
    description:
      "The budgeting app's job: every 6 hours the app syncs every connected user (4 of the provider's 100 calls a day). The kill switch is the task's own switch: disable it (or Pause all) and no sync starts; Run now still works. Set the app's URL.",
    task: {
      name: 'Background sync',
      description: 'Disable this task to stop background syncs at once (the kill switch). From the background sync template.',
      tags: ['sync'],
      handler: 'http',
      config: { method: 'POST', url: 'https://app.example.com/sync', signingSecret: '{{secrets.APP_SIGNING_SECRET}}', timeoutSeconds: 600 },
      schedule: { kind: 'interval', everySeconds: 21_600 },
      policy: { concurrency: 'forbid', misfire: 'coalesce', maxAttempts: 3, backoffSeconds: 60, timeoutSeconds: 900 },
    },
  },
  {
    key: 'newsletter',
    title: 'Daily newsletter',
    description:
      "The newsletter team's job as a pipeline: scrape → generate → send, every day at 08:00 New York time. Each step is a call to the app and gets the earlier steps' results; a retry starts at the step that failed. Test mode skips the send. Set the app's URL in each step.",
    task: {
      name: 'Daily newsletter',
      description: 'Scrape → generate → send. From the newsletter template.',
      tags: ['newsletter'],
      handler: 'pipeline',
      config: {
        steps: [
          { name: 'scrape', handler: 'http', config: newsletterStep('scrape') },
          { name: 'generate', handler: 'http', config: newsletterStep('generate') },
          { name: 'send', handler: 'http', config: newsletterStep('send'), skipInTestMode: true },
        ],
      },
      schedule: { kind: 'daily', time: '08:00', timezone: NEW_YORK },
      policy: { concurrency: 'forbid', misfire: 'coalesce', misfireGraceSeconds: 3600, maxAttempts: 3, backoffSeconds: 300, timeoutSeconds: 1800 },
    },
  },
];

function newsletterStep(step: string) {
  return { method: 'POST', url: `https://app.example.com/newsletter/${step}`, signingSecret: '{{secrets.APP_SIGNING_SECRET}}', timeoutSeconds: 300 };
}

export const templateByKey = (key: string): Template | undefined => TEMPLATES.find((t) => t.key === key);
