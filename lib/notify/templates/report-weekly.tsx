import { Body, Container, Head, Heading, Hr, Html, Link, Preview, Section, Text } from '@react-email/components';
import { render } from '@react-email/render';
import type { WeeklyReport } from '../../report/weekly';
import { count } from '../../format/count';
import { formatDuration } from '../../format/time';
import type { RenderContext, Template } from './types';

const pct = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(r === 1 ? 0 : 1)}%`);
const ms = (v: number | null) => (v === null ? '—' : `≤ ${formatDuration(v)}`);
const hours = (s: number) => (s >= 86_400 ? `${(s / 86_400).toFixed(1)} d` : `${(s / 3600).toFixed(1)} h`);

const cell = { padding: '4px 8px', borderBottom: '1px solid #e5e7eb', fontSize: '13px', textAlign: 'left' as const };
const num = { ...cell, textAlign: 'right' as const };

function Email({ r, ctx }: { r: WeeklyReport; ctx: RenderContext }) {
  const url = (path: string) => `${ctx.baseUrl}${path}`;
  return (
    <Html>
      <Head />
      <Preview>{`${r.totals.runs} runs, ${pct(r.totals.successRate)} succeeded, ${r.incidents.length} open incidents`}</Preview>
      <Body style={{ fontFamily: 'system-ui, sans-serif', color: '#111827' }}>
        <Container>
          <Heading as="h2">Weekly report, {r.from} to {r.to}</Heading>
          <Text>
            {r.totals.tasks} tasks ran {r.totals.runs} times: {r.totals.succeeded} succeeded, {r.totals.failures} failed, {r.totals.missed} slots missed. Success rate{' '}
            {pct(r.totals.successRate)}.
          </Text>
          {r.incidents.length > 0 && (
            <Section>
              <Heading as="h3">Open incidents</Heading>
              {r.incidents.map((i) => (
                <Text key={i.id}>
                  <Link href={url(`/tasks/${i.taskId}`)}>{i.taskName}</Link>: failing since {i.openedAt}, {i.failedRuns} failed runs{i.acknowledged ? ' (acknowledged)' : ''}
                </Text>
              ))}
            </Section>
          )}
          <Section>
            <Heading as="h3">Tasks</Heading>
            <table style={{ borderCollapse: 'collapse', width: '100%' }}>
              <thead>
                <tr>
                  {['Task', 'Runs', 'Success', 'p95', 'Failures', 'Missed'].map((h, i) => (
                    <th key={h} style={i === 0 ? cell : num}>
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {r.tasks.map((t) => (
                  <tr key={t.id}>
                    <td style={cell}>
                      <Link href={url(`/tasks/${t.id}`)}>{t.name}</Link>
                      {t.enabled ? '' : ' (paused)'}
                    </td>
                    <td style={num}>{t.runs}</td>
                    <td style={num}>{pct(t.successRate)}</td>
                    <td style={num}>{ms(t.p95Ms)}</td>
                    <td style={num}>{t.failures}</td>
                    <td style={num}>{t.missed}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Section>
          {r.slowest.length > 0 && (
            <Section>
              <Heading as="h3">Slowest runs</Heading>
              {r.slowest.map((s) => (
                <Text key={s.runId}>
                  <Link href={url(`/runs/${s.runId}`)}>
                    {s.taskName} #{s.runId}
                  </Link>
                  : {formatDuration(s.durationMs)} ({s.status}), started {s.startedAt}
                </Text>
              ))}
            </Section>
          )}
          <Section>
            <Heading as="h3">Workers</Heading>
            {r.workers.length === 0 ? <Text>No worker ran this week.</Text> : r.workers.map((w) => <Text key={w.id}>{`${w.id} on ${w.hostname}: ${w.live ? 'up' : 'stopped after'} ${hours(w.upSeconds)}`}</Text>)}
          </Section>
          <Hr />
          <Text style={{ color: '#6b7280', fontSize: '12px' }}>{ctx.footer}</Text>
        </Container>
      </Body>
    </Html>
  );
}

function plain(r: WeeklyReport, ctx: RenderContext): string {
  const url = (path: string) => `${ctx.baseUrl}${path}`;
  const lines = [
    `Weekly report, ${r.from} to ${r.to}`,
    '',
    `${r.totals.tasks} tasks ran ${r.totals.runs} times: ${r.totals.succeeded} succeeded, ${r.totals.failures} failed, ${r.totals.missed} slots missed. Success rate ${pct(r.totals.successRate)}.`,
  ];
  if (r.incidents.length > 0) {
    lines.push('', 'Open incidents');
    for (const i of r.incidents) lines.push(`- ${i.taskName}: failing since ${i.openedAt}, ${i.failedRuns} failed runs${i.acknowledged ? ' (acknowledged)' : ''} ${url(`/tasks/${i.taskId}`)}`);
  }
  lines.push('', 'Tasks (runs, success, p95, failures, missed)');
  for (const t of r.tasks) lines.push(`- ${t.name}${t.enabled ? '' : ' (paused)'}: ${t.runs}, ${pct(t.successRate)}, ${ms(t.p95Ms)}, ${t.failures}, ${t.missed}`);
  if (r.slowest.length > 0) {
    lines.push('', 'Slowest runs');
    for (const s of r.slowest) lines.push(`- ${s.taskName} #${s.runId}: ${formatDuration(s.durationMs)} (${s.status}) ${url(`/runs/${s.runId}`)}`);
  }
  lines.push('', 'Workers');
  if (r.workers.length === 0) lines.push('- No worker ran this week.');
  for (const w of r.workers) lines.push(`- ${w.id} on ${w.hostname}: ${w.live ? 'up' : 'stopped after'} ${hours(w.upSeconds)}`);
  lines.push('', '--', ctx.footer);
  return lines.join('\n');
}

