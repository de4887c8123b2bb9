import { type LoadPlateReaderOptions, withPlateReader } from '../reader';
import type { PlateReader } from '../reading';
import { type LoadPlateReaderDatasetOptions, loadPlateReaderDataset, type PlateCrop } from './data';
import { type PlateReaderReport, plateReadingReport } from './metrics';

export interface EvaluatePlateReaderOptions
  extends LoadPlateReaderOptions,
    LoadPlateReaderDatasetOptions {
  /** Substitution pairs listed in `confusions` (default 10). */
  confusions?: number;
}

/** One crop's result in an evaluation. */
export interface PlateEvaluationRow {
  file: string;
  truth: string;
  /** What was read; undefined when the crop could not be read (see `error`). */
  read?: string;
  confidence?: number;
  error?: string;
}

export interface PlateReaderEvaluation extends PlateReaderReport {
  /** Per crop, in input order. */
  rows: PlateEvaluationRow[];
  /** Which reader was evaluated. */
  method: PlateReader['method'];
  /** Reading time per plate in milliseconds (decoding the files excluded). */
  msPerPlate: number;
}

/**
 * Scores a plate reader (a directory for loadPlateReader, or a loaded reader) on labelled
 * crops (a folder named by plate text, see loadPlateReaderDataset, or crops already loaded):
 * exact plates with a 95% interval, character accuracy, CER, per-position accuracy, invalid
 * and unreadable rates, and the most confused characters and provinces.
 */
export async function evaluatePlateReader(
  reader: string | PlateReader,
  data: string | readonly PlateCrop[],
  options: EvaluatePlateReaderOptions = {},
): Promise<PlateReaderEvaluation> {
  const crops =
    typeof data === 'string' ? (await loadPlateReaderDataset(data, options)).crops : data;
  return withPlateReader(reader, options, async (r) => {
    const started = performance.now();
    const outcomes = await r.readBatch(crops.map((c) => c.image));
    const msPerPlate = (performance.now() - started) / Math.max(1, crops.length);
    const rows = crops.map((c, i): PlateEvaluationRow => {
      const o = outcomes[i];
      return o.ok
        ? { file: c.file, truth: c.text, read: o.reading.text, confidence: o.reading.confidence }
        : { file: c.file, truth: c.text, error: o.error.message };
    });
    const report = plateReadingReport(
      crops.map((c) => c.text),
      rows.map((row) => row.read),
      { confusions: options.confusions },
    );
    return { ...report, rows, method: r.method, msPerPlate };
  });
}
