import { defineGroup } from '../../framework/spec';
import { plateEval } from './eval';
import { plateEvalReader } from './eval-reader';
import { plateRead } from './read';
import { plateSynth } from './synth';
import { plateTrain } from './train';
import { plateTrainReader } from './train-reader';

export const plateCommand = defineGroup({
  name: 'plate',
  summary: 'licence plates: train | eval | read | synth | train-reader | eval-reader',
  description:
    'Chinese licence plates: a whole-plate CTC reader, or three glyph classifiers (province, letter, alnum) and a reader that segments a plate into its seven characters.',
  commands: [plateTrain, plateEval, plateRead, plateSynth, plateTrainReader, plateEvalReader],
});
