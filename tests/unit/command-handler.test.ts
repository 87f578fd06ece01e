import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseEnv } from '../../lib/env';
import { command } from '../../worker/tasks/command';
import { CommandOutput, LineSplitter, MAX_LOG_LINES, cutBefore, parseJson } from '../../worker/tasks/command-output';
import { prepareCommand, type CommandSettings } from '../../worker/tasks/command-prepare';

function split(chunks: (string | Buffer)[]): string[] {
  const lines: string[] = [];
  const splitter = new LineSplitter((l) => lines.push(l));
  for (const c of chunks) splitter.write(Buffer.isBuffer(c) ? c : Buffer.from(c));
  splitter.end();
  return lines;
}

describe('LineSplitter', () => {
  it('gives lines as they complete, CRLF or LF, and the partial last one at the end', () => {
    expect(split(['one\r\ntw', 'o\n\nthr', 'ee'])).toEqual(['one', 'two', '', 'three']);
    expect(split(['done\n'])).toEqual(['done']);
    expect(split(['a\0b\n'])).toEqual(['a\uFFFDb']);
  });

  it('keeps a character whose bytes arrive in two chunks', () => {
    const euro = Buffer.from('€\n');
    expect(split([euro.subarray(0, 1), euro.subarray(1)])).toEqual(['€']);
  });

  it('holds at most 64 KiB of an endless line, and goes on with the next', () => {
    const lines = split(['x'.repeat(50_000), 'y'.repeat(50_000), '\nnext\n']);
    expect(lines.map((l) => l.length)).toEqual([65_536, 4]);
  });
});

describe('CommandOutput', () => {
  const collect = () => {
    const logged: [string, string | undefined][] = [];
    const progress: unknown[] = [];
    const output = new CommandOutput((m, level) => logged.push([m, level]), (p) => progress.push(p), ['s3cr3t-value']);
    return { logged, progress, output };
  };

  it('turns progress marks into progress, not log lines, and says when one is not a JSON object', () => {
    const { logged, progress, output } = collect();
    output.stdout('::sundial:progress {"done":1,"total":3}');
    output.stdout('::sundial:progress [1,2]');
    output.stdout('plain');
    expect(progress).toEqual([{ done: 1, total: 3 }]);
    expect(logged).toEqual([
      ['ignored a progress line: ::sundial:progress must be followed by a JSON object', 'warn'],
      ['plain', 'info'],
    ]);
  });

  it('stops logging at the cap, says so once, and still keeps the stderr tail', () => {
    const { logged, output } = collect();
    for (let i = 0; i < MAX_LOG_LINES + 50; i++) output.stderr(`line ${i}`);
    expect(logged).toHaveLength(MAX_LOG_LINES + 1);
    expect(logged.at(-1)).toEqual([expect.stringMatching(/^output limit reached \(5000 lines or 1 MiB\)/), 'warn']);
    expect(output.stderrTail()).toHaveLength(20);
    expect(output.stderrTail().at(-1)).toBe(`line ${MAX_LOG_LINES + 49}`);
  });

  it('caps the bytes too', () => {
    const { logged, output } = collect();
    for (let i = 0; i < 20; i++) output.stdout('z'.repeat(60_000));
    expect(logged.filter(([, level]) => level === 'info')).toHaveLength(17);
  });
});

describe('parseJson', () => {
  it('turns NUL, which Postgres cannot store, into U+FFFD, and leaves a literal backslash-u0000 alone', () => {
    expect(parseJson(String.raw`{"a\u0000b": "x\u0000y", "literal": "\\u0000", "both": "\\\u0000"}`)).toEqual({ 'a\uFFFDb': 'x\uFFFDy', literal: '\\u0000', both: '\\\uFFFD' });
  });
});

describe('cutBefore', () => {
  it('cuts a long line, but never inside a sensitive value', () => {
    expect(cutBefore('abcdefghij', 4, [])).toBe('abcd… (cut)');
    expect(cutBefore('ab s3cr3t-value tail', 6, ['s3cr3t-value'])).toBe('ab … (cut)');
    expect(cutBefore('short', 10, ['short'])).toBe('short');
  });
});

describe('the command config', () => {
  const issues = (config: unknown) => command.configSchema.safeParse(config).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);

  it('refuses unknown keys, relative paths and names that would fake the run context', () => {
    expect(issues({ command: 'python3', timeoutSeconds: 5 })).toEqual([': Unrecognized key: "timeoutSeconds"']);
    expect(issues({ command: 'bin/tool' })).toEqual(['command: an absolute path (/usr/bin/python3) or a name looked up on PATH (python3)']);
    expect(issues({ command: 'ls', cwd: 'tmp' })).toEqual(['cwd: must be an absolute path']);
    expect(issues({ command: 'ls', env: { SUNDIAL_RUN_ID: '1' } })).toEqual(['env.SUNDIAL_RUN_ID: names are letters, digits and _, not starting with a digit or SUNDIAL_ (the run context)']);
    expect(issues({ command: 'echo "$1" | wc -c', shell: true, args: ['x'] })).toBeUndefined();
  });
});

