import { stateFromTask } from '../lib/task-form/form-state';
import { catalogEntry } from '../worker/define';
import { http } from '../worker/tasks/http';
const entry = catalogEntry(http as never);
const s = stateFromTask(null, [entry], 'UTC');
console.log(s.configMode, s.handler, s.configValues, JSON.stringify((entry.configSchema as any).properties.url));
