import { defineGroup } from '../../framework/spec';
import { plateEval } from './eval';
import { plateRead } from './read';
import { plateSynth } from './synth';
import { plateTrain } from './train';

export const plateCommand = defineGroup({
  name: 'plate',
  summary: 'plate characters: train | eval | read | synth',
  description:
    'Chinese licence plates: three glyph classifiers (province, letter, alnum) and a reader that segments a plate into its seven characters.',
  commands: [plateTrain, plateEval, plateRead, plateSynth],
});
