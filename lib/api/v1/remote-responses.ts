import { z } from 'zod';
import { runTriggers } from '../../../db/schema';

// What a remote worker is answered: what a client generated from the OpenAPI document reads.

const instant = z.iso.datetime({ offset: true });

export const remoteClaimResponse = z
  .object({
    run: z
      .object({
        id: z.int(),
        taskId: z.uuid(),
        taskName: z.string(),
        attempt: z.int().min(1),
        trigger: z.enum(runTriggers),
        scheduledFor: instant,
        testMode: z.boolean().describe('A dry run was asked for: change nothing outside'),
        params: z.record(z.string(), z.unknown()),
        config: z.record(z.string(), z.unknown()).describe("The task's config (a pipeline step's, for a remote step), secrets resolved"),
        queue: z.string(),
        step: z.string().nullable().describe("A pipeline's remote step: its name (the config is the step's); null for a remote task"),
        steps: z.record(z.string(), z.unknown()).describe("A pipeline's remote step: the results of the steps before it, by name; else empty"),
      })
      .strict(),
    token: z.string().describe('The run token (sdr_…): send it as "Authorization: Bearer" to the /runs/{id} heartbeat, logs, progress and finish endpoints'),
    leaseSeconds: z.int().describe('The run is recorded lost (and retried) when no heartbeat comes for this long'),
    heartbeatSeconds: z.int().describe('Send a heartbeat this often'),
  })
  .strict();

export const heartbeatResponse = z
  .object({
    cancelRequested: z.boolean().describe('Someone cancelled the run: stop, and finish with status cancelled'),
    leaseSeconds: z.number().describe('Seconds left on the lease; it never outlasts the task timeout, so 0 means stop'),
  })
  .strict();

export const runReportResponse = z.object({ ok: z.literal(true) }).strict();

export const finishResponse = z
  .object({
    status: z.string().describe('What was recorded: succeeded, failed, cancelled, timed_out (reported past the task timeout), or queued when retryAfterSeconds deferred the run'),
    retried: z.boolean().describe('A next attempt was queued per the task policy'),
  })
  .strict();
