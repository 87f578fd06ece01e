import { Heading, Link, Section, Text } from '@react-email/components';
import { describeSchedule, type Schedule } from '../../schedules';
import { dashboardUrl, EmailLayout, renderEmail, slackLink, subjectLine } from './layout';
import type { RenderContext, Rendered } from './types';

// The shape the event templates share: a heading, a line, facts, an optional log excerpt and
// links back to the dashboard, in every channel's form. The outbox holds paths; links are
// made absolute here, at send time.

export type Fact = [label: string, value: string];
/** key: the link's name in the webhook JSON's `links`; a null path (a run pruned, or a seeded streak) is left out. */
export type LinkPath = { key: string; label: string; path: string | null };
export type Message = { event: string; subject: string; heading: string; intro: string; facts: Fact[]; log?: string[]; links: LinkPath[]; json: Record<string, unknown> };

const mono = { fontFamily: 'Menlo, Consolas, monospace', fontSize: '12px', whiteSpace: 'pre-wrap' as const, backgroundColor: '#f3f4f6', padding: '8px', borderRadius: '4px' };

export async function renderMessage(ctx: RenderContext, m: Message): Promise<Rendered> {
  const present = m.links.filter((l): l is LinkPath & { path: string } => !!l.path);
  const links = present.map((l) => ({ label: l.label, url: dashboardUrl(ctx, l.path) }));
  const { html, text } = await renderEmail(
    <EmailLayout preview={m.intro} ctx={ctx}>
      <Heading as="h2">{m.heading}</Heading>
      <Text>{m.intro}</Text>
      {m.facts.map(([label, value]) => (
        <Text key={label} style={{ margin: '4px 0' }}>
          <strong>{label}:</strong> {value}
        </Text>
      ))}
      {m.log && m.log.length > 0 && (
        <Section>
          <Text style={{ margin: '12px 0 4px' }}>
            <strong>Last log lines:</strong>
          </Text>
          <Text style={mono}>{m.log.join('\n')}</Text>
        </Section>
      )}
      <Text>
        {links.map((l, i) => (
          <span key={l.url}>
            {i > 0 && ' · '}
            <Link href={l.url}>{l.label}</Link>
          </span>
        ))}
      </Text>
    </EmailLayout>,
  );
  const slack = [
    `*${m.heading}*`,
    m.intro,
    ...m.facts.map(([label, value]) => `• ${label}: ${value}`),
    ...(m.log && m.log.length > 0 ? ['```' + m.log.join('\n').replaceAll('```', "'''") + '```'] : []),
    links.map((l) => slackLink(l.url, l.label)).join(' · '),
  ].join('\n');
  return {
    subject: subjectLine(ctx, m.subject),
    html,
    text,
    slack: { text: slack },
    json: { type: m.event, ...m.json, links: Object.fromEntries(present.map((l) => [l.key, dashboardUrl(ctx, l.path)])) },
  };
}

/** The schedule in words; a stored schedule that no longer parses is shown as it is. */
export function scheduleText(schedule: unknown): string {
  try {
    return describeSchedule(schedule as Schedule);
  } catch {
    return JSON.stringify(schedule);
  }
}

/** "2026-03-08 07:00:00 UTC": one zone for every reader of a message. */
export const timeText = (iso: string | null | undefined) => (iso ? `${new Date(iso).toISOString().slice(0, 19).replace('T', ' ')} UTC` : 'unknown');

/** "3 h 12 min", "45 s". */
export function durationText(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const [d, h, m] = [Math.floor(s / 86400), Math.floor((s % 86400) / 3600), Math.floor((s % 3600) / 60)];
  const parts = [d && `${d} d`, h && `${h} h`, m && `${m} min`].filter(Boolean);
  return parts.length ? parts.slice(0, 2).join(' ') : `${s} s`;
}

export type TaskRef = { id: string; name: string };

/** "Open the run · Open the task", the links most messages end with. */
export const runAndTask = (links: { run: string | null; task: string }, runLabel = 'Open the run'): LinkPath[] => [
  { key: 'run', label: runLabel, path: links.run },
  { key: 'task', label: 'Open the task', path: links.task },
];
export type LogLine = { at: string; level: string; message: string };
