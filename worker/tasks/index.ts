import type { TaskDefinition } from '../define';
import { backup } from './backup';
import { command } from './command';
import { http } from './http';
import { noop } from './noop';
import { pipeline } from './pipeline';
import { prune } from './prune';
import { remote } from './remote';
import { sleep } from './sleep';
import { sqlTask } from './sql';
import { weeklyReport } from './weekly-report';

/** Every handler this worker offers. Add a module in this folder and list it here. */
export const builtInTasks: TaskDefinition[] = [backup, command, http, noop, pipeline, prune, remote, sleep, sqlTask, weeklyReport] as TaskDefinition[];
