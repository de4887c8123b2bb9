import { defineGroup } from '../../framework/spec';
import { textcnnCompare } from './compare';
import { textcnnEval } from './eval';
import { textcnnPredict } from './predict';
import { textcnnTrain } from './train';

export const textcnnCommand = defineGroup({
  name: 'textcnn',
  summary: 'sentence classification (TextCNN, TF-IDF, NB-SVM): train | eval | predict | compare',
  commands: [textcnnTrain, textcnnEval, textcnnPredict, textcnnCompare],
});
