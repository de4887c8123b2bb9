import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DlError, readImage } from '@dl/core';
import type { BioIdIdentities, EyePositions, ListedFace } from './face-types';
import { BIOID_NAME, entries } from './layouts';

/**
 * Parses a BioID `.eye` file: a comment line `#LX LY RX RY`, then four integers — the
 * person's left eye (image right) and right eye, in pixels.
 */
export function parseEyeFile(text: string, path?: string): EyePositions {
  const numbers = text
    .split('\n')
    .filter((l) => !l.trim().startsWith('#'))
    .join(' ')
    .trim()
    .split(/\s+/)
    .map(Number);
  if (numbers.length !== 4 || numbers.some((n) => !Number.isFinite(n))) {
    throw new DlError(
      'FILE_CORRUPT',
      `expected four numbers "LX LY RX RY" after the # line, found ${JSON.stringify(text.slice(0, 60))}`,
      { path },
    );
  }
  const [lx, ly, rx, ry] = numbers;
  return { left: [lx, ly], right: [rx, ry] };
}

/** `BioID_xxxx.pgm` (+ `BioID_xxxx.eye` when present), the person from `identities`. */
export async function listBioId(
  dir: string,
  identities: BioIdIdentities | undefined,
): Promise<ListedFace[]> {
  const list = await entries(dir);
  const names = new Set(list.map((e) => e.name));
  const images = list.filter((e) => e.isFile() && BIOID_NAME.test(e.name));
  if (images.length === 0) {
    throw new DlError('DATA_INVALID', 'no BioID_xxxx.pgm files in this folder', { path: dir });
  }
  if (!identities) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `BioID file names carry no identity: pass identities (file stem → person) for its ${images.length} images`,
      { path: dir },
    );
  }
  const out: ListedFace[] = [];
  for (const f of images) {
    const stem = BIOID_NAME.exec(f.name)![1];
    const path = join(dir, f.name);
    const person = typeof identities === 'function' ? identities(stem) : identities[stem];
    if (typeof person !== 'string' || person === '') {
      throw new DlError('DATA_INVALID', `identities has no person for ${stem}`, { path });
    }
    const eyeName = names.has(`${stem}.eye`) ? `${stem}.eye` : undefined;
    const eyes = eyeName
      ? parseEyeFile(await readFile(join(dir, eyeName), 'utf8'), join(dir, eyeName))
      : undefined;
    out.push({ path, person, image: await readImage(path), ...(eyes ? { eyes } : {}) });
  }
  return out;
}
