import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FaceGallery } from '@dl/face';
import { defineCommand } from '../../framework/spec';
import { startBackend, usageError } from '../shared';
import { EMBED_FLAGS, embedOptions, FACE_FOLDER, LAYOUT, loadFolder, THRESHOLD } from './flags';

const pc = (v: number) => `${(100 * v).toFixed(1)}%`;

/** The threshold and where it came from, in words. */
function thresholdText(g: FaceGallery): string {
  const s = g.thresholdSource;
  const t = g.threshold.toFixed(3);
  if (s.method === 'validation') {
    const ratio = s.ratio
      ? `, ratio test ${s.ratio.threshold.toFixed(3)} (${pc(s.ratio.tar)} genuine, ${pc(s.ratio.farAccepted)} impostor ratios accepted)`
      : '';
    const far =
      s.farAccepted === undefined ? '' : `, ${pc(s.farAccepted)} of ${s.impostor} impostor`;
    return `threshold ${t} (rule ${s.rule} on the enrolment images: ${pc(s.tar)} of ${s.genuine} genuine${far} scores accepted)${ratio}`;
  }
  if (s.method === 'given') return `threshold ${t} (given)`;
  return `threshold ${t} (default; calibrated once two people, one with two images, are enrolled)`;
}

const galleryText = (g: FaceGallery, path: string) =>
  `${path}: ${g.people.map((p) => `${p.name} (${p.descriptors.length})`).join(', ')}; ${thresholdText(g)}`;

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
    calibrate: {
      type: 'enum',
      values: ['tar-far', 'far', 'off'],
      default: 'tar-far',
      help: 'after enrolling, set the threshold from the enrolment images, each scored against the others: tar-far: the lowest that accepts --tar of same-person scores, at most the --far threshold; far: the --far threshold; off: keep it. Skipped under --threshold or before two people, one with two images, are enrolled',
    },
    far: {
      type: 'number',
      min: 0,
      max: 1,
      maxExclusive: true,
      default: 0.01,
      help: 'most other-person scores the calibrated threshold accepts (fraction)',
    },
    tar: {
      type: 'number',
      min: 0,
      max: 1,
      minExclusive: true,
      default: 0.99,
      help: 'same-person scores the tar-far threshold accepts (fraction)',
    },
    ratio: {
      type: 'enum',
      values: ['on', 'off'],
      default: 'on',
      help: 'the calibrated ratio test: identified only when the nearest person is clearly nearer than the second (from three people; stricter on strangers, turns away more enrolled faces)',
    },
    ...EMBED_FLAGS,
  },
  examples: [
    'dl face enroll --gallery team.json --person ada ada1.jpg ada2.jpg',
    'dl face enroll --gallery staff.json --data photos/ --calibrate tar-far --far 0.01',
  ],
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
        calibrate:
          flags.calibrate === 'off'
            ? false
            : {
                rule: flags.calibrate,
                far: flags.far,
                tar: flags.tar,
                ratio: flags.ratio === 'on' ? ('auto' as const) : false,
              },
        ...embedOptions(flags),
      });
      const people = g.people.map((p) => ({ name: p.name, images: p.descriptors.length }));
      ctx.result(
        {
          gallery: galleryPath,
          people,
          threshold: g.threshold,
          ...(g.ratio === undefined ? {} : { ratio: g.ratio }),
          thresholdSource: g.thresholdSource,
          match: g.match,
        },
        () => galleryText(g, galleryPath),
      );
    } finally {
      embedder.dispose();
    }
  },
});
