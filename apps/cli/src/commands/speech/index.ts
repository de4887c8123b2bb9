import { defineGroup } from '../../framework/spec';
import { speechEval } from './eval';
import { speechPredict } from './predict';
import { speechSynth } from './synth';
import { speechTrain } from './train';

export const speechCommand = defineGroup({
  name: 'speech',
  summary: 'spoken digits (MFCC/log-mel CNN): synth | train | eval | predict',
  commands: [speechSynth, speechTrain, speechEval, speechPredict],
});
