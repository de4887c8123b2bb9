import { defineGroup } from '../../framework/spec';
import { transferBackbones } from './backbones';
import { transferEval } from './eval';
import { transferFeatures } from './features';
import { transferPredict } from './predict';
import { transferSynth } from './synth';
import { transferTrain } from './train';

export const transferCommand = defineGroup({
  name: 'transfer',
  summary:
    'pretrained backbone + trained head: backbones | features | train | eval | predict | synth',
  commands: [
    transferBackbones,
    transferFeatures,
    transferTrain,
    transferEval,
    transferPredict,
    transferSynth,
  ],
});
