import { DlError } from '../errors';
import { formatTick } from './format';
import { type Color, INK, MUTED, type Scene, type Shape, textWidth, WHITE } from './scene';
import { renderSvg } from './svg';
import { niceTicks } from './ticks';

export interface ConfusionMatrixOptions {
  /** 'true': each row divided by its total (per-class recall on the diagonal); default 'none'. */
  normalize?: 'true' | 'none';
  title?: string;
  /** Cell edge in px; default fits the matrix into ~640 px, within 16–56 px. */
  cellSize?: number;
}

/**
 * A confusion matrix (rows: true class, columns: predicted class) as a standalone SVG heatmap
 * with the count (or row fraction) in each cell and a colour bar. Cells and fonts shrink with
 * the class count so 40 classes still fit a page; column labels turn vertical when they would
 * not fit their cell.
 */
export function confusionMatrixSvg(
  matrix: number[][],
  labels: string[],
  opts: ConfusionMatrixOptions = {},
): string {
  return renderSvg(confusionMatrixScene(matrix, labels, opts));
}

/** Checks shape and values: a silently wrong matrix would be a believable, wrong report. */
export function checkConfusion(matrix: number[][], labels: string[]): void {
  const n = matrix.length;
  if (n === 0) throw new DlError('INVALID_ARGUMENT', 'confusion matrix is empty');
  matrix.forEach((row, i) => {
    if (!Array.isArray(row) || row.length !== n) {
      throw new DlError(
        'INVALID_ARGUMENT',
        `confusion matrix must be square: row ${i} has ${Array.isArray(row) ? row.length : 'no'} entries, expected ${n}`,
      );
    }
    const bad = row.findIndex((v) => !Number.isFinite(v) || v < 0);
    if (bad >= 0) {
      throw new DlError(
        'INVALID_ARGUMENT',
        `confusion matrix entries must be finite counts >= 0: [${i}][${bad}] is ${row[bad]}`,
      );
    }
  });
  if (labels.length !== n) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `confusion matrix has ${n} classes but ${labels.length} labels were given`,
    );
  }
}

export function confusionMatrixScene(
  matrix: number[][],
  labels: string[],
  opts: ConfusionMatrixOptions = {},
): Scene {
  checkConfusion(matrix, labels);
  const n = matrix.length;
  const normalized = opts.normalize === 'true';
  const values = normalized
    ? matrix.map((row) => {
        const total = row.reduce((a, b) => a + b, 0);
        return row.map((v) => (total > 0 ? v / total : 0));
      })
    : matrix;
  const vmax = normalized ? 1 : Math.max(1, ...matrix.flat());
  const cellText = (v: number) =>
    normalized ? v.toFixed(2) : Number.isInteger(v) ? String(v) : v.toFixed(1);

  let cell = opts.cellSize ?? Math.max(16, Math.min(56, Math.floor(640 / n)));
  const font = cell >= 40 ? 12 : cell >= 28 ? 10 : 8;
  // Grow the cells rather than let a wide count spill into its neighbours.
  const widest = Math.max(...values.flat().map((v) => textWidth(cellText(v), font)));
  cell = Math.max(cell, Math.ceil(widest + 4));
  const labelFont = Math.max(8, Math.min(12, Math.floor(cell * 0.6)));
  const fallbacks = labels.map((_, i) => `#${i}`);
  const labelW = Math.max(...labels.map((l, i) => textWidth(l, labelFont, fallbacks[i])));
  const verticalCols = labelW > cell - 2;

  // Whole pixels, so abutting cells show no anti-aliased seams in the SVG.
  const left = Math.ceil(24 + labelW + 8);
  const top = 40;
  const side = n * cell;
  const bottomLabels = top + side + 6;
  const colLabelH = verticalCols ? labelW : labelFont;
  const barX = left + side + 24;
  const width = Math.ceil(barX + 14 + 8 + textWidth(normalized ? '0.00' : String(vmax), 10) + 16);
  const height = Math.ceil(bottomLabels + colLabelH + 30);
  const title =
    opts.title ?? (normalized ? 'Confusion matrix (row-normalised)' : 'Confusion matrix');

  const shapes: Shape[] = [
    {
      kind: 'text',
      x: width / 2,
      y: 18,
      text: title,
      size: 15,
      color: INK,
      anchor: 'middle',
      bold: true,
    },
  ];
  values.forEach((row, i) => {
    row.forEach((v, j) => {
      const t = v / vmax;
      const x = left + j * cell;
      const y = top + i * cell;
      shapes.push({ kind: 'rect', x, y, w: cell, h: cell, fill: heat(t) });
      shapes.push({
        kind: 'text',
        x: x + cell / 2,
        y: y + cell / 2,
        text: cellText(v),
        size: font,
        color: t > 0.55 ? WHITE : INK,
        anchor: 'middle',
      });
    });
  });
  shapes.push({ kind: 'rect', x: left, y: top, w: side, h: side, stroke: '#999999' });
  labels.forEach((label, i) => {
    const c = i * cell + cell / 2;
    const common = { text: label, size: labelFont, color: INK, fallback: fallbacks[i] } as const;
    shapes.push({ kind: 'text', x: left - 6, y: top + c, anchor: 'end', ...common });
    shapes.push(
      verticalCols
        ? { kind: 'text', x: left + c, y: bottomLabels, anchor: 'end', vertical: true, ...common }
        : {
            kind: 'text',
            x: left + c,
            y: bottomLabels + labelFont / 2,
            anchor: 'middle',
            ...common,
          },
    );
  });
  shapes.push(
    {
      kind: 'text',
      x: left + side / 2,
      y: height - 12,
      text: 'Predicted',
      size: 12,
      color: MUTED,
      anchor: 'middle',
    },
    {
      kind: 'text',
      x: 12,
      y: top + side / 2,
      text: 'True',
      size: 12,
      color: MUTED,
      anchor: 'middle',
      vertical: true,
    },
  );
  shapes.push(...colourBar(barX, top, side, vmax, normalized));
  return { width, height, title, shapes };
}

/** Vertical colour scale: stacked strips rather than a gradient, so the PNG renderer draws it too. */
function colourBar(x: number, top: number, h: number, vmax: number, normalized: boolean): Shape[] {
  const steps = 48;
  const out: Shape[] = [];
  for (let k = 0; k < steps; k++) {
    const y = top + (h * k) / steps;
    out.push({ kind: 'rect', x, y, w: 14, h: h / steps + 0.5, fill: heat(1 - (k + 0.5) / steps) });
  }
  out.push({ kind: 'rect', x, y: top, w: 14, h, stroke: '#999999' });
  const ticks = niceTicks(0, vmax, 4, !normalized);
  for (const v of ticks.values.filter((t) => t <= vmax)) {
    const y = top + h - (v / vmax) * h;
    out.push({
      kind: 'text',
      x: x + 20,
      y,
      text: formatTick(v, ticks.step),
      size: 10,
      color: MUTED,
      anchor: 'start',
    });
  }
  return out;
}

/** White → dark blue, linear in RGB through a mid blue: monotone in lightness, print-safe. */
export function heat(t: number): Color {
  const stops = [
    [247, 251, 255],
    [107, 174, 214],
    [8, 48, 107],
  ];
  const u = Math.max(0, Math.min(1, t)) * (stops.length - 1);
  const k = Math.min(stops.length - 2, Math.floor(u));
  const f = u - k;
  const rgb = stops[k].map((a, c) => Math.round(a + (stops[k + 1][c] - a) * f));
  return `#${rgb.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}
