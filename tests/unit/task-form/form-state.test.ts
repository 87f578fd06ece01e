import { describe, expect, it } from 'vitest';
import { fieldsFromSchema } from '../../../lib/task-form/config-fields';
import { groupErrors, inputFor, inputId } from '../../../lib/task-form/errors';
import { stateFromTask, type FormState, type HandlerEntry, type TaskForForm } from '../../../lib/task-form/form-state';
import { inputPaths, taskInputFromState } from '../../../lib/task-form/task-input';
import { catalogEntry } from '../../../worker/define';
import { http } from '../../../worker/tasks/http';

const handlers: HandlerEntry[] = [catalogEntry(http as never)];
const fields = fieldsFromSchema(handlers[0]!.configSchema);
const limits = { minIntervalSeconds: 2, now: new Date('2026-01-01T00:00:00Z') };

const stored: TaskForForm = {
  id: '6f1c1f59-0c55-4c2f-9d6e-1b1f3c8a0a11',
  name: 'ping',
  description: 'Pings the shop',
  tags: ['shop', 'ping'],
  handler: 'http',
  config: { method: 'GET', url: 'https://shop.example/health', headers: { 'X-Token': 't' }, acceptStatuses: [200], timeoutSeconds: 30, maxBodyBytes: 65536, envelope: false, skipInTestMode: true, asyncCompletion: false, legacy: true },
  schedule: { kind: 'cron', expression: '*/2 * * * * *', timezone: 'Europe/Berlin' },
  enabled: false,
  policy: { misfire: 'catch_up', misfireGraceSeconds: 60, catchUpMax: 3, concurrency: 'allow', maxConcurrent: 2, maxAttempts: 3, backoffSeconds: 5, backoffMaxSeconds: 60, timeoutSeconds: 120, rateLimit: { key: 'shop', max: 10, perSeconds: 60 } },
  notify: {
    channels: ['6f1c2a8e-0a4b-4c1d-9e2f-3a4b5c6d7e8f'],
    events: { failure: true, recovery: false, success: true, missed: false },
    incidentAfter: 3,
    incidentOnPartial: true,
    remindEveryHours: 4,
    callbackUrl: 'https://hooks.example/x',
  },
  version: 4,
};

const bodyOf = (state: FormState) => {
  const result = taskInputFromState(state, fields, limits);
  if ('errors' in result) throw new Error(JSON.stringify(result.errors));
  return result.body;
};

