import type { ProgressMode, Sink } from '@dl/core';
import type { FlagSpecs, FlagValues } from './flags';
import type { InputOutcome, OutputMode } from './output';

export type { OutputMode } from './output';

export interface PositionalSpec {
  /** Upper case, as usage lines show it: MODEL, FILE. */
  name: string;
  help: string;
  required?: boolean;
  /** Takes every remaining argument (only the last positional). */
  variadic?: boolean;
}

type PositionalValues<P extends readonly PositionalSpec[]> = {
  [E in P[number] as E['name']]: E extends { variadic: true }
    ? string[]
    : E extends { required: true }
      ? string
      : string | undefined;
};

/** What a command's `run` gets: validated values, and the one way to print results. */
export interface Context<F extends FlagSpecs, P extends readonly PositionalSpec[]> {
  flags: FlagValues<F>;
  args: PositionalValues<P>;
  output: OutputMode;
  /** 'json' under --json/--jsonl (JSON lines on stderr), otherwise 'auto' (bar on a TTY). */
  progress: ProgressMode;
  progressOut: Sink;
  /** Prints the command's one result: `data` under --json, `text()` otherwise. */
  result(data: unknown, text: () => string): void;
  /**
   * Runs `each` for every input in isolation: a failed input is reported in place and the
   * others still run; the exit code is that of the first failure. Under --json the inputs give
   * one array (one object for a single input).
   */
  eachInput<T>(
    inputs: readonly T[],
    label: (input: T) => string,
    each: (input: T) => Promise<InputOutcome>,
  ): Promise<void>;
  /** A line for the person watching (stderr): "synthesising digits…". */
  note(line: string): void;
  /** `warning: …` on stderr. */
  warn(lines: readonly string[]): void;
}

interface Described {
  name: string;
  /** One line for the parent's list. */
  summary: string;
  /** Paragraphs for this command's --help and the README. */
  description?: string;
}

export interface CommandSpec<F extends FlagSpecs, P extends readonly PositionalSpec[]>
  extends Described {
  positionals?: P;
  flags?: F;
  /** Several inputs: the command takes --jsonl and reports per input (Context.eachInput). */
  multiInput?: boolean;
  /** Example invocations, shown in --help and the README. */
  examples?: readonly string[];
  run(ctx: Context<F, P>): Promise<void>;
}

/** A declared command with its types erased, as the dispatcher holds it. */
export interface Command extends Described {
  kind: 'command';
  positionals: readonly PositionalSpec[];
  flags: FlagSpecs;
  multiInput: boolean;
  examples: readonly string[];
  // biome-ignore lint/suspicious/noExplicitAny: the values are validated against `flags` first.
  run(ctx: Context<any, any>): Promise<void>;
}

/** A command with subcommands (`dl plate train|eval|…`). */
export interface Group extends Described {
  kind: 'group';
  commands: readonly Node[];
}

export type Node = Command | Group;

export function defineCommand<
  const F extends FlagSpecs = Record<never, never>,
  const P extends readonly PositionalSpec[] = [],
>(spec: CommandSpec<F, P>): Command {
  return {
    kind: 'command',
    name: spec.name,
    summary: spec.summary,
    description: spec.description,
    positionals: spec.positionals ?? [],
    flags: spec.flags ?? {},
    multiInput: spec.multiInput ?? false,
    examples: spec.examples ?? [],
    run: spec.run as Command['run'],
  };
}

export function defineGroup(spec: Described & { commands: readonly Node[] }): Group {
  return { kind: 'group', ...spec };
}
