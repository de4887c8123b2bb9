import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FaceGallery } from '@dl/face';
import { defineCommand } from '../../framework/spec';
import { startBackend, usageError } from '../shared';
import { EMBED_FLAGS, embedOptions, FACE_FOLDER, LAYOUT, loadFolder, THRESHOLD } from './flags';

const galleryText = (g: FaceGallery, path: string) =>
  `${path}: ${g.people.map((p) => `${p.name} (${p.descriptors.length})`).join(', ')}; threshold ${g.threshold}`;

export const faceEnroll = defineCommand({
  name: 'enroll',
  summary: 'add people to a face gallery (pretrained descriptors; no training)',
  description:
    'Each image is detected, aligned by its 68 landmarks and described by face-api’s 128-d network (npm i @vladmandic/face-api). An existing gallery file is added to; anything else at --gallery is refused.',
  positionals: [{ name: 'IMAGE', variadic: true, help: 'images of the person named by --person' }],
  flags: {
    gallery: {
      type: 'path',
      required: true,
      placeholder: 'FILE',
      help: 'the gallery (JSON) to create or add to',
    },
    person: { type: 'string', placeholder: 'NAME', help: 'the person the IMAGE arguments show' },
    data: { ...FACE_FOLDER, help: 'instead: a labelled folder of several people' },
    layout: LAYOUT,
    threshold: { ...THRESHOLD, help: `${THRESHOLD.help} (a new gallery only)` },
    match: {
      type: 'enum',
      values: ['nearest', 'centroid'],
      default: 'nearest',
      help: 'compare a probe with a person’s nearest image or their mean descriptor (a new gallery only)',
    },
    ...EMBED_FLAGS,
  },
  examples: ['dl face enroll --gallery team.json --person ada ada1.jpg ada2.jpg'],
  async run(ctx) {
    const { flags, args } = ctx;
    const byPerson = flags.person !== undefined;
    if (byPerson === Boolean(flags.data) || byPerson !== args.IMAGE.length > 0) {
      throw usageError('give --person NAME with its IMAGE arguments, or --data DIR');
    }
    const galleryPath = resolve(flags.gallery);
    const adding = existsSync(galleryPath);
    if (adding && flags.threshold !== undefined) {
      throw usageError(`--threshold sets a new gallery's; ${galleryPath} exists`);
    }
    await startBackend();
    const face = await import('@dl/face');
    const embedder = await face.loadFaceEmbedder();
    try {
      const gallery = adding ? await face.loadGallery(galleryPath, embedder.info) : undefined;
      const images = flags.person
        ? { [flags.person]: args.IMAGE }
        : await loadFolder(face, flags.data as string, flags.layout, 1);
      const g = await face.enrollFaces({
        embedder,
        images,
        gallery,
        galleryPath,
        threshold: flags.threshold,
        match: flags.match,
        ...embedOptions(flags),
      });
      const people = g.people.map((p) => ({ name: p.name, images: p.descriptors.length }));
      ctx.result({ gallery: galleryPath, people, threshold: g.threshold, match: g.match }, () =>
        galleryText(g, galleryPath),
      );
    } finally {
      embedder.dispose();
    }
  },
});
