import type { CaptchaMetrics } from '@dl/captcha';
import type { FlagSpec } from '../../framework/flags';

/** @dl/captcha's CAPTCHA_V2_CHARSET (test/constants.test.ts checks the copy). */
export const V2_CHARSET = '2345678bcdefgmnpwxy';

export const CAPTCHA_FOLDER = {
  type: 'path',
  mustExist: true,
  placeholder: 'DIR',
  help: 'a folder of captcha images named by their text (<label>.png or <label>_<n>.png, the captcha_images_v2 layout)',
} as const satisfies FlagSpec;

export const CHARSET = {
  type: 'string',
  placeholder: 'CHARS',
  defaultText: `synthetic: ${V2_CHARSET}; --data: the symbols its labels use`,
  help: 'the symbols captchas are made of, in class order',
} as const satisfies FlagSpec;

export const LENGTH = {
  type: 'int',
  min: 1,
  defaultText: 'synthetic: 5; --data: inferred (fixed when every label has one length)',
  help: 'characters per captcha',
} as const satisfies FlagSpec;

export const MAX_LENGTH = {
  type: 'int',
  min: 1,
  defaultText: '--length (every captcha as long)',
  help: 'synthetic captchas of --length to N characters (variable length: the CTC reader only)',
} as const satisfies FlagSpec;

export const CASE = {
  type: 'enum',
  values: ['auto', 'none', 'lower', 'upper'],
  default: 'auto',
  help: 'fold labels to one case (auto: when the charset’s letters are all of one case)',
} as const satisfies FlagSpec;

export const BEAM = {
  type: 'int',
  min: 1,
  defaultText: '1 (greedy; a width-16 beam where greedy gives the wrong length)',
  help: 'CTC readers: prefix beam search of this width',
} as const satisfies FlagSpec;

const pct = (v: number) => `${(100 * v).toFixed(1)}%`;

/** Whole-captcha accuracy with its interval, CER, per-position accuracy, top confusions. */
export function metricsText(m: CaptchaMetrics): string {
  const [lo, hi] = m.accuracyInterval;
  const lines = [
    `accuracy ${pct(m.accuracy)} (95% ${pct(lo)}–${pct(hi)}) on ${m.count} captchas, CER ${m.cer.toFixed(4)}`,
    `per position ${m.perPosition.map(pct).join(' ')}`,
  ];
  if (m.confusions.length) {
    const top = m.confusions.slice(0, 5).map((c) => `${c.truth}→${c.predicted} ×${c.count}`);
    lines.push(`most confused ${top.join(', ')}`);
  }
  return lines.join('\n');
}

/** The length options of synthCaptchaDataset: one length, or a [min, max] range. */
export function lengthOf(length: number | undefined, max: number | undefined) {
  if (max === undefined) return length;
  return [length ?? Math.min(5, max), max] as [number, number];
}
