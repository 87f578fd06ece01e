import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getDb } from '@/lib/db';
import { findTaskWithState } from '@/db/queries/tasks';
import { listRuns, listRunsQuery } from '@/lib/api/v1/run-queries';
import { idParam, taskJson } from '@/lib/api/v1/task-json';
import { taskStats } from '@/lib/api/v1/task-stats';
import { allows } from '@/lib/auth/roles';
import { jsonify } from '@/lib/client/json';
import { describeSchedule, nextFires, type Schedule } from '@/lib/schedules';
import { readPolicy } from '@/lib/tasks/policy';
import { RunHistory } from '@/components/task-detail/run-history';
import { TaskIncidents } from '@/components/incidents/task-incidents';
import { incidentPage, listIncidentsQuery } from '@/lib/api/v1/incidents';
import { ScheduleCard } from '@/components/task-detail/schedule-card';
import { StatsCard } from '@/components/task-detail/stats-card';
import { TaskHeader } from '@/components/task-detail/task-header';
import { scheduleZone } from '@/components/task-detail/types';
import { currentUser } from '../../current-user';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Task · Sundial' };
const INCIDENTS_SHOWN = 5;

async function loadTask(rawId: string) {
  let id: string;
  try {
    id = idParam({ id: rawId });
  } catch {
    notFound();
  }
  const task = await findTaskWithState(getDb(), id);
  if (!task) notFound();
  return task;
}

/** The next fires the schedule would give from now; a stored schedule that no longer parses gives none. */
function upcoming(schedule: Schedule, count: number): string[] {
  try {
    return nextFires(schedule, new Date(), count).map((d) => d.toISOString());
  } catch {
    return [];
  }
}

export default async function TaskPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await currentUser();
  const task = await loadTask((await params).id);
  const db = getDb();
  const [history, recent, stats, incidents] = await Promise.all([
    listRuns(db, listRunsQuery.parse({ limit: 25 }), task.id),
    listRuns(db, listRunsQuery.parse({ limit: 100 }), task.id),
    taskStats(db, task.id, 7),
    incidentPage(db, listIncidentsQuery.parse({ taskId: task.id, limit: INCIDENTS_SHOWN })),
  ]);
  const schedule = task.schedule as Schedule;
  const zone = scheduleZone(schedule);
  return (
    <div className="space-y-6">
      <TaskHeader initial={jsonify(taskJson(task))} canOperate={allows(user.role, 'operator')} />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
        <ScheduleCard summary={describeSchedule(schedule)} zone={zone} enabled={task.enabled} fires={upcoming(schedule, 5)} policy={readPolicy(task.policy)} />
        <StatsCard taskId={task.id} initial={jsonify(stats)} recent={jsonify(recent)} />
      </div>
      <TaskIncidents taskId={task.id} limit={INCIDENTS_SHOWN} initial={jsonify(incidents)} canOperate={allows(user.role, 'operator')} />
      <RunHistory taskId={task.id} zone={zone} initial={jsonify(history)} />
    </div>
  );
}
