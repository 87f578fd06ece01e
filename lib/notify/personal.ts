/** The events a user can have emailed to them, for every task, from the Account page. */
export const personalEvents = [
  { event: 'incident.opened', label: 'A task starts failing (an incident opens)' },
  { event: 'incident.resolved', label: 'A failing task recovers' },
  { event: 'incident.reminder', label: 'Reminders while a task keeps failing (where the task asks for them)' },
  { event: 'slot.missed', label: 'A scheduled run was missed' },
  { event: 'workers.none', label: 'No worker is running' },
  { event: 'report.weekly', label: 'The weekly report' },
] as const;

export type PersonalEvent = (typeof personalEvents)[number]['event'];
export const personalEventNames = personalEvents.map((e) => e.event) as [PersonalEvent, ...PersonalEvent[]];