describe('SUNDIAL_COMMAND_* variables', () => {
  it('are off and unrestricted by default, and take absolute paths or names', () => {
    expect(parseEnv({})).toMatchObject({ SUNDIAL_COMMAND_ENABLED: false, SUNDIAL_COMMAND_ALLOW: [] });
    expect(parseEnv({ SUNDIAL_COMMAND_ENABLED: 'true', SUNDIAL_COMMAND_ALLOW: 'python3, /bin/sh,' })).toMatchObject({ SUNDIAL_COMMAND_ENABLED: true, SUNDIAL_COMMAND_ALLOW: ['python3', '/bin/sh'] });
    expect(() => parseEnv({ SUNDIAL_COMMAND_ALLOW: 'python3,bin/tool' })).toThrow(/^SUNDIAL_COMMAND_ALLOW must be a comma-separated list of executables/);
  });
});

describe('prepareCommand', () => {
  // A directory a task's config could put first on PATH, holding its own "python3".
  const planted = fs.mkdtempSync(path.join(os.tmpdir(), 'sundial-planted-'));
  fs.writeFileSync(path.join(planted, 'python3'), '#!/bin/sh\n', { mode: 0o755 });
  afterAll(() => fs.rmSync(planted, { recursive: true, force: true }));
  const config = (c: { command: string; shell?: boolean; cwd?: string; env?: Record<string, string> }) => ({ args: ['a'], shell: false, env: {}, ...c });
  const on = (...allow: string[]): CommandSettings => ({ enabled: true, allow });
  const python = path.join(process.env.PATH!.split(':').find((d) => fs.existsSync(path.join(d, 'python3')))!, 'python3');

  it('refuses when the worker has it off, naming the variable', async () => {
    await expect(prepareCommand(config({ command: 'python3' }), { enabled: false, allow: [] })).rejects.toThrow(/SUNDIAL_COMMAND_ENABLED=true/);
  });

  it('runs the file the worker PATH finds for a listed name, never one that a config PATH plants', async () => {
    expect((await prepareCommand(config({ command: 'python3' }), on('python3'))).file).toBe(python);
    expect((await prepareCommand(config({ command: 'python3' }), on(python))).file).toBe(python);
    await expect(prepareCommand(config({ command: 'python3', env: { PATH: planted } }), on('python3'))).rejects.toThrow(`python3 (${planted}/python3) is not allowed on this worker: SUNDIAL_COMMAND_ALLOW lists python3`);
    await expect(prepareCommand(config({ command: '/bin/echo' }), on('python3'))).rejects.toThrow('/bin/echo (/bin/echo) is not allowed');
    expect((await prepareCommand(config({ command: 'python3', env: { PATH: planted } }), on())).file).toBe(`${planted}/python3`);
  });

  it('runs a shell only when the allow-list names sh, with the args as $1...', async () => {
    expect(await prepareCommand(config({ command: 'echo "$1"', shell: true }), on('sh'))).toMatchObject({ file: '/bin/sh', args: ['-c', 'echo "$1"', 'sh', 'a'] });
    await expect(prepareCommand(config({ command: 'echo hi', shell: true }), on('python3'))).rejects.toThrow('shell: true runs /bin/sh is not allowed');
  });

  it('passes on only the locale, PATH and home of the worker, and the config env', async () => {
    const { env } = await prepareCommand(config({ command: 'python3', env: { MODE: 'x' } }), on());
    expect(Object.keys(env).every((k) => ['PATH', 'HOME', 'USER', 'LOGNAME', 'LANG', 'LC_ALL', 'LC_CTYPE', 'TZ', 'TMPDIR', 'MODE'].includes(k))).toBe(true);
    expect(env).toMatchObject({ MODE: 'x', PATH: expect.any(String) });
  });

  it('says what is missing', async () => {
    await expect(prepareCommand(config({ command: 'no-such-tool-here' }), on())).rejects.toThrow('no-such-tool-here: no such executable on PATH on this worker');
    await expect(prepareCommand(config({ command: 'python3', cwd: '/no/such/dir' }), on())).rejects.toThrow('cwd /no/such/dir is not a directory on this worker');
  });
});
