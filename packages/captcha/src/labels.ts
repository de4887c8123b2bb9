import { basename } from 'node:path';
import { DlError } from '@dl/core';
import type { CaseRule } from './task';

/** How a label comes out of a file name. */
export type LabelFrom = 'prefix' | RegExp | ((fileName: string) => string);

export interface CaptchaLabelOptions {
  /**
   * Where the label is in the file name: 'prefix' (default) takes the part before the first
   * `_` or `.` (`2b827.png`, `2b827_03.png`); a RegExp takes its first capture group; a
   * function gets the base name.
   */
  labelFrom?: LabelFrom;
  /**
   * The symbols a label may use, in class order. Default: inferred — every symbol the labels
   * use, sorted.
   */
  charset?: string;
  /**
   * A fixed length every label must have, or 'variable'. Default: inferred — fixed when all
   * labels have the same length, else variable.
   */
  length?: number | 'variable';
  /**
   * Case folding: 'lower' / 'upper' fold labels to that case, 'none' keeps them. Default
   * 'auto': fold when the charset's letters are all of one case (so `2B827.png` reads as
   * `2b827` against a lowercase charset), keep case when it mixes both.
   */
  caseRule?: CaseRule | 'auto';
}

/** The label of one file name under a rule, unfolded and unchecked. */
export function labelOfFile(path: string, from: LabelFrom = 'prefix'): string {
  const name = basename(path);
  let label: unknown;
  if (from === 'prefix') label = name.split(/[_.]/)[0];
  else if (from instanceof RegExp) label = from.exec(name)?.[1];
  else label = from(name);
  if (typeof label !== 'string' || label === '') {
    throw new DlError(
      'DATA_INVALID',
      `cannot take a captcha label from the file name '${name}' (rule: ${describeRule(from)})`,
      { path },
    );
  }
  return label;
}

const describeRule = (from: LabelFrom) =>
  from === 'prefix' ? "the part before the first '_' or '.'" : String(from);

/** The case rule a charset implies under 'auto'. */
export function inferCaseRule(charset: string): CaseRule {
  const lower = /\p{Ll}/u.test(charset);
  const upper = /\p{Lu}/u.test(charset);
  if (lower && !upper) return 'lower';
  if (upper && !lower) return 'upper';
  return 'none';
}

export function foldCase(text: string, rule: CaseRule): string {
  if (rule === 'lower') return text.toLowerCase();
  if (rule === 'upper') return text.toUpperCase();
  return text;
}

/** Every symbol used, sorted by code point (the default class order). */
export function inferCharset(labels: readonly string[]): string {
  return [...new Set(labels.flatMap((l) => [...l]))].sort().join('');
}

export interface LabelRules {
  charset: string;
  length: number | null;
  caseRule: CaseRule;
}

/**
 * Resolves charset, length and case rule from the options and the raw labels (the defaults
 * are inferred from the labels), then checks every label against them.
 */
export function resolveLabels(
  raw: readonly { label: string; source?: string }[],
  o: CaptchaLabelOptions = {},
): { rules: LabelRules; labels: string[] } {
  const given = o.caseRule ?? 'auto';
  // Under 'auto' with no charset, infer the charset from the labels as written first.
  const charsetFirst = o.charset ?? inferCharset(raw.map((r) => r.label));
  const caseRule = given === 'auto' ? inferCaseRule(charsetFirst) : given;
  const labels = raw.map((r) => foldCase(r.label, caseRule));
  const charset = o.charset ?? inferCharset(labels);
  checkCharset(charset);
  const lengths = new Set(labels.map((l) => [...l].length));
  const length =
    o.length === 'variable' ? null : (o.length ?? (lengths.size === 1 ? [...lengths][0] : null));
  const rules = { charset, length, caseRule };
  raw.forEach((r, i) => checkLabel(labels[i], rules, r.source));
  return { rules, labels };
}

export function checkCharset(charset: string): void {
  const symbols = [...charset];
  if (symbols.length < 1 || new Set(symbols).size !== symbols.length) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `charset must be one or more distinct symbols, got '${charset}'`,
    );
  }
}

/** Throws DATA_INVALID naming the file when `label` breaks the charset or the fixed length. */
export function checkLabel(label: string, rules: LabelRules, source?: string): void {
  const symbols = [...label];
  const bad = symbols.filter((c) => !rules.charset.includes(c));
  if (bad.length > 0) {
    throw new DlError(
      'DATA_INVALID',
      `label '${label}' has ${[...new Set(bad)].map((c) => `'${c}'`).join(', ')} outside the charset '${rules.charset}'`,
      { path: source },
    );
  }
  if (rules.length !== null && symbols.length !== rules.length) {
    throw new DlError(
      'DATA_INVALID',
      `label '${label}' has ${symbols.length} characters; this data set's captchas have ${rules.length}`,
      { path: source },
    );
  }
  if (symbols.length === 0) {
    throw new DlError('DATA_INVALID', 'empty label', { path: source });
  }
}

/** Class indices of a label's symbols. */
export const encodeLabel = (label: string, charset: string): number[] =>
  [...label].map((c) => [...charset].indexOf(c));

export const decodeLabel = (indices: readonly number[], charset: string): string => {
  const symbols = [...charset];
  return indices.map((i) => symbols[i] ?? '').join('');
};
