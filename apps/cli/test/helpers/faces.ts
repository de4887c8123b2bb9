import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { cropImage, type DecodedImage, encodePng, initBackend, readImage } from '@dl/core';
import { loadFaceEmbedder } from '@dl/face';

/**
 * Face photos for the pretrained route, from the demo photo @vladmandic/face-api ships
 * (sample1.jpg: three different people; no network, no data of ours): each person cropped at
 * two margins, as two photos of them would differ. Returns [person][photo] PNG paths, people
 * left to right.
 */
export async function writeFaceCrops(dir: string): Promise<string[][]> {
  const req = createRequire(createRequire(import.meta.url).resolve('@dl/face'));
  const pkg = dirname(req.resolve('@vladmandic/face-api/package.json'));
  await initBackend({ prefer: 'wasm' });
  const photo = await readImage(join(pkg, 'demo', 'sample1.jpg'), { channels: 3 });
  const embedder = await loadFaceEmbedder();
  try {
    const boxes = (await embedder.detect(photo)).sort((a, b) => a.x - b.x);
    return boxes.map((b, person) =>
      [2.4, 1.9].map((margin, k) => {
        const path = join(dir, `person${person}-${k}.png`);
        writeFileSync(path, encodePng(rgb(crop(photo, b, margin))));
        return path;
      }),
    );
  } finally {
    embedder.dispose();
  }
}

type Box = { x: number; y: number; width: number; height: number };

function crop(photo: DecodedImage, b: Box, margin: number): DecodedImage {
  const side = Math.round(Math.max(b.width, b.height) * margin);
  const left = Math.max(0, Math.round(b.x + b.width / 2 - side / 2));
  const top = Math.max(0, Math.round(b.y + b.height / 2 - side / 2));
  return cropImage(photo, {
    left,
    top,
    width: Math.min(side, photo.width - left),
    height: Math.min(side, photo.height - top),
  });
}

const rgb = (image: DecodedImage) => ({
  width: image.width,
  height: image.height,
  channels: 3 as const,
  data: Uint8Array.from(image.data),
});
