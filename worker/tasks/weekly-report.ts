import { z } from 'zod';
import { defineTask } from '../define';

export const WEEKLY_REPORT_HANDLER = 'weekly-report';

/**
 * Sundial's own weekly report, as a task anyone can see, pause and read the history of.
 * It puts one message per channel in the outbox; the sender delivers it. A retry of the same
 * run does not queue it twice (the dedupe key names the first attempt); "Send now" is a run
 * of its own, so it sends again. A test run builds the report and sends nothing.
 */
export const weeklyReport = defineTask({
  key: WEEKLY_REPORT_HANDLER,
  title: 'Weekly report',
  description: "Sends the week's runs, success rates, p95 durations, failures, missed slots, slowest runs, open incidents and worker uptime to the chosen channels.",
  configSchema: z.object({
    channels: z.array(z.uuid()).max(50).default([]).describe('Channels to send the report to; none means the default channels'),
  }),
  run: async (ctx) => {
    // Loaded on the first report, not with the module: every handler thread loads every handler
    // module at start, and these (the schema and its queries) made a thread start late enough
    // that a busy worker's first second of runs was skipped.
    const [{ insertOutbox }, { recipientsOf, rootRunId }, { buildWeeklyReport }] = await Promise.all([
      import('../../db/queries/notify/outbox'),
      import('../../db/queries/report'),
      import('../../lib/report/weekly'),
    ]);
    const report = await buildWeeklyReport(ctx.db, ctx.scheduledFor);
    const recipients = await recipientsOf(ctx.db, ctx.config.channels, 'report.weekly');
    const to = recipients.map((r) => r.label);
    const channels = recipients.filter((r) => r.channel_id !== null).map((r) => r.label);
    const summary = { week: { from: report.from, to: report.to }, runs: report.totals.runs, tasks: report.totals.tasks, channels, people: recipients.length - channels.length };
    if (to.length === 0) {
      ctx.log('nobody to send to: pick channels in this task, mark one as default under Notifications → Channels, or choose the report on your Account page', 'warn');
      return { ...summary, queued: 0 };
    }
    if (ctx.testMode) {
      ctx.log(`test mode: the report was built and not sent to ${to.join(', ')}`);
      return { ...summary, queued: 0, testMode: true };
    }
    ctx.checkpoint();
    const root = await rootRunId(ctx.db, ctx.runId);
    const base = { event: 'report.weekly', data: report as unknown as Record<string, unknown>, taskId: ctx.taskId };
    const queued = await insertOutbox(
      ctx.db,
      recipients.map((r) => ({ ...base, channelId: r.channel_id, target: r.target, dedupeKey: `report.weekly:run-${root}:${r.suffix}` })),
    );
    ctx.log(`queued for ${to.join(', ')}`);
    return { ...summary, queued: queued.length };
  },
});
