import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  calibrateGallery,
  chooseThreshold,
  enrolmentImages,
  galleryScores,
} from '../src/calibrate';
import type { FaceEmbedder } from '../src/embed/embedder';
import {
  addToGallery,
  type FaceGallery,
  loadGallery,
  matchDescriptor,
  newGallery,
  saveGallery,
} from '../src/gallery';
import { enrollFaces } from '../src/recognize';

const info = {
  descriptorModel: { id: 'test-model', sha256: 'a'.repeat(64), dimensions: 2 as 128 },
};
/** A unit vector at `deg` degrees: two of them are 2·sin(Δ/2) apart. */
const unit = (deg: number) =>
  Float32Array.of(Math.cos((deg * Math.PI) / 180), Math.sin((deg * Math.PI) / 180));
const chord = (deg: number) => 2 * Math.sin((deg * Math.PI) / 360);

/** a at 0°, 10°, 30°; b at 90°, 100°. */
function twoPeople(match: 'nearest' | 'centroid' = 'nearest'): FaceGallery {
  const g = newGallery(info, { match });
  addToGallery(g, 'a', [unit(0), unit(10), unit(30)]);
  addToGallery(g, 'b', [unit(90), unit(100)]);
  return g;
}

/** a at 0°, 10°; b at 90°, 100°; c at 180°, 190°. */
function threePeople(): FaceGallery {
  const g = newGallery(info);
  addToGallery(g, 'a', [unit(0), unit(10)]);
  addToGallery(g, 'b', [unit(90), unit(100)]);
  addToGallery(g, 'c', [unit(180), unit(190)]);
  return g;
}

const root = mkdtempSync(join(tmpdir(), 'dl-face-calibrate-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('chooseThreshold by hand', () => {
  const genuine = [0.1, 0.2, 0.3, 0.4];
  const impostor = [0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2, 1.3, 1.4];

  it("'tar-far' takes the genuine score at the target acceptance, below the FAR threshold", () => {
    const c = chooseThreshold(genuine, impostor, { far: 0.01, tar: 0.99 });
    // FAR 1% of 10 impostor scores accepts none: the cap sits just below 0.5
    expect(c.farThreshold).toBeCloseTo(0.5, 5);
    expect(c.farThreshold).toBeLessThan(0.5);
    // 99% of 4 genuine scores needs all 4: the largest, 0.4
    expect(c).toMatchObject({ threshold: 0.4, tar: 1, farAccepted: 0 });
    // 75% needs 3 of 4: 0.3
    expect(chooseThreshold(genuine, impostor, { tar: 0.75 })).toMatchObject({
      threshold: 0.3,
      tar: 0.75,
    });
  });

  it("'tar-far' never goes above the FAR threshold; 'far' is that threshold", () => {
    const c = chooseThreshold([0.1, 0.9], impostor, { far: 0.1, tar: 0.99 });
    // FAR 10% allows one impostor: midway between 0.5 and 0.6
    expect(c.threshold).toBeCloseTo(0.55, 12);
    expect(c).toMatchObject({ tar: 0.5, farAccepted: 0.1 });
    const far = chooseThreshold(genuine, impostor, { rule: 'far', far: 0.1 });
    expect(far.threshold).toBeCloseTo(0.55, 12);
    expect(far.tar).toBe(1);
    expect(() => chooseThreshold(genuine, impostor, { tar: 0 })).toThrow(/tar must be/);
    expect(() => chooseThreshold(genuine, impostor, { rule: 'ratio' as 'far' })).toThrow(/rule/);
  });
});

