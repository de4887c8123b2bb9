import { defineGroup } from '../../framework/spec';
import { faceEnroll } from './enroll';
import { faceEval } from './eval';
import { faceIdentify } from './identify';
import { facePredict } from './predict';
import { faceSynth } from './synth';
import { faceTrain } from './train';
import { faceVerify } from './verify';

export const faceCommand = defineGroup({
  name: 'face',
  summary:
    'face identity: train | eval | predict | synth (your people), enroll | identify | verify (pretrained)',
  commands: [faceTrain, faceEval, facePredict, faceEnroll, faceIdentify, faceVerify, faceSynth],
});
