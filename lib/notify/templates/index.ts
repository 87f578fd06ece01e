import { testTemplate } from './test';
import type { Template } from './types';

export type { RenderContext, Rendered, Template } from './types';

/** Event name (outbox.event) -> its template. Each event's file adds itself here. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each template reads its own data shape
export const templates: Record<string, Template<any>> = {
  test: testTemplate,
};

export const templateFor = (event: string) => templates[event];