describe('calibrateGallery on the enrolment images (leave one out)', () => {
  it('scores each image against its own person’s others and the nearest other person', () => {
    const { genuine, impostor } = galleryScores(twoPeople(), enrolmentImages(twoPeople()));
    // a0: 10° to a10; a10: 10°; a30: 20° to a10; b90, b100: 10° to each other
    expect(genuine.map((v) => v.toFixed(4))).toEqual(
      [10, 10, 20, 10, 10].map((d) => chord(d).toFixed(4)),
    );
    // a0 → b90 90°, a10 → 80°, a30 → 60°, b90 → a30 60°, b100 → a30 70°
    expect(impostor.map((v) => v.toFixed(4))).toEqual(
      [90, 80, 60, 60, 70].map((d) => chord(d).toFixed(4)),
    );
  });

  it("default rule 'tar-far': the largest genuine score (20°), recorded with its FAR cap", () => {
    const g = calibrateGallery(twoPeople());
    expect(g.threshold).toBeCloseTo(chord(20), 6);
    expect(g.thresholdSource).toMatchObject({
      method: 'validation',
      rule: 'tar-far',
      far: 0.01,
      targetTar: 0.99,
      tar: 1,
      farAccepted: 0,
      genuine: 5,
      impostor: 5,
    });
    // the cap: just below the nearest impostor score, 60° (1.0)
    const source = g.thresholdSource as { farThreshold: number };
    expect(source.farThreshold).toBeCloseTo(chord(60), 5);
    expect(source.farThreshold).toBeLessThan(chord(60));
  });

  it('decides by hand: a face 30° from a’s nearest image is unknown under tar-far, a under far', () => {
    const tarFar = calibrateGallery(twoPeople());
    const far = calibrateGallery(twoPeople(), undefined, { rule: 'far' });
    // 45° is 15° from a30: within 20°; 60° is 30° from a30: beyond 20°, within the FAR cap
    expect(matchDescriptor(tarFar, unit(45)).person).toBe('a');
    expect(matchDescriptor(tarFar, unit(60)).person).toBeNull();
    expect(matchDescriptor(tarFar, unit(60)).nearest).toBe('a');
    expect(matchDescriptor(far, unit(60)).person).toBe('a');
    // a number as the options is the FAR target (the 0.1 call), under the default rule
    expect(calibrateGallery(twoPeople(), undefined, 0.01).threshold).toBe(tarFar.threshold);
  });

  it('centroid galleries are scored against the mean of the other images', () => {
    const g = calibrateGallery(twoPeople('centroid'));
    // a30 against the mean of a0 and a10 (5°): 25°, the largest genuine score
    expect(g.threshold).toBeCloseTo(chord(25), 6);
  });

  it('needs two people, one with two images', () => {
    const g = newGallery(info);
    addToGallery(g, 'a', [unit(0), unit(10)]);
    expect(() => calibrateGallery(g)).toThrow(/genuine and impostor/);
  });
});

describe('the ratio test (nearest / second-nearest person)', () => {
  it('scores ratios leave one out: genuine over the nearest other, impostor among the others', () => {
    const g = threePeople();
    const s = galleryScores(g, enrolmentImages(g));
    // a0: own 10°, others b 90° and c 170° (c190); a10: 80°, 170°; b90: a 80°, c 90°; b100: c 80°,
    // a 90°; c180: b 80°, a 170°; c190: b 90°, a 170°
    const r = (x: number, y: number) => (chord(x) / chord(y)).toFixed(4);
    expect(s.impostorRatio.map((v) => v.toFixed(4))).toEqual([
      r(90, 170),
      r(80, 170),
      r(80, 90),
      r(80, 90),
      r(80, 170),
      r(90, 170),
    ]);
    expect(s.genuineRatio.map((v) => v.toFixed(4))).toEqual([
      r(10, 90),
      r(10, 80),
      r(10, 80),
      r(10, 80),
      r(10, 80),
      r(10, 90),
    ]);
  });

  it('is calibrated by the same rule and recorded; it turns away an ambiguous face', () => {
    const tarFar = calibrateGallery(threePeople(), undefined, { ratio: true });
    // the largest genuine ratio, 10° over 80°
    expect(tarFar.ratio).toBeCloseTo(chord(10) / chord(80), 6);
    const far = calibrateGallery(threePeople(), undefined, { rule: 'far', ratio: true });
    // just below the smallest impostor ratio, 80° over 170°; distance just below 80°
    expect(far.ratio).toBeLessThan(chord(80) / chord(170));
    expect(far.ratio).toBeCloseTo(chord(80) / chord(170), 5);
    expect(far.threshold).toBeCloseTo(chord(80), 5);
    expect(far.thresholdSource).toMatchObject({
      rule: 'far',
      ratio: { tar: 1, farAccepted: 0, genuine: 6, impostor: 6 },
    });
    // 48°: 38° from a10, 42° from b90 — within the distance threshold, but a ratio of 0.91
    expect(matchDescriptor(far, unit(48))).toMatchObject({ person: null, nearest: 'a' });
    const noRatio = calibrateGallery(threePeople(), undefined, { rule: 'far', ratio: false });
    expect(noRatio.ratio).toBeUndefined();
    expect(matchDescriptor(noRatio, unit(48)).person).toBe('a');
    // 40°: 30° from a10, 50° from b90, a ratio of 0.61: identified
    expect(matchDescriptor(far, unit(40)).person).toBe('a');
    // recalibrating without the ratio test removes it
    expect(calibrateGallery(far, undefined, { ratio: false }).ratio).toBeUndefined();
  });

  it("is on by default ('auto') from three people; true needs three", () => {
    expect(calibrateGallery(threePeople()).ratio).toBeCloseTo(chord(10) / chord(80), 6);
    expect(calibrateGallery(twoPeople()).ratio).toBeUndefined();
    expect(() => calibrateGallery(twoPeople(), undefined, { ratio: true })).toThrow(/three people/);
  });
});

