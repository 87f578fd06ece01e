import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { getPool } from '../db';
import { loadNotifySettings } from '../notify/config';
import { reportWeekly } from '../notify/templates/report-weekly';
import { buildWeeklyReport } from './weekly';

/** The task that sends the weekly report: the oldest with the handler (the built-in one, unless it was deleted). */
export async function reportTask(db: Db): Promise<{ id: string; name: string; enabled: boolean; schedule: unknown; config: { channels?: string[] } } | null> {
  const task = await db.execute<{ id: string; name: string; enabled: boolean; schedule: unknown; config: { channels?: string[] } }>(
    sql`select id, name, enabled, schedule, config from tasks where handler = 'weekly-report' order by created_at limit 1`,
  );
  return task.rows[0] ?? null;
}

/** This week's report as it would be sent now, and the built-in task that sends it (if one is left). */
export async function weeklyReportPreview(db: Db) {
  const pool = getPool();
  const [report, settings] = await Promise.all([buildWeeklyReport(pool, new Date()), loadNotifySettings(pool)]);
  const mail = await reportWeekly.render(report, settings.ctx);
  return { from: report.from, to: report.to, subject: mail.subject, html: mail.html, text: mail.text, task: await reportTask(db) };
}
