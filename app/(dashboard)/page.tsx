import { getDb } from '@/lib/db';
import { allows } from '@/lib/auth/roles';
import { workersAndQueue } from '@/lib/api/v1/catalog';
import { dailyStats, schedulerPaused } from '@/lib/api/v1/overview';
import { listRuns, listRunsQuery } from '@/lib/api/v1/run-queries';
import { taskJson } from '@/lib/api/v1/task-json';
import { listTasks, listTasksQuery } from '@/lib/api/v1/task-queries';
import { jsonify } from '@/lib/client/json';
import { PageHeader } from '@/components/page-header';
import { DailyChart } from '@/components/overview/daily-chart';
import { FailingTasks, failingTasksPath } from '@/components/overview/failing-tasks';
import { OpenIncidents, openIncidentsPath } from '@/components/incidents/open-incidents';
import { incidentPage, listIncidentsQuery } from '@/lib/api/v1/incidents';
import { NextRuns, nextRunsPath } from '@/components/overview/next-runs';
import { PauseAll } from '@/components/overview/pause-all';
import { Queue } from '@/components/overview/queue';
import { RecentRuns, recentRunsPath } from '@/components/overview/recent-runs';
import { Workers } from '@/components/overview/workers';
import { currentUser } from './current-user';

export const dynamic = 'force-dynamic';

/** The widgets' first data comes from the same queries and query strings their polling uses. */
const queryOf = (path: string) => Object.fromEntries(new URL(path, 'http://x').searchParams);

export default async function OverviewPage() {
  const user = await currentUser();
  const db = getDb();
  const [next, failing, recent, workers, days, paused, incidents] = await Promise.all([
    listTasks(db, listTasksQuery.parse(queryOf(nextRunsPath))),
    listTasks(db, listTasksQuery.parse(queryOf(failingTasksPath))),
    listRuns(db, listRunsQuery.parse(queryOf(recentRunsPath))),
    workersAndQueue(db),
    dailyStats(db, 7),
    schedulerPaused(db),
    incidentPage(db, listIncidentsQuery.parse(queryOf(openIncidentsPath))),
  ]);
  const tasksPage = (p: typeof next) => jsonify({ ...p, items: p.items.map(taskJson) });
  const fleet = jsonify(workers);
  return (
    <>
      <PageHeader title="Overview" actions={<PauseAll initial={paused} canChange={allows(user.role, 'operator')} />} />
      <div className="grid gap-6 lg:grid-cols-2">
        <OpenIncidents initial={jsonify(incidents)} />
        <NextRuns initial={tasksPage(next)} paused={paused} />
        <FailingTasks initial={tasksPage(failing)} />
        <DailyChart initial={days} />
        <RecentRuns initial={jsonify(recent)} />
        {/* Capacity and demand together, beside the (taller) recent runs. */}
        <div className="grid min-w-0 content-start gap-6">
          <Workers initial={fleet} />
          <Queue initial={fleet} />
        </div>
      </div>
    </>
  );
}
