import { DlError } from '../errors';
import { formatTick } from './format';
import { type Color, GRID, INK, MUTED, type Scene, type Shape, textWidth } from './scene';
import { renderSvg } from './svg';
import { niceTicks } from './ticks';

export interface LearningCurvesOptions {
  title?: string;
  /** Total width in px; default 960 (480 for a single panel). */
  width?: number;
  /** Height of one panel in px; default 300. */
  panelHeight?: number;
  /** Panels per row; default 2. */
  columns?: number;
  /** Which quantities to plot and in what order (base names: 'loss', 'acc'); default all. */
  metrics?: string[];
}

const TRAIN: Color = '#1f77b4';
const VAL: Color = '#d62728';

/** One panel: a quantity and its train and validation series (either may be missing). */
interface Panel {
  name: string;
  train?: number[];
  val?: number[];
}

/**
 * Loss and metric curves per epoch as a standalone SVG: one panel per quantity, training as a
 * solid line and validation (the `val_` key) dashed. NaN and ±Infinity epochs are left out of
 * the line and marked with a cross at the panel's top (bottom for −Infinity), so a divergence
 * is visible instead of silently flattening the y-axis or vanishing.
 */
export function learningCurvesSvg(
  history: Record<string, number[]>,
  opts: LearningCurvesOptions = {},
): string {
  return renderSvg(learningCurvesScene(history, opts));
}

/** Pairs `x` with `val_x` into panels, loss first, then metrics in the order history lists them. */
export function historyPanels(history: Record<string, number[]>, only?: string[]): Panel[] {
  const panels = new Map<string, Panel>();
  for (const [key, values] of Object.entries(history)) {
    if (!Array.isArray(values)) {
      throw new DlError('INVALID_ARGUMENT', `history.${key} must be an array of numbers per epoch`);
    }
    const isVal = key.startsWith('val_');
    const name = isVal ? key.slice(4) : key;
    const panel = panels.get(name) ?? { name };
    if (isVal) panel.val = values;
    else panel.train = values;
    panels.set(name, panel);
  }
  let list = [...panels.values()];
  if (only) {
    const missing = only.filter((m) => !panels.has(m));
    if (missing.length > 0) {
      throw new DlError(
        'INVALID_ARGUMENT',
        `learning curves: no history for ${missing.join(', ')}; history has ${[...panels.keys()].join(', ') || 'no keys'}`,
      );
    }
    list = only.map((m) => panels.get(m)!);
  } else {
    list.sort((a, b) => Number(b.name === 'loss') - Number(a.name === 'loss'));
  }
  return list.filter((p) => (p.train?.length ?? 0) + (p.val?.length ?? 0) > 0);
}

export function learningCurvesScene(
  history: Record<string, number[]>,
  opts: LearningCurvesOptions = {},
): Scene {
  const panels = historyPanels(history, opts.metrics);
  if (panels.length === 0) {
    throw new DlError('INVALID_ARGUMENT', 'learning curves: history has no epochs to plot');
  }
  const columns = Math.max(1, Math.min(panels.length, opts.columns ?? 2));
  const width = opts.width ?? (columns === 1 ? 480 : 960);
  const panelH = opts.panelHeight ?? 300;
  const title = opts.title ?? 'Learning curves';
  const top = 56; // title + legend
  const rows = Math.ceil(panels.length / columns);
  const panelW = width / columns;
  const shapes: Shape[] = [
    {
      kind: 'text',
      x: width / 2,
      y: 16,
      text: title,
      size: 16,
      color: INK,
      anchor: 'middle',
      bold: true,
    },
  ];
  const anyNonFinite = panels.some((p) =>
    [...(p.train ?? []), ...(p.val ?? [])].some((v) => !Number.isFinite(v)),
  );
  const has = (k: 'train' | 'val') => panels.some((p) => (p[k]?.length ?? 0) > 0);
  shapes.push(...legend(width / 2, 40, has('train'), has('val'), anyNonFinite));
  panels.forEach((p, i) => {
    const x0 = (i % columns) * panelW;
    const y0 = top + Math.floor(i / columns) * panelH;
    shapes.push(...panelShapes(p, x0, y0, panelW, panelH));
  });
  return { width, height: top + rows * panelH, title, shapes };
}

function legend(cx: number, y: number, train: boolean, val: boolean, nonFinite: boolean): Shape[] {
  const items: { label: string; draw: (x: number) => Shape }[] = [];
  if (train) items.push({ label: 'train', draw: (x) => seg(x, y, TRAIN, false) });
  if (val) items.push({ label: 'validation', draw: (x) => seg(x, y, VAL, true) });
  if (nonFinite) {
    items.push({
      label: 'NaN / Infinity (not plotted)',
      draw: (x) => ({ kind: 'marker', x: x + 12, y, shape: 'cross', color: MUTED, size: 8 }),
    });
  }
  const widths = items.map((it) => 30 + textWidth(it.label, 12) + 20);
  let x = cx - widths.reduce((a, b) => a + b, 0) / 2;
  const out: Shape[] = [];
  items.forEach((it, i) => {
    out.push(it.draw(x));
    out.push({ kind: 'text', x: x + 30, y, text: it.label, size: 12, color: INK, anchor: 'start' });
    x += widths[i];
  });
  return out;
}

