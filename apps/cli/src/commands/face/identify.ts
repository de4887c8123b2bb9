import { defineCommand } from '../../framework/spec';
import { startBackend } from '../shared';
import { EMBED_FLAGS, embedOptions } from './flags';
import { FACE_IMAGES } from './predict';

const GALLERY = {
  type: 'path',
  required: true,
  mustExist: true,
  placeholder: 'FILE',
  help: 'a gallery written by dl face enroll',
} as const;

export const faceIdentify = defineCommand({
  name: 'identify',
  summary: 'who is in each image: an enrolled person, or unknown',
  description:
    'The nearest enrolled person when within the gallery’s threshold (calibrated on the enrolment images by dl face enroll) and, when the gallery has a ratio test, clearly nearer than the second person; else unknown (person null under --json).',
  positionals: [FACE_IMAGES],
  flags: {
    gallery: GALLERY,
    top: { type: 'int', min: 1, default: 3, help: 'how many people each answer ranks' },
    ...EMBED_FLAGS,
  },
  multiInput: true,
  examples: ['dl face identify --gallery team.json door-camera.jpg --json'],
  async run(ctx) {
    await startBackend();
    const face = await import('@dl/face');
    const embedder = await face.loadFaceEmbedder();
    try {
      const gallery = await face.loadGallery(ctx.flags.gallery, embedder.info);
      const options = { embedder, gallery, topK: ctx.flags.top, ...embedOptions(ctx.flags) };
      // One image a call: an image with no face is reported in its place.
      await ctx.eachInput(
        ctx.args.IMAGE,
        (file) => file,
        async (file) => {
          const [r] = await face.identifyFaces({ ...options, inputs: [file] });
          const who = r.person ?? `unknown (nearest ${r.nearest})`;
          return {
            data: { file, ...r },
            text: `${who}\t${r.distance.toFixed(3)}\t${file}`,
          };
        },
      );
    } finally {
      embedder.dispose();
    }
  },
});
