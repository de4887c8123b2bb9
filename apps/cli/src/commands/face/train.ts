import { resolve } from 'node:path';
import type { FaceSplit, TrainFaceResult } from '@dl/face';
import { defineCommand } from '../../framework/spec';
import {
  architectureFlag,
  loadCore,
  OUT_FLAG,
  preflightOutput,
  RESUME_FLAG,
  SEED_FLAG,
  startBackend,
  usageError,
} from '../shared';
import { FACE_FOLDER, LAYOUT, loadFolder } from './flags';
import { SYNTH_PEOPLE } from './synth';

function splitOf(test: number | undefined, perPerson: number | undefined): FaceSplit | undefined {
  if (test !== undefined && perPerson !== undefined) {
    throw usageError('give --test or --train-per-person, not both');
  }
  if (perPerson !== undefined) return { mode: 'per-person', train: perPerson };
  return test === undefined ? undefined : { mode: 'fraction', test };
}

function trainText(r: TrainFaceResult, report: string, byPerson: string): string {
  const { train, validation, test } = r.split;
  return [
    `${r.message}\n`,
    `${train} training, ${validation} validation, ${test} test images`,
    report,
    byPerson,
    `accuracy ${r.metrics.accuracy.toFixed(4)} — model saved in ${r.artifactDir}`,
  ].join('\n');
}

export const faceTrain = defineCommand({
  name: 'train',
  summary: 'train a face identity classifier (the course’s CNN or our default)',
  description:
    'Closed set: the model learns the people of --data (without it, synthetic faces) and names one of them for any face. For “unknown” answers use enroll / identify.',
  flags: {
    out: OUT_FLAG,
    data: FACE_FOLDER,
    layout: LAYOUT,
    architecture: architectureFlag(
      ['seed', 'default'],
      'default: three BatchNorm conv blocks on 64×64 gray with augmentation (Adam, cosine decay); seed: SEEDS.md §6’s CNN on 42×42 colour, SGD as the course',
    ),
    epochs: {
      type: 'int',
      min: 1,
      defaultText: '40 (20 with --architecture seed)',
      help: 'passes over the training images',
    },
    'batch-size': { type: 'int', min: 1, defaultText: '32', help: 'images a gradient step' },
    lr: {
      type: 'number',
      min: 0,
      minExclusive: true,
      defaultText: '2e-3 (0.01 with --architecture seed)',
      help: 'initial learning rate',
    },
    'no-augment': { type: 'boolean', help: 'train without augmentation (the seed never augments)' },
    test: {
      type: 'number',
      min: 0,
      max: 1,
      minExclusive: true,
      maxExclusive: true,
      defaultText: '0.15',
      help: 'a stratified fraction of every person’s images held out for the test scores',
    },
    'train-per-person': {
      type: 'int',
      min: 1,
      help: 'instead of --test: N images of each person train, the rest test (the ORL/Yale protocol: 5)',
    },
    ...SYNTH_PEOPLE,
    seed: SEED_FLAG,
    resume: RESUME_FLAG,
  },
  examples: ['dl face train --data orl_faces --out faces --train-per-person 5'],
  async run(ctx) {
    const { flags } = ctx;
    const split = splitOf(flags.test, flags['train-per-person']);
    const outDir = resolve(flags.out);
    await preflightOutput(outDir, flags.resume);
    await startBackend();
    const face = await import('@dl/face');
    const data = flags.data ? await loadFolder(face, flags.data, flags.layout) : undefined;
    const r = await face.trainFace({
      outDir,
      data,
      synthetic: data
        ? undefined
        : { people: flags.people, imagesPerPerson: flags['images-per-person'] },
      split,
      architecture: flags.architecture,
      epochs: flags.epochs,
      batchSize: flags['batch-size'],
      learningRate: flags.lr,
      augment: flags['no-augment'] ? false : undefined,
      seed: flags.seed,
      resume: flags.resume,
      progress: ctx.progress,
      progressOut: ctx.progressOut,
    });
    const { formatClassificationReport } = await loadCore();
    ctx.result(r, () =>
      trainText(r, formatClassificationReport(r.report), face.formatPersonAccuracy(r.byPerson)),
    );
  },
});
