import Link from 'next/link';
import { PlusIcon } from 'lucide-react';
import { getDb } from '@/lib/db';
import { allows } from '@/lib/auth/roles';
import { AppError } from '@/lib/api/errors';
import { taskJson } from '@/lib/api/v1/task-json';
import { listTags, listTasks, listTasksQuery } from '@/lib/api/v1/task-queries';
import { jsonify } from '@/lib/client/json';
import { qs } from '@/lib/client/api';
import { Button } from '@/components/ui/button';
import { PageHeader } from '@/components/page-header';
import { TaskFilters, type ListParams } from '@/components/task-list/filters';
import { TaskTable } from '@/components/task-list/task-table';
import { count } from '@/lib/format/count';
import { currentUser } from '../current-user';

export const dynamic = 'force-dynamic';

const PAGE = 25;

/** A cursor that is not ours is the user's input, not a server fault. */
const badCursor = (err: unknown) => {
  if (err instanceof AppError) return null;
  throw err;
};

export default async function TasksPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await currentUser();
  const raw = await searchParams;
  const one = (k: string) => (typeof raw[k] === 'string' && raw[k] !== '' ? raw[k] : undefined);
  const params: ListParams & { cursor?: string } = { q: one('q'), enabled: one('enabled'), status: one('status'), tag: one('tag'), sort: one('sort'), cursor: one('cursor') };
  const parsed = listTasksQuery.safeParse({ ...params, limit: String(PAGE) });
  const db = getDb();
  const [page, tags] = await Promise.all([parsed.success ? listTasks(db, parsed.data).catch(badCursor) : null, listTags(db)]);
  const query = qs({ ...params, limit: PAGE });
  const canChange = allows(user.role, 'operator');
  return (
    <>
      <PageHeader
        title="Tasks"
        description={page ? `${count(page.total, 'task')}${params.q || params.enabled || params.status || params.tag ? ' match these filters' : ''}.` : undefined}
        actions={
          canChange && (
            <Button asChild>
              <Link href="/tasks/new">
                <PlusIcon aria-hidden /> New task
              </Link>
            </Button>
          )
        }
      />
      <TaskFilters params={params} tags={tags} />
      {page ? (
        <>
          <TaskTable key={query} initial={jsonify({ ...page, items: page.items.map(taskJson) })} query={query} canChange={canChange} />
          <nav aria-label="Pages" className="mt-4 flex gap-2">
            {params.cursor && (
              <Button variant="outline" size="sm" asChild>
                <Link href={`/tasks${qs({ ...params, cursor: undefined })}`}>First page</Link>
              </Button>
            )}
            {page.nextCursor && (
              <Button variant="outline" size="sm" asChild>
                <Link href={`/tasks${qs({ ...params, cursor: page.nextCursor })}`}>Next page</Link>
              </Button>
            )}
          </nav>
        </>
      ) : (
        <p role="alert" className="text-sm text-destructive">
          These filters are not valid. <Link href="/tasks" className="underline">Show all tasks</Link>.
        </p>
      )}
    </>
  );
}