describe('gallery files', () => {
  const probes = [0, 20, 40, 45, 48, 60, 95, 130, 200].map(unit);

  it('a calibrated gallery saves, reloads equal, and decides identically', async () => {
    const path = join(root, 'g.json');
    const galleries = [
      calibrateGallery(twoPeople('nearest')),
      calibrateGallery(twoPeople('centroid')),
      calibrateGallery(threePeople(), undefined, { rule: 'far', ratio: true }),
    ];
    for (const g of galleries) {
      await saveGallery(path, g);
      const back = await loadGallery(path, info);
      expect(back).toEqual(g);
      expect(back.formatVersion).toBe(2);
      for (const p of probes) expect(matchDescriptor(back, p)).toEqual(matchDescriptor(g, p));
    }
  });

  it('a version 1 gallery (@dl/face 0.1) loads: its calibration read as rule far', async () => {
    const g = twoPeople();
    const v1 = {
      ...g,
      formatVersion: 1,
      threshold: 0.9,
      thresholdSource: { method: 'validation', far: 0.01, tar: 1, genuine: 5, impostor: 5 },
      people: g.people,
    };
    const path = join(root, 'v1.json');
    writeFileSync(path, JSON.stringify(v1, null, 2));
    const back = await loadGallery(path, info);
    expect(back.formatVersion).toBe(2);
    expect(back.threshold).toBe(0.9);
    expect(back.thresholdSource).toEqual({
      method: 'validation',
      rule: 'far',
      far: 0.01,
      tar: 1,
      farThreshold: 0.9,
      genuine: 5,
      impostor: 5,
    });
    expect(matchDescriptor(back, unit(60)).person).toBe('a');
    // saved again, it is a version 2 file
    await saveGallery(path, back);
    expect(await loadGallery(path)).toEqual(back);
  });

  it('a newer format version is refused, saying so', async () => {
    const path = join(root, 'v3.json');
    writeFileSync(path, JSON.stringify({ ...twoPeople(), formatVersion: 3 }, null, 2));
    const e = await loadGallery(path).catch((err) => err);
    expect(e.code).toBe('FILE_UNSUPPORTED');
    expect(e.message).toMatch(/version 3.*newer @dl\/face: upgrade/);
    expect(e.message).toContain(path);
  });
});

describe('enrollFaces calibrate option', () => {
  // a stand-in embedder: each input names its angle ("a:30")
  const embedder = {
    info,
    embed: async (input: string) => ({
      descriptor: unit(Number(input.split(':')[1])),
      box: { x: 0, y: 0, width: 1, height: 1, score: 1 },
      landmarks: [],
    }),
    dispose() {},
  } as unknown as FaceEmbedder;
  const images = { a: ['a:0', 'a:10', 'a:30'], b: ['b:90', 'b:100'] };

  it('calibrates on the enrolment images when asked, else keeps the threshold', async () => {
    const kept = await enrollFaces({ embedder, images });
    expect(kept.thresholdSource).toEqual({ method: 'default' });
    const calibrated = await enrollFaces({ embedder, images, calibrate: true });
    expect(calibrated.threshold).toBeCloseTo(chord(20), 6);
    const far = await enrollFaces({ embedder, images, calibrate: { rule: 'far' } });
    expect(far.thresholdSource).toMatchObject({ rule: 'far' });
    // a given threshold is kept; so is one person's gallery (nothing to score it on)
    const given = await enrollFaces({ embedder, images, threshold: 0.5, calibrate: true });
    expect(given.threshold).toBe(0.5);
    const alone = await enrollFaces({ embedder, images: { a: images.a }, calibrate: true });
    expect(alone.thresholdSource).toEqual({ method: 'default' });
    // the same image twice gives no genuine score: nothing to calibrate on
    const twice = { a: ['a:0', 'a:0'], b: ['b:90'] };
    expect(
      (await enrollFaces({ embedder, images: twice, calibrate: true })).thresholdSource,
    ).toEqual({ method: 'default' });
    // the ratio test waits for a third person, unless turned off
    const two = await enrollFaces({ embedder, images, calibrate: { ratio: true } });
    expect(two.ratio).toBeUndefined();
    const more = { ...images, c: ['c:180', 'c:190'] };
    const three = await enrollFaces({ embedder, images: more, calibrate: true });
    expect(three.ratio).toBeGreaterThan(0);
    const off = await enrollFaces({ embedder, images: more, calibrate: { ratio: false } });
    expect(off.ratio).toBeUndefined();
  });
});
