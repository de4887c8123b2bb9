import {
  cosineDecay,
  ctcLoss,
  disposeOnError,
  Rng,
  saveModelDir,
  tf,
  trainSteps,
  withModelOutput,
  withSeededRandom,
} from '@dl/core';
import pkg from '../../package.json';
import { alignmentLoss } from './alignment';
import { decodePlate } from './decode';
import { loadReaderModel } from './load';
import { plateReadingReport } from './metrics';
import { buildPlateReaderModel } from './model';
import { readInputs } from './read';
import {
  PLATE_READER_INPUT,
  PLATE_READER_PREPROCESSING,
  PLATE_READER_SYMBOLS,
  PLATE_READER_TASK,
  type PlateReaderMetrics,
} from './task';
import {
  epochBatches,
  labelRows,
  type ReaderBatch,
  type ReaderData,
  type ReaderSet,
  readerData,
} from './train-data';
import {
  type PlateReaderSettings,
  readerSettings,
  type TrainPlateReaderOptions,
  type TrainPlateReaderResult,
} from './train-options';

/**
 * Trains the whole-plate CTC reader (buildPlateReaderModel) and saves it as a model directory
 * that loadPlateReader reads. Trains on realistic synthetic crops drawn fresh every epoch
 * (synthPlateCrop), optionally composed from real character crops, plus the user's real
 * labelled crops when given (fine-tuning from `initFrom`, or from scratch). The best epoch by
 * validation loss — on the held-out real crops when there are any, else on held-out synthetic
 * ones — is the one saved.
 */
export async function trainPlateReader(
  options: TrainPlateReaderOptions,
): Promise<TrainPlateReaderResult> {
  const s = readerSettings(options);
  // The output is claimed (checked, locked) before any crop is drawn or model built.
  return withModelOutput(options.outDir, { resume: options.resume }, async (claim) => {
    const started = performance.now();
    const rng = new Rng(s.seed);
    const data = await readerData(options, s, rng.fork('data'));
    const base = options.initFrom ? await loadReaderModel(options.initFrom) : undefined;
    const model =
      base?.model ??
      withSeededRandom(rng.fork('init'), () =>
        buildPlateReaderModel({ architecture: s.architecture }),
      );
    const architecture = base ? (base.architecture ?? 'unknown') : s.architecture;
    const optimizer = tf.train.adam(s.learningRate);
    // The model holds the optimizer so checkpoints save its state; the loss named here is a
    // placeholder (trainSteps computes ctcLoss), a built-in one so saved models load anywhere.
    model.compile({ optimizer, loss: 'meanSquaredError' });
    const dispose = () => {
      optimizer.dispose();
      model.dispose();
    };
    return disposeOnError(async () => {
      const meta = runMeta(options, s, data, architecture);
      const trained = await fit(model, data, s, options, rng, claim.checkpointDir, meta);
      const synthetic = data.syntheticValidation.x.length
        ? report(model, data.syntheticValidation)
        : undefined;
      const real = data.realValidation.x.length ? report(model, data.realValidation) : undefined;
      // readerData made sure one of the two is there.
      const metrics = headline((real ?? synthetic)!);
      const seconds = (performance.now() - started) / 1000;
      await saveModelDir(model, claim.outDir, {
        ...meta,
        metrics: flatMetrics(metrics),
        extra: {
          ...meta.extra,
          evaluation: { synthetic, real },
          history: trained.history,
          seconds,
        },
      });
      const parameters = model.countParams();
      dispose();
      return {
        artifactDir: claim.outDir,
        history: trained.history,
        metrics,
        stopReason: trained.stopReason,
        message: trained.message,
        synthetic,
        real,
        data: {
          syntheticPerEpoch: s.syntheticPerEpoch,
          realTrain: data.realTrain.x.length,
          realValidation: data.realValidation.x.length,
        },
        parameters,
        seconds,
      };
    }, dispose);
  });
}

function report(model: tf.LayersModel, set: ReaderSet) {
  const read = readInputs(model, set.x, PLATE_READER_INPUT);
  return plateReadingReport(
    set.texts,
    read.map((r) => r.text),
  );
}

function headline(r: ReturnType<typeof report>): PlateReaderMetrics {
  const { exact, exactInterval, characterAccuracy, cer, invalid, plates } = r;
  return { exact, exactInterval, characterAccuracy, cer, invalid, plates };
}

