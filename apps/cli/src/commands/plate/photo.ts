import { basename, extname, join, resolve } from 'node:path';
import type { PhotoPlate, PlateReader } from '@dl/vision-plate';
import type { FlagSpecs } from '../../framework/flags';
import type { Context, PositionalSpec } from '../../framework/spec';
import { loadCore } from '../shared';

function plateLine(path: string, p: PhotoPlate): string {
  const { x, y, width, height } = p.box;
  const box = `${Math.round(x)},${Math.round(y)} ${Math.round(width)}×${Math.round(height)}`;
  return `${path}\t${p.text}\t${p.confidence.toFixed(2)}\t${box}\t${p.angle.toFixed(1)}°`;
}

/** `<report>/<photo name>.plates.png`: the photo with its plates outlined. */
function reportPath(report: string, photo: string): string {
  return join(resolve(report), `${basename(photo, extname(photo))}.plates.png`);
}

/**
 * `dl plate read --photo`: finds and reads every plate of each photo (readPlatesInPhoto), one
 * entry per photo with its plates (boxes, corners, text, confidence); with `report`, each photo
 * with its plates outlined as a PNG there (a file of ours is replaced, anything else refused).
 */
export async function readPhotos(
  ctx: Pick<Context<FlagSpecs, readonly PositionalSpec[]>, 'eachInput'>,
  reader: PlateReader,
  photos: string[],
  o: { minConfidence?: number; report?: string },
): Promise<void> {
  const { readPlatesInPhoto, drawPlatesOnPhoto } = await import('@dl/vision-plate');
  const { readImage, encodePng, writePng } = await loadCore();
  await ctx.eachInput(
    photos,
    (path) => path,
    async (path) => {
      const image = await readImage(path);
      const plates = await readPlatesInPhoto(image, reader, { minConfidence: o.minConfidence });
      let report: string | undefined;
      if (o.report) {
        report = reportPath(o.report, path);
        await writePng(report, encodePng(drawPlatesOnPhoto(image, plates)));
      }
      const lines = plates.length
        ? plates.map((p) => plateLine(path, p))
        : [`${path}\tno plate found`];
      return {
        data: { file: path, method: reader.method, plates, ...(report ? { report } : {}) },
        text: lines.join('\n'),
      };
    },
  );
}
