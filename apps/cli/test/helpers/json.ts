import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';

/** Parses stdout as exactly one JSON document (one line: not JSON Lines, nothing else). */
export function oneJson(r: { stdout: string; stderr: string }) {
  const lines = r.stdout.trim().split('\n');
  expect(lines, `stdout: ${r.stdout}\nstderr: ${r.stderr}`).toHaveLength(1);
  return JSON.parse(lines[0]);
}

/** A model directory's weights, concatenated in model.json's manifest order. */
export function weightsOf(dir: string): Float32Array {
  const manifest = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')).weightsManifest as {
    paths: string[];
  }[];
  const buffers = manifest.flatMap((group) => group.paths.map((p) => readFileSync(join(dir, p))));
  const bytes = Buffer.concat(buffers);
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
}

/** The largest |a[i] − b[i]| (the arrays must have the same length). */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}
