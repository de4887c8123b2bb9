import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  cropImage,
  type DecodedImage,
  initBackend,
  isDlError,
  readImage,
  resizeImage,
} from '@dl/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eyesOf } from '../src/embed/align';
import { type FaceEmbedder, loadFaceEmbedder } from '../src/embed/embedder';
import { faceApiModelDir } from '../src/embed/weights';
import { loadGallery, saveGallery } from '../src/gallery';
import { euclidean } from '../src/openset';
import { enrollFaces, identifyFaces, verifyFaces } from '../src/recognize';

/**
 * The embedding route with the weights @vladmandic/face-api ships, on the photos it ships in
 * its demo/ folder (no network, no data of ours): sample1.jpg shows three different people.
 */
const pkgDir = dirname(createRequire(import.meta.url).resolve('@vladmandic/face-api/package.json'));
const root = mkdtempSync(join(tmpdir(), 'dl-face-embed-'));
let embedder: FaceEmbedder;
let photo: DecodedImage;
let people: DecodedImage[];
/**
 * The tiny detector scores a face that fills much of a crop lower than one in a wide photo
 * (0.35–0.94 on these crops against 0.7–0.8 in the photo): each crop holds one face, so a low
 * threshold cannot pick a wrong one.
 */
const crops = { scoreThreshold: 0.2 };

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
  embedder = await loadFaceEmbedder();
  photo = await readImage(join(pkgDir, 'demo', 'sample1.jpg'), { channels: 3 });
}, 300_000);
afterAll(async () => {
  embedder?.dispose();
  await rm(root, { recursive: true, force: true });
});

async function refusal(run: Promise<unknown>) {
  const e = await run.then(
    () => null,
    (err) => err,
  );
  expect(isDlError(e), String(e)).toBe(true);
  return e as Error & { code: string };
}

/** Another "photo" of a face crop: shifted, rescaled and relit, as a second picture would be. */
function variant(face: DecodedImage, k: number): DecodedImage {
  const d = Math.round(face.width * 0.04 * k);
  const cropped = cropImage(face, {
    top: d,
    left: 0,
    width: face.width - d,
    height: face.height - d,
  });
  const scaled = resizeImage(cropped, [
    Math.round(cropped.height * (1 - 0.12 * k)),
    Math.round(cropped.width * (1 - 0.12 * k)),
  ]);
  const gain = [1, 0.8, 1.15, 0.9][k % 4];
  return { ...scaled, data: Uint8Array.from(scaled.data, (v) => Math.min(255, v * gain)) };
}

describe('pretrained weights from the npm package', () => {
  it('says how to install the package when it is missing', async () => {
    // pnpm's wrappers put the hoisted store on NODE_PATH, so the package would be found from
    // any folder here: ask for a package name that is absent instead
    const e = await refusal(
      loadFaceEmbedder({ resolveFrom: root, packageName: '@vladmandic/face-api-absent' }),
    );
    expect(e.code).toBe('FILE_NOT_FOUND');
    expect(e.message).toContain('npm i @vladmandic/face-api');
  });

  it('refuses weights whose sha256 differs, naming the file', async () => {
    const copy = join(root, 'model-copy');
    cpSync(faceApiModelDir(), copy, { recursive: true });
    const file = join(copy, 'tiny_face_detector_model.bin');
    const bytes = readFileSync(file);
    bytes[100] ^= 1;
    writeFileSync(file, bytes);
    const e = await refusal(loadFaceEmbedder({ modelDir: copy }));
    expect(e.code).toBe('MODEL_INVALID');
    expect(e.message).toContain(file);
    expect(e.message).toMatch(/sha256/);
  });
});

