/**
 * Flag declarations: a command lists each flag once, and its parser options, validation, usage
 * line, --help entry and README row all come from that one declaration.
 */

interface FlagCommon {
  /** One sentence for --help and the README. */
  help: string;
  required?: boolean;
  /** A one-letter alias: `short: 'o'` accepts `-o DIR` for `--out DIR`. */
  short?: string;
  /** What --help shows as the default when the library, not the CLI, picks it. */
  defaultText?: string;
  /** The value's name in usage lines (default: from the type, e.g. DIR, N, X). */
  placeholder?: string;
}

export interface StringFlag extends FlagCommon {
  type: 'string';
  default?: string;
  /** Comma-separated: the value is a string[] (`--test-speakers a,b`). */
  list?: boolean;
}

export interface PathFlag extends FlagCommon {
  type: 'path';
  default?: string;
  /** Checked before any work: a missing path is a data error naming the flag. */
  mustExist?: boolean;
}

export interface IntFlag extends FlagCommon {
  type: 'int';
  default?: number;
  min?: number;
  max?: number;
}

export interface NumberFlag extends FlagCommon {
  type: 'number';
  default?: number;
  min?: number;
  max?: number;
  /** The bound itself is not allowed: `min: 0, minExclusive: true` is "> 0". */
  minExclusive?: boolean;
  maxExclusive?: boolean;
}

export interface BooleanFlag extends FlagCommon {
  type: 'boolean';
}

export interface EnumFlag extends FlagCommon {
  type: 'enum';
  values: readonly string[];
  default?: string;
  /** Comma-separated: the value is an array of allowed values (`--models cnn-rand,tfidf`). */
  list?: boolean;
}

export type FlagSpec = StringFlag | PathFlag | IntFlag | NumberFlag | BooleanFlag | EnumFlag;
export type FlagSpecs = Readonly<Record<string, FlagSpec>>;
export type FlagType = FlagSpec['type'];

type ValueOf<F> = F extends { type: 'boolean' }
  ? boolean
  : F extends { type: 'int' | 'number' }
    ? number
    : F extends { type: 'enum'; values: readonly (infer V)[] }
      ? F extends { list: true }
        ? V[]
        : V
      : F extends { list: true }
        ? string[]
        : string;

/** Booleans default to false; required flags and flags with a default always have a value. */
type AlwaysSet<F> = F extends { type: 'boolean' }
  ? true
  : F extends { required: true }
    ? true
    : F extends { default: unknown }
      ? true
      : false;

/** The parsed, validated values of a command's flags, typed from its declaration. */
export type FlagValues<Fs extends FlagSpecs> = {
  -readonly [K in keyof Fs]: AlwaysSet<Fs[K]> extends true
    ? ValueOf<Fs[K]>
    : ValueOf<Fs[K]> | undefined;
};

/** The flags every command takes; the framework handles them, commands never declare them. */
export const GLOBAL_FLAGS = {
  json: {
    type: 'boolean',
    help: 'print exactly one JSON document on stdout (progress: JSON lines on stderr)',
  },
  help: { type: 'boolean', short: 'h', help: 'show this help' },
} as const satisfies FlagSpecs;

/** Commands with several inputs also stream: one JSON line per input as it is done. */
export const JSONL_FLAG = {
  jsonl: {
    type: 'boolean',
    help: 'print one JSON line per input as soon as it is done (instead of one array)',
  },
} as const satisfies FlagSpecs;