/** Validation loss and exact rate from one forward pass over the set. */
function validate(model: tf.LayersModel, set: ReaderSet) {
  const { height, width } = PLATE_READER_INPUT;
  const per = height * width * 3;
  let loss = 0;
  let right = 0;
  for (let i = 0; i < set.x.length; i += 64) {
    const part = set.x.slice(i, i + 64);
    const texts = set.texts.slice(i, i + 64);
    const flat = new Float32Array(part.length * per);
    part.forEach((x, j) => flat.set(x, j * per));
    const [sum, logits] = tf.tidy(() => {
      const out = model.predict(tf.tensor4d(flat, [part.length, height, width, 3])) as tf.Tensor;
      const l = ctcLoss(labelRows(texts), out, { reduction: 'sum' });
      return [l.dataSync()[0], out.arraySync() as number[][][]] as const;
    });
    loss += sum;
    logits.forEach((l, j) => {
      if (decodePlate(l, PLATE_READER_INPUT).text === texts[j]) right++;
    });
  }
  return { val_loss: loss / set.x.length, val_exact: right / set.x.length };
}

async function fit(
  model: tf.LayersModel,
  data: ReaderData,
  s: PlateReaderSettings,
  o: TrainPlateReaderOptions,
  rng: Rng,
  checkpointDir: string,
  meta: ReturnType<typeof runMeta>,
) {
  const validation = data.realValidation.x.length ? data.realValidation : data.syntheticValidation;
  const hasValidation = validation.x.length > 0;
  const epochs = rng.fork('epochs');
  const shape = [PLATE_READER_INPUT.height, PLATE_READER_INPUT.width, 3] as const;
  const items = s.syntheticPerEpoch + data.realTrain.x.length * s.cropRepeats;
  return withSeededRandom(rng.fork('train'), () =>
    trainSteps<ReaderBatch>({
      epochs: s.epochs,
      batches: (epoch) => epochBatches(data, s, o, epochs.fork(epoch)),
      stepsPerEpoch: Math.ceil(items / s.batchSize),
      loss: (b) => {
        const logits = model.apply(tf.tensor4d(b.x, [b.labels.length, ...shape]), {
          training: true,
        }) as tf.Tensor;
        // zeroInfinity: a label too long for the steps (never at 24 steps for 8 symbols) must
        // not poison a batch.
        const ctc = ctcLoss(b.labels, logits, { zeroInfinity: true }) as tf.Scalar;
        if (s.alignmentWeight === 0) return ctc;
        return tf.add(
          ctc,
          tf.mul(s.alignmentWeight, alignmentLoss(logits, b.frames, s.provinceWeight)),
        );
      },
      model,
      schedule: cosineDecay({ initial: s.learningRate, epochs: s.epochs, min: s.minLearningRate }),
      evaluate: hasValidation ? () => validate(model, validation) : undefined,
      earlyStopping: o.patience
        ? { patience: o.patience, monitor: hasValidation ? 'val_loss' : 'loss' }
        : undefined,
      checkpoint: {
        dir: checkpointDir,
        meta,
        monitor: hasValidation ? 'val_loss' : 'loss',
        restoreBest: true,
      },
      resume: o.resume,
      progress: o.progress,
      progressOut: o.progressOut,
    }),
  );
}

/** dl.json's metrics are plain numbers: the interval becomes two. */
function flatMetrics(m: PlateReaderMetrics): Record<string, number> {
  const { exactInterval, ...rest } = m;
  return { ...rest, exactLow: exactInterval[0], exactHigh: exactInterval[1] };
}

function runMeta(
  o: TrainPlateReaderOptions,
  s: PlateReaderSettings,
  data: ReaderData,
  architecture: string,
) {
  return {
    task: PLATE_READER_TASK,
    package: { name: pkg.name, version: pkg.version },
    labels: [...PLATE_READER_SYMBOLS],
    preprocessing: {
      input: { ...PLATE_READER_INPUT },
      ...PLATE_READER_PREPROCESSING,
      blank: 'last output',
    },
    seed: s.seed,
    dataFingerprint: data.fingerprint,
    backend: tf.getBackend(),
    extra: {
      architecture,
      fineTunedFrom: o.initFrom ?? null,
      // Not epochs: a resumed run may train longer.
      training: {
        batchSize: s.batchSize,
        learningRate: s.learningRate,
        minLearningRate: s.minLearningRate,
        syntheticPerEpoch: s.syntheticPerEpoch,
        cropRepeats: s.cropRepeats,
        cropValidation: s.cropValidation,
        alignmentWeight: s.alignmentWeight,
        provinceWeight: s.provinceWeight,
        characterCrops: o.characterCrops ?? null,
        colours: o.colours ?? null,
      },
    },
  };
}
