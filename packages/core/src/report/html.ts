import { writeFileAtomic } from '../artifacts/atomic';
import { confusionMatrixSvg } from './confusion-matrix';
import { escapeMarkup } from './escape';
import { formatMetric } from './format';
import { historyPanels, learningCurvesSvg } from './learning-curves';

/** Per-class scores, as sklearn's classification_report lists them. */
export interface ClassMetrics {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

/** Where a run came from; every field optional, extra keys are listed after the known ones. */
export interface RunMeta {
  backend?: string;
  seed?: number;
  startedAt?: string | Date;
  finishedAt?: string | Date;
  /** Hash of the training data, as stored in dl.json. */
  dataFingerprint?: string;
  [key: string]: string | number | boolean | Date | null | undefined;
}

export interface HtmlReportInput {
  title: string;
  /** The text of modelSummary(). */
  summary?: string;
  /** Per-epoch history, as given to learningCurvesSvg. */
  history?: Record<string, number[]>;
  /**
   * Overall metrics. Scalars form one table; an array of per-class rows ({label, precision,
   * recall, f1, support}) becomes its own table; a nested object of scalars is flattened to
   * 'outer.inner' rows. Typed loosely so the output of any metrics function can be passed as is.
   */
  metrics?: Record<string, unknown>;
  /** Per-class scores, when not already inside `metrics`. */
  perClass?: ClassMetrics[];
  /** Confusion counts, rows = true class. */
  confusion?: number[][];
  /** Class names for the confusion matrix; default the per-class labels, else 0…n−1. */
  labels?: string[];
  meta?: RunMeta;
}

/**
 * One self-contained HTML page for a training run: inline CSS and SVG, no scripts, fonts or
 * network references, so it can be mailed, attached to CI or opened offline years later. Every
 * piece of user text (title, labels, metadata, the summary) is escaped.
 */
export function htmlReport(input: HtmlReportInput): string {
  const sections: string[] = [];
  if (input.meta && Object.keys(input.meta).length > 0) {
    sections.push(section('Run', keyValueTable(metaRows(input.meta))));
  }
  const { scalars, classTables } = splitMetrics(input.metrics ?? {});
  if (input.perClass) classTables.unshift({ name: 'Per-class metrics', rows: input.perClass });
  if (scalars.length > 0) sections.push(section('Metrics', keyValueTable(scalars)));
  for (const t of classTables) sections.push(section(t.name, classTable(t.rows)));
  if (input.history && historyPanels(input.history).length > 0) {
    sections.push(section('Learning curves', figure(learningCurvesSvg(input.history))));
  }
  if (input.confusion) {
    const n = input.confusion.length;
    const perClass = classTables[0]?.rows;
    const labels =
      input.labels ??
      (perClass?.length === n ? perClass.map((r) => String(r.label)) : undefined) ??
      [...Array(n).keys()].map(String);
    sections.push(section('Confusion matrix', figure(confusionMatrixSvg(input.confusion, labels))));
  }
  if (input.summary) sections.push(section('Model', `<pre>${escapeMarkup(input.summary)}</pre>`));
  const title = escapeMarkup(input.title);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${GENERATOR_META}
<title>${title}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<h1>${title}</h1>
${sections.join('\n')}
</main>
</body>
</html>
`;
}

/** Marks our reports, so that writing one again may replace it (and nothing else). */
const GENERATOR_META = '<meta name="generator" content="@dl/core report">';

/** An HTML file whose head carries our generator marker. */
export const isOurHtmlReport = (head: Uint8Array): boolean =>
  Buffer.from(head).toString('utf8').includes(GENERATOR_META);

/**
 * Writes {@link htmlReport} atomically (temp file + rename). An existing file at `path` is
 * replaced only when it is a report of ours (it carries the generator marker) or with
 * `overwrite: true`; otherwise a DlError OUTPUT_EXISTS, and the file is left as it was.
 */
export function writeHtmlReport(
  path: string,
  input: HtmlReportInput,
  options: { overwrite?: boolean } = {},
): Promise<void> {
  return writeFileAtomic(path, htmlReport(input), {
    overwrite: options.overwrite,
    isOurs: isOurHtmlReport,
  });
}

const CSS = `
body { margin: 0; background: #f6f7f9; color: #222; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; }
main { max-width: 1040px; margin: 0 auto; padding: 24px; }
h1 { font-size: 24px; margin: 0 0 16px; }
h2 { font-size: 17px; margin: 0 0 10px; }
section { background: #fff; border: 1px solid #e2e4e8; border-radius: 6px; padding: 16px 20px; margin-bottom: 16px; }
table { border-collapse: collapse; }
th, td { padding: 4px 12px 4px 0; text-align: left; border-bottom: 1px solid #eee; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
th { font-weight: 600; color: #555; }
figure { margin: 0; overflow-x: auto; }
figure svg { max-width: 100%; height: auto; }
pre { margin: 0; overflow-x: auto; font: 12px/1.35 ui-monospace, Menlo, Consolas, monospace; }
`.trim();

function section(heading: string, body: string): string {
  return `<section>\n<h2>${escapeMarkup(heading)}</h2>\n${body}\n</section>`;
}

function figure(svg: string): string {
  return `<figure>\n${svg}\n</figure>`;
}

type Cell = { text: string; numeric: boolean };

function keyValueTable(rows: [string, Cell][]): string {
  const body = rows.map(([k, v]) => `<tr><th>${escapeMarkup(k)}</th>${td(v)}</tr>`).join('\n');
  return `<table>\n${body}\n</table>`;
}

function td(c: Cell): string {
  return c.numeric
    ? `<td class="num">${escapeMarkup(c.text)}</td>`
    : `<td>${escapeMarkup(c.text)}</td>`;
}

function cell(v: unknown): Cell {
  if (typeof v === 'number')
    return { text: Number.isNaN(v) ? 'n/a' : formatMetric(v), numeric: true };
  if (v instanceof Date) return { text: v.toISOString(), numeric: false };
  if (v === null || v === undefined) return { text: '—', numeric: false };
  if (typeof v === 'object') return { text: JSON.stringify(v), numeric: false };
  return { text: String(v), numeric: false };
}

function classTable(rows: ClassMetrics[]): string {
  const head =
    '<tr><th>Class</th><th>Precision</th><th>Recall</th><th>F1</th><th>Support</th></tr>';
  const body = rows
    .map(
      (r) =>
        `<tr><td>${escapeMarkup(String(r.label))}</td>${[r.precision, r.recall, r.f1]
          .map((v) => td(cell(v)))
          .join('')}${td(cell(r.support))}</tr>`,
    )
    .join('\n');
  return `<table>\n${head}\n${body}\n</table>`;
}

const META_NAMES: Record<string, string> = {
  backend: 'Backend',
  seed: 'Seed',
  startedAt: 'Started',
  finishedAt: 'Finished',
  dataFingerprint: 'Data fingerprint',
};

function metaRows(meta: RunMeta): [string, Cell][] {
  const known = Object.keys(META_NAMES).filter((k) => meta[k] !== undefined);
  const rows: [string, Cell][] = known.map((k) => [META_NAMES[k], cell(meta[k])]);
  const start = meta.startedAt ? new Date(meta.startedAt).getTime() : Number.NaN;
  const end = meta.finishedAt ? new Date(meta.finishedAt).getTime() : Number.NaN;
  if (Number.isFinite(start) && Number.isFinite(end) && end >= start) {
    rows.push(['Duration', { text: duration(end - start), numeric: false }]);
  }
  for (const [k, v] of Object.entries(meta)) {
    if (!(k in META_NAMES) && v !== undefined) rows.push([k, cell(v)]);
  }
  return rows;
}

function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h} h ${m} min` : m > 0 ? `${m} min ${s % 60} s` : `${s} s`;
}

function isClassRows(v: unknown): v is ClassMetrics[] {
  return (
    Array.isArray(v) &&
    v.length > 0 &&
    v.every((r) => typeof r === 'object' && r !== null && 'label' in r && 'f1' in r)
  );
}

function splitMetrics(metrics: Record<string, unknown>) {
  const scalars: [string, Cell][] = [];
  const classTables: { name: string; rows: ClassMetrics[] }[] = [];
  for (const [k, v] of Object.entries(metrics)) {
    if (isClassRows(v)) classTables.push({ name: k, rows: v });
    else if (v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date)) {
      for (const [k2, v2] of Object.entries(v)) scalars.push([`${k}.${k2}`, cell(v2)]);
    } else scalars.push([k, cell(v)]);
  }
  return { scalars, classTables };
}
