import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { checkDataOutput, DlError, encodePng, Rng, writeDataDirAtomic } from '@dl/core';
import { loadTransferDataset, type TransferDataset } from './data';

/** The shapes synthTransferDataset can draw, one class each. */
export type SynthShape = 'disc' | 'square' | 'stripes' | 'ring';

export const SYNTH_SHAPES: readonly SynthShape[] = ['disc', 'square', 'stripes', 'ring'];

export interface SynthTransferOptions {
  /** The folder to write (`<outDir>/<shape>/<n>.png`); absent, empty or an earlier synthetic set. */
  outDir: string;
  /** One class per shape. Default ['disc', 'square', 'stripes']. */
  classes?: readonly SynthShape[];
  /** Images per class. Default 24. */
  perClass?: number;
  /** Image side in pixels. Default 64. */
  size?: number;
  /** Default 1. */
  seed?: number;
}

export const SYNTH_TRANSFER_DEFAULTS = {
  classes: ['disc', 'square', 'stripes'] as readonly SynthShape[],
  perClass: 24,
  size: 64,
  seed: 1,
} as const;

/** Is pixel (x, y) inside the shape centred at (cx, cy) with radius r (and stripe phase)? */
function inside(shape: SynthShape, x: number, y: number, cx: number, cy: number, r: number) {
  const dx = x - cx;
  const dy = y - cy;
  switch (shape) {
    case 'disc':
      return dx * dx + dy * dy <= r * r;
    case 'ring': {
      const d = Math.sqrt(dx * dx + dy * dy);
      return d <= r && d >= r * 0.55;
    }
    case 'square':
      return Math.abs(dx) <= r * 0.85 && Math.abs(dy) <= r * 0.85;
    case 'stripes':
      return Math.abs(dx) <= r && Math.abs(dy) <= r && Math.floor((dx + r) / (r / 2.5)) % 2 === 0;
  }
}

/** One RGB image: a coloured shape at a random place and size on a noisy two-tone background. */
export function drawShape(shape: SynthShape, size: number, rng: Rng): Uint8Array {
  const data = new Uint8Array(size * size * 3);
  const fg = [0, 1, 2].map(() => 60 + rng.int(196));
  const bg = fg.map((c) => (c + 96 + rng.int(64)) % 256);
  const r = size * (0.26 + 0.12 * rng.next());
  const cx = r + rng.next() * (size - 2 * r);
  const cy = r + rng.next() * (size - 2 * r);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const on = inside(shape, x, y, cx, cy, r);
      for (let c = 0; c < 3; c++) {
        const v = (on ? fg[c] : bg[c]) + rng.normal(0, 12);
        data[(y * size + x) * 3 + c] = Math.max(0, Math.min(255, Math.round(v)));
      }
    }
  }
  return data;
}

/**
 * Writes a synthetic folder-per-class image set (PNG shapes on noisy backgrounds, seeded) and
 * loads it like a real one. The folder carries @dl's data manifest, so a later call may replace
 * it; any other existing folder is refused before anything is drawn.
 */
export async function synthTransferDataset(o: SynthTransferOptions): Promise<TransferDataset> {
  const classes = o.classes ?? SYNTH_TRANSFER_DEFAULTS.classes;
  const perClass = o.perClass ?? SYNTH_TRANSFER_DEFAULTS.perClass;
  const size = o.size ?? SYNTH_TRANSFER_DEFAULTS.size;
  const seed = o.seed ?? SYNTH_TRANSFER_DEFAULTS.seed;
  if (classes.length < 2 || classes.some((c) => !SYNTH_SHAPES.includes(c))) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `classes must be two or more of ${SYNTH_SHAPES.join(', ')}, got ${classes.join(', ')}`,
    );
  }
  if (!Number.isInteger(perClass) || perClass < 1) {
    throw new DlError('INVALID_ARGUMENT', `perClass must be a positive integer, got ${perClass}`);
  }
  if (!Number.isInteger(size) || size < 16 || size > 1024) {
    throw new DlError('INVALID_ARGUMENT', `size must be an integer in 16–1024, got ${size}`);
  }
  await checkDataOutput(o.outDir);
  const rng = new Rng(seed);
  const manifest = {
    task: 'transfer-images',
    count: classes.length * perClass,
    extra: { classes: [...classes], perClass, size, seed },
  };
  await writeDataDirAtomic(o.outDir, manifest, async (tmp) => {
    for (const shape of classes) {
      const dir = join(tmp, shape);
      await mkdir(dir);
      const draw = rng.fork(shape);
      for (let i = 0; i < perClass; i++) {
        const png = encodePng({
          width: size,
          height: size,
          channels: 3,
          data: drawShape(shape, size, draw),
        });
        await writeFile(join(dir, `${String(i).padStart(4, '0')}.png`), png);
      }
    }
  });
  return { ...(await loadTransferDataset(o.outDir)), synthetic: true };
}
