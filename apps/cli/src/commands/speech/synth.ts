import { resolve } from 'node:path';
import { defineCommand } from '../../framework/spec';
import { OUT_FLAG } from '../shared';
import { SYNTH_FLAGS } from './flags';
import { synthOptions } from './shared';

export const speechSynth = defineCommand({
  name: 'synth',
  summary: 'write an FSDD-layout folder of espeak-ng spoken digits',
  flags: { out: { ...OUT_FLAG, help: 'the folder to write (absent or empty)' }, ...SYNTH_FLAGS },
  async run(ctx) {
    const speech = await import('@dl/speech');
    const dir = resolve(ctx.flags.out);
    const r = await speech.writeSyntheticFsdd(dir, synthOptions(speech, ctx.flags));
    ctx.result(r, () => `wrote ${r.files} recordings by ${r.speakers.length} voices to ${r.dir}`);
  },
});
