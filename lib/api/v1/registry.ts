import type { RouteHandler } from '../route';
import * as admin from './admin';
import * as keys from './api-keys';
import * as overview from './overview';
import * as remoteClaim from './remote-claim';
import * as reports from './run-reports';
import * as report from './report';
import * as catalog from './catalog';
import * as incidents from './incidents';
import * as channels from './channels';
import * as deliveries from './deliveries';
import * as runExport from './run-export';
import * as runs from './runs';
import * as secrets from './secrets';
import * as smtp from './smtp';
import * as tasks from './tasks';
import * as templates from './templates';
import type { ResponseName } from './responses';
import * as users from './users';

export type Documented = {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  summary: string;
  status: number;
  handler: RouteHandler;
  /** The JSON body, by its name in the document's components. */
  response?: ResponseName;
  /** A 204 the endpoint may answer besides its status, and when. */
  noContent?: string;
  /** A body that is not JSON: its media type and the response headers it may carry. */
  text?: { mediaType: string; headers?: Record<string, string> };
};

const csvHeaders = {
  'X-Row-Count': 'The rows in this file',
  'X-Row-Limit': 'The most rows one export returns',
  'X-Truncated': '"true" when the export stopped at X-Row-Limit rows and older runs were left out',
};

/** Every /api/v1 endpoint. Route files re-export these handlers; the OpenAPI document is built from this list. */
export const endpoints: Documented[] = [
  { method: 'POST', path: '/tasks', summary: 'Create a task', status: 201, handler: tasks.createTaskRoute, response: 'Task' },
  { method: 'GET', path: '/tasks', summary: 'List tasks by name, with filters and cursor paging', status: 200, handler: tasks.listTasksRoute, response: 'TaskPage' },
  { method: 'GET', path: '/tasks/{id}', summary: 'Read a task', status: 200, handler: tasks.getTaskRoute, response: 'Task' },
  { method: 'PATCH', path: '/tasks/{id}', summary: 'Change the fields sent, and only those', status: 200, handler: tasks.patchTaskRoute, response: 'Task' },
  { method: 'PUT', path: '/tasks/{id}', summary: 'Replace a task; 409 if its version changed since you read it', status: 200, handler: tasks.putTaskRoute, response: 'Task' },
  { method: 'DELETE', path: '/tasks/{id}', summary: 'Delete a task and its history', status: 204, handler: tasks.deleteTaskRoute },
  { method: 'POST', path: '/tasks/{id}/enable', summary: 'Enable: the next slot is computed from now', status: 200, handler: tasks.enableTaskRoute, response: 'Task' },
  { method: 'POST', path: '/tasks/{id}/disable', summary: 'Disable: no new fires; a running run goes on', status: 200, handler: tasks.disableTaskRoute, response: 'Task' },
  { method: 'POST', path: '/tasks/{id}/run', summary: 'Queue a run now, with params and test mode', status: 202, handler: tasks.runTaskRoute, response: 'Queued' },
  { method: 'GET', path: '/tasks/{id}/runs', summary: "A task's runs, newest first (latest scheduledFor, then highest id)", status: 200, handler: runs.taskRunsRoute, response: 'RunPage' },
  { method: 'GET', path: '/tasks/{id}/runs.csv', summary: "A task's runs as CSV (text/csv, streamed, in the history's order and with its filters, at most 10,000 rows; X-Truncated says when cut)", status: 200, handler: runExport.exportTaskRunsRoute, text: { mediaType: 'text/csv', headers: csvHeaders } },
  { method: 'GET', path: '/tasks/{id}/stats', summary: 'Success rate, average and p95 duration, counts by status', status: 200, handler: catalog.taskStatsRoute },
  { method: 'GET', path: '/runs', summary: 'All runs, newest first (latest scheduledFor, then highest id)', status: 200, handler: runs.listRunsRoute, response: 'RunPage' },
  { method: 'GET', path: '/runs/{id}', summary: 'A run with its result and error', status: 200, handler: runs.getRunRoute, response: 'Run' },
  { method: 'GET', path: '/runs/{id}/logs', summary: "A run's log lines after a sequence number, for tailing", status: 200, handler: runs.runLogsRoute },
  { method: 'POST', path: '/runs/{id}/cancel', summary: 'Cancel a queued run, or abort a running one', status: 200, handler: runs.cancelRunRoute },
  { method: 'POST', path: '/remote/claim', summary: "A remote worker (worker key) takes one run of its queues, waiting up to waitSeconds; 204 when none came. The answer carries the run token for the endpoints below", status: 200, handler: remoteClaim.remoteClaimRoute, response: 'RemoteClaim', noContent: 'No run came within waitSeconds: claim again' },
  { method: 'POST', path: '/runs/{id}/heartbeat', summary: "The run's holder is alive (run token): a remote worker's lease is extended up to the task timeout; answers whether a cancel was asked. 409 {status} once the attempt is over", status: 200, handler: reports.heartbeatRoute, response: 'Heartbeat' },
  { method: 'POST', path: '/runs/{id}/logs', summary: "Append log lines to a running run (run token); at most 500 lines of 8 KiB per call", status: 200, handler: reports.runLogsAppendRoute, response: 'RunReport' },
  { method: 'POST', path: '/runs/{id}/progress', summary: "Report a running run's progress (run token)", status: 200, handler: reports.runProgressRoute, response: 'RunReport' },
  { method: 'POST', path: '/runs/{id}/finish', summary: "End a running run (run token): succeeded with a result, failed (retried per the task policy unless retryable is false; deferred without counting an attempt with retryAfterSeconds), or cancelled after a heartbeat asked", status: 200, handler: reports.finishRoute, response: 'Finish' },
  { method: 'POST', path: '/schedules/preview', summary: 'The next fires of a schedule that is not saved yet', status: 200, handler: catalog.previewRoute },
  { method: 'GET', path: '/templates', summary: 'Task templates for the jobs the teams in the use cases schedule; POST /tasks takes {"template": key, ...fields}', status: 200, handler: templates.listTemplatesRoute },
  { method: 'GET', path: '/handlers', summary: 'The handler catalog, with config JSON Schemas', status: 200, handler: catalog.handlersRoute },
  { method: 'GET', path: '/workers', summary: 'Workers seen in the last day and whether each is alive, with the queue of runs waiting for them', status: 200, handler: catalog.workersRoute, response: 'Workers' },
  { method: 'POST', path: '/api-keys', summary: 'Create an API key; the key is in this response only', status: 201, handler: keys.createApiKeyRoute },
  { method: 'GET', path: '/api-keys', summary: 'List API keys (never the keys themselves)', status: 200, handler: keys.listApiKeysRoute },
  { method: 'DELETE', path: '/api-keys/{id}', summary: 'Revoke an API key', status: 204, handler: keys.revokeApiKeyRoute },
  { method: 'GET', path: '/incidents', summary: 'Incidents, newest first, filtered by status and task, with cursor paging', status: 200, handler: incidents.listIncidentsRoute, response: 'IncidentPage' },
  { method: 'POST', path: '/incidents/{id}/acknowledge', summary: 'Acknowledge an open incident with a note: its reminders stop (operators and admins)', status: 200, handler: incidents.acknowledgeIncidentRoute, response: 'Incident' },
  { method: 'GET', path: '/secrets', summary: 'List named secrets (operators, to use them in configs): names and metadata, never values', status: 200, handler: secrets.listSecretsRoute, response: 'Secrets' },
  { method: 'POST', path: '/secrets', summary: 'Create a named secret; the value is encrypted and never returned, by any endpoint', status: 201, handler: secrets.createSecretRoute, response: 'Secret' },
  { method: 'PUT', path: '/secrets/{name}', summary: "Replace a secret's value", status: 200, handler: secrets.replaceSecretRoute, response: 'Secret' },
  { method: 'DELETE', path: '/secrets/{name}', summary: 'Delete a secret; 409 while a task config references it', status: 204, handler: secrets.deleteSecretRoute },
  { method: 'GET', path: '/channels', summary: 'List notification channels (admins); secret parts only as secretSet', status: 200, handler: channels.listChannelsRoute, response: 'Channels' },
  { method: 'POST', path: '/channels', summary: "Create a channel (email, Slack, webhook); a webhook's signing secret is made here and answered this once", status: 201, handler: channels.createChannelRoute, response: 'Channel' },
  { method: 'GET', path: '/channels/{id}', summary: 'Read a channel', status: 200, handler: channels.getChannelRoute, response: 'Channel' },
  { method: 'PATCH', path: '/channels/{id}', summary: 'Change the fields sent; a Slack URL is write-only', status: 200, handler: channels.updateChannelRoute, response: 'Channel' },
  { method: 'DELETE', path: '/channels/{id}', summary: 'Delete a channel and its queued messages', status: 204, handler: channels.deleteChannelRoute },
  { method: 'POST', path: '/channels/{id}/rotate-secret', summary: "A new signing secret for a webhook channel, answered this once; the old one stops at once", status: 200, handler: channels.rotateChannelSecretRoute, response: 'Channel' },
  { method: 'POST', path: '/channels/{id}/test', summary: 'Send a test message and wait up to 15 s for its outcome: sent, failed (with the error) or pending (no worker)', status: 200, handler: channels.testChannelRoute },
  { method: 'GET', path: '/deliveries', summary: 'Outbox messages, newest first (operators): channel, event, status, attempts, last error; filter by status and channel, cursor paging', status: 200, handler: deliveries.listDeliveriesRoute, response: 'DeliveryPage' },
  { method: 'POST', path: '/deliveries/{id}/retry', summary: 'Send a pending or dead message again now (operators); 409 when it was delivered', status: 200, handler: deliveries.retryDeliveryRoute, response: 'Delivery' },
  { method: 'GET', path: '/users', summary: 'List users', status: 200, handler: users.listUsersRoute },
  { method: 'POST', path: '/users', summary: 'Create a user', status: 201, handler: users.createUserRoute },
  { method: 'PATCH', path: '/users/{id}', summary: 'Change a user: name, role, disabled, password; never the last admin', status: 200, handler: users.updateUserRoute },
  { method: 'POST', path: '/me/password', summary: 'Change your own password (signed-in users)', status: 204, handler: users.changeOwnPasswordRoute },
  { method: 'GET', path: '/me/notifications', summary: 'The events emailed to you, for every task (signed-in users)', status: 200, handler: users.getOwnNotificationsRoute },
  { method: 'PUT', path: '/me/notifications', summary: 'Choose the events emailed to you: incident.opened, incident.resolved, incident.reminder, slot.missed, workers.none, report.weekly', status: 200, handler: users.putOwnNotificationsRoute },
  { method: 'DELETE', path: '/me/sessions', summary: 'Sign out everywhere: end all your sessions, this one included (signed-in users)', status: 204, handler: users.endOwnSessionsRoute },
  { method: 'GET', path: '/stats', summary: 'Runs and success rate per day across all tasks, for the last 7 or 30 days', status: 200, handler: overview.dailyStatsRoute },
  { method: 'GET', path: '/scheduler', summary: 'Whether "pause all" is on', status: 200, handler: overview.getSchedulerRoute },
  { method: 'PUT', path: '/scheduler', summary: '"Pause all" on or off (operators): scheduled fires stop on every worker; manual runs still run', status: 200, handler: overview.putSchedulerRoute },
  { method: 'GET', path: '/settings', summary: 'Settings: "pause all" and retention (days of run history and of logs)', status: 200, handler: admin.getSettingsRoute },
  { method: 'PATCH', path: '/settings', summary: 'Change settings; the whole body is validated before anything is saved', status: 200, handler: admin.updateSettingsRoute },
  { method: 'GET', path: '/report/preview', summary: "This week's report as it would be sent now (subject, HTML, text), and the built-in task that sends it; run that task to send it now", status: 200, handler: report.reportPreviewRoute },
  { method: 'POST', path: '/report/send', summary: 'Send the weekly report now: a run of its task (operators), with testMode to build it without sending', status: 202, handler: report.reportSendRoute, response: 'Queued' },
  { method: 'GET', path: '/settings/email', summary: 'Email settings: the SMTP server (source env when SMTP_* set it, then read-only; the password only as passwordSet), subject prefix and footer', status: 200, handler: smtp.getEmailSettingsRoute },
  { method: 'PUT', path: '/settings/email', summary: 'Change the fields sent; smtp is refused (409) when SMTP_* set it; the password is write-only', status: 200, handler: smtp.updateEmailSettingsRoute },
  { method: 'POST', path: '/settings/smtp/test', summary: "Send a test email now and answer within 15 s: the server's reply, or the failure (auth, connection-refused, tls, timeout, dns)", status: 200, handler: smtp.smtpTestRoute },
  { method: 'GET', path: '/audit', summary: 'The audit log, newest first, with filters', status: 200, handler: admin.auditRoute },
];
