import { defineGroup } from '../../framework/spec';
import { transferBackbones } from './backbones';
import { transferCv } from './cv';
import { transferEval } from './eval';
import { transferFeatures } from './features';
import { transferPredict } from './predict';
import { transferSynth } from './synth';
import { transferTrain } from './train';

export const transferCommand = defineGroup({
  name: 'transfer',
  summary:
    'pretrained backbone + trained head: backbones | features | train | cv | eval | predict | synth',
  commands: [
    transferBackbones,
    transferFeatures,
    transferTrain,
    transferCv,
    transferEval,
    transferPredict,
    transferSynth,
  ],
});
