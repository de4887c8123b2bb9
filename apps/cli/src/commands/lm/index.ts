import { defineGroup } from '../../framework/spec';
import { lmEval } from './eval';
import { lmGenerate } from './generate';
import { lmScore } from './score';
import { lmTrain } from './train';

export const lmCommand = defineGroup({
  name: 'lm',
  summary: 'word-level LSTM language model (PTB): train | eval | generate | score',
  commands: [lmTrain, lmEval, lmGenerate, lmScore],
});
