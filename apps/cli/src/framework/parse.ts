import { type ParseArgsConfig, parseArgs } from 'node:util';
import { ArgumentError } from './errors';
import { type FlagSpec, type FlagSpecs, GLOBAL_FLAGS, JSONL_FLAG } from './flags';
import type { Command } from './spec';
import { convertFlag } from './validate';

const NEGATIVE_NUMBER = /^-(\d|\.\d)/;

/** Every flag the command accepts: its own, then --json, --help (and --jsonl for several inputs). */
export function flagsOf(command: Command): FlagSpecs {
  return { ...command.flags, ...(command.multiInput ? JSONL_FLAG : {}), ...GLOBAL_FLAGS };
}

function usageError(commandName: string, message: string): ArgumentError {
  return new ArgumentError(
    'INVALID_ARGUMENT',
    `${commandName}: ${message} (see ${commandName} --help)`,
  );
}

function parserOptions(flags: FlagSpecs): NonNullable<ParseArgsConfig['options']> {
  return Object.fromEntries(
    Object.entries(flags).map(([name, spec]) => [
      name,
      {
        type: spec.type === 'boolean' ? ('boolean' as const) : ('string' as const),
        ...(spec.short ? { short: spec.short } : {}),
      },
    ]),
  );
}

/** The declared flag a token like `--out`, `-o` or `--out=x` names, if any. */
function flagNamed(flags: FlagSpecs, token: string): [string, FlagSpec] | undefined {
  const name = token.startsWith('--') ? token.slice(2).split('=')[0] : undefined;
  if (name !== undefined) return flags[name] ? [name, flags[name]] : undefined;
  const short = token.length === 2 ? token[1] : undefined;
  return Object.entries(flags).find(([, spec]) => short && spec.short === short);
}

/**
 * Joins `--epochs -3` into `--epochs=-3`, so a negative number is a value (to be range-checked)
 * rather than parseArgs's "ambiguous" option; and names a value flag given no value.
 */
function normalise(commandName: string, flags: FlagSpecs, argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (token === '--') return [...out, ...argv.slice(i)];
    const flag =
      token.startsWith('-') && !token.includes('=') ? flagNamed(flags, token) : undefined;
    if (!flag || flag[1].type === 'boolean') {
      out.push(token);
      continue;
    }
    const next = argv[i + 1];
    if (next === undefined || (next.startsWith('-') && !NEGATIVE_NUMBER.test(next))) {
      const got = next === undefined ? 'nothing' : `the flag '${next}'`;
      throw usageError(commandName, `--${flag[0]} needs a value, got ${got}`);
    }
    out.push(`--${flag[0]}=${next}`);
    i++;
  }
  return out;
}

function explainParseError(commandName: string, flags: FlagSpecs, e: unknown): ArgumentError {
  const message = (e as Error).message;
  const token = /'(-[^' ]+)/.exec(message)?.[1] ?? '';
  if ((e as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const known = Object.keys(flags)
      .map((f) => `--${f}`)
      .join(', ');
    return usageError(commandName, `unknown flag '${token}'; its flags are ${known}`);
  }
  if (/does not take an argument/.test(message)) {
    return usageError(commandName, `${token} is a switch and takes no value`);
  }
  return usageError(commandName, message.split('\n')[0]);
}

function converted(commandName: string, name: string, spec: FlagSpec, raw: string | boolean) {
  try {
    return convertFlag(name, spec, raw);
  } catch (e) {
    if (e instanceof ArgumentError && e.code === 'INVALID_ARGUMENT')
      throw usageError(commandName, e.message);
    throw e;
  }
}

/** A list flag declares its default as it would be typed (`'cnn-rand,tfidf'`). */
function defaultValue(name: string, spec: Exclude<FlagSpec, { type: 'boolean' }>): unknown {
  const isList = (spec.type === 'enum' || spec.type === 'string') && spec.list;
  return isList && typeof spec.default === 'string'
    ? convertFlag(name, spec, spec.default)
    : spec.default;
}

/** Typed values of every declared flag: converted, range-checked, defaults applied. */
function flagValues(
  commandName: string,
  flags: FlagSpecs,
  raw: Record<string, string | boolean | (string | boolean)[] | undefined>,
): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(flags)) {
    const given = raw[name];
    const value = Array.isArray(given) ? given.at(-1) : given;
    if (value !== undefined) values[name] = converted(commandName, name, spec, value);
    else if (spec.required) throw usageError(commandName, `--${name} is required`);
    else if (spec.type === 'boolean') values[name] = false;
    else if (spec.default !== undefined) values[name] = defaultValue(name, spec);
  }
  return values;
}

function positionalValues(
  commandName: string,
  command: Command,
  given: readonly string[],
): Record<string, string | string[] | undefined> {
  const values: Record<string, string | string[] | undefined> = {};
  let i = 0;
  for (const p of command.positionals) {
    const taken = p.variadic ? given.slice(i) : given.slice(i, i + 1);
    i += taken.length;
    if (p.required && taken.length === 0) {
      throw usageError(commandName, `${p.name} is missing${p.variadic ? ' (one or more)' : ''}`);
    }
    values[p.name] = p.variadic ? taken : taken[0];
  }
  if (i < given.length) throw usageError(commandName, `unexpected argument '${given[i]}'`);
  return values;
}

export interface ParsedCommand {
  flags: Record<string, unknown>;
  args: Record<string, string | string[] | undefined>;
}

/**
 * Parses and validates a command's arguments against its declaration, before any work: every
 * failure is a usage error (exit 2) naming the flag, or a missing --x path (exit 3).
 */
export function parseCommand(commandName: string, command: Command, argv: readonly string[]) {
  const flags = flagsOf(command);
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: normalise(commandName, flags, argv),
      options: parserOptions(flags),
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    throw e instanceof ArgumentError ? e : explainParseError(commandName, flags, e);
  }
  return {
    flags: flagValues(commandName, flags, parsed.values),
    args: positionalValues(commandName, command, parsed.positionals),
  } satisfies ParsedCommand;
}
