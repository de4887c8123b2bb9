import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DlError } from '@dl/core';
import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import { EXIT_CODES, exitCodeOf, formatError, kindOfError } from '../src/framework/exit';
import { runCli } from '../src/framework/run';
import { defineCommand, defineGroup } from '../src/framework/spec';

// A toy tree exercising every flag type, positionals, per-input results and errors, run
// in-process (the spawned tests cover the real commands).
const seen: unknown[] = [];

const train = defineCommand({
  name: 'train',
  summary: 'train a toy',
  flags: {
    out: { type: 'path', required: true, short: 'o', placeholder: 'DIR', help: 'where' },
    epochs: { type: 'int', min: 1, default: 12, help: 'passes' },
    lr: { type: 'number', min: 0, minExclusive: true, max: 1, help: 'rate' },
    shift: { type: 'number', help: 'any number' },
    split: { type: 'enum', values: ['standard', 'speaker'], help: 'how' },
    models: { type: 'enum', values: ['a', 'b', 'c'], list: true, default: 'a,b', help: 'which' },
    names: { type: 'string', list: true, help: 'who' },
    fast: { type: 'boolean', help: 'hurry' },
  },
  async run(ctx) {
    // The values are typed from the declaration (checked by tsc in `pnpm typecheck`).
    expectTypeOf(ctx.flags.out).toEqualTypeOf<string>();
    expectTypeOf(ctx.flags.epochs).toEqualTypeOf<number>();
    expectTypeOf(ctx.flags.lr).toEqualTypeOf<number | undefined>();
    expectTypeOf(ctx.flags.split).toEqualTypeOf<'standard' | 'speaker' | undefined>();
    expectTypeOf(ctx.flags.models).toEqualTypeOf<('a' | 'b' | 'c')[]>();
    expectTypeOf(ctx.flags.names).toEqualTypeOf<string[] | undefined>();
    expectTypeOf(ctx.flags.fast).toEqualTypeOf<boolean>();
    seen.push(ctx.flags);
    ctx.result({ ok: true, epochs: ctx.flags.epochs }, () => `trained ${ctx.flags.epochs}`);
  },
});

const predict = defineCommand({
  name: 'predict',
  summary: 'predict toys',
  positionals: [
    { name: 'MODEL', required: true, help: 'model' },
    { name: 'FILE', required: true, variadic: true, help: 'inputs' },
  ],
  multiInput: true,
  async run(ctx) {
    expectTypeOf(ctx.args.MODEL).toEqualTypeOf<string>();
    expectTypeOf(ctx.args.FILE).toEqualTypeOf<string[]>();
    await ctx.eachInput(
      ctx.args.FILE,
      (f) => f,
      async (f) => {
        if (f.startsWith('bad')) throw new DlError('FILE_CORRUPT', 'not a toy', { path: f });
        return { data: { model: ctx.args.MODEL, length: f.length }, text: `${f}\t${f.length}` };
      },
    );
  },
});

const crash = defineCommand({
  name: 'crash',
  summary: 'fails',
  flags: { how: { type: 'enum', values: ['data', 'output', 'bug'], required: true, help: 'how' } },
  async run(ctx) {
    if (ctx.flags.how === 'data') throw new DlError('DATA_INVALID', 'no toys in there');
    if (ctx.flags.how === 'output') throw new DlError('OUTPUT_LOCKED', 'held by pid 7');
    throw new TypeError('undefined is not a toy');
  },
});

const root = defineGroup({
  name: 'dl',
  summary: 'toys',
  commands: [
    defineGroup({ name: 'toy', summary: 'toy things', commands: [train, predict] }),
    crash,
  ],
});

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(root, argv, {
    stdout: { write: (s: string) => out.push(s) },
    stderr: { write: (s: string) => err.push(s) },
  });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

afterEach(() => {
  seen.length = 0;
  delete process.env.DL_DEBUG;
});

