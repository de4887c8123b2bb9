import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { checkDataOutput, writeDataDirAtomic } from '@dl/core';
import { synthGlyphs } from './synth/glyph';
import { type GlyphKind, PROVINCE_CODES } from './synth/labels';
import { synthPlates } from './synth/plate';
import { encodePng } from './synth/png';

const CODE_OF = new Map(Object.entries(PROVINCE_CODES).map(([code, char]) => [char, code]));

/** The `task` of the synthetic-data manifests (core's dl-data.json) written here. */
const SYNTH_GLYPHS_TASK = 'plate-glyphs';
const SYNTH_PLATES_TASK = 'plate-plates';

/**
 * Writes synthetic glyphs as a folder-per-class PNG set in EasyPR's layout (province folders
 * named by their zh_ code, others by the character), readable by loadPlateDataset, plus core's
 * dl-data.json manifest. `dir` must be absent, empty or an earlier synthetic folder; anything
 * else is refused before any synthesis. Written atomically (temp folder + rename).
 */
export async function writeSyntheticGlyphSet(
  dir: string,
  options: { kind: GlyphKind; perClass: number; seed?: number },
): Promise<{ files: number; classes: number }> {
  await checkDataOutput(dir);
  const synth = synthGlyphs({ kind: options.kind, perClass: options.perClass, seed: options.seed });
  const px = synth.size * synth.size;
  const manifest = { task: SYNTH_GLYPHS_TASK, count: synth.count, extra: { ...options } };
  await writeDataDirAtomic(dir, manifest, async (tmp) => {
    const counters = new Map<number, number>();
    for (let i = 0; i < synth.count; i++) {
      const label = synth.labelNames[synth.labels[i]];
      const folder = join(tmp, CODE_OF.get(label) ?? label);
      const n = counters.get(synth.labels[i]) ?? 0;
      counters.set(synth.labels[i], n + 1);
      if (n === 0) await mkdir(folder);
      const data = Uint8Array.from(synth.images.subarray(i * px, (i + 1) * px), (v) =>
        Math.round(v * 255),
      );
      await writeFile(
        join(folder, `synth-${n}.png`),
        encodePng({ width: synth.size, height: synth.size, channels: 1, data }),
      );
    }
  });
  return { files: synth.count, classes: synth.labelNames.length };
}

/**
 * Writes synthetic plates as `<index>.png` plus `labels.tsv` (file, text) and core's
 * dl-data.json manifest, with the same rules as writeSyntheticGlyphSet: only an absent, empty
 * or earlier synthetic folder is (re)filled, atomically.
 */
export async function writeSyntheticPlates(
  dir: string,
  options: { count: number; seed?: number },
): Promise<{ files: number }> {
  await checkDataOutput(dir);
  const plates = synthPlates({ count: options.count, seed: options.seed });
  const manifest = { task: SYNTH_PLATES_TASK, count: plates.length, extra: { ...options } };
  await writeDataDirAtomic(dir, manifest, async (tmp) => {
    // a comment line, so the list loads as loadPlateReaderDataset's labelsFile as written
    const lines = ['# file\ttext'];
    for (const [i, plate] of plates.entries()) {
      const file = `${String(i).padStart(4, '0')}.png`;
      await writeFile(join(tmp, file), encodePng(plate.image));
      lines.push(`${file}\t${plate.text}`);
    }
    await writeFile(join(tmp, 'labels.tsv'), `${lines.join('\n')}\n`);
  });
  return { files: plates.length };
}