function seg(x: number, y: number, color: Color, dash: boolean): Shape {
  return {
    kind: 'polyline',
    points: [
      [x, y],
      [x + 24, y],
    ],
    color,
    width: 2,
    dash,
  };
}

function panelShapes(p: Panel, x0: number, y0: number, w: number, h: number): Shape[] {
  const series = [
    { values: p.train ?? [], color: TRAIN, dash: false },
    { values: p.val ?? [], color: VAL, dash: true },
  ];
  const finite = series.flatMap((s) => s.values.filter(Number.isFinite));
  const epochs = Math.max(...series.map((s) => s.values.length));
  const yt = niceTicks(Math.min(...finite), Math.max(...finite), 5);
  const xt = epochTicks(epochs);
  const yLabels = yt.values.map((v) => formatTick(v, yt.step));
  const left = x0 + 16 + Math.max(...yLabels.map((l) => textWidth(l, 11))) + 8;
  const right = x0 + w - 16;
  const plotTop = y0 + 28;
  const plotBottom = y0 + h - 44;
  const sx = (e: number) => left + ((e - xt.min) / (xt.max - xt.min)) * (right - left);
  const sy = (v: number) =>
    plotBottom - ((v - yt.min) / (yt.max - yt.min)) * (plotBottom - plotTop);

  const out: Shape[] = [
    {
      kind: 'text',
      x: (left + right) / 2,
      y: y0 + 12,
      text: p.name,
      size: 13,
      color: INK,
      anchor: 'middle',
      bold: true,
    },
  ];
  yt.values.forEach((v, i) => {
    out.push(hline(left, right, sy(v)));
    out.push({
      kind: 'text',
      x: left - 6,
      y: sy(v),
      text: yLabels[i],
      size: 11,
      color: MUTED,
      anchor: 'end',
    });
  });
  for (const e of xt.values) {
    out.push({
      kind: 'polyline',
      points: [
        [sx(e), plotBottom],
        [sx(e), plotBottom + 4],
      ],
      color: MUTED,
      width: 1,
    });
    out.push({
      kind: 'text',
      x: sx(e),
      y: plotBottom + 14,
      text: formatTick(e, xt.step),
      size: 11,
      color: MUTED,
      anchor: 'middle',
    });
  }
  out.push({
    kind: 'text',
    x: (left + right) / 2,
    y: plotBottom + 32,
    text: 'epoch',
    size: 11,
    color: MUTED,
    anchor: 'middle',
  });
  out.push({
    kind: 'rect',
    x: left,
    y: plotTop,
    w: right - left,
    h: plotBottom - plotTop,
    stroke: '#999999',
  });

  for (const s of series) {
    // Non-finite epochs cut the line: joining across them would draw a value that never existed.
    let run: [number, number][] = [];
    const flush = () => {
      if (run.length === 1)
        out.push({
          kind: 'marker',
          x: run[0][0],
          y: run[0][1],
          shape: 'dot',
          color: s.color,
          size: 5,
        });
      else if (run.length > 1)
        out.push({ kind: 'polyline', points: run, color: s.color, width: 2, dash: s.dash });
      run = [];
    };
    s.values.forEach((v, i) => {
      const x = sx(i + 1);
      if (Number.isFinite(v)) {
        run.push([x, sy(v)]);
        return;
      }
      flush();
      const y = v === Number.NEGATIVE_INFINITY ? plotBottom - 5 : plotTop + 5;
      out.push({ kind: 'marker', x, y, shape: 'cross', color: s.color, size: 8 });
    });
    flush();
  }
  return out;
}

function hline(x1: number, x2: number, y: number): Shape {
  return {
    kind: 'polyline',
    points: [
      [x1, y],
      [x2, y],
    ],
    color: GRID,
    width: 1,
  };
}

/**
 * The x-axis runs from epoch 1 to the last (there is no epoch 0 to leave room for); a single
 * epoch sits in the middle. Ticks are nice integers within that range, led by 1 when the first
 * one is far enough from it not to crowd it (1, 5, 10 but not 1, 2, 4).
 */
function epochTicks(epochs: number): { min: number; max: number; step: number; values: number[] } {
  if (epochs <= 1) return { min: 0, max: 2, step: 1, values: [1] };
  const t = niceTicks(1, epochs, 6, true);
  const values = t.values.filter((v) => v >= 1 && v <= epochs);
  if (values[0] - 1 >= t.step * 0.75) values.unshift(1);
  return { min: 1, max: epochs, step: t.step, values };
}
