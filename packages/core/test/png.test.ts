import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodePng } from '../src/io/png';
import { readImage } from '../src/io/readers/image-decode';

describe('encodePng', () => {
  it('writes gray and RGB PNGs that decode to the same pixels', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dl-png-'));
    const gray = Uint8Array.from({ length: 6 }, (_, i) => i * 40);
    writeFileSync(join(dir, 'g.png'), encodePng({ width: 3, height: 2, channels: 1, data: gray }));
    const g = await readImage(join(dir, 'g.png'));
    expect([g.width, g.height, g.channels]).toEqual([3, 2, 1]);
    expect(Array.from(g.data)).toEqual(Array.from(gray));
    const rgb = Uint8Array.from({ length: 12 }, (_, i) => 255 - i * 20);
    writeFileSync(join(dir, 'c.png'), encodePng({ width: 2, height: 2, channels: 3, data: rgb }));
    const c = await readImage(join(dir, 'c.png'));
    expect(c.channels).toBe(3);
    expect(Array.from(c.data)).toEqual(Array.from(rgb));
  });
});
