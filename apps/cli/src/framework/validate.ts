import { existsSync } from 'node:fs';
import { ArgumentError } from './errors';
import type { EnumFlag, FlagSpec, IntFlag, NumberFlag } from './flags';

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

export function interval(spec: IntFlag | NumberFlag, noun: string): string {
  const { min, max } = spec;
  const open = 'minExclusive' in spec && spec.minExclusive;
  const close = 'maxExclusive' in spec && spec.maxExclusive;
  if (min !== undefined && max !== undefined) {
    return `${noun} in ${open ? '(' : '['}${min}, ${max}${close ? ')' : ']'}`;
  }
  if (min !== undefined) return `${noun} ${open ? '>' : '≥'} ${min}`;
  if (max !== undefined) return `${noun} ${close ? '<' : '≤'} ${max}`;
  return noun;
}

function alternatives(values: readonly string[]): string {
  return values.length === 2 ? `${values[0]} or ${values[1]}` : `one of ${values.join(', ')}`;
}

/** What a valid value is, in words, for error messages: "a number in (0, 1]". */
export function describeValue(spec: FlagSpec): string {
  switch (spec.type) {
    case 'int':
      // "positive integer" reads better than "integer ≥ 1", the most common range by far.
      return spec.min === 1 && spec.max === undefined
        ? 'a positive integer'
        : interval(spec, 'an integer');
    case 'number':
      return interval(spec, 'a number');
    case 'enum':
      return spec.list
        ? `a comma-separated list of ${spec.values.join(', ')}`
        : alternatives(spec.values);
    case 'string':
      return spec.list ? 'a comma-separated list' : 'a text';
    case 'path':
      return 'a path';
    case 'boolean':
      return 'true or false';
  }
}

function invalid(name: string, spec: FlagSpec, raw: string): ArgumentError {
  return new ArgumentError(
    'INVALID_ARGUMENT',
    `--${name} must be ${describeValue(spec)}, got '${raw}'`,
  );
}

function inRange(spec: IntFlag | NumberFlag, n: number): boolean {
  const open = 'minExclusive' in spec && spec.minExclusive;
  const close = 'maxExclusive' in spec && spec.maxExclusive;
  if (spec.min !== undefined && (open ? n <= spec.min : n < spec.min)) return false;
  if (spec.max !== undefined && (close ? n >= spec.max : n > spec.max)) return false;
  return true;
}

function numeric(name: string, spec: IntFlag | NumberFlag, raw: string): number {
  const pattern = spec.type === 'int' ? INTEGER : DECIMAL;
  const n = Number(raw);
  if (!pattern.test(raw.trim()) || !Number.isFinite(n) || !inRange(spec, n)) {
    throw invalid(name, spec, raw);
  }
  return n;
}

function listOf(raw: string): string[] {
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function enumValue(name: string, spec: EnumFlag, raw: string): string | string[] {
  const values = spec.list ? listOf(raw) : [raw];
  if (values.length === 0 || values.some((v) => !spec.values.includes(v))) {
    throw invalid(name, spec, raw);
  }
  return spec.list ? values : raw;
}

/** Converts one flag's text to its typed value, or throws a usage error saying what is wanted. */
export function convertFlag(name: string, spec: FlagSpec, raw: string | boolean): unknown {
  if (spec.type === 'boolean') return raw === true;
  const text = String(raw);
  switch (spec.type) {
    case 'int':
    case 'number':
      return numeric(name, spec, text);
    case 'enum':
      return enumValue(name, spec, text);
    case 'string':
      return spec.list ? listOf(text) : text;
    case 'path':
      if (text.trim() === '') throw invalid(name, spec, text);
      if (spec.mustExist && !existsSync(text)) {
        throw new ArgumentError('FILE_NOT_FOUND', `--${name}: no such file or folder`, {
          path: text,
        });
      }
      return text;
  }
}
