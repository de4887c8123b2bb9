import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { LmEvaluation, TextSplit } from '@dl/text-lm';
import { defineCommand } from '../../framework/spec';
import { MODEL_DIR_FLAG, startBackend } from '../shared';
import { count, fmt } from './format';

type LmModule = typeof import('@dl/text-lm');

/** A file of sentences, or a PTB directory's split. */
async function splitOf(
  lm: LmModule,
  path: string,
  split: 'test' | 'valid' | 'train',
): Promise<TextSplit> {
  if (existsSync(path) && statSync(path).isDirectory()) {
    const d = await lm.loadLmDataset(path);
    return split === 'train' ? d.train : split === 'valid' ? d.validation : d.test;
  }
  return lm.loadTextSplit(path);
}

function evaluationText(e: LmEvaluation): string {
  return `perplexity ${fmt(e.perplexity)}  (mean NLL ${fmt(e.nll, 4)} nats)  accuracy ${fmt(e.accuracy, 4)}  on ${count(e.targets)} tokens of ${count(e.sentences)} sentences, ${count(e.oovWords)} out-of-vocabulary`;
}

export const lmEval = defineCommand({
  name: 'eval',
  summary: 'perplexity and next-word accuracy on a file of sentences or a PTB split',
  flags: {
    model: MODEL_DIR_FLAG,
    data: {
      type: 'path',
      required: true,
      mustExist: true,
      placeholder: 'FILE|PTB_DIR',
      help: 'a file of sentences (one a line) or a Penn Treebank folder',
    },
    split: {
      type: 'enum',
      values: ['test', 'valid', 'train'],
      default: 'test',
      help: 'which split of a PTB folder',
    },
  },
  async run(ctx) {
    await startBackend();
    const lm = await import('@dl/text-lm');
    const data = await splitOf(lm, resolve(ctx.flags.data), ctx.flags.split);
    const e = await lm.evaluateLm(ctx.flags.model, data);
    ctx.warn(e.warnings);
    ctx.result({ file: data.file, ...e }, () => evaluationText(e));
  },
});
