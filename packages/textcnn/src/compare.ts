import { join } from 'node:path';
import { type SentenceDataset, sentenceFolds } from './data';
import { TEXTCNN_DEFAULTS } from './defaults';
import { type FlatTextCnnOptions, fromFlatOptions } from './flat-options';
import type { TextCnnArchitecture, TextModelKind } from './task';
import { trainTextCnn } from './train';

/**
 * One set of options for several architectures: each takes the fields of its own branch of
 * TrainTextCnnOptions (CNN fields for the CNNs, maxNgram / c / … for the TF-IDF baseline).
 */
export interface CompareOptions
  extends Omit<FlatTextCnnOptions, 'model' | 'outDir' | 'testData' | 'resume'> {
  /** Architectures to train (the deprecated 'cnn-seed' names 'seed'). */
  models: (TextCnnArchitecture | TextModelKind)[];
  /** Each model's directory goes under here (`<outDir>/<model>[/fold-k]`). */
  outDir: string;
  /** k-fold cross-validation (Kim: 10 on sets without a test split). Default: one split. */
  folds?: number;
  testData?: SentenceDataset;
}

export interface CompareRow {
  model: TextCnnArchitecture | TextModelKind;
  /** Mean held-out accuracy / macro-F1 over folds (or of the one split), and their spread. */
  accuracy: number;
  accuracyStd: number;
  macroF1: number;
  foldAccuracies: number[];
  artifactDirs: string[];
}

/**
 * Trains several models on the same data with the same splits (same seed), so their scores
 * compare: TextCNN variants against the TF-IDF baseline, with k-fold CV where asked.
 */
export async function compareTextClassifiers(o: CompareOptions): Promise<CompareRow[]> {
  const seed = o.seed ?? TEXTCNN_DEFAULTS.seed;
  const folds = o.folds && o.folds > 1 ? sentenceFolds(o.data, o.folds, seed) : null;
  const rows: CompareRow[] = [];
  for (const model of o.models) {
    const accs: number[] = [];
    const f1s: number[] = [];
    const dirs: string[] = [];
    const runs = folds
      ? folds.map((f, k) => ({
          data: f.train,
          testData: f.test,
          dir: join(o.outDir, model, `fold-${k + 1}`),
        }))
      : [{ data: o.data, testData: o.testData, dir: join(o.outDir, model) }];
    for (const run of runs) {
      const r = await trainTextCnn(
        fromFlatOptions({
          ...o,
          model,
          data: run.data,
          testData: run.testData,
          outDir: run.dir,
          seed,
        }),
      );
      accs.push(r.metrics.accuracy);
      f1s.push(r.metrics.macroF1);
      dirs.push(r.artifactDir);
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const accuracy = mean(accs);
    rows.push({
      model,
      accuracy,
      accuracyStd: Math.sqrt(mean(accs.map((a) => (a - accuracy) ** 2))),
      macroF1: mean(f1s),
      foldAccuracies: accs,
      artifactDirs: dirs,
    });
  }
  return rows;
}
