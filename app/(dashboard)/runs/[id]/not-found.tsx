import Link from 'next/link';

export default function RunNotFound() {
  return (
    <div className="space-y-2">
      <h1 className="text-2xl font-semibold tracking-tight">Run not found</h1>
      <p className="text-muted-foreground">
        It may have been removed by retention, or with its task. <Link href="/tasks" className="underline underline-offset-4">Back to the tasks</Link>
      </p>
    </div>
  );
}
