import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { TaskDefinition } from './define';

/** The module that lists the built-in handlers; a worker loads it unless told otherwise. */
export const BUILT_IN_HANDLERS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'tasks', 'index.ts');

const isDefinition = (v: unknown): v is TaskDefinition =>
  typeof v === 'object' && v !== null && typeof (v as TaskDefinition).key === 'string' && typeof (v as TaskDefinition).run === 'function' && 'configSchema' in v;

/**
 * Every handler that these modules export, alone or in arrays; a later module's key wins.
 * Handlers run in worker threads, which load them by module path: a function cannot cross
 * a thread boundary, a path can.
 */
export async function loadHandlers(modules: string[]): Promise<Map<string, TaskDefinition>> {
  const found = new Map<string, TaskDefinition>();
  for (const spec of modules) {
    const mod = (await import(spec.startsWith('file:') ? spec : pathToFileURL(spec).href)) as Record<string, unknown>;
    for (const value of Object.values(mod)) {
      for (const item of Array.isArray(value) ? value : [value]) if (isDefinition(item)) found.set(item.key, item);
    }
  }
  return found;
}
