import type { TaskDefinition } from '../define';
import { command } from './command';
import { http } from './http';
import { noop } from './noop';
import { sleep } from './sleep';
import { sqlTask } from './sql';
import { weeklyReport } from './weekly-report';

/** Every handler this worker offers. Add a module in this folder and list it here. */
export const builtInTasks: TaskDefinition[] = [command, http, noop, sleep, sqlTask, weeklyReport] as TaskDefinition[];
