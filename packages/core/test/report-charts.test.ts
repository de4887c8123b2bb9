import { describe, expect, it } from 'vitest';
import { isDlError } from '../src/errors';
import { confusionMatrixSvg, escapeMarkup, learningCurvesSvg } from '../src/report';
import { confusionMatrixScene } from '../src/report/confusion-matrix';
import { formatCount, formatTick } from '../src/report/format';
import { learningCurvesScene } from '../src/report/learning-curves';
import type { Shape } from '../src/report/scene';
import { niceTicks } from '../src/report/ticks';

/** Every '&' starts an entity and no raw non-ASCII is left: the SVG parses in any encoding. */
function expectWellEscaped(markup: string) {
  expect(markup).not.toMatch(/&(?!(amp|lt|gt|quot|#39|#x[0-9A-F]+);)/);
  expect([...markup].every((c) => c.charCodeAt(0) < 0x7f)).toBe(true);
}

const texts = (shapes: Shape[]) => shapes.flatMap((s) => (s.kind === 'text' ? [s.text] : []));

describe('ticks and number formats', () => {
  it('picks 1/2/5 steps without floating-point drift', () => {
    expect(niceTicks(0.1, 0.87)).toMatchObject({ step: 0.2, values: [0, 0.2, 0.4, 0.6, 0.8, 1] });
    expect(niceTicks(0.47, 2.4).values).toEqual([0, 0.5, 1, 1.5, 2, 2.5]);
    expect(niceTicks(0, 1234, 4).values).toEqual([0, 500, 1000, 1500]);
    expect(niceTicks(1, 3, 6, true).step).toBe(1);
    // A flat series still gets a range around it.
    const flat = niceTicks(0.5, 0.5);
    expect(flat.min).toBeLessThan(0.5);
    expect(flat.max).toBeGreaterThan(0.5);
  });

  it('formats counts and tick labels', () => {
    expect(formatCount(1655519)).toBe('1,655,519');
    expect(formatCount(999)).toBe('999');
    expect(formatTick(0.6000000000000001, 0.2)).toBe('0.6');
    expect(formatTick(1500, 500)).toBe('1500');
    expect(formatTick(-0.00001, 0.05)).toBe('0.00');
  });
});

describe('escapeMarkup', () => {
  it('escapes markup characters and writes non-ASCII as code point references', () => {
    expect(escapeMarkup(`<a href="x">Tom & Jerry's</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;',
    );
    expect(escapeMarkup('京A·沪')).toBe('&#x4EAC;A&#xB7;&#x6CAA;');
    // An astral character is one reference, not two surrogate halves.
    expect(escapeMarkup('😀')).toBe('&#x1F600;');
    // Characters XML cannot carry become U+FFFD instead of breaking the document.
    expect(escapeMarkup('a\u0001b\uD800')).toBe('a&#xFFFD;b&#xFFFD;');
  });
});

describe('learningCurvesSvg', () => {
  const history = {
    acc: [0.1, 0.4, 0.6, 0.7, 0.8],
    loss: [2.3, 1.5, Number.NaN, 0.7, 0.6],
    val_loss: [2.4, 1.7, 1.3, Number.POSITIVE_INFINITY, 1.0],
    val_acc: [0.1, 0.35, 0.5, 0.6, 0.66],
  };

  it('is a standalone SVG with a panel per quantity, loss first, and a legend', () => {
    const svg = learningCurvesSvg(history, { title: 'Run <1>' });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 960 ')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg).toContain('<title>Run &lt;1&gt;</title>');
    expectWellEscaped(svg);
    const t = texts(learningCurvesScene(history).shapes);
    expect(t.indexOf('loss')).toBeLessThan(t.indexOf('acc'));
    expect(t).toEqual(expect.arrayContaining(['train', 'validation', 'epoch']));
    // Round tick labels on both axes.
    expect(t).toEqual(expect.arrayContaining(['0.5', '1.0', '2.5', '0.1', '0.8', '1', '2', '5']));
    expect(svg).toContain('stroke-dasharray'); // validation is dashed
  });

  it('breaks lines at NaN / Infinity and marks those epochs', () => {
    const scene = learningCurvesScene({ loss: history.loss, val_loss: history.val_loss });
    const lines = scene.shapes.filter(
      // Data lines: 2 px wide and below the legend (which sits at y = 40).
      (s) => s.kind === 'polyline' && s.width === 2 && s.points[0][1] > 56,
    );
    // train: epochs 1–2 and 4–5; val: 1–3 and a lone dot at 5.
    expect(lines.map((s) => (s.kind === 'polyline' ? s.points.length : 0)).sort()).toEqual([
      2, 2, 3,
    ]);
    const crosses = scene.shapes.filter((s) => s.kind === 'marker' && s.shape === 'cross');
    expect(crosses).toHaveLength(3); // two in the plot, one in the legend
    expect(scene.shapes.some((s) => s.kind === 'marker' && s.shape === 'dot')).toBe(true);
    expect(texts(scene.shapes)).toContain('NaN / Infinity (not plotted)');
  });

  it('plots a series that is all NaN, and a single epoch', () => {
    expect(() => learningCurvesSvg({ loss: [Number.NaN, Number.NaN] })).not.toThrow();
    expect(learningCurvesSvg({ loss: [0.5] })).toContain('<circle');
  });

  it('rejects empty history and unknown metrics', () => {
    expect(() => learningCurvesSvg({})).toThrow(/no epochs/);
    try {
      learningCurvesSvg(history, { metrics: ['f1'] });
      expect.unreachable();
    } catch (e) {
      expect(isDlError(e, 'INVALID_ARGUMENT')).toBe(true);
      expect((e as Error).message).toMatch(/no history for f1; history has acc, loss/);
    }
  });
});

describe('confusionMatrixSvg', () => {
  const labels = ['京', '沪', 'A<&>'];
  const m = [
    [8, 2, 0],
    [1, 9, 0],
    [0, 0, 5],
  ];

  it('shows counts in cells and escapes CJK and markup in labels', () => {
    const svg = confusionMatrixSvg(m, labels);
    expectWellEscaped(svg);
    expect(svg).toContain('>&#x4EAC;</text>');
    expect(svg).toContain('>&#x6CAA;</text>');
    expect(svg).toContain('>A&lt;&amp;&gt;</text>');
    const t = texts(confusionMatrixScene(m, labels).shapes);
    expect(t).toEqual(expect.arrayContaining(['8', '2', '9', '5', 'Predicted', 'True']));
  });

  it("row-normalises with normalize: 'true'", () => {
    const t = texts(confusionMatrixScene(m, labels, { normalize: 'true' }).shapes);
    expect(t).toEqual(expect.arrayContaining(['0.80', '0.20', '0.90', '0.10', '1.00']));
  });

  it('stays readable at 40 classes: small font, vertical column labels, bounded size', () => {
    const n = 40;
    const big = Array.from({ length: n }, (_, i) =>
      Array.from({ length: n }, (_, j) => (i === j ? 950 : (i + j) % 3)),
    );
    const names = Array.from({ length: n }, (_, i) => `class_${i}`);
    const scene = confusionMatrixScene(big, names);
    const cells = scene.shapes.filter((s) => s.kind === 'text' && s.size === 8);
    expect(cells).toHaveLength(n * n);
    expect(scene.shapes.some((s) => s.kind === 'text' && s.vertical && s.text === 'class_39')).toBe(
      true,
    );
    expect(scene.width).toBeLessThan(1100);
    expect(scene.height).toBeLessThan(1100);
  });

  it('rejects malformed matrices with a clear message', () => {
    const bad: [number[][], string[], RegExp][] = [
      [[[1, 2]], ['a'], /square: row 0 has 2 entries, expected 1/],
      [m, ['a', 'b'], /3 classes but 2 labels/],
      [
        [
          [1, -1],
          [0, 1],
        ],
        ['a', 'b'],
        /\[0\]\[1\] is -1/,
      ],
      [[], [], /empty/],
    ];
    for (const [matrix, names, message] of bad) {
      expect(() => confusionMatrixSvg(matrix, names)).toThrow(message);
    }
  });
});
