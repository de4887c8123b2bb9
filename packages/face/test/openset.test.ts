import { describe, expect, it } from 'vitest';
import { pairDistances, rocCurve, tarAtFar } from '../src/openset';

describe('open-set metrics', () => {
  const genuine = [0.1, 0.2, 0.3, 0.4, 0.55];
  // 10 impostor pairs: FAR 10% allows one false accept (0.35), FAR 1% none
  const impostor = [0.35, 0.5, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95];

  it('TAR at FAR by hand', () => {
    const at10 = tarAtFar(genuine, impostor, 0.1);
    expect(at10.threshold).toBeCloseTo((0.35 + 0.5) / 2, 12);
    expect(at10.far).toBe(0.1);
    expect(at10.tar).toBe(4 / 5);
    const at1 = tarAtFar(genuine, impostor, 0.01);
    expect(at1.far).toBe(0);
    expect(at1.threshold).toBeLessThan(0.35);
    expect(at1.tar).toBe(3 / 5);
  });

  it('rejects ties at the limit together', () => {
    const point = tarAtFar([0.1], [0.3, 0.3, 0.3, 0.9], 0.25);
    expect(point.far).toBe(0);
    expect(point.threshold).toBeLessThan(0.3);
  });

  it('ROC rises from (0, 0) to (1, 1) with the threshold', () => {
    const roc = rocCurve(genuine, impostor);
    expect(roc[0]).toMatchObject({ tar: 0, far: 0 });
    expect(roc.at(-1)).toMatchObject({ tar: 1, far: 1 });
    for (let i = 1; i < roc.length; i++) {
      expect(roc[i].threshold).toBeGreaterThan(roc[i - 1].threshold);
      expect(roc[i].tar).toBeGreaterThanOrEqual(roc[i - 1].tar);
      expect(roc[i].far).toBeGreaterThanOrEqual(roc[i - 1].far);
    }
    expect(roc.find((p) => p.threshold === 0.35)).toMatchObject({ tar: 3 / 5, far: 0.1 });
  });

  it('pairs labelled descriptors into genuine and impostor distances', () => {
    const d = (x: number) => Float32Array.of(x, 0);
    const { genuine: g, impostor: i } = pairDistances([
      { person: 'a', descriptor: d(0) },
      { person: 'a', descriptor: d(0.2) },
      { person: 'b', descriptor: d(1) },
    ]);
    expect(g.map((v) => v.toFixed(3))).toEqual(['0.200']);
    expect(i.map((v) => v.toFixed(3)).sort()).toEqual(['0.800', '1.000']);
    expect(() => tarAtFar([], [1], 0.01)).toThrow(/genuine and impostor/);
  });
});

describe('calibrateGallery', () => {
  it("rule 'far': records the threshold chosen at FAR on validation descriptors, and how", async () => {
    const { newGallery } = await import('../src/gallery');
    const { calibrateGallery } = await import('../src/calibrate');
    const info = {
      descriptorModel: { id: 'test-model', sha256: 'a'.repeat(64), dimensions: 2 as 128 },
    };
    const { addToGallery } = await import('../src/gallery');
    const gallery = newGallery(info);
    expect(gallery.thresholdSource).toEqual({ method: 'default' });
    const unit = (deg: number) =>
      Float32Array.of(Math.cos((deg * Math.PI) / 180), Math.sin((deg * Math.PI) / 180));
    const validation = [
      { person: 'a', descriptor: unit(0) },
      { person: 'a', descriptor: unit(10) },
      { person: 'b', descriptor: unit(90) },
      { person: 'b', descriptor: unit(100) },
    ];
    addToGallery(gallery, 'a', [unit(0), unit(10)]);
    addToGallery(gallery, 'b', [unit(90), unit(100)]);
    calibrateGallery(gallery, validation, { rule: 'far', far: 0.01 });
    // each image is 10° (0.174) from its person's other image, 80° (1.286) from the nearest
    // other person
    expect(gallery.threshold).toBeGreaterThan(0.174);
    expect(gallery.threshold).toBeLessThan(1.286);
    expect(gallery.thresholdSource).toEqual({
      method: 'validation',
      rule: 'far',
      far: 0.01,
      tar: 1,
      farAccepted: 0,
      farThreshold: gallery.threshold,
      genuine: 4,
      impostor: 4,
    });
  });
});
