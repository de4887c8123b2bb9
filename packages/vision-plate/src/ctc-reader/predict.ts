import { type DecodedImage, type DlError, isDlError, readImage } from '@dl/core';
import type { PlateReader, PlateReading, PlateReadOutcome } from '../reading';
import type { PlateDecodeOptions } from './decode';
import { readerInput } from './input';
import { loadReaderModel } from './load';
import { readInputs } from './read';

const decode = async (input: string | DecodedImage) =>
  typeof input === 'string' ? await readImage(input) : input;

/** The value, or the DlError it threw (anything else is a bug and propagates). */
async function settle<T>(work: () => Promise<T>): Promise<T | DlError> {
  try {
    return await work();
  } catch (e) {
    if (isDlError(e)) return e;
    throw e;
  }
}

/**
 * The whole-plate CTC reader of a directory trainPlateReader wrote, as a PlateReader.
 * @internal (loadPlateReader picks it.)
 */
export async function loadCtcPlateReader(
  dir: string,
  options: PlateDecodeOptions = {},
): Promise<PlateReader> {
  const { model, input } = await loadReaderModel(dir);
  const readMany = (images: DecodedImage[]): PlateReading[] =>
    readInputs(
      model,
      images.map((image) => readerInput(image, input)),
      input,
      options,
      images,
    );
  return {
    method: 'ctc',
    async read(image) {
      return readMany([await decode(image)])[0];
    },
    async readBatch(images) {
      const ready: (DecodedImage | DlError)[] = [];
      for (const image of images) {
        ready.push(
          await settle(async () => {
            const decoded = await decode(image);
            readerInput(decoded, input); // checks the size, so a bad one fails alone
            return decoded;
          }),
        );
      }
      const readings = readMany(ready.filter((r): r is DecodedImage => !isDlError(r)));
      return ready.map(
        (r): PlateReadOutcome =>
          isDlError(r) ? { ok: false, error: r } : { ok: true, reading: readings.shift()! },
      );
    },
    dispose: () => model.dispose(),
  };
}