export const reportWeekly: Template<WeeklyReport> = {
  sample: {
    from: '2026-11-16',
    to: '2026-11-23',
    generatedAt: '2026-11-23T08:00:00.000Z',
    totals: { tasks: 2, runs: 1_700, succeeded: 1_680, failures: 20, missed: 1, successRate: 0.988 },
    tasks: [
      { id: '00000000-0000-4000-8000-000000000001', name: 'Sync bank accounts', enabled: true, runs: 28, succeeded: 26, failures: 2, successRate: 26 / 28, p95Ms: 30_000, missed: 0, skipped: 0 },
      { id: '00000000-0000-4000-8000-000000000002', name: 'Prune logs', enabled: true, runs: 1_672, succeeded: 1_654, failures: 18, successRate: 1_654 / 1_672, p95Ms: 300, missed: 1, skipped: 0 },
    ],
    slowest: [{ runId: 4211, taskId: '00000000-0000-4000-8000-000000000001', taskName: 'Sync bank accounts', durationMs: 41_200, startedAt: '2026-11-18T06:00:01.000Z', status: 'succeeded' }],
    incidents: [{ id: '00000000-0000-4000-8000-00000000000a', taskId: '00000000-0000-4000-8000-000000000002', taskName: 'Prune logs', openedAt: '2026-11-22T03:00:00.000Z', failedRuns: 3, acknowledged: false }],
    workers: [{ id: 'host-a1b2c3', hostname: 'host', live: true, upSeconds: 6 * 86_400 }],
  },
  async render(r, ctx) {
    const ran = r.totals.runs === 0 ? 'no runs' : `${count(r.totals.runs, 'run')}, ${pct(r.totals.successRate)} succeeded`;
    const subject = `${ctx.subjectPrefix} Weekly report: ${ran}${r.incidents.length ? `, ${count(r.incidents.length, 'open incident')}` : ''}`.trim();
    const text = plain(r, ctx);
    return {
      subject,
      html: await render(<Email r={r} ctx={ctx} />),
      text,
      slack: { text: `*${subject}*\n${text.split('\n').slice(2).join('\n')}` },
      json: { type: 'report.weekly', report: r },
    };
  },
};
