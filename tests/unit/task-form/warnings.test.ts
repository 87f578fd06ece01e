import { describe, expect, it } from 'vitest';
import { stateFromTask, type HandlerEntry } from '../../../lib/task-form/form-state';
import { allowListFromText, formWarnings } from '../../../lib/task-form/warnings';
import { catalogEntry } from '../../../worker/define';
import { http } from '../../../worker/tasks/http';

const entry: HandlerEntry = catalogEntry(http as never);
const stateWith = (url: string, callbackUrl = '') => {
  const state = stateFromTask(null, [entry], 'UTC');
  return { ...state, handler: 'http', configMode: 'fields' as const, configValues: { ...state.configValues, url }, notify: { ...state.notify, callbackUrl } };
};

describe('task form warnings', () => {
  it('warns about a literal internal address or localhost the allow-list does not name, on the field it belongs to', () => {
    const none = allowListFromText('');
    expect(formWarnings(stateWith('http://127.0.0.1:3300/'), entry.configSchema, none)).toEqual({
      'config.url': 'runs will be refused: 127.0.0.1 is a loopback address; add 127.0.0.1 to SUNDIAL_OUTBOUND_ALLOW where the worker runs to allow it',
    });
    expect(Object.keys(formWarnings(stateWith('https://example.com/', 'http://localhost:9000/'), entry.configSchema, none))).toEqual(['notify.callbackUrl']);
  });

  it('is quiet for public URLs, for what the allow-list names, and for what is an error instead', () => {
    const allow = allowListFromText('127.0.0.1/32, localhost, 10.0.0.0/8');
    expect(formWarnings(stateWith('http://127.0.0.1:3300/', 'http://localhost/'), entry.configSchema, allow)).toEqual({});
    expect(formWarnings(stateWith('http://10.2.3.4/'), entry.configSchema, allow)).toEqual({});
    expect(formWarnings(stateWith('https://example.com/'), entry.configSchema, allowListFromText(''))).toEqual({});
    expect(formWarnings(stateWith('http://169.254.169.254/'), entry.configSchema, allowListFromText(''))).toEqual({});
  });
});
