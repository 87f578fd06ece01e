import { describe, expect, it } from 'vitest';
import { templates } from '../../../lib/notify/templates';

// Each event's template renders its sample data into every channel's form, with absolute
// links to the dashboard (the outbox holds paths) and the facts the issue asks for.

const ctx = { baseUrl: 'https://sundial.example.com/', subjectPrefix: '[Sundial]', footer: 'Acme ops' };
const events = ['incident.opened', 'incident.resolved', 'incident.reminder', 'slot.missed', 'workers.none', 'run.succeeded', 'run.finished'];

describe('event templates', () => {
  it.each(events)('%s renders email (HTML and text), Slack and JSON with absolute links', async (event) => {
    const template = templates[event]!;
    const out = await template.render(template.sample, ctx);
    expect(out.subject).toMatch(/^\[Sundial\] \S/);
    expect(out.html).toContain('<html');
    expect(out.html).toContain('Acme ops');
    expect(out.text).not.toContain('<');
    expect(out.json.type).toBe(event);
    const links = Object.values(out.json.links as Record<string, string>);
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) {
      expect(link).toMatch(/^https:\/\/sundial\.example\.com\//);
      expect(out.html).toContain(link);
      expect(out.slack.text).toContain(`<${link}|`);
    }
  });

  it('the failing message carries the schedule in words, the first failure, the error and the log tail', async () => {
    const t = templates['incident.opened']!;
    const out = await t.render(t.sample, ctx);
    expect(out.subject).toBe('[Sundial] Failing: Nightly invoice export');
    expect(out.text).toContain('At 02:00 (Europe/Berlin)');
    expect(out.text).toContain('2026-03-08 01:00:04 UTC');
    expect(out.text).toContain('HTTP 503 from https://erp.example.com/export');
    expect(out.text).toContain('ERP answered 503 Service Unavailable');
    expect(out.slack.text).toContain('```');
  });

  it('the recovered message carries the downtime and the number of failed runs', async () => {
    const t = templates['incident.resolved']!;
    const out = await t.render(t.sample, { ...ctx, subjectPrefix: '' });
    expect(out.subject).toBe('Recovered: Nightly invoice export');
    expect(out.text).toMatch(/Downtime:\s*1 d/);
    expect(out.text).toMatch(/Failed runs:\s*3/);
    expect(out.json).toMatchObject({ downtimeSeconds: 86_402, failedRuns: 3 });
  });
});

describe('missing links', () => {
  it('a message whose run is unknown (null path) renders without that link', async () => {
    const t = templates['incident.opened']!;
    const out = await t.render({ ...t.sample, links: { run: null, task: '/tasks/x' } }, ctx);
    expect(out.json.links).toEqual({ task: 'https://sundial.example.com/tasks/x' });
    expect(out.text).not.toContain('Open the run');
  });
});
