import { type DecodedImage, DlError, readImage, resizeImage, toRgb } from '@dl/core';
import { withPlateReader } from '../reader';
import type { PlateReader, PlateReading } from '../reading';
import { type FindCandidatesOptions, findPlateCandidates, type PlateCandidate } from './candidates';
import { cornersOf, deskewCrop } from './deskew';

/** A plate found and read in a photo. */
export interface PhotoPlate extends PlateReading {
  /** Axis-aligned bounding box in the photo's pixels. */
  box: { x: number; y: number; width: number; height: number };
  /** The plate's rotated rectangle: corners (top-left first, clockwise) and angle in degrees. */
  corners: [number, number][];
  angle: number;
  /** What found it: a plate colour or the edge detector. */
  source: PlateCandidate['source'];
}

export interface ReadPlatesInPhotoOptions extends FindCandidatesOptions {
  /**
   * Readings below this confidence are rejected as no plate (default 0.5): the reader is the
   * judge of a candidate, as EasyPR's SVM is — a region that does not read as a valid plate
   * text with some confidence is not a plate.
   */
  minConfidence?: number;
  /** The long side the photo is scaled to for the search (default 640; the crops come from the full photo). */
  searchSize?: number;
  /** Candidates read at most (default 24, the largest first). */
  maxCandidates?: number;
}

function iou(a: PhotoPlate['box'], b: PhotoPlate['box']): number {
  const x0 = Math.max(a.x, b.x);
  const y0 = Math.max(a.y, b.y);
  const x1 = Math.min(a.x + a.width, b.x + b.width);
  const y1 = Math.min(a.y + a.height, b.y + b.height);
  const inter = Math.max(0, x1 - x0) * Math.max(0, y1 - y0);
  return inter / (a.width * a.height + b.width * b.height - inter);
}

function scaled(c: PlateCandidate, k: number): PlateCandidate {
  return {
    ...c,
    cx: c.cx * k,
    cy: c.cy * k,
    halfWidth: c.halfWidth * k,
    halfHeight: c.halfHeight * k,
  };
}

/**
 * Finds and reads every plate in a photo: candidates from plate colours and edges
 * (findPlateCandidates), each deskewed and read by `reader` (a loaded PlateReader or a reader
 * directory); valid, confident readings are kept, overlapping duplicates merged (the most
 * confident stays). Returns [] for a photo without a plate; throws DlError for a file that is
 * no image.
 */
export async function readPlatesInPhoto(
  photo: string | DecodedImage,
  reader: string | PlateReader,
  options: ReadPlatesInPhotoOptions = {},
): Promise<PhotoPlate[]> {
  const decoded = typeof photo === 'string' ? await readImage(photo) : photo;
  if (decoded.width < 16 || decoded.height < 8) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `a photo of ${decoded.width} × ${decoded.height} px is too small`,
      {
        path: decoded.source,
      },
    );
  }
  const rgb = decoded.channels === 3 ? decoded : toRgb(decoded);
  const k = Math.min(1, (options.searchSize ?? 640) / Math.max(rgb.width, rgb.height));
  const small =
    k < 1
      ? resizeImage(rgb, [Math.round(rgb.height * k), Math.round(rgb.width * k)], 'bilinear')
      : rgb;
  const candidates = findPlateCandidates(small, options)
    .sort((a, b) => b.halfWidth * b.halfHeight - a.halfWidth * a.halfHeight)
    .slice(0, options.maxCandidates ?? 24)
    .map((c) => scaled(c, 1 / k));
  if (candidates.length === 0) return [];
  return withPlateReader(reader, {}, async (r) => {
    // Read at twice the reader's input size: detail for the area-averaging resize.
    const crops = candidates.map((c) => deskewCrop(rgb, c, 188, 48));
    const outcomes = await r.readBatch(crops);
    const found: PhotoPlate[] = [];
    outcomes.forEach((o, i) => {
      if (!o.ok || !o.reading.valid || o.reading.confidence < (options.minConfidence ?? 0.5))
        return;
      const c = candidates[i];
      const corners = cornersOf(c);
      const xs = corners.map((p) => p[0]);
      const ys = corners.map((p) => p[1]);
      const box = {
        x: Math.max(0, Math.min(...xs)),
        y: Math.max(0, Math.min(...ys)),
        width: Math.min(rgb.width, Math.max(...xs)) - Math.max(0, Math.min(...xs)),
        height: Math.min(rgb.height, Math.max(...ys)) - Math.max(0, Math.min(...ys)),
      };
      found.push({
        ...o.reading,
        box,
        corners,
        angle: (c.angle * 180) / Math.PI,
        source: c.source,
      });
    });
    found.sort((a, b) => b.confidence - a.confidence);
    return found.filter((p, i) => found.slice(0, i).every((q) => iou(p.box, q.box) < 0.3));
  });
}
