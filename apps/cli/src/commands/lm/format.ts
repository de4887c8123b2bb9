/** Numbers as the lm commands print them: fixed digits, or Infinity / NaN spelled out. */
export const fmt = (v: number, digits = 2) => (Number.isFinite(v) ? v.toFixed(digits) : String(v));

export const count = (n: number) => n.toLocaleString('en-US');

/** The language-model argument of generate and score. */
export const MODEL_ARG = {
  name: 'MODEL',
  required: true,
  help: 'a trained model directory',
} as const;

/** An int flag whose default the library picks (shown as `defaultText`). */
export const int = (help: string, defaultText: unknown, min = 1) =>
  ({ type: 'int', min, defaultText: String(defaultText), help }) as const;
