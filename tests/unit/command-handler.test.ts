import { describe, expect, it } from 'vitest';
import { parseEnv } from '../../lib/env';
import { command } from '../../worker/tasks/command';
import { CommandOutput, LineSplitter, MAX_LOG_LINES, cutBefore } from '../../worker/tasks/command-output';

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
