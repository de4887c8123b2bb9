import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { replaceDirAtomic } from './atomic';
import { DL_DATA_JSON } from './names';
import { assertReplaceable } from './ownership';
import { assertCanCreate } from './writable';

/** The manifest of a synthetic-data folder: what makes the folder ours to replace. */
export interface DataManifest {
  format: 'dl-synthetic-data';
  formatVersion: 1;
  /** What the data is for, e.g. 'speech-digits', 'plate-glyphs'. */
  task: string;
  /** How many items (files, clips, images) the folder holds. */
  count: number;
  createdAt: string;
  /** Generator settings (seed, sizes…), for the record. */
  extra?: Record<string, unknown>;
}

export type DataManifestInput = Pick<DataManifest, 'task' | 'count' | 'extra'>;

/**
 * Checks, before any synthesis, that `dir` may receive a synthetic-data folder: absent, empty
 * or one of ours (it carries dl-data.json), and writable. Throws a DlError otherwise.
 */
export async function checkDataOutput(dir: string): Promise<void> {
  await assertReplaceable(dir, 'data');
  await assertCanCreate(dir);
}

/**
 * Writes a synthetic-data folder atomically: `fill(tmpDir)` writes the files, then the
 * manifest is added and the folder swapped into `dir`. Replaces only an absent, empty or
 * earlier synthetic-data folder; anything else is refused before writing.
 */
export async function writeDataDirAtomic(
  dir: string,
  manifest: DataManifestInput,
  fill: (tmpDir: string) => Promise<void>,
): Promise<void> {
  const full: DataManifest = {
    format: 'dl-synthetic-data',
    formatVersion: 1,
    task: manifest.task,
    count: manifest.count,
    createdAt: new Date().toISOString(),
    ...(manifest.extra ? { extra: manifest.extra } : {}),
  };
  await replaceDirAtomic(
    dir,
    async (tmp) => {
      await fill(tmp);
      await writeFile(join(tmp, DL_DATA_JSON), `${JSON.stringify(full, null, 2)}\n`);
    },
    { accept: 'data' },
  );
}
