import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { eq } from 'drizzle-orm';
import { getDb } from '@/lib/db';
import { tasks } from '@/db/schema';
import { attemptChain, triggeredByLabel } from '@/lib/api/v1/run-detail';
import { getRun, logsQuery, runJson, runLogLines, stepsJson } from '@/lib/api/v1/run-queries';
import { engineClient } from '@/lib/api/engine-client';
import { runSteps } from '@/db/queries/engine/steps';
import { allows } from '@/lib/auth/roles';
import { jsonify } from '@/lib/client/json';
import { RunView } from '@/components/run-detail/run-view';
import { isActive } from '@/components/run-detail/types';
import { scheduleZone } from '@/components/task-detail/types';
import { currentUser } from '../../current-user';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Run · Sundial' };

const FIRST_LOG_PAGE = 1000;

async function loadRun(rawId: string) {
  if (!/^\d{1,15}$/.test(rawId)) notFound();
  try {
    return await getRun(getDb(), Number(rawId));
  } catch {
    notFound();
  }
}

export default async function RunPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await currentUser();
  const run = await loadRun((await params).id);
  const db = getDb();
  const [chain, triggeredBy, logs, [task], steps] = await Promise.all([
    attemptChain(db, run),
    triggeredByLabel(db, run.triggeredBy),
    runLogLines(db, run.id, logsQuery.parse({ limit: FIRST_LOG_PAGE })),
    db.select({ schedule: tasks.schedule }).from(tasks).where(eq(tasks.id, run.taskId)),
    runSteps(engineClient(db), run.id),
  ]);
  // Lines are read after the run: once it has ended, every line is already written.
  const logsComplete = !isActive(run.status) && logs.length < FIRST_LOG_PAGE;
  return (
    <RunView
      initial={jsonify({ ...runJson(run, true), steps: stepsJson(steps) })}
      zone={scheduleZone(task?.schedule)}
      triggeredBy={triggeredBy}
      chain={chain}
      logs={jsonify(logs)}
      logsComplete={logsComplete}
      canOperate={allows(user.role, 'operator')}
    />
  );
}
