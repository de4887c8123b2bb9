import type { DlMeta } from '@dl/core';
import { defineCommand } from '../framework/spec';
import { loadCore, startBackend } from './shared';

function facts(meta: DlMeta): string {
  const labels = meta.labels
    ? `${meta.labels.length}: ${meta.labels.slice(0, 12).join(' ')}${meta.labels.length > 12 ? ' …' : ''}`
    : '—';
  return [
    `task        ${meta.task} (${meta.package.name} ${meta.package.version})`,
    `labels      ${labels}`,
    ...Object.entries(meta.metrics ?? {}).map(([k, v]) => `${k.padEnd(11)} ${v}`),
    `created     ${meta.createdAt}${meta.seed !== undefined ? `, seed ${meta.seed}` : ''}`,
  ].join('\n');
}

export const summaryCommand = defineCommand({
  name: 'summary',
  summary: 'print a saved model’s layers, parameter counts and dl.json facts',
  positionals: [
    { name: 'MODEL_DIR', required: true, help: 'a model directory (model.json + dl.json)' },
  ],
  async run(ctx) {
    await startBackend();
    const { loadModelDir, modelSummary } = await loadCore();
    const { model, meta } = await loadModelDir(ctx.args.MODEL_DIR);
    try {
      const text = `${modelSummary(model)}\n\n${facts(meta)}`;
      ctx.result({ meta, params: model.countParams() }, () => text);
    } finally {
      model.dispose();
    }
  },
});
