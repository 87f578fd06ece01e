import { z } from 'zod';

export const PIPELINE = 'pipeline';

/** A pipeline cannot be a step of a pipeline. */
export const NOT_A_STEP = ['pipeline'];

export const stepSchema = z
  .object({
    name: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9 _.-]{0,59}$/, 'use letters, digits, spaces, dots, dashes or underscores, up to 60')
      .describe('Unique in the pipeline: a retry finds the steps already done by name'),
    handler: z
      .string()
      .min(1)
      .refine((h) => !NOT_A_STEP.includes(h), 'a step cannot be a pipeline')
      .describe('The handler this step runs: http, sql, command, remote (a queue of your own workers), or a custom one'),
    config: z.record(z.string(), z.unknown()).default({}).describe("The step handler's own config"),
    skipInTestMode: z.boolean().default(false).describe('In test mode, recorded as skipped instead of run: for the step that sends'),
  })
  .strict()
  // The pipeline would never learn how a step handed to an app ended.
  .refine((s) => !(s.handler === 'http' && s.config.asyncCompletion === true), { path: ['config', 'asyncCompletion'], message: 'a pipeline step cannot wait for an app to report back: turn asyncCompletion off' });

export const pipelineConfigSchema = z
  .object({
    steps: z
      .array(stepSchema)
      .min(1)
      .max(20)
      .refine((steps) => new Set(steps.map((s) => s.name)).size === steps.length, 'step names must be unique')
      .describe('In order; each step gets the results of the ones before it'),
  })
  .strict();

export type PipelineConfig = z.output<typeof pipelineConfigSchema>;
export type PipelineStep = PipelineConfig['steps'][number];