describe('detection, landmarks, alignment, descriptors', () => {
  it('finds the three faces of the demo photo, with landmarks in place', async () => {
    const boxes = await embedder.detect(photo);
    expect(boxes.length).toBe(3);
    for (const b of boxes) {
      expect(b.score).toBeGreaterThan(0.5);
      expect(b.width).toBeGreaterThan(150);
      const points = embedder.landmarks(photo, b);
      const eyes = eyesOf(points);
      const mouthY = points.slice(48, 68).reduce((s, p) => s + p[1], 0) / 20;
      // the person's left eye is on the image's right, both above the mouth, inside the box
      expect(eyes.left[0]).toBeGreaterThan(eyes.right[0]);
      expect(mouthY).toBeGreaterThan(Math.max(eyes.left[1], eyes.right[1]));
      for (const [x, y] of [eyes.left, eyes.right]) {
        expect(x).toBeGreaterThan(b.x);
        expect(x).toBeLessThan(b.x + b.width);
        expect(y).toBeGreaterThan(b.y);
      }
    }
    people = boxes
      .sort((a, b) => a.x - b.x)
      .map((b) => {
        const side = Math.round(Math.max(b.width, b.height) * 2.4);
        const left = Math.max(0, Math.round(b.x + b.width / 2 - side / 2));
        const top = Math.max(0, Math.round(b.y + b.height / 2 - side / 2));
        return cropImage(photo, {
          left,
          top,
          width: Math.min(side, photo.width - left),
          height: Math.min(side, photo.height - top),
        });
      });
  });

  it('gives unit descriptors closer for one person than for two', async () => {
    const [a0, a1, b0] = await Promise.all([
      embedder.embed(variant(people[0], 0), crops),
      embedder.embed(variant(people[0], 1), crops),
      embedder.embed(variant(people[1], 0), crops),
    ]);
    expect(Math.hypot(...a0.descriptor)).toBeCloseTo(1, 4);
    const same = euclidean(a0.descriptor, a1.descriptor);
    const other = euclidean(a0.descriptor, b0.descriptor);
    expect(same).toBeLessThan(0.4);
    expect(other).toBeGreaterThan(same + 0.15);
    // the mirror-averaged descriptor is a unit vector near the plain one
    const mirrored = await embedder.embed(variant(people[0], 0), { ...crops, mirror: true });
    expect(Math.hypot(...mirrored.descriptor)).toBeCloseTo(1, 4);
    expect(euclidean(mirrored.descriptor, a0.descriptor)).toBeGreaterThan(0);
    expect(euclidean(mirrored.descriptor, a0.descriptor)).toBeLessThan(0.25);
  });

  it('refuses an image with no face, naming it', async () => {
    const blank: DecodedImage = {
      width: 160,
      height: 120,
      channels: 1,
      data: new Uint8Array(160 * 120).fill(128),
      source: 'blank.png',
    };
    const e = await refusal(
      identifyFaces({ embedder, gallery: join(root, 'none.json'), inputs: [blank] }).catch(
        async (err) => {
          if (err.code === 'FILE_NOT_FOUND') return embedder.embed(blank, { locate: 'detect' });
          throw err;
        },
      ),
    );
    expect(e.code).toBe('DATA_INVALID');
    expect(e.message).toMatch(/no face found/);
    expect(e.message).toContain('blank.png');
  });
});

describe('enrol, identify, verify, galleries', () => {
  it('identifies enrolled people and answers "unknown" for someone never enrolled', async () => {
    const galleryPath = join(root, 'gallery.json');
    const gallery = await enrollFaces({
      embedder,
      images: {
        left: [variant(people[0], 0), variant(people[0], 1)],
        middle: [variant(people[1], 0), variant(people[1], 1)],
      },
      galleryPath,
      ...crops,
    });
    expect(gallery.people.map((p) => [p.name, p.descriptors.length])).toEqual([
      ['left', 2],
      ['middle', 2],
    ]);
    const answers = await identifyFaces({
      embedder,
      gallery: galleryPath,
      inputs: [variant(people[0], 2), variant(people[1], 2), variant(people[2], 0)],
      ...crops,
    });
    expect(answers.map((a) => a.person)).toEqual(['left', 'middle', null]);
    expect(answers[2].distance).toBeGreaterThan(gallery.threshold);
    expect(answers[0].distance).toBeLessThanOrEqual(gallery.threshold);

    const same = await verifyFaces({
      embedder,
      a: variant(people[2], 0),
      b: variant(people[2], 1),
      ...crops,
    });
    const different = await verifyFaces({
      embedder,
      a: variant(people[2], 0),
      b: variant(people[0], 0),
      ...crops,
    });
    expect(same.same).toBe(true);
    expect(different.same).toBe(false);
  });

  it('saves a gallery atomically, reloads it equal, and refuses another descriptor model', async () => {
    const path = join(root, 'gallery.json');
    const gallery = await loadGallery(path, embedder.info);
    await saveGallery(path, gallery);
    expect(await loadGallery(path)).toEqual(gallery);
    const mine = join(root, 'notes.json');
    writeFileSync(mine, '{"my": "notes"}\n');
    const refused = await refusal(saveGallery(mine, gallery));
    expect(refused.code).toBe('OUTPUT_EXISTS');
    expect(readFileSync(mine, 'utf8')).toBe('{"my": "notes"}\n');
    const other = join(root, 'other-model.json');
    const foreign = {
      ...gallery,
      descriptorModel: { ...gallery.descriptorModel, sha256: 'f'.repeat(64) },
    };
    writeFileSync(other, JSON.stringify(foreign, null, 2));
    const e = await refusal(
      identifyFaces({ embedder, gallery: other, inputs: [variant(people[0], 0)], ...crops }),
    );
    expect(e.code).toBe('MODEL_INVALID');
    expect(e.message).toContain(other);
    expect(e.message).toMatch(/enrol the people again/);
  });
});
