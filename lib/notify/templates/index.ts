import { incidentOpenedTemplate } from './incident-opened';
import { incidentReminderTemplate } from './incident-reminder';
import { incidentResolvedTemplate } from './incident-resolved';
import { reportWeekly } from './report-weekly';
import { runFinishedTemplate } from './run-finished';
import { runSucceededTemplate } from './run-succeeded';
import { slotMissedTemplate } from './slot-missed';
import { testTemplate } from './test';
import { workersNoneTemplate } from './workers-none';
import type { Template } from './types';

export type { RenderContext, Rendered, Template } from './types';

/** Event name (outbox.event) -> its template. Each event's file adds itself here. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each template reads its own data shape
export const templates: Record<string, Template<any>> = {
  test: testTemplate,
  'incident.opened': incidentOpenedTemplate,
  'incident.resolved': incidentResolvedTemplate,
  'incident.reminder': incidentReminderTemplate,
  'slot.missed': slotMissedTemplate,
  'workers.none': workersNoneTemplate,
  'run.succeeded': runSucceededTemplate,
  'run.finished': runFinishedTemplate,
  'report.weekly': reportWeekly,
};

export const templateFor = (event: string) => templates[event];
