import { initBackend, loadModelDir, modelSummary } from '@dl/core';
import { type Command, parseCommandArgs } from '../command';

export const summaryCommand: Command = {
  summary: 'print a saved model’s layers, parameter counts and dl.json facts',
  async run(argv) {
    const { values, positionals } = parseCommandArgs('summary', argv, {
      json: { type: 'boolean' },
    });
    const [dir] = positionals;
    if (!dir) {
      process.stderr.write('usage: dl summary MODEL_DIR [--json]\n');
      return 2;
    }
    await initBackend();
    const { model, meta } = await loadModelDir(dir);
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ meta, params: model.countParams() })}\n`);
    } else {
      const facts = [
        `task        ${meta.task} (${meta.package.name} ${meta.package.version})`,
        `labels      ${meta.labels ? `${meta.labels.length}: ${meta.labels.slice(0, 12).join(' ')}${meta.labels.length > 12 ? ' …' : ''}` : '—'}`,
        ...Object.entries(meta.metrics ?? {}).map(([k, v]) => `${k.padEnd(11)} ${v}`),
        `created     ${meta.createdAt}${meta.seed !== undefined ? `, seed ${meta.seed}` : ''}`,
      ];
      process.stdout.write(`${modelSummary(model)}\n\n${facts.join('\n')}\n`);
    }
    model.dispose();
    return 0;
  },
};
