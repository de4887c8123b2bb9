import type { BackendChoice } from '@dl/core';
import type { TrainLmResult } from '@dl/text-lm';

import { count, fmt } from './format';

/** What `dl lm train` prints without --json. */
export function trainText(
  r: TrainLmResult,
  backend: BackendChoice,
  truePerplexity: number | undefined,
): string {
  const m = r.metrics;
  const lines = [
    r.message,
    `${count(r.parameters)} parameters, vocabulary ${count(r.vocabularySize)}, ${backend.id} × ${backend.threads} thread(s), ${fmt(m.trainTokensPerSecond, 0)} training tokens/s, ${fmt(r.seconds, 1)} s`,
    `validation perplexity ${fmt(m.valPerplexity)}  accuracy ${fmt(m.valAccuracy, 4)}`,
    `test perplexity       ${fmt(m.testPerplexity)}  accuracy ${fmt(m.testAccuracy, 4)}  (${count(m.testTargets)} tokens)`,
  ];
  if (truePerplexity !== undefined) {
    lines.push(
      `the grammar's true test perplexity ${fmt(truePerplexity)} (model ÷ true = ${fmt(m.testPerplexity / truePerplexity, 3)})`,
    );
  }
  lines.push(`model saved in ${r.artifactDir}`);
  return lines.join('\n');
}
