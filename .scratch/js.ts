import { catalogEntry } from '../worker/define';
import { http } from '../worker/tasks/http';
import { z } from 'zod';
import { notifySchema } from '../lib/tasks/input';
const s = catalogEntry(http as any).configSchema as any;
console.log(JSON.stringify({ url: s.properties.url, headers: s.properties.headers, if: s.if, then: s.then }));
console.log(JSON.stringify(z.toJSONSchema(notifySchema, { io: 'input' }).properties));
