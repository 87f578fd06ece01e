// Sample data the event templates share, for their previews and tests.

export const sampleTask = { id: '8d3b1f2a-6c4e-4a7b-9d1e-2f3a4b5c6d7e', name: 'Nightly invoice export' };
export const sampleSchedule = { kind: 'cron', expression: '0 2 * * *', timezone: 'Europe/Berlin' };
export const sampleIncident = {
  incidentId: '2f0c6a4e-1b7d-4c8e-9f0a-3b5d7e9f1a2c',
  task: sampleTask,
  schedule: sampleSchedule,
  openedAt: '2026-03-08T01:00:05.000Z',
  firstFailedAt: '2026-03-08T01:00:04.000Z',
};
export const sampleError = 'HTTP 503 from https://erp.example.com/export';
export const taskPath = `/tasks/${sampleTask.id}`;
