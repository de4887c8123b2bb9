import { DlError, type DlMeta, loadModelDir, type tf } from '@dl/core';
import {
  PLATE_READER_INPUT,
  PLATE_READER_SYMBOLS,
  PLATE_READER_TASK,
  type PlateReaderArchitecture,
  type PlateReaderInput,
} from './task';

/** A loaded reader model and what its dl.json says. */
export interface LoadedReaderModel {
  model: tf.LayersModel;
  meta: DlMeta;
  input: PlateReaderInput;
  symbols: readonly string[];
  architecture: PlateReaderArchitecture | undefined;
}

/**
 * Loads a whole-plate reader directory, checking that it is one (task 'plate-reader') and that
 * its symbols match its outputs and this package's symbol set.
 * @internal
 */
export async function loadReaderModel(dir: string): Promise<LoadedReaderModel> {
  const { model, meta } = await loadModelDir(dir, { task: PLATE_READER_TASK });
  const symbols = meta.labels ?? [];
  const outputs = model.outputs[0].shape.at(-1);
  const fail = (why: string) => {
    model.dispose();
    throw new DlError('MODEL_INVALID', why, { path: dir });
  };
  if (symbols.length + 1 !== outputs) {
    fail(
      `dl.json lists ${symbols.length} symbols but the model has ${outputs} outputs (symbols + blank)`,
    );
  }
  if (symbols.join('') !== PLATE_READER_SYMBOLS.join('')) {
    fail('dl.json lists other symbols than this version of @dl/vision-plate reads');
  }
  const [, height, width, channels] = model.inputs[0].shape;
  if (channels !== 3 || !height || !width)
    fail(`expected an RGB input, found [${model.inputs[0].shape}]`);
  const architecture = meta.extra?.architecture;
  return {
    model,
    meta,
    input: { ...PLATE_READER_INPUT, height: height!, width: width! },
    symbols,
    architecture: architecture === 'default' || architecture === 'small' ? architecture : undefined,
  };
}
