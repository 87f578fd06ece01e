import type { TaskDefinition } from '../define';
import { http } from './http';
import { noop } from './noop';
import { sleep } from './sleep';

/** Every handler this worker offers. Add a module in this folder and list it here. */
export const builtInTasks: TaskDefinition[] = [http, noop, sleep] as TaskDefinition[];
