import { Rng } from '@dl/core';
import { describe, expect, it } from 'vitest';
import type { FaceSample } from '../src/data';
import { preprocessFace } from '../src/images';
import { splitFaces } from '../src/split';
import { synthFaceDataset } from '../src/synth';

const data = synthFaceDataset({ people: 5, imagesPerPerson: 8, size: [32, 32], seed: 2 });
const pre = { size: [16, 16] as [number, number], channels: 1 as const };
const key = (x: Float32Array) => Array.from(x, (v) => v.toFixed(4)).join(',');
/** Who each image really is, found from its pixels: the check a label/image shuffle fails. */
const truthByPixels = new Map(
  data.samples.map((s) => [key(preprocessFace(s.image, pre)), s.label]),
);

/** How many (image, label) pairs disagree with the person the image was drawn as. */
function mismatches(images: readonly FaceSample[], labels: readonly number[]): number {
  return images.filter((s, i) => truthByPixels.get(key(preprocessFace(s.image, pre))) !== labels[i])
    .length;
}

describe('splitFaces', () => {
  it('keeps every image with its own label, stratified, parts disjoint', () => {
    const parts = splitFaces(data, { mode: 'fraction', test: 0.25 }, 0.2, new Rng(1));
    for (const part of [parts.train, parts.validation, parts.test]) {
      expect(
        mismatches(
          part,
          part.map((s) => s.label),
        ),
      ).toBe(0);
    }
    expect(parts.test.length).toBe(10);
    for (let p = 0; p < 5; p++) expect(parts.test.filter((s) => s.label === p)).toHaveLength(2);
    const all = [...parts.train, ...parts.validation, ...parts.test];
    expect(new Set(all).size).toBe(data.samples.length);
  });

  it("would catch the seed's bug: images and labels split by two independent shuffles", () => {
    // what the course did: one permutation for the images, another for the labels
    const n = data.samples.length;
    const images = new Rng(5).permutation(n);
    const labels = new Rng(6).permutation(n);
    const cut = Math.round(n * 0.85);
    const trainImages = Array.from(images.slice(0, cut), (i) => data.samples[i]);
    const trainLabels = Array.from(labels.slice(0, cut), (i) => data.samples[i].label);
    expect(mismatches(trainImages, trainLabels)).toBeGreaterThan(cut / 2);
  });

  it('draws N images per person for training and tests on the rest', () => {
    const parts = splitFaces(data, { mode: 'per-person', train: 5 }, 0, new Rng(3));
    expect(parts.train).toHaveLength(25);
    expect(parts.test).toHaveLength(15);
    expect(parts.validation).toHaveLength(0);
    const again = splitFaces(data, { mode: 'per-person', train: 5 }, 0, new Rng(3));
    expect(again.test).toEqual(parts.test);
    expect(() => splitFaces(data, { mode: 'per-person', train: 8 }, 0, new Rng(3))).toThrow(
      /p01 has 8 image\(s\)/,
    );
  });
});
