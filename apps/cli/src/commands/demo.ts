import { initBackend, tf } from '@dl/core';
import { buildPlateSeedModel, synthPrototypeGlyphs } from '@dl/vision-plate';
import { type Command, parseCommandArgs, positiveInt } from '../command';
import { doctorCommand } from './doctor';

export const demoCommand: Command = {
  summary: 'doctor, then train the seed plate model on generated glyphs and show the loss fall',
  async run(argv) {
    const { values } = parseCommandArgs('demo', argv, {
      epochs: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean' },
    });
    if (values.help) {
      process.stdout.write('usage: dl demo [--epochs N] [--json]\n');
      return 0;
    }
    const json = Boolean(values.json);
    const epochs = positiveInt('epochs', values.epochs, 5);
    if (!json) await doctorCommand.run([]);
    const choice = await initBackend();
    const classes = 31;
    const train = synthPrototypeGlyphs({ classes, perClass: 40, seed: 7, sampleSeed: 1 });
    const test = synthPrototypeGlyphs({ classes, perClass: 10, seed: 7, sampleSeed: 2 });
    const model = buildPlateSeedModel({ classes, learningRate: 1e-3 });
    const samples = train.labels.length;
    if (!json) {
      process.stdout.write(
        `\ntraining the seed plate model (${model.countParams().toLocaleString('en-US')} parameters) ` +
          `on ${samples} generated 20×20 glyphs, ${classes} classes, backend ${choice.id}\n`,
      );
    }
    const epochLog: { epoch: number; loss: number; acc: number; usPerSample: number }[] = [];
    let t0 = performance.now();
    await model.fit(train.xs, train.ys, {
      epochs,
      batchSize: 32,
      shuffle: true,
      verbose: 0,
      callbacks: {
        onEpochBegin: async () => {
          t0 = performance.now();
        },
        onEpochEnd: async (epoch, logs) => {
          const usPerSample = ((performance.now() - t0) * 1000) / samples;
          const row = { epoch: epoch + 1, loss: logs!.loss, acc: logs!.acc, usPerSample };
          epochLog.push(row);
          if (!json) {
            process.stdout.write(
              `epoch ${row.epoch}/${epochs}  loss ${row.loss.toFixed(4)}  acc ${row.acc.toFixed(3)}  ` +
                `${Math.round(usPerSample)} µs/sample\n`,
            );
          }
        },
      },
    });
    const [, accT] = model.evaluate(test.xs, test.ys) as tf.Scalar[];
    const heldOut = accT.dataSync()[0];
    const fell = epochLog.at(-1)!.loss < epochLog[0].loss;
    if (json) {
      process.stdout.write(
        `${JSON.stringify({ backend: choice, epochs: epochLog, heldOutAccuracy: heldOut })}\n`,
      );
    } else {
      process.stdout.write(
        `held-out accuracy ${heldOut.toFixed(3)}; loss ${fell ? 'fell' : 'did NOT fall'} from ` +
          `${epochLog[0].loss.toFixed(4)} to ${epochLog.at(-1)!.loss.toFixed(4)}\n`,
      );
    }
    tf.dispose([train.xs, train.ys, test.xs, test.ys, accT]);
    model.dispose();
    return fell ? 0 : 1;
  },
};