describe('form state and task input', () => {
  it('turns a stored task into the form and back into the same task', () => {
    const state = stateFromTask(stored, handlers, 'UTC');
    expect(state).toMatchObject({ tags: 'shop, ping', configMode: 'fields', rateLimit: { on: true, key: 'shop', max: '10' }, notify: { channels: ['6f1c2a8e-0a4b-4c1d-9e2f-3a4b5c6d7e8f'], incidentAfter: '3', remindEveryHours: '4', recovery: false } });
    expect({ ...bodyOf(state), id: stored.id, version: stored.version }).toEqual(stored);
  });

  it('starts a new task with defaults: enabled, daily at 02:00 in the viewer zone, http config defaults', () => {
    const state = stateFromTask(null, handlers, 'Asia/Tokyo');
    expect(state).toMatchObject({ enabled: true, handler: '', schedule: { mode: 'daily', timezone: 'Asia/Tokyo' }, policy: { misfire: 'coalesce', maxAttempts: '1' } });
    expect(state.notify).toEqual({ channels: [], failure: true, recovery: true, success: false, missed: true, incidentAfter: '1', incidentOnPartial: false, remindEveryHours: '', callbackUrl: '' });
    const result = taskInputFromState(state, null, limits);
    expect(result).toEqual({ errors: [{ field: 'name', message: 'is required' }, { field: 'handler', message: 'choose a handler' }] });
    const named = { ...state, name: ' nightly ', handler: 'noop', tags: 'a, b, a,, ' };
    expect(taskInputFromState(named, [], limits)).toEqual({
      body: expect.objectContaining({ name: 'nightly', tags: ['a', 'b'], schedule: { kind: 'daily', time: '02:00', timezone: 'Asia/Tokyo' }, config: {} }),
    });
  });

  it('collects every client-side problem with the path the server would use', () => {
    const state = stateFromTask(stored, handlers, 'UTC');
    const bad: FormState = {
      ...state,
      schedule: { ...state.schedule, expression: '61 * * * *' },
      configValues: { ...state.configValues, url: '' },
      policy: { ...state.policy, maxAttempts: '0', timeoutSeconds: 'x' },
      rateLimit: { ...state.rateLimit, key: '' },
      notify: { ...state.notify, incidentAfter: '0', remindEveryHours: 'soon', channels: ['nope'] },
    };
    const result = taskInputFromState(bad, fields, limits);
    expect('errors' in result && result.errors.map((e) => e.field).sort()).toEqual(
      ['config.url', 'notify.channels.0', 'notify.incidentAfter', 'notify.remindEveryHours', 'policy.maxAttempts', 'policy.rateLimit.key', 'policy.timeoutSeconds', 'schedule.expression'].sort(),
    );
  });

  it('reads the config from the JSON text area in JSON mode', () => {
    const state = { ...stateFromTask(stored, handlers, 'UTC'), configMode: 'json' as const, configJson: '{"url": "http://127.0.0.1:9/x"}' };
    expect(bodyOf(state).config).toEqual({ url: 'http://127.0.0.1:9/x' });
    expect(taskInputFromState({ ...state, configJson: '{' }, fields, limits)).toEqual({ errors: [expect.objectContaining({ field: 'config' })] });
  });
});

describe('mapping errors onto inputs', () => {
  const state = stateFromTask(stored, handlers, 'UTC');
  const known = inputPaths(state, fields);

  it('lists the inputs shown now', () => {
    expect(known).toEqual(expect.arrayContaining(['schedule.expression', 'schedule.timezone', 'config.url', 'config.headers', 'policy.catchUpMax', 'policy.maxConcurrent', 'policy.rateLimit.key']));
    const plain = { ...state, policy: { ...state.policy, misfire: 'skip' as const }, rateLimit: { ...state.rateLimit, on: false }, schedule: { ...state.schedule, mode: 'interval' as const } };
    expect(inputPaths(plain, fields)).not.toEqual(expect.arrayContaining(['policy.catchUpMax']));
    expect(inputPaths(plain, fields)).toEqual(expect.arrayContaining(['schedule.everySeconds', 'schedule.anchor', 'schedule.timezone']));
    const manual = { ...plain, schedule: { ...plain.schedule, mode: 'manual' as const } };
    expect(inputPaths(manual, fields)).not.toContain('schedule.timezone');
  });

  it('puts a server error on its input, a nested one on its parent, the rest at the top', () => {
    expect(inputFor('config.headers.X-Key', known)).toBe('config.headers');
    expect(inputFor('notify.channels.3', known)).toBe('notify.channels');
    expect(inputFor('version', known)).toBeNull();
    expect(groupErrors([{ field: 'schedule.expression', message: 'bad' }, { field: 'schedule.expression', message: 'worse' }, { field: 'id', message: 'gone' }], known)).toEqual({ 'schedule.expression': 'bad', '': 'id: gone' });
    // A part of an input is named: a pipeline step (1-based) in the steps JSON, a header in the headers.
    expect(groupErrors([{ field: 'config.steps.1.config.url', message: 'must be a URL' }], [...known, 'config.steps'])).toEqual({ 'config.steps': 'item 2, config.url: must be a URL' });
    expect(groupErrors([{ field: 'config.headers.X-Key', message: 'too long' }], [...known, 'config.headers'])).toEqual({ 'config.headers': 'X-Key: too long' });
    expect(inputId('policy.rateLimit.key')).toBe('tf-policy-rateLimit-key');
  });
});
