import { isDlError, levenshtein } from '@dl/core';
import {
  type LoadPlateReaderDatasetOptions,
  loadPlateReaderDataset,
  type PlateCrop,
} from '../ctc-reader/data';
import { type PlateReaderReport, plateReadingReport } from '../ctc-reader/metrics';
import { type LoadPlateReaderOptions, withPlateReader } from '../reader';
import type { PlateReader } from '../reading';
import { type PhotoPlate, type ReadPlatesInPhotoOptions, readPlatesInPhoto } from './find';

export interface EvaluatePlatePhotosOptions
  extends LoadPlateReaderOptions,
    LoadPlateReaderDatasetOptions,
    ReadPlatesInPhotoOptions {
  /** Substitution pairs listed in `confusions` (default 10). */
  confusions?: number;
}

/** One photo's result. */
export interface PlatePhotoRow {
  file: string;
  truth: string;
  /** Plates returned for the photo (valid and confident readings). */
  plates: number;
  /** The returned plate scored against the truth (the closest reading), if any. */
  read?: string;
  confidence?: number;
  /** Why the photo could not be searched (e.g. too small); it counts as unreadable. */
  error?: string;
}

export interface PlatePhotoEvaluation extends PlateReaderReport {
  /** Share of photos in which at least one plate was returned (found and read as a plate). */
  found: number;
  /** Per photo, in input order. */
  rows: PlatePhotoRow[];
  method: PlateReader['method'];
  /** Finding and reading time per photo in milliseconds (decoding the files excluded). */
  msPerPhoto: number;
}

/**
 * The returned plate a photo is scored by: the reading closest to the truth in edit distance,
 * the most confident among equals — a photo may show other cars' plates too, as in EasyPR's
 * own evaluation, which matches each labelled plate to its nearest detection.
 */
function closest(plates: readonly PhotoPlate[], truth: string): PhotoPlate | undefined {
  let best: PhotoPlate | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const p of plates) {
    const d = levenshtein([...p.text], [...truth]);
    if (d < bestDistance) [best, bestDistance] = [p, d];
  }
  return best;
}

/**
 * Scores finding and reading plates in whole photos (readPlatesInPhoto) on photos named by the
 * plate they show (`皖A12345.jpg`, or a `labelsFile`; see loadPlateReaderDataset) or loaded as
 * such: the share of photos where a plate was found, and the reading report of the plates
 * found — a photo without one counts as unreadable (all its characters wrong), so `exact` is
 * the share of all labelled plates read exactly.
 */
export async function evaluatePlatePhotos(
  reader: string | PlateReader,
  data: string | readonly PlateCrop[],
  options: EvaluatePlatePhotosOptions = {},
): Promise<PlatePhotoEvaluation> {
  const photos =
    typeof data === 'string' ? (await loadPlateReaderDataset(data, options)).crops : data;
  return withPlateReader(reader, options, async (r) => {
    const started = performance.now();
    const rows: PlatePhotoRow[] = [];
    for (const photo of photos) {
      let plates: PhotoPlate[];
      try {
        plates = await readPlatesInPhoto(photo.image, r, options);
      } catch (e) {
        if (!isDlError(e)) throw e;
        rows.push({ file: photo.file, truth: photo.text, plates: 0, error: e.message });
        continue;
      }
      const pick = closest(plates, photo.text);
      rows.push({
        file: photo.file,
        truth: photo.text,
        plates: plates.length,
        ...(pick ? { read: pick.text, confidence: pick.confidence } : {}),
      });
    }
    const msPerPhoto = (performance.now() - started) / Math.max(1, photos.length);
    const report = plateReadingReport(
      rows.map((row) => row.truth),
      rows.map((row) => row.read),
      { confusions: options.confusions },
    );
    const found = rows.filter((row) => row.plates > 0).length / Math.max(1, rows.length);
    return { ...report, found, rows, method: r.method, msPerPhoto };
  });
}
