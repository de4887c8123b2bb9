import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Jimp } from 'jimp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confusionMatrixPng, learningCurvesPng, writePng } from '../src/report';
import { confusionMatrixScene, heat } from '../src/report/confusion-matrix';
import { learningCurvesScene } from '../src/report/learning-curves';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dl-report-png-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function decode(path: string) {
  const image = await Jimp.read(await readFile(path));
  const { width, height, data } = image.bitmap;
  const rgb = (x: number, y: number) => {
    const i = (Math.floor(y) * width + Math.floor(x)) * 4;
    return `#${[data[i], data[i + 1], data[i + 2]].map((c) => c.toString(16).padStart(2, '0')).join('')}`;
  };
  return { width, height, rgb };
}

describe('PNG charts', () => {
  const history = {
    loss: [2.3, 1.5, 1.1, Number.NaN, 0.7, 0.6],
    val_loss: [2.4, 1.7, 1.3, 1.2, 1.0, 0.9],
  };

  it('draws learning curves with the line colour along the line', async () => {
    const path = join(dir, 'curves.png');
    await writePng(path, await learningCurvesPng(history));
    const png = await decode(path);
    const scene = learningCurvesScene(history);
    expect([png.width, png.height]).toEqual([scene.width, scene.height]);
    const train = scene.shapes.find(
      (s) => s.kind === 'polyline' && s.color === '#1f77b4' && s.points[0][1] > 56,
    );
    if (train?.kind !== 'polyline') throw new Error('no train line in scene');
    // Points along the first segment (a solid line; the dashed one has gaps) and the background.
    const [[ax, ay], [bx, by]] = train.points;
    for (const f of [0.25, 0.5, 0.75]) {
      expect(png.rgb(ax + (bx - ax) * f, ay + (by - ay) * f)).toBe('#1f77b4');
    }
    expect(png.rgb(2, png.height - 2)).toBe('#ffffff');
    // The text renderer put ink somewhere in the title row.
    const title = Array.from({ length: png.width }, (_, x) => png.rgb(x, 16));
    expect(title.some((c) => c !== '#ffffff')).toBe(true);
    // Atomic write: no temp file left behind.
    expect(await readdir(dir)).toEqual(['curves.png']);
  });

  it('draws confusion-matrix cells in their heat colour, with CJK labels as code points', async () => {
    const m = [
      [30, 2],
      [5, 20],
    ];
    const labels = ['京', '沪'];
    const path = join(dir, 'cm.png');
    await writePng(path, await confusionMatrixPng(m, labels));
    const png = await decode(path);
    const scene = confusionMatrixScene(m, labels);
    expect([png.width, png.height]).toEqual([scene.width, scene.height]);
    const cells = scene.shapes.filter((s) => s.kind === 'rect' && s.w === s.h && s.w >= 16);
    const first = cells[0];
    if (first?.kind !== 'rect') throw new Error('no cells');
    // Corner of the cell, clear of the centred count.
    expect(png.rgb(first.x + 3, first.y + 3)).toBe(heat(1));
    const second = cells[1];
    if (second?.kind !== 'rect') throw new Error('no second cell');
    expect(png.rgb(second.x + 3, second.y + 3)).toBe(heat(2 / 30));
  });

  it('creates missing directories and leaves no temporary file', async () => {
    const png = await learningCurvesPng({ loss: [1, 0.5] });
    const path = join(dir, 'missing', 'x.png');
    await writePng(path, png);
    expect(await readdir(join(dir, 'missing'))).toEqual(['x.png']);
  });
});
