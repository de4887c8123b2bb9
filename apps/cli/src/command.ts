import { type ParseArgsConfig, parseArgs } from 'node:util';
import { DlError } from '@dl/core';

export interface Command {
  summary: string;
  run(argv: string[]): Promise<number>;
}

/** parseArgs with strict checking whose errors become DlErrors (no stack for a typo). */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(
  command: string,
  argv: string[],
  options: T,
) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new DlError('INVALID_ARGUMENT', `dl ${command}: ${(e as Error).message}`);
  }
}

export function positiveInt(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new DlError('INVALID_ARGUMENT', `--${name} must be a positive integer, got '${value}'`);
  }
  return n;
}
