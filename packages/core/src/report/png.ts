import { writeFileAtomic } from '../artifacts/atomic';
import { drawText } from './bitmap-text';
import { type ConfusionMatrixOptions, confusionMatrixScene } from './confusion-matrix';
import { type LearningCurvesOptions, learningCurvesScene } from './learning-curves';
import { isOurPng, markPng } from './png-marker';
import { parseColor, Raster } from './raster';
import type { Scene } from './scene';

/**
 * Rasterises a scene into PNG bytes. jimp is imported on first use: it costs ~200 ms to load,
 * which every importer of @dl/core would otherwise pay.
 */
export async function renderPng(scene: Scene): Promise<Buffer> {
  const { Jimp } = await import('jimp');
  const image = new Jimp({
    width: Math.ceil(scene.width),
    height: Math.ceil(scene.height),
    color: 0xffffffff,
  });
  const r = new Raster(image.bitmap.width, image.bitmap.height, image.bitmap.data);
  for (const s of scene.shapes) {
    switch (s.kind) {
      case 'rect':
        if (s.fill) r.fillRect(s.x, s.y, s.w, s.h, parseColor(s.fill));
        if (s.stroke) r.strokeRect(s.x, s.y, s.w, s.h, parseColor(s.stroke));
        break;
      case 'polyline':
        r.polyline(s.points, parseColor(s.color), s.width, s.dash);
        break;
      case 'marker': {
        const rgb = parseColor(s.color);
        const h = s.size / 2;
        if (s.shape === 'dot') r.disc(s.x, s.y, h, rgb);
        else {
          r.polyline(
            [
              [s.x - h, s.y - h],
              [s.x + h, s.y + h],
            ],
            rgb,
            2,
          );
          r.polyline(
            [
              [s.x - h, s.y + h],
              [s.x + h, s.y - h],
            ],
            rgb,
            2,
          );
        }
        break;
      }
      case 'text':
        await drawText(r, s);
        break;
    }
  }
  return image.getBuffer('image/png');
}

/** {@link learningCurvesSvg} as PNG bytes. */
export function learningCurvesPng(
  history: Record<string, number[]>,
  opts: LearningCurvesOptions = {},
): Promise<Buffer> {
  return renderPng(learningCurvesScene(history, opts));
}

/** {@link confusionMatrixSvg} as PNG bytes; labels outside Latin-1 print as code points. */
export function confusionMatrixPng(
  matrix: number[][],
  labels: string[],
  opts: ConfusionMatrixOptions = {},
): Promise<Buffer> {
  return renderPng(confusionMatrixScene(matrix, labels, opts));
}

/**
 * Writes PNG bytes atomically (temp file + rename), with a `Software: @dl/core` text chunk that
 * marks the file as ours. An existing file at `path` is replaced only when it carries that
 * mark (a chart we wrote) or with `overwrite: true`; otherwise a DlError OUTPUT_EXISTS, and
 * the file is left as it was.
 */
export function writePng(
  path: string,
  png: Uint8Array,
  options: { overwrite?: boolean } = {},
): Promise<void> {
  return writeFileAtomic(path, markPng(png), { overwrite: options.overwrite, isOurs: isOurPng });
}