describe('flag parsing and validation', () => {
  it('converts every type, applies defaults, and accepts negative numbers as values', async () => {
    const r = await run(
      ...['toy', 'train', '-o', 'm', '--lr', '0.5', '--shift', '-2.5', '--split', 'speaker'],
      ...['--names', 'ann, bob', '--fast'],
    );
    expect(r.code, r.stderr).toBe(0);
    expect(seen[0]).toEqual({
      out: 'm',
      epochs: 12,
      lr: 0.5,
      shift: -2.5,
      split: 'speaker',
      models: ['a', 'b'],
      names: ['ann', 'bob'],
      fast: true,
      json: false,
      help: false,
    });
    expect(r.stdout).toBe('trained 12\n');
  });

  it.each([
    [['--epochs', '-3'], "--epochs must be a positive integer, got '-3'"],
    [['--epochs', 'abc'], "--epochs must be a positive integer, got 'abc'"],
    [['--epochs', '2.5'], "--epochs must be a positive integer, got '2.5'"],
    [['--lr', '0'], "--lr must be a number in (0, 1], got '0'"],
    [['--lr', '1e9'], "--lr must be a number in (0, 1], got '1e9'"],
    [['--shift', '1x'], "--shift must be a number, got '1x'"],
    [['--split', 'random'], "--split must be standard or speaker, got 'random'"],
    [['--models', 'a,z'], "--models must be a comma-separated list of a, b, c, got 'a,z'"],
    [['--epochs'], '--epochs needs a value, got nothing'],
    [['--epochs', '--fast'], "--epochs needs a value, got the flag '--fast'"],
    [['--fast=yes'], '--fast is a switch and takes no value'],
  ])('rejects %j before running: %s', async (flags, message) => {
    const r = await run('toy', 'train', '--out', 'm', ...flags);
    expect(r.code).toBe(EXIT_CODES.usage);
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain('(see dl toy train --help)');
    expect(r.stderr).not.toMatch(/ambiguous|\n\s+at /);
    expect(seen).toHaveLength(0);
  });

  it('names an unknown flag and lists the command’s flags', async () => {
    const r = await run('toy', 'train', '--out', 'm', '--epoch', '3');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown flag '--epoch'; its flags are --out, --epochs, --lr, /);
  });

  it('requires required flags and positionals, and refuses extra arguments', async () => {
    expect((await run('toy', 'train')).stderr).toContain('--out is required');
    expect((await run('toy', 'predict', 'M')).stderr).toContain('FILE is missing (one or more)');
    expect((await run('toy', 'train', '-o', 'm', 'extra')).stderr).toContain(
      "unexpected argument 'extra'",
    );
  });

  it('takes `--` to end the flags', async () => {
    const r = await run('toy', 'predict', 'M', '--', '--odd-name', '-5');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('--odd-name\t10\n-5\t2\n');
  });
});

describe('help at every level', () => {
  it('dl, dl toy and dl toy train each print their help and exit 0', async () => {
    const top = await run('--help');
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/dl toy +<command>/);
    expect(top.stdout).toMatch(
      /exit codes:\n {2}0 .*\n {2}1 .*\n {2}2 .*usage.*\n {2}3 .*data.*\n {2}4 .*output/,
    );
    const group = await run('toy', '-h');
    expect(group.stdout).toMatch(/dl toy train +--out DIR \[flags\]/);
    expect(group.stdout).toMatch(/dl toy predict MODEL FILE… \[flags\]/);
    const command = await run('toy', 'train', '--epochs', 'abc', '--help');
    expect(command.code).toBe(0);
    for (const line of [
      /--out, -o DIR +path, required\n +where/,
      /--epochs N +int ≥ 1, default 12/,
      /--lr X +number in \(0, 1\]/,
      /--split standard\|speaker +choice/,
      /--models a,… +list of a, b, c, default a,b/,
      /--fast +switch/,
      /--json +switch/,
    ]) {
      expect(command.stdout).toMatch(line);
    }
    expect((await run('toy', 'predict', '--help')).stdout).toMatch(/--jsonl +switch/);
  });

  it('a missing or unknown command is a usage error', async () => {
    const none = await run('toy');
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/usage: dl toy <command>/);
    const unknown = await run('toy', 'fly');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(
      /^dl toy: unknown subcommand 'fly'; expected one of train, predict/,
    );
  });
});

