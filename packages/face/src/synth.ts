import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { checkDataOutput, DlError, encodePng, Rng, writeDataDirAtomic } from '@dl/core';
import { type FaceDataset, faceDataset, type ListedFace } from './data';
import { eyeCentres, renderFace, type SynthIdentity, type SynthPose } from './synth-render';

export interface SynthFacesOptions {
  /** How many people. Default 10. */
  people?: number;
  /** Images of each person. Default 10. */
  imagesPerPerson?: number;
  /** Image [height, width]. Default [64, 64]. */
  size?: [number, number];
  /**
   * How much one photo of a person differs from the next, 0 (identical) to 1 (the default):
   * pose (shift ±6%, roll ±8°, scale ±6%), lighting (brightness ±15%, a side light), expression
   * (smile, open mouth, raised brows, blinks) and pixel noise all scale with it.
   */
  variation?: number;
  /** Seeds people and photos. Default 1. */
  seed?: number;
}

export const SYNTH_FACES_DEFAULTS = {
  people: 10,
  imagesPerPerson: 10,
  size: [64, 64] as [number, number],
  variation: 1,
  seed: 1,
} as const;

/** A random person: every feature's size and place drawn within a plausible range. */
export function synthIdentity(rng: Rng): SynthIdentity {
  const u = (lo: number, hi: number) => rng.uniform(lo, hi);
  return {
    headWidth: u(0.72, 0.92),
    headHeight: u(0.95, 1.1),
    skin: u(0.55, 0.85),
    hair: u(0.05, 0.45),
    hairline: u(-0.85, -0.45),
    eyeY: u(-0.3, -0.1),
    eyeSpacing: u(0.26, 0.38),
    eyeWidth: u(0.1, 0.17),
    eyeHeight: u(0.05, 0.09),
    browGap: u(0.1, 0.2),
    browThickness: u(0.02, 0.05),
    browTilt: u(-0.05, 0.06),
    noseLength: u(0.25, 0.42),
    noseWidth: u(0.06, 0.12),
    mouthY: u(0.42, 0.6),
    mouthWidth: u(0.18, 0.32),
    lipThickness: u(0.025, 0.05),
  };
}

/** One photo's pose, light and expression, spread by `variation` (0–1). */
export function synthPose(rng: Rng, variation = 1): SynthPose {
  const s = (range: number) => rng.uniform(-range, range) * variation;
  return {
    dx: s(0.06),
    dy: s(0.06),
    roll: s((8 * Math.PI) / 180),
    scale: 1 + s(0.06),
    brightness: 1 + s(0.15),
    light: s(1),
    smile: s(0.6),
    mouthOpen: Math.max(0, s(0.05)),
    browRaise: s(0.04),
    eyeOpen: rng.next() < 0.1 * variation ? 0.15 : 1 - Math.abs(s(0.3)),
    noise: 6 * variation,
  };
}

/** Renders the synthetic people as listed faces (person `p01`…, condition = photo number). */
function synthListed(o: SynthFacesOptions): ListedFace[] {
  const d = { ...SYNTH_FACES_DEFAULTS, ...o };
  const rng = new Rng(d.seed);
  const out: ListedFace[] = [];
  const width = String(d.people).length;
  for (let p = 0; p < d.people; p++) {
    const person = `p${String(p + 1).padStart(Math.max(2, width), '0')}`;
    const id = synthIdentity(rng.fork(`person-${p}`));
    const photos = rng.fork(`photos-${p}`);
    for (let k = 0; k < d.imagesPerPerson; k++) {
      const pose = synthPose(photos, d.variation);
      const image = renderFace(id, pose, d.size, () => photos.normal());
      const eyes = eyeCentres(id, pose, d.size);
      out.push({ path: `${person}/${k + 1}.png`, person, image, condition: String(k + 1), eyes });
    }
  }
  return out;
}

/**
 * Synthetic identities drawn in-process: parametric faces (head, hair, eyes, brows, nose,
 * mouth) with per-person geometry and per-photo pose, lighting, expression and noise, so tests
 * and demos need no downloaded data. Deterministic for a seed.
 */
export function synthFaceDataset(o: SynthFacesOptions = {}): FaceDataset {
  const people = o.people ?? SYNTH_FACES_DEFAULTS.people;
  const per = o.imagesPerPerson ?? SYNTH_FACES_DEFAULTS.imagesPerPerson;
  if (!Number.isInteger(people) || people < 2 || !Number.isInteger(per) || per < 1) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `synthetic faces need people ≥ 2 and imagesPerPerson ≥ 1 (integers), got ${people} and ${per}`,
    );
  }
  return faceDataset(synthListed(o), 'synthetic', 'synthetic faces', 1);
}

/**
 * Writes synthetic faces as an ORL-style folder (`p01/1.png`…, loadable with
 * loadFaceDataset) with our manifest, atomically; `dir` must be absent, empty or an earlier
 * synthetic-data folder, checked before anything is drawn.
 */
export async function writeSyntheticFaces(dir: string, o: SynthFacesOptions = {}): Promise<number> {
  await checkDataOutput(dir);
  const data = synthFaceDataset(o);
  await writeDataDirAtomic(
    dir,
    { task: 'face-identity', count: data.samples.length, extra: { ...SYNTH_FACES_DEFAULTS, ...o } },
    async (tmp) => {
      for (const s of data.samples) {
        const path = join(tmp, s.path!);
        await mkdir(join(path, '..'), { recursive: true });
        await writeFile(
          path,
          encodePng({ ...s.image, channels: 1, data: s.image.data as Uint8Array }),
        );
      }
    },
  );
  return data.samples.length;
}
