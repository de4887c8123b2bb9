import { type ClassificationMetrics, classificationMetrics } from './classification';
import { checkClassIds, checkNonEmpty, checkSameLength, fail } from './validate';

export interface ReportRow {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface ClassReportRow extends ReportRow {
  label: string;
}

/** sklearn's `classification_report(..., output_dict=True)`, with camelCase keys. */
export interface ClassificationReport {
  classes: ClassReportRow[];
  accuracy: number;
  macroAvg: ReportRow;
  weightedAvg: ReportRow;
  /** Equal to accuracy for single-label data; kept for programs that expect it. */
  microAvg: ReportRow;
  /** Total number of samples. */
  support: number;
  confusionMatrix: number[][];
}

export interface ClassificationReportOptions {
  /** Class names by id; their count fixes the number of classes. Default: "0", "1", … */
  labels?: string[];
  /** Number of classes when `labels` is not given. Default: largest id seen + 1. */
  numClasses?: number;
}

/**
 * Per-class precision/recall/F1/support plus accuracy and macro/weighted averages, with the
 * zero-division and all-classes conventions of `classificationMetrics`. Pair with
 * `formatClassificationReport` for sklearn's text table.
 */
export function classificationReport(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  options: ClassificationReportOptions = {},
): ClassificationReport {
  const where = 'classificationReport';
  checkNonEmpty(where, 'yTrue', yTrue);
  checkSameLength(where, 'yTrue', yTrue, 'yPred', yPred);
  checkClassIds(where, 'yTrue', yTrue);
  checkClassIds(where, 'yPred', yPred);
  const { labels } = options;
  let numClasses = options.numClasses;
  if (labels !== undefined) {
    if (labels.length === 0) fail(where, 'labels is empty; expected one name per class');
    if (numClasses !== undefined && numClasses !== labels.length) {
      fail(where, `labels has ${labels.length} names but numClasses is ${numClasses}`);
    }
    numClasses = labels.length;
  }
  if (numClasses === undefined) {
    numClasses = Math.max(maxOf(yTrue), maxOf(yPred)) + 1;
  }
  const m: ClassificationMetrics = classificationMetrics(yTrue, yPred, numClasses);
  const names = labels ?? m.perClass.map((_, c) => String(c));
  const total = m.support;
  return {
    classes: m.perClass.map((row, c) => ({ label: names[c], ...row })),
    accuracy: m.accuracy,
    macroAvg: { ...m.macro, support: total },
    weightedAvg: { ...m.weighted, support: total },
    microAvg: { ...m.micro, support: total },
    support: total,
    confusionMatrix: m.confusionMatrix,
  };
}

/**
 * The report as sklearn's `classification_report` prints it (same column widths, same
 * round-half-to-even of Python's `format`), so numbers can be diffed against a Python run.
 */
export function formatClassificationReport(
  report: ClassificationReport,
  options: { digits?: number } = {},
): string {
  const digits = options.digits ?? 2;
  if (!Number.isInteger(digits) || digits < 0 || digits > 20) {
    fail('formatClassificationReport', `digits must be an integer in [0, 20], found ${digits}`);
  }
  const lastHeading = 'weighted avg';
  const width = Math.max(...report.classes.map((r) => r.label.length), lastHeading.length, digits);
  const col = (s: string) => ` ${s.padStart(9)}`;
  const num = (x: number) => col(formatFixed(x, digits));
  const row = (name: string, r: ReportRow) =>
    `${name.padStart(width)} ${num(r.precision)}${num(r.recall)}${num(r.f1)}${col(String(r.support))}\n`;

  let out = `${''.padStart(width)} ${['precision', 'recall', 'f1-score', 'support'].map(col).join('')}\n\n`;
  for (const r of report.classes) out += row(r.label, r);
  out += '\n';
  out += `${'accuracy'.padStart(width)} ${col('')}${col('')}${num(report.accuracy)}${col(String(report.support))}\n`;
  out += row('macro avg', report.macroAvg);
  out += row(lastHeading, report.weightedAvg);
  return out;
}

/**
 * `x.toFixed(digits)` but with Python's tie rule. Both round the exact binary value, so they
 * differ only when that value lies exactly halfway (0.125, 0.625 …): JS rounds up, Python to
 * even. `toFixed(100)` gives the exact decimal expansion of such a value, so ties are detected
 * without floating-point error.
 */
export function formatFixed(x: number, digits: number): string {
  // toFixed switches to exponent notation from 1e21; no metric gets there.
  if (!Number.isFinite(x) || Math.abs(x) >= 1e21) return x.toFixed(digits);
  const exact = Math.abs(x).toFixed(100);
  const dot = exact.indexOf('.');
  const tail = exact.slice(dot + 1 + digits);
  if (!/^50*$/.test(tail)) return x.toFixed(digits);
  // Exact tie: truncate, then round up only if the last kept digit is odd.
  const kept = exact.slice(0, digits === 0 ? dot : dot + 1 + digits);
  const lastDigit = Number(kept[kept.length - 1]);
  const scale = 10 ** digits;
  const truncated = Number(kept);
  const magnitude = lastDigit % 2 === 0 ? truncated : (Math.round(truncated * scale) + 1) / scale;
  const sign = x < 0 ? '-' : '';
  return sign + magnitude.toFixed(digits);
}

function maxOf(values: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < values.length; i++) if (values[i] > max) max = values[i];
  return max;
}