describe('--json', () => {
  it('prints one document; several inputs give an array with failures in place', async () => {
    const one = await run('toy', 'predict', 'M', 'abc', '--json');
    expect(JSON.parse(one.stdout)).toEqual({ input: 'abc', model: 'M', length: 3 });
    const three = await run('toy', 'predict', 'M', 'abc', 'bad.toy', 'de', '--json');
    expect(three.code).toBe(EXIT_CODES.data);
    expect(three.stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(three.stdout)).toEqual([
      { input: 'abc', model: 'M', length: 3 },
      { input: 'bad.toy', error: { code: 'FILE_CORRUPT', message: 'bad.toy: not a toy' } },
      { input: 'de', model: 'M', length: 2 },
    ]);
  });

  it('--jsonl streams one line per input; text mode keeps going past a failure', async () => {
    const lines = await run('toy', 'predict', 'M', 'bad', 'ok', '--jsonl');
    expect(
      lines.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l)),
    ).toEqual([
      { input: 'bad', error: { code: 'FILE_CORRUPT', message: 'bad: not a toy' } },
      { input: 'ok', model: 'M', length: 2 },
    ]);
    const text = await run('toy', 'predict', 'M', 'bad', 'ok');
    expect(text.code).toBe(3);
    expect(text.stdout).toBe('ok\t2\n');
    expect(text.stderr).toBe('dl: bad: not a toy [FILE_CORRUPT]\n');
  });

  it('a failed command is { "error": … } on stdout, the message on stderr', async () => {
    const r = await run('crash', '--how', 'data', '--json');
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout)).toEqual({
      error: { code: 'DATA_INVALID', message: 'no toys in there' },
    });
    expect(r.stderr).toBe('dl: no toys in there [DATA_INVALID]\n');
    const usage = await run('toy', 'train', '--epochs', '0', '--json');
    expect(JSON.parse(usage.stdout).error.code).toBe('INVALID_ARGUMENT');
  });
});

describe('errors and exit codes', () => {
  it('exit code by kind: data 3, output 4, a bug 1 — without a stack unless DL_DEBUG=1', async () => {
    expect((await run('crash', '--how', 'data')).code).toBe(3);
    expect((await run('crash', '--how', 'output')).code).toBe(4);
    const bug = await run('crash', '--how', 'bug');
    expect(bug.code).toBe(1);
    expect(bug.stderr).toBe(
      'dl: internal error: undefined is not a toy (DL_DEBUG=1 shows the stack trace)\n',
    );
    process.env.DL_DEBUG = '1';
    expect((await run('crash', '--how', 'bug')).stderr).toMatch(/TypeError: .*\n\s+at /);
  });

  it('maps every kind of failure to its exit code in one table', () => {
    const dlError = (code: ConstructorParameters<typeof DlError>[0]) => new DlError(code, 'x');
    expect(kindOfError(dlError('INVALID_ARGUMENT'))).toBe('usage');
    for (const code of [
      'FILE_NOT_FOUND',
      'FILE_CORRUPT',
      'DATA_INVALID',
      'MODEL_INVALID',
    ] as const) {
      expect(kindOfError(dlError(code))).toBe('data');
    }
    for (const code of ['OUTPUT_EXISTS', 'OUTPUT_NOT_WRITABLE', 'OUTPUT_LOCKED'] as const) {
      expect(kindOfError(dlError(code))).toBe('io');
    }
    expect(kindOfError(dlError('TRAINING_DIVERGED'))).toBe('other');
    const errno = (code: string) => Object.assign(new Error(`${code}: nope`), { code });
    expect(exitCodeOf(errno('EACCES'))).toBe(4);
    expect(exitCodeOf(errno('ENOSPC'))).toBe(4);
    expect(exitCodeOf(errno('ENOENT'))).toBe(3);
    expect(exitCodeOf(new RangeError('bug'))).toBe(1);
    expect(formatError(errno('EACCES'))).toBe('EACCES: nope');
  });

  it('a flag naming a missing input file is a data error before any work', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dl-framework-'));
    writeFileSync(join(dir, 'here.txt'), 'x');
    const tree = defineGroup({
      name: 'dl',
      summary: 's',
      commands: [
        defineCommand({
          name: 'read',
          summary: 's',
          flags: { file: { type: 'path', mustExist: true, required: true, help: 'in' } },
          async run(ctx) {
            ctx.result({ file: ctx.flags.file }, () => ctx.flags.file);
          },
        }),
      ],
    });
    const io = { stdout: { write: () => true }, stderr: { write: () => true } };
    expect(await runCli(tree, ['read', '--file', join(dir, 'here.txt')], io)).toBe(0);
    expect(await runCli(tree, ['read', '--file', join(dir, 'gone.txt')], io)).toBe(3);
  });
});
