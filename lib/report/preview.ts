import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { getPool } from '../db';
import { env } from '../env';
import { reportWeekly } from '../notify/templates/report-weekly';
import { buildWeeklyReport } from './weekly';

/** Where links in messages point: the dashboard's public URL. */
export const dashboardUrl = () => (env().NEXTAUTH_URL ?? `http://localhost:${env().PORT}`).replace(/\/$/, '');

/** This week's report as it would be sent now, and the built-in task that sends it (if one is left). */
export async function weeklyReportPreview(db: Db) {
  const report = await buildWeeklyReport(getPool(), new Date());
  const mail = await reportWeekly.render(report, { baseUrl: dashboardUrl(), subjectPrefix: '[Sundial]', footer: `Sent by Sundial, ${dashboardUrl()}` });
  const task = await db.execute<{ id: string; name: string; enabled: boolean }>(sql`select id, name, enabled from tasks where handler = 'weekly-report' order by created_at limit 1`);
  return { from: report.from, to: report.to, subject: mail.subject, html: mail.html, text: mail.text, task: task.rows[0] ?? null };
}
